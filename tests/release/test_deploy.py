"""`ech0 deploy` in a temporary git+DVC repo whose models/package comes from a tiny stage.

The stage writes a fake package (a few bytes of "weights", a config, a model
card, lineage.json with every file's sha256) from a git-tracked `content.txt`,
so each commit is a version with its own dvc.lock hash. Everything is pushed to
a local-directory DVC remote and the local cache is deleted, so deploy's bytes
can only come from the remote.

Proves: deploy places the production version's package, verified against
dvc.lock and lineage.json, and replaces it on the next deploy; a corrupted
remote object or a package that contradicts its lineage.json fails and leaves
DIR as it was, with no temporary directory left behind.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from ech0.release import registry
from ech0.cli import main
from tests.cli.test_cli import run_ech0
from tests.shell import init_repo, sh

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]

MAKE_PACKAGE = '''\
import hashlib, json, pathlib, sys
out = pathlib.Path("models/package")
out.mkdir(parents=True, exist_ok=True)
content = pathlib.Path("content.txt").read_text()
(out / "model.safetensors").write_bytes(content.encode() * 64)
(out / "config.json").write_text(json.dumps({"model_type": "llama", "note": content.strip()}))
(out / "README.md").write_text("# fake ech0 model\\n" + content)
files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}
if "lie" in content:  # a package whose lineage does not match its files
    files["config.json"] = "0" * 64
(out / "lineage.json").write_text(json.dumps({"eval": {"gate": {"passed": True}}, "files": files}, indent=2))
'''
DVC_YAML = {
    "stages": {"package": {"cmd": "python make_package.py", "deps": ["make_package.py", "content.txt"],
                           "outs": ["models/package"]}},
    "artifacts": {"ech0-model": {"path": "models/package", "type": "model"}},
}
PASSED = {"gate": {"passed": True, "failures": []}}


def release(repo: Path, content: str, version: str) -> str:
    """repro, commit, push and register one version; returns its commit."""
    (repo / "content.txt").write_text(content)
    sh("dvc", "repro", "-q", cwd=repo)
    sh("git", "add", "-A", cwd=repo)
    sh("git", "commit", "-qm", f"release {version}", cwd=repo)
    sh("dvc", "push", "-q", cwd=repo)
    return registry.register(repo, version)[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    base = tmp_path_factory.mktemp("deploy")
    repo, remote = base / "repo", base / "remote"
    repo.mkdir()
    remote.mkdir()
    init_repo(repo, commit=False, remote=str(remote))
    (repo / "make_package.py").write_text(MAKE_PACKAGE)
    (repo / "dvc.yaml").write_text(yaml.safe_dump(DVC_YAML, sort_keys=False))
    (repo / "metrics").mkdir()
    (repo / "metrics/eval.json").write_text(json.dumps(PASSED))
    commits = {v: release(repo, text, v) for v, text in
               (("v1.0.0", "first model\n"), ("v2.0.0", "second model\n"), ("v3.0.0", "lie\n"))}
    shutil.rmtree(repo / ".dvc/cache")
    shutil.rmtree(repo / "models/package")
    return repo, remote, commits


def deploy(capsys, stage="production", dest="serve/model") -> tuple[int, str, str]:
    code = main(["deploy", "--stage", stage, "--dest", dest])
    out = capsys.readouterr()
    return code, out.out, out.err


def locked_md5(repo: Path, commit: str) -> str:
    lock = yaml.safe_load(sh("git", "show", f"{commit}:dvc.lock", cwd=repo).stdout)
    return next(o["md5"] for o in lock["stages"]["package"]["outs"] if o["path"] == "models/package")


def remote_object(remote: Path, md5: str) -> Path:
    return remote / "files" / "md5" / md5[:2] / md5[2:]


def test_deploy_from_the_remote_verify_replace_and_refuse(project, monkeypatch, capsys):
    repo, remote, commits = project
    monkeypatch.chdir(repo)
    dest = repo / "serve/model"

    code, _, err = deploy(capsys)
    assert code == 1 and "no version of ech0-model holds production" in err

    registry.promote(repo, "v1.0.0", "production")
    code, out, err = deploy(capsys)
    assert code == 0, err
    assert f"deployed v1.0.0 ({commits['v1.0.0'][:12]}, production)" in out
    assert (dest / "README.md").read_text() == "# fake ech0 model\nfirst model\n"
    assert sorted(p.name for p in dest.iterdir()) == ["README.md", "config.json", "lineage.json", "model.safetensors"]
    assert main(["verify", str(dest)]) == 0
    assert not any(p.is_file() for p in (repo / ".dvc/cache").rglob("*")), "bytes came from the cache"
    assert not (repo / "models/package").exists()                # the workspace is not touched

    registry.promote(repo, "v2.0.0", "production")
    # In a fresh interpreter: deploying is fetching and hashing, no torch or transformers.
    assert run_ech0(["deploy", "--stage", "production", "--dest", "serve/model"], repo) == (0, set())
    assert (dest / "README.md").read_text() == "# fake ech0 model\nsecond model\n"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["model"]   # no temp directory left

    # Flip one byte of v1's weights in the remote: the DVC hash no longer matches dvc.lock.
    tree = json.loads(remote_object(remote, locked_md5(repo, commits["v1.0.0"])).read_bytes())
    weights = remote_object(remote, next(e["md5"] for e in tree if e["relpath"] == "model.safetensors"))
    weights.chmod(0o644)
    data = bytearray(weights.read_bytes())
    data[10] ^= 0x01
    weights.write_bytes(bytes(data))
    registry.rollback(repo, "production")
    assert registry.holder(repo, "production") == "v1.0.0"
    code, _, err = deploy(capsys)
    assert code == 1
    assert "v1.0.0" in err and f"!= dvc.lock's {locked_md5(repo, commits['v1.0.0'])}" in err
    assert "model.safetensors: sha256 mismatch" in err               # lineage.json agrees
    assert (dest / "README.md").read_text() == "# fake ech0 model\nsecond model\n"   # untouched
    assert sorted(p.name for p in dest.parent.iterdir()) == ["model"]

    # Bytes that match dvc.lock but not the package's own lineage.json: refused too.
    registry.promote(repo, "v3.0.0", "production")
    code, _, err = deploy(capsys)
    assert code == 1 and "config.json: sha256 mismatch" in err and "DVC hash" not in err
    assert (dest / "README.md").read_text() == "# fake ech0 model\nsecond model\n"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["model"]


def test_deploy_refuses_a_failed_gate_even_if_assigned_by_hand(project, monkeypatch, capsys):
    """A production tag made with gto directly does not bypass the gate at deploy time."""
    from gto import api

    repo, _, _ = project
    monkeypatch.chdir(repo)
    (repo / "metrics/eval.json").write_text(json.dumps({"gate": {"passed": False, "failures": ["x"]}}))
    sh("git", "commit", "-qam", "failed gate", cwd=repo)
    registry.register(repo, "v4.0.0")
    for version in registry.holders(repo, "production"):
        api.unassign(str(repo), "ech0-model", stage="production", version=version)
    registry.wait_next_second(repo)
    api.assign(str(repo), "ech0-model", "production", version="v4.0.0")
    code, _, err = deploy(capsys, dest="serve/other")
    assert code == 1 and "v4.0.0 holds production but its gate" in err
    assert not (repo / "serve/other").exists()
