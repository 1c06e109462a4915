# SPDX-License-Identifier: EUPL-1.2
"""The API against its own OpenAPI document, with generated requests (schemathesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis

from dosa.dataset import load_dataset
from dosa.web import WebSettings, create_app

APP = create_app(WebSettings(), load_dataset(Path(__file__).parent.parent / "fixtures" / "mini"))
schema = schemathesis.openapi.from_asgi("/v1/openapi.json", APP)


@schema.parametrize()
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case) -> None:
    # A query string cannot tell the boolean false from the text "false", so schemathesis's check that
    # wrongly typed values are rejected misfires on string parameters; 400s are tested in test_web_api.
    case.call_and_validate(excluded_checks=[schemathesis.checks.negative_data_rejection])
