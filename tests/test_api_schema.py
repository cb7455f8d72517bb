"""The API keeps the promises of its own description: schemathesis sends every operation of
/api/openapi.json valid and invalid inputs, against a real `kiosk serve`, as a stranger, a participant
and a moderator. No answer is a 5xx, has a status the description does not list, or breaks its schema."""

import json
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from .helpers import LiveServer, client_id

# Examples per operation and per kind (valid, invalid), each sent by the three people: under two
# minutes on a busy 2-core machine, and the same examples every run (derandomized).
EXAMPLES = 30
# Every check schemathesis has, but the time limit (this machine is shared) and those that need its
# own runner's state across calls (use after free, resource availability), which a single case cannot judge.
LEFT_OUT = [checks.max_response_time, checks.use_after_free, checks.ensure_resource_availability]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real server, where 127.0.0.1 is not the room PC and no limit cuts the run short."""
    live = LiveServer(
        tmp_path_factory.mktemp("api-schema"), trust_loopback="false", ratelimit_enabled="false"
    )
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def room(server):
    """A workshop with a participant, their question and help request, a registration, and three
    browsers: a stranger's, the participant's and the moderator's (their cookies)."""
    code = json.loads(server.run("workshop", "create", "--title", "Atelier", "--json"))["code"]
    moderator = requests.Session()
    link = urlsplit(server.run("moderator-link", code).strip()).path  # printed with the LAN address
    assert moderator.get(server.url + link, timeout=10).ok
    participant = requests.Session()
    api = f"{server.url}/api"
    me = participant.post(
        f"{api}/workshops/{code}/attendees", json={"name": "Marie", "client_id": client_id()}
    )
    question = participant.post(
        f"{api}/workshops/{code}/questions", json={"text": "Où ?", "client_id": client_id()}
    )
    help_request = participant.post(f"{api}/workshops/{code}/help", json={"client_id": client_id()})
    # Merged away by the merge operations, into the participant and their question.
    duplicate = requests.Session().post(
        f"{api}/workshops/{code}/attendees", json={"name": "Marie bis", "client_id": client_id()}
    )
    again = participant.post(
        f"{api}/workshops/{code}/questions", json={"text": "Où ça ?", "client_id": client_id()}
    )
    # Someone else's question, that the participant may back with "moi aussi".
    neighbour = requests.Session()
    neighbour.post(f"{api}/workshops/{code}/attendees", json={"name": "Paul", "client_id": client_id()})
    theirs = neighbour.post(
        f"{api}/workshops/{code}/questions", json={"text": "Quand ?", "client_id": client_id()}
    )
    registration = moderator.post(
        f"{api}/workshops/{code}/registrations", json={"name": "Paul", "client_id": client_id()}
    )
    poll = moderator.post(
        f"{api}/workshops/{code}/polls", json={"preset": "yes_no", "client_id": client_id()}
    )
    ids = {
        "code": code,
        "poll_id": poll.json()["id"],
        "attendee_id": me.json()["id"],
        "question_id": question.json()["id"],
        "help_id": help_request.json()["id"],
        "registration_id": registration.json()["id"],
    }
    chosen = {"/api/questions/{question_id}/vote": ({"question_id": theirs.json()["id"]}, None)}
    chosen |= {
        "/api/attendees/{attendee_id}/merge": ({"attendee_id": duplicate.json()["id"]}, ids["attendee_id"]),
        "/api/questions/{question_id}/merge": ({"question_id": again.json()["id"]}, ids["question_id"]),
    }
    # The stranger keeps no cookie (None: a new session each time), or a check-in would make them a participant.
    return ids, chosen, {"stranger": None, "participant": participant, "moderator": moderator}


def _operations(schema):
    """Every operation; removals last, and the participant's removal last of all, so that the others
    still find what they name."""
    found = [result.ok() for result in schema.get_all_operations()]

    def order(operation):
        removal = operation.method.upper() == "DELETE"
        return removal, removal and operation.path.startswith("/api/attendees/"), operation.path

    return sorted(found, key=order)


def test_every_operation_keeps_its_documented_promises_for_everyone(server, room):
    ids, chosen, browsers = room
    schema = schemathesis.openapi.from_url(f"{server.url}/api/openapi.json")
    failures = []
    tried = 0
    for operation in _operations(schema):
        named = {name: value for name, value in ids.items() if "{" + name + "}" in operation.path}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            parts = {"path_parameters": named}
            other, into = chosen.get(operation.path, ({}, None))
            parts["path_parameters"] |= other
            if into and mode is GenerationMode.POSITIVE:
                # Valid by its schema is not enough for a merge: "into" must name another row of the workshop.
                parts["body"] = {"into": into}

            @settings(
                max_examples=EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode, **parts))
            def send(case):
                for who, browser in browsers.items():
                    response = case.call(base_url=server.url, session=browser)
                    try:
                        case.validate_response(response, excluded_checks=LEFT_OUT)
                    except (Exception, BaseExceptionGroup) as error:  # every failed check, whatever its class
                        failures.append(f"{who}: {case.method} {case.formatted_path}: {str(error)[:1500]}")

            try:
                send()
            except Unsatisfiable:
                continue  # nothing in it to make invalid: every part of its address is given
            tried += 1
    assert tried >= 40
    assert failures == [], "\n\n".join(failures)
