"""The README's params reference is generated from the schema and must not drift."""

from pathlib import Path

from ech0.params import params_reference

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_params_reference_matches_schema():
    start, end = "<!-- params-reference:start -->\n", "<!-- params-reference:end -->"
    section = README.split(start, 1)[1].split(end, 1)[0]
    assert section == params_reference(), "run `ech0 params docs` and paste it into README.md"


def test_quick_start_is_two_make_commands():
    assert "make repro" in README and "make test" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci/run").read_text()
    assert "make test" in ci
