"""raw stage: run the enabled domain generators and pick up imported dumps.

Reads:  params.yaml (seed, raw, domains), data/imports/<tag>/*.jsonl (+ sources.json)
Writes: data/raw/<domain>.jsonl            one file per generator domain
        data/raw/canaries.jsonl             raw.canaries planted secrets (ech0.data.canary); none when 0
        data/raw/imports/<tag>/<file>.jsonl imported dumps, byte for byte
        data/raw/sources.json               what each file is and where it came from
Run:    dvc repro raw   (or: python -m ech0.stages.raw)

Each generator domain gets min(max_samples, total_samples // n) rows, where n
is the number of enabled generator domains. Generation runs on raw.workers
processes, one domain per task; the output does not depend on the count.
The canary rows are advanced_software rows, each holding a synthetic secret
unique to the seed, for clean to redact and eval to try to elicit.
"""

from __future__ import annotations

import difflib
import json
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

from ech0.data import canary
from ech0.data.generators import BUILTIN, GeneratorError, get_generator
from ech0.data.importer import IMPORTS_DIR, MANIFEST
from ech0.jsonl import atomic_dir, dumps, write_json
from ech0.params import stage_params

RAW_DIR = Path("data/raw")


def plan_generation(params: dict, imported_domains: set[str]) -> dict[str, int]:
    """{domain: rows to generate} for enabled domains that have a generator.

    A domain with no generator (not built-in, no `generator`) is valid only if
    imported rows use it; otherwise it is almost certainly a typo.
    """
    generated = []
    for name, cfg in sorted(params["domains"].items()):
        if not cfg["enabled"]:
            continue
        if name in BUILTIN or cfg.get("generator"):
            generated.append(name)
        elif name not in imported_domains:
            close = difflib.get_close_matches(name, list(BUILTIN), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise GeneratorError(
                f"params.yaml: domains.{name}: not a built-in domain, has no `generator`, "
                f"and no imported rows use it.{hint}"
            )
    stem = canary.FILENAME.removesuffix(".jsonl")
    if params["raw"]["canaries"] and stem in generated:
        raise GeneratorError(f"params.yaml: domains.{stem}: data/raw/{canary.FILENAME} holds the planted "
                             "canaries (raw.canaries); rename the domain")
    if not generated:
        return {}
    share = params["raw"]["total_samples"] // len(generated)
    return {name: min(params["domains"][name]["max_samples"], share) for name in generated}


def generate_domain(task: tuple[str, str | None, int, int]) -> tuple[str, bytes, str]:
    """(domain, JSONL bytes, source label). Runs in a worker process."""
    domain, spec, n, seed = task
    gen = get_generator(domain, spec)
    body = "".join(dumps(row) + "\n" for row in gen.rows(n, seed))
    return domain, body.encode("utf-8"), f"generator:{domain}@{gen.version}"


def find_imports(imports_dir: Path) -> list[tuple[Path, dict]]:
    """(file, manifest entry) for every imported file, sorted by path."""
    found = []
    for manifest_path in sorted(imports_dir.glob(f"*/{MANIFEST}")):
        manifest = json.loads(manifest_path.read_text("utf-8"))
        for name in sorted(manifest):
            path = manifest_path.parent / name
            if not path.exists():
                raise FileNotFoundError(f"{manifest_path}: lists {name}, which is missing (run `dvc pull`?)")
            found.append((path, manifest[name]))
    return found


def imported_domains(imports: list[tuple[Path, dict]]) -> set[str]:
    domains = set()
    for path, _ in imports:
        with open(path, "rb") as fh:
            for line in fh:
                try:
                    d = json.loads(line).get("domain")
                except (ValueError, AttributeError):
                    continue
                if isinstance(d, str):
                    domains.add(d)
    return domains


def main() -> None:
    params = stage_params()
    imports = find_imports(IMPORTS_DIR)
    try:
        plan = plan_generation(params, imported_domains(imports))
    except GeneratorError as exc:
        sys.exit(str(exc))

    sources: dict[str, dict] = {}
    tasks = [(d, params["domains"][d].get("generator"), n, params["seed"]) for d, n in plan.items()]
    workers = min(params["raw"]["workers"], max(len(tasks), 1))
    planted = canary.rows(canary.canaries(params["seed"], params["raw"]["canaries"]))
    with atomic_dir(RAW_DIR) as tmp:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(generate_domain, tasks)
            for (domain, body, label), (_, _, n, _) in tqdm(zip(results, tasks), total=len(tasks),
                                                          desc="raw: generating", unit="domain"):
                (tmp / f"{domain}.jsonl").write_bytes(body)
                sources[f"{domain}.jsonl"] = {"kind": "generator", "source": label, "rows": n}

        if planted:
            (tmp / canary.FILENAME).write_bytes("".join(dumps(row) + "\n" for row in planted).encode("utf-8"))
            sources[canary.FILENAME] = {"kind": "canary", "source": planted[0]["source"], "rows": len(planted)}

        for path, entry in imports:
            rel = Path("imports") / path.parent.name / path.name
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp / rel)
            sources[rel.as_posix()] = {"kind": "import", "tag": path.parent.name, **entry}

        write_json(tmp / "sources.json", sources)
    total = sum(s["rows"] for s in sources.values())
    print(f"raw: {len(plan)} generated domains, {len(planted)} canaries, {len(imports)} imported files, "
          f"{total} rows -> {RAW_DIR}/")


if __name__ == "__main__":
    main()
