"""attendee secret, ids never reused

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 09:00:00

A browser acts as an attendee only with the secret it was given at check-in (its hash is stored):
browsers bound by the attendee's id alone before this revision are strangers again and check in once
more (the same phone is recognised). On SQLite, tables whose ids browsers and links name are rebuilt
with AUTOINCREMENT so that an id freed by a delete is never given again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = (
    "workshop",
    "attendee",
    "registration",
    "question",
    "help_request",
    "vote",
    "feedback",
    "moderator_link",
    "login",
)


def _rebuild(autoincrement):
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's sequences never give an id twice
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade():
    with op.batch_alter_table("attendee") as batch_op:
        batch_op.add_column(sa.Column("secret_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_attendee_secret_hash", ["secret_hash"])
    _rebuild(True)


def downgrade():
    _rebuild(False)
    with op.batch_alter_table("attendee") as batch_op:
        batch_op.drop_constraint("uq_attendee_secret_hash", type_="unique")
        batch_op.drop_column("secret_hash")
