"""AI/ML generator: answers recomputed independently from metadata.inputs.

Parameter-count formulas, schedules and metrics are re-derived here (not
imported), and a few well-known published numbers pin the conventions down.
"""

from __future__ import annotations

import collections
import math
import re

import pytest

from tests.data.generators.numeric import close

from ech0.data.generators import get_generator
from ech0.data.generators.contract import FINAL_ANSWER_PREFIX

DOMAIN = "ai_ml"


@pytest.fixture(scope="module")
def rows():
    # The task rows; refusal rows are tests/data/generators/test_refusals.py's.
    return [r for r in get_generator(DOMAIN).rows(1_500, 7) if not r["metadata"].get("refusal")]


def linear(i, o, bias=True):
    return i * o + (o if bias else 0)


def mha(d, bias=True):
    return 4 * d * d + (4 * d if bias else 0)


def block(d, ff):
    # attention + two linears of the MLP + two LayerNorms (gain and bias)
    return mha(d) + linear(d, ff) + linear(ff, d) + 2 * 2 * d


def rnn(cell, x, h, layers, bidirectional, biases):
    gates = {"LSTM": 4, "GRU": 3}[cell]
    dirs = 2 if bidirectional else 1
    total, inp = 0, x
    for _ in range(layers):
        total += dirs * gates * (h * inp + h * h + biases * h)
        inp = dirs * h
    return total


def h2(counts):
    n = sum(counts)
    return -sum(c / n * math.log2(c / n) for c in counts if c)


def recompute(f: str, i: dict):
    if f == "mlp_params":
        w = i["widths"]
        total = sum(linear(a, b, i["bias"]) for a, b in zip(w, w[1:]))
        return total + (sum(2 * h for h in w[1:-1]) if i["batchnorm"] else 0)
    if f == "conv2d_params":
        return i["k"] ** 2 * i["cin"] * i["cout"] + i["cout"]
    if f == "conv2d_output_shape":
        out = (i["h"] + 2 * i["p"] - i["k"]) // i["s"] + 1
        return f"{i['cout']} x {out} x {out}"
    if f == "separable_conv_params":
        return (i["k"] ** 2 * i["cin"] + i["cin"]) + (i["cin"] * i["cout"] + i["cout"])
    if f == "embedding_params":
        n = i["vocab"] * i["d"] + i["ctx"] * i["d"]
        return n + (2 * i["d"] if i["layernorm"] else 0) + (i["vocab"] * i["d"] if i["untied_head"] else 0)
    if f == "mha_params":
        return mha(i["d"], i["bias"])
    if f == "gqa_params":
        kv = i["kv_heads"] * i["d"] // i["heads"]
        return 2 * linear(i["d"], i["d"]) + 2 * linear(i["d"], kv)
    if f == "transformer_block":
        return block(i["d"], i["ff"])
    if f == "transformer_stack":
        return i["layers"] * block(i["d"], i["ff"])
    if f == "gpt_total":
        return (i["vocab"] + i["ctx"]) * i["d"] + i["layers"] * block(i["d"], i["ff"]) + 2 * i["d"]
    if f == "rnn_params":
        return rnn(i["cell"], i["x"], i["h"], i["layers"], i["bidirectional"], i["biases"])
    if f == "warmup_cosine_lr":
        t, W, T = i["step"], i["warmup"], i["total"]
        if t < W:
            return i["lr_max"] * t / W
        return i["lr_min"] + (i["lr_max"] - i["lr_min"]) * (1 + math.cos(math.pi * (t - W) / (T - W))) / 2
    if f == "noam_lr":
        t = i["step"]
        return i["d"] ** -0.5 * min(t ** -0.5, t * i["warmup"] ** -1.5)
    if f == "weight_memory":
        return i["params_b"] * i["bytes_per_param"]
    if f == "adam_mixed_memory":
        return i["params_b"] * (2 + 2 + 4 + 4 + 4)
    if f == "qlora_memory":
        return i["params_b"] * 0.5 + i["lora_params_m"] * 1e6 * 16 / 1e9
    if f == "lora_params":
        return i["layers"] * sum(i["r"] * (a + b) for a, b in i["shapes"])
    if f == "optimizer_steps":
        eff = i["micro_batch"] * i["grad_accum"] * i["gpus"]
        return -(-i["examples"] // eff) * i["epochs"]
    if f == "train_flops":
        return 6 * i["params_b"] * 1e9 * i["tokens_b"] * 1e9
    if f == "chinchilla_flops":
        return 6 * i["params_b"] * 1e9 * 20 * i["params_b"] * 1e9
    if f == "train_days":
        c = 6 * i["params_b"] * 1e9 * 20 * i["params_b"] * 1e9
        return c / (i["gpus"] * i["peak"] * i["mfu"]) / 86400
    if f == "adam":
        th, m, v = i["theta"], 0.0, 0.0
        for t, g in enumerate(i["grads"], 1):
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            mh, vh = m / (1 - 0.9 ** t), v / (1 - 0.999 ** t)
            th -= i["lr"] * (mh / (math.sqrt(vh) + 1e-8) + i["weight_decay"] * th)
        return th
    if f == "binary_metric":
        tp, fp, fn, tn = i["tp"], i["fp"], i["fn"], i["tn"]
        p, r = tp / (tp + fp), tp / (tp + fn)
        fb = lambda b: (1 + b * b) * p * r / (b * b * p + r)  # noqa: E731
        return {"precision": p, "recall": r, "accuracy": (tp + tn) / (tp + fp + fn + tn),
                "specificity": tn / (tn + fp), "F1": fb(1), "F2": fb(2), "F0.5": fb(0.5),
                "MCC": (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))}[i["metric"]]
    if f == "multiclass_metric":
        m = i["matrix"]
        k = len(m)
        if i["metric"] == "micro_f1":
            return sum(m[j][j] for j in range(k)) / sum(map(sum, m))
        if i["metric"] == "recall":
            c = i["class"]
            return m[c][c] / sum(m[c])
        f1 = []
        for c in range(k):
            p = m[c][c] / sum(row[c] for row in m)
            r = m[c][c] / sum(m[c])
            f1.append(2 * p * r / (p + r))
        return sum(f1) / k
    if f == "ppl_from_ce":
        return math.exp(i["ce_nats"])
    if f == "ppl_from_probs":
        return math.exp(-sum(math.log(p) for p in i["probs"]) / len(i["probs"]))
    if f == "bits_per_byte":
        return i["ce_nats"] * i["tokens"] / math.log(2) / i["bytes"]
    if f == "ppv":
        s, sp, pr = i["sensitivity"], i["specificity"], i["prevalence"]
        return 100 * s * pr / (s * pr + (1 - sp) * (1 - pr))
    if f == "ci_sample_size":
        return math.ceil(1.96 ** 2 * i["p"] * (1 - i["p"]) / i["margin"] ** 2)
    if f == "ci_half_width":
        p = i["correct"] / i["n"]
        return 1.96 * math.sqrt(p * (1 - p) / i["n"])
    if f == "bias_variance":
        mean = sum(i["preds"]) / len(i["preds"])
        var = sum((p - mean) ** 2 for p in i["preds"]) / len(i["preds"])
        return (mean - i["f0"]) ** 2 + var + i["noise"]
    if f == "gd_quadratic":
        w, v = i["w0"], 0.0
        for _ in range(i["steps"]):
            v = i["momentum"] * v - i["eta"] * 2 * i["a"] * (w - i["b"])
            w += v
        return w
    if f == "pac_realizable":
        return math.ceil((i["ln_H"] + math.log(1 / i["delta"])) / i["eps"])
    if f == "pac_agnostic":
        return math.ceil((i["ln_H"] + math.log(2 / i["delta"])) / (2 * i["eps"] ** 2))
    if f == "ridge_1d":
        return sum(x * y for x, y in zip(i["xs"], i["ys"])) / (sum(x * x for x in i["xs"]) + i["lambda"])
    if f == "ols_predict":
        n = len(i["xs"])
        xb, yb = sum(i["xs"]) / n, sum(i["ys"]) / n
        w = sum((x - xb) * (y - yb) for x, y in zip(i["xs"], i["ys"])) / sum((x - xb) ** 2 for x in i["xs"])
        return yb + w * (i["x0"] - xb)
    if f in ("softmax_prob", "softmax_ce"):
        z = [v / i["temperature"] for v in i["logits"]]
        p = math.exp(z[i["label"]]) / sum(math.exp(v) for v in z)
        return p if f == "softmax_prob" else -math.log(p)
    if f == "entropy":
        return h2(i["parent"])
    if f == "information_gain":
        ch = i["children"]
        parent = [sum(c[0] for c in ch), sum(c[1] for c in ch)]
        n = sum(parent)
        return h2(parent) - sum(sum(c) / n * h2(c) for c in ch)
    if f == "disparate_impact":
        a, b = i["sel_a"] / i["n_a"], i["sel_b"] / i["n_b"]
        return min(a, b) / max(a, b)
    if f == "parity_difference":
        return i["sel_a"] / i["n_a"] - i["sel_b"] / i["n_b"]
    if f == "equal_opportunity_diff":
        return i["tp_a"] / i["pos_a"] - i["tp_b"] / i["pos_b"]
    if f == "ece":
        n = sum(b[0] for b in i["bins"])
        return sum(b[0] / n * abs(b[2] - b[1]) for b in i["bins"])
    if f == "asr_reduction":
        a, b = i["succ_before"] / i["n_before"], i["succ_after"] / i["n_after"]
        return (a - b) / a * 100
    if f == "kv_cache":
        return 2 * i["layers"] * i["kv_heads"] * i["head_dim"] * i["seq"] * i["batch"] * i["bytes"] / 1e9
    if f == "replicas":
        return math.ceil(i["rps"] * i["peak"] * i["out_tokens"] / (i["tps"] * i["util"]))
    if f == "vector_memory":
        if "vectors" in i:
            vecs = i["vectors"]
        else:
            per = math.ceil((i["tokens"] - i["overlap"]) / (i["chunk"] - i["overlap"])) if i["tokens"] > i["chunk"] else 1
            vecs = i["docs"] * per
        return vecs * i["dim"] * i["bytes"] / 1e9
    if f == "e2e_latency":
        return (i["retrieval_ms"] + i["guard_ms"] + i["ttft_ms"] + (i["out_tokens"] - 1) * i["tpot_ms"]) / 1000
    raise AssertionError(f"untested formula {f}")


def test_every_computed_answer_recomputes(rows):
    seen = collections.Counter()
    for r in rows:
        md = r["metadata"]
        if md["template"] == "ai_ml.safety.risk_review":
            assert "answer" not in md
            continue
        want = recompute(md["formula"], md["inputs"])
        seen[md["formula"]] += 1
        if isinstance(want, str):
            assert md["answer"] == want
        elif isinstance(want, int):
            assert md["answer"].replace(",", "") == str(want), (md["template"], md["answer"], want)
        else:
            close(md["answer"], want)
    assert len(seen) >= 45, sorted(seen)


def test_published_parameter_counts():
    # GPT-2 small and medium (Hugging Face configs): 124,439,808 and 354,823,168.
    gpt = lambda d, layers: recompute("gpt_total", {"d": d, "ff": 4 * d, "layers": layers, "vocab": 50257, "ctx": 1024})  # noqa: E731
    assert gpt(768, 12) == 124_439_808
    assert gpt(1024, 24) == 354_823_168
    # LoRA r=8 on q_proj and v_proj of Llama-2-7B: the familiar 4,194,304.
    assert recompute("lora_params", {"r": 8, "shapes": [[4096, 4096], [4096, 4096]], "layers": 32}) == 4_194_304
    # Llama-2-7B KV cache: 0.5 MiB per token in fp16.
    assert recompute("kv_cache", {"layers": 32, "kv_heads": 32, "head_dim": 128, "seq": 1, "batch": 1, "bytes": 2}) * 1e9 == 524_288
    # PyTorch nn.LSTM(10, 20): 4*(20*10 + 20*20 + 2*20) = 2,560.
    assert rnn("LSTM", 10, 20, 1, False, 2) == 2560


def test_generator_fact_tables():
    from ech0.data.generators.ai_ml import generator as ai_ml

    assert ai_ml.DECODERS["Llama-2-70B"][:4] == (80, 64, 8, 128)
    assert ai_ml.DECODERS["Mistral-7B"][2] == 8
    assert ai_ml.ADAM_MIXED_BYTES == 16
    assert ai_ml.DTYPE_BYTES["bf16"] == 2 and ai_ml.DTYPE_BYTES["4-bit (NF4)"] == 0.5


def test_final_answer_line_and_categories(rows):
    gen = get_generator(DOMAIN)
    assert set(gen.categories) == {"ml_theory", "deep_learning_architectures", "training_optimization",
                                   "model_evaluation", "ai_safety_ethics", "ai_system_design"}
    for r in rows:
        if "answer" in r["metadata"]:
            assert r["completion"].splitlines()[-1] == FINAL_ANSWER_PREFIX + r["metadata"]["answer"]
    assert len({r["metadata"]["template"] for r in rows}) >= 25


def test_risk_reviews_have_risk_and_mitigation(rows):
    reviews = [r for r in rows if r["metadata"]["template"] == "ai_ml.safety.risk_review"]
    assert reviews
    for r in reviews:
        items = [ln for ln in r["completion"].splitlines() if re.match(r"\d+\. Risk: ", ln)]
        want = {"easy": 2, "medium": 3, "hard": 4}[r["difficulty"]]
        assert len(items) == want and all("Mitigation:" in ln for ln in items)
