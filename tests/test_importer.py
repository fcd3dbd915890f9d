"""ech0 import: JSONL and legacy JSON arrays in, row-schema rows with provenance out."""

from __future__ import annotations

import json

import pytest

from ech0.importer import ImportError_, convert_file, import_dump


def test_legacy_fields_map_to_the_row_schema():
    data = b'{"instruction": "Summarise", "input": "the text", "output": "A summary.", "quality_score": 0.9, "topic": "x"}\n'
    (line,), entry = convert_file(data, "dump.jsonl", "crypto")
    row = json.loads(line)
    assert row["prompt"] == "Summarise\n\nthe text" and row["completion"] == "A summary."
    assert row["domain"] == "crypto" and row["tags"] == ["crypto"] and row["source"] == "import:crypto"
    assert row["metadata"] == {"topic": "x", "original_quality_score": 0.9,
                               "provenance": {"file": "dump.jsonl", "line": 1}}
    assert entry == {"source_file": "dump.jsonl", "format": "jsonl", "rows": 1}


def test_bad_lines_pass_through_verbatim_line_for_line():
    data = b'{"prompt": "a", "completion": "b"}\n{broken\n\n\xff\xfe\n{"question": "q", "answer": "a"}\n'
    lines, entry = convert_file(data, "d.jsonl", "t")
    assert lines[1] == b"{broken" and lines[2] == b"" and lines[3] == b"\xff\xfe"
    assert json.loads(lines[4])["metadata"]["provenance"] == {"file": "d.jsonl", "line": 5}
    assert entry["rows"] == 4  # blank lines are not rows


def test_json_array_elements_keep_their_index():
    data = json.dumps([{"prompt": "p", "completion": "c"}, "not an object", {"question": "q", "answer": "a"}]).encode()
    lines, entry = convert_file(data, "legacy.json", "law")
    assert entry["format"] == "json_array" and len(lines) == 3
    assert json.loads(lines[2])["metadata"]["provenance"] == {"file": "legacy.json", "index": 2}
    assert json.loads(lines[1]) == "not an object"


@pytest.mark.parametrize("data,message", [
    (b"name,prompt\nx,y\n", "neither JSONL"),
    (b"prompt: hello\ncompletion: world\n", "neither JSONL"),
    (b'{\n  "prompt": "pretty printed"\n}\n', "neither JSONL"),
    (b'[{"prompt": "x"},', "looks like a JSON array but does not parse"),
    (b"  \n", "empty"),
])
def test_neither_jsonl_nor_array_is_a_clear_error(data, message):
    with pytest.raises(ImportError_, match=message):
        convert_file(data, "bad.txt", "t")


def test_import_writes_tag_folder_and_manifest(tmp_path):
    src = tmp_path / "mine.json"
    src.write_text(json.dumps([{"prompt": "p", "completion": "c"}]))
    out = import_dump(src, "my_tag", tmp_path / "imports")
    assert out == tmp_path / "imports/my_tag/mine.jsonl"
    manifest = json.loads((tmp_path / "imports/my_tag/sources.json").read_text())
    assert manifest["mine.jsonl"]["format"] == "json_array" and len(manifest["mine.jsonl"]["sha256"]) == 64
    with pytest.raises(ImportError_, match="--tag"):
        import_dump(src, "Bad Tag", tmp_path / "imports")
