"""prompt_engineering's rubric: how ech0.eval.rubrics.rubric() scores a prompt_engineering answer.

final_answer_correct and final_answer_given (+ units_match) where the row has
metadata.answer; requested_elements_present (the metadata.slots the prompt
names); patterns_named (jailbreak rows: every attack pattern described);
requested_items_listed ("a 3-step chain", "4 concrete defences").
"""

from __future__ import annotations

from ech0.eval.common import answer_checks, contains, count_check

__all__ = ["checks"]

# Which metadata.slots a completion must carry when the prompt names them
# (the generator's tests check the same containment). Keyed by the template's
# last part; a template not listed uses _DEFAULT_KEYS. A pipeline's audience
# and a hardening row's app are in the prompt but are context, not something
# to repeat.
_DEFAULT_KEYS = ("role", "audience", "format", "constraints", "criteria", "fields", "sections", "shots", "labels",
                 "query")
_KEYS = {
    "rewrite_weak": ("role", "audience", "format", "constraints", "criteria"),
    "add_constraints": ("role", "audience", "format", "constraints", "criteria"),
    "structured_output": ("fields",),
    "build_prompt": ("labels", "query"),
    "fix_format": ("shots",),
    "prompt_generator": ("sections", "audience"),
    "pipeline": (),
    "harden_system_prompt": (),
    "jailbreak_pattern": (),
}

# Templates whose prompt fixes a number of list items: "a 3-step prompt
# chain", "4 chained sub-prompts", "Give 4 concrete defences", "List 5 mitigations".
_COUNTED = {"pipeline": r"(?:steps?|(?:sub-?)?prompts?)\b",
            "harden_system_prompt": r"(?:defen[cs]es?|mitigations?)\b"}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _requested_slots(prompt: str, metadata: dict) -> list[str]:
    slots = metadata.get("slots")
    if not isinstance(slots, dict):
        return []
    template = str(metadata.get("template", "")).rsplit(".", 1)[-1]
    keys = _KEYS.get(template, _DEFAULT_KEYS)
    return [s for k in keys for s in _strings(slots.get(k)) if len(s) >= 3 and contains(prompt, s)]


def checks(prompt: str, completion: str, metadata: dict, *, reference: str = "",
           stopped: bool = True) -> dict[str, bool]:
    """Named pass/fail checks for one prompt_engineering answer (the interface every domain rubric has)."""
    # No working_shown here: classification and scheduling rows (which inputs
    # are injections, how many parallel stages) have no equation to show.
    out = answer_checks(completion, metadata, working=False)
    wanted = _requested_slots(prompt, metadata)
    if wanted:
        out["requested_elements_present"] = all(contains(completion, s) for s in wanted)
    slots = metadata.get("slots") if isinstance(metadata.get("slots"), dict) else {}
    if str(metadata.get("template", "")).endswith("jailbreak_pattern") and slots.get("patterns"):
        # The prompt describes attacks; naming each pattern is the answer.
        out["patterns_named"] = all(contains(completion, p) for p in _strings(slots["patterns"]))
    noun = _COUNTED.get(str(metadata.get("template", "")).rsplit(".", 1)[-1])
    if noun:
        out.update(count_check(prompt, completion, noun))
    return out
