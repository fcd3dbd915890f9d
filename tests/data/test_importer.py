"""ech0 import: JSONL and JSON arrays in (OpenAI messages, ShareGPT, Alpaca, prompt/completion),
row-schema rows with provenance out."""

from __future__ import annotations

import json

import pytest

from ech0.data.importer import FORMATS, ImportError_, convert_file, import_dump
from ech0.data.rows import check_line


def test_legacy_fields_map_to_the_row_schema():
    data = b'{"instruction": "Summarise", "input": "the text", "output": "A summary.", "quality_score": 0.9, "topic": "x"}\n'
    (line,), entry = convert_file(data, "dump.jsonl", "crypto")
    row = json.loads(line)
    assert row["prompt"] == "Summarise\n\nthe text" and row["completion"] == "A summary."
    assert row["domain"] == "crypto" and row["tags"] == ["crypto"] and row["source"] == "import:crypto"
    assert row["metadata"] == {"topic": "x", "original_quality_score": 0.9,
                               "provenance": {"file": "dump.jsonl", "line": 1, "format": "alpaca"}}
    assert entry == {"source_file": "dump.jsonl", "format": "jsonl", "rows": 1, "formats": {"alpaca": 1}}


def test_bad_lines_pass_through_verbatim_line_for_line():
    data = b'{"prompt": "a", "completion": "b"}\n{broken\n\n\xff\xfe\n{"question": "q", "answer": "a"}\n'
    lines, entry = convert_file(data, "d.jsonl", "t")
    assert lines[1] == b"{broken" and lines[2] == b"" and lines[3] == b"\xff\xfe"
    assert json.loads(lines[4])["metadata"]["provenance"] == {"file": "d.jsonl", "line": 5,
                                                              "format": "prompt_completion"}
    assert entry["rows"] == 4  # blank lines are not rows


def test_json_array_elements_keep_their_index():
    data = json.dumps([{"prompt": "p", "completion": "c"}, "not an object", {"question": "q", "answer": "a"}]).encode()
    lines, entry = convert_file(data, "legacy.json", "law")
    assert entry["format"] == "json_array" and len(lines) == 3
    assert json.loads(lines[2])["metadata"]["provenance"] == {"file": "legacy.json", "index": 2,
                                                              "format": "prompt_completion"}
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


def test_openai_messages_map_to_a_messages_row_with_provenance_and_format():
    turns = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi", "name": "ann"},
             {"role": "assistant", "content": "Hello.", "weight": 1}]
    data = (b"\n" + json.dumps({"messages": turns, "prompt": "Hi", "prompt_id": "p1"}).encode() + b"\n")
    lines, entry = convert_file(data, "chat.jsonl", "support")
    assert lines[0] == b""  # output line N is source line N
    assert json.loads(lines[1]) == {
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                     {"role": "assistant", "content": "Hello."}],
        "tags": ["support"], "domain": "support", "category": "general", "difficulty": "medium",
        "source": "import:support",
        # UltraChat's `prompt` beside `messages` is kept as data, not mapped (a row never has both)
        "metadata": {"prompt": "Hi", "prompt_id": "p1", "turn_extras": {"1": {"name": "ann"}, "2": {"weight": 1}},
                     "provenance": {"file": "chat.jsonl", "line": 2, "format": "openai_messages"}},
    }
    assert check_line(lines[1], 10_000) == (json.loads(lines[1]), [])  # a valid data/raw row
    assert entry == {"source_file": "chat.jsonl", "format": "jsonl", "rows": 1, "formats": {"openai_messages": 1}}


def test_sharegpt_array_maps_human_gpt_system():
    items = [
        {"id": "a", "conversations": [{"from": "system", "value": "S"}, {"from": "human", "value": "Q1"},
                                      {"from": "gpt", "value": "A1"}, {"from": "human", "value": "Q2"},
                                      {"from": "gpt", "value": "A2"}]},
        {"system": "Top-level S", "conversations": [{"role": "user", "content": "Q"},  # role/content items
                                                    {"from": "chatgpt", "value": "A", "turn": 2}]},
    ]
    lines, entry = convert_file(json.dumps(items).encode(), "sg.json", "chat")
    rows = [json.loads(line) for line in lines]
    assert rows[0]["messages"] == [{"role": "system", "content": "S"}, {"role": "user", "content": "Q1"},
                                   {"role": "assistant", "content": "A1"}, {"role": "user", "content": "Q2"},
                                   {"role": "assistant", "content": "A2"}]
    assert rows[0]["metadata"] == {"provenance": {"file": "sg.json", "index": 0, "format": "sharegpt"}}
    assert rows[1]["messages"] == [{"role": "system", "content": "Top-level S"}, {"role": "user", "content": "Q"},
                                   {"role": "assistant", "content": "A"}]
    assert rows[1]["metadata"] == {"turn_extras": {"2": {"turn": 2}},  # the index in messages, system included
                                   "provenance": {"file": "sg.json", "index": 1, "format": "sharegpt"}}
    assert all(check_line(line, 10_000)[1] == [] for line in lines)
    assert entry == {"source_file": "sg.json", "format": "json_array", "rows": 2, "formats": {"sharegpt": 2}}


@pytest.mark.parametrize("source,role,hint", [
    ({"conversations": [{"from": "human", "value": "Q"}, {"from": "observation", "value": "A"}]}, "observation", ""),
    ({"messages": [{"role": "user", "content": "Q"}, {"role": "asistant", "content": "A"}]}, "asistant",
     " (did you mean 'assistant'?)"),
])
def test_an_unknown_role_is_kept_as_written_for_clean_to_reject(source, role, hint):
    (line,), _ = convert_file(json.dumps(source).encode(), "x.jsonl", "t")
    assert json.loads(line)["messages"][1] == {"role": role, "content": "A"}
    _, problems = check_line(line, 10_000)
    assert [str(p) for p in problems] == [
        f"$.messages[1].role: {role!r} is not one of ['system', 'user', 'assistant']{hint}"]


@pytest.mark.parametrize("extra,prompt", [({"input": "the text"}, "Summarise\n\nthe text"),
                                          ({"input": ""}, "Summarise"), ({}, "Summarise")])
def test_alpaca_with_and_without_input(extra, prompt):
    (line,), entry = convert_file(json.dumps({"instruction": "Summarise", **extra, "output": "Done."}).encode(),
                                  "alpaca.jsonl", "t")
    row = json.loads(line)
    assert (row["prompt"], row["completion"]) == (prompt, "Done.")
    assert row["metadata"] == {**({"input": ""} if extra == {"input": ""} else {}),  # an empty input is kept as data
                               "provenance": {"file": "alpaca.jsonl", "line": 1, "format": "alpaca"}}
    assert entry["formats"] == {"alpaca": 1}


def test_a_mixed_file_imports_and_leaves_the_unrecognised_object_to_clean():
    data = b'{"prompt": "p", "completion": "c"}\n{"text": "plain text"}\n'
    lines, entry = convert_file(data, "mixed.jsonl", "t")
    good, odd = (json.loads(line) for line in lines)
    assert good["metadata"]["provenance"] == {"file": "mixed.jsonl", "line": 1, "format": "prompt_completion"}
    assert "prompt" not in odd and odd["metadata"] == {
        "text": "plain text", "provenance": {"file": "mixed.jsonl", "line": 2, "format": "unrecognised"}}
    assert [str(p) for p in check_line(lines[1], 10_000)[1]] == [
        "$.prompt: required field 'prompt' is missing", "$.completion: required field 'completion' is missing"]
    assert entry == {"source_file": "mixed.jsonl", "format": "jsonl", "rows": 2,
                     "formats": {"prompt_completion": 1, "unrecognised": 1}}


@pytest.mark.parametrize("data,where", [
    (b'\n{"text": "a"}\n{"text": "b", "label": 1}\n',
     "none.jsonl:2: an object with keys ['text'] is in no accepted format"),
    (b'{broken\n{"text": "a"}\n', "none.jsonl:1: Expecting property name"),
    (b'[{"question": "q"}, {"text": "t"}]', "none.jsonl[0]: an object with keys ['question'] is in no accepted format"),
    (b'[1, 2]', "none.jsonl[0]: expected a JSON object, got int"),
])
def test_a_file_with_no_object_in_a_known_format_names_its_first_row_and_the_formats(data, where):
    with pytest.raises(ImportError_) as info:
        convert_file(data, "none.jsonl", "t")
    message = str(info.value)
    assert message.startswith(where)
    assert "none.jsonl has no row in an accepted format" in message
    assert all(f"  {name}: {example}" in message for name, example in FORMATS.items())
    assert list(FORMATS) == ["openai_messages", "sharegpt", "alpaca", "prompt_completion"]


def test_the_manifest_counts_rows_per_format(tmp_path):
    src = tmp_path / "all.jsonl"
    src.write_text("".join(json.dumps(o) + "\n" for o in [
        {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]},
        {"conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": "a"}]},
        {"conversations": [{"from": "human", "value": "q2"}, {"from": "gpt", "value": "a2"}]},
        {"instruction": "i", "output": "o"},
        {"question": "q", "answer": "a"},
        {"prompt": "p", "completion": "c"},
    ]) + "not json\n")
    import_dump(src, "mix", tmp_path / "imports")
    entry = json.loads((tmp_path / "imports/mix/sources.json").read_text())["all.jsonl"]
    assert entry["rows"] == 7 and entry["format"] == "jsonl" and entry["source_file"] == "all.jsonl"
    assert entry["formats"] == {"alpaca": 1, "openai_messages": 1, "prompt_completion": 2, "sharegpt": 2}
