"""The JSON API described as OpenAPI 3.1 at /api/openapi.json, written from the routes the app serves
and the declarations beside each view (api.operation, inputs.py, answers.py).

apispec writes the document and pydantic the schemas. spectree and flask-openapi3 would also read the
request, but answer a refusal themselves (422, pydantic's English list of errors) and flask-openapi3
replaces Flask's app and blueprints; Kiosk answers 400 with one plain sentence per field, and its plain
forms read the same declarations, so reading stays Kiosk's own and only the writing is borrowed.
"""

import re

from apispec import APISpec
from flask import Blueprint, current_app, jsonify
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from kiosk.rules import communes, exports
from kiosk.web import answers, api
from kiosk.web.fields import ID_MAX
from kiosk.web.security import WRITE_METHODS

bp = Blueprint("openapi", __name__)

DESCRIPTION = (
    "The API the Kiosk pages use. Writes must be application/json and same-origin when a browser sends "
    "an Origin or Referer. Each created resource carries a client-generated client_id: replaying it "
    "returns the same resource with status 200. The participant is known by the cookie set at check-in, "
    "the moderator by the cookie set by a one-time link (the room PC's own browser is a moderator). "
    "Operations marked x-kiosk-moderator answer 403 to anyone else."
)
STATUSES = {
    200: "Done; for a replayed client_id, what the first write made.",
    201: "Created.",
    400: "Invalid input: one plain sentence says what to change.",
    403: "Not allowed here: not checked in, not the moderator, or sent from another site.",
    404: "No such workshop, question, person or request, or a card code whose check sign is wrong.",
    409: "Not now: the workshop is closed, the person waits for a place, or the client_id served another write.",
    413: "The body is too large.",
    415: "The body is not JSON.",
    429: "Too many requests from this browser or address, or too many unknown codes tried: wait a minute.",
}
PATH_PARAMETERS = {
    "code": {"type": "string", "pattern": "^[0-9]{4,8}$"},
    "table": {"type": "string", "enum": list(exports.TABLES)},
}
ROW_ID = {"type": "integer", "minimum": 1, "maximum": ID_MAX}


class _NoFieldTitles(GenerateJsonSchema):
    """pydantic's schemas without a title on every field."""

    def field_title_should_be_set(self, schema):
        return False


def _schemas(operations):
    """The components of every declared body and answer, and a $ref for each declaration."""
    bodies = {o.body for o in operations if o.body}
    replies = {a for o in operations for a in o.answers.values() if isinstance(a, type)} | {answers.Error}
    keyed = [(m, "validation") for m in bodies] + [(m, "serialization") for m in replies]
    refs, document = models_json_schema(
        keyed, ref_template="#/components/schemas/{model}", schema_generator=_NoFieldTitles
    )
    return document["$defs"], {model: ref for (model, _mode), ref in refs.items()}


def _parameters(rule):
    """The path's parameters, in its order."""
    found = []
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule.rule):
        schema = ROW_ID if converter == "int" else PATH_PARAMETERS[name]
        found.append({"name": name, "in": "path", "required": True, "schema": schema})
    return found


def _content(answer, refs):
    if answer is None:
        return {}
    if isinstance(answer, str):
        return {"content": {answer: {"schema": {"type": "string"}}}}
    return {"content": {"application/json": {"schema": refs[answer]}}}


def _statuses(method, path, operation, moderator):
    """Every status an operation can answer besides its own answers."""
    codes = set(operation.refuses)
    if operation.body or "_id}" in path:
        codes.add(400)  # not a JSON object, a field refused, or an id too large for any row
    if "{" in path:
        codes.add(404)
    if "{code}" in path:
        codes.add(429)  # too many unknown workshop codes tried from this address
    if method in WRITE_METHODS:
        codes |= {403, 413, 415}
    if moderator:
        codes.add(403)
    return codes


def _operation(method, path, view, refs):
    operation, moderator = api.declared(view)
    described = {"summary": operation.summary, "responses": {}}
    for status, answer in operation.answers.items():
        described["responses"][str(status)] = {"description": STATUSES[status]} | _content(answer, refs)
    for status in sorted(_statuses(method, path, operation, moderator)):
        described["responses"][str(status)] = {"description": STATUSES[status]} | _content(
            answers.Error, refs
        )
    if operation.body:
        described["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": refs[operation.body]}},
        }
    if moderator:
        described["x-kiosk-moderator"] = True
    return described


def document(app):
    """The OpenAPI document of `app`'s API."""
    rules = [
        r for r in app.url_map.iter_rules() if r.rule.startswith("/api/") and r.endpoint != "openapi.spec"
    ]
    operations = [api.declared(app.view_functions[r.endpoint])[0] for r in rules]
    undeclared = [r.rule for r, o in zip(rules, operations, strict=True) if o is None]
    if undeclared:
        raise LookupError(f"API views without api.operation: {undeclared}")
    components, refs = _schemas(operations)
    spec = APISpec(title="Kiosk", version="1", openapi_version="3.1.0", info={"description": DESCRIPTION})
    for name, schema in sorted(components.items()):
        spec.components.schema(name, schema)
    spec.components.schema(
        "CommuneCode",
        {
            "type": "string",
            "description": "The code INSEE of a commune Kiosk knows.",
            "enum": communes.codes(),
        },
    )
    paths = {}
    for rule in rules:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        view = app.view_functions[rule.endpoint]
        item = paths.setdefault(path, {"parameters": _parameters(rule)})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            item[method.lower()] = _operation(method, path, view, refs)
    for path, item in paths.items():
        parameters = item.pop("parameters")
        spec.path(path=path, operations=item, parameters=parameters)
    return spec.to_dict()


@bp.get("/api/openapi.json")
def spec():
    """The API's OpenAPI description."""
    if "KIOSK_OPENAPI" not in current_app.extensions:
        current_app.extensions["KIOSK_OPENAPI"] = document(current_app)
    return jsonify(current_app.extensions["KIOSK_OPENAPI"])
