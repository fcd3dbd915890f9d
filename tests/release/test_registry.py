"""`ech0 registry` in a temporary git repo: GTO tags only, no model and no DVC data.

Three commits carry metrics/eval.json with a passed, a failed and a passed gate.
Proves: register (explicit and bumped versions, annotated tags, the artifact must
be declared in dvc.yaml), list, promote, the refusal to put a failed-gate version
in production (gate read from the version's commit, not the working tree), one
holder per stage in every GTO view, and rollback to the previous holder.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from ech0.release import registry
from ech0.cli import main

DVC_YAML = {"stages": {}, "artifacts": {"ech0-model": {"path": "models/package", "type": "model"}}}


def git(repo, *args) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def git_repo(repo) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")


def commit_eval(repo, passed: bool, message: str) -> str:
    gate = {"passed": passed, "failures": [] if passed else ["overall score 0.1 < eval.gate.min_overall 0.5"]}
    (repo / "metrics").mkdir(exist_ok=True)
    (repo / "metrics/eval.json").write_text(json.dumps({"overall": {"score": 0.6}, "gate": gate}))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Commits: no artifact declared; then gates passed, FAILED, passed."""
    repo = tmp_path_factory.mktemp("registry")
    git_repo(repo)
    (repo / "dvc.yaml").write_text(yaml.safe_dump({"stages": {}}))
    commits = {"undeclared": commit_eval(repo, True, "no artifacts section")}
    (repo / "dvc.yaml").write_text(yaml.safe_dump(DVC_YAML))
    commits["good1"] = commit_eval(repo, True, "gate passed")
    commits["bad"] = commit_eval(repo, False, "gate failed")
    commits["good2"] = commit_eval(repo, True, "gate passed again")
    return repo, commits


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def views(repo, stage) -> set[str]:
    """Who holds `stage` by GTO's time-sorted show (what `gto show` prints) and its semver `which`."""
    from gto import api

    shown = {v["version"] for v in api.show(str(repo), "ech0-model") if any(s["stage"] == stage for s in v["stages"])}
    return shown | set(registry.holders(repo, stage))


def test_register_promote_refuse_rollback(repo, monkeypatch, capsys):
    repo, c = repo
    monkeypatch.chdir(repo)

    code, _, err = run(capsys, "registry", "register", "--ref", c["undeclared"])
    assert code == 1 and "does not declare the artifact ech0-model" in err

    assert run(capsys, "registry", "register", "--version", "v0.1.0", "--ref", c["good1"])[0] == 0
    code, out, err = run(capsys, "registry", "register", "--ref", c["bad"], "--promote", "production")
    assert code == 1 and "registered ech0-model v0.1.1 at" in out        # GTO bumps the patch
    assert "refusing to promote v0.1.1 to production" in err             # promote-on-pass: not on a fail
    assert registry.holders(repo, "production") == []
    assert run(capsys, "registry", "register", "--version", "v0.2.0", "--ref", c["good2"])[0] == 0
    code, _, err = run(capsys, "registry", "register", "--version", "v0.2.0", "--ref", c["good1"])
    assert code == 1 and "already registered in this commit with version 'v0.1.0'" in err
    for version, commit in (("v0.1.0", c["good1"]), ("v0.1.1", c["bad"]), ("v0.2.0", c["good2"])):
        tag = f"ech0-model@{version}"
        assert git(repo, "cat-file", "-t", tag) == "tag"          # annotated
        assert git(repo, "rev-parse", f"{tag}^{{commit}}") == commit

    assert run(capsys, "registry", "promote", "v0.1.0", "--stage", "production")[0] == 0
    assert registry.holder(repo, "production") == "v0.1.0"

    # The working tree's gate passes, the version's committed one does not: refused.
    tags = git(repo, "tag")
    (repo / "metrics/eval.json").write_text(json.dumps({"gate": {"passed": True, "failures": []}}))
    code, _, err = run(capsys, "registry", "promote", "v0.1.1", "--stage", "production")
    assert code == 1
    assert "refusing to promote v0.1.1 to production" in err and "eval.gate.min_overall" in err
    assert views(repo, "production") == {"v0.1.0"}
    assert git(repo, "tag") == tags                                 # no tag written
    git(repo, "checkout", "-q", "--", "metrics/eval.json")
    # Staging is not gated.
    assert run(capsys, "registry", "promote", "v0.1.1", "--stage", "staging")[0] == 0
    assert views(repo, "staging") == {"v0.1.1"}

    code, out, _ = run(capsys, "registry", "promote", "v0.2.0", "--stage", "production")
    assert code == 0 and "unassigned production from v0.1.0" in out and "assigned production to v0.2.0" in out
    assert views(repo, "production") == {"v0.2.0"}                 # one holder, whatever the sort

    code, out, _ = run(capsys, "registry", "list")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(lines) == {"v0.1.0", "v0.1.1", "v0.2.0"}
    assert "FAILED" in lines["v0.1.1"] and "staging" in lines["v0.1.1"]
    assert "passed" in lines["v0.2.0"] and "production" in lines["v0.2.0"]
    assert "production" not in lines["v0.1.0"]

    code, out, _ = run(capsys, "registry", "rollback", "--stage", "production")
    assert code == 0 and "rolled back production: v0.2.0 -> v0.1.0" in out
    assert views(repo, "production") == {"v0.1.0"}
    # The history is in the tags: a second rollback undoes the first.
    code, out, _ = run(capsys, "registry", "rollback", "--stage", "production")
    assert code == 0 and "v0.1.0 -> v0.2.0" in out
    assert views(repo, "production") == {"v0.2.0"}
    assert run(capsys, "registry", "promote", "v0.2.0", "--stage", "production")[1].startswith("v0.2.0 already holds")

    # Staging's first holder has nothing before it.
    code, _, err = run(capsys, "registry", "rollback", "--stage", "staging")
    assert code == 1 and "v0.1.1 is the first version that held staging" in err


def test_rollback_skips_a_previous_holder_that_now_fails_the_gate(tmp_path, monkeypatch, capsys):
    """A failed-gate version put in production with gto directly is not a rollback target."""
    from gto import api

    git_repo(tmp_path)
    (tmp_path / "dvc.yaml").write_text(yaml.safe_dump(DVC_YAML))
    bad, good = commit_eval(tmp_path, False, "bad"), commit_eval(tmp_path, True, "good")
    monkeypatch.chdir(tmp_path)
    registry.register(tmp_path, "v1.0.0", bad)
    registry.register(tmp_path, "v1.1.0", good)
    api.assign(str(tmp_path), "ech0-model", "production", version="v1.0.0")   # bypassing ech0's gate
    registry.promote(tmp_path, "v1.1.0", "production")
    code, _, err = run(capsys, "registry", "rollback", "--stage", "production")
    assert code == 1 and "refusing to promote v1.0.0 to production" in err
    assert registry.holder(tmp_path, "production") == "v1.1.0"


def test_register_with_promote_is_the_seeds_promote_on_pass(tmp_path, monkeypatch, capsys):
    git_repo(tmp_path)
    (tmp_path / "dvc.yaml").write_text(yaml.safe_dump(DVC_YAML))
    good = commit_eval(tmp_path, True, "good")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "registry", "register", "--promote", "production")
    assert code == 0 and f"registered ech0-model v0.0.1 at {good[:12]}" in out
    assert "assigned production to v0.0.1" in out
    assert registry.holder(tmp_path, "production") == "v0.0.1"
