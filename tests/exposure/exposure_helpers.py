# SPDX-License-Identifier: EUPL-1.2
"""Paths and names the exposure tests share (a uniquely named module, not conftest, so that the
whole suite imports it unambiguously)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exposure"
LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core"
