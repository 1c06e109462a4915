# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI document as the API really behaves: 400 (not 422) problem+json for invalid input,
problem+json for every error, no FastAPI validation-error schemas, and the dataset's own priority
ids and organisation names as the values its filters accept."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from dosa.dataset.model import Dataset
from dosa.web.api import organisation_names, priority_ids

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error in the form of RFC 9457 (application/problem+json).",
    "required": ["status", "title", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string", "format": "uri-reference"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason"],
                "properties": {"name": {"type": "string"}, "type": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _filter_schemas(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """The query parameters whose valid values come from the dataset, by parameter name."""
    return {
        "priority": {
            "type": "string",
            "description": "A priority id of the dataset.",
            "enum": priority_ids(dataset),
        },
        "owner": {
            "type": "string",
            "description": "An organisation of the dataset by id, abbreviation or alias (matched ignoring case).",
            "enum": organisation_names(dataset),
        },
    }


def _constrain(schema: dict[str, Any], ref: dict[str, str]) -> dict[str, Any]:
    """``schema`` with every plain string in it (alone, in ``anyOf`` or as array items) replaced by ``ref``."""
    if schema.get("type") == "string":
        return {**ref, **{k: v for k, v in schema.items() if k in {"title", "description"}}}
    out = dict(schema)
    if "anyOf" in out:
        out["anyOf"] = [_constrain(option, ref) for option in out["anyOf"]]
    if "items" in out:
        out["items"] = _constrain(out["items"], ref)
    return out


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            contact=app.contact,
            license_info=app.license_info,
            servers=app.servers,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Problem"] = PROBLEM_SCHEMA
        names = {"priority": "PriorityId", "owner": "OrganisationName"}
        for parameter, schema in _filter_schemas(app.state.dosa.dataset).items():
            schemas[names[parameter]] = schema
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if parameter.get("in") == "query" and parameter["name"] in names:
                        ref = {"$ref": f"#/components/schemas/{names[parameter['name']]}"}
                        parameter["schema"] = _constrain(parameter["schema"], ref)
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                responses["400"] = _problem("Invalid input: every invalid parameter is listed in invalidParams")
                if "404" in responses or any(p.get("in") == "path" for p in operation.get("parameters", [])):
                    responses["404"] = _problem(responses.get("404", {}).get("description", "Not found"))
                for status, description in (("406", "Not Acceptable"), ("500", "Internal Server Error")):
                    responses.setdefault(status, _problem(description))
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
