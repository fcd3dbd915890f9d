"""The prompt format, shared by train, eval, package and `ech0 chat`: the base's
own chat template, or ech0's for a base that has none.

A chat model such as SmolLM2-135M-Instruct (the default base) ships a template
(ChatML: `<|im_start|>user\\n...<|im_end|>`), and it is used as is, so the
packaged model answers through `tokenizer.apply_chat_template` + `generate` in
any Hugging Face consumer exactly as it was trained and evaluated. A base
without one (the built-in model, a plain pretrained Llama-2-7b-hf) gets
CHAT_TEMPLATE, the original system's format:

    ### Instruction:
    {prompt}

    ### Response:
    {completion}<eos>

Training examples are cut into segments by rendering the conversation one
turn at a time (`segments`): everything the template writes for an assistant
turn, up to and including its end-of-turn token (`<|im_end|>`, or EOS), is
trained; system and user turns, the template's headers and whatever it writes
after the end of turn (ChatML's newline) are not. Each segment is tokenized on
its own, as at inference, where the rendered prompt is encoded alone and the
model continues it, so there is no mismatch at the boundary.
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
    """CHAT_TEMPLATE's rendering of one user turn (the built-in base's pretraining text)."""
    return f"{INSTRUCTION_HEADER}{prompt}{RESPONSE_HEADER}"


def format_conversation(messages: list[dict]) -> str:
    """CHAT_TEMPLATE's text of a conversation without its token: the built-in base's
    pretraining text. An answer followed by another turn ends in a blank line
    where the template writes EOS (the BPE trainer sees text, not special tokens),
    and the last answer ends bare, as format_prompt(p) + completion does."""
    parts = []
    for i, m in enumerate(messages):
        if m["role"] == "system":
            parts.append(m["content"] + "\n\n")
        elif m["role"] == "user":
            parts.append(format_prompt(m["content"]))
        else:
            parts.append(m["content"] + ("\n\n" if i < len(messages) - 1 else ""))
    return "".join(parts)


def ensure_chat_template(tokenizer):
    """Give a tokenizer without a chat template ech0's; a chat model keeps its own."""
    if not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def render(tokenizer, messages: list[dict], add_generation_prompt: bool = False) -> str:
    return tokenizer.apply_chat_template(messages, add_generation_prompt=add_generation_prompt, tokenize=False)


def as_messages(prompt) -> list[dict]:
    """A user prompt (str), or a conversation so far as (role, content) pairs
    (rows.prompt_of) or message dicts, as chat-template messages."""
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    return [m if isinstance(m, dict) else {"role": m[0], "content": m[1]} for m in prompt]


def render_prompt(tokenizer, prompt) -> str:
    """The text the model sees before its answer to `prompt` (a str or a conversation so far)."""
    return render(tokenizer, as_messages(prompt), add_generation_prompt=True)


def segments(tokenizer, messages: list[dict]) -> list[tuple[str, bool]]:
    """(text, trained) pieces whose concatenation is the rendered conversation, less
    anything after the last assistant turn's end-of-turn token.

    Each assistant turn i is found by rendering messages[:i] with the generation
    prompt and messages[:i+1] without it: the second must extend the first (a
    template that rewrites earlier turns, such as one that drops past reasoning,
    is refused with a ValueError naming the turn). Its trained part runs to the
    end of the turn's first `eos_token` after the content (ChatML's
    `<|im_end|>`), or to the end of what the template wrote for it.
    """
    eos = tokenizer.eos_token or ""
    out: list[tuple[str, bool]] = []
    done = ""  # the rendering so far
    for i, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        prefix = render(tokenizer, messages[:i], add_generation_prompt=True)
        full = render(tokenizer, messages[: i + 1])
        if not (prefix.startswith(done) and full.startswith(prefix)):
            raise ValueError(f"$.messages[{i}]: the chat template does not render this conversation "
                             "turn by turn (an earlier turn's text changes), so its assistant turns "
                             "cannot be masked")
        turn = full[len(prefix):]
        start = turn.find(message["content"])
        end = turn.find(eos, start + len(message["content"])) if eos and start >= 0 else -1
        cut = end + len(eos) if end >= 0 else len(turn)
        if prefix[len(done):]:
            out.append((prefix[len(done):], False))
        out.append((turn[:cut], True))
        done = full
        if cut < len(turn):
            out.append((turn[cut:], False))
    while out and not out[-1][1]:  # nothing after the last trained token is needed
        out.pop()
    return out
