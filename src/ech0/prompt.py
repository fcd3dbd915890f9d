"""The one prompt format, shared by train, eval, package and `ech0 chat`.

The seed's format:

    ### Instruction:
    {prompt}

    ### Response:
    {completion}<eos>

The packaged tokenizer carries the same format as its chat template
(CHAT_TEMPLATE), so `tokenizer.apply_chat_template([{"role": "user", ...}],
add_generation_prompt=True)` produces exactly `format_prompt(prompt)`.
"""

from __future__ import annotations

INSTRUCTION_HEADER = "### Instruction:\n"
RESPONSE_HEADER = "\n\n### Response:\n"

# Jinja for tokenizer.chat_template. A system message, if any, is prepended
# to the instruction; assistant turns end with the EOS token.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ message['content'] + '\\n\\n' }}"
    "{% elif message['role'] == 'user' %}{{ '### Instruction:\\n' + message['content'] + '\\n\\n### Response:\\n' }}"
    "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token }}"
    "{% endif %}"
    "{% endfor %}"
)


def format_prompt(prompt: str) -> str:
    """The text the model sees before its answer."""
    return f"{INSTRUCTION_HEADER}{prompt}{RESPONSE_HEADER}"


def format_example(prompt: str, completion: str, eos_token: str) -> tuple[str, str]:
    """(prompt part, completion part): loss is computed on the second only."""
    return format_prompt(prompt), completion + eos_token
