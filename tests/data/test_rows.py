"""ech0.data.rows: the two row shapes (prompt/completion, messages), their checks and accessors."""

from __future__ import annotations

import pytest

from ech0.data import rows as R

SEED_ROW = {"prompt": "Define a prime.", "completion": "A whole number above 1 divisible only by 1 and itself.",
            "tags": ["maths"], "quality_score": 0.9, "metadata": {}}
CHAT = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "2 + 3?"},
                     {"role": "assistant", "content": "5"}, {"role": "user", "content": "Times 4?"},
                     {"role": "assistant", "content": "20"}]}


def turns(*roles):
    return {"messages": [{"role": r, "content": f"turn {i}"} for i, r in enumerate(roles)]}


def test_user_input_needs_no_pipeline_fields():
    assert R.input_problems(SEED_ROW) == [] and R.input_problems(CHAT) == []
    # The same rows in data/raw need what the pipeline fills in, each named once.
    problems = R.validate_row(SEED_ROW)
    assert [p.field for p in problems] == ["$.domain", "$.category", "$.difficulty", "$.source"]
    assert {p.reason for p in problems} == {"missing_field"}


@pytest.mark.parametrize("row,reason,field,words", [
    (turns("user", "assistant", "user"), "conversation", "$.messages[2]", "ends with a user turn"),
    (turns("user", "user", "assistant"), "conversation", "$.messages[1].role", "two user turns in a row"),
    (turns("assistant", "user", "assistant"), "conversation", "$.messages[0].role", "must be a user turn"),
    (turns("user", "assistant", "system", "assistant"), "conversation", "$.messages[2].role", "only be the first"),
    (turns("user", "asistant"), "schema", "$.messages[1].role", "did you mean 'assistant'"),
    ({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": " \n"}]},
     "empty_field", "$.messages[1].content", "empty"),
    ({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": ["a"]}]},
     "wrong_type", "$.messages[1].content", "expected string"),
    ({"messages": [{"role": "user", "content": "q", "name": "x"}, {"role": "assistant", "content": "a"}]},
     "schema", "$.messages[0]", "unknown field"),
    ({**SEED_ROW, **turns("user", "assistant")}, "schema", "$", "not both"),
    ({"conversations": [{"from": "human", "value": "q"}]}, "schema", "$", "ech0 import"),
    ({"prompt": "q"}, "missing_field", "$.completion", "missing"),
])
def test_each_bad_row_gets_one_exact_problem_first(row, reason, field, words):
    problems = R.input_problems(row)
    assert (problems[0].reason, problems[0].field) == (reason, field), problems
    assert words in problems[0].message
    assert len(problems) == len(set(problems))


def test_accessors_read_both_shapes_alike():
    single = {"prompt": "q", "completion": "a"}
    assert R.messages(single) == [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    assert (R.prompt_of(single), R.last_user(single), R.first_user(single), R.reference(single)) == ("q", "q", "q", "a")
    assert R.text_pair(single) == ("q", "a")
    assert R.prompt_of(CHAT) == (("system", "Be brief."), ("user", "2 + 3?"), ("assistant", "5"), ("user", "Times 4?"))
    assert (R.last_user(CHAT), R.first_user(CHAT), R.reference(CHAT)) == ("Times 4?", "2 + 3?", "20")
    first, rest = R.text_pair(CHAT)
    assert first == "2 + 3?" and rest == "system: Be brief.\nassistant: 5\nuser: Times 4?\nassistant: 20"
    hash(R.prompt_of(CHAT))  # eval pools prompts in a dict
