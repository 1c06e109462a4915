# SPDX-License-Identifier: EUPL-1.2
"""The scenario runner and the chokepoints page, on the stack graph's own results."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.graph import graph_from_dataset, load_scenario, rank_chokepoints, run_scenario, shipped_scenarios
from dosa.graph.model import NodeKind
from dosa.web import WebSettings, create_app

DATASET = load_dataset()


def _client(db_url: str) -> TestClient:
    return TestClient(create_app(WebSettings(db=db_url), DATASET))


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_every_shipped_scenario_is_offered_and_runs(db_url: str) -> None:
    client = _client(db_url)
    page = client.get("/en/scenarios").text
    names = sorted(shipped_scenarios())
    assert re.findall(r'<option value="([a-z0-9-]+)"', page) == names
    graph = graph_from_dataset(DATASET)
    for name in names:
        html = client.get(f"/en/scenarios?scenario={name}").text
        result = run_scenario(graph, DATASET, load_scenario(name, DATASET), name)
        processes = [i for i in result.hit() if i.kind is NodeKind.VITAL_PROCESS]
        assert f'id="scenario-{name}"' in html
        assert f"{len(processes)} of {len(DATASET.vital_processes)} vital processes" in html


def test_an_uploaded_scenario_runs(db_url: str) -> None:
    client = _client(db_url)
    content = shipped_scenarios()["taiwan-advanced-chips"].read_bytes()
    response = client.post(
        "/nl/scenarios",
        data={"csrf": _csrf(client.get("/nl/scenarios").text)},
        files={"file": ("eigen.yaml", content, "application/yaml")},
    )
    assert response.status_code == 200
    assert 'id="scenario-taiwan-advanced-chips"' in response.text


def test_a_broken_scenario_lists_every_problem(db_url: str) -> None:
    client = _client(db_url)
    response = client.post(
        "/en/scenarios",
        data={"csrf": _csrf(client.get("/en/scenarios").text)},
        files={"file": ("broken.yaml", b"name: broken\ntitle: Broken\n", "application/yaml")},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "[description]" in response.text
    assert "[disruptions]" in response.text


def test_upload_without_the_form_token_is_refused(db_url: str) -> None:
    response = _client(db_url).post("/en/scenarios", data={"csrf": "x"}, files={"file": ("a.yaml", b"x")})
    assert response.status_code == 403


def test_chokepoints_follow_the_ranking(db_url: str) -> None:
    html = _client(db_url).get("/en/chokepoints").text
    ranked = rank_chokepoints(graph_from_dataset(DATASET).graph)
    assert ranked[0].name in html
    assert 'id="chokepoints-heading"' in html
