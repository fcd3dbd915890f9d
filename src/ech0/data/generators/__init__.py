"""Domain generator registry.

Built-in generators are listed in BUILTIN. A user adds a domain without editing
ech0 by naming a class in params.yaml:

    domains:
      my_domain: {enabled: true, weight: 1.0, max_samples: 500, generator: "my_pkg.gen:MyGenerator"}

or by publishing it under the `ech0.generators` entry-point group. The module
is imported from the repository root (the working directory of `dvc repro`) or
from the installed environment.
"""

from __future__ import annotations

import importlib
import sys
from importlib.metadata import entry_points
from pathlib import Path

from ech0.data.generators.contract import DomainGenerator

# domain name -> "module:Class". Strings, so importing the registry is cheap.
BUILTIN: dict[str, str] = {
    "reasoning": "ech0.data.generators.reasoning.generator:ReasoningGenerator",
    "creativity": "ech0.data.generators.creativity.generator:CreativityGenerator",
    "law": "ech0.data.generators.law.generator:LawGenerator",
    "materials_science": "ech0.data.generators.materials_science.generator:MaterialsScienceGenerator",
    "ai_ml": "ech0.data.generators.ai_ml.generator:AIMLGenerator",
    "prompt_engineering": "ech0.data.generators.prompt_engineering.generator:PromptEngineeringGenerator",
    "court_prediction": "ech0.data.generators.court_prediction.generator:CourtPredictionGenerator",
    "stock": "ech0.data.generators.stock.generator:StockGenerator",
    "crypto": "ech0.data.generators.crypto.generator:CryptoGenerator",
    "advanced_software": "ech0.data.generators.advanced_software.generator:AdvancedSoftwareGenerator",
}

ENTRY_POINT_GROUP = "ech0.generators"  # a public name for plugins: kept when the package moved


class GeneratorError(ValueError):
    pass


def _load(spec: str, domain: str) -> DomainGenerator:
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise GeneratorError(f"domains.{domain}.generator: expected 'module:Class', got {spec!r}")
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)  # user modules live in the repo, beside params.yaml
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise GeneratorError(f"domains.{domain}.generator: cannot load {spec!r}: {exc}") from exc
    gen = cls()
    if not isinstance(gen, DomainGenerator):
        raise GeneratorError(f"domains.{domain}.generator: {spec} is not a DomainGenerator subclass")
    if gen.domain != domain:
        raise GeneratorError(f"domains.{domain}.generator: {spec} declares domain {gen.domain!r}")
    return gen


def get_generator(domain: str, spec: str | None = None) -> DomainGenerator:
    """The generator for `domain`: an explicit spec, a built-in, or an entry point."""
    if spec:
        return _load(spec, domain)
    if domain in BUILTIN:
        return _load(BUILTIN[domain], domain)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == domain:
            return _load(ep.value, domain)
    raise GeneratorError(
        f"domains.{domain}: no generator. Built-ins are {', '.join(BUILTIN)}; "
        f"for a custom domain set domains.{domain}.generator to 'module:Class'"
    )
