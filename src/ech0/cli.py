"""The `ech0` command: helpers around the DVC pipeline (the pipeline itself is `dvc repro`).

    ech0 params check               validate params.yaml against the schema
    ech0 params docs                print the params reference generated from the schema
    ech0 import PATH --tag TAG      import a JSONL / JSON-array dump and `dvc add` it
    ech0 validate PATH [PATH ...]   check rows as users write them (prompt/completion or messages)
    ech0 generate --domain D -n N   print sample rows from a domain generator
    ech0 eval --model-dir DIR       evaluate a model directory and apply the gate
    ech0 verify DIR                 re-hash a package against its lineage.json
    ech0 chat DIR [PROMPT]          answer a prompt (or chat) with a packaged model
    ech0 preset NAME                print a preset (presets/NAME.yaml) as `dvc exp run` -S options
    ech0 registry register|list|promote|rollback   the ech0-model registry (git tags via GTO)
    ech0 deploy --stage S --dest DIR               fetch, verify and place the stage's package
    ech0 remote check [--remote NAME]              everything pushed, downloads verified?
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from ech0.params import PARAMS_FILE, ParamsError, _Yaml12Loader, load_params


def cmd_params_check(args) -> int:
    try:
        params = load_params(args.file)
    except ParamsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{args.file}: OK ({len(params['domains'])} domains)")
    return 0


def cmd_params_docs(args) -> int:
    from ech0.params import params_reference

    print(params_reference(), end="")
    return 0


def cmd_import(args) -> int:
    from ech0.data.importer import IMPORTS_DIR, ImportError_, import_dump

    try:
        out = import_dump(Path(args.path), args.tag)
    except (ImportError_, OSError) as exc:
        print(f"ech0 import: {exc}", file=sys.stderr)
        return 1
    print(f"imported {args.path} -> {out}")
    if args.no_dvc:
        return 0
    target = IMPORTS_DIR / args.tag
    done = subprocess.run([sys.executable, "-m", "dvc", "add", str(target)], check=False)
    if done.returncode:
        print(f"ech0 import: `dvc add {target}` failed", file=sys.stderr)
        return done.returncode
    print(f"tracked by DVC: {target}.dvc (commit it; `dvc push` uploads the data)")
    return 0


def cmd_validate(args) -> int:
    """Check rows as a user writes them (the row schema less the fields the
    pipeline fills in): one `FILE:LINE: $.path: message` line per problem on
    stdout (`FILE[INDEX]: ...` for a JSON array's elements), a count on stderr."""
    from ech0.data.importer import ImportError_, load_json_array
    from ech0.jsonl import dumps, iter_lines
    from ech0.data.rows import check_line

    # Same line-size limit as the clean stage when run inside an ech0 project.
    limit = load_params()["clean"]["max_line_bytes"] if Path(PARAMS_FILE).exists() else sys.maxsize
    rows = invalid = problem_count = unreadable = 0

    class Unreadable(Exception):
        pass

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    def located_rows(path: str):
        """(location, raw JSON bytes) for each row of a JSONL file or a JSON array."""
        with open(path, "rb") as fh:  # the first byte that is not a BOM or white space
            head = b""
            while not head and (chunk := fh.read(4096)):
                head = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"["):
            for number, raw in iter_lines(path):
                if raw.strip():  # blank lines are not rows
                    yield f"{path}:{number}", raw
            return
        try:
            items = load_json_array(Path(path).read_bytes(), path)
        except ImportError_ as exc:
            raise Unreadable(str(exc)) from None
        for index, item in enumerate(items):
            yield f"{path}[{index}]", dumps(item).encode()  # an element is checked as the line import writes

    for path in args.paths:
        try:
            for where, raw in located_rows(path):
                rows += 1
                problems = list(dict.fromkeys(check_line(raw, limit, user_input=True)[1]))  # each once
                for p in problems:
                    print(f"{where}: {p.field}: {p.message}")
                problem_count += len(problems)
                invalid += bool(problems)
        except Unreadable as exc:
            unreadable += 1
            print(exc)
        except OSError as exc:
            unreadable += 1
            print(f"{path}: cannot read: {exc.strerror or exc}")
    if invalid:
        summary = (f"{plural(rows, 'row')}: {rows - invalid} valid, {invalid} invalid "
                   f"({plural(problem_count, 'problem')})")
    else:
        summary = f"{plural(rows, 'row')}: all valid" if rows else "no rows"
    if unreadable:
        summary += f"; {plural(unreadable, 'file')} could not be read"
    print(summary, file=sys.stderr)
    return 1 if invalid or unreadable else 0


def cmd_generate(args) -> int:
    from ech0.data.generators import GeneratorError, get_generator

    params = load_params() if Path(PARAMS_FILE).exists() else None
    seed = args.seed if args.seed is not None else (params["seed"] if params else None)
    if seed is None:
        print("ech0 generate: no params.yaml here; pass --seed", file=sys.stderr)
        return 2
    spec = (params or {}).get("domains", {}).get(args.domain, {}).get("generator")
    try:
        gen = get_generator(args.domain, spec)
    except GeneratorError as exc:
        print(f"ech0 generate: {exc}", file=sys.stderr)
        return 2
    for row in gen.rows(args.n, seed):
        print(json.dumps(row, ensure_ascii=False, indent=None if args.jsonl else 2))
    return 0


def cmd_eval(args) -> int:
    """Evaluate any trained model directory (an adapter or a full model) against the
    params' base, as the eval stage does; the report goes to --out or stdout."""
    from ech0.jsonl import dumps, write_json
    from ech0.params import stage_params
    from ech0.stages import eval as eval_stage

    params = stage_params()
    report, cases, _ = eval_stage.evaluate_dir(params, Path(args.model_dir), Path(args.baseline),
                                               Path(args.capability) if args.capability else None)
    report["regression"]["reports"] = cases
    if args.out:
        write_json(args.out, report)
    else:
        print(dumps(report))
    gate = report["gate"]
    print(f"gate {'PASSED' if gate['passed'] else 'FAILED'}" + "".join(f"\n  {f}" for f in gate["failures"]),
          file=sys.stderr)
    return 0 if gate["passed"] else 1


def cmd_baseline(args) -> int:
    """Set each regression case's min_score to the lowest score it got in the given
    case reports (the eval stage's metrics/eval/regression.json, or `ech0 eval --out`
    reports), e.g. of the default recipe at a few seeds. Writes --cases in place."""
    from ech0.eval import scoring
    from ech0.model import inference
    from ech0.jsonl import atomic_open

    runs = []
    for path in args.reports:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"ech0 baseline: {path}: {exc}", file=sys.stderr)
            return 2
        run = data["regression"].get("reports") if isinstance(data, dict) and "regression" in data else data
        if not isinstance(run, list):
            print(f"ech0 baseline: {path}: not a list of case reports (metrics/eval/regression.json)",
                  file=sys.stderr)
            return 2
        runs.append(run)
    cases = inference.read_cases(Path(args.cases))
    try:
        new, unfailable = scoring.rebaseline(cases, runs)
    except ValueError as exc:
        print(f"ech0 baseline: {exc}", file=sys.stderr)
        return 2
    if unfailable and not args.drop_unfailable:
        print(f"ech0 baseline: {len(unfailable)} case(s) scored 0 in some run and forbid nothing, so no "
              f"model could fail them: {', '.join(unfailable)}. Rewrite them, or pass --drop-unfailable "
              f"to remove them; nothing written.", file=sys.stderr)
        return 2
    kept = [c for c in new if c["id"] not in unfailable]
    with atomic_open(args.cases) as fh:
        for case in kept:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    old = {c["id"]: c["min_score"] for c in cases}
    for c in kept:
        if c["min_score"] != old[c["id"]]:
            print(f"{c['id']}: min_score {old[c['id']]} -> {c['min_score']}")
    for cid in unfailable:
        print(f"{cid}: dropped (scored 0 in a run)")
    print(f"{args.cases}: {len(kept)} cases from {len(runs)} run(s)"
          + (f", {len(unfailable)} dropped" if unfailable else ""))
    return 0


def cmd_gate(args) -> int:
    """Exit 0 when the run's eval gate passed, 1 (with the reasons) when it did not: for
    scripts and CI, since `dvc repro` completes either way."""
    path = Path(args.metrics)
    try:
        gate = json.loads(path.read_text("utf-8")).get("gate")
    except (OSError, ValueError) as exc:
        print(f"ech0 gate: {path}: unreadable ({type(exc).__name__}); run `dvc repro` first", file=sys.stderr)
        return 1
    if not isinstance(gate, dict):
        print(f"ech0 gate: {path} has no gate; run `dvc repro` first", file=sys.stderr)
        return 1
    from ech0.stages.package import gate_failures

    reasons = gate_failures({"gate": gate}, missing="not passed")
    if not reasons:
        print(f"gate PASSED ({path})")
        return 0
    print(f"gate FAILED ({path}):", file=sys.stderr)
    for reason in reasons:
        print(f"  {reason}", file=sys.stderr)
    return 1


def cmd_verify(args) -> int:
    from ech0.stages.package import verify

    problems = verify(Path(args.dir))
    for p in problems:
        print(f"{args.dir}: {p}", file=sys.stderr)
    if not problems:
        print(f"{args.dir}: OK, every file matches lineage.json")
    return 1 if problems else 0


def load_chat_model(directory: Path, trust_remote_code: bool = False):
    """A packaged model: merged weights, or an adapter (its base named in adapter_config.json)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(directory), trust_remote_code=trust_remote_code)
    if (directory / "adapter_config.json").exists():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(str(directory), dtype=torch.float32)
    else:
        model = AutoModelForCausalLM.from_pretrained(str(directory), trust_remote_code=trust_remote_code)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model.eval(), tokenizer


def chat_reply(model, tokenizer, messages: list[dict], max_new_tokens: int) -> str:
    """Greedy reply in the training format: the tokenizer's chat template (ech0.model.prompt)."""
    import torch

    ids = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                        return_dict=True)
    with torch.no_grad():
        out = model.generate(**ids, max_new_tokens=max_new_tokens, do_sample=False,
                             pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    return tokenizer.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True).strip()


RESET = "/reset"


def cmd_chat(args) -> int:
    directory = Path(args.dir)
    model, tokenizer = load_chat_model(directory, args.trust_remote_code)
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
    import time

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


PRESETS_DIR = Path("presets")


def flatten(tree: dict, prefix: str = "") -> dict:
    """{'a': {'b': 1}} -> {'a.b': 1}; an empty mapping stays a value."""
    out = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def merged(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


def set_param_args(preset: dict) -> list[str]:
    """`-S key=value` options for `dvc exp run`, values in the YAML flow style DVC parses."""
    import yaml

    args = []
    for key, value in flatten(preset).items():
        text = yaml.safe_dump(value, default_flow_style=True, width=10**6).strip().removesuffix("\n...").strip()
        if any(c.isspace() for c in text):
            raise ValueError(f"{key}: a value with spaces cannot pass through the shell as one -S option")
        args += ["-S", f"{key}={text}"]
    return args


def cmd_preset(args) -> int:
    import yaml

    from ech0.params import validate_params

    path = PRESETS_DIR / f"{args.name}.yaml"
    if not path.exists():
        names = sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))
        print(f"ech0 preset: no {path}; presets: {', '.join(names)}", file=sys.stderr)
        return 2
    preset = yaml.load(path.read_text("utf-8"), Loader=_Yaml12Loader) or {}  # 1e-4 is a number, as for DVC
    try:  # the preset must give valid params once applied, before any run starts
        validate_params(merged(load_params(), preset), source=f"{PARAMS_FILE} + {path}")
        options = set_param_args(preset)
    except (ParamsError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(" ".join(options))
    return 0


def cmd_registry_register(args) -> int:
    from ech0.release import registry

    version, commit = registry.register(".", args.version, args.ref)
    print(f"registered {registry.ARTIFACT} {version} at {commit[:12]} "
          f"(tag {registry.ARTIFACT}@{version}; `git push origin --tags` publishes it)")
    if args.promote:  # the seed's promote-on-pass: production still needs the committed gate passed
        for line in registry.promote(".", version, args.promote):
            print(line)
    return 0


def cmd_registry_list(args) -> int:
    from ech0.release import registry

    rows = registry.versions(".")
    if not rows:
        print(f"{registry.ARTIFACT}: no registered version (ech0 registry register)")
        return 0
    print(f"{'version':<10} {'commit':<12} {'gate':<7} {'stages':<20} created")
    for v in rows:
        stages = ", ".join(s["stage"] for s in v["stages"]) or "-"
        gate = "passed" if registry.gate(".", v["commit_hexsha"])[0] else "FAILED"
        print(f"{v['version']:<10} {v['commit_hexsha'][:12]:<12} {gate:<7} {stages:<20} {v['created_at']:%Y-%m-%d %H:%M:%S}")
    return 0


def cmd_registry_promote(args) -> int:
    from ech0.release import registry

    for line in registry.promote(".", args.version, args.stage):
        print(line)
    return 0


def cmd_registry_rollback(args) -> int:
    from ech0.release import registry

    current, previous, done = registry.rollback(".", args.stage)
    print(f"rolled back {args.stage}: {current} -> {previous}")
    for line in done:
        print(f"  {line}")
    return 0


def registry_errors(func):
    """Registry and deploy failures are user errors: one message, exit status 1, no traceback."""
    def run(args) -> int:
        from gto.exceptions import GTOException

        from ech0.release.deploy import DeployError
        from ech0.release.registry import RegistryError

        try:
            return func(args)
        except (RegistryError, DeployError, GTOException) as exc:
            print(f"ech0 {args.command}: {exc}", file=sys.stderr)
            return 1
    return run


def cmd_deploy(args) -> int:
    from ech0.release.deploy import deploy

    done = deploy(".", args.stage, args.dest)
    print(f"deployed {done['version']} ({done['commit'][:12]}, {args.stage}) to {done['dest']}: "
          f"{done['files']} files, DVC hash {done['md5']} and lineage.json verified")
    return 0


def cmd_remote_check(args) -> int:
    from ech0.release.remote import check

    problems = check(".", args.remote)
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("remote OK: every output is in the remote, and downloads are verified (verify = true)")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ech0", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    params = sub.add_parser("params", help="params.yaml tools").add_subparsers(dest="action", required=True)
    check = params.add_parser("check", help="validate params.yaml against the schema")
    check.add_argument("--file", default=PARAMS_FILE, help="params file (default: %(default)s)")
    check.set_defaults(func=cmd_params_check)
    docs = params.add_parser("docs", help="print the params reference (Markdown) generated from the schema")
    docs.set_defaults(func=cmd_params_docs)

    imp = sub.add_parser("import", help="import a JSONL or JSON-array dump into data/imports/TAG/")
    imp.add_argument("path")
    imp.add_argument("--tag", required=True, help="import tag; also the default domain of its rows")
    imp.add_argument("--no-dvc", action="store_true", help="do not run `dvc add` afterwards")
    imp.set_defaults(func=cmd_import)

    val = sub.add_parser("validate", help="check rows as written (JSONL or a JSON array: prompt/completion or "
                                          "messages; domain, category, difficulty, source optional)")
    val.add_argument("paths", nargs="+", metavar="FILE")
    val.set_defaults(func=cmd_validate)

    gen = sub.add_parser("generate", help="print sample rows from a domain generator")
    gen.add_argument("--domain", required=True)
    gen.add_argument("-n", type=int, default=5, help="rows to print (default: %(default)s)")
    gen.add_argument("--seed", type=int, help="seed (default: params.yaml's seed)")
    gen.add_argument("--jsonl", action="store_true", help="one row per line instead of pretty JSON")
    gen.set_defaults(func=cmd_generate)

    ev = sub.add_parser("eval", help="evaluate a model directory and apply the gate (exit 1 when it fails)")
    ev.add_argument("--model-dir", required=True, help="a LoRA/QLoRA adapter or a full model directory")
    ev.add_argument("--baseline", default="eval/baselines/regression.jsonl", help="regression cases (JSONL)")
    ev.add_argument("--capability", default="eval/baselines/capability.jsonl",
                    help="capability cases (JSONL; '' for none)")
    ev.add_argument("--out", help="write the report here instead of printing it")
    ev.set_defaults(func=cmd_eval)

    bl = sub.add_parser("baseline", help="set regression min_scores to the lowest score in given eval reports")
    bl.add_argument("reports", nargs="+", help="metrics/eval/regression.json files (or `ech0 eval --out` reports)")
    bl.add_argument("--cases", default="eval/baselines/regression.jsonl", help="the cases file to rewrite")
    bl.add_argument("--drop-unfailable", action="store_true",
                    help="remove cases that scored 0 in some run and forbid nothing (else: error)")
    bl.set_defaults(func=cmd_baseline)

    gt = sub.add_parser("gate", help="exit 0 if the run's eval gate passed, else 1 with the failed thresholds")
    gt.add_argument("--metrics", default="metrics/eval.json", help="the eval summary (default: %(default)s)")
    gt.set_defaults(func=cmd_gate)
    ver = sub.add_parser("verify", help="re-hash a package directory against its lineage.json")
    ver.add_argument("dir")
    ver.set_defaults(func=cmd_verify)

    chat = sub.add_parser("chat", help="answer a prompt (or read prompts from stdin) with a packaged model")
    chat.add_argument("dir", help="a package directory (models/package or a deployed copy)")
    chat.add_argument("prompt", nargs="?", help="one prompt; without it, one prompt per line from stdin")
    chat.add_argument("--max-new-tokens", type=int, help="default: the package's generation_config")
    chat.add_argument("--trust-remote-code", action="store_true", help="allow the model's own Python code")
    chat.set_defaults(func=cmd_chat)

    pre = sub.add_parser("preset", help="print presets/NAME.yaml as -S options: dvc exp run $(ech0 preset NAME)")
    pre.add_argument("name")
    pre.set_defaults(func=cmd_preset)

    st = sub.add_parser("status", help="the running (or last) training: step, loss, lr, tokens/s, ETA")
    st.add_argument("--watch", type=float, metavar="SECONDS", help="print a line every SECONDS until it finishes")
    st.set_defaults(func=cmd_status)

    from ech0.release.registry import STAGES

    reg = sub.add_parser("registry", help="the ech0-model registry: versions and stages as git tags (GTO)")
    reg_sub = reg.add_subparsers(dest="action", required=True)
    r = reg_sub.add_parser("register", help="register ech0-model at a commit (an annotated tag)")
    r.add_argument("--version", help="vX.Y.Z (default: the next patch version)")
    r.add_argument("--ref", default="HEAD", help="commit, branch or tag (default: %(default)s)")
    r.add_argument("--promote", metavar="STAGE", choices=STAGES,
                   help="then give STAGE to the new version (production: only if its committed gate passed)")
    r.set_defaults(func=registry_errors(cmd_registry_register))
    r = reg_sub.add_parser("list", help="versions, their commits, gates and stages (gto show)")
    r.set_defaults(func=registry_errors(cmd_registry_list))
    r = reg_sub.add_parser("promote", help="give a stage to a version (production needs its committed gate passed)")
    r.add_argument("version")
    r.add_argument("--stage", required=True, choices=STAGES)
    r.set_defaults(func=registry_errors(cmd_registry_promote))
    r = reg_sub.add_parser("rollback", help="give a stage back to the version that held it before")
    r.add_argument("--stage", required=True, choices=STAGES)
    r.set_defaults(func=registry_errors(cmd_registry_rollback))

    dep = sub.add_parser("deploy", help="fetch the stage's models/package through DVC, verify it, place it in DIR")
    dep.add_argument("--stage", required=True, choices=STAGES)
    dep.add_argument("--dest", required=True, help="target directory (replaced only after verification)")
    dep.set_defaults(func=registry_errors(cmd_deploy))

    rem = sub.add_parser("remote", help="DVC remote checks").add_subparsers(dest="action", required=True)
    rc = rem.add_parser("check", help="fail unless every output is pushed and the remote has verify = true")
    rc.add_argument("--remote", help="remote name (default: the default remote)")
    rc.set_defaults(func=cmd_remote_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
