"""DVC remotes as README "Remote storage" sets them up, against real servers on this host.

Proves: a push to an S3-compatible server (moto, on 127.0.0.1, started and
stopped here) really uploads every object (`dvc status -c` in sync, and the
bucket holds what the cache holds); a fresh clone plus `dvc pull` restores
every output with the hashes its .dvc file records; with `verify = true` a
byte flipped in a remote object makes `dvc pull` fail and leaves the file out
of the workspace (and without verify, DVC checks the corrupted bytes out
silently, which is why remotes get verify = true).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from ech0.cli import main
from ech0.release.deploy import tree_md5
from tests.shell import init_repo, sh

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pipeline")]
BUCKET = "ech0-dvc"
FILES = {"data/set/a.jsonl": '{"prompt": "a"}\n', "data/set/sub/b.jsonl": '{"prompt": "b"}\n',
         "data/one.txt": "one small tracked file\n"}
TRACKED = ("data/set", "data/one.txt")


def make_repo(path: Path, remote_url: str, **remote_options) -> Path:
    """A committed git+DVC repo with one tracked directory and one tracked file."""
    path.mkdir()
    init_repo(path, commit=False, remote=remote_url)
    for key, value in remote_options.items():
        sh("dvc", "remote", "modify", "storage", key, value, cwd=path)
    sh("dvc", "remote", "modify", "storage", "verify", "true", cwd=path)
    for name, text in FILES.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    sh("dvc", "add", "-q", *TRACKED, cwd=path)
    sh("git", "add", "-A", cwd=path)
    sh("git", "commit", "-qm", "data", cwd=path)
    return path


def cache_objects(repo: Path) -> set[str]:
    return {p.relative_to(repo / ".dvc/cache").as_posix() for p in (repo / ".dvc/cache").rglob("*") if p.is_file()}


def recorded(repo: Path, target: str) -> str:
    return yaml.safe_load((repo / f"{target}.dvc").read_text())["outs"][0]["md5"]


def actual(repo: Path, target: str) -> str:
    path = repo / target
    return tree_md5(path) if path.is_dir() else hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """An S3-compatible server on 127.0.0.1 (moto), with dummy credentials and a bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    no_aws_files = tmp_path_factory.mktemp("aws") / "empty"
    no_aws_files.write_text("")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                           "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": str(no_aws_files),
                           "AWS_SHARED_CREDENTIALS_FILE": str(no_aws_files)}.items():
            mp.setenv(key, value)
        mp.delenv("AWS_PROFILE", raising=False)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
            client.create_bucket(Bucket=BUCKET)
            yield endpoint, client
        finally:
            server.stop()


@pytest.fixture(scope="module")
def pushed(s3, tmp_path_factory):
    endpoint, client = s3
    repo = make_repo(tmp_path_factory.mktemp("s3") / "origin", f"s3://{BUCKET}/dvcstore", endpointurl=endpoint)
    # Credentials stay out of git: .dvc/config.local (git-ignored by DVC).
    sh("dvc", "remote", "modify", "--local", "storage", "access_key_id", "testing", cwd=repo)
    sh("dvc", "remote", "modify", "--local", "storage", "secret_access_key", "testing", cwd=repo)
    assert "testing" not in (repo / ".dvc/config").read_text()
    return repo


def test_push_to_s3_uploads_every_object(s3, pushed, monkeypatch, capsys):
    _, client = s3
    monkeypatch.chdir(pushed)
    assert main(["remote", "check"]) == 1                      # nothing pushed yet
    assert "data/one.txt: new (not in remote storage" in capsys.readouterr().err

    assert "4 files pushed" in sh("dvc", "push", cwd=pushed).stdout   # 3 files + the directory's .dir listing
    status = sh("dvc", "status", "-c", cwd=pushed)
    assert "Cache and remote 'storage' are in sync." in status.stdout, status.stdout
    keys = {o["Key"].removeprefix("dvcstore/") for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == cache_objects(pushed) and len(keys) == 4
    assert main(["remote", "check"]) == 0


def test_fresh_clone_and_pull_restore_every_output(s3, pushed, tmp_path):
    sh("dvc", "push", "-q", cwd=pushed)
    clone = tmp_path / "clone"
    sh("git", "clone", "-q", str(pushed), str(clone), cwd=tmp_path)
    assert not (clone / "data/one.txt").exists()
    for key in ("access_key_id", "secret_access_key"):       # config.local is not cloned
        sh("dvc", "remote", "modify", "--local", "storage", key, "testing", cwd=clone)
    sh("dvc", "pull", "-q", cwd=clone)
    for target in TRACKED:
        assert actual(clone, target) == recorded(clone, target) == recorded(pushed, target), target
    for name, text in FILES.items():
        assert (clone / name).read_text() == text
    assert "Data and pipelines are up to date." in sh("dvc", "status", cwd=clone).stdout


def flip_first_byte(remote: Path, md5: str) -> bytes:
    obj = remote / "files/md5" / md5[:2] / md5[2:]
    obj.chmod(0o644)                                   # DVC stores objects read-only
    data = bytearray(obj.read_bytes())
    data[0] ^= 0x01
    obj.write_bytes(bytes(data))
    return bytes(data)


def test_flipped_byte_in_a_verified_remote_fails_the_pull(tmp_path):
    """A file inside a tracked directory: DVC fetches it without looking at its content,
    and only `verify = true` makes it re-hash the download before checking it out."""
    remote = tmp_path / "remote"
    origin = make_repo(tmp_path / "origin", str(remote))
    sh("dvc", "push", "-q", cwd=origin)
    corrupted = flip_first_byte(remote, hashlib.md5(FILES["data/set/sub/b.jsonl"].encode()).hexdigest())

    clone = tmp_path / "clone"
    sh("git", "clone", "-q", str(origin), str(clone), cwd=tmp_path)
    pull = sh("dvc", "pull", cwd=clone, check=False)
    # DVC 3: downloaded, re-hashed at checkout, dropped from the cache as corrupted,
    # checkout of that output fails; the pull exits 1.
    assert pull.returncode != 0
    assert "Checkout failed for following targets" in pull.stderr and "data/set" in pull.stderr
    assert not (clone / "data/set").exists()            # not even the intact a.jsonl
    assert actual(clone, "data/one.txt") == recorded(clone, "data/one.txt")   # the other output is fine

    # Without verify the corrupted bytes land in the workspace and the pull succeeds:
    # why README's remotes get verify = true.
    sh("dvc", "remote", "modify", "--local", "storage", "verify", "false", cwd=clone)
    sh("dvc", "pull", "-q", cwd=clone)
    assert (clone / "data/set/sub/b.jsonl").read_bytes() == corrupted
    assert actual(clone, "data/set") != recorded(clone, "data/set")


def test_a_local_remote_rehashes_and_drops_a_corrupted_object_when_queried(tmp_path):
    """A tracked file's object is looked up one by one, and on a local-directory remote
    DVC 3 re-hashes it to answer "does it exist": a corrupted object is deleted from
    the remote, reported missing, and `dvc push` puts the good copy back."""
    remote = tmp_path / "remote"
    origin = make_repo(tmp_path / "origin", str(remote))
    sh("dvc", "push", "-q", cwd=origin)
    md5 = recorded(origin, "data/one.txt")
    flip_first_byte(remote, md5)
    obj = remote / "files/md5" / md5[:2] / md5[2:]

    status = sh("dvc", "status", "-c", cwd=origin).stdout
    assert "new:" in status and "data/one.txt" in status     # in the cache, no longer in the remote
    assert not obj.exists()                                   # status deleted the corrupted object
    sh("dvc", "push", "-q", cwd=origin)
    assert obj.read_bytes() == FILES["data/one.txt"].encode()
    assert "in sync" in sh("dvc", "status", "-c", cwd=origin).stdout

    flip_first_byte(remote, md5)
    clone = tmp_path / "clone"
    sh("git", "clone", "-q", str(origin), str(clone), cwd=tmp_path)
    pull = sh("dvc", "pull", cwd=clone, check=False)
    assert pull.returncode != 0 and "do not exist neither locally nor on remote" in pull.stderr
    assert not (clone / "data/one.txt").exists() and not obj.exists()
