"""Extensions created once and bound to each app by the factory."""

import sqlalchemy as sa
from flask_babel import Babel
from flask_compress import Compress
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from socketio.packet import Packet
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with constraint names that migrations can refer to."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# What a write just committed is answered as it is: reading every row back after the commit would only
# double the cost of each write (a request's session ends with it, so nothing stays stale).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
socketio = SocketIO()


class TextPacket(Packet):
    """Socket.IO packets that are never binary: Kiosk sends only JSON, so the search for bytes to send
    apart, through every message (a snapshot holds hundreds of questions), is skipped."""

    uses_binary_events = False


csrf = CSRFProtect()
babel = Babel()
# Phones on a crowded Wi-Fi: every page, script and QR code goes compressed.
compress = Compress()
