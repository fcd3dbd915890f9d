"""`ech0 status [--watch SECONDS]`: the running (or last) training, from dvclive's metrics.json."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

LIVE_METRICS = Path("metrics/train/metrics.json")


def status_line(m: dict) -> tuple[str, bool]:
    """One line from dvclive's metrics.json (written at every log step): (text, finished)."""
    train, progress = m.get("train", {}), m.get("progress", {})
    step, total = m.get("step", 0), progress.get("max_steps") or 0
    parts = [f"step {step}/{total}" + (f" ({100 * step / total:.0f}%)" if total else "")]
    for label, value in (("loss", train.get("loss")), ("eval loss", m.get("eval", {}).get("loss")),
                         ("lr", train.get("learning_rate")), ("tokens/s", train.get("tokens_per_s"))):
        if value is not None:
            parts.append(f"{label} {value:.4g}" if label != "tokens/s" else f"{value:,.0f} tokens/s")
    elapsed = progress.get("elapsed_s")
    finished = bool(total) and step >= total
    if elapsed is not None:
        parts.append(f"elapsed {elapsed:.0f} s")
        if step and total and not finished:
            parts.append(f"ETA {elapsed / step * (total - step):.0f} s")
    if finished:
        parts.append("finished")
    return ", ".join(parts), finished


def cmd_status(args) -> int:
    while True:
        try:
            m = json.loads(LIVE_METRICS.read_text("utf-8"))
        except (OSError, ValueError):
            print(f"ech0 status: no training metrics yet ({LIVE_METRICS}); start one with `dvc repro` "
                  "or `dvc exp run`", file=sys.stderr)
            return 1
        line, finished = status_line(m)
        print(line, flush=True)
        if not args.watch or finished:
            return 0
        time.sleep(args.watch)


def add_parsers(sub) -> None:
    st = sub.add_parser("status", help="the running (or last) training: step, loss, lr, tokens/s, ETA")
    st.add_argument("--watch", type=float, metavar="SECONDS", help="print a line every SECONDS until it finishes")
    st.set_defaults(func=cmd_status)
