"""The "carte Kiosk": sheets of cards printed by the organiser, one card printed at the door, and the
door kiosk's greeting of a person who shows theirs."""

import base64
import re

from flask import Blueprint, jsonify, make_response, render_template, request

from kiosk.rules import cards
from kiosk.web import access, answers, api, inputs, languages, qr

bp = Blueprint("cards", __name__)

# More sheets at once than a venue needs for a year; a larger number is read as this.
SHEETS_MAX = 10


def printed(code):
    """What a printed card shows: its code in groups, and its QR code as an inline picture."""
    picture = "data:image/svg+xml;base64," + base64.b64encode(qr.svg(cards.qr_text(code))).decode()
    return {"code": cards.shown(code), "qr": picture}


def _unkept(page):
    """A page of new codes, kept by no cache: whoever holds a code is greeted with its holder's name."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


def _sheets():
    """How many sheets were asked for: 1 to SHEETS_MAX, anything else read as 1 or the most."""
    asked = request.args.get("sheets", "1")
    count = int(asked) if re.fullmatch("[0-9]{1,9}", asked) else 1
    return min(max(count, 1), SHEETS_MAX)


@bp.get("/admin/cards")
def sheet():
    """Sheets of new cards to print, cut and hand out (no name on them, nothing stored)."""
    access.require_organiser()
    sheets = _sheets()
    made = [printed(cards.new_code()) for _ in range(sheets * cards.PER_SHEET)]
    return _unkept(render_template("cards/sheet.html", cards=made, sheets=sheets))


@bp.get("/w/<code>/card")
@access.workshop_view
def one(workshop):
    """One new card, printed by the moderator for the person at the door who asks for one."""
    access.require_moderator(workshop)
    languages.speak_like(workshop)
    return _unkept(render_template("cards/sheet.html", cards=[printed(cards.new_code())], sheets=None))


@bp.post("/api/workshops/<code>/cards/shown")
@access.moderator_only
@api.operation({200: answers.CardGreeting}, body=inputs.CardShown)
def shown(workshop, body):
    """A card typed or scanned at the door kiosk: the name its holder gave last time, if it was used before."""
    visit = cards.last_visit(access.card_hash(body.card))
    return jsonify(known=visit is not None, name=visit.name if visit else None)
