"""`ech0 chat DIR [PROMPT]`: answer one prompt, or hold a conversation on stdin,
with a packaged model. Loading and decoding are ech0.model.inference's
(load_chat_model, chat_reply); this module reads and prints."""

from __future__ import annotations

import sys
from pathlib import Path

RESET = "/reset"


def cmd_chat(args) -> int:
    from ech0.model.inference import chat_reply, load_chat_model

    model, tokenizer = load_chat_model(Path(args.dir), args.trust_remote_code)
    budget = args.max_new_tokens or getattr(model.generation_config, "max_new_tokens", None) or 256
    if args.prompt:
        print(chat_reply(model, tokenizer, [{"role": "user", "content": args.prompt}], budget))
        return 0
    # Interactive: one conversation, so a follow-up sees the turns before it (the
    # model is trained on multi-turn rows); /reset starts a new one.
    print(f"ech0 chat: type a prompt; {RESET} starts a new conversation; an empty line or Ctrl-D quits.",
          file=sys.stderr)
    history: list[dict] = []
    for line in sys.stdin:
        if not line.strip():
            break
        if line.strip() == RESET:
            history = []
            print("(new conversation)", file=sys.stderr)
            continue
        history.append({"role": "user", "content": line.strip()})
        reply = chat_reply(model, tokenizer, history, budget)
        history.append({"role": "assistant", "content": reply})
        print(reply, flush=True)
    return 0


def add_parsers(sub) -> None:
    chat = sub.add_parser("chat", help="answer a prompt (or read prompts from stdin) with a packaged model")
    chat.add_argument("dir", help="a package directory (models/package or a deployed copy)")
    chat.add_argument("prompt", nargs="?", help="one prompt; without it, one prompt per line from stdin")
    chat.add_argument("--max-new-tokens", type=int, help="default: the package's generation_config")
    chat.add_argument("--trust-remote-code", action="store_true", help="allow the model's own Python code")
    chat.set_defaults(func=cmd_chat)
