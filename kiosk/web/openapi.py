"""The JSON API described as OpenAPI 3.1, served at /api/openapi.json."""

from flask import Blueprint, jsonify

from kiosk import choices

bp = Blueprint("openapi", __name__)


def _body(properties, required=()):
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": properties, "required": list(required)}
            }
        },
    }


def _answers(*codes):
    described = {
        "200": "Done; for a replayed client_id, the resource first created.",
        "201": "Created.",
        "400": "Invalid input: a plain message says what to change.",
        "403": "Not allowed, or the request came from another site.",
        "404": "No such workshop or question.",
        "409": "Conflict: the client_id served another write, or the workshop is closed.",
        "415": "The body was not JSON.",
    }
    ref = {"$ref": "#/components/schemas/Error"}
    return {
        str(c): {"description": described[str(c)]}
        | ({"content": {"application/json": {"schema": ref}}} if c >= 400 else {})
        for c in codes
    }


CLIENT_ID = {"type": "string", "pattern": f"^{choices.CLIENT_ID_PATTERN}$"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[0-9]{4,8}$"},
}
ATTENDEE_ID = {"name": "attendee_id", "in": "path", "required": True, "schema": {"type": "integer"}}
REGISTRATION_ID = {"name": "registration_id", "in": "path", "required": True, "schema": {"type": "integer"}}
QUESTION_ID = {"name": "question_id", "in": "path", "required": True, "schema": {"type": "integer"}}
TEXT = {"type": "string", "minLength": choices.QUESTION_MIN, "maxLength": choices.QUESTION_MAX}
ANSWER = {"type": ["string", "null"], "enum": [*choices.YES_NO, None]}
FREE_TEXT = {"type": "string", "maxLength": choices.FEEDBACK_TEXT_MAX}

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Kiosk",
        "version": "1",
        "description": (
            "The API the Kiosk pages use. Writes must be application/json and same-origin when a browser "
            "sends an Origin or Referer. Each created resource carries a client-generated client_id: "
            "replaying it returns the same resource with status 200. The participant is identified by the "
            "cookie set at check-in, the moderator by the cookie set by the console or a one-time link."
        ),
    },
    "paths": {
        "/api/workshops/{code}": {
            "parameters": [CODE],
            "get": {
                "summary": "The workshop, its attendance, and who this browser is",
                "responses": _answers(200, 404),
            },
            "patch": {
                "summary": "Change the phase and settings (moderator)",
                "requestBody": _body(
                    {
                        "phase": {"enum": list(choices.PHASES)},
                        "title": {"type": "string", "maxLength": choices.TITLE_MAX},
                        "place": {"type": "string", "maxLength": choices.PLACE_MAX},
                        "capacity": {"type": "integer", "minimum": 1, "maximum": choices.CAPACITY_MAX},
                        "duration_minutes": {
                            "type": "integer",
                            "minimum": 5,
                            "maximum": choices.DURATION_MAX,
                        },
                        "anonymous_default": {"type": "boolean"},
                        "premoderation": {"type": "boolean"},
                        "level": {"enum": [*choices.LEVELS, None]},
                        "notes": {"type": "string", "maxLength": choices.NOTES_MAX},
                        "ask_first_visit": {"type": "boolean"},
                        "ask_age_band": {"type": "boolean"},
                        "ask_status": {"type": "boolean"},
                        "ask_commune": {"type": "boolean"},
                        "head_count": {"type": "integer", "minimum": 0, "maximum": choices.HEAD_COUNT_MAX},
                        "language": {"enum": ["fr", "en", "es", "ar", "uk"]},
                        "board_scale": {
                            "type": "integer",
                            "minimum": choices.BOARD_SCALE_MIN,
                            "maximum": choices.BOARD_SCALE_MAX,
                        },
                        "board_scale_step": {
                            "type": "integer",
                            "minimum": -1,
                            "maximum": 1,
                            "description": (
                                f"One step of {choices.BOARD_SCALE_STEP} % larger (1) or smaller (-1), added "
                                "to the size the server holds, within bounds: every press counts."
                            ),
                        },
                    }
                ),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/attendees": {
            "parameters": [CODE],
            "post": {
                "summary": "Check in",
                "description": (
                    "Optional answers count only when the workshop asks them; null is “Je préfère ne pas "
                    "répondre”. kiosk: the door tablet, which is never remembered. walk_in: added by the "
                    "moderator (moderator only)."
                ),
                "requestBody": _body(
                    {
                        "name": {"type": "string", "maxLength": choices.NAME_MAX},
                        "client_id": CLIENT_ID,
                        "first_visit": {"type": ["boolean", "null"]},
                        "age_band": {"enum": [*choices.AGE_BANDS, None]},
                        "social_status": {"enum": [*choices.SOCIAL_STATUSES, None]},
                        "commune": {"type": ["string", "null"], "maxLength": choices.COMMUNE_MAX},
                        "kiosk": {"type": "boolean"},
                        "walk_in": {"type": "boolean"},
                    },
                    ["name", "client_id"],
                ),
                "responses": _answers(200, 201, 400, 403, 404, 409, 415),
            },
        },
        "/api/workshops/{code}/questions": {
            "parameters": [CODE],
            "get": {"summary": "The board's questions, in board order", "responses": _answers(200, 404)},
            "post": {
                "summary": "Post a question (attendee or moderator)",
                "requestBody": _body(
                    {"text": TEXT, "client_id": CLIENT_ID, "anonymous": {"type": "boolean"}},
                    ["text", "client_id"],
                ),
                "responses": _answers(200, 201, 400, 403, 404, 409, 415),
            },
        },
        "/api/questions/{question_id}/vote": {
            "parameters": [QUESTION_ID],
            "post": {
                "summary": "Add “moi aussi”",
                "requestBody": _body({"client_id": CLIENT_ID}, ["client_id"]),
                "responses": _answers(200, 400, 403, 404, 409, 415),
            },
            "delete": {
                "summary": "Take back “moi aussi”",
                "requestBody": _body({"client_id": CLIENT_ID}),
                "responses": _answers(200, 403, 404, 415),
            },
        },
        "/api/questions/{question_id}": {
            "parameters": [QUESTION_ID],
            "patch": {
                "summary": "Change a question's status, text or thématique (moderator)",
                "requestBody": _body(
                    {
                        "status": {"enum": list(choices.QUESTION_STATUSES)},
                        "text": TEXT,
                        "theme": {"enum": [*choices.THEMES, None]},
                    }
                ),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/questions/{question_id}/merge": {
            "parameters": [QUESTION_ID],
            "post": {
                "summary": "Merge a duplicate into the same question; votes add up (moderator)",
                "requestBody": _body({"into": {"type": "integer"}}, ["into"]),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/help": {
            "parameters": [CODE],
            "post": {
                "summary": "“I need help with my own case”: a signal to the moderator only",
                "requestBody": _body({"client_id": CLIENT_ID}, ["client_id"]),
                "responses": _answers(200, 201, 400, 403, 404, 409, 415),
            },
        },
        "/api/help/{help_id}": {
            "parameters": [
                {"name": "help_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "patch": {
                "summary": "Mark a help request as handled (moderator)",
                "requestBody": _body({"handled": {"const": True}}, ["handled"]),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/feedback": {
            "parameters": [CODE],
            "post": {
                "summary": "Give end-of-session feedback (one per attendee; again replaces it)",
                "requestBody": _body(
                    {
                        "client_id": CLIENT_ID,
                        "kiosk": {"type": "boolean", "description": "Given on the door kiosk: nobody's."},
                        "rating": {"enum": list(choices.RATINGS)},
                        "learned": ANSWER,
                        "at_ease": ANSWER,
                        "next_topic": FREE_TEXT,
                        "comment": FREE_TEXT,
                    },
                    ["client_id", "rating"],
                ),
                "responses": _answers(200, 201, 400, 403, 404, 409, 415),
            },
        },
        "/api/attendees/{attendee_id}": {
            "parameters": [ATTENDEE_ID],
            "patch": {
                "summary": "Rename an attendee, admit them, or record their consent to be named (moderator)",
                "requestBody": _body(
                    {
                        "name": {"type": "string", "maxLength": choices.NAME_MAX},
                        "status": {"enum": ["present"]},
                        "named_consent": {"type": "boolean"},
                    }
                ),
                "responses": _answers(200, 400, 403, 404, 415),
            },
            "delete": {
                "summary": "Remove an attendee; their questions stay without their name (moderator)",
                "responses": _answers(200, 403, 404, 415),
            },
        },
        "/api/attendees/{attendee_id}/merge": {
            "parameters": [ATTENDEE_ID],
            "post": {
                "summary": "Merge a duplicate entry into another one of the same person (moderator)",
                "requestBody": _body({"into": {"type": "integer"}}, ["into"]),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/registrations": {
            "parameters": [CODE],
            "get": {"summary": "People registered ahead (moderator)", "responses": _answers(200, 403, 404)},
            "post": {
                "summary": "Register someone ahead; past capacity they wait (moderator)",
                "requestBody": _body(
                    {
                        "name": {"type": "string", "maxLength": choices.NAME_MAX},
                        "client_id": CLIENT_ID,
                        "phone": {"type": "string", "maxLength": choices.CONTACT_MAX},
                        "email": {"type": "string", "maxLength": choices.CONTACT_MAX},
                        "consent": {"type": "boolean", "description": "Required to keep a phone or e-mail."},
                    },
                    ["name", "client_id"],
                ),
                "responses": _answers(200, 201, 400, 403, 404, 409, 415),
            },
        },
        "/api/registrations/{registration_id}": {
            "parameters": [REGISTRATION_ID],
            "delete": {
                "summary": "Cancel a registration (moderator)",
                "responses": _answers(200, 403, 404, 415),
            },
        },
        "/api/registrations/{registration_id}/present": {
            "parameters": [REGISTRATION_ID],
            "post": {
                "summary": "Check a registered person in with one tap (moderator)",
                "requestBody": _body({"client_id": CLIENT_ID}, ["client_id"]),
                "responses": _answers(200, 400, 403, 404, 409, 415),
            },
        },
        "/api/workshops/{code}/feedback/paper": {
            "parameters": [CODE],
            "put": {
                "summary": "Paper grids typed in as counts per face (moderator)",
                "requestBody": _body({face: {"type": "integer", "minimum": 0} for face in choices.RATINGS}),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/feedback/on-board": {
            "parameters": [CODE],
            "put": {
                "summary": "Show the feedback summary on the board, or not (moderator)",
                "requestBody": _body({"show": {"type": "boolean"}}, ["show"]),
                "responses": _answers(200, 400, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/export/{table}.csv": {
            "parameters": [
                CODE,
                {
                    "name": "table",
                    "in": "path",
                    "required": True,
                    "schema": {"enum": ["attendees", "questions", "feedback"]},
                },
            ],
            "get": {
                "summary": "One table as CSV, formula-safe (moderator)",
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}}
                | _answers(403, 404),
            },
        },
        "/api/workshops/{code}/moderator-links": {
            "parameters": [CODE],
            "post": {
                "summary": "A one-time link and its QR code that make a phone moderator, 2 minutes (moderator)",
                "responses": _answers(201, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/moderators/logout-others": {
            "parameters": [CODE],
            "post": {
                "summary": "Log out every other moderator device of the workshop (moderator)",
                "responses": _answers(200, 403, 404, 415),
            },
        },
        "/api/workshops/{code}/export/beneficiaires.xlsx": {
            "parameters": [CODE],
            "get": {
                "summary": "The activity tool's import file: only people who agreed to be named (moderator)",
                "responses": {"200": {"description": "Excel workbook", "content": {XLSX: {}}}}
                | _answers(403, 404),
            },
        },
    },
    "components": {
        "schemas": {
            "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
        }
    },
}


@bp.get("/api/openapi.json")
def spec():
    """The API's OpenAPI description."""
    return jsonify(SPEC)
