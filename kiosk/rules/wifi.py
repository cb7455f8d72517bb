"""The venue's guest Wi-Fi, given once by the organiser: a QR code joins it without typing its password."""

from kiosk.rules import organiser

NAME_KEY = "wifi_name"
PASSWORD_KEY = "wifi_password"


def guest():
    """The guest Wi-Fi as {"name", "password"}, or None when the organiser gave none."""
    name = organiser.get(NAME_KEY)
    if not name:
        return None
    return {"name": name, "password": organiser.get(PASSWORD_KEY, "")}


def save(name, password):
    """Keep the guest Wi-Fi's name and password (an empty name removes it)."""
    organiser.put(NAME_KEY, name)
    organiser.put(PASSWORD_KEY, password if name else "")


def _escaped(text):
    # The WIFI: scheme's own escaping: a backslash before \ ; , " and :.
    for special in '\\;,":':
        text = text.replace(special, "\\" + special)
    return text


def join_text(network):
    """What the "1. Rejoindre le Wi-Fi" QR code holds, in the WIFI: scheme phones' cameras understand."""
    security = "WPA" if network["password"] else "nopass"
    password = f"P:{_escaped(network['password'])};" if network["password"] else ""
    return f"WIFI:T:{security};S:{_escaped(network['name'])};{password};"
