"""The API's OpenAPI description matches the routes the app really serves."""

import re


def test_every_api_route_is_documented_and_nothing_else(app, client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = {
        (path, method.upper())
        for path, item in spec["paths"].items()
        for method in item
        if method != "parameters"
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule == "/api/openapi.json":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        served |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == served


def test_each_operation_says_what_it_reads_every_status_it_answers_and_who_may_call_it(client):
    spec = client.get("/api/openapi.json").json
    ask = spec["paths"]["/api/workshops/{code}/questions"]["post"]
    body = ask["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    question = spec["components"]["schemas"][body]
    assert question["required"] == ["text", "client_id"]
    assert question["properties"]["text"]["maxLength"] == 280
    assert set(ask["responses"]) == {"200", "201", "400", "403", "404", "409", "413", "415", "429"}
    assert "$ref" in ask["responses"]["201"]["content"]["application/json"]["schema"]
    assert "x-kiosk-moderator" not in ask
    assert spec["paths"]["/api/workshops/{code}"]["patch"]["x-kiosk-moderator"] is True
    assert spec["paths"]["/api/questions/{question_id}/merge"]["post"]["x-kiosk-moderator"] is True
    assert spec["paths"]["/api/questions/{question_id}/vote"]["post"]["responses"]["429"]
