"""raw stage: generation plan, custom domains (README example), imports, determinism."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from ech0.data import canary
from ech0.data.generators import GeneratorError, get_generator
from ech0.stages import raw
from ech0.data.rows import schema_problems

ROOT = Path(__file__).resolve().parents[2]


def params(**domains):
    return {"seed": 3, "raw": {"total_samples": 90, "workers": 1, "canaries": 0}, "domains": domains}


def dom(enabled=True, max_samples=1000, **kw):
    return {"enabled": enabled, "weight": 1.0, "max_samples": max_samples, **kw}


def test_plan_splits_total_evenly_and_caps_by_max_samples():
    p = params(law=dom(), stock=dom(max_samples=10), crypto=dom(enabled=False))
    assert raw.plan_generation(p, set()) == {"law": 45, "stock": 10}


def test_unknown_domain_without_generator_or_imports_is_an_error():
    with pytest.raises(GeneratorError, match="domains.reasonin.*Did you mean 'reasoning'"):
        raw.plan_generation(params(reasonin=dom()), set())
    assert raw.plan_generation(params(my_dump=dom()), {"my_dump"}) == {}


def test_bad_generator_specs_are_clear_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GeneratorError, match="cannot load"):
        get_generator("x", "no_such_module:Gen")
    (tmp_path / "wrong.py").write_text("class Gen:\n    pass\n")
    with pytest.raises(GeneratorError, match="not a DomainGenerator"):
        get_generator("x", "wrong:Gen")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project dir with params.yaml, the README's custom generator, and one import."""
    shutil.copy(ROOT / "examples/my_generators.py", tmp_path / "my_generators.py")
    p = params(law=dom(), unit_conversion=dom(generator="my_generators:UnitConversionGenerator"))
    p.update(yaml.safe_load((ROOT / "params.yaml").read_text()))  # clean/processed sections
    p["raw"] = {"total_samples": 60, "workers": 2, "canaries": 2}
    p["domains"] = {"law": dom(), "unit_conversion": dom(generator="my_generators:UnitConversionGenerator")}
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(p))
    imports = tmp_path / "data/imports/mine"
    imports.mkdir(parents=True)
    (imports / "d.jsonl").write_bytes(b'{"prompt":"p","completion":"c","domain":"law"}\n{bad\n')
    (imports / "sources.json").write_text(json.dumps({"d.jsonl": {"source_file": "d.jsonl", "format": "jsonl",
                                                                  "rows": 2, "sha256": "0" * 64}}))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_custom_domain_runs_through_the_raw_stage(project):
    raw.main()
    rows = [json.loads(x) for x in (project / "data/raw/unit_conversion.jsonl").read_text().splitlines()]
    assert len(rows) == 30 and all(not schema_problems(r) for r in rows)
    # Its follow-ups are conversations: the first exchange, then the answer back, scored last.
    convs = [r for r in rows if "messages" in r]
    assert convs and all([m["role"] for m in r["messages"]] == ["user", "assistant"] * 2 for r in convs)
    assert all(r["messages"][-1]["content"].endswith(r["metadata"]["answer"]) for r in convs)
    assert {r["category"] for r in rows} == {"length", "mass", "volume"}
    sources = json.loads((project / "data/raw/sources.json").read_text())
    assert sources["unit_conversion.jsonl"] == {"kind": "generator", "source": "generator:unit_conversion@1",
                                                "rows": 30}
    assert sources["imports/mine/d.jsonl"]["kind"] == "import"
    assert (project / "data/raw/imports/mine/d.jsonl").read_bytes().endswith(b"{bad\n"), "imports copied verbatim"


def test_raw_output_is_byte_identical_across_runs_and_worker_counts(project):
    raw.main()
    first = {p.relative_to(project): p.read_bytes() for p in sorted((project / "data/raw").rglob("*")) if p.is_file()}
    p = yaml.safe_load((project / "params.yaml").read_text())
    p["raw"]["workers"] = 1
    (project / "params.yaml").write_text(yaml.safe_dump(p))
    raw.main()
    second = {p.relative_to(project): p.read_bytes() for p in sorted((project / "data/raw").rglob("*")) if p.is_file()}
    assert first == second
    assert sorted(p.name for p in (project / "data").iterdir()) == ["imports", "raw"]  # no temp dir left


def test_a_failed_run_leaves_the_previous_output_and_no_temp_dir(project, monkeypatch):
    raw.main()
    before = {p: p.read_bytes() for p in (project / "data/raw").rglob("*") if p.is_file()}

    def broken(src, dst):  # the imports are copied last, after every generated file is written
        raise OSError("disk full")

    monkeypatch.setattr(raw.shutil, "copyfile", broken)
    with pytest.raises(OSError, match="disk full"):
        raw.main()
    assert {p: p.read_bytes() for p in (project / "data/raw").rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in (project / "data").iterdir()) == ["imports", "raw"]


def test_canaries_are_planted_as_a_raw_file_and_listed_in_sources(project):
    raw.main()
    rows = [json.loads(x) for x in (project / "data/raw/canaries.jsonl").read_text().splitlines()]
    planted = canary.canaries(yaml.safe_load((project / "params.yaml").read_text())["seed"], 2)
    assert rows == canary.rows(planted) and all(not schema_problems(r) for r in rows)
    sources = json.loads((project / "data/raw/sources.json").read_text())
    assert sources["canaries.jsonl"] == {"kind": "canary", "source": f"generator:canary@{canary.VERSION}", "rows": 2}

    p = yaml.safe_load((project / "params.yaml").read_text())
    p["raw"]["canaries"] = 0
    (project / "params.yaml").write_text(yaml.safe_dump(p))
    raw.main()
    assert not (project / "data/raw/canaries.jsonl").exists()
    assert "canaries.jsonl" not in json.loads((project / "data/raw/sources.json").read_text())


def test_a_domain_named_canaries_clashes_with_the_planted_file():
    p = params(canaries=dom(generator="my_generators:UnitConversionGenerator"))
    assert raw.plan_generation(p, set()) == {"canaries": 90}
    p["raw"]["canaries"] = 1
    with pytest.raises(GeneratorError, match="domains.canaries: data/raw/canaries.jsonl"):
        raw.plan_generation(p, set())
