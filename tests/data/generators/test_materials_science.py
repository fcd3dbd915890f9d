"""Materials-science generator: answers recomputed independently from metadata.inputs.

Every formula is written out again here (not imported from the generator), so a
bug in the generator's arithmetic shows up as a mismatch.
"""

from __future__ import annotations

import collections
import math
import re

import pytest

from ech0.data.generators import get_generator
from ech0.data.generators.contract import FINAL_ANSWER_PREFIX
from tests.data.generators.numeric import close

DOMAIN = "materials_science"
NA = 6.022e23

# Independent copies of textbook relations and constants.
N_PER_CELL = {"SC": 1, "BCC": 2, "FCC": 4}
A_FROM_R = {"SC": lambda r: 2 * r, "BCC": lambda r: 4 * r / math.sqrt(3), "FCC": lambda r: 2 * math.sqrt(2) * r}
ATOMIC_WEIGHTS = {"C": 12.011, "H": 1.008, "O": 15.999, "N": 14.007, "Cl": 35.45, "F": 18.998}


@pytest.fixture(scope="module")
def rows():
    return list(get_generator(DOMAIN).rows(1_200, 7))


def formula_mass(formula: str) -> float:
    return sum(ATOMIC_WEIGHTS[el] * int(n or 1) for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", formula))


def cubic_density(n, A, a_nm):
    return n * A / ((a_nm * 1e-7) ** 3 * NA)


def recompute(f: str, i: dict):
    if f == "apf_cubic":
        s, r = i["structure"], i["R_nm"]
        return N_PER_CELL[s] * 4 / 3 * math.pi * r ** 3 / A_FROM_R[s](r) ** 3
    if f == "cubic_density_from_a":
        return cubic_density(N_PER_CELL[i["structure"]], i["A"], i["a_nm"])
    if f == "cubic_density_from_R":
        return cubic_density(N_PER_CELL[i["structure"]], i["A"], A_FROM_R[i["structure"]](i["R_nm"]))
    if f == "hcp_density":
        vol = 3 * math.sqrt(3) / 2 * i["a_nm"] ** 2 * i["c_nm"] * 1e-21
        return 6 * i["A"] / (vol * NA)
    if f == "a_from_R":
        return A_FROM_R[i["structure"]](i["R_nm"])
    if f == "R_from_a":
        return i["a_nm"] / A_FROM_R[i["structure"]](1.0)
    if f == "interplanar_spacing":
        return i["a_nm"] / math.sqrt(i["h"] ** 2 + i["k"] ** 2 + i["l"] ** 2)
    if f == "bragg_two_theta":
        dd = i["a_nm"] / math.sqrt(i["h"] ** 2 + i["k"] ** 2 + i["l"] ** 2)
        return 2 * math.degrees(math.asin(i["wavelength_nm"] / (2 * dd)))
    if f == "atoms_in_supercell":
        per = i["corner"] / 8 + i["face"] / 2 + i["edge"] / 4 + i["interior"]
        return per * math.prod(i["cells"])
    if f == "hooke_elongation_stress":
        return i["sigma_MPa"] / (i["E_GPa"] * 1e3) * i["L0_mm"]
    if f == "hooke_elongation_force":
        sigma = i["F_N"] / (math.pi * i["d_mm"] ** 2 / 4)
        return sigma / (i["E_GPa"] * 1e3) * i["L0_mm"]
    if f == "poisson_diameter_change":
        return -i["nu"] * i["sigma_MPa"] / (i["E_GPa"] * 1e3) * i["d_mm"]
    if f == "poisson_force":
        axial = i["delta_d_mm"] / i["d_mm"] / i["nu"]
        return axial * i["E_GPa"] * 1e3 * math.pi * i["d_mm"] ** 2 / 4
    if f == "thermal_stress":
        return -i["E_GPa"] * 1e3 * i["alpha_e6"] * 1e-6 * (i["T1_C"] - i["T0_C"])
    if f == "thermal_expansion":
        return i["alpha_e6"] * 1e-6 * i["L_m"] * i["dT"] * 1e3
    if f == "wire_resistance":
        return i["rho_ohm_m"] * i["L_m"] / (math.pi * (i["d_mm"] * 1e-3) ** 2 / 4)
    if f == "min_wire_diameter":
        return math.sqrt(4 * i["rho_ohm_m"] * i["L_m"] / (math.pi * i["R_max_ohm"])) * 1e3
    if f == "dp":
        return round(i["Mn"] / formula_mass(i["repeat_unit"]))
    if f == "dp_from_distribution":
        return round(sum(x * m for x, m in zip(i["x"], i["M"])) / formula_mass(i["repeat_unit"]))
    if f in ("Mn", "Mw", "dispersity"):
        mn = sum(x * m for x, m in zip(i["x"], i["M"]))
        mw = sum(x * m * m for x, m in zip(i["x"], i["M"])) / mn
        return {"Mn": mn, "Mw": mw, "dispersity": mw / mn}[f]
    if f == "fox":
        t1, t2 = i["Tg1_C"] + 273.15, i["Tg2_C"] + 273.15
        return 1 / (i["w1"] / t1 + (1 - i["w1"]) / t2) - 273.15
    if f == "fox_inverse":
        t1, t2, t = i["Tg1_C"] + 273.15, i["Tg2_C"] + 273.15, i["Tg_target_C"] + 273.15
        return (1 / t - 1 / t2) / (1 / t1 - 1 / t2) * 100
    if f == "crystallinity":
        rs = i["rho_s"] if "rho_s" in i else i["mass_g"] / i["volume_cm3"]
        return i["rho_c"] * (rs - i["rho_a"]) / (rs * (i["rho_c"] - i["rho_a"])) * 100
    if f == "ssa":
        return 6 / (i["rho_g_cm3"] * 1e6 * i["d_nm"] * 1e-9)
    if f == "bet_diameter":
        return 6 / (i["rho_g_cm3"] * 1e6 * i["ssa_m2_g"]) * 1e9
    if f == "atoms_in_fcc_sphere":
        return round(math.pi / 6 * i["d_nm"] ** 3 * 4 / i["a_nm"] ** 3)
    if f == "surface_fraction":
        return (1 - (1 - 4 * i["R_nm"] / i["d_nm"]) ** 3) * 100
    if f == "surface_fraction_inverse":
        return 4 * i["R_nm"] / (1 - (1 - i["f_pct"] / 100) ** (1 / 3))
    if f == "scherrer":
        beta = i["beta_deg"] if "beta_inst_deg" not in i else math.sqrt(i["beta_deg"] ** 2 - i["beta_inst_deg"] ** 2)
        return i["K"] * i["wavelength_nm"] / (math.radians(beta) * math.cos(math.radians(i["two_theta_deg"] / 2)))
    if f == "sheet_break_force":
        return i["s2d_N_m"] * i["w_um"]  # N/m x um = uN
    if f == "sheet_modulus":
        return i["e2d_N_m"] / i["t_nm"]  # N/m / nm = GPa
    if f == "sheet_strength_ratio":
        return i["s2d_N_m"] / i["t_nm"] * 1e3 / i["steel_MPa"]
    if f == "hall_petch":
        return i["sigma0_MPa"] + i["k_MPa_sqrt_m"] / math.sqrt(i["d_um"] * 1e-6)
    if f == "hall_petch_fit":
        x1, x2 = i["d1_um"] ** -0.5, i["d2_um"] ** -0.5
        k = (i["y2_MPa"] - i["y1_MPa"]) / (x2 - x1)
        return i["y1_MPa"] - k * x1 + k * i["d_pred_um"] ** -0.5
    if f == "lever_total_ferrite":
        return (6.70 - i["C0_wt"]) / (6.70 - 0.022) * 100
    if f == "lever_proeutectoid_ferrite":
        return (0.76 - i["C0_wt"]) / (0.76 - 0.022) * 100
    if f == "lever_proeutectoid_cementite":
        return (i["C0_wt"] - 0.76) / (6.70 - 0.76) * 100
    if f == "arrhenius_D":
        return i["D0"] * math.exp(-i["Q_kJ"] * 1e3 / (8.314 * (i["T_C"] + 273.15)))
    if f == "diffusion_time":
        d1 = math.exp(-i["Q_kJ"] * 1e3 / (8.314 * (i["T1_C"] + 273.15)))
        d2 = math.exp(-i["Q_kJ"] * 1e3 / (8.314 * (i["T2_C"] + 273.15)))
        return i["t1_h"] * d1 / d2
    if f == "cold_work":
        return (1 - (i["dd_mm"] / i["d0_mm"]) ** 2) * 100
    if f == "cold_work_d0":
        return i["dd_mm"] / math.sqrt(1 - i["cw_pct"] / 100)
    if f == "rom_longitudinal":
        return i["Vf"] * i["Ef"] + (1 - i["Vf"]) * i["Em"]
    if f == "rom_transverse":
        return 1 / (i["Vf"] / i["Ef"] + (1 - i["Vf"]) / i["Em"])
    if f == "rom_specific_stiffness":
        e = i["Vf"] * i["Ef"] + (1 - i["Vf"]) * i["Em"]
        return e / (i["Vf"] * i["rho_f"] + (1 - i["Vf"]) * i["rho_m"])
    if f == "max_specific_strength":
        c = i["candidates"]
        return max(c, key=lambda k: c[k]["sy_MPa"] / c[k]["rho_g_cm3"])
    if f == "ashby_index":
        c, key = i["candidates"], ("E_GPa" if i["property"] == "E" else "sy_MPa")
        return max(c, key=lambda k: c[k][key] ** i["exponent"] / c[k]["rho_g_cm3"])
    if f == "min_mass_tie":
        c = i["candidates"]
        mass = {k: c[k]["rho_g_cm3"] * 1e3 * i["L_m"] * i["SF"] * i["F_kN"] * 1e3 / (c[k]["sy_MPa"] * 1e6) for k in c}
        best = min(mass, key=mass.get)
        return f"{best} ({mass[best]:.2f} kg)"
    raise AssertionError(f"untested formula {f}")


def test_every_answer_recomputes(rows):
    for r in rows:
        md = r["metadata"]
        assert "answer" in md and "formula" in md and "inputs" in md, md["template"]
        want = recompute(md["formula"], md["inputs"])
        if isinstance(want, str):
            assert md["answer"] == want, (md["template"], md["answer"], want)
        else:
            close(md["answer"], want)
    # the sample exercises the bulk of the formula families
    seen = {r["metadata"]["formula"] for r in rows}
    assert len(seen) >= 45, sorted(seen)


def test_final_answer_line_is_last(rows):
    for r in rows:
        assert r["completion"].splitlines()[-1] == FINAL_ANSWER_PREFIX + r["metadata"]["answer"]


def test_categories_and_templates():
    gen = get_generator(DOMAIN)
    assert set(gen.categories) == {"material_properties", "crystallography", "polymer_science", "nanomaterials",
                                   "metallurgy", "material_selection"}
    rows = list(gen.rows(2_000, 11))
    templates = collections.Counter(r["metadata"]["template"] for r in rows)
    assert len(templates) >= 20
    assert {r["category"] for r in rows} == set(gen.categories)


def test_packing_factors_are_textbook_values():
    from ech0.data.generators.materials_science import generator as ms

    apf = {s: ms.STRUCT_N[s] * 4 / 3 * math.pi / ms.A_OF_R[s] ** 3 for s in ("SC", "BCC", "FCC")}
    assert round(apf["SC"], 2) == 0.52
    assert round(apf["BCC"], 2) == 0.68
    assert round(apf["FCC"], 2) == 0.74
    # HCP with ideal c/a = sqrt(8/3), a = 2R: also 0.74
    c_over_a = math.sqrt(8 / 3)
    v_cell = 3 * math.sqrt(3) / 2 * 2 ** 2 * (2 * c_over_a)
    assert round(6 * 4 / 3 * math.pi / v_cell, 2) == 0.74
    assert ms.STRUCT_CN == {"SC": 6, "BCC": 8, "FCC": 12, "HCP": 12}


def test_fact_tables_are_self_consistent():
    from ech0.data.generators.materials_science import generator as ms

    # Spot values (Callister Table 3.1; CRC lattice constants).
    assert ms.CUBIC["copper"][1:5] == ("FCC", 0.1278, 63.55, 0.3615)
    assert ms.CUBIC["alpha-iron"][1:5] == ("BCC", 0.1241, 55.85, 0.2866)
    assert ms.CUBIC["aluminum"][1:5] == ("FCC", 0.1431, 26.98, 0.4049)
    for name, (_, s, r, A, a, measured) in ms.CUBIC.items():
        assert abs(A_FROM_R[s](r) - a) < 6e-4, name            # radius and lattice parameter agree
        rho = cubic_density(N_PER_CELL[s], A, a)
        assert abs(rho - measured) / measured < 0.02, (name, rho)  # theory matches measured density
    for name, (_, a, c, A, measured) in ms.HCP.items():
        rho = 6 * A / (3 * math.sqrt(3) / 2 * a * a * c * 1e-21 * NA)
        assert abs(rho - measured) / measured < 0.02, (name, rho)
    # Repeat-unit masses: PE 28.05, PVC 62.50, PS 104.15 g/mol.
    assert round(ms.REPEAT_MASS["polyethylene (PE)"], 2) == 28.05
    assert round(ms.REPEAT_MASS["poly(vinyl chloride) (PVC)"], 2) == 62.50
    assert round(ms.REPEAT_MASS["polystyrene (PS)"], 2) == 104.15
    # Fe-C eutectoid and graphene constants.
    assert (ms.FE_C_EUTECTOID, ms.FE_C_ALPHA, ms.FE_C_CEMENTITE) == (0.76, 0.022, 6.70)
    assert round(ms.GRAPHENE_E2D / ms.GRAPHENE_T) == 1015  # ~1 TPa
    assert ms.ELASTIC["steel"] == (207, 0.30) and ms.ELASTIC["copper"] == (110, 0.34)


def test_difficulty_means_more_work(rows):
    by = collections.defaultdict(list)
    for r in rows:
        by[r["difficulty"]].append(len(r["completion"].splitlines()))
    mean = {k: sum(v) / len(v) for k, v in by.items()}
    assert mean["easy"] < mean["hard"], mean
