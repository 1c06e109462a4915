# SPDX-License-Identifier: EUPL-1.2
"""Take the README's screenshots with headless Chromium: the dashboard and a page of the report.

    python scripts/screenshots.py   (needs Debian's chromium and the playwright package)

Writes docs/img/dashboard.png (the English overview) and docs/img/report.png (the risk diagram
and stack of the English report, opened from the HTML file).
"""

from __future__ import annotations

import datetime as dt
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dosa.dataset import load_dataset  # noqa: E402
from dosa.report import write_report  # noqa: E402
from dosa.web import WebSettings, create_app  # noqa: E402

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    images = ROOT / "docs" / "img"
    images.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        dataset = load_dataset()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        app = create_app(WebSettings(db=work / "dosa.db"), dataset)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        report = write_report(dataset, work, lang="en", date=dt.date.today(), formats=("html",), db=work / "dosa.db")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/en")
            page.screenshot(path=str(images / "dashboard.png"))
            page.goto(report["html"].as_uri() + "#stack")
            page.screenshot(path=str(images / "report.png"))
            browser.close()
        server.should_exit = True
    print(f"wrote {images / 'dashboard.png'} and {images / 'report.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
