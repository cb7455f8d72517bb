"""Kiosk's one keyed hash: what must be recognised again without being kept (an address, a card's code)."""

import hashlib
import hmac


def keyed_hash(secret, value):
    """A hash of `value` keyed with the app's secret: nobody holding only the stored hashes can find a
    value back by trying every possible one."""
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()
