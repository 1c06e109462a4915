# SPDX-License-Identifier: EUPL-1.2
"""Small hand-made SBOM documents for tests."""

from __future__ import annotations

import json
from typing import Any


def cyclonedx(
    components: list[dict[str, Any]],
    *,
    name: str = "app",
    version: str = "1.0",
    timestamp: str | None = None,
    spec: str = "1.5",
    dependencies: list[dict[str, Any]] | None = None,
) -> str:
    """A small CycloneDX JSON document for tests."""
    metadata: dict[str, Any] = {"component": {"type": "application", "name": name, "version": version}}
    if timestamp:
        metadata["timestamp"] = timestamp
    document: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "version": 1,
        "metadata": metadata,
        "components": components,
    }
    if dependencies is not None:
        document["dependencies"] = dependencies
    return json.dumps(document)


def library(name: str, version: str, purl_type: str = "npm", namespace: str = "", **extra: Any) -> dict[str, Any]:
    path = f"{namespace}/{name}" if namespace else name
    return {
        "type": "library",
        "name": name,
        "version": version,
        "purl": f"pkg:{purl_type}/{path}@{version}",
        "bom-ref": f"{path}@{version}",
        **extra,
    }
