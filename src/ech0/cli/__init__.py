"""The `ech0` command: helpers around the DVC pipeline (the pipeline itself is `dvc repro`).

    ech0 params check [--file F]    validate params.yaml against the schema
    ech0 params docs                print the params reference generated from the schema
    ech0 import PATH --tag TAG      import a JSONL / JSON-array dump and `dvc add` it
    ech0 validate PATH [PATH ...]   check rows as users write them (prompt/completion or messages)
    ech0 generate --domain D -n N   print sample rows from a domain generator
    ech0 eval --model-dir DIR       evaluate a model directory and apply the gate
    ech0 baseline REPORT [...]      set regression min_scores from eval reports
    ech0 gate [--metrics F]         exit 1 unless the run's eval gate passed
    ech0 verify DIR                 re-hash a package against its lineage.json
    ech0 deploy --stage S --dest DIR               fetch, verify and place the stage's package
    ech0 chat DIR [PROMPT]          answer a prompt (or chat) with a packaged model
    ech0 status [--watch SECONDS]   the running (or last) training: step, loss, ETA
    ech0 preset NAME                print a preset (presets/NAME.yaml) as `dvc exp run` -S options
    ech0 registry register|list|promote|rollback   the ech0-model registry (git tags via GTO)
    ech0 remote check [--remote NAME]              everything pushed, downloads verified?

Each module of this package holds one command or command group and adds its
parsers (`add_parsers`); torch, transformers, DVC and GTO are imported inside
the commands that use them, so `ech0 verify` and `ech0 deploy` never load torch.
"""

from __future__ import annotations

import argparse

from ech0.cli import chat, data, deploy, evaluation, params, preset, registry, remote, status

COMMAND_MODULES = (params, data, evaluation, deploy, chat, status, preset, registry, remote)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ech0", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
