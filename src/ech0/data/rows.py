"""The row schema (schemas/row.schema.json), the checks every reader applies,
and the few accessors that let code read a row without caring whether it is a
prompt/completion pair or a conversation (`messages`).

`check_line` is the single parser for untrusted JSONL lines. It is used by the
clean stage and by `ech0 validate`, so both report exactly the same problems
with exactly the same reason codes. The clean stage checks the full row
schema (data/raw rows carry the fields the pipeline fills in: domain,
category, difficulty, source); `ech0 validate` checks what a user writes, the
same schema without those required (`input_problems`).
"""

from __future__ import annotations

import copy
import difflib
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
    "conversation",    # messages in an order that is not a conversation (rows.conversation_problems)
)
# Fields the pipeline fills in (generators write them; `ech0 import` sets them
# from --tag and defaults): required in data/raw, optional in what users write.
PIPELINE_FIELDS = ("domain", "category", "difficulty", "source", "tags", "metadata")


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
def input_validator() -> jsonschema.Draft202012Validator:
    """The row schema less the pipeline-filled fields: what `ech0 validate` checks."""
    schema = copy.deepcopy(load_schema("row"))
    schema["required"] = [k for k in schema["required"] if k not in PIPELINE_FIELDS]
    return jsonschema.Draft202012Validator(schema)


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


def _is_text_field(field: str) -> bool:
    return field in ("$.prompt", "$.completion") or (field.startswith("$.messages[") and field.endswith("].content"))


def schema_problems(obj: dict, validator: jsonschema.Draft202012Validator | None = None) -> list[Problem]:
    """Schema violations of a parsed object, most specific reason code first, each once."""
    problems: list[Problem] = []
    errors = (validator or row_validator()).iter_errors(obj)
    for err in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        field = _json_path(err.absolute_path)
        if err.validator == "required":
            # jsonschema reports one error per missing key, each carrying the whole list
            for key in err.validator_value:
                if key not in err.instance:
                    problems.append(Problem("missing_field", f"{field}.{key}",
                                            f"required field '{key}' is missing"))
            continue
        if err.validator == "type":
            problems.append(Problem("wrong_type", field,
                                    f"expected {err.validator_value}, got {type(err.instance).__name__}"))
        elif err.validator == "pattern" and _is_text_field(field):
            problems.append(Problem("empty_field", field, "must not be empty or whitespace only"))
        elif err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            hint = "put extra data in metadata"
            if field == "$" and ({"conversations", "instruction", "output"} & set(extra)):
                hint = "ShareGPT and Alpaca rows are converted by `ech0 import`"
            problems.append(Problem("schema", field, f"unknown field(s) {extra}; {hint}"))
        elif err.validator == "not" and field == "$":
            problems.append(Problem("schema", "$", "a row has prompt and completion, or messages, not both"))
        elif err.validator == "enum" and isinstance(err.instance, str):
            near = difflib.get_close_matches(err.instance, [str(v) for v in err.validator_value], n=1)
            problems.append(Problem("schema", field, f"{err.instance[:40]!r} is not one of {list(err.validator_value)}"
                                    + (f" (did you mean {near[0]!r}?)" if near else "")))
        else:
            # jsonschema echoes the instance in its message; cap it so a long
            # (possibly secret-bearing) value is never copied into a report.
            problems.append(Problem("schema", field, err.message[:200]))
    return list(dict.fromkeys(problems))


def conversation_problems(messages: list[dict]) -> list[Problem]:
    """Turn order of a schema-valid `messages` list: an optional system turn first,
    then user and assistant alternating from a user turn, ending with an assistant
    turn. The first problem only: after a misplaced turn the rest cannot be read."""
    start = 1 if messages[0]["role"] == "system" else 0
    for i, m in enumerate(messages[start:], start=start):
        want = "user" if (i - start) % 2 == 0 else "assistant"
        if m["role"] == want:
            continue
        if m["role"] == "system":
            msg = "a system turn may only be the first turn"
        elif i == start:
            msg = "the first turn (after any system turn) must be a user turn"
        else:
            msg = f"two {m['role']} turns in a row; user and assistant turns must alternate"
        return [Problem("conversation", f"$.messages[{i}].role", msg)]
    if messages[-1]["role"] != "assistant":
        return [Problem("conversation", f"$.messages[{len(messages) - 1}]",
                        "the conversation ends with a user turn; it must end with the assistant turn to learn")]
    return []  # alternation from a user turn to a last assistant turn: at least one of each


def input_problems(obj: dict) -> list[Problem]:
    """Problems of a row as a user writes it (`ech0 validate`)."""
    problems = schema_problems(obj, input_validator())
    if not problems and "messages" in obj:
        problems = conversation_problems(obj["messages"])
    return problems


def validate_row(obj: dict) -> list[Problem]:
    """Schema problems of a parsed row: the compiled fast path, jsonschema for details."""
    try:
        _fast_validator()(obj)
    except fastjsonschema.JsonSchemaException:
        return schema_problems(obj)  # the reference validator has the last word
    return conversation_problems(obj["messages"]) if "messages" in obj else []


def check_line(raw: bytes, max_line_bytes: int, user_input: bool = False) -> tuple[dict | None, list[Problem]]:
    """Parse one raw JSONL line. Returns (row, []) or (None, problems). With
    `user_input`, the pipeline-filled fields are optional (input_problems)."""
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
    problems = input_problems(obj) if user_input else validate_row(obj)
    return (None, problems) if problems else (obj, [])


# --- reading a row, whichever shape it has -------------------------------------------

def messages(row: dict) -> list[dict]:
    """The row as a conversation: its messages, or one user and one assistant turn."""
    if "messages" in row:
        return row["messages"]
    return [{"role": "user", "content": row["prompt"]}, {"role": "assistant", "content": row["completion"]}]


def prompt_of(row: dict) -> str | tuple[tuple[str, str], ...]:
    """What the model is asked: the prompt, or a conversation's turns before its last
    answer as (role, content) pairs (hashable, so equal prompts are generated once)."""
    if "messages" not in row:
        return row["prompt"]
    return tuple((m["role"], m["content"]) for m in row["messages"][:-1])


def last_user(row: dict) -> str:
    """The question the reference answer answers: the prompt, or the last user turn."""
    if "messages" not in row:
        return row["prompt"]
    return next(m["content"] for m in reversed(row["messages"]) if m["role"] == "user")


def first_user(row: dict) -> str:
    """The prompt, or a conversation's first user turn (what the split hashes)."""
    if "messages" not in row:
        return row["prompt"]
    return next(m["content"] for m in row["messages"] if m["role"] == "user")


def reference(row: dict) -> str:
    """The answer scored: the completion, or the last assistant turn."""
    return row["messages"][-1]["content"] if "messages" in row else row["completion"]


def text_pair(row: dict) -> tuple[str, str]:
    """(first user turn, everything else) for dedup: the exact key and the shingles
    cover the whole conversation, and its first part is the split key."""
    if "messages" not in row:
        return row["prompt"], row["completion"]
    turns = row["messages"]
    i = next(i for i, m in enumerate(turns) if m["role"] == "user")
    rest = [f"{m['role']}: {m['content']}" for j, m in enumerate(turns) if j != i]
    return turns[i]["content"], "\n".join(rest)
