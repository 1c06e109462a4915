# SPDX-License-Identifier: EUPL-1.2
"""Procurement on the dashboard (nl + en) and the /v1 API, against a real database and real files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dosa.dataset import load_dataset
from dosa.procurement.grades import save_grades
from dosa.procurement.sbom_grade import grade_file
from dosa.store import open_store
from dosa.web import WebSettings, create_app

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def client(new_db_url: Callable[[], str]) -> TestClient:
    db = new_db_url()
    settings = WebSettings(security_contact="mailto:security@example.org", editor="Test Editor", db=db)
    return TestClient(create_app(settings, load_dataset(TESTS / "fixtures" / "mini")))


def test_page_in_both_languages(client: TestClient) -> None:
    dutch = client.get("/nl/procurement")
    english = client.get("/en/procurement")
    assert dutch.status_code == english.status_code == 200
    assert "SBOM-kwaliteit: de regels" in dutch.text
    assert "DORA-informatieregister" in dutch.text
    assert "Maker van de SBOM (e-mail of URL)" in dutch.text
    assert "SBOM quality: the rules" in english.text
    assert "BSI TR-03183-2 v2.1.0 §5.2.2" in english.text
    assert "intragroepsovereenkomst" in dutch.text  # the group paragraph, translated
    assert "intra-group arrangement" in english.text


def test_grades_and_supplier_view_on_the_page(client: TestClient, samples: Path) -> None:
    db = client.app.state.dosa.settings.db  # type: ignore[attr-defined]
    save_grades(open_store(db), "tender-2026", [grade_file(samples / "dtrack-valid-bom-1.6.json")])
    page = client.get("/en/procurement", params={"project": "tender-2026"})
    assert page.status_code == 200
    assert "Suppliers whose SBOMs fail a requirement" in page.text
    assert "Acme, Inc." in page.text
    api = client.get("/v1/procurement/suppliers", params={"project": "tender-2026", "profile": "ntia"})
    assert api.status_code == 200
    assert {(row["supplier"], row["rule"]) for row in api.json()} == {
        ("Acme, Inc.", "ntia.supplier"),
        ("Acme, Inc.", "ntia.identifier"),
    }


def test_api_grades_an_uploaded_sbom(client: TestClient, samples: Path) -> None:
    data = (samples / "guac-cdx-v1.4.json").read_bytes()
    response = client.post("/v1/procurement/sbom-grade", files={"file": ("boxes.json", data)})
    assert response.status_code == 200
    body = response.json()
    scores = {p["profile"]: p["score"] for p in body["profiles"]}
    assert scores == {"bsi": 30.8, "ntia": 42.9, "cisa": 45.5}


def test_api_refuses_a_non_sbom(client: TestClient) -> None:
    response = client.post("/v1/procurement/sbom-grade", files={"file": ("x.json", b'{"hello": 1}')})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_api_rules_and_frameworks(client: TestClient) -> None:
    rules = client.get("/v1/procurement/sbom-rules").json()
    assert len(rules) == 31
    assert all(rule["clause"] for rule in rules)
    frameworks = client.get("/v1/cloud/frameworks").json()
    assert [f["version"] for f in frameworks] == ["1.2.1"]
    assert sum(o["weight_pct"] for o in frameworks[0]["objectives"]) == 100


def test_api_dora_validates_and_packages(client: TestClient) -> None:
    files = {
        "organisation": ("organisation.yaml", (FIXTURES / "dora-organisation.yaml").read_bytes()),
        "services": ("services.yaml", (FIXTURES / "dora-services.yaml").read_bytes()),
    }
    checked = client.post("/v1/procurement/dora", files=files)
    assert checked.status_code == 200
    assert checked.json()["failures"] == []
    packaged = client.post("/v1/procurement/dora", params={"package": "true"}, files=files)
    assert packaged.status_code == 200
    assert packaged.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(packaged.content)) as archive:
        assert any(name.endswith("/reports/b_05.01.csv") for name in archive.namelist())
    broken = (
        (FIXTURES / "dora-organisation.yaml")
        .read_text(encoding="utf-8")
        .replace("INR2EJN1ERAN0W5ZP974", "INR2EJN1ERAN0W5ZP975")
    )
    files["organisation"] = ("organisation.yaml", broken.encode())
    failed = client.post("/v1/procurement/dora", params={"package": "true"}, files=files)
    assert failed.status_code == 422
    assert {f["rule"] for f in failed.json()["failures"]} == {"ISO 17442 / v8826_m"}


def test_api_dora_group_package_has_intra_group_templates(client: TestClient) -> None:
    files = {
        "organisation": ("organisation.yaml", (FIXTURES / "dora-group-organisation.yaml").read_bytes()),
        "services": ("services.yaml", (FIXTURES / "dora-group-services.yaml").read_bytes()),
    }
    packaged = client.post("/v1/procurement/dora", params={"package": "true"}, files=files)
    assert packaged.status_code == 200, packaged.text
    with zipfile.ZipFile(io.BytesIO(packaged.content)) as archive:
        names = archive.namelist()
        b0203 = next(n for n in names if n.endswith("/reports/b_02.03.csv"))
        assert archive.read(b0203).decode().splitlines()[1] == "IG-001,GRP-EXT-001,true"
    assert any(name.endswith("/reports/b_03.03.csv") for name in names)


def _sheet(rows: list[str]) -> bytes:
    return ("service,framework,criterion,seal,minimum\r\n" + "".join(f"{r}\r\n" for r in rows)).encode()


def test_api_cloud_assess_scores_a_returned_sheet(client: TestClient) -> None:
    # Safespring's published self-assessment (6 Nov 2025): SEAL 4,4,4,4,2,3,4,4; v1.2.1 weights by hand:
    # 15 + 10 + 10 + 15 + 20·2/4 + 15·3/4 + 10 + 5 = 86.25. The buyer asks SOV-5 ≥ 3: not eligible.
    seals = [4, 4, 4, 4, 2, 3, 4, 4]
    rows = [f"Safespring Compute,1.2.1,SOV-{n},{seal},{3 if n == 5 else ''}" for n, seal in enumerate(seals, start=1)]
    answered = client.post("/v1/cloud/assess", files={"file": ("answers.csv", _sheet(rows))})
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert body["service"] == "Safespring Compute"
    assert body["framework"] == "1.2.1"
    assert body["score"] == pytest.approx(86.25)
    assert body["eligible"] is False
    sov5 = next(o for o in body["objectives"] if o["objective"] == "SOV-5")
    assert (sov5["seal"], sov5["minimum"], sov5["meets_minimum"], sov5["points"]) == (2, 3, False, 10.0)


def test_api_cloud_assess_lists_every_problem_with_its_row(client: TestClient) -> None:
    rows = ["Example,1.2.1,SOV-1,4,", "Example,1.2.1,SOV-9,2,", "Example,1.2.1,SOV-2,7,"]
    refused = client.post("/v1/cloud/assess", files={"file": ("answers.csv", _sheet(rows))})
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    invalid = refused.json()["invalidParams"]
    assert [p["name"] for p in invalid] == ["row 3, criterion", "row 4, seal"]
    assert "unknown criterion 'SOV-9'" in invalid[0]["reason"]


def test_api_cloud_assess_refuses_what_is_no_sheet(client: TestClient) -> None:
    assert client.post("/v1/cloud/assess", files={"file": ("answers.txt", b"SOV-1: 4")}).status_code == 400
    sheet = _sheet(["Example,1.2.1,SOV-1,4,"])
    unknown = client.post("/v1/cloud/assess", params={"framework": "9.9"}, files={"file": ("a.csv", sheet)})
    assert unknown.status_code == 400


def test_page_explains_the_definitions_template_in_both_languages(client: TestClient) -> None:
    assert "Model B_99.01 bevat de eigen definities" in client.get("/nl/procurement").text
    assert "Template B_99.01 holds the entity" in client.get("/en/procurement").text
