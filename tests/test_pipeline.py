"""Real `dvc repro` runs in temporary git+DVC projects (tiny params).

Proves: repro works from a fresh clone; a second repro does nothing; changing
clean.min_quality re-runs clean and processed only; two fresh clones give
identical dvc.lock hashes; planted secrets/PII and the raw stage's canaries
never reach data/clean or data/processed; every row is accounted for.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
import yaml

from ech0.data import canary
from tests.corpus import planted_pii, planted_secrets
from tests.shell import copy_into, init_repo, ran_stages, sh

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]
ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["dvc.yaml", "params.yaml", "src", "data/imports/README.md", ".dvcignore"]


def tiny_params(path: Path, **clean) -> None:
    p = yaml.safe_load(path.read_text())
    p["raw"]["total_samples"] = 300
    p["clean"].update(clean)
    path.write_text(yaml.safe_dump(p, sort_keys=False))


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    """A committed git+DVC project holding the pipeline and tiny params."""
    repo = tmp_path_factory.mktemp("origin")
    copy_into(repo, ROOT, PROJECT_FILES)
    tiny_params(repo / "params.yaml")
    init_repo(repo)
    return repo


def fresh_clone(origin: Path, dest: Path) -> Path:
    sh("git", "clone", "-q", str(origin), str(dest), cwd=origin.parent)
    return dest


def test_repro_from_fresh_clone_then_noop_then_targeted_rerun(origin, tmp_path):
    work = fresh_clone(origin, tmp_path / "a")
    first = sh("dvc", "repro", "processed", cwd=work)
    assert ran_stages(first.stdout) == ["raw", "clean", "processed"]
    for out in ("data/processed/train.jsonl", "data/processed/eval.jsonl", "metrics/clean.json",
                "metrics/processed.json", "dvc.lock"):
        assert (work / out).exists(), out
    clean = json.loads((work / "metrics/clean.json").read_text())
    processed = json.loads((work / "metrics/processed.json").read_text())
    planted = yaml.safe_load((work / "params.yaml").read_text())["raw"]["canaries"]
    assert planted > 0 and (work / "data/raw/canaries.jsonl").exists()
    assert clean["rows_in"] == 300 + planted == clean["rows_kept"] + clean["rows_rejected"]
    assert processed["rows_in"] == clean["rows_kept"]
    lock = (work / "dvc.lock").read_text()

    second = sh("dvc", "repro", "processed", cwd=work)
    assert ran_stages(second.stdout) == []
    assert (work / "dvc.lock").read_text() == lock

    # High enough to reject some generated rows (all score >= 0.8), so clean's
    # output changes and processed must follow; raw is untouched.
    tiny_params(work / "params.yaml", min_quality=0.99)
    third = sh("dvc", "repro", "processed", cwd=work)
    assert ran_stages(third.stdout) == ["clean", "processed"]
    assert json.loads((work / "metrics/clean.json").read_text())["rejected_by_reason"]["low_quality"] > 0


def test_two_fresh_clones_give_identical_hashes(origin, tmp_path):
    locks = []
    for name in ("x", "y"):
        work = fresh_clone(origin, tmp_path / name)
        sh("dvc", "repro", "processed", cwd=work)
        lock = yaml.safe_load((work / "dvc.lock").read_text())
        locks.append({stage: [(o["path"], o["md5"]) for o in spec.get("outs", [])]
                      for stage, spec in lock["stages"].items()})
        for path in (work / "data").rglob("*.json*"):
            text = path.read_text(errors="replace")
            assert str(work) not in text and str(tmp_path) not in text, f"absolute path in {path}"
    assert locks[0] == locks[1]
    assert set(locks[0]) == {"raw", "clean", "processed"}


def test_planted_values_never_reach_clean_or_processed(origin, tmp_path):
    work = fresh_clone(origin, tmp_path / "p")
    rng = random.Random(99)
    planted = planted_secrets(rng) + planted_pii(rng)
    body = ("Here is the record you asked about, with the details spelled out in full so that the "
            "reader can follow every step of the reasoning without guessing. ")
    jsonl_rows = [{"instruction": f"Summarise record {i}.", "output": body + text, "domain": "law"}
                  for i, (_, text, _) in enumerate(planted)]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in jsonl_rows) + "\n{broken json\n")
    array_rows = [{"question": f"What about item {i}?", "answer": body + text} for i, (_, text, _) in enumerate(planted)]
    (tmp_path / "legacy.json").write_text(json.dumps(array_rows + ["not an object"]))
    sh(sys.executable, "-m", "ech0.cli", "import", str(tmp_path / "dump.jsonl"), "--tag", "law", cwd=work)
    sh(sys.executable, "-m", "ech0.cli", "import", str(tmp_path / "legacy.json"), "--tag", "law", cwd=work)
    assert (work / "data/imports/law.dvc").exists()
    sh("dvc", "repro", "processed", cwd=work)

    outputs = [p for d in ("data/clean", "data/processed") for p in (work / d).rglob("*") if p.is_file()]
    outputs.append(work / "metrics/clean.json")
    blob = "\n".join(p.read_text() for p in outputs)
    for kind, _, value in planted:
        assert value not in blob, f"planted {kind} leaked"
    p = yaml.safe_load((work / "params.yaml").read_text())
    for c in canary.canaries(p["seed"], p["raw"]["canaries"]):
        assert not any(s in blob for s in c["secrets"]), f"{c['id']} leaked"
    clean = json.loads((work / "data/clean/report.json").read_text())
    assert json.loads((work / "metrics/clean.json").read_text()) == {k: v for k, v in clean.items() if k != "files"}
    assert sum(d["kept"] for d in clean["domains"].values()) == clean["rows_kept"]
    n = len(planted)
    assert clean["files"]["imports/law/dump.jsonl"] == {"rows_in": n + 1, "kept": n, "rejected": 1}
    assert clean["files"]["imports/law/legacy.jsonl"] == {"rows_in": n + 1, "kept": n, "rejected": 1}
    assert clean["rows_in"] == clean["rows_kept"] + clean["rows_rejected"]
    rejects = [json.loads(x) for x in (work / "data/clean/rejects.jsonl").read_text().splitlines()]
    sources = {r["source"]: r["reason"] for r in rejects if r["source"]}
    assert sources == {f"dump.jsonl:{n + 1}": "malformed_json", f"legacy.json[{n}]": "not_object"}


def test_exp_run_with_a_typo_fails_loudly(origin, tmp_path):
    work = fresh_clone(origin, tmp_path / "typo")
    # DVC's own -S refuses a key that params.yaml lacks...
    done = sh("dvc", "exp", "run", "-S", "clean.min_qualty=0.3", cwd=work, check=False)
    assert done.returncode != 0 and "clean.min_qualty" in done.stderr
    # ...and when it is forced in with +, the stage's schema check stops the run.
    done = sh("dvc", "exp", "run", "-S", "+clean.min_qualty=0.3", cwd=work, check=False)
    assert done.returncode != 0
    assert "clean.min_qualty: unknown key; did you mean 'min_quality'?" in done.stdout + done.stderr


def _answer(i: int, topic: str) -> str:
    words = ("river stone lantern copper meadow harbour signal orchard granite velvet compass ember thistle "
             "falcon quarry ribbon tundra walnut").split()
    picked = " ".join(words[(i * 5 + k * 7) % len(words)] for k in range(10))
    return f"For {topic} number {i}, the careful answer walks through each step in turn: {picked}, then checks it."


def test_conversation_formats_import_and_train_end_to_end(tmp_path):
    """OpenAI messages, ShareGPT and Alpaca files imported into a fresh project, then a
    whole `dvc repro` on the tiny model: every row accounted for, conversations trained."""
    from tests.test_experiments import tiny_project

    repo = tiny_project(tmp_path / "conv")
    openai = [{"messages": [{"role": "system", "content": "You are a patient tutor."},
                            {"role": "user", "content": f"Explain topic {i} to me."},
                            {"role": "assistant", "content": _answer(i, "topic")},
                            {"role": "user", "content": f"And how does topic {i} relate to the next one?"},
                            {"role": "assistant", "content": _answer(i + 50, "link")}]} for i in range(5)]
    openai.append({"messages": [{"role": "user", "content": "Explain topic 9."},
                                {"role": "assistant", "content": _answer(9, "topic")},
                                {"role": "user", "content": "A follow-up left hanging."}]})
    sharegpt = [{"conversations": [{"from": "human", "value": f"Describe pattern {i}."},
                                   {"from": "gpt", "value": _answer(i + 100, "pattern")}]} for i in range(5)]
    sharegpt.append({"conversations": [{"from": "human", "value": "Hello there, who are you?"},
                                       {"from": "bot", "value": _answer(999, "bot")}]})
    alpaca = [{"instruction": f"Summarise note {i}.", "input": f"Note {i} text.", "output": _answer(i + 200, "note")}
              for i in range(5)]
    alpaca.append({"instruction": "Summarise this.", "input": "", "output": "ok"})
    (tmp_path / "openai.jsonl").write_text("\n".join(json.dumps(r) for r in openai) + "\n")
    (tmp_path / "sharegpt.json").write_text(json.dumps(sharegpt))
    (tmp_path / "alpaca.jsonl").write_text("\n".join(json.dumps(r) for r in alpaca) + "\n")
    for name in ("openai.jsonl", "sharegpt.json", "alpaca.jsonl"):
        sh(sys.executable, "-m", "ech0.cli", "import", str(tmp_path / name), "--tag", "chat", cwd=repo)
    done = sh("dvc", "repro", cwd=repo)
    assert ran_stages(done.stdout) == ["raw", "clean", "processed", "base", "train", "eval", "package"]

    clean = json.loads((repo / "data/clean/report.json").read_text())
    for stem in ("openai", "sharegpt", "alpaca"):
        assert clean["files"][f"imports/chat/{stem}.jsonl"] == {"rows_in": 6, "kept": 5, "rejected": 1}, stem
    rejects = [json.loads(x) for x in (repo / "data/clean/rejects.jsonl").read_text().splitlines()]
    got = {r["source"]: (r["reason"], r["field"]) for r in rejects if r["source"]}
    assert got == {"openai.jsonl:6": ("conversation", "$.messages[2]"),
                   "sharegpt.json[5]": ("schema", "$.messages[1].role"),
                   "alpaca.jsonl:6": ("low_quality", "$.completion")}
    # Every kept imported row is in train or eval, or dropped with a reason.
    kept = {json.loads(x)["id"] for x in (repo / "data/clean/rows.jsonl").read_text().splitlines()
            if json.loads(x)["domain"] == "chat"}
    assert len(kept) == 15
    placed = {}
    for name in ("train", "eval", "dropped"):
        for x in (repo / f"data/processed/{name}.jsonl").read_text().splitlines():
            r = json.loads(x)
            if r["id"] in kept:
                placed[r["id"]] = name
    assert set(placed) == kept
    train_rows = [json.loads(x) for x in (repo / "data/processed/train.jsonl").read_text().splitlines()]
    trained_convs = [r for r in train_rows if r["domain"] == "chat" and "messages" in r]
    assert trained_convs and any(len(r["messages"]) == 5 for r in trained_convs + [
        json.loads(x) for x in (repo / "data/processed/eval.jsonl").read_text().splitlines()
        if "messages" in json.loads(x)])
    report = json.loads((repo / "metrics/train/report.json").read_text())
    ex = report["examples"]
    assert ex["used"] == ex["selected"] - ex["too_long"] and ex["selected"] == ex["train_rows"] == len(train_rows)
