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


def test_api_dora_templates_lists_columns_keys_and_closed_lists(client: TestClient) -> None:
    answered = client.get("/v1/procurement/dora-templates")
    assert answered.status_code == 200
    templates = {t["template"]: t for t in answered.json()}
    assert len(templates) == 15  # B_01.01 … B_99.01 (ITS 2024/2956 Annex I)
    # B_02.02's keys as the EBA data point model has them: reference, entity, provider, function, service
    # type, country of provision, storage and processing location
    assert templates["B_02.02"]["key"] == ["c0010", "c0020", "c0030", "c0050", "c0060", "c0130", "c0150", "c0160"]
    reliance = next(c for c in templates["B_02.02"]["columns"] if c["code"] == "c0180")
    assert [v["code"] for v in reliance["values"]] == ["eba_ZZ:x794", "eba_ZZ:x795", "eba_ZZ:x796", "eba_ZZ:x797"]
    assert reliance["need"] == "conditional"
    definitions = templates["B_99.01"]
    assert definitions["key"] == []
    assert [c["code"] for c in definitions["columns"]] == [f"c{n:04d}" for n in range(10, 200, 10)]


def test_api_cloud_assess_answers_hostile_sheets_with_a_problem_never_a_500(client: TestClient) -> None:
    """Huge, malformed, binary, NUL and formula input: each a 4xx problem+json naming what is wrong
    (no path, no traceback), or for a formula in the service name, that text given back as data."""
    seals = [4, 4, 4, 4, 2, 3, 4, 4]
    good = [f"Example,1.2.1,SOV-{n},{seal}," for n, seal in enumerate(seals, start=1)]
    cases = {
        "huge": ("answers.csv", b"x" * 6_000_000),  # over the 5 MB bound
        "not a zip": ("answers.xlsx", b"PK\x03\x04" + b"\x00" * 200),
        "random bytes": ("answers.xlsx", bytes(range(256)) * 100),
        "NUL in a cell": ("answers.csv", _sheet([r.replace("Example", "Exa\x00mple", 1) for r in good])),
        "no rows": ("answers.csv", b"service,framework,criterion,seal,minimum\r\n"),
        "wrong header": ("answers.csv", b"a,b,c\r\n1,2,3\r\n"),
        "deep quotes": ("answers.csv", b'"' * 100_000),
    }
    for name, (filename, body) in cases.items():
        answer = client.post("/v1/cloud/assess", files={"file": (filename, body)})
        assert 400 <= answer.status_code < 500, (name, answer.status_code, answer.text[:300])
        assert answer.headers["content-type"] == "application/problem+json", name
        assert "Traceback" not in answer.text, name
        assert "/tmp" not in answer.text, name
    formula = '=HYPERLINK("http://evil.example")'
    rows = [r.replace("Example", f'"{formula.replace(chr(34), chr(34) * 2)}"', 1) for r in good]
    scored = client.post("/v1/cloud/assess", files={"file": ("answers.csv", _sheet(rows))})
    assert scored.status_code == 200, scored.text
    assert scored.json()["service"] == formula, "a formula is plain text in JSON, given back as written"
