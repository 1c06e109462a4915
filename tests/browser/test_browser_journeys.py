# SPDX-License-Identifier: EUPL-1.2
"""The dashboard's main journeys in a real browser, with axe-core finding no WCAG 2.1 A/AA violation
on any page in Dutch or English. Screenshots are kept in ``test-artifacts/browser/``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from browserkit import axe_violations, shoot

from dosa.dataset import load_dataset
from dosa.report.content import share_groups

pytestmark = pytest.mark.browser
DATASET = load_dataset()
"""The embedded default dataset: the pages a user really sees."""
WITH_CHARTS = sorted(s for s in DATASET.subjects if DATASET.shares_of(s))
WITHOUT_CHARTS = sorted(s for s in DATASET.subjects if not DATASET.shares_of(s))
PAGES = [
    "",
    "/priorities",
    *[f"/priorities/{p}" for p in sorted(DATASET.priorities)],
    "/subjects",
    *[f"/subjects/{s}" for s in WITH_CHARTS[:8] + WITHOUT_CHARTS[:4]],
    "/scenarios",
    "/scenarios?scenario=china-gallium-germanium-2023",
    "/chokepoints",
    "/actions",
    "/actions?status=nieuw",
    "/actions?status=bogus",
    *[f"/actions/{a}" for a in sorted(DATASET.actions)[:3]],
    "/inventory",
    "/inventory/portal",
    "/inventory/org",
    "/inventory?query=express",
    "/report",
    "/about",
    "/no-such-page",
]


def test_axe_finds_a_known_violation(page, axe_source: str) -> None:  # type: ignore[no-untyped-def]
    """The check is real: axe-core reports an image without a text alternative."""
    page.set_content('<html lang="en"><title>t</title><main><img src="data:,"></main></html>')
    assert "image-alt" in {v["id"] for v in axe_violations(page, axe_source)}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(page, server_url: str, axe_source: str, lang: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server_url}/{lang}{path}")
    assert page.evaluate("document.documentElement.lang") == lang
    violations = axe_violations(page, axe_source)
    assert violations == [], violations


def test_journey_overview_priority_subject(page, server_url: str, axe_source: str) -> None:  # type: ignore[no-untyped-def]
    """Open the overview, drill into a priority from the stack table, then into one of its subjects."""
    page.goto(f"{server_url}/nl")
    assert page.locator("h1").inner_text() == "Overzicht"
    assert page.locator("#chart-stack svg[role=img]").count() == 1
    shoot(page, "overview-nl")
    page.get_by_role("link", name="4. Halfgeleiders").first.click()
    page.wait_for_url("**/nl/priorities/semiconductors")
    assert "Halfgeleiders" in page.locator("h1").inner_text()
    shoot(page, "priority-nl")
    subject = next(s for s in WITH_CHARTS if "semiconductors" in DATASET.subjects[s].priorities)
    page.locator(f"main table a[href$='/subjects/{subject}']").first.click()
    page.wait_for_url(f"**/nl/subjects/{subject}")
    assert page.locator("h1").inner_text() == DATASET.subjects[subject].name_nl
    assert page.locator("figure.dosa-chart").count() == len(share_groups(DATASET, [subject]))
    assert axe_violations(page, axe_source) == []
    shoot(page, "subject-nl")


def test_journey_switch_language(page, server_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server_url}/nl/actions?status=nieuw")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/actions?status=nieuw")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Action tracker"
    assert page.locator("#status").input_value() == "nieuw"


def test_journey_filter_and_export_actions(page, server_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server_url}/en/actions")
    page.select_option("#status", "nieuw")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/en/actions?*status=nieuw*")
    expected = sorted(a.id for a in DATASET.actions.values() if a.status.value == "nieuw")
    with page.expect_download() as download_info:
        page.locator("#result a", has_text="CSV").first.click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    numbers = {DATASET.actions[a].number for a in expected}
    assert sorted(int(r["#"]) for r in rows) == sorted(numbers)
    assert all(r["dataset_version"] == DATASET.info.label for r in rows)
    shoot(page, "actions-en")


def test_journey_editor_changes_an_action_status(page, server_url: str, axe_source: str) -> None:  # type: ignore[no-untyped-def]
    action = next(a for a in DATASET.actions_in_order() if a.status.value == "nieuw")
    page.goto(f"{server_url}/en/actions/{action.id}")
    page.select_option("#status", "stopped")
    page.get_by_role("button", name="Record status").click()
    assert page.locator("#note[aria-invalid=true]").count() == 1, "a stop without a reason is refused at the field"
    assert axe_violations(page, axe_source) == []
    page.select_option("#status", "in_progress")
    page.fill("#note", "Kick-off held with the owners.")
    page.get_by_role("button", name="Record status").click()
    page.wait_for_url(f"**/en/actions/{action.id}?recorded=1#progress")
    assert page.get_by_role("status").inner_text() == "The status has been recorded."
    history = page.locator("#progress table").inner_text()
    assert "Kick-off held with the owners." in history
    assert "Browser Test" in history
    assert axe_violations(page, axe_source) == []
    shoot(page, "action-recorded-en")


def test_journey_run_a_scenario(page, server_url: str, axe_source: str) -> None:  # type: ignore[no-untyped-def]
    from dosa.graph import load_scenario

    page.goto(f"{server_url}/en/scenarios")
    assert page.locator("h1").inner_text() == "Scenarios"
    page.select_option("#scenario", "taiwan-advanced-chips")
    page.get_by_role("button", name="Run scenario").click()
    page.wait_for_url("**/en/scenarios?scenario=taiwan-advanced-chips")
    title = load_scenario("taiwan-advanced-chips").title
    assert page.locator("#scenario-taiwan-advanced-chips h2").inner_text() == title
    assert page.locator("#scenario-taiwan-advanced-chips figure svg[role=img]").count() == 1
    assert axe_violations(page, axe_source) == []
    shoot(page, "scenario-en")


def test_keyboard_skip_link_and_focus(page, server_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server_url}/en")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "nl-skip-link" in focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_reflow_at_320_pixels(browser, server_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    for path in ("/en", "/en/actions", f"/en/subjects/{WITH_CHARTS[0]}", "/en/priorities/semiconductors"):
        tab.goto(f"{server_url}{path}")
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow} px at 320 px"
    shoot(tab, "overview-320px")
    context.close()


def test_pages_load_nothing_from_other_hosts(page, server_url: str) -> None:  # type: ignore[no-untyped-def]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/nl", f"/en/subjects/{WITH_CHARTS[0]}", "/nl/actions"):
        page.goto(f"{server_url}{path}")
    assert requested
    assert all(url.startswith(server_url) for url in requested), [u for u in requested if not u.startswith(server_url)]


def test_journey_inventory_report(page, server_url: str, axe_source: str) -> None:  # type: ignore[no-untyped-def]
    """From the inventory to a project's report: a chart per concentration dimension, each with its data
    table, the critical services without a tested exit plan, and the report as a tagged PDF."""
    page.goto(f"{server_url}/nl/inventory")
    page.get_by_role("link", name="org", exact=True).click()
    page.wait_for_url("**/nl/inventory/org")
    assert page.locator("h1").inner_text() == "Inventaris van org"
    concentration = page.locator("#inventory-concentration")
    assert concentration.locator("h3").all_inner_texts() == [
        "Concentratie per leverancier",
        "Concentratie per concern",
        "Concentratie per rechtsmacht",
        "Concentratie per cloudaanbieder",
        # Portal is hosted on Other Hoster: the supply chain has a rank 2 (issue 13 item 2)
        "Concentratie op rang 1 van de toeleveringsketen",
        "Concentratie op rang 2 van de toeleveringsketen",
    ]
    assert page.locator("#chart-group-critical-functions svg[role=img]").count() == 1
    assert page.locator("#inventory-exit tbody tr").count() == 2  # Mail and Docs
    assert axe_violations(page, axe_source) == []
    shoot(page, "inventory-report-nl")
    link = page.get_by_role("link", name="Inventarisrapport als pdf (getagd, PDF/UA)")
    response = page.request.get(f"{server_url}{link.get_attribute('href')}")
    assert response.ok
    assert response.body().startswith(b"%PDF-")
