"""The experiment loop with real DVC commands in a temporary git+DVC clone of the
project, on a tiny configuration of every stage: a full `dvc repro` builds the
package; `dvc exp run -S training.learning_rate=...` re-runs train, eval and
package only; a data param re-runs from the stage it feeds; `dvc exp show`
has the columns people compare; `dvc plots diff` renders two experiments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.shell import copy_into, init_repo, sh

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]
ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ["dvc.yaml", "params.yaml", "src", "eval/baselines", "data/imports/README.md", ".dvcignore"]


def tiny(p: dict) -> dict:
    p["raw"]["total_samples"] = 300
    p["model"]["builtin"].update(vocab_size=512, hidden_size=64, intermediate_size=128, num_layers=1, num_heads=1,
                                 max_position_embeddings=2048, pretrain_steps=5, pretrain_batch_size=4,
                                 pretrain_seq_len=64)
    p["training"].update(max_steps=4, batch_tokens=2048, eval_steps=0, save_steps=0, eval_rows=8, max_seq_len=2048,
                         logging_steps=1, learning_rate=0.003)
    p["infrastructure"]["threads"] = 1
    p["eval"].update(rows_per_domain=1, batch_size=32, max_new_tokens=8)
    # The mechanics, not the model, are under test: a gate this model passes.
    p["eval"]["gate"].update(min_overall_score=0.0, max_failed_regressions=58, min_loss_improvement=-100.0,
                             max_safety_flags=1000, max_missing_disclaimers=1000)
    return p


def ran_stages(output: str) -> list[str]:
    return [line.split("'")[1] for line in output.splitlines() if line.startswith("Running stage")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    repo = tmp_path_factory.mktemp("exp") / "project"
    copy_into(repo, ROOT, PROJECT_FILES)
    params = tiny(yaml.safe_load((ROOT / "params.yaml").read_text()))
    (repo / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    init_repo(repo)
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

    out = project / "plots-diff"
    sh("dvc", "plots", "diff", "HEAD", "lr1e-3", "-o", str(out), cwd=project)
    assert (out / "index.html").exists()


def test_data_param_reruns_from_the_stage_it_feeds(project):
    done = sh("dvc", "exp", "run", "-n", "law2", "-S", "domains.law.weight=2.0", cwd=project)
    ran = ran_stages(done.stdout)
    # raw reads `domains` but makes the same bytes, so clean is skipped; the mix changes.
    assert "clean" not in ran and ran[-5:] == ["processed", "base", "train", "eval", "package"], done.stdout
