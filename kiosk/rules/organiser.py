"""The organiser's passphrase and settings kept in the database."""

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from kiosk import choices
from kiosk.data.models import Setting
from kiosk.extensions import db

PASSPHRASE_KEY = "organiser_passphrase"
RETENTION_KEY = "retention_months"


# Built once: each question reads the organiser's keyword lists through it.
VALUE = sa.select(Setting.value).where(Setting.key == sa.bindparam("key"))


def get(key, default=None):
    """A stored setting, or `default`."""
    value = db.session.scalar(VALUE, {"key": key})
    return default if value is None else value


def put(key, value):
    """Store a setting."""
    setting = db.session.get(Setting, key) or Setting(key=key)
    setting.value = str(value)
    db.session.add(setting)
    db.session.commit()


def has_passphrase():
    """Whether the organiser has chosen a passphrase yet."""
    return get(PASSPHRASE_KEY) is not None


def set_passphrase(passphrase):
    """Store the passphrase, hashed (scrypt, salted), never in clear."""
    put(PASSPHRASE_KEY, generate_password_hash(passphrase))


def passphrase_matches(passphrase):
    """Whether `passphrase` is the organiser's."""
    stored = get(PASSPHRASE_KEY)
    return stored is not None and check_password_hash(stored, passphrase)


def retention_months():
    """How long personal data is kept before it is erased, in months."""
    return int(get(RETENTION_KEY, choices.RETENTION_MONTHS_DEFAULT))
