"""Secret-detection recall across the provider formats Kingfisher and gitleaks know.

    .venv/bin/python bench/bench_secrets.py            # ~20 s on 2 cores
    .venv/bin/python bench/bench_secrets.py --per-rule 5 --seed 1

Target (issue: detectors): at least 95% of standalone tokens across the
provider formats gitleaks (now Betterleaks, 462 rules) and Kingfisher (plus
Google's Veles, 26 rules) know are redacted by the clean stage's detectors.

Where the tokens come from: neither catalogue ships its test samples in the
package (`kingfisher rules list -f json` gives every rule's pattern, and an
empty `examples` list), and nothing can be downloaded here. So each rule's own
regex is sampled: a small generator walks Python's parse of the pattern and
draws each character class at random (random draws give the entropy real
tokens have; Kingfisher drops low-entropy matches). For every rule that
captures its secret in a group, the group's text is the token. Two sets:
- **standalone**: the samples whose rule recognises the token with nothing
  around it (a provider format such as `dapi` + 32 hex, not a keyword rule
  such as `mapbox ... = pk.…`): the token alone, in a sentence, no `key =`
  before it. This is the issue's budget.
- **in context**: every rule, its whole sampled match (keyword, operator and
  value for keyword rules) in a line of code.
Each sample goes through the clean stage's own path: secrets.py's regexes,
then one Kingfisher run; a token counts as caught when none of it survives
(no 8-character piece of it is left in the redacted text).

Honesty notes: samples drawn from the rules' own patterns measure how much of
the catalogue the stage's path (gates, span mapping, punctuation, placeholders)
lets through, not an independent corpus. Patterns Python's `re` cannot parse
after small translations (Rust-only syntax) are counted as skipped and listed.
Veles rules that check a checksum reject random draws: they are counted as
misses, not skipped.

Writes bench/out/secrets.json (counts, misses by rule id, timing) and prints
a Markdown table for docs/benchmarks.md. Never prints a sampled token.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ech0.data.hygiene import scanner  # noqa: E402
from ech0.data.hygiene.secrets import _PLACEHOLDER_RE, redact_secrets  # noqa: E402

try:  # Python 3.11+: the parser moved
    from re import _constants as C  # noqa: N812
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as C  # noqa: N812
    import sre_parse

OUT = ROOT / "bench/out/secrets.json"
TOKEN_CHARS = string.ascii_letters + string.digits


def catalogue() -> list[dict]:
    """Every rule of the pinned Kingfisher: id, pattern, confidence."""
    proc = subprocess.run([scanner.binary(), "rules", "list", "-q", "-f", "json"], capture_output=True, text=True,
                          check=True)
    out = proc.stdout
    # ech0's own rules (kingfisher_rules.yml) repeat 14 catalogue patterns: not new formats.
    return [r for r in json.loads(out[out.index("["):]) if not r["id"].startswith("ech0.")]


def translate(pattern: str) -> str:
    """Rust regex syntax Python's parser rejects, rewritten to what it accepts."""
    p = pattern.replace(r"\z", r"\Z")
    # A flag group in mid-pattern (`pscale_tkn_(?i)[\w=.-]{32,64}`) is global in
    # Python 3.11+ only at the start: drop it; sampling the pattern as written
    # (its literal case) still yields text the rule matches.
    p = re.sub(r"(?<!^)\(\?[imsx]+\)", "", p)
    p = re.sub(r"\[\[:(\w+):\]\]", lambda m: {"alnum": "[A-Za-z0-9]", "alpha": "[A-Za-z]", "digit": "[0-9]",
                                                 "xdigit": "[0-9A-Fa-f]", "upper": "[A-Z]", "lower": "[a-z]",
                                                 "space": r"\s", "punct": "[!-/]"}.get(m.group(1), "x"), p)
    return p


class Sampler:
    """Random text matching a parsed pattern, and the text of capture group 1."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.groups: dict[int, str] = {}

    def sample(self, pattern: str) -> tuple[str, str | None]:
        self.groups = {}
        text = self._seq(sre_parse.parse(pattern))
        return text, self.groups.get(1)

    def _class(self, items) -> str:
        chars: list[str] = []
        negate = False
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                chars.append(chr(av))
            elif op is C.RANGE:
                lo, hi = av
                chars += [chr(c) for c in range(lo, min(hi, lo + 400) + 1)]
            elif op is C.CATEGORY:
                chars += self._category(av)
        if negate:
            banned = set(chars)
            chars = [c for c in TOKEN_CHARS + " -._:,;" if c not in banned] or [" "]
        printable = [c for c in chars if c.isprintable() and c not in "\r\x0b\x0c"] or chars
        return self.rng.choice(printable)

    @staticmethod
    def _category(cat) -> list[str]:
        if cat is C.CATEGORY_DIGIT:
            return list(string.digits)
        if cat is C.CATEGORY_WORD:
            return list(TOKEN_CHARS + "_")
        if cat is C.CATEGORY_SPACE:
            return [" "]
        if cat is C.CATEGORY_NOT_SPACE or cat is C.CATEGORY_NOT_WORD or cat is C.CATEGORY_NOT_DIGIT:
            return list("-" if cat is C.CATEGORY_NOT_WORD else TOKEN_CHARS)
        return list(TOKEN_CHARS)

    def _one(self, op, av) -> str:
        if op is C.LITERAL:
            return chr(av)
        if op is C.NOT_LITERAL:
            return self.rng.choice([c for c in TOKEN_CHARS if ord(c) != av])
        if op is C.ANY:
            return self.rng.choice(TOKEN_CHARS)
        if op is C.IN:
            return self._class(av)
        if op is C.CATEGORY:
            return self.rng.choice(self._category(av))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            hi = lo + 3 if hi is C.MAXREPEAT else hi
            # Keyword padding ({0,20} of [ \t\w.-]) stays short; token bodies
            # ({32,64}) take a random length in their range.
            n = lo if hi - lo > 8 and lo == 0 else self.rng.randint(lo, hi)
            return "".join(self._seq(sub) for _ in range(n))
        if op is C.SUBPATTERN:
            group, _, _, sub = av
            text = self._seq(sub)
            if group is not None:
                self.groups[group] = text
            return text
        if op is C.BRANCH:
            _, branches = av
            # Prefer an alternative that writes something: `(?:['"]|\s|$)`
            # terminators then end the token with a quote or space.
            options = [b for b in branches if b] or branches
            return self._seq(self.rng.choice(options))
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return ""
        if op is C.GROUPREF:
            return self.groups.get(av, "")
        raise ValueError(f"unsupported regex op {op}")

    def _seq(self, seq) -> str:
        return "".join(self._one(op, av) for op, av in seq)


def standalone_format(compiled: re.Pattern, token: str) -> bool:
    """Whether the rule recognises its token with nothing around it: a provider
    format (`dapi` + 32 hex), not a keyword rule (`mapbox ... = pk.…`), whose
    token alone no detector can tell from any other random string."""
    return compiled.search(f" {token} ") is not None


def survives(token: str, doc: str, text: str) -> bool:
    """Some 8-character piece of `token` (all of it if shorter) is still in the
    redacted `text`, placeholders aside (`[SECRET:betterleaks_apify_api_token]`
    holds `apify_ap`), and not because the text around the token has it too."""
    k = min(8, len(token))
    left = _PLACEHOLDER_RE.sub(" ", text)
    around = doc.replace(token, " ")
    return any(token[i:i + k] in left and token[i:i + k] not in around for i in range(0, len(token) - k + 1))


def redact_all(texts: list[str]) -> list[str]:
    """The clean stage's path: regexes per text, then one Kingfisher run."""
    first = [redact_secrets(t)[0] for t in texts]
    found = scanner.scan_texts(first)
    return [scanner.redact(t, found[t])[0] if t in found else t for t in first]


def measure(per_rule: int, seed: int) -> dict:
    rng = random.Random(seed)
    rules = catalogue()
    skipped, hidden, unmatched, standalone, context = [], [], [], [], []
    for rule in rules:
        if not rule["visible"]:
            # 47 helper rules Kingfisher itself never reports: the id, host or
            # URL half of a composite (aikido-client-id, supabase-project-url),
            # which is no secret alone. Counted as out of scope, listed.
            hidden.append(rule["id"])
            continue
        try:
            compiled = re.compile(translate(rule["pattern"]))
        except re.error:
            skipped.append(rule["id"])
            continue
        for k in range(per_rule):
            match, token = Sampler(rng).sample(compiled.pattern)
            token = token or match
            if not compiled.search(match):  # the generator's own check: a sample its rule rejects
                unmatched.append(rule["id"])
                continue
            if len(token.strip()) < 8:
                continue
            context.append((rule["id"], token, f"config = load()\n{match}\nprint('ok')"))
            if standalone_format(compiled, token):
                standalone.append((rule["id"], token, f"The token for the staging job is {token}, rotate it."))
    t0 = time.perf_counter()
    out_standalone = redact_all([t for _, _, t in standalone])
    out_context = redact_all([t for _, _, t in context])
    seconds = time.perf_counter() - t0

    def score(samples, outputs):
        missed = sorted({rid for (rid, tok, doc), out in zip(samples, outputs) if survives(tok, doc, out)})
        caught = sum(not survives(tok, doc, out) for (_, tok, doc), out in zip(samples, outputs))
        return {"samples": len(samples), "caught": caught, "recall": round(caught / max(1, len(samples)), 4),
                "rules": len({rid for rid, _, _ in samples}), "rules_missed": missed,
                "rules_sampled": sorted({rid for rid, _, _ in samples})}

    return {"catalogue": {"rules": len(rules), "kingfisher": scanner.VERSION, "skipped_unparsable": skipped,
                          "helper_rules_not_reported": hidden, "samples_not_matching_their_rule": unmatched},
            "per_rule": per_rule, "seed": seed,
            "standalone": score(standalone, out_standalone), "in_context": score(context, out_context),
            "seconds": round(seconds, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-rule", type=int, default=3, help="samples drawn from each rule's pattern")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    result = measure(args.per_rule, args.seed)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    s, c = result["standalone"], result["in_context"]
    print("| set | rules | samples | caught | recall |\n|---|---|---|---|---|")
    print(f"| standalone tokens (formats a rule knows alone) | {s['rules']} | {s['samples']} | {s['caught']} | "
          f"{s['recall']:.1%} |")
    print(f"| every rule, sampled match in a line of code | {c['rules']} | {c['samples']} | {c['caught']} | "
          f"{c['recall']:.1%} |")
    print(f"\ncatalogue: {result['catalogue']['rules']} rules (Kingfisher {scanner.VERSION}), "
          f"{len(result['catalogue']['helper_rules_not_reported'])} helper rules Kingfisher never reports left out, "
          f"{len(result['catalogue']['skipped_unparsable'])} not parsable by Python re; "
          f"detection time {result['seconds']} s; rules with a standalone miss: {s['rules_missed']}")


if __name__ == "__main__":
    main()
