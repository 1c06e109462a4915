# SPDX-License-Identifier: EUPL-1.2
"""The API against its own OpenAPI document, with generated requests (schemathesis): valid requests
must be answered as documented, invalid ones (an unknown priority or owner among them) with a 400."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from dosa.dataset import load_dataset
from dosa.web import WebSettings, create_app

APP = create_app(WebSettings(), load_dataset(Path(__file__).parent.parent / "fixtures" / "mini"))
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@schema.parametrize()
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    # Every check, negative_data_rejection included: the document lists the dataset's priority ids and
    # organisation names, so a generated value outside them must be (and is) rejected with a 400.
    # Uploads (an SBOM, an organisation file, a cloud answers sheet) are valid by their content, which no
    # schema can state: a schema-valid but meaningless file is rightly refused, so positive-data acceptance
    # does not apply there.
    if case.method == "POST" and (case.path.startswith("/v1/procurement/") or case.path == "/v1/cloud/assess"):
        case.call_and_validate(excluded_checks=[positive_data_acceptance])
        return
    case.call_and_validate()
