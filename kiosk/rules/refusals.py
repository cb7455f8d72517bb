"""Why a rule refuses a write: raised by the rules, put in plain words by the web layer (errors.py), and
the refusal every participant's write shares (`may_take_part`)."""


class Refused(Exception):
    """A write the rules do not allow now; `reason` says why, for the message the person reads."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class ClientIdTaken(Refused):
    """A client id already used for another write: the same id may only ever replay the same write."""

    def __init__(self, client_id=None):
        super().__init__("client_id_taken")
        self.client_id = client_id


def may_take_part(workshop, attendee):
    """Refuse a write in a closed workshop, or from someone on the waiting list (they watch until let in)."""
    if workshop.phase == "closed":
        raise Refused("workshop_closed")
    if attendee is not None and attendee.status != "present":
        raise Refused("waiting")
