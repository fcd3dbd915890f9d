"""The row schema (schemas/row.schema.json) and the checks every reader applies.

`check_line` is the single parser for untrusted JSONL lines. It is used by the
clean stage and by `ech0 validate`, so both report exactly the same problems
with exactly the same reason codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

import fastjsonschema
import jsonschema

from ech0.params import load_schema

BOM = b"\xef\xbb\xbf"

# Reason codes a rejected line can carry, in the order the checks run.
REASONS = (
    "line_too_long",   # longer than clean.max_line_bytes; never decoded
    "bom",             # starts with a UTF-8 byte-order mark
    "invalid_utf8",    # not decodable as UTF-8
    "malformed_json",  # json.loads failed
    "not_object",      # valid JSON but not an object
    "missing_field",   # a required field is absent
    "wrong_type",      # a field has the wrong JSON type
    "empty_field",     # prompt/completion empty or whitespace only
    "schema",          # any other schema violation (unknown field, bad enum, range)
)


@dataclass(frozen=True)
class Problem:
    reason: str   # one of REASONS
    field: str    # JSON path such as `$.prompt`, or `$` for the whole line
    message: str  # human-readable; never contains a secret's value

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@lru_cache(maxsize=1)
def row_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema("row"))


@lru_cache(maxsize=1)
def _fast_validator():
    """fastjsonschema compiles the schema to Python: ~3 us a row against
    jsonschema's ~60. It stops at the first error, so invalid rows go on to
    jsonschema for the full, most specific list of problems."""
    return fastjsonschema.compile(load_schema("row"))


def _json_path(path) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def schema_problems(obj: dict) -> list[Problem]:
    """Schema violations of a parsed object, most specific reason code first."""
    problems = []
    for err in sorted(row_validator().iter_errors(obj), key=lambda e: list(map(str, e.absolute_path))):
        field = _json_path(err.absolute_path)
        if err.validator == "required":
            for key in err.validator_value:
                if key not in err.instance:
                    problems.append(Problem("missing_field", f"{field}.{key}",
                                            f"required field '{key}' is missing"))
            continue
        if err.validator == "type":
            problems.append(Problem("wrong_type", field,
                                    f"expected {err.validator_value}, got {type(err.instance).__name__}"))
        elif err.validator == "pattern" and field in ("$.prompt", "$.completion"):
            problems.append(Problem("empty_field", field, "must not be empty or whitespace only"))
        elif err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            problems.append(Problem("schema", field, f"unknown field(s) {extra}; put extra data in metadata"))
        else:
            # jsonschema echoes the instance in its message; cap it so a long
            # (possibly secret-bearing) value is never copied into a report.
            problems.append(Problem("schema", field, err.message[:200]))
    return problems


def validate_row(obj: dict) -> list[Problem]:
    """Schema problems of a parsed row: the compiled fast path, jsonschema for details."""
    try:
        _fast_validator()(obj)
        return []
    except fastjsonschema.JsonSchemaException:
        return schema_problems(obj)  # the reference validator has the last word


def check_line(raw: bytes, max_line_bytes: int) -> tuple[dict | None, list[Problem]]:
    """Parse one raw JSONL line. Returns (row, []) or (None, problems)."""
    if len(raw) > max_line_bytes:
        return None, [Problem("line_too_long", "$", f"{len(raw)} bytes > limit {max_line_bytes}")]
    if raw.startswith(BOM):
        return None, [Problem("bom", "$", "line starts with a UTF-8 byte-order mark (re-save the file without BOM)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem("invalid_utf8", "$", f"invalid UTF-8 at byte {exc.start}")]
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem("malformed_json", "$", f"{exc.msg} at column {exc.colno}")]
    if not isinstance(obj, dict):
        return None, [Problem("not_object", "$", f"expected a JSON object, got {type(obj).__name__}")]
    problems = validate_row(obj)
    return (None, problems) if problems else (obj, [])
