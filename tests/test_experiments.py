"""The experiment loop with real DVC commands in a temporary git+DVC clone of the
project, on a tiny configuration of every stage: a full `dvc repro` builds the
package; `dvc exp run -S training.learning_rate=...` re-runs train, eval and
package only; a data param re-runs from the stage it feeds; `dvc exp show`
has the columns people compare and not the accounting detail; `dvc plots diff`
renders two experiments; a four-point learning-rate sweep runs from the queue
and records every point, passed or failed; a failed gate is an experiment that
cannot ship; `dvc exp apply` of the winner, commit and `dvc push`
put its package on the remote; two fresh clones train to identical hashes
and metrics."""

from __future__ import annotations

import json
import os
import re
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

    data = exp_rows(project)["lr1e-3"]["data"]
    assert data["params"]["params.yaml"]["data"]["training"]["learning_rate"] == 1e-3
    metrics = data["metrics"]
    # Accounting (clean, processed, the whole training and eval records) is in outs, not metrics.
    assert set(metrics) == {"metrics/eval.json", "metrics/train.json"}
    ev = metrics["metrics/eval.json"]["data"]
    assert set(ev) == {"overall", "domains", "base", "regression", "capability", "safety", "canaries", "refusals",
                       "gate"}
    assert set(ev["domains"]) == set(ev["base"]["domains"]) and ev["domains"]  # the domains with eval rows
    assert set(metrics["metrics/train.json"]["data"]) == {"steps", "train_loss_final", "eval_loss", "tokens_per_s",
                                                          "wall_s"}
    assert sum(leaves(m["data"]) for m in metrics.values()) <= MAX_METRIC_COLUMNS
    header = sh("dvc", "exp", "show", "--csv", cwd=project).stdout.splitlines()[0].split(",")
    assert "gate.passed" in header and "overall.score" in header and "domains.law" in header
    assert not any("details" in c or "failed_ids" in c or c.startswith("examples.") for c in header)
    # The README's compact view: the compared metrics and only the params that differ.
    compact = sh("dvc", "exp", "show", "--only-changed", "--csv", cwd=project).stdout.splitlines()[0].split(",")
    params = [c for c in compact if c.startswith(("training.", "model.", "lora.", "eval.", "seed"))]
    assert params == ["training.learning_rate"], compact


# What `dvc exp show` compares (issue 16 asks for at most ~40): eval 34, train 5.
MAX_METRIC_COLUMNS = 40


def leaves(obj) -> int:
    """The columns `dvc exp show` makes of a metrics file: one per scalar (it drops lists)."""
    if isinstance(obj, dict):
        return sum(leaves(v) for v in obj.values())
    return 0 if isinstance(obj, list) else 1

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


SWEEP = ("1e-7", "1e-3", "3e-3", "1e-2")


def test_a_four_point_sweep_records_every_run_passed_or_not(project):
    """Four queued learning rates all finish as Success and all appear in `dvc exp show`
    with their losses, scores and gate, the failed one (1e-7 learns nothing, below
    min_loss_improvement) included; `dvc plots diff` overlays all four."""
    back_to_baseline(project)
    for lr in SWEEP:
        sh("dvc", "exp", "run", "--queue", "-n", f"lr-{lr}", "-S", f"training.learning_rate={lr}",
           "-S", "eval.gate.min_loss_improvement=0.01", cwd=project)
    # Not through a pipe: the workers inherit the command's stdout and outlive it.
    subprocess.run(["dvc", "queue", "start", "-j", "2"], cwd=project, env=sh_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 900
        while True:
            status = sh("dvc", "queue", "status", cwd=project).stdout
            if not any(s in status for s in ("Queued", "Running")):
                break
            assert time.monotonic() < deadline, status
            time.sleep(3)
    finally:
        stop_workers(project)
    assert status.count("Success") == 4, status + sh("dvc", "queue", "logs", "lr-1e-7", cwd=project, check=False).stdout
    exps = exp_rows(project)
    gates = {}
    for lr in SWEEP:
        data = exps[f"lr-{lr}"]["data"]
        assert data["params"]["params.yaml"]["data"]["training"]["learning_rate"] == float(lr)
        ev, tr = (data["metrics"][f]["data"] for f in ("metrics/eval.json", "metrics/train.json"))
        assert isinstance(ev["overall"]["score"], float) and isinstance(tr["eval_loss"], float)
        gates[lr] = ev["gate"]
    # What `dvc exp show` has of the gate: passed and the failed thresholds' names.
    assert not gates["1e-7"]["passed"] and gates["1e-7"]["failed"] == "min_loss_improvement", gates["1e-7"]
    assert gates["1e-2"]["failed"] == ""
    assert gates["1e-2"]["passed"], gates["1e-2"]
    out = project / "plots-sweep"
    sh("dvc", "plots", "diff", *(f"lr-{lr}" for lr in SWEEP), "-o", str(out), cwd=project)
    html = (out / "index.html").read_text()
    plots = re.findall(r"vegaEmbed\('#(\w+)'", html)
    assert all(f"lr-{lr}" in html for lr in SWEEP), plots
    # The loss curves (dvclive's train/loss) and the per-domain scores, one series per point.
    assert "metrics_train_plots_metrics_train_loss_tsv" in plots and "metrics_eval_domains_json" in plots, plots


def test_a_failed_gate_is_recorded_and_cannot_ship(project, monkeypatch, capsys):
    """`dvc exp run` completes on a failed gate and the experiment is listed; applied and
    committed, it registers, but production refuses it, and so does deploy from any stage."""
    from gto import api

    from ech0.release import registry
    from ech0.cli import main

    back_to_baseline(project)
    done = sh("dvc", "exp", "run", "-n", "no-ship", "-S", "eval.gate.min_loss_improvement=100", cwd=project)
    assert "gate FAILED" in done.stdout and "refusal record" in done.stdout
    gate = exp_rows(project)["no-ship"]["data"]["metrics"]["metrics/eval.json"]["data"]["gate"]
    assert gate["passed"] is False and gate["failed"] == "min_loss_improvement", gate
    assert sorted(p.name for p in (project / "models/package").iterdir()) == ["README.md", "lineage.json"]
    sh("git", "add", "-A", cwd=project)
    sh("git", "commit", "-qm", "no-ship: a failed gate", cwd=project)
    monkeypatch.chdir(project)
    try:
        assert main(["gate"]) == 1 and "min_loss_improvement" in capsys.readouterr().err
        assert main(["registry", "register", "--version", "v9.0.0"]) == 0
        assert main(["registry", "promote", "v9.0.0", "--stage", "production"]) == 1
        assert "refusing to promote v9.0.0 to production" in capsys.readouterr().err
        registry.wait_next_second(project)
        api.assign(str(project), registry.ARTIFACT, "staging", version="v9.0.0")  # staging is not gated
        assert main(["deploy", "--stage", "staging", "--dest", "serve"]) == 1
        assert "not a model: its eval gate FAILED" in capsys.readouterr().err and not (project / "serve").exists()
    finally:
        sh("git", "reset", "-q", "--hard", "HEAD~1", cwd=project)
        sh("dvc", "checkout", "-q", cwd=project)


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
                        for f in ("metrics/train.json", "metrics/train/report.json", "metrics/train/metrics.json")])
        for f in (c / "metrics/train/plots/metrics").rglob("*.tsv"):
            if f.name != "tokens_per_s.tsv":
                records[-1].append((f.name, f.read_text()))
    assert ("train", "models/train") in locks[0] and ("base", "models/base") in locks[0]
    assert locks[0] == locks[1]
    assert records[0] == records[1]
    assert records[0][0]["steps"] == 4 and records[0][1]["tokens_seen"] > 0
