# SPDX-License-Identifier: EUPL-1.2
"""The /v1 API against the NLGov REST API Design Rules and the security-header conventions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dosa.dataset import Dataset
from dosa.web.settings import API_VERSION

CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
KEBAB = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*|\{[a-z][a-zA-Z0-9]*\})$")


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict:  # type: ignore[type-arg]
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def api_paths(openapi: dict, dataset: Dataset) -> list[str]:  # type: ignore[type-arg]
    ids = {
        "{priorityId}": sorted(dataset.priorities)[0],
        "{subjectId}": sorted(dataset.subjects)[0],
        "{actionId}": sorted(dataset.actions)[0],
        "{project}": "default",
        "{importId}": "0" * 32,
    }
    paths = []
    for path in openapi["paths"]:
        for placeholder, value in ids.items():
            path = path.replace(placeholder, value)
        assert "{" not in path, path
        paths.append(path)
    return paths


def test_every_path_is_versioned_kebab_case_without_extension(openapi: dict) -> None:  # type: ignore[type-arg]
    assert openapi["openapi"].startswith("3.")
    for path in openapi["paths"]:
        assert path.startswith("/v1/")
        assert not path.endswith("/")
        for segment in path.split("/")[2:]:
            assert KEBAB.match(segment), segment
            assert "." not in segment


def test_parameters_and_properties_are_lower_camel_case(openapi: dict) -> None:  # type: ignore[type-arg]
    for operations in openapi["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert CAMEL.match(parameter["name"]), parameter["name"]
    for name, schema in openapi["components"]["schemas"].items():
        for prop in schema.get("properties", {}):
            assert CAMEL.match(prop), f"{name}.{prop}"


def test_info_contact_and_date_formats(openapi: dict) -> None:  # type: ignore[type-arg]
    assert openapi["info"]["contact"]["name"]
    assert openapi["info"]["version"] == API_VERSION
    timeline = openapi["components"]["schemas"]["TimelineOut"]["properties"]
    assert any(option.get("format") == "date" for option in timeline["end"]["anyOf"])


def test_the_document_validates(openapi: dict) -> None:  # type: ignore[type-arg]
    import openapi_spec_validator as validator

    validator.validate(openapi)


def test_every_response_has_api_version_and_security_headers(
    client: TestClient,
    openapi: dict,  # type: ignore[type-arg]
    web_dataset: Dataset,
) -> None:
    for path in [*api_paths(openapi, web_dataset), "/v1/nothing-here", "/nl", "/static/css/dosa.css"]:
        response = client.get(path)
        headers = response.headers
        assert headers["API-Version"] == API_VERSION, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        if path.startswith("/v1/"):
            assert headers["Cache-Control"] == "no-store"
            assert headers["Content-Security-Policy"].startswith("default-src 'none'")
        else:
            assert "default-src 'self'" in headers["Content-Security-Policy"]
            assert "unsafe-inline" not in headers["Content-Security-Policy"]


def test_cors_is_open_on_the_openapi_document_only(client: TestClient) -> None:
    assert client.get("/v1/openapi.json").headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/v1/layers").headers


def test_hsts_over_https_only(app: FastAPI) -> None:
    secure = TestClient(app, base_url="https://testserver")
    assert "max-age=" in secure.get("/v1/layers").headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in TestClient(app).get("/v1/layers").headers


def test_trailing_slash_is_404_not_a_redirect(client: TestClient) -> None:
    response = client.get("/v1/layers/", follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_invalid_input_is_400_with_every_problem(client: TestClient) -> None:
    response = client.get("/v1/actions?dueBefore=tomorrow&status=finished")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["title"]
    assert body["detail"]
    assert {p["name"] for p in body["invalidParams"]} == {"dueBefore", "status"}


def test_unknown_id_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/subjects/no-such-thing")
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404
    assert "no-such-thing" in body["detail"]


def test_actions_filter_like_the_cli(client: TestClient, web_dataset: Dataset) -> None:
    everything = client.get("/v1/actions").json()
    assert len(everything) == len(web_dataset.actions)
    assert {"priority", "status", "scope", "summary", "timeline", "owners", "involved"} <= set(everything[0])
    new = client.get("/v1/actions?status=nieuw").json()
    assert {a["id"] for a in new} == {a.id for a in web_dataset.actions.values() if a.status.value == "nieuw"}
    dated = [a for a in web_dataset.actions.values() if a.timeline.end]
    cut = max(a.timeline.end for a in dated if a.timeline.end) + dt.timedelta(days=1)
    due = client.get(f"/v1/actions?dueBefore={cut.isoformat()}").json()
    assert {a["id"] for a in due} == {a.id for a in dated}


def test_subject_detail_carries_sources(client: TestClient, web_dataset: Dataset) -> None:
    subject = next(s for s in sorted(web_dataset.subjects) if web_dataset.shares_of(s))
    body = client.get(f"/v1/subjects/{subject}").json()
    assert len(body["shares"]) == len(web_dataset.shares_of(subject))
    assert all(share["citation"]["source"] in web_dataset.sources for share in body["shares"])
    assert "valueMax" in body["shares"][0]


def test_security_txt(client: TestClient) -> None:
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    fields = dict(line.split(": ", 1) for line in response.text.strip().splitlines())
    assert fields["Contact"] == "mailto:security@example.org"
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert expires > dt.datetime.now(dt.UTC)


def test_risks_follow_the_risk_engine(client: TestClient, web_dataset: Dataset) -> None:
    from dosa.risk import Harm, assess

    assessment = assess(web_dataset, seed=0)
    body = client.get("/v1/risks").json()
    assert [r["subjectId"] for r in body] == [r.subject.id for r in assessment.results]
    assert [r["rank"] for r in body] == list(range(1, len(body) + 1))
    first = client.get(f"/v1/risks/{body[0]['subjectId']}").json()
    assert first == body[0]
    assert first["methodVersion"] == assessment.method.label
    for row, result in zip(body, assessment.results, strict=True):
        for harm in ("interruption", "access"):
            coverage = result.harms[Harm(harm)].coverage
            assert row[harm]["basis"] == coverage.basis.value
            assert row[harm]["insufficientData"] is coverage.insufficient
            assert row[harm]["dataNeeded"] == list(coverage.needs_text)


def test_subject_page_explains_its_risk(client: TestClient, web_dataset: Dataset) -> None:
    subject = sorted(web_dataset.subjects)[0]
    html = client.get(f"/en/subjects/{subject}").text
    assert 'id="risk-heading"' in html
    assert "Factors of interruption of supply" in html


def test_unknown_filter_values_are_400_with_the_known_values(client: TestClient, web_dataset: Dataset) -> None:
    response = client.get("/v1/actions?priority=no-such-priority&owner=NOBODY&status=finished")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    reasons = {p["name"]: p["reason"] for p in response.json()["invalidParams"]}
    assert set(reasons) == {"priority", "owner", "status"}
    assert "no-such-priority" in reasons["priority"]
    assert all(p in reasons["priority"] for p in web_dataset.priorities)
    assert "NOBODY" in reasons["owner"]
    assert all(o.abbreviation in reasons["owner"] for o in web_dataset.organisations.values())
    near = sorted(web_dataset.priorities)[0][:-1]
    subjects = client.get(f"/v1/subjects?priority={near}")
    assert subjects.status_code == 400
    [invalid] = subjects.json()["invalidParams"]
    assert invalid["name"] == "priority"
    assert f"did you mean {sorted(web_dataset.priorities)[0]}" in invalid["reason"]


def test_known_filter_values_select_actions(client: TestClient, web_dataset: Dataset) -> None:
    organisation = next(iter(web_dataset.organisations.values()))
    owned = {a.id for a in web_dataset.actions.values() if organisation.id in a.owners}
    assert owned
    body = client.get(f"/v1/actions?owner={organisation.abbreviation.lower()}").json()
    assert {a["id"] for a in body} == owned
    priority = next(iter(web_dataset.priorities))
    body = client.get(f"/v1/actions?priority={priority}&priority={priority}").json()
    assert {a["id"] for a in body} == {a.id for a in web_dataset.actions.values() if a.priority == priority}


def test_openapi_lists_the_valid_filter_values(openapi: dict, web_dataset: Dataset) -> None:  # type: ignore[type-arg]
    schemas = openapi["components"]["schemas"]
    assert schemas["PriorityId"]["enum"] == sorted(web_dataset.priorities)
    names = set(schemas["OrganisationName"]["enum"])
    for organisation in web_dataset.organisations.values():
        assert {organisation.id, organisation.abbreviation, *organisation.aliases} <= names
    for path, name, ref in [
        ("/v1/actions", "priority", "PriorityId"),
        ("/v1/actions", "owner", "OrganisationName"),
        ("/v1/subjects", "priority", "PriorityId"),
    ]:
        [parameter] = [p for p in openapi["paths"][path]["get"]["parameters"] if p["name"] == name]
        assert f"#/components/schemas/{ref}" in str(parameter["schema"]), (path, name)
