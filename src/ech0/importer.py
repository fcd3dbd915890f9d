"""`ech0 import PATH --tag TAG`: bring a user's dump into data/imports/TAG/.

Accepts JSONL, or a legacy JSON array as the seed's import_legacy_data.py did.
Each parseable object is converted to the row schema (legacy field names
mapped, unknown fields kept in metadata) and given its provenance: the source
file's name and its line (JSONL) or index (array). A line that does not parse
is copied through unchanged, so that one bad row is not fatal: the clean stage
rejects it with its location. Output line N is always source line N (JSONL) or
element N-1 (array), so a location in data/raw maps back to the source.

A file that is neither JSONL nor a JSON array is an error.
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

# Legacy field names, most specific first. The seed's TrainingExample used
# instruction/input/output; other common dumps use question/answer and
# prompt/response.
_PROMPT_KEYS = ("prompt", "instruction", "question", "query")
_COMPLETION_KEYS = ("completion", "output", "response", "answer")
_PASSTHROUGH = ("tags", "domain", "category", "difficulty")


class ImportError_(ValueError):
    """The file cannot be imported at all (not JSONL, not a JSON array, empty)."""


def _first_key(obj: dict, keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if k in obj), None)


def convert(obj: dict, tag: str, provenance: dict) -> dict:
    """A legacy or ech0-shaped object as a row-schema row (types are not checked here)."""
    row: dict = {}
    used = {"source", "metadata", "quality_score", "id", *_PASSTHROUGH}
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
        metadata["provenance"] = provenance
    row["metadata"] = metadata  # a non-object metadata stays as it is, and clean rejects it
    return row


def convert_file(data: bytes, name: str, tag: str) -> tuple[list[bytes], dict]:
    """(output lines, manifest entry) for a dump's bytes. Raises ImportError_."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ImportError_(f"{name}: file is empty")
    if stripped.startswith(b"["):
        try:
            items = json.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise ImportError_(f"{name}: looks like a JSON array but is not UTF-8 (byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise ImportError_(f"{name}:{exc.lineno}: looks like a JSON array but does not parse: "
                               f"{exc.msg} (column {exc.colno})") from None
        if isinstance(items, list):
            lines = [dumps(convert(it, tag, {"file": name, "index": i}) if isinstance(it, dict) else it).encode()
                     for i, it in enumerate(items)]
            return lines, {"source_file": name, "format": "json_array", "rows": len(lines)}
    lines, objects, first_error = [], 0, None
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        try:
            obj = json.loads(raw.decode("utf-8")) if raw.strip() else None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            obj, first_error = None, first_error or (number, str(exc))
        if isinstance(obj, dict):
            objects += 1
            lines.append(dumps(convert(obj, tag, {"file": name, "line": number})).encode())
        else:
            lines.append(raw)  # blank or bad: passed through for clean to judge
    while lines and not lines[-1].strip():
        lines.pop()
    if objects == 0:
        where = f"{name}:{first_error[0]}: {first_error[1]}" if first_error else f"{name}: no JSON object on any line"
        raise ImportError_(f"{where}\n{name} is neither JSONL (one JSON object per line) nor a JSON array")
    rows = sum(1 for line in lines if line.strip())
    return lines, {"source_file": name, "format": "jsonl", "rows": rows}


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
