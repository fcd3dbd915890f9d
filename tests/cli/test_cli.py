"""The ech0 command: its parser and docstring, and params check, validate, import,
generate, preset, status, baseline, gate; `verify` without torch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

import pytest

from ech0 import cli
from ech0.cli import main, preset

ROOT = Path(__file__).resolve().parents[2]


def run_ech0(argv: list[str], cwd: Path) -> tuple[int, set[str]]:
    """`main(argv)` in a fresh interpreter: (exit status, which of torch and
    transformers it imported). Output goes to the subprocess's own stdout/stderr."""
    code = ("import json, sys; from ech0.cli import main; code = main(sys.argv[1:]); "
            "print(json.dumps([code, [m for m in ('torch', 'transformers') if m in sys.modules]]))")
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    status, heavy = json.loads(done.stdout.splitlines()[-1])
    return status, set(heavy)


def test_every_command_is_in_the_docstring():
    commands = cli.build_parser()._subparsers._group_actions[0].choices  # argparse keeps them private
    assert set(commands) == {"params", "import", "validate", "generate", "eval", "baseline", "gate", "verify",
                             "deploy", "chat", "status", "preset", "registry", "remote"}
    for name in commands:
        assert f"    ech0 {name} " in cli.__doc__, name


def test_verify_hashes_without_importing_torch_or_transformers(tmp_path):
    """`ech0 verify` only hashes files: importing torch alone costs seconds."""
    from ech0.release import lineage

    (tmp_path / "model.safetensors").write_bytes(b"weights")
    passed = {"eval": {"gate": {"passed": True, "failures": []}}}
    (tmp_path / lineage.LINEAGE).write_text(json.dumps({**passed, "files": lineage.file_hashes(tmp_path)}))
    assert run_ech0(["verify", str(tmp_path)], tmp_path) == (0, set())
    (tmp_path / "model.safetensors").write_bytes(b"weightz")
    assert run_ech0(["verify", str(tmp_path)], tmp_path) == (1, set())
    done = subprocess.run([sys.executable, "-m", "ech0.cli", "verify", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 1 and "model.safetensors: sha256 mismatch" in done.stderr


def test_gate_exits_1_with_the_reasons_unless_the_recorded_gate_passed(tmp_path, capsys):
    metrics = tmp_path / "eval.json"
    assert main(["gate", "--metrics", str(metrics)]) == 1 and "unreadable" in capsys.readouterr().err
    metrics.write_text(json.dumps({"gate": {"passed": False, "failures": ["x < eval.gate.min_overall_score 1"]}}))
    assert main(["gate", "--metrics", str(metrics)]) == 1
    assert "gate FAILED" in (err := capsys.readouterr().err) and "  x < eval.gate.min_overall_score 1" in err
    metrics.write_text(json.dumps({"gate": {"passed": False}}))
    assert main(["gate", "--metrics", str(metrics)]) == 1 and "  not passed" in capsys.readouterr().err
    metrics.write_text(json.dumps({"gate": {"passed": True, "failures": []}}))
    assert main(["gate", "--metrics", str(metrics)]) == 0 and "gate PASSED" in capsys.readouterr().out


def test_params_check_ok_and_typo(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "params.yaml", "params.yaml")
    assert main(["params", "check"]) == 0
    p = yaml.safe_load(Path("params.yaml").read_text())
    p["clean"]["min_qualty"] = 0.5
    Path("params.yaml").write_text(yaml.safe_dump(p))
    assert main(["params", "check"]) == 1
    assert "clean.min_qualty: unknown key; did you mean 'min_quality'?" in capsys.readouterr().err


def test_validate_prints_path_line_field_message(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = {"prompt": "p", "completion": "c", "tags": [], "domain": "law", "category": "x", "difficulty": "easy",
            "source": "s", "metadata": {}}
    f = tmp_path / "rows.jsonl"
    f.write_text(json.dumps(good) + "\n" + json.dumps({**good, "prompt": 3}) + "\n\n{oops\n")
    assert main(["validate", str(f)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{f}:2: $.prompt: expected string, got int",
                   f"{f}:4: $: Expecting property name enclosed in double quotes at column 2"]
    f.write_text(json.dumps(good) + "\n")
    assert main(["validate", str(f)]) == 0


def test_validate_reports_each_problem_once_and_counts_rows_and_problems(tmp_path, capsys):
    def u(text):
        return {"role": "user", "content": text}

    def a(text):
        return {"role": "assistant", "content": text}

    rows = [
        # valid: the original system's schema (no domain, category, difficulty or source) and conversations
        {"prompt": "What is 2+2?", "completion": "4."},
        {"prompt": "Name a prime.", "completion": "7.", "tags": ["math"], "quality_score": 0.8, "metadata": {"n": 1}},
        {"messages": [u("Hi"), a("Hello!")]},
        {"messages": [{"role": "system", "content": "Be terse."}, u("Hi"), a("Hello."), u("Bye"), a("Bye.")]},
        # invalid
        {"prompt": "No answer"},
        {"prompt": 3, "completion": "c"},
        {"prompt": "p", "completion": "c", "messages": [u("Hi"), a("Hello!")]},
        {"messages": [u("Hi"), {"role": "asistant", "content": "Hello"}]},
        {"messages": [u("Hi"), u("again")]},
        {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]},
        "{oops",
        {"prompt": " ", "completion": "c", "difficulty": "medium-hard"},
    ]
    f = tmp_path / "rows.jsonl"
    f.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    assert main(["validate", str(f)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{f}:5: $.completion: required field 'completion' is missing",
        f"{f}:6: $.prompt: expected string, got int",
        f"{f}:7: $: a row has prompt and completion, or messages, not both",
        f"{f}:8: $.messages[1].role: 'asistant' is not one of ['system', 'user', 'assistant'] "
        "(did you mean 'assistant'?)",
        f"{f}:9: $.messages[1].role: two user turns in a row; user and assistant turns must alternate",
        f"{f}:10: $: unknown field(s) ['conversations']; ShareGPT and Alpaca rows are converted by `ech0 import`",
        f"{f}:10: $.prompt: required field 'prompt' is missing",
        f"{f}:10: $.completion: required field 'completion' is missing",
        f"{f}:11: $: Expecting property name enclosed in double quotes at column 2",
        f"{f}:12: $.difficulty: 'medium-hard' is not one of ['easy', 'medium', 'hard'] (did you mean 'medium'?)",
        f"{f}:12: $.prompt: must not be empty or whitespace only",
    ]
    assert err.strip() == "12 rows: 4 valid, 8 invalid (11 problems)"


def test_validate_accepts_valid_rows_skips_blank_lines_and_reads_json_arrays(tmp_path, capsys):
    seed = {"prompt": "p", "completion": "c", "tags": ["t"], "quality_score": 0.5, "metadata": {}}
    chat = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    f = tmp_path / "ok.jsonl"
    f.write_text(json.dumps(seed) + "\n\n" + json.dumps(chat) + "\n   \n")
    assert main(["validate", str(f)]) == 0
    assert capsys.readouterr() == ("", "2 rows: all valid\n")

    arr = tmp_path / "rows.json"
    arr.write_text("\n  " + json.dumps([seed, {"prompt": "p"}, chat], indent=2))
    assert main(["validate", str(arr), str(f)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{arr}[1]: $.completion: required field 'completion' is missing"]
    assert err == "5 rows: 4 valid, 1 invalid (1 problem)\n"

    arr.write_text('[{"prompt": "p",')
    assert main(["validate", str(arr), str(tmp_path / "missing.jsonl")]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{arr}:1: looks like a JSON array but does not parse: "
                                "Expecting property name enclosed in double quotes (column 17)",
                                f"{tmp_path / 'missing.jsonl'}: cannot read: No such file or directory"]
    assert err == "no rows; 2 files could not be read\n"


def test_generate_prints_rows(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["generate", "--domain", "law", "-n", "2", "--jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2 and rows[0]["domain"] == "law"
    assert main(["generate", "--domain", "nope", "-n", "1"]) == 2


def test_import_then_dvc_add(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([sys.executable, "-m", "dvc", "init", "-q"], check=True)
    dump = tmp_path / "legacy.json"
    dump.write_text(json.dumps([{"instruction": "Say hi", "output": "Hi there, friend."}]))
    assert main(["import", str(dump), "--tag", "greetings"]) == 0
    assert Path("data/imports/greetings.dvc").exists()
    assert Path("data/imports/greetings/legacy.jsonl").exists()
    assert "/greetings" in Path("data/imports/.gitignore").read_text()
    (tmp_path / "notes.txt").write_text("just some notes\nnot json\n")
    assert main(["import", "notes.txt", "--tag", "notes", "--no-dvc"]) == 1


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "presets").glob("*.yaml")))
def test_every_preset_validates_and_prints_set_param_options(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert cli.main(["preset", name]) == 0
    words = capsys.readouterr().out.split()
    assert words and words[::2] == ["-S"] * (len(words) // 2)
    options = yaml.safe_load((ROOT / "presets" / f"{name}.yaml").read_text())
    assert {w.split("=", 1)[0] for w in words[1::2]} == set(preset.flatten(options))


def test_preset_with_a_typo_fails_with_the_key_path(tmp_path, capsys, monkeypatch):
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets/bad.yaml").write_text("training: {learnin_rate: 0.001}\n")
    (tmp_path / "params.yaml").write_text((ROOT / "params.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    assert cli.main(["preset", "bad"]) == 1
    assert "training.learnin_rate" in capsys.readouterr().err
    assert cli.main(["preset", "missing"]) == 2


def test_status_reads_dvclive_and_gives_an_eta(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["status"]) == 1 and "no training metrics" in capsys.readouterr().err
    live = tmp_path / "metrics/train"
    live.mkdir(parents=True)
    m = {"step": 30, "train": {"loss": 2.5, "learning_rate": 0.004, "tokens_per_s": 8000.0},
         "eval": {"loss": 2.7}, "progress": {"max_steps": 150, "tokens_seen": 120000, "elapsed_s": 15.0}}
    (live / "metrics.json").write_text(json.dumps(m))
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "step 30/150 (20%)" in out and "loss 2.5" in out and "eval loss 2.7" in out
    assert "8,000 tokens/s" in out and "ETA 60 s" in out  # 0.5 s a step, 120 steps left
    m["step"] = 150
    (live / "metrics.json").write_text(json.dumps(m))
    assert main(["status", "--watch", "0.01"]) == 0 and "finished" in capsys.readouterr().out


def test_baseline_rewrites_min_scores_from_reports_and_refuses_unfailable_cases(tmp_path, capsys):
    def case(cid):
        return {"id": cid, "domain": "law", "prompt": f"p {cid}", "checks": {"must_stop": True},
                "max_new_tokens": 8, "min_score": 1.0, "why": "w"}

    cases = tmp_path / "regression.jsonl"
    cases.write_text("".join(json.dumps(case(c)) + "\n" for c in "abc"))
    run1 = tmp_path / "run1.json"  # the eval stage's metrics/eval/regression.json
    run1.write_text(json.dumps([{"set": "regression", "id": c, "score": s}
                                for c, s in zip("abc", (1.0, 0.5, 0.0))]))
    run2 = tmp_path / "run2.json"  # an `ech0 eval --out` report
    run2.write_text(json.dumps({"regression": {"reports": [{"set": "regression", "id": c, "score": 0.75}
                                                           for c in "abc"]}}))
    before = cases.read_text()
    assert main(["baseline", str(run1), str(run2), "--cases", str(cases)]) == 2
    assert "no model could fail them: c" in capsys.readouterr().err
    assert cases.read_text() == before  # nothing written

    assert main(["baseline", str(run1), str(run2), "--cases", str(cases), "--drop-unfailable"]) == 0
    out = capsys.readouterr().out
    assert "a: min_score 1.0 -> 0.75" in out and "c: dropped" in out
    rows = [json.loads(line) for line in cases.read_text().splitlines()]
    assert [(r["id"], r["min_score"]) for r in rows] == [("a", 0.75), ("b", 0.5)]
    assert cases.read_text().startswith('{"id": "a", "domain": "law", "prompt": "p a"')  # the file's own format

    (tmp_path / "bad.json").write_text('{"regression": {}}')
    assert main(["baseline", str(tmp_path / "bad.json"), "--cases", str(cases)]) == 2
    assert "not a list of case reports" in capsys.readouterr().err


def test_baseline_keep_current_only_lowers(tmp_path, capsys):
    """Runs from another precision or host added to the committed baselines: a
    higher score leaves a min_score alone, a lower one lowers it."""
    cases = tmp_path / "regression.jsonl"
    cases.write_text("".join(json.dumps({"id": c, "domain": "law", "prompt": f"p {c}", "checks": {"must_stop": True},
                                         "max_new_tokens": 8, "min_score": m}) + "\n"
                             for c, m in (("a", 0.5), ("b", 1.0))))
    run = tmp_path / "run.json"
    run.write_text(json.dumps([{"set": "regression", "id": "a", "score": 1.0},
                               {"set": "regression", "id": "b", "score": 0.75}]))
    assert main(["baseline", str(run), "--cases", str(cases), "--keep-current"]) == 0
    rows = [json.loads(line) for line in cases.read_text().splitlines()]
    assert [(r["id"], r["min_score"]) for r in rows] == [("a", 0.5), ("b", 0.75)]
    assert main(["baseline", str(run), "--cases", str(cases)]) == 0  # without it the run alone decides
    rows = [json.loads(line) for line in cases.read_text().splitlines()]
    assert [(r["id"], r["min_score"]) for r in rows] == [("a", 1.0), ("b", 0.75)]
