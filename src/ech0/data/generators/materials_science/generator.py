"""Materials science generator.

Categories (from the original guide's "Domain Coverage"): material_properties,
crystallography (FCC, BCC, HCP), polymer_science, nanomaterials, metallurgy and
material_selection.

Almost every row is a worked calculation: atomic packing factors, theoretical
density from lattice parameters, radius/lattice-parameter relations, Bragg
angles, Hooke's law, thermal expansion, degree of polymerisation, molecular
weight averages, the Fox equation, Scherrer sizes, Hall-Petch, the lever rule,
Arrhenius diffusion, rule of mixtures and Ashby-style material selection. The
answer is computed in code, shown step by step, and ends with a
`Final answer:` line; `extra["inputs"]` and `extra["formula"]` let a test
recompute it.

Sources policy: every fact table names its source in a comment. Values are the
standard textbook/handbook numbers (Callister & Rethwisch, "Materials Science
and Engineering: An Introduction", 9th ed.; CRC Handbook of Chemistry and
Physics; IUPAC atomic weights). Where a value is only "typical" (alloy yield
strengths, polymer Tg), the prompt states it as given data so the row never
depends on a contested number.

The property tables (each naming its source) and phrase banks are in banks.yaml beside this file.
"""

from __future__ import annotations

import math
import random

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import pick as _pick, random_difficulty as _diff
from ech0.data.generators.contract import DomainGenerator, Example
from ech0.data.generators.formatting import closed_prompt, row_builder

_BANKS = load_banks(__package__)

N_A = 6.022e23  # Avogadro's number, atoms/mol

# --- Fact tables -----------------------------------------------------------

CUBIC = _BANKS["cubic"]
FCC_NAMES = tuple(k for k, v in CUBIC.items() if v[1] == "FCC")

HCP = _BANKS["hcp"]

# Atoms per cell (n), a in terms of R, coordination number (CN).
# Callister Sec. 3.4: SC n=1 a=2R CN 6; BCC n=2 a=4R/sqrt3 CN 8; FCC n=4
# a=2R*sqrt2 CN 12; HCP n=6 CN 12. APF: SC 0.52, BCC 0.68, FCC and HCP 0.74.
STRUCT_N = {"SC": 1, "BCC": 2, "FCC": 4, "HCP": 6}
STRUCT_CN = {"SC": 6, "BCC": 8, "FCC": 12, "HCP": 12}
A_OF_R = {"SC": 2.0, "BCC": 4.0 / math.sqrt(3.0), "FCC": 2.0 * math.sqrt(2.0)}
A_OF_R_TEXT = {"SC": "a = 2R", "BCC": "a = 4R/sqrt(3)", "FCC": "a = 2R*sqrt(2)"}
TOUCH = {"SC": "along the cube edge", "BCC": "along the body diagonal", "FCC": "along the face diagonal"}

REFLECTIONS = _BANKS["reflections"]
CU_KALPHA1_NM = 0.15406  # Cu K-alpha1 X-ray wavelength (nm), CRC Handbook

ELASTIC = _BANKS["elastic"]
CTE = _BANKS["cte"]
THERMAL_STRESS = _BANKS["thermal_stress"]
RESISTIVITY = _BANKS["resistivity"]

ATOMIC_WEIGHT = _BANKS["atomic_weight"]
REPEAT_UNITS = _BANKS["repeat_units"]
REPEAT_MASS = {k: sum(ATOMIC_WEIGHT[el] * c for el, c in v[1].items()) for k, v in REPEAT_UNITS.items()}

TG_C = _BANKS["tg_c"]
TG_NAMES = tuple(TG_C)

NANO_DENSITY = _BANKS["nano_density"]

# Graphene: 2D stiffness 340 N/m, intrinsic 2D strength 42 N/m, interlayer
# thickness 0.335 nm -> E ~ 1.0 TPa, strength ~ 130 GPa. Lee, Wei, Kysar &
# Hone, Science 321, 385 (2008). ASTM A36 structural steel: minimum yield
# strength 36 ksi = 250 MPa (ASTM A36/A36M).
GRAPHENE_E2D, GRAPHENE_S2D, GRAPHENE_T = 340.0, 42.0, 0.335
A36_YIELD_MPA = 250.0

DIFFUSION = _BANKS["diffusion"]
R_GAS = 8.314  # J/(mol*K)

# Fe-Fe3C diagram (Callister Fig. 9.24): eutectoid 0.76 wt% C at 727 degC,
# max C in ferrite 0.022 wt%, cementite 6.70 wt% C, steels below 2.14 wt% C.
FE_C_EUTECTOID, FE_C_ALPHA, FE_C_CEMENTITE = 0.76, 0.022, 6.70

ALLOYS = _BANKS["alloys"]
ALLOY_NAMES = tuple(ALLOYS)

FIBERS = _BANKS["fibers"]
MATRICES = _BANKS["matrices"]

# Ashby performance indices for minimum mass (Ashby, "Materials Selection in
# Mechanical Design", 4th ed., Ch. 5): (label, exponent on property, property).
INDICES = {
    "light, stiff tie (tension member)": (1.0, "E"),
    "light, stiff beam in bending": (0.5, "E"),
    "light, stiff panel (plate) in bending": (1.0 / 3.0, "E"),
    "light, strong tie": (1.0, "sy"),
    "light, strong beam in bending": (2.0 / 3.0, "sy"),
}
INDEX_EXPR = {1.0: "{p}/rho", 0.5: "{p}^(1/2)/rho", 1.0 / 3.0: "{p}^(1/3)/rho", 2.0 / 3.0: "{p}^(2/3)/rho"}

# --- Small helpers ----------------------------------------------------------

CLOSERS = _BANKS["closers"]


_prompt = closed_prompt(CLOSERS)


def _pick_key(rng: random.Random, table: dict) -> str:
    """One key of a fact table, drawn as _pick draws from the keys in file order."""
    return _pick(rng, tuple(table))


# The category of each template group: materials.nano.ssa is a nanomaterials row.
_CATEGORIES = {"crystal": "crystallography", "props": "material_properties", "polymer": "polymer_science",
               "nano": "nanomaterials", "metal": "metallurgy", "select": "material_selection"}


_example = row_builder("materials", categories=_CATEGORIES)


# --- crystallography --------------------------------------------------------

def _apf(rng: random.Random) -> Example:
    d = _diff(rng)
    if d != "medium":
        s = _pick(rng, ("SC", "BCC", "FCC"))
        r = rng.randint(1150, 1850) / 10000
        who = f"A hypothetical metal with atomic radius R = {r:.4f} nm"
    else:
        name = _pick_key(rng, CUBIC)
        sym, s, r, *_ = CUBIC[name]
        who = f"{name.capitalize()} ({sym}, atomic radius R = {r:.4f} nm)"
    n, k = STRUCT_N[s], A_OF_R[s]
    a = k * r
    vc = a ** 3
    vs = n * 4.0 / 3.0 * math.pi * r ** 3
    apf = vs / vc
    prompt = _prompt(rng, f"{who} crystallizes in the {s} structure.",
                     _pick(rng, ("Compute its atomic packing factor (APF).",
                                 "What fraction of the unit cell volume is occupied by atoms (the APF)?",
                                 "Derive the atomic packing factor from the unit-cell geometry.")))
    lines = [
        _pick(rng, (f"APF = (volume of atoms in the cell) / (cell volume). An {s} cell holds n = {n} atom(s).",
                    f"Count atoms first: the {s} unit cell contains {n} atom(s). APF = n*(4/3)pi R^3 / a^3.",
                    f"Hard spheres touch {TOUCH[s]} in {s}, so {A_OF_R_TEXT[s]}; the cell holds {n} atom(s).")),
        f"Geometry: atoms touch {TOUCH[s]}, giving {A_OF_R_TEXT[s]} = {a:.4f} nm.",
    ]
    if d == "easy":
        lines.append(_pick(rng, (
            f"Symbolically the R^3 cancels, so the APF does not depend on R = {r:.4f} nm at all.",
            f"Because a scales with R, the ratio is independent of the radius; R = {r:.4f} nm is a distractor.")))
    lines += [
        f"Cell volume V_C = a^3 = {vc:.5f} nm^3.",
        f"Sphere volume V_S = {n} x (4/3)pi({r:.4f})^3 = {vs:.5f} nm^3.",
        f"APF = {vs:.5f} / {vc:.5f} = {apf:.4f}.",
    ]
    if d == "hard":
        other = "BCC" if s == "FCC" else "FCC"
        lines.append(_pick(rng, (
            f"Free (void) volume is 1 - {apf:.4f} = {1 - apf:.4f}; coordination number is {STRUCT_CN[s]}, "
            f"versus {STRUCT_CN[other]} for {other}.",
            f"For comparison, {other} packs to {('0.68' if other == 'BCC' else '0.74')} with coordination "
            f"number {STRUCT_CN[other]}; {s} has CN = {STRUCT_CN[s]}.")))
    ans = f"{apf:.2f}"
    return _example("crystal.apf", d, prompt, lines, ans, "apf_cubic", {"structure": s, "R_nm": r})


def _density(rng: random.Random) -> Example:
    d = _diff(rng)
    hyp = False
    if d == "hard" and rng.random() < 0.5:
        name = _pick_key(rng, HCP)
        sym, a, c, A, meas = HCP[name]
        vol_nm3 = 1.5 * math.sqrt(3.0) * a * a * c
        rho = 6 * A / (vol_nm3 * 1e-21 * N_A)
        prompt = _prompt(rng, f"{name.capitalize()} ({sym}) is HCP with a = {a:.4f} nm and c = {c:.4f} nm;",
                         f"its atomic weight is {A} g/mol.",
                         _pick(rng, ("Compute its theoretical density.", "Estimate the density from the lattice parameters.")))
        lines = [
            "The HCP unit cell (hexagonal prism) contains 6 atoms: 12 corners x 1/6 + 2 faces x 1/2 + 3 interior.",
            f"V_C = (3*sqrt(3)/2) a^2 c = 2.598 x ({a:.4f})^2 x {c:.4f} = {vol_nm3:.5f} nm^3 = {vol_nm3:.5f}e-21 cm^3.",
            f"rho = n A / (V_C N_A) = 6 x {A} / ({vol_nm3:.5f}e-21 x 6.022e23) = {rho:.3f} g/cm^3.",
            f"c/a = {c / a:.3f} (ideal 1.633); the handbook density is about {meas} g/cm^3.",
        ]
        return _example("crystal.density", d, prompt, lines, f"{rho:.2f} g/cm^3", "hcp_density",
                        {"A": A, "a_nm": a, "c_nm": c})
    if d != "easy" and rng.random() < 0.4:
        hyp = True
        s = _pick(rng, ("BCC", "FCC", "SC"))
        A = rng.randint(2000, 21000) / 100
        a = rng.randint(2800, 5200) / 10000
        label, meas = f"A hypothetical {s} metal with atomic weight {A:.2f} g/mol", None
    else:
        name = _pick_key(rng, CUBIC)
        sym, s, r, A, a, meas = CUBIC[name]
        label = f"{name.capitalize()} ({sym}, {s}, A = {A} g/mol)"
    n = STRUCT_N[s]
    from_r = d == "hard" and not hyp
    if from_r:
        a = A_OF_R[s] * r
        given = f"has atomic radius R = {r:.4f} nm."
    else:
        unit = _pick(rng, ("nm", "angstrom", "pm"))
        shown = {"nm": f"{a:.4f} nm", "angstrom": f"{a * 10:.3f} angstrom", "pm": f"{a * 1000:.1f} pm"}[unit]
        given = f"has a cubic lattice parameter a = {shown}."
    vol = (a * 1e-7) ** 3
    rho = n * A / (vol * N_A)
    prompt = _prompt(rng, label, given, _pick(rng, (
        "Calculate its theoretical density.", "What density does the crystal structure predict?",
        "Compute rho = nA/(V_C N_A) for this metal.")))
    lines = []
    if from_r:
        lines.append(f"First the lattice parameter: {A_OF_R_TEXT[s]} = {a:.4f} nm.")
    elif not given.endswith(f"{a:.4f} nm."):
        lines.append(f"Convert to nm: a = {a:.4f} nm = {a:.4f}e-7 cm.")
    lines += [
        _pick(rng, (f"{s} has n = {n} atom(s) per unit cell.",
                    f"Atoms per {s} cell: n = {n}.")),
        f"V_C = a^3 = ({a:.4f}e-7 cm)^3 = {vol:.4e} cm^3.",
        _pick(rng, (f"rho = n A / (V_C N_A) = {n} x {A} / ({vol:.4e} x 6.022e23) = {rho:.3f} g/cm^3.",
                    f"Mass per cell = {n} x {A} / 6.022e23 = {n * A / N_A:.4e} g; divide by V_C: rho = {rho:.3f} g/cm^3.")),
    ]
    if meas is not None:
        err = (rho - meas) / meas * 100
        lines.append(f"Measured density is about {meas} g/cm^3, a difference of {err:+.1f}%, "
                     + _pick(rng, ("so the hard-sphere model works well.", "which checks the arithmetic.")))
    inputs = {"structure": s, "A": A, ("R_nm" if from_r else "a_nm"): (r if from_r else a)}
    return _example("crystal.density", d, prompt, lines, f"{rho:.2f} g/cm^3",
                    "cubic_density_from_R" if from_r else "cubic_density_from_a", inputs)


def _lattice_radius(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "easy":
        s = _pick(rng, ("SC", "BCC", "FCC"))
        r = rng.randint(1100, 1900) / 10000
        a = A_OF_R[s] * r
        prompt = _prompt(rng, f"An element with atomic radius R = {r:.4f} nm adopts the {s} structure.",
                         "What is its lattice parameter a?")
        lines = [f"In {s} the atoms touch {TOUCH[s]}, so {A_OF_R_TEXT[s]}.",
                 f"a = {A_OF_R[s]:.4f} x {r:.4f} = {a:.4f} nm."]
        return _example("crystal.lattice_radius", d, prompt, lines, f"{a:.4f} nm", "a_from_R",
                        {"structure": s, "R_nm": r})
    name = _pick_key(rng, CUBIC)
    sym, s, r, A, a_meas, _ = CUBIC[name]
    if d == "medium":
        a = A_OF_R[s] * r
        prompt = _prompt(rng, _pick(rng, (f"{name.capitalize()} ({sym}) is {s} with atomic radius {r:.4f} nm.",
                                          f"Take R = {r:.4f} nm for {s} {name}.",
                                          f"The atomic radius of {name} is {r:.4f} nm and it crystallizes as {s}.")),
                         _pick(rng, ("Predict the cubic lattice parameter.", "Find the unit-cell edge length.",
                                     "What lattice parameter does the hard-sphere model give?")))
        lines = [f"Hard spheres touch {TOUCH[s]}: {A_OF_R_TEXT[s]}.",
                 f"a = {A_OF_R[s]:.4f} x {r:.4f} nm = {a:.4f} nm.",
                 f"The measured value is {a_meas:.4f} nm, so the model is within {abs(a - a_meas) * 1000:.1f} pm."]
        return _example("crystal.lattice_radius", d, prompt, lines, f"{a:.4f} nm", "a_from_R",
                        {"structure": s, "R_nm": r})
    s = _pick(rng, ("SC", "BCC", "FCC"))
    a_meas = rng.randint(2700, 5500) / 10000
    rr = a_meas / A_OF_R[s]
    nn = 2 * rr
    prompt = _prompt(rng, f"X-ray diffraction gives a cubic lattice parameter a = {a_meas:.4f} nm for an unknown {s} metal.",
                     "Find the atomic radius and the nearest-neighbour distance.")
    lines = [f"Invert {A_OF_R_TEXT[s]}: R = a / {A_OF_R[s]:.4f}.",
             f"R = {a_meas:.4f} / {A_OF_R[s]:.4f} = {rr:.4f} nm.",
             f"Nearest neighbours touch, so their separation is 2R = {nn:.4f} nm "
             f"(coordination number {STRUCT_CN[s]}).",
             _pick(rng, ("Callister's table of common metals spans roughly 0.12-0.18 nm, a useful sanity check.",
                         f"Cross-check: {A_OF_R[s]:.4f} x {rr:.4f} recovers {a_meas:.4f} nm."))]
    return _example("crystal.lattice_radius", d, prompt, lines, f"{rr:.4f} nm", "R_from_a",
                    {"structure": s, "a_nm": a_meas})


def _bragg(rng: random.Random) -> Example:
    d = _diff(rng)
    name = _pick_key(rng, CUBIC)
    sym, s, _, _, a, _ = CUBIC[name]
    refl = REFLECTIONS[s]
    lam = CU_KALPHA1_NM if d != "hard" else _pick(rng, (CU_KALPHA1_NM, 0.17890, 0.07093))
    # Only reflections that can diffract: lambda / (2d) must stay below 1.
    ok = [i for i, (x, y, z) in enumerate(refl) if lam * math.sqrt(x * x + y * y + z * z) / (2 * a) < 0.98]
    idx = ok[rng.randrange(min(3, len(ok)) if d == "easy" else len(ok))]
    h, k, l = refl[idx]
    dd = a / math.sqrt(h * h + k * k + l * l)
    if d == "easy":
        prompt = _prompt(rng, f"{name.capitalize()} ({sym}) is {s} with a = {a:.4f} nm.",
                         _pick(rng, (f"Compute the interplanar spacing d for the ({h}{k}{l}) planes.",
                                     f"What is d_{h}{k}{l}, the spacing between adjacent ({h}{k}{l}) planes?",
                                     f"Find the ({h}{k}{l}) interplanar spacing in nm.")))
        lines = ["For cubic crystals d_hkl = a / sqrt(h^2 + k^2 + l^2).",
                 f"h^2 + k^2 + l^2 = {h * h + k * k + l * l}, so d = {a:.4f} / {math.sqrt(h * h + k * k + l * l):.4f} = {dd:.4f} nm."]
        return _example("crystal.bragg", d, prompt, lines, f"{dd:.4f} nm", "interplanar_spacing",
                        {"a_nm": a, "h": h, "k": k, "l": l})
    theta = math.degrees(math.asin(lam / (2 * dd)))
    src = {CU_KALPHA1_NM: "Cu K-alpha1", 0.17890: "Co K-alpha1", 0.07093: "Mo K-alpha1"}[lam]
    if d == "hard":
        ordinal = ("first", "second", "third", "fourth", "fifth", "sixth")[idx]
        q = f"At what 2-theta does the {ordinal} allowed reflection appear with {src} radiation (lambda = {lam} nm)?"
    else:
        q = f"At what diffraction angle 2-theta does the ({h}{k}{l}) peak appear with lambda = {lam} nm (first order)?"
    prompt = _prompt(rng, _pick(rng, (f"{name.capitalize()} ({sym}, {s}, a = {a:.4f} nm) is examined by X-ray diffraction.",
                                      f"A powder of {s} {name} (a = {a:.4f} nm) is scanned in a diffractometer.",
                                      f"You index the XRD pattern of {name} ({s}, lattice parameter {a:.4f} nm).")), q)
    lines = []
    if d == "hard":
        rule = "h, k, l all odd or all even" if s == "FCC" else "h + k + l even"
        listed = ", ".join(f"({x}{y}{z})" for x, y, z in refl[:idx + 1])
        lines.append(f"{s} reflections require {rule}; in order: {listed}, so the peak is ({h}{k}{l}).")
    lines += [f"d = a / sqrt(h^2+k^2+l^2) = {a:.4f} / sqrt({h * h + k * k + l * l}) = {dd:.4f} nm.",
              _pick(rng, (f"Bragg: n lambda = 2 d sin(theta) with n = 1, so sin(theta) = {lam} / (2 x {dd:.4f}) = {lam / (2 * dd):.4f}.",
                          f"sin(theta) = lambda / (2d) = {lam / (2 * dd):.4f} from Bragg's law (first order).")),
              f"theta = {theta:.3f} deg, so 2-theta = {2 * theta:.2f} deg."]
    return _example("crystal.bragg", d, prompt, lines, f"{2 * theta:.2f} deg", "bragg_two_theta",
                    {"a_nm": a, "h": h, "k": k, "l": l, "wavelength_nm": lam})


CELL_COUNT = _BANKS["cell_count"]


def _cell_count(rng: random.Random) -> Example:
    d = _diff(rng)
    s = _pick_key(rng, CELL_COUNT)
    (co, fa, ed, inn), material = CELL_COUNT[s]
    n = co / 8 + fa / 2 + ed / 4 + inn
    hi = {"easy": 3, "medium": 6, "hard": 10}[d]
    p, q, r = rng.randint(1, hi), rng.randint(1, hi), rng.randint(2, hi)
    total = int(round(n * p * q * r))
    if d == "easy":
        prompt = _prompt(rng, f"How many atoms belong to one {s} unit cell (e.g. {material}),",
                         f"and how many are in a periodic {p} x {q} x {r} block of such cells?")
    else:
        prompt = _prompt(rng, f"A periodic {p} x {q} x {r} supercell of {s} {material} is built for a simulation.",
                         "How many atoms does it contain?")
    lines = [_pick(rng, ("Corner atoms are shared by 8 cells, face atoms by 2, edge atoms by 4; interior atoms count fully.",
                         "Each site contributes the fraction of it inside the cell: corner 1/8, face 1/2, edge 1/4, body 1."))]
    parts = [f"{co} x 1/8"] + ([f"{fa} x 1/2"] if fa else []) + ([f"{inn} x 1"] if inn else [])
    lines.append(f"{s}: " + " + ".join(parts) + f" = {int(n)} atom(s) per cell.")
    lines.append(f"A periodic supercell repeats the cell {p} x {q} x {r} = {p * q * r} times: "
                 f"{int(n)} x {p * q * r} = {total} atoms.")
    if d == "hard":
        lines.append(_pick(rng, ("No boundary correction is needed because periodic images share the surface sites.",
                                 "Periodic boundaries mean every site is counted exactly once.")))
    return _example("crystal.cell_count", d, prompt, lines, str(total), "atoms_in_supercell",
                    {"structure": s, "corner": co, "face": fa, "edge": ed, "interior": inn, "cells": [p, q, r]})


# --- material_properties ----------------------------------------------------

def _hooke(rng: random.Random) -> Example:
    d = _diff(rng)
    m = _pick_key(rng, ELASTIC)
    E = ELASTIC[m][0]
    if d == "easy":
        sigma = rng.randint(20, 200)
        L0 = rng.randint(100, 800)
        dl = sigma / (E * 1000) * L0
        prompt = _prompt(rng, f"A {L0} mm long {m} bar (E = {E} GPa) carries a uniaxial tensile stress of {sigma} MPa.",
                         "How much does it elongate? Assume the deformation is entirely elastic.")
        lines = [f"Hooke's law: strain = sigma / E = {sigma} MPa / {E * 1000} MPa = {sigma / (E * 1000):.3e}.",
                 f"Delta l = strain x l0 = {sigma / (E * 1000):.3e} x {L0} mm = {dl:.3f} mm."]
        return _example("props.hooke", d, prompt, lines, f"{dl:.3f} mm", "hooke_elongation_stress",
                        {"sigma_MPa": sigma, "E_GPa": E, "L0_mm": L0})
    dia = rng.randint(5, 25)
    area = math.pi * dia * dia / 4
    sigma_t = rng.randint(30, 180)
    F = round(sigma_t * area / 100) * 100
    L0 = rng.randint(100, 2000)
    sigma = F / area
    dl = sigma / (E * 1000) * L0
    prompt = _prompt(rng, f"A cylindrical {m} rod (E = {E} GPa), {dia} mm in diameter and {L0} mm long,",
                     f"is pulled with a force of {F} N.", "Find the elongation, assuming purely elastic deformation.")
    lines = [f"Area A0 = pi d^2 / 4 = pi x {dia}^2 / 4 = {area:.2f} mm^2.",
             f"Stress sigma = F / A0 = {F} / {area:.2f} = {sigma:.2f} MPa (N/mm^2).",
             _pick(rng, (f"Strain = sigma / E = {sigma:.2f} / {E * 1000} = {sigma / (E * 1000):.4e}.",
                         f"Elastic strain epsilon = {sigma:.2f} MPa / {E} GPa = {sigma / (E * 1000):.4e}.")),
             f"Delta l = epsilon l0 = {sigma / (E * 1000):.4e} x {L0} mm = {dl:.3f} mm."]
    if d == "hard":
        ys = rng.randint(int(sigma * 1.2) + 10, int(sigma * 3) + 50)
        lines.append(f"Check: {sigma:.1f} MPa is below the stated yield strength of {ys} MPa, so the deformation is elastic.")
        prompt += f" The alloy's yield strength is {ys} MPa; confirm the response is elastic."
    return _example("props.hooke", d, prompt, lines, f"{dl:.3f} mm", "hooke_elongation_force",
                    {"F_N": F, "d_mm": dia, "L0_mm": L0, "E_GPa": E})


def _poisson(rng: random.Random) -> Example:
    d = _diff(rng)
    m = _pick_key(rng, ELASTIC)
    E, nu = ELASTIC[m]
    dia = rng.randint(6, 30)
    area = math.pi * dia * dia / 4
    if d == "hard":
        dd = float(f"{rng.randint(10, 60) / 10000 * dia / 10:.2e}")
        ex = dd / dia / nu
        F = ex * E * 1000 * area
        prompt = _prompt(rng, f"A {m} cylinder ({dia} mm diameter, E = {E} GPa, Poisson's ratio {nu}) is loaded in tension",
                         f"along its axis. What force reduces the diameter by {dd:.2e} mm, staying elastic?")
        lines = [f"Lateral strain epsilon_x = Delta d / d0 = -{dd:.2e} / {dia} = -{dd / dia:.3e}.",
                 f"Axial strain epsilon_z = -epsilon_x / nu = {dd / dia:.3e} / {nu} = {ex:.3e}.",
                 f"Stress sigma = E epsilon_z = {E * 1000} MPa x {ex:.3e} = {ex * E * 1000:.2f} MPa.",
                 f"F = sigma A0 = {ex * E * 1000:.2f} x {area:.2f} mm^2 = {F:.0f} N."]
        return _example("props.poisson", d, prompt, lines, f"{F:.0f} N", "poisson_force",
                        {"d_mm": dia, "delta_d_mm": dd, "nu": nu, "E_GPa": E})
    sigma = rng.randint(20, 200)
    ez = sigma / (E * 1000)
    ddia = -nu * ez * dia
    prompt = _prompt(rng, f"A {m} rod of diameter {dia} mm (E = {E} GPa, nu = {nu}) carries an axial tensile stress of {sigma} MPa.",
                     _pick(rng, ("By how much does its diameter change?", "Find the change in diameter.")))
    lines = [f"Axial strain epsilon_z = sigma / E = {sigma} / {E * 1000} = {ez:.3e}.",
             f"Poisson: epsilon_x = -nu epsilon_z = -{nu} x {ez:.3e} = {-nu * ez:.3e}.",
             f"Delta d = epsilon_x d0 = {-nu * ez:.3e} x {dia} mm = {ddia:.2e} mm (a contraction)."]
    if d == "medium":
        lines.append(f"The rod also lengthens: per 100 mm of gauge length it grows by {ez * 100:.4f} mm.")
    return _example("props.poisson", d, prompt, lines, f"{ddia:.2e} mm", "poisson_diameter_change",
                    {"sigma_MPa": sigma, "E_GPa": E, "nu": nu, "d_mm": dia})


def _thermal(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "hard":
        m = _pick_key(rng, THERMAL_STRESS)
        E, alpha = THERMAL_STRESS[m]
        t0 = rng.randint(15, 30)
        t1 = t0 + rng.choice((-1, 1)) * rng.randint(20, 120)
        sig = -E * 1000 * alpha * 1e-6 * (t1 - t0)
        kind = "compressive" if sig < 0 else "tensile"
        prompt = _prompt(rng, f"A {m} rod (E = {E} GPa, alpha = {alpha}e-6 per degC) is clamped between rigid walls at {t0} degC",
                         f"and then {'heated' if t1 > t0 else 'cooled'} to {t1} degC.", "What thermal stress develops?")
        lines = [f"Fully constrained, the free thermal strain alpha Delta T = {alpha}e-6 x {t1 - t0} = {alpha * 1e-6 * (t1 - t0):.3e} is suppressed.",
                 f"sigma = -E alpha Delta T = -{E * 1000} MPa x {alpha}e-6 x ({t1 - t0}) = {sig:.1f} MPa.",
                 f"The sign means the stress is {kind}."]
        return _example("props.thermal", d, prompt, lines, f"{sig:.1f} MPa", "thermal_stress",
                        {"E_GPa": E, "alpha_e6": alpha, "T0_C": t0, "T1_C": t1})
    m = _pick_key(rng, CTE)
    alpha = CTE[m]
    L = rng.randint(2, 400) / 10 if d == "medium" else rng.randint(100, 5000) / 1000
    dT = rng.randint(10, 300)
    dl = alpha * 1e-6 * L * dT * 1000
    prompt = _prompt(rng, f"A {L} m long piece of {m} (alpha_l = {alpha}e-6 per degC) is heated by {dT} degC.",
                     _pick(rng, ("How much longer does it get, in mm?", "Compute the change in length in millimetres.")))
    lines = [_pick(rng, ("Linear thermal expansion: Delta L = alpha_l L0 Delta T.",
                         "Use Delta L / L0 = alpha_l Delta T.")),
             f"Delta L = {alpha}e-6 x {L} m x {dT} = {dl / 1000:.4e} m = {dl:.3f} mm."]
    if d == "medium":
        lines.append(_pick(rng, ("Expansion joints or sliding supports accommodate this in long structures.",
                                 f"Strain alpha Delta T = {alpha * dT * 1e-6:.2e}, which is why long rails need gaps.")))
    return _example("props.thermal", d, prompt, lines, f"{dl:.3f} mm", "thermal_expansion",
                    {"alpha_e6": alpha, "L_m": L, "dT": dT})


def _resistance(rng: random.Random) -> Example:
    d = _diff(rng)
    m = _pick_key(rng, RESISTIVITY)
    rho = RESISTIVITY[m]
    L = rng.randint(1, 500)
    dia = rng.randint(3, 40) / 10
    area = math.pi * (dia / 1000) ** 2 / 4
    if d == "hard":
        rmax = rng.randint(5, 200) / 100
        dmin = math.sqrt(4 * rho * L / (math.pi * rmax)) * 1000
        prompt = _prompt(rng, f"A {L} m {m} conductor (resistivity {rho:.3g} ohm*m at 20 degC) must have resistance",
                         f"no more than {rmax} ohm. What minimum wire diameter is needed?")
        lines = ["R = rho L / A with A = pi d^2 / 4, so d = sqrt(4 rho L / (pi R)).",
                 f"d = sqrt(4 x {rho:.3g} x {L} / (pi x {rmax})) = {dmin / 1000:.4e} m = {dmin:.3f} mm."]
        return _example("props.resistance", d, prompt, lines, f"{dmin:.3f} mm", "min_wire_diameter",
                        {"rho_ohm_m": rho, "L_m": L, "R_max_ohm": rmax})
    R = rho * L / area
    prompt = _prompt(rng, f"What is the resistance of a {L} m {m} wire {dia} mm in diameter",
                     f"(resistivity {rho:.3g} ohm*m at 20 degC)?")
    lines = [f"Cross-section A = pi d^2 / 4 = pi x ({dia}e-3 m)^2 / 4 = {area:.4e} m^2.",
             f"R = rho L / A = {rho:.3g} x {L} / {area:.4e} = {R:.4f} ohm."]
    if d == "medium":
        cond = 1 / rho
        lines.append(f"Conductivity sigma = 1/rho = {cond:.3e} (ohm*m)^-1; silver is the best conductor, copper close behind.")
    return _example("props.resistance", d, prompt, lines, f"{R:.4f} ohm", "wire_resistance",
                    {"rho_ohm_m": rho, "L_m": L, "d_mm": dia})


# --- polymer_science --------------------------------------------------------

def _formula_mass_lines(name: str) -> tuple[str, float]:
    formula, atoms = REPEAT_UNITS[name]
    terms = " + ".join(f"{c} x {ATOMIC_WEIGHT[el]}" for el, c in atoms.items())
    return f"Repeat unit {formula}: m = {terms} = {REPEAT_MASS[name]:.2f} g/mol.", REPEAT_MASS[name]


def _dp(rng: random.Random) -> Example:
    d = _diff(rng)
    name = _pick_key(rng, REPEAT_UNITS)
    line, m = _formula_mass_lines(name)
    if d == "hard":
        k = rng.randint(3, 5)
        Ms = sorted(rng.sample(range(5, 120), k))
        Ms = [x * 2500 for x in Ms]
        xs = [rng.randint(1, 9) for _ in range(k)]
        tot = sum(xs)
        xs = [x / tot for x in xs]
        xs = [round(x, 3) for x in xs[:-1]]
        xs.append(round(1 - sum(xs), 3))
        Mn = sum(x * M for x, M in zip(xs, Ms))
        table = "; ".join(f"M = {M:,} g/mol, x = {x:.3f}" for M, x in zip(Ms, xs))
        prompt = _prompt(rng, f"A {name} sample has these molecular-weight classes (mean M, number fraction x): {table}.",
                         "Compute the number-average degree of polymerization.")
        lines = ["Mn = sum x_i M_i = " + " + ".join(f"{x:.3f} x {M:,}" for x, M in zip(xs, Ms)) + f" = {Mn:,.0f} g/mol.",
                 line, f"DP = Mn / m = {Mn:,.0f} / {m:.2f} = {Mn / m:,.1f}."]
        inputs = {"polymer": name, "repeat_unit": REPEAT_UNITS[name][0], "M": Ms, "x": xs}
        formula = "dp_from_distribution"
    else:
        Mn = rng.randint(8, 600) * 500
        prompt = _prompt(rng, f"A {name} resin has a number-average molecular weight of {Mn:,} g/mol.",
                         _pick(rng, ("What is its degree of polymerization?", "How many repeat units does an average chain have?")))
        lines = [line, f"DP = Mn / m = {Mn:,} / {m:.2f} = {Mn / m:,.1f}."]
        if d == "medium":
            lines.insert(0, "Degree of polymerization = average number of repeat units per chain = Mn / (repeat-unit mass).")
        inputs = {"polymer": name, "repeat_unit": REPEAT_UNITS[name][0], "Mn": Mn}
        formula = "dp"
    dp = round(Mn / m)
    lines.append(_pick(rng, (f"Rounded: about {dp:,} repeat units per chain.", f"So an average chain has ~{dp:,} mers.")))
    return _example("polymer.dp", d, prompt, lines, f"{dp:,}", formula, inputs)


def _mw_avg(rng: random.Random) -> Example:
    d = _diff(rng)
    k = rng.randint(3, 5)
    Ms = [x * 1000 for x in sorted(rng.sample(range(5, 150), k))]
    raw = [rng.randint(1, 9) for _ in range(k)]
    xs = [round(x / sum(raw), 3) for x in raw[:-1]]
    xs.append(round(1 - sum(xs), 3))
    Mn = sum(x * M for x, M in zip(xs, Ms))
    ws = [x * M / Mn for x, M in zip(xs, Ms)]
    Mw = sum(w * M for w, M in zip(ws, Ms))
    table = "; ".join(f"{M:,} g/mol: x = {x:.3f}" for M, x in zip(Ms, xs))
    ask = {"easy": "the number-average molecular weight Mn", "medium": "the weight-average molecular weight Mw",
           "hard": "the dispersity (polydispersity index) Mw/Mn"}[d]
    prompt = _prompt(rng, f"Size-exclusion chromatography of a polymer gives number fractions x_i for these class means: {table}.",
                     f"Compute {ask}.")
    lines = [f"Mn = sum x_i M_i = {Mn:,.0f} g/mol."]
    if d != "easy":
        lines.append("Weight fractions w_i = x_i M_i / Mn: " + ", ".join(f"{w:.3f}" for w in ws) + ".")
        lines.append(f"Mw = sum w_i M_i = {Mw:,.0f} g/mol.")
    if d == "hard":
        lines.append(f"Dispersity = Mw / Mn = {Mw:,.0f} / {Mn:,.0f} = {Mw / Mn:.3f}.")
        lines.append(_pick(rng, ("A value of 1 would mean every chain has the same length.",
                                 "Step-growth polymers typically approach about 2; living polymerizations get close to 1.")))
    ans = {"easy": f"{Mn:,.0f} g/mol", "medium": f"{Mw:,.0f} g/mol", "hard": f"{Mw / Mn:.2f}"}[d]
    return _example("polymer.mw_averages", d, prompt, lines, ans,
                    {"easy": "Mn", "medium": "Mw", "hard": "dispersity"}[d], {"M": Ms, "x": xs})


def _fox(rng: random.Random) -> Example:
    d = _diff(rng)
    a, b = rng.sample(TG_NAMES, 2)
    if TG_C[a] == TG_C[b]:
        b = "poly(n-butyl acrylate)" if a != "poly(n-butyl acrylate)" else "polystyrene"
    t1, t2 = TG_C[a] + 273.15, TG_C[b] + 273.15
    lines0 = [_pick(rng, ("Fox equation for a random copolymer or miscible blend: 1/Tg = w1/Tg1 + w2/Tg2 (kelvin).",
                          "Use the Fox equation, 1/Tg = w1/Tg1 + w2/Tg2, with temperatures in kelvin.")),
              f"Tg1 = {TG_C[a]} + 273.15 = {t1:.2f} K; Tg2 = {TG_C[b]} + 273.15 = {t2:.2f} K."]
    pre = f"Homopolymer Tg values: {a} {TG_C[a]} degC, {b} {TG_C[b]} degC."
    if d == "hard":
        lo, hi = sorted((TG_C[a], TG_C[b]))
        target = rng.randint(lo + 3, hi - 3) if hi - lo > 8 else (lo + hi) // 2
        w1 = (1 / (target + 273.15) - 1 / t2) / (1 / t1 - 1 / t2)
        prompt = _prompt(rng, pre, f"What weight fraction of the first monomer gives a random copolymer with Tg = {target} degC?")
        lines = lines0 + [f"Solve for w1: w1 = (1/Tg - 1/Tg2) / (1/Tg1 - 1/Tg2) with Tg = {target + 273.15:.2f} K.",
                          f"w1 = ({1 / (target + 273.15):.6f} - {1 / t2:.6f}) / ({1 / t1:.6f} - {1 / t2:.6f}) = {w1:.4f}."]
        return _example("polymer.fox", d, prompt, lines, f"{w1 * 100:.1f}%", "fox_inverse",
                        {"Tg1_C": TG_C[a], "Tg2_C": TG_C[b], "Tg_target_C": target})
    w1 = rng.randint(5, 95) / 100 if d == "medium" else rng.randint(1, 9) / 10
    tg = 1 / (w1 / t1 + (1 - w1) / t2) - 273.15
    prompt = _prompt(rng, pre, f"Estimate Tg of a random copolymer with {w1 * 100:.0f} wt% {a} units and the rest {b}.")
    lines = lines0 + [f"1/Tg = {w1:.2f}/{t1:.2f} + {1 - w1:.2f}/{t2:.2f} = {w1 / t1 + (1 - w1) / t2:.6f} K^-1.",
                      f"Tg = {tg + 273.15:.1f} K = {tg:.1f} degC."]
    if d == "medium":
        lin = w1 * TG_C[a] + (1 - w1) * TG_C[b]
        lines.append(f"A linear average would give {lin:.1f} degC; Fox bends the curve toward the lower-Tg component.")
    return _example("polymer.fox", d, prompt, lines, f"{tg:.1f} degC", "fox",
                    {"Tg1_C": TG_C[a], "Tg2_C": TG_C[b], "w1": w1})


def _crystallinity(rng: random.Random) -> Example:
    d = _diff(rng)
    poly, rc, ra = _pick(rng, (("polyethylene", 1.000, 0.855), ("a semicrystalline polymer", None, None)))
    if rc is None:
        ra = rng.randint(850, 1300) / 1000
        rc = round(ra + rng.randint(60, 250) / 1000, 3)
    frac = rng.randint(200, 900) / 1000
    rs_exact = 1 / (frac / rc + (1 - frac) / ra)
    if d == "hard":
        vol = rng.randint(50, 400) / 10
        mass = round(rs_exact * vol, 2)
        rs = mass / vol
        src = f"a specimen of mass {mass} g and volume {vol} cm^3"
    else:
        rs = round(rs_exact, 3)
        src = f"a specimen density of {rs:.3f} g/cm^3"
    pc = rc * (rs - ra) / (rs * (rc - ra)) * 100
    prompt = _prompt(rng, f"For {poly}, take crystalline density {rc:.3f} g/cm^3 and amorphous density {ra:.3f} g/cm^3.",
                     f"Given {src}, compute the percent crystallinity.")
    lines = []
    if d == "hard":
        lines.append(f"Specimen density rho_s = {mass} / {vol} = {rs:.4f} g/cm^3.")
    lines += ["% crystallinity = rho_c (rho_s - rho_a) / [rho_s (rho_c - rho_a)] x 100 (Callister, Ch. 14).",
              f"= {rc:.3f} x ({rs:.4f} - {ra:.3f}) / [{rs:.4f} x ({rc:.3f} - {ra:.3f})] x 100 = {pc:.1f}%."]
    if d != "easy":
        lines.append(_pick(rng, ("Higher crystallinity raises density, stiffness and chemical resistance.",
                                 "Crystalline regions pack chains more tightly, which is why they are denser.")))
    inputs = {"rho_c": rc, "rho_a": ra}
    inputs.update({"mass_g": mass, "volume_cm3": vol} if d == "hard" else {"rho_s": rs})
    return _example("polymer.crystallinity", d, prompt, lines, f"{pc:.1f}%", "crystallinity", inputs)


# --- nanomaterials ----------------------------------------------------------

def _ssa(rng: random.Random) -> Example:
    d = _diff(rng)
    m = _pick_key(rng, NANO_DENSITY)
    rho = NANO_DENSITY[m]
    if d == "hard":
        ssa = rng.randint(50, 3000) / 10
        dia = 6000 / (rho * ssa)
        prompt = _prompt(rng, f"BET analysis of {m} nanopowder (density {rho} g/cm^3) gives {ssa} m^2/g.",
                         "Estimate the equivalent spherical particle diameter.")
        lines = ["For dense spheres SSA = 6 / (rho d), so d = 6 / (rho SSA).",
                 f"With rho = {rho}e6 g/m^3: d = 6 / ({rho}e6 x {ssa}) m = {dia:.2f} nm.",
                 _pick(rng, ("Agglomeration lowers the measured area, so TEM sizes are often smaller.",
                             "This is a surface-weighted mean size; it assumes non-porous spheres."))]
        return _example("nano.ssa", d, prompt, lines, f"{dia:.2f} nm", "bet_diameter",
                        {"rho_g_cm3": rho, "ssa_m2_g": ssa})
    dia = rng.randint(20, 2000) / 10 if d == "medium" else rng.randint(3, 100)
    ssa = 6000 / (rho * dia)
    prompt = _prompt(rng, f"What is the specific surface area of spherical {m} nanoparticles {dia} nm in diameter",
                     f"(density {rho} g/cm^3)?")
    lines = ["Sphere: area / volume = 6/d, so per unit mass SSA = 6 / (rho d).",
             f"SSA = 6 / ({rho}e6 g/m^3 x {dia}e-9 m) = {ssa:.2f} m^2/g."]
    if d == "medium":
        lines.append(f"Halving the diameter would double it to {2 * ssa:.2f} m^2/g.")
    return _example("nano.ssa", d, prompt, lines, f"{ssa:.2f} m^2/g", "ssa", {"rho_g_cm3": rho, "d_nm": dia})


def _np_atoms(rng: random.Random) -> Example:
    d = _diff(rng)
    name = _pick(rng, FCC_NAMES)
    sym, _, r, A, a, _ = CUBIC[name]
    dia = rng.randint(20, 80) / 10 if d == "easy" else rng.randint(20, 300) / 10
    vp = math.pi / 6 * dia ** 3
    vc = a ** 3
    N = vp / vc * 4
    prompt = _prompt(rng, f"Estimate how many atoms are in a spherical {name} ({sym}) nanoparticle {dia} nm across.",
                     f"{sym} is FCC with a = {a:.4f} nm.")
    lines = [f"Particle volume = (pi/6) d^3 = {vp:.2f} nm^3.",
             f"Unit cell volume a^3 = {vc:.5f} nm^3, holding 4 atoms (FCC).",
             f"N = 4 x {vp:.2f} / {vc:.5f} = {N:,.0f} atoms."]
    if d == "hard":
        mass = N * A / N_A
        lines.append(f"Mass of one particle = {N:,.0f} x {A} / 6.022e23 = {mass:.3e} g.")
        prompt += " Also give the mass of one particle."
    lines.append(_pick(rng, ("This ignores surface relaxation and faceting, so treat it as an estimate.",
                             "Equivalently N = APF x V_particle / V_atom with APF 0.74.")))
    return _example("nano.atoms", d, prompt, lines, f"{round(N):,}", "atoms_in_fcc_sphere", {"a_nm": a, "d_nm": dia})


def _surface_fraction(rng: random.Random) -> Example:
    d = _diff(rng)
    name = _pick_key(rng, CUBIC)
    sym, _, r, *_ = CUBIC[name]
    t = 2 * r
    model = ("Model: surface atoms occupy an outer shell one atomic diameter (2R) thick, "
             "so f = 1 - ((d - 4R)/d)^3.")
    if d == "hard":
        f = rng.randint(5, 40)
        dia = 4 * r / (1 - (1 - f / 100) ** (1 / 3))
        prompt = _prompt(rng, f"{name.capitalize()} ({sym}) atoms have R = {r:.4f} nm.",
                         f"Using a one-atom-thick surface shell, below what particle diameter do more than {f}% of atoms sit at the surface?")
        lines = [model, f"Set f = {f / 100:.2f}: (1 - 4R/d)^3 = {1 - f / 100:.2f}, so 4R/d = 1 - {1 - f / 100:.2f}^(1/3) = {1 - (1 - f / 100) ** (1 / 3):.4f}.",
                 f"d = 4 x {r:.4f} / {1 - (1 - f / 100) ** (1 / 3):.4f} = {dia:.2f} nm."]
        answer, formula, inputs = f"{dia:.2f} nm", "surface_fraction_inverse", {"R_nm": r, "f_pct": f}
    else:
        dia = rng.randint(15, 500) / 10
        f = 1 - ((dia - 2 * t) / dia) ** 3
        prompt = _prompt(rng, f"Roughly what percentage of atoms lie on the surface of a {dia} nm {name} ({sym}) particle",
                         f"(R = {r:.4f} nm)?")
        lines = [model, f"4R = {2 * t:.4f} nm; (d - 4R)/d = {(dia - 2 * t) / dia:.4f}; cubed = {((dia - 2 * t) / dia) ** 3:.4f}.",
                 f"f = {f:.4f} = {f * 100:.1f}%.",
                 _pick(rng, ("A large surface fraction explains the high catalytic activity and lowered melting point of small particles.",
                             "Surface atoms have fewer neighbours, so small particles behave differently from bulk.",
                             "The fraction scales roughly as 1/d, so it collapses quickly above ~20 nm."))]
        answer, formula, inputs = f"{f * 100:.1f}%", "surface_fraction", {"R_nm": r, "d_nm": dia}
    return _example("nano.surface_fraction", d, prompt, lines, answer, formula, inputs)


def _scherrer(rng: random.Random) -> Example:
    d = _diff(rng)
    two_theta = rng.randint(200, 800) / 10
    beta = rng.randint(15, 120) / 100
    K = 0.9
    lines = [_pick(rng, ("Scherrer: tau = K lambda / (beta cos theta), beta in radians (FWHM), theta = half the peak position.",
                         "Crystallite size from peak broadening: tau = K lambda / (beta cos theta)."))]
    prompt_extra = ""
    b_use = beta
    inputs = {"two_theta_deg": two_theta, "beta_deg": beta, "K": K, "wavelength_nm": CU_KALPHA1_NM}
    if d == "hard":
        inst = round(beta * rng.randint(20, 60) / 100, 2)
        b_use = math.sqrt(beta ** 2 - inst ** 2)
        prompt_extra = f" The instrument contributes {inst} deg of broadening (subtract in quadrature)."
        lines.append(f"Sample broadening = sqrt({beta}^2 - {inst}^2) = {b_use:.4f} deg.")
        inputs["beta_inst_deg"] = inst
    br = math.radians(b_use)
    th = math.radians(two_theta / 2)
    tau = K * CU_KALPHA1_NM / (br * math.cos(th))
    prompt = _prompt(rng, f"A Cu K-alpha1 XRD pattern (lambda = {CU_KALPHA1_NM} nm) of a nanopowder shows a peak at 2-theta = {two_theta} deg",
                     f"with FWHM {beta} deg." + prompt_extra, "Estimate the crystallite size with K = 0.9.")
    lines += [f"beta = {b_use:.4f} deg = {br:.5f} rad; theta = {two_theta / 2:.2f} deg, cos(theta) = {math.cos(th):.4f}.",
              f"tau = 0.9 x {CU_KALPHA1_NM} / ({br:.5f} x {math.cos(th):.4f}) = {tau:.1f} nm."]
    if d != "easy":
        lines.append(_pick(rng, ("Strain also broadens peaks; a Williamson-Hall plot separates the two.",
                                 "Scherrer gives a lower bound on crystallite size; it is unreliable above ~100 nm.")))
    return _example("nano.scherrer", d, prompt, lines, f"{tau:.1f} nm", "scherrer", inputs)


def _sheet_modulus(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "easy":
        w = rng.randint(5, 5000) / 10
        F = GRAPHENE_S2D * w  # N/m x um = uN
        E = GRAPHENE_E2D / (GRAPHENE_T * 1e-9) / 1e9
        prompt = _prompt(rng, "Suspended monolayer graphene has a 2D breaking strength of 42 N/m and 2D stiffness of 340 N/m",
                         f"(Lee et al., Science 2008). What tensile force breaks a defect-free ribbon {w} um wide?",
                         _pick(rng, ("Also explain why graphene is called stronger than steel.", "")))
        lines = [_pick(rng, ("2D strength is force per unit width, so F = sigma_2D x w.",
                             "A sheet's strength is quoted per metre of width; multiply by the ribbon width.")),
                 f"F = 42 N/m x {w}e-6 m = {F:.1f} uN.",
                 f"Per volume (thickness 0.335 nm) that is 42 / 0.335e-9 = 125 GPa strength and E = 340 / 0.335e-9 = {E:.0f} GPa.",
                 _pick(rng, ("So graphene is 'stronger than steel' per unit cross-section, yet one layer breaks under tiny absolute forces.",
                             "Short sp2 C-C bonds in a flaw-free lattice give the huge intrinsic strength; thinness keeps the force small.",
                             "Steel (A36 yield 250 MPa) fails at defects far below its ideal strength; pristine graphene has almost none."))]
        return _example("nano.sheet_modulus", d, prompt, lines, f"{F:.1f} uN", "sheet_break_force",
                        {"s2d_N_m": GRAPHENE_S2D, "w_um": w})
    e2d, s2d, t = rng.randint(80, 400), rng.randint(8, 45), rng.randint(30, 90) / 100
    pre = (f"AFM nanoindentation of a suspended 2D membrane gives 2D stiffness {e2d} N/m and breaking strength "
           f"{s2d} N/m; its layer thickness is {t} nm.")
    E = e2d / (t * 1e-9) / 1e9
    S = s2d / (t * 1e-9) / 1e9
    lines = [_pick(rng, ("2D quantities (force per width) become 3D ones by dividing by the layer thickness.",
                         "Convert sheet values to bulk-equivalent values: E = E2D / t, sigma = sigma2D / t.")),
             f"E = {e2d} N/m / {t}e-9 m = {E:.1f} GPa; strength = {s2d} / {t}e-9 = {S:.1f} GPa."]
    if d == "hard":
        ratio = S * 1000 / A36_YIELD_MPA
        prompt = _prompt(rng, pre, "How many times stronger is it than A36 structural steel (yield 250 MPa) on a per-volume basis?")
        lines.append(f"Ratio = {S * 1000:.0f} MPa / 250 MPa = {ratio:.1f}.")
        lines.append("Yet a single layer carries little absolute force because it is under a nanometre thick.")
        return _example("nano.sheet_modulus", d, prompt, lines, f"{ratio:.1f}", "sheet_strength_ratio",
                        {"s2d_N_m": s2d, "t_nm": t, "steel_MPa": A36_YIELD_MPA})
    prompt = _prompt(rng, pre, "What is its equivalent Young's modulus?")
    lines.append(_pick(rng, (
        "For reference graphene reaches about 1.0 TPa (340 N/m over 0.335 nm).",
        "The result depends on the chosen thickness convention, so always quote t with it.",
        "Steel is about 200 GPa, so values above that mark an exceptionally stiff sheet.")))
    return _example("nano.sheet_modulus", d, prompt, lines, f"{E:.1f} GPa", "sheet_modulus",
                    {"e2d_N_m": e2d, "t_nm": t})


# --- metallurgy -------------------------------------------------------------

def _hall_petch(rng: random.Random) -> Example:
    d = _diff(rng)
    s0 = rng.randint(25, 150)
    k = rng.randint(10, 90) / 100
    if d == "hard":
        d1, d2, d3 = sorted(rng.sample(range(2, 200), 3))
        y1 = s0 + k / math.sqrt(d3 * 1e-6)
        y2 = s0 + k / math.sqrt(d1 * 1e-6)
        y1, y2 = round(y1, 1), round(y2, 1)
        x1, x2 = 1 / math.sqrt(d3 * 1e-3), 1 / math.sqrt(d1 * 1e-3)
        kk = (y2 - y1) / (x2 - x1)
        ss = y1 - kk * x1
        pred = ss + kk / math.sqrt(d2 * 1e-3)
        prompt = _prompt(rng, f"An alloy yields at {y1} MPa with {d3} um grains and at {y2} MPa with {d1} um grains.",
                         f"Using Hall-Petch, predict the yield strength at {d2} um grain size.")
        lines = ["Hall-Petch: sigma_y = sigma_0 + k_y d^(-1/2). Work with d in mm.",
                 f"d^(-1/2): {d3} um -> {x1:.4f} mm^-1/2; {d1} um -> {x2:.4f} mm^-1/2.",
                 f"k_y = ({y2} - {y1}) / ({x2:.4f} - {x1:.4f}) = {kk:.3f} MPa mm^1/2.",
                 f"sigma_0 = {y1} - {kk:.3f} x {x1:.4f} = {ss:.2f} MPa.",
                 f"At {d2} um: {ss:.2f} + {kk:.3f} / sqrt({d2 * 1e-3:.3f}) = {pred:.1f} MPa."]
        return _example("metal.hall_petch", d, prompt, lines, f"{pred:.1f} MPa", "hall_petch_fit",
                        {"d1_um": d3, "y1_MPa": y1, "d2_um": d1, "y2_MPa": y2, "d_pred_um": d2})
    dg = rng.randint(1, 300)
    sy = s0 + k / math.sqrt(dg * 1e-6)
    prompt = _prompt(rng, f"For an alloy sigma_0 = {s0} MPa and k_y = {k} MPa m^1/2.",
                     f"What is the yield strength with an average grain diameter of {dg} um?")
    lines = ["Hall-Petch: sigma_y = sigma_0 + k_y / sqrt(d).",
             f"d = {dg} um = {dg}e-6 m, sqrt(d) = {math.sqrt(dg * 1e-6):.5f} m^1/2.",
             f"sigma_y = {s0} + {k} / {math.sqrt(dg * 1e-6):.5f} = {sy:.1f} MPa."]
    if d == "medium":
        lines.append(_pick(rng, ("Grain boundaries block dislocation motion, so finer grains strengthen the metal.",
                                 "Refining grains raises strength and, unusually, also toughness.")))
    return _example("metal.hall_petch", d, prompt, lines, f"{sy:.1f} MPa", "hall_petch",
                    {"sigma0_MPa": s0, "k_MPa_sqrt_m": k, "d_um": dg})


def _lever(rng: random.Random) -> Example:
    d = _diff(rng)
    hypo = rng.random() < 0.6
    c0 = rng.randint(100, 700) / 1000 if hypo else rng.randint(850, 2000) / 1000
    ca, ce, cc = FE_C_ALPHA, FE_C_EUTECTOID, FE_C_CEMENTITE
    facts = f"Fe-Fe3C data: eutectoid {ce} wt% C at 727 degC, ferrite {ca} wt% C, cementite {cc} wt% C."
    if d == "easy":
        w = (cc - c0) / (cc - ca)
        q = "total ferrite"
        lines = [f"Tie line below 727 degC from alpha ({ca}) to Fe3C ({cc}).",
                 f"W_alpha = (C_Fe3C - C0) / (C_Fe3C - C_alpha) = ({cc} - {c0}) / ({cc} - {ca}) = {w:.4f}."]
        formula = "lever_total_ferrite"
    elif hypo:
        w = (ce - c0) / (ce - ca)
        q = "proeutectoid ferrite"
        lines = [f"{c0} wt% C < {ce}, so the steel is hypoeutectoid: proeutectoid ferrite plus pearlite.",
                 f"Lever rule just above 727 degC: W_alpha' = ({ce} - {c0}) / ({ce} - {ca}) = {w:.4f}."]
        formula = "lever_proeutectoid_ferrite"
    else:
        w = (c0 - ce) / (cc - ce)
        q = "proeutectoid cementite"
        lines = [f"{c0} wt% C > {ce}, so the steel is hypereutectoid: proeutectoid Fe3C plus pearlite.",
                 f"W_Fe3C' = (C0 - {ce}) / ({cc} - {ce}) = ({c0} - {ce}) / {cc - ce:.2f} = {w:.4f}."]
        formula = "lever_proeutectoid_cementite"
    if d != "easy":  # the rest of a proeutectoid steel is pearlite
        lines.append(f"Pearlite fraction W_p = 1 - {w:.4f} = {1 - w:.4f}.")
    prompt = _prompt(rng, f"A plain-carbon steel with {c0} wt% C is slowly cooled to just below 727 degC.", facts,
                     f"What mass fraction of {q} forms?")
    if d == "hard":
        lines.append(_pick(rng, ("More pearlite means higher hardness and strength but lower ductility.",
                                 "These fractions hold for slow (equilibrium) cooling; quenching gives martensite instead.")))
    return _example("metal.lever", d, prompt, lines, f"{w * 100:.1f}%", formula, {"C0_wt": c0})


def _diffusion(rng: random.Random) -> Example:
    d = _diff(rng)
    sysname = _pick_key(rng, DIFFUSION)
    D0, Q, lo, hi = DIFFUSION[sysname]
    T1 = rng.randint(lo, hi)
    D1 = D0 * math.exp(-Q * 1000 / (R_GAS * (T1 + 273.15)))
    head = f"For {sysname}, D0 = {D0:.1e} m^2/s and Qd = {Q} kJ/mol (Callister Table 5.2)."
    lines = [f"Arrhenius: D = D0 exp(-Qd / RT); T = {T1} + 273.15 = {T1 + 273.15:.2f} K.",
             f"Qd/RT = {Q * 1000:.0f} / (8.314 x {T1 + 273.15:.2f}) = {Q * 1000 / (R_GAS * (T1 + 273.15)):.3f}.",
             f"D = {D0:.1e} x exp(-{Q * 1000 / (R_GAS * (T1 + 273.15)):.3f}) = {D1:.3e} m^2/s."]
    if d != "hard":
        prompt = _prompt(rng, head, f"Compute the diffusion coefficient at {T1} degC.")
        if d == "medium":
            lines.append(f"Characteristic diffusion distance in one hour: sqrt(D t) = {math.sqrt(D1 * 3600) * 1e6:.2f} um.")
        return _example("metal.diffusion", d, prompt, lines, f"{D1:.2e} m^2/s", "arrhenius_D",
                        {"D0": D0, "Q_kJ": Q, "T_C": T1})
    T2 = T1 + rng.choice((-1, 1)) * rng.randint(3, 10) * 10
    T2 = max(lo, min(hi, T2)) if T2 != T1 else T1 + 20
    if T2 == T1:
        T2 = T1 - 30 if T1 - 30 >= lo else T1 + 30
    t1 = rng.randint(1, 20)
    D2 = D0 * math.exp(-Q * 1000 / (R_GAS * (T2 + 273.15)))
    t2 = t1 * D1 / D2
    prompt = _prompt(rng, head, f"A treatment takes {t1} h at {T1} degC. How long gives the same diffusion depth at {T2} degC?")
    lines += [f"At {T2} degC: D = {D2:.3e} m^2/s.",
              "Same depth means the same D t (x ~ sqrt(D t)), so t2 = t1 D1 / D2.",
              f"t2 = {t1} x {D1:.3e} / {D2:.3e} = {t2:.2f} h."]
    return _example("metal.diffusion", d, prompt, lines, f"{t2:.2f} h", "diffusion_time",
                    {"D0": D0, "Q_kJ": Q, "T1_C": T1, "T2_C": T2, "t1_h": t1})


def _cold_work(rng: random.Random) -> Example:
    d = _diff(rng)
    metal = _pick(rng, ("copper", "brass", "1040 steel", "aluminum", "nickel"))
    if d == "hard":
        cw = rng.randint(10, 60)
        dd = rng.randint(20, 150) / 10
        d0 = dd / math.sqrt(1 - cw / 100)
        prompt = _prompt(rng, f"A {metal} wire must end at {dd} mm diameter with exactly {cw}% cold work in the final draw.",
                         "What diameter should it be annealed at before that draw?")
        lines = ["%CW = (A0 - Ad)/A0 x 100 = (1 - (dd/d0)^2) x 100.",
                 f"So d0 = dd / sqrt(1 - CW) = {dd} / sqrt(1 - {cw / 100:.2f}) = {d0:.2f} mm.",
                 "Annealing first resets the dislocation density so the final draw sets the properties."]
        return _example("metal.cold_work", d, prompt, lines, f"{d0:.2f} mm", "cold_work_d0",
                        {"dd_mm": dd, "cw_pct": cw})
    d0 = rng.randint(50, 250) / 10
    dd = round(d0 * rng.randint(40, 95) / 100, 1)
    cw = (d0 ** 2 - dd ** 2) / d0 ** 2 * 100
    prompt = _prompt(rng, f"A {metal} rod is cold drawn from {d0} mm to {dd} mm diameter.", "What is the percent cold work?")
    lines = ["%CW = (A0 - Ad) / A0 x 100, and for round sections the pi/4 cancels.",
             f"%CW = ({d0}^2 - {dd}^2) / {d0}^2 x 100 = ({d0 ** 2:.2f} - {dd ** 2:.2f}) / {d0 ** 2:.2f} x 100 = {cw:.1f}%."]
    if d == "medium":
        lines.append(_pick(rng, ("Strain hardening raises yield strength and lowers ductility as %CW grows.",
                                 "Large reductions are usually split into stages with intermediate anneals to restore ductility.")))
    return _example("metal.cold_work", d, prompt, lines, f"{cw:.1f}%", "cold_work", {"d0_mm": d0, "dd_mm": dd})


# --- material_selection -----------------------------------------------------

def _candidates(rng: random.Random, d: str) -> list[str]:
    k = {"easy": 3, "medium": 4, "hard": 5}[d]
    return sorted(rng.sample(ALLOY_NAMES, k), key=ALLOY_NAMES.index)


def _props(cands: list[str]) -> dict:
    """Candidate properties as they appear in the prompt (so a test can recompute)."""
    return {c: {"sy_MPa": ALLOYS[c][0], "rho_g_cm3": ALLOYS[c][1], "E_GPa": ALLOYS[c][2]} for c in cands}


def _specific_strength(rng: random.Random) -> Example:
    d = _diff(rng)
    cands = _candidates(rng, d)
    app = _pick(rng, ("a bicycle frame tube", "a drone arm", "an aircraft bracket", "a racing-car suspension link",
                      "a satellite strut", "a prosthetic limb pylon", "a climbing carabiner", "a robot gripper finger"))
    vals = {c: ALLOYS[c][0] / ALLOYS[c][1] for c in cands}
    best = max(cands, key=lambda c: vals[c])
    prompt = _prompt(rng, f"For {app} where strength per unit weight matters, rank by specific strength (yield/density):",
                     "; ".join(f"{c} ({ALLOYS[c][0]} MPa, {ALLOYS[c][1]} g/cm^3)" for c in cands) + ".")
    lines = [_pick(rng, ("Specific strength = sigma_y / rho; MPa per g/cm^3 equals kN*m/kg.",
                         "Divide yield strength by density for each candidate."))]
    lines += [f"{c}: {ALLOYS[c][0]} / {ALLOYS[c][1]} = {vals[c]:.1f} kN*m/kg" for c in cands]
    lines.append(f"Best: {best}.")
    if d == "hard":
        lines.append(_pick(rng, ("Cost, fatigue, corrosion and formability still need checking before committing.",
                                 "Specific strength alone ignores buckling, for which stiffness matters too.")))
    return _example("select.specific_strength", d, prompt, lines, best, "max_specific_strength",
                    {"candidates": _props(cands)})


def _ashby(rng: random.Random) -> Example:
    d = _diff(rng)
    cands = _candidates(rng, d)
    idx = _pick_key(rng, INDICES)
    n, prop = INDICES[idx]
    col = 2 if prop == "E" else 0
    unit = "GPa" if prop == "E" else "MPa"
    vals = {c: ALLOYS[c][col] ** n / ALLOYS[c][1] for c in cands}
    best = max(cands, key=lambda c: vals[c])
    expr = INDEX_EXPR[n].format(p="E" if prop == "E" else "sigma_y")
    prompt = _prompt(rng, f"Select the minimum-mass material for a {idx}.",
                     "Candidates: " + "; ".join(f"{c} (E {ALLOYS[c][2]} GPa, sigma_y {ALLOYS[c][0]} MPa, rho {ALLOYS[c][1]} g/cm^3)" for c in cands) + ".")
    lines = [f"Ashby's performance index for a {idx} is M = {expr} (maximize it)."]
    lines += [f"{c}: {ALLOYS[c][col]}{'' if n == 1.0 else f'^{n:.3f}'} / {ALLOYS[c][1]} = {vals[c]:.3f}" for c in cands]
    lines.append(f"Highest index ({unit}-based units): {best}.")
    if n != 1.0:
        lines.append(_pick(rng, ("The fractional exponent rewards low density, which favours light alloys.",
                                 "Because the property enters with a power below 1, density dominates the ranking.")))
    return _example("select.ashby_index", d, prompt, lines, best, "ashby_index",
                    {"candidates": _props(cands), "exponent": round(n, 6), "property": prop})


def _tie_mass(rng: random.Random) -> Example:
    d = _diff(rng)
    cands = _candidates(rng, d)
    F = rng.randint(5, 200)
    L = rng.randint(2, 40) / 10
    sf = _pick(rng, (1.5, 2.0, 2.5, 3.0))
    masses = {c: ALLOYS[c][1] * 1000 * L * sf * F * 1000 / (ALLOYS[c][0] * 1e6) for c in cands}
    best = min(cands, key=lambda c: masses[c])
    prompt = _prompt(rng, f"A {L} m tie rod carries {F} kN in tension with a safety factor of {sf}.",
                     "Which candidate gives the lightest rod, and what does it weigh? " +
                     "; ".join(f"{c}: sigma_y {ALLOYS[c][0]} MPa, rho {ALLOYS[c][1]} g/cm^3" for c in cands) + ".")
    lines = [_pick(rng, ("Required area A = SF x F / sigma_y; mass m = rho L A = SF F L (rho / sigma_y).",
                         "Size each rod to just reach sigma_y / SF, then m = rho x L x A."))]
    lines += [f"{c}: A = {sf} x {F}e3 / {ALLOYS[c][0]}e6 = {sf * F * 1000 / (ALLOYS[c][0] * 1e6) * 1e6:.1f} mm^2, "
              f"m = {masses[c]:.2f} kg" for c in cands]
    lines.append(f"Lightest: {best} at {masses[best]:.2f} kg.")
    return _example("select.tie_mass", d, prompt, lines, f"{best} ({masses[best]:.2f} kg)", "min_mass_tie",
                    {"candidates": _props(cands), "F_kN": F, "L_m": L, "SF": sf})


def _rule_of_mixtures(rng: random.Random) -> Example:
    d = _diff(rng)
    f = _pick_key(rng, FIBERS)
    m = _pick_key(rng, MATRICES)
    Ef, rf = FIBERS[f]
    Em, rm = MATRICES[m]
    vf = rng.randint(20, 70) / 100
    head = (f"A unidirectional {f}-fibre / {m} composite has fibre volume fraction {vf:.2f} "
            f"(fibre E = {Ef} GPa, rho = {rf} g/cm^3; matrix E = {Em} GPa, rho = {rm} g/cm^3).")
    El = vf * Ef + (1 - vf) * Em
    if d == "easy":
        prompt = _prompt(rng, head, "Estimate the longitudinal modulus.")
        lines = ["Isostrain rule of mixtures: E_cl = V_f E_f + V_m E_m.",
                 f"E_cl = {vf:.2f} x {Ef} + {1 - vf:.2f} x {Em} = {El:.1f} GPa."]
        return _example("select.rule_of_mixtures", d, prompt, lines, f"{El:.1f} GPa", "rom_longitudinal",
                        {"Vf": vf, "Ef": Ef, "Em": Em})
    Et = 1 / (vf / Ef + (1 - vf) / Em)
    if d == "medium":
        prompt = _prompt(rng, head, "Estimate the transverse modulus and compare it with the longitudinal one.")
        lines = ["Transverse loading is isostress: 1/E_ct = V_f/E_f + V_m/E_m.",
                 f"1/E_ct = {vf:.2f}/{Ef} + {1 - vf:.2f}/{Em} = {vf / Ef + (1 - vf) / Em:.4f} GPa^-1, so E_ct = {Et:.1f} GPa.",
                 f"Longitudinal (isostrain) E_cl = {El:.1f} GPa, about {El / Et:.1f} times higher: strongly anisotropic."]
        return _example("select.rule_of_mixtures", d, prompt, lines, f"{Et:.1f} GPa", "rom_transverse",
                        {"Vf": vf, "Ef": Ef, "Em": Em})
    rc = vf * rf + (1 - vf) * rm
    spec = El / rc
    prompt = _prompt(rng, head, "Compute its density and longitudinal specific stiffness E/rho, and compare with 6061 aluminium (69 GPa, 2.70 g/cm^3).")
    lines = [f"Density by mixtures: rho_c = {vf:.2f} x {rf} + {1 - vf:.2f} x {rm} = {rc:.3f} g/cm^3.",
             f"E_cl = {vf:.2f} x {Ef} + {1 - vf:.2f} x {Em} = {El:.2f} GPa.",
             f"E/rho = {El:.2f} / {rc:.3f} = {spec:.1f} GPa per g/cm^3 versus 69 / 2.70 = 25.6 for aluminium."]
    return _example("select.rule_of_mixtures", d, prompt, lines, f"{spec:.1f}", "rom_specific_stiffness",
                    {"Vf": vf, "Ef": Ef, "Em": Em, "rho_f": rf, "rho_m": rm})



TEMPLATES = {
    "material_properties": (_hooke, _poisson, _thermal, _resistance),
    "crystallography": (_apf, _density, _lattice_radius, _bragg, _cell_count),
    "polymer_science": (_dp, _mw_avg, _fox, _crystallinity),
    "nanomaterials": (_ssa, _np_atoms, _surface_fraction, _scherrer, _sheet_modulus),
    "metallurgy": (_hall_petch, _lever, _diffusion, _cold_work),
    "material_selection": (_specific_strength, _ashby, _tie_mass, _rule_of_mixtures),
}


class MaterialsScienceGenerator(DomainGenerator):
    domain = "materials_science"
    version = "1"
    templates = TEMPLATES
