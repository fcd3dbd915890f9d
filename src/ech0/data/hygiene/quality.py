"""Heuristic quality score in [0, 1] and the token-length estimate.

score = substance x diversity x charset x clean; each factor is a linear ramp,
so any one failing signal sinks the row on its own:

| factor    | 1.0 when                                          | 0.0 when                    |
|-----------|---------------------------------------------------|-----------------------------|
| substance | completion >= 12 words (x0.75 for a 1-word prompt, x1 at 3+) | empty completion  |
| diversity | >= 50% of the completion's word trigrams distinct | <= 10% distinct (spam)      |
| charset   | >= 70% of non-space chars are letters or digits   | <= 30% (symbol soup, mojibake) |
| clean     | no redaction placeholders                         | 0.5 at >= 30% placeholders  |

A one-word answer scores <= 0.08 and a 4-word answer ~0.33. A completion equal
to its prompt scores 0; known boilerplate ("lorem ipsum", "as an AI language
model", "[insert ...]", TODO) halves the score. With the original system's
`min_quality: 0.25`, completions under ~3 words, echoes, spam and symbol soup
are rejected; built-in generator rows score >= 0.8 (tested).
"""

from __future__ import annotations

import math
import re

_WORD = re.compile(r"\w+", re.UNICODE)
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|PHONE|CREDIT_CARD|IBAN|SSN|IP_ADDRESS|SECRET:\w+)\]")
# Checked as substrings of the lower-cased completion: a case-insensitive regex
# alternation cost ~30 us a row, a third of the whole score.
_BOILERPLATE = ("lorem ipsum", "as an ai language model", "[insert ")
_BOILERPLATE_WORDS = {"todo", "fixme"}

# The clean stage runs before the base tokenizer exists (the built-in tokenizer
# is trained on processed data), so the limit uses an estimate. English BPE
# averages ~4 bytes per token; digits, code and rare words fall back towards
# ~2-3. Dividing by 3 over-counts typical rows, so a row under the limit here
# is under it for real; train still counts real tokens and reports any overflow.
BYTES_PER_TOKEN = 3.0
TEMPLATE_OVERHEAD_TOKENS = 16  # "### Instruction:\n" ... "### Response:\n" + EOS


def estimate_turn_tokens(contents: list[str]) -> int:
    """A row's estimate: its turns' text plus the template's overhead for each turn
    (TEMPLATE_OVERHEAD_TOKENS for a prompt/completion pair)."""
    n_bytes = sum(len(c.encode("utf-8")) for c in contents)
    return math.ceil(n_bytes / BYTES_PER_TOKEN) + TEMPLATE_OVERHEAD_TOKENS * len(contents) // 2


def _ramp(x: float, lo: float, hi: float) -> float:
    return 0.0 if x <= lo else 1.0 if x >= hi else (x - lo) / (hi - lo)


def quality_score(prompt: str, completion: str) -> float:
    lowered = completion.lower()
    words = _WORD.findall(lowered)
    if not words or completion.strip() == prompt.strip():
        return 0.0
    substance = _ramp(len(words), 0, 12) * (0.75 + 0.25 * _ramp(len(prompt.split()), 0, 3))
    n_trigrams = len(words) - 2
    diversity = _ramp(len(set(zip(words, words[1:], words[2:]))) / n_trigrams, 0.1, 0.5) if n_trigrams > 0 else 1.0
    # Counts from str.count and the word list: two regex passes cost ~40 us a row.
    nonspace = len(completion) - completion.count(" ") - completion.count("\n") - completion.count("\t")
    alnum = sum(map(len, words)) - completion.count("_")
    charset = _ramp(alnum / max(nonspace, 1), 0.3, 0.7)
    placeholders = (len(_PLACEHOLDER.findall(prompt)) + len(_PLACEHOLDER.findall(completion))
                    if "[" in prompt or "[" in completion else 0)
    clean = 1.0 - 0.5 * _ramp(placeholders / len(words), 0.0, 0.3)
    score = substance * diversity * charset * clean
    if any(b in lowered for b in _BOILERPLATE) or not _BOILERPLATE_WORDS.isdisjoint(words):
        score *= 0.5
    return round(score, 4)
