"""The original guide's example tasks, asked of a packaged model the way any Hugging Face
user would: plain AutoModelForCausalLM / AutoTokenizer, the package's own chat
template, greedy `generate`. Nothing from ech0 is imported, so this shows what a
consumer of models/package gets.

    .venv/bin/python bench/guide_tasks.py                       # models/package vs models/base
    .venv/bin/python bench/guide_tasks.py --model models/package --out docs/guide_tasks.md

For each answer it records whether the model stopped by itself (EOS within
--max-new-tokens) and the domain format the issue asks for: IRAC headings for
law, a probability for court prediction, the finance disclaimer for stock and
crypto. Then the stock and crypto tasks go on to a second turn (FOLLOW_UPS),
asked with the first question and the model's own first answer before it, as
a chat UI would send it. ~2 minutes for both models on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

# The eight "Example Task"s under the guide's "Domain Coverage", verbatim; the
# guide gives stock and crypto a disclaimer but no task, so those two are ours.
TASKS = [
    ("reasoning", "Prove that the sum of first n integers equals n(n+1)/2"),
    ("creativity", "Write a poem blending neural networks and forest ecology"),
    ("law", "Analyze liability when AI hiring system discriminates"),
    ("materials_science", "Explain why graphene is stronger than steel despite being one atom thick"),
    ("ai_ml", "Explain the bias-variance tradeoff with mathematical formulation"),
    ("prompt_engineering", "Transform 'Write code for sorting' into an expert-level prompt"),
    ("court_prediction", "Predict case outcome from evidence and legal precedent"),
    ("stock", "A stock trades at $50 with earnings of $2.50 per share. What is its P/E ratio, "
              "and what does it tell an investor?"),
    ("crypto", "Explain impermanent loss for a liquidity provider in an ETH/USDC pool when ETH doubles."),
    ("advanced_software", "Design a distributed URL shortener handling 10K requests/sec"),
]
# Second turns that only make sense with the first exchange in view.
FOLLOW_UPS = {"stock": "And if the share price rises to $75 with the same earnings?",
              "crypto": "And if ETH quadruples instead?"}
STOCK = "Disclaimer: Educational purposes only, not financial advice."
CRYPTO = "Disclaimer: Educational purposes only, not investment advice."


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]+", " ", text).casefold().split())


def format_checks(domain: str, text: str) -> dict[str, bool]:
    if domain == "law":
        return {"irac_headings": all(re.search(rf"^\W*{h}\b", text, re.M | re.I)
                                     for h in ("Issue", "Rule", "Application", "Conclusion"))}
    if domain == "court_prediction":
        return {"probability": re.search(r"\d+(\.\d+)?\s*%|probability\W+0?\.\d+", text, re.I) is not None}
    if domain in ("stock", "crypto"):
        # Either finance disclaimer, as the eval's safety check counts them (the
        # two differ in one word); punctuation aside, word for word.
        return {"disclaimer": any(_words(d) in _words(text) for d in (STOCK, CRYPTO))}
    return {}


def _generate(tok, model, conversations: list[list[dict]], max_new_tokens: int, repetition_penalty: float):
    import torch

    texts = [tok.apply_chat_template(c, tokenize=False, add_generation_prompt=True) for c in conversations]
    enc = tok(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    with torch.no_grad():
        out = model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False,
                             repetition_penalty=repetition_penalty)
    for ids in out[:, enc["input_ids"].shape[1]:].tolist():
        stopped = tok.eos_token_id in ids
        ids = ids[: ids.index(tok.eos_token_id)] if stopped else ids
        yield tok.decode(ids, skip_special_tokens=True), stopped, len(ids)


def answer(model_dir: str, max_new_tokens: int, repetition_penalty: float) -> list[dict]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.bfloat16).eval()
    tok.padding_side = "left"
    rows = []
    firsts = [[{"role": "user", "content": t}] for _, t in TASKS]
    for (domain, task), (text, stopped, n) in zip(TASKS, _generate(tok, model, firsts, max_new_tokens,
                                                                   repetition_penalty)):
        rows.append({"domain": domain, "task": task, "answer": text, "stopped": stopped,
                     "tokens": n, "format": format_checks(domain, text)})
    seconds = [r for r in rows if r["domain"] in FOLLOW_UPS]
    convs = [[{"role": "user", "content": r["task"]}, {"role": "assistant", "content": r["answer"]},
              {"role": "user", "content": FOLLOW_UPS[r["domain"]]}] for r in seconds]
    for first, (text, stopped, n) in zip(seconds, _generate(tok, model, convs, max_new_tokens, repetition_penalty)):
        rows.append({"domain": f"{first['domain']}, turn 2", "task": FOLLOW_UPS[first["domain"]], "answer": text,
                     "stopped": stopped, "tokens": n, "format": format_checks(first["domain"], text)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="models/package")
    ap.add_argument("--base", default="models/base", help="'' to skip the base")
    ap.add_argument("--max-new-tokens", type=int, default=384)
    ap.add_argument("--out", type=Path, help="write the answers as Markdown here")
    args = ap.parse_args()
    # Both models decode alike: the package's repetition penalty (eval.repetition_penalty),
    # which the base's own generation_config does not carry.
    from transformers import GenerationConfig

    rp = GenerationConfig.from_pretrained(args.model).repetition_penalty or 1.0
    runs = {"tuned": answer(args.model, args.max_new_tokens, rp)}
    if args.base:
        runs["base"] = answer(args.base, args.max_new_tokens, rp)
    lines = [f"# The guide's example tasks: `{args.model}`" + (f" vs `{args.base}`" if args.base else ""), "",
             f"Greedy, repetition penalty {rp}, {args.max_new_tokens} new tokens at most, each model's own "
             "chat template, plain transformers (`python bench/guide_tasks.py`).", "",
             "| domain | " + " | ".join(f"{k}: stopped, tokens, format" for k in runs) + " |",
             "|---|" + "---|" * len(runs)]
    tuned = runs["tuned"]
    for i, row in enumerate(tuned):
        cells = [f"{r[i]['stopped']}, {r[i]['tokens']}, {r[i]['format'] or '-'}" for r in runs.values()]
        lines.append(f"| {row['domain']} | " + " | ".join(cells) + " |")
    for i, row in enumerate(tuned):
        lines += ["", f"## {row['domain']}: {row['task']}"]
        if row["domain"].endswith("turn 2"):
            lines += ["", "(asked after the turn-1 question and each model's own turn-1 answer above)"]
        for name, r in runs.items():
            lines += ["", f"**{name}** ({'stopped' if r[i]['stopped'] else 'cut at the limit'}, "
                          f"{r[i]['tokens']} tokens):", "", "```", r[i]["answer"].strip(), "```"]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
