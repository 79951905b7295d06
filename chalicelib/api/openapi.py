"""OpenAPI 3.1 document generated from the same pydantic models that validate requests."""
from functools import lru_cache

from pydantic.json_schema import models_json_schema

from . import responses as r
from . import schemas as s

_REF = "#/components/schemas/{model}"


def _json(model_name: str) -> dict:
    return {"application/json": {"schema": {"$ref": _REF.format(model=model_name)}}}


def _responses(ok_status: str, ok_model: str, errors=("422",), replay=False) -> dict:
    out = {ok_status: {"description": "OK", "content": _json(ok_model)}}
    if replay:
        out["200"] = {"description": "Replay of an earlier submission_id: the stored result, nothing changed",
                      "content": _json(ok_model)}
    for code in errors:
        out[code] = {"description": "Error, message in the request's language", "content": _json("ErrorOut")}
    return out


_LANG = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["es", "en"]}}


def _query(name: str, description: str, kind: str = "string") -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": {"type": kind}}


@lru_cache(maxsize=1)
def document() -> dict:
    models = [(s.PledgeIn, "validation"), (s.AssessmentIn, "validation"), (r.PledgeOut, "serialization"),
              (r.AssessmentOut, "serialization"), (r.BenchmarkOut, "serialization"), (r.Suppressed, "serialization"),
              (r.QuestionnaireOut, "serialization"), (r.ErrorOut, "serialization")]
    _, defs = models_json_schema(models, ref_template=_REF)
    submit_errors = ("400", "409", "413", "422")
    return {
        "openapi": "3.1.0",
        "info": {"title": "Integra API", "version": "1.0.0",
                 "description": "CEO anti-corruption pledge and integrity self-assessment (UN Global Compact "
                                "Network Mexico). Errors: {error: {code, message, fields[{path, message}]}} in "
                                "the request's language."},
        "paths": {
            "/questionnaire": {"get": {"summary": "The current questionnaire in one language",
                                       "parameters": [_LANG], "responses": _responses("200", "QuestionnaireOut", ())}},
            "/pledges": {"post": {"summary": "Sign the CEO pledge (idempotent on submission_id)",
                                  "requestBody": {"required": True, "content": _json("PledgeIn")},
                                  "responses": _responses("201", "PledgeOut", submit_errors, replay=True)}},
            "/assessments": {"post": {"summary": "Submit a self-assessment; returns scores, gaps and peer benchmark",
                                      "requestBody": {"required": True, "content": _json("AssessmentIn")},
                                      "responses": _responses("201", "AssessmentOut", submit_errors, replay=True)}},
            "/benchmarks": {"get": {
                "summary": "Published cohort benchmark (n >= 10), otherwise {suppressed: true, n_min}",
                "parameters": [_query("year", "Calendar year (Mexico City time); default the current one", "integer"),
                               _query("state", "INEGI state code"), _query("size", "micro | pequena | mediana | grande"),
                               _query("sector", "SCIAN sector or activity code"), _LANG],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": _REF.format(model="BenchmarkOut")}, {"$ref": _REF.format(model="Suppressed")}]}}}},
                    "400": {"description": "Bad query", "content": _json("ErrorOut")}}}},
            "/openapi.json": {"get": {"summary": "This document",
                                      "responses": {"200": {"description": "OpenAPI 3.1 document"}}}},
            "/health": {"get": {"summary": "Liveness", "responses": {"200": {"description": "OK"}}}},
        },
        "components": {"schemas": defs["$defs"]},
    }
