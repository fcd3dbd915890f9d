"""The experiment loop with real DVC commands in a temporary git+DVC clone of the
project, on a tiny configuration of every stage: a full `dvc repro` builds the
package; `dvc exp run -S training.learning_rate=...` re-runs train, eval and
package only; a data param re-runs from the stage it feeds; `dvc exp show`
has the columns people compare and not the accounting detail; `dvc plots diff`
renders two experiments; two queued experiments run side by side with
`dvc queue start -j 2`; `dvc exp apply` of the winner, commit and `dvc push`
put its package on the remote; two fresh clones train to identical hashes
and metrics."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from tests.shell import copy_into, init_repo, ran_stages, sh, sh_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]
ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["dvc.yaml", "params.yaml", "src", "eval/baselines", "data/imports/README.md", ".dvcignore"]


def tiny(p: dict) -> dict:
    p["raw"]["total_samples"] = 300
    p["model"].update(base_model="builtin", sha256=None)  # the tiny-offline preset's base
    p["model"]["builtin"].update(vocab_size=512, hidden_size=64, intermediate_size=128, num_layers=1, num_heads=1,
                                 max_position_embeddings=2048, pretrain_steps=5, pretrain_batch_size=4,
                                 pretrain_seq_len=64, pretrain_compile=False)
    p["training"].update(max_steps=4, batch_tokens=2048, eval_steps=0, save_steps=0, eval_rows=8, max_seq_len=2048,
                         logging_steps=1, learning_rate=0.003, compile=False)
    p["infrastructure"]["threads"] = 1
    p["eval"].update(rows_per_domain=1, batch_size=32, max_new_tokens=8)
    # The mechanics, not the model, are under test: a gate this model passes.
    p["eval"]["gate"].update(min_overall_score=0.0, max_failed_regressions=58, min_loss_improvement=-100.0,
                             max_safety_flags=1000, max_missing_disclaimers=1000)
    return p


def tiny_project(repo: Path) -> Path:
    """A committed git+DVC copy of the project with tiny() params."""
    copy_into(repo, ROOT, PROJECT_FILES)
    params = tiny(yaml.safe_load((ROOT / "params.yaml").read_text()))
    (repo / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    init_repo(repo)
    return repo


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    repo = tiny_project(tmp_path_factory.mktemp("exp") / "project")
    first = sh("dvc", "repro", cwd=repo)
    assert ran_stages(first.stdout) == ["raw", "clean", "processed", "base", "train", "eval", "package"]
    assert (repo / "models/package/model.safetensors").exists()
    sh("git", "add", "-A", cwd=repo)
    sh("git", "commit", "-qm", "baseline", cwd=repo)
    return repo


def test_training_param_reruns_train_eval_and_package_only(project):
    done = sh("dvc", "exp", "run", "-n", "lr1e-3", "-S", "training.learning_rate=1e-3", cwd=project)
    assert ran_stages(done.stdout) == ["train", "eval", "package"], done.stdout

    rows = json.loads(sh("dvc", "exp", "show", "--json", cwd=project).stdout)
    exps = {r["name"]: r for e in rows for ex in (e.get("experiments") or []) for r in ex["revs"]}
    data = exps["lr1e-3"]["data"]
    assert data["params"]["params.yaml"]["data"]["training"]["learning_rate"] == 1e-3
    ev = data["metrics"]["metrics/eval.json"]["data"]
    assert {"overall", "base", "gate", "regression", "safety"} <= set(ev) and "passed" in ev["gate"]
    assert any(isinstance(v, dict) and {"score", "passed", "total"} <= set(v) for v in ev.values())  # seed shape
    assert "tokens_per_s" in data["metrics"]["metrics/train.json"]["data"]
    header = sh("dvc", "exp", "show", "--csv", cwd=project).stdout.splitlines()[0].split(",")
    assert any(c.endswith("gate.passed") for c in header) and any(c.endswith("overall.score") for c in header)
    assert not any("details" in c or "failed_ids" in c for c in header), "eval details belong in report.json"
    # Per-file counts live in data/clean/report.json, per-domain detail beyond
    # two counts in metrics/domain_mix.json: as metrics they were ~80 columns.
    metrics = data["metrics"]
    assert "files" not in metrics["metrics/clean.json"]["data"]
    assert {"train_rows", "eval_rows"} == {k for d in metrics["metrics/processed.json"]["data"]["domains"].values()
                                           for k in d}
    assert 0 < sum(leaves(m["data"]) for m in metrics.values()) < 200


def leaves(obj) -> int:
    return sum(leaves(v) for v in obj.values()) if isinstance(obj, dict) else 1

    out = project / "plots-diff"
    sh("dvc", "plots", "diff", "HEAD", "lr1e-3", "-o", str(out), cwd=project)
    assert (out / "index.html").exists()


def test_data_param_reruns_from_the_stage_it_feeds(project):
    done = sh("dvc", "exp", "run", "-n", "law2", "-S", "domains.law.weight=2.0", cwd=project)
    ran = ran_stages(done.stdout)
    # raw reads `domains` but makes the same bytes, so clean is skipped; the mix changes.
    assert "clean" not in ran and ran[-5:] == ["processed", "base", "train", "eval", "package"], done.stdout


def back_to_baseline(project: Path) -> None:
    """Undo what a plain `dvc exp run` applied to the workspace (queued runs stash it)."""
    sh("git", "checkout", "--", ".", cwd=project)
    sh("dvc", "checkout", "-q", cwd=project)


def exp_rows(project: Path) -> dict:
    rows = json.loads(sh("dvc", "exp", "show", "--json", cwd=project).stdout)
    return {r["name"]: r for e in rows for ex in (e.get("experiments") or []) for r in ex["revs"]}


def stop_workers(project: Path) -> None:
    """SIGTERM every queue worker still alive. A DVC 3.67 worker can stay up after
    the queue empties (its monitor decided to shut down while a task still ran)."""
    for pid_file in (project / ".dvc/tmp/exps/celery").glob("*.pid"):
        try:
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
        except (ProcessLookupError, ValueError):
            pass


def test_queue_runs_two_experiments_side_by_side(project):
    back_to_baseline(project)
    for name, lr in (("q-a", "2e-3"), ("q-b", "5e-3")):
        sh("dvc", "exp", "run", "--queue", "-n", name, "-S", f"training.learning_rate={lr}", cwd=project)
    # Not through a pipe: the workers inherit the command's stdout and outlive it.
    subprocess.run(["dvc", "queue", "start", "-j", "2"], cwd=project, env=sh_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while True:
            status = sh("dvc", "queue", "status", cwd=project).stdout
            if not any(s in status for s in ("Queued", "Running")):
                break
            assert time.monotonic() < deadline, status
            time.sleep(3)
    finally:
        stop_workers(project)
    assert status.count("Success") == 2, status + sh("dvc", "queue", "logs", "q-a", cwd=project, check=False).stdout
    exps = exp_rows(project)
    for name, lr in (("q-a", 2e-3), ("q-b", 5e-3)):
        data = exps[name]["data"]
        assert data["params"]["params.yaml"]["data"]["training"]["learning_rate"] == lr
        assert "passed" in data["metrics"]["metrics/eval.json"]["data"]["gate"]
    a, b = (exps[n]["data"]["metrics"]["metrics/train.json"]["data"] for n in ("q-a", "q-b"))
    assert a["train_loss_final"] != b["train_loss_final"]


def test_apply_the_winner_commit_and_push(project, tmp_path):
    back_to_baseline(project)
    sh("dvc", "exp", "run", "-n", "winner", "-S", "training.learning_rate=4e-3", cwd=project)
    back_to_baseline(project)
    won = exp_rows(project)["winner"]["data"]["metrics"]["metrics/train.json"]["data"]

    sh("dvc", "exp", "apply", "winner", cwd=project)
    params = yaml.safe_load((project / "params.yaml").read_text())
    assert params["training"]["learning_rate"] == 4e-3
    assert json.loads((project / "metrics/train.json").read_text())["train_loss_final"] == won["train_loss_final"]
    sh("git", "add", "-A", cwd=project)
    sh("git", "commit", "-qm", "winner: lr 4e-3", cwd=project)
    assert sh("dvc", "status", cwd=project).stdout.strip().startswith("Data and pipelines are up to date")

    remote = tmp_path / "remote"
    sh("dvc", "remote", "add", "-d", "storage", str(remote), cwd=project)
    sh("dvc", "push", cwd=project)
    assert "in sync" in sh("dvc", "status", "-c", cwd=project).stdout
    lock = yaml.safe_load((project / "dvc.lock").read_text())
    package = next(o for o in lock["stages"]["package"]["outs"] if o["path"] == "models/package")
    md5 = package["md5"].removesuffix(".dir")
    assert (remote / "files" / "md5" / md5[:2] / f"{md5[2:]}.dir").exists()


# Timing fields differ run to run; every other byte of the training record must not.
TIMING = {"wall_s", "tokens_per_s", "elapsed_s"}


def without_timing(obj):
    if isinstance(obj, dict):
        return {k: without_timing(v) for k, v in obj.items() if k not in TIMING}
    return obj


def test_two_fresh_clones_train_to_identical_hashes_and_metrics(tmp_path):
    origin = tiny_project(tmp_path / "origin")
    clones = [tmp_path / n for n in ("x", "y")]
    for c in clones:
        sh("git", "clone", "-q", str(origin), str(c), cwd=tmp_path)
    # One thread each (tiny params), so the two clones train side by side.
    procs = [subprocess.Popen(["dvc", "repro", "train"], cwd=c, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=sh_env()) for c in clones]
    for proc in procs:
        out, _ = proc.communicate(timeout=900)
        assert proc.returncode == 0, out
    locks, records = [], []
    for c in clones:
        lock = yaml.safe_load((c / "dvc.lock").read_text())["stages"]
        assert set(lock) == {"raw", "clean", "processed", "base", "train"}
        locks.append({(stage, o["path"]): o["md5"] for stage, spec in lock.items() for o in spec["outs"]
                      if not o["path"].startswith("metrics/train")})  # timing fields, compared below
        records.append([without_timing(json.loads((c / f).read_text()))
                        for f in ("metrics/train.json", "metrics/train/metrics.json")])
        for f in (c / "metrics/train/plots/metrics").rglob("*.tsv"):
            if f.name != "tokens_per_s.tsv":
                records[-1].append((f.name, f.read_text()))
    assert ("train", "models/train") in locks[0] and ("base", "models/base") in locks[0]
    assert locks[0] == locks[1]
    assert records[0] == records[1]
    assert records[0][0]["steps"] == 4 and records[0][0]["tokens_seen"] > 0
