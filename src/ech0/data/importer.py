"""`ech0 import PATH --tag TAG`: bring a user's dump into data/imports/TAG/.

Accepts JSONL, or a JSON array as the original system's import_legacy_data.py did. The
format of each object is detected and mapped to the row schema:

- openai_messages: `{"messages": [{"role", "content"}, ...]}` (OpenAI chat
  fine-tuning) -> a `messages` row, roles as written.
- sharegpt: `{"conversations": [{"from", "value"}, ...]}` -> a `messages` row,
  `from` mapped by SHAREGPT_ROLES (human/user -> user, gpt/assistant and
  the raw dump's chatgpt/bing/bard -> assistant, system -> system). Items written
  with `role`/`content` keys are read too, and a top-level `system` string
  (LLaMA-Factory's variant) becomes the first, system, turn.
- alpaca: `{"instruction", "input"?, "output"}` -> prompt (instruction, then
  a blank line and the input when there is one) and completion.
- prompt_completion: the original system's `prompt`/`completion`, or the legacy names
  question/answer, prompt/response, query/... (_PROMPT_KEYS, _COMPLETION_KEYS).

Role values are never corrected: an unknown role ("asistant", ShareGPT's
"observation") is kept as written so that the clean stage rejects the row at
`$.messages[i].role` with a did-you-mean hint, instead of the importer
guessing. Unknown top-level fields are kept in metadata, unknown per-turn keys
(OpenAI's `name` and `weight`, a ShareGPT turn id) in
`metadata.turn_extras[<turn index>]`: a row's `messages` may only hold role
and content, and `weight` changes what is trained, so it is kept to be seen,
not dropped. Every row gets its provenance, `metadata.provenance` = {file,
line (JSONL) or index (array), format}; the manifest entry counts the objects
of each format (`formats`, with `unrecognised` for objects in none).

One bad row is not fatal: a line that does not parse, or an object in no known
format, is passed on (the object converted as far as it goes), and the clean
stage rejects it with its location. Output line N is always source line N
(JSONL) or element N-1 (array), so a location in data/raw maps back to the
source. A file with no object in a known format is an error naming its first
offending line (FILE:LINE) or element (FILE[INDEX]) and the accepted formats.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ech0.jsonl import atomic_open, dumps, write_json

IMPORTS_DIR = Path("data/imports")
MANIFEST = "sources.json"
TAG_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

# Legacy field names, most specific first. The original system's TrainingExample used
# instruction/input/output; other common dumps use question/answer and
# prompt/response.
_PROMPT_KEYS = ("prompt", "instruction", "question", "query")
_COMPLETION_KEYS = ("completion", "output", "response", "answer")
_PASSTHROUGH = ("tags", "domain", "category", "difficulty")

# ShareGPT `from` values and the role each means: FastChat's human/gpt, the
# chatgpt/bing/bard of the raw ShareGPT dump (common ShareGPT cleaning scripts
# read them as the assistant), and the OpenAI names some exporters write. Any
# other value ("observation", "function_call") is kept as the role, for clean
# to reject.
SHAREGPT_ROLES = {
    "system": "system",
    "human": "user", "user": "user",
    "gpt": "assistant", "assistant": "assistant", "chatgpt": "assistant", "bing": "assistant", "bard": "assistant",
}
# The accepted formats, in detection order, as the error for a file in none of them lists them.
FORMATS = {
    "openai_messages": '{"messages": [{"role": "system"|"user"|"assistant", "content": "..."}, ...]}',
    "sharegpt": '{"conversations": [{"from": "system"|"human"|"gpt", "value": "..."}, ...]}',
    "alpaca": '{"instruction": "...", "input": "..." (optional), "output": "..."}',
    "prompt_completion": '{"prompt": "...", "completion": "..."} (also question/answer, prompt/response, ...)',
}
UNRECOGNISED = "unrecognised"  # an object in none of FORMATS: converted as far as it goes, for clean to reject


class ImportError_(ValueError):
    """The file cannot be imported at all (not JSONL, not a JSON array, empty, no row in a known format)."""


def _first_key(obj: dict, keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if k in obj), None)


def detect_format(obj: dict) -> str:
    """The format of one object: a key of FORMATS, or UNRECOGNISED. Decided by
    its keys alone; the values' types and shapes are the clean stage's to check."""
    if "messages" in obj:
        return "openai_messages"
    if "conversations" in obj:
        return "sharegpt"
    prompt_key = _first_key(obj, _PROMPT_KEYS)
    if prompt_key and _first_key(obj, _COMPLETION_KEYS):
        return "alpaca" if prompt_key == "instruction" else "prompt_completion"
    return UNRECOGNISED


def _turns(turns, sharegpt: bool) -> tuple[object, dict[int, dict]]:
    """(messages, {turn index: keys other than role and content}) of a turn list.
    Anything that is not a list of objects is kept as it is, for clean to reject."""
    if not isinstance(turns, list):
        return turns, {}
    messages: list = []
    extras: dict[int, dict] = {}
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict):
            messages.append(turn)
            continue
        role_key, content_key = "role", "content"
        if sharegpt:  # from/value, or role/content as some ShareGPT-named exports write
            role_key = "role" if "role" in turn and "from" not in turn else "from"
            content_key = "content" if "content" in turn and "value" not in turn else "value"
        message = {}
        if role_key in turn:
            role = turn[role_key]
            message["role"] = SHAREGPT_ROLES.get(role, role) if sharegpt and isinstance(role, str) else role
        if content_key in turn:
            message["content"] = turn[content_key]
        rest = {k: v for k, v in turn.items() if k not in (role_key, content_key)}
        if rest:
            extras[i] = rest
        messages.append(message)
    return messages, extras


def _conversation(obj: dict, fmt: str, used: set) -> tuple[object, dict[int, dict]]:
    if fmt == "openai_messages":
        used.add("messages")
        return _turns(obj["messages"], sharegpt=False)
    used.add("conversations")
    messages, extras = _turns(obj["conversations"], sharegpt=True)
    system = obj.get("system")  # LLaMA-Factory's ShareGPT: the system prompt beside the turns
    if isinstance(system, str) and isinstance(messages, list):
        has_system = bool(messages) and isinstance(messages[0], dict) and messages[0].get("role") == "system"
        if not system.strip() or not has_system:  # both a turn and a field: the field stays in metadata
            used.add("system")
            if system.strip():
                messages.insert(0, {"role": "system", "content": system})
                extras = {i + 1: e for i, e in extras.items()}
    return messages, extras


def convert(obj: dict, tag: str, provenance: dict) -> dict:
    """An object in any accepted format as a row-schema row (types are not checked
    here). An object in none is converted as far as it goes, for clean to reject."""
    fmt = detect_format(obj)
    row: dict = {}
    used = {"source", "metadata", "quality_score", "id", *_PASSTHROUGH}
    extras: dict[int, dict] = {}
    if fmt in ("openai_messages", "sharegpt"):
        # Only the conversation: a `prompt` beside it (UltraChat and No Robots
        # repeat the first user turn there) goes to metadata like any other field.
        row["messages"], extras = _conversation(obj, fmt, used)
    else:
        prompt_key = _first_key(obj, _PROMPT_KEYS)
        if prompt_key:
            used.add(prompt_key)
            row["prompt"] = obj[prompt_key]
            extra_input = obj.get("input")
            if prompt_key == "instruction" and isinstance(extra_input, str) and extra_input.strip():
                if isinstance(row["prompt"], str):
                    row["prompt"] += "\n\n" + extra_input
                used.add("input")
        completion_key = _first_key(obj, _COMPLETION_KEYS)
        if completion_key:
            used.add(completion_key)
            row["completion"] = obj[completion_key]
    tags = obj.get("tags", [])
    row["tags"] = (tags if tag in tags else tags + [tag]) if isinstance(tags, list) else tags
    row["domain"] = obj.get("domain", tag)
    row["category"] = obj.get("category", "general")
    row["difficulty"] = obj.get("difficulty", "medium")
    row["source"] = f"import:{tag}"
    metadata = obj.get("metadata", {})
    if isinstance(metadata, dict):
        metadata = dict(metadata)
        for k in sorted(set(obj) - used):
            metadata.setdefault(k, obj[k])
        if "quality_score" in obj:
            metadata["original_quality_score"] = obj["quality_score"]
        if extras:  # JSON object keys are strings: the turn's index in `messages`
            metadata["turn_extras"] = {str(i): e for i, e in sorted(extras.items())}
        metadata["provenance"] = {**provenance, "format": fmt}
    row["metadata"] = metadata  # a non-object metadata stays as it is, and clean rejects it
    return row


def _why_unrecognised(obj: dict) -> str:
    keys = sorted(obj)
    shown = ", ".join(repr(k[:40]) for k in keys[:8]) + (", ..." if len(keys) > 8 else "")
    return f"an object with keys [{shown}] is in no accepted format"


def _no_known_format(name: str, where: str | None, why: str | None, objects: int, jsonl: bool) -> ImportError_:
    if where is None:
        return ImportError_(f"{name}: the JSON array is empty")
    what = ("is neither JSONL (one JSON object per line) nor a JSON array" if jsonl and not objects
            else "has no row in an accepted format")
    accepted = "\n".join(f"  {fmt}: {example}" for fmt, example in FORMATS.items())
    return ImportError_(f"{where}: {why}\n{name} {what}. "
                        f"Accepted formats (one object per line, or a JSON array of them):\n{accepted}")


def load_json_array(data: bytes, name: str):
    """The parsed bytes of a file that starts with `[` (ImportError_ naming FILE:LINE
    when they do not parse); `ech0 validate` reads arrays the same way."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{name}: looks like a JSON array but is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{name}:{exc.lineno}: looks like a JSON array but does not parse: "
                           f"{exc.msg} (column {exc.colno})") from None


def convert_file(data: bytes, name: str, tag: str) -> tuple[list[bytes], dict]:
    """(output lines, manifest entry) for a dump's bytes. Raises ImportError_."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ImportError_(f"{name}: file is empty")
    formats: dict[str, int] = {}
    first_bad: tuple[str, str] | None = None  # (FILE:LINE or FILE[INDEX], why) of the first row in no format

    def row_line(obj, where: str, provenance: dict) -> bytes | None:
        """The converted object's line, or None for a value that is not an object."""
        nonlocal first_bad
        if not isinstance(obj, dict):
            first_bad = first_bad or (where, f"expected a JSON object, got {type(obj).__name__}")
            return None
        fmt = detect_format(obj)
        formats[fmt] = formats.get(fmt, 0) + 1
        if fmt == UNRECOGNISED:
            first_bad = first_bad or (where, _why_unrecognised(obj))
        return dumps(convert(obj, tag, provenance)).encode()

    if stripped.startswith(b"["):
        items = load_json_array(data, name)
        if isinstance(items, list):
            lines = []
            for i, item in enumerate(items):
                line = row_line(item, f"{name}[{i}]", {"file": name, "index": i})
                lines.append(dumps(item).encode() if line is None else line)
            if set(formats) <= {UNRECOGNISED}:
                raise _no_known_format(name, *(first_bad or (None, None)), sum(formats.values()), jsonl=False)
            return lines, {"source_file": name, "format": "json_array", "rows": len(lines), "formats": formats}
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        line = None
        if raw.strip():
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                first_bad = first_bad or (f"{name}:{number}", str(exc))
            else:
                line = row_line(obj, f"{name}:{number}", {"file": name, "line": number})
        lines.append(raw if line is None else line)  # blank or bad: passed through for clean to judge
    while lines and not lines[-1].strip():
        lines.pop()
    if set(formats) <= {UNRECOGNISED}:
        raise _no_known_format(name, *first_bad, sum(formats.values()), jsonl=True)
    rows = sum(1 for line in lines if line.strip())
    return lines, {"source_file": name, "format": "jsonl", "rows": rows, "formats": formats}


def import_dump(path: Path, tag: str, imports_dir: Path = IMPORTS_DIR) -> Path:
    """Convert `path` into imports_dir/tag/<stem>.jsonl and update the tag's manifest."""
    if not TAG_PATTERN.match(tag):
        raise ImportError_(f"--tag {tag!r}: use lowercase letters, digits and _ (it becomes the default domain)")
    data = path.read_bytes()
    lines, entry = convert_file(data, path.name, tag)
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    out_dir = imports_dir / tag
    out = out_dir / f"{path.stem}.jsonl"
    with atomic_open(out, "wb") as fh:
        for line in lines:
            fh.write(line + b"\n")
    manifest_path = out_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    manifest[out.name] = entry
    write_json(manifest_path, manifest)
    return out
