# SPDX-License-Identifier: EUPL-1.2
"""A real dosa server on 127.0.0.1 and Debian's headless Chromium driven by Playwright.

Browsers cannot be downloaded here, so Playwright launches the system Chromium (Debian package
``chromium``). Without it the browser tests are skipped with a reason, except under CI (``CI=true``),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browserkit import AXE, CHROMIUM, CHROMIUM_ARGS, INVENTORY_SAMPLES, serve_in_thread

from dosa.dataset import load_dataset
from dosa.inventory import import_paths
from dosa.store import open_store
from dosa.web import WebSettings, create_app
from shared_material import SBOM_SAMPLES as SAMPLES


@pytest.fixture(scope="session")
def server_url(new_db_url: Callable[[], str]) -> Iterator[str]:
    """The dashboard on the embedded default dataset, with editing on, served by uvicorn in a thread."""
    db = new_db_url()
    if all((SAMPLES / name).is_file() for name in INVENTORY_SAMPLES):  # real SBOMs, from ../shared
        import_paths(open_store(db), [SAMPLES / name for name in INVENTORY_SAMPLES], "portal")
    hand = Path(__file__).parent.parent / "fixtures" / "inventory"  # services too, so that every chart shows
    import_paths(open_store(db), [hand / "services.csv", hand / "portal.cdx.json"], "org")
    yield from serve_in_thread(create_app(WebSettings(editor="Browser Test", db=db), load_dataset()))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set DOSA_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, tmp_path: Path) -> Iterator[object]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")
