"""AI/ML generator.

Categories (from the original guide's "Domain Coverage"): ml_theory (bias-variance,
optimization), deep_learning_architectures (Transformers, CNNs, RNNs),
training_optimization, model_evaluation, ai_safety_ethics and ai_system_design.

Most rows are worked calculations whose answer is computed in code: parameter
counts of Linear/Conv2d/Embedding/LayerNorm/attention/Transformer/LSTM layers,
LoRA trainable parameters, weight and optimizer memory, learning-rate
schedules, training FLOPs (~6*N*T), an Adam step, precision/recall/F1, macro
F1, perplexity, Bayes' base-rate effect, bias-variance decomposition, gradient
descent, PAC sample complexity, information gain, fairness ratios, calibration
error, KV-cache size and serving capacity. Each ends with `Final answer:`;
`extra["inputs"]` and `extra["formula"]` let a test recompute it. One
conceptual template (deployment risk review) has no single answer.

Sources policy: architecture facts (GPT-2, Llama 2/3, Mistral configs) come
from the papers/model cards named in comments; formulas from standard texts
(Goodfellow et al. "Deep Learning"; Shalev-Shwartz & Ben-David "Understanding
Machine Learning"; Kingma & Ba 2015 for Adam; Hoffmann et al. 2022 and Kaplan
et al. 2020 for compute). Memory is in GB = 10^9 bytes unless stated.

The model configs, fact tables and phrase banks are in banks.yaml beside this file.
"""

from __future__ import annotations

import math
import random

from ech0.data.generators.banks import load_banks
from ech0.data.generators.contract import pick as _pick, random_difficulty as _diff
from ech0.data.generators.contract import DomainGenerator, Example
from ech0.data.generators.formatting import cap_first, closed_prompt, example, percent, row_builder
from ech0.data.generators.refusals import Refuses

_BANKS = load_banks(__package__)

# --- Fact tables -----------------------------------------------------------

GPT2 = _BANKS["gpt2"]
GPT2_NAMES = tuple(GPT2)

DECODERS = _BANKS["decoders"]
DECODER_NAMES = tuple(DECODERS)
MHA_DECODERS = _BANKS["mha_decoders"]
DTYPE_BYTES = _BANKS["dtype_bytes"]
DTYPE_NAMES = tuple(DTYPE_BYTES)
# Mixed-precision Adam: bf16 weights 2 + bf16 grads 2 + fp32 master weights 4
# + Adam m 4 + v 4 = 16 bytes/param (Rajbhandari et al. 2020, ZeRO, Sec. 3.1).
ADAM_MIXED_BYTES = 16

GPU_PEAK = _BANKS["gpu_peak"]
GPU_NAMES = tuple(GPU_PEAK)

CLOSERS = _BANKS["closers"]


_prompt = closed_prompt(CLOSERS)


# A template id's group (the part after "ai_ml.") names its category:
# "ai_ml.eval.perplexity" is model_evaluation.
FAMILIES = {"arch": "deep_learning_architectures", "train": "training_optimization", "eval": "model_evaluation",
            "theory": "ml_theory", "safety": "ai_safety_ethics", "sysdesign": "ai_system_design"}


_example = row_builder("ai_ml", categories=FAMILIES)


def _par(x) -> str:
    """A number ready to follow an operator: negatives in parentheses."""
    return f"({x})" if x < 0 else f"{x}"


def _shift(b: float) -> str:
    """'w - b' written without a double sign."""
    return f"w + {-b}" if b < 0 else f"w - {b}"


# --- deep_learning_architectures -------------------------------------------

def _linear(rng: random.Random) -> Example:
    d = _diff(rng)
    k = {"easy": 2, "medium": rng.randint(3, 4), "hard": rng.randint(4, 5)}[d]
    widths = [_pick(rng, _BANKS["widths"]) for _ in range(k)]
    if d == "easy" and rng.random() < 0.5:
        widths = [rng.randint(3, 999), rng.randint(2, 999)]
    bias = d != "hard" or rng.random() < 0.5
    bn = d == "hard"
    lines = [_pick(rng, ("A Linear(in, out) layer has an in x out weight matrix plus out biases.",
                         "nn.Linear stores weight [out, in] and, if bias=True, a bias vector of length out.",
                         "Parameters of a dense layer = in*out (+ out when it has a bias)."))]
    total = 0
    for a, b in zip(widths, widths[1:]):
        n = a * b + (b if bias else 0)
        total += n
        lines.append(f"Linear({a}, {b}): {a} x {b}{f' + {b}' if bias else ''} = {n:,}")
    if bn:
        hidden = widths[1:-1]
        bn_n = sum(2 * h for h in hidden)
        total += bn_n
        lines.append(f"BatchNorm1d after each hidden layer adds gamma and beta (2 per feature): "
                     f"2 x ({' + '.join(map(str, hidden))}) = {bn_n:,}; running mean/var are buffers, not parameters.")
    lines.append(f"Total trainable parameters = {total:,}.")
    arch = " -> ".join(map(str, widths))
    if d == "easy":
        q = f"How many trainable parameters does nn.Linear({widths[0]}, {widths[1]}{'' if bias else ', bias=False'}) have?"
    else:
        q = (f"An MLP maps {arch} with fully connected layers{'' if bias else ' (bias=False)'}"
             f"{' and a BatchNorm1d after every hidden layer' if bn else ''}. Count its trainable parameters.")
    return _example("arch.linear_params", d, _prompt(rng, q), lines, answer=f"{total:,}", formula="mlp_params",
                inputs={"widths": widths, "bias": bias, "batchnorm": bn})


def _conv(rng: random.Random) -> Example:
    d = _diff(rng)
    cin = _pick(rng, (1, 3, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512))
    cout = _pick(rng, (8, 16, 32, 64, 96, 128, 256, 512, 1024))
    k = _pick(rng, (1, 3, 5, 7))
    std = k * k * cin * cout + cout
    base = [_pick(rng, ("Each output channel has a k x k x C_in kernel plus one bias.",
                        "Conv2d weight shape is [C_out, C_in, k, k]; bias has C_out entries."))]
    geometry = {}  # the output-shape rows also record input size, stride and padding
    if d == "easy":
        q = f"How many parameters does nn.Conv2d({cin}, {cout}, kernel_size={k}) have (bias included)?"
        lines = base + [f"{k} x {k} x {cin} x {cout} + {cout} = {std:,}.",
                        _pick(rng, ("The count does not depend on the image size: weights are shared across positions.",
                                    "Stride and padding change the output size, not the parameter count."))]
        answer, formula = f"{std:,}", "conv2d_params"
    elif d == "medium":
        h = _pick(rng, (28, 32, 56, 64, 96, 112, 128, 224, 256))
        s = _pick(rng, (1, 2))
        p = _pick(rng, (0, k // 2))
        out = (h + 2 * p - k) // s + 1
        q = (f"A {cin} x {h} x {h} feature map goes through nn.Conv2d({cin}, {cout}, kernel_size={k}, stride={s}, "
             f"padding={p}). What is the output shape (C x H x W)?")
        lines = [f"Output size = floor((H + 2p - k) / s) + 1 = floor(({h} + {2 * p} - {k}) / {s}) + 1 = {out}.",
                 f"Channels = C_out = {cout}, so the output is {cout} x {out} x {out}.",
                 f"(Parameters: {k}*{k}*{cin}*{cout} + {cout} = {std:,}, independent of H and W.)"]
        answer, formula = f"{cout} x {out} x {out}", "conv2d_output_shape"
        geometry = {"h": h, "s": s, "p": p}
    else:
        k = _pick(rng, (3, 5, 7))
        std = k * k * cin * cout + cout
        dw = k * k * cin + cin
        pw = cin * cout + cout
        q = (f"Replace a standard {k}x{k} Conv2d({cin}, {cout}) with a depthwise-separable block (depthwise {k}x{k}, "
             "then pointwise 1x1, both with bias). How many parameters does the separable block have?")
        lines = [f"Standard: {k}*{k}*{cin}*{cout} + {cout} = {std:,}.",
                 f"Depthwise (groups = C_in = {cin}): {k}*{k}*{cin} + {cin} = {dw:,}.",
                 f"Pointwise 1x1: {cin}*{cout} + {cout} = {pw:,}.",
                 f"Separable total = {dw + pw:,}, about {std / (dw + pw):.1f}x fewer than standard (the MobileNet idea)."]
        answer, formula = f"{dw + pw:,}", "separable_conv_params"
    return _example("arch.conv_params", d, _prompt(rng, q), lines, answer=answer, formula=formula,
                inputs={"cin": cin, "cout": cout, "k": k, **geometry})


def _embedding(rng: random.Random) -> Example:
    d = _diff(rng)
    V = _pick(rng, _BANKS["vocabs"]) if rng.random() < 0.6 else rng.randint(1000, 99999)
    dm = _pick(rng, _BANKS["d_models"])
    ctx = _pick(rng, (512, 1024, 2048, 4096))
    tok = V * dm
    lines = [f"Token embedding: vocab x d = {V:,} x {dm} = {tok:,}."]
    total = tok
    if d == "easy":
        q = f"How many parameters are in nn.Embedding({V}, {dm})?"
        lines.append(_pick(rng, ("An embedding is a lookup table with one d-dimensional row per token.",
                                 "It has no bias: each token id selects one learned row.")))
        inputs = {"vocab": V, "d": dm, "ctx": 0, "layernorm": False, "untied_head": False}
    else:
        pos = ctx * dm
        ln = 2 * dm
        total += pos + ln
        lines += [f"Learned positions: {ctx} x {dm} = {pos:,}.", f"Final LayerNorm (gain + bias): 2 x {dm} = {ln:,}."]
        untied = d == "hard"
        if untied:
            total += V * dm
            lines.append(f"An untied output head (no bias) adds another {V:,} x {dm} = {V * dm:,}; tying it would save exactly that.")
        q = (f"A language model has vocab {V:,}, d_model {dm}, learned positional embeddings for {ctx} positions and a "
             f"final LayerNorm{'; its output projection is NOT tied to the input embedding' if untied else ''}. "
             "Count the parameters in these embedding/norm/head pieces (excluding the blocks).")
        inputs = {"vocab": V, "d": dm, "ctx": ctx, "layernorm": True, "untied_head": untied}
    lines.append(f"Total = {total:,}.")
    return _example("arch.embedding_params", d, _prompt(rng, q), lines, answer=f"{total:,}", formula="embedding_params",
                inputs=inputs)


def _attention(rng: random.Random) -> Example:
    d = _diff(rng)
    dm = rng.randint(2, 96) * 64
    heads = _pick(rng, tuple(h for h in (4, 8, 12, 16, 20, 32) if dm % h == 0))
    hd = dm // heads
    if d == "hard":
        kvh = _pick(rng, tuple(k for k in (1, 2, 4, 8) if heads % k == 0 and k < heads))
        kv = kvh * hd
        n = 2 * dm * dm + 2 * dm * kv + 2 * dm + 2 * kv
        q = (f"Grouped-query attention with d_model = {dm}, {heads} query heads and {kvh} key/value heads "
             "(all projections with bias). How many parameters?")
        lines = [f"Head dim = {dm} / {heads} = {hd}; K and V project to {kvh} x {hd} = {kv} dims.",
                 f"W_Q and W_O: 2 x ({dm} x {dm} + {dm}) = {2 * dm * dm + 2 * dm:,}.",
                 f"W_K and W_V: 2 x ({dm} x {kv} + {kv}) = {2 * dm * kv + 2 * kv:,}.",
                 f"Total = {n:,} (full MHA would be {4 * dm * dm + 4 * dm:,}).",
                 _pick(rng, ("GQA mainly shrinks the KV cache; the parameter saving is secondary.",
                             "Fewer KV heads cut KV-cache memory by the ratio of query to KV heads."))]
        return _example("arch.attention_params", d, _prompt(rng, q), lines, answer=f"{n:,}", formula="gqa_params",
                    inputs={"d": dm, "heads": heads, "kv_heads": kvh, "bias": True})
    bias = d == "easy" or rng.random() < 0.5
    n = 4 * dm * dm + (4 * dm if bias else 0)
    q = (f"How many parameters does a multi-head self-attention layer with d_model = {dm} and {heads} heads have"
         f"{'' if bias else ' if its Q, K, V and output projections have no bias'}?")
    lines = [_pick(rng, ("Q, K, V and the output projection are each d x d matrices.",
                         "Attention has four projections (query, key, value, output), each d_model x d_model.")),
             f"Weights: 4 x {dm}^2 = {4 * dm * dm:,}."]
    if bias:
        lines.append(f"Biases: 4 x {dm} = {4 * dm:,}.")
    lines.append(f"The head count only splits d into {heads} heads of {hd} dims; it does not change the total.")
    lines.append(f"Total = {n:,}.")
    return _example("arch.attention_params", d, _prompt(rng, q), lines, answer=f"{n:,}", formula="mha_params",
                inputs={"d": dm, "heads": heads, "bias": bias})


def _block(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "hard" and rng.random() < 0.4:
        name = _pick(rng, GPT2_NAMES)
        dm, full = GPT2[name]
        L = full if rng.random() < 0.2 else rng.randint(1, full - 1)
        V, ctx, ff = 50257, 1024, 4 * dm
        label = (f"{name} (d = {dm}, {full} layers, vocab 50,257, 1,024 learned positions, FFN 4d, tied head)"
                 + ("" if L == full else f" truncated to its first {L} layers, as a distillation student"))
    else:
        name = None
        dm = rng.randint(2, 64) * 64
        L = rng.randint(2, 48)
        ff = _pick(rng, (4 * dm, 4 * dm, 2 * dm, 8 * dm // 3 // 64 * 64))
        V = _pick(rng, _BANKS["vocabs"])
        ctx = _pick(rng, (512, 1024, 2048))
        label = f"a GPT-style decoder with d = {dm}, FFN width {ff}, {L} layers, vocab {V:,}, {ctx} learned positions, tied head"
    attn = 4 * dm * dm + 4 * dm
    mlp = 2 * dm * ff + ff + dm
    ln = 4 * dm
    blk = attn + mlp + ln
    lines = [f"Attention: 4d^2 + 4d = {attn:,}.",
             f"MLP: d x {ff} + {ff} + {ff} x d + d = {mlp:,}.",
             f"Two LayerNorms: 4d = {ln:,}.",
             f"One block = {blk:,}."]
    if d == "easy":
        q = f"Count the parameters of one pre-LN Transformer block with d = {dm} and FFN width {ff} (all linear layers with bias)."
        return _example("arch.transformer_block", d, _prompt(rng, q), lines, answer=f"{blk:,}", formula="transformer_block",
                    inputs={"d": dm, "ff": ff})
    if d == "medium":
        q = f"How many parameters are in a stack of {L} GPT-style blocks with d = {dm} and FFN width {ff} (biases included)?"
        lines.append(f"{L} blocks x {blk:,} = {L * blk:,}.")
        return _example("arch.transformer_block", d, _prompt(rng, q), lines, answer=f"{L * blk:,}",
                    formula="transformer_stack", inputs={"d": dm, "ff": ff, "layers": L})
    total = V * dm + ctx * dm + L * blk + 2 * dm
    q = f"Count all parameters of {label}."
    lines += [f"Blocks: {L} x {blk:,} = {L * blk:,}.",
              f"Token embedding {V:,} x {dm} = {V * dm:,}; positions {ctx} x {dm} = {ctx * dm:,}; final LayerNorm {2 * dm:,}.",
              f"Tied head adds nothing. Total = {total:,} (~{total / 1e6:.1f}M)."]
    return _example("arch.transformer_block", d, _prompt(rng, q), lines, answer=f"{total:,}", formula="gpt_total",
                inputs={"d": dm, "ff": ff, "layers": L, "vocab": V, "ctx": ctx})


def _rnn(rng: random.Random) -> Example:
    d = _diff(rng)
    x = _pick(rng, (16, 32, 50, 64, 100, 128, 200, 256, 300, 512))
    h = _pick(rng, (32, 64, 100, 128, 200, 256, 384, 512, 1024))
    cell = "LSTM" if d != "medium" or rng.random() < 0.6 else "GRU"
    gates = 4 if cell == "LSTM" else 3
    if d == "easy":
        n = 4 * (h * (h + x) + h)
        q = f"A single-layer LSTM has input size {x} and hidden size {h}. With one bias vector per gate, how many parameters does it have?"
        lines = [_pick(rng, ("Each of the 4 gates (input, forget, cell, output) has W (h x x), U (h x h) and a bias (h).",
                             "LSTM parameters = 4 x (h(h + x) + h): four gates, each seeing [h_prev, x_t].")),
                 f"4 x ({h} x ({h} + {x}) + {h}) = 4 x {h * (h + x) + h:,} = {n:,}."]
        return _example("arch.rnn_params", d, _prompt(rng, q), lines, answer=f"{n:,}", formula="rnn_params",
                    inputs={"cell": "LSTM", "x": x, "h": h, "layers": 1, "bidirectional": False, "biases": 1})
    layers = 2 if d == "medium" else rng.randint(2, 3)
    bidir = d == "hard"
    dirs = 2 if bidir else 1
    lines = [f"PyTorch nn.{cell} keeps two bias vectors (b_ih and b_hh), so each direction of a layer has "
             f"{gates} x (h(in + h) + 2h) parameters."]
    total, inp = 0, x
    for i in range(layers):
        per = gates * (h * (inp + h) + 2 * h)
        total += dirs * per
        lines.append(f"Layer {i + 1} (input {inp}): {gates} x ({h} x ({inp} + {h}) + {2 * h}) = {per:,}"
                     + (f" x 2 directions = {2 * per:,}" if bidir else "") + ".")
        inp = dirs * h
    lines.append(f"Total = {total:,}.")
    q = (f"Count the parameters of nn.{cell}(input_size={x}, hidden_size={h}, num_layers={layers}"
         f"{', bidirectional=True' if bidir else ''}).")
    return _example("arch.rnn_params", d, _prompt(rng, q), lines, answer=f"{total:,}", formula="rnn_params",
                inputs={"cell": cell, "x": x, "h": h, "layers": layers, "bidirectional": bidir, "biases": 2})


# --- training_optimization -------------------------------------------------

def _lr_schedule(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "hard":
        dm = _pick(rng, (256, 512, 768, 1024))
        W = _pick(rng, (2000, 4000, 8000))
        t = rng.randint(1, 60000)
        lr = dm ** -0.5 * min(t ** -0.5, t * W ** -1.5)
        q = (f"The original Transformer schedule is lr = d^-0.5 * min(step^-0.5, step * warmup^-1.5) "
             f"(Vaswani et al., 2017). With d = {dm} and warmup = {W}, what is lr at step {t}?")
        branch = "step^-0.5" if t >= W else "step * warmup^-1.5"
        lines = [f"step^-0.5 = {t ** -0.5:.6f}; step * warmup^-1.5 = {t * W ** -1.5:.6f}.",
                 f"The minimum is the {branch} term ({'decay' if t >= W else 'warmup'} phase).",
                 f"lr = {dm}^-0.5 x {min(t ** -0.5, t * W ** -1.5):.6f} = {lr:.3e}."]
        return _example("train.lr_schedule", d, _prompt(rng, q), lines, answer=f"{lr:.3e}", formula="noam_lr",
                    inputs={"d": dm, "warmup": W, "step": t})
    lr_max = _pick(rng, (1e-4, 2e-4, 3e-4, 5e-4, 1e-3, 6e-4))
    lr_min = _pick(rng, (0.0, lr_max / 10))
    T = rng.randint(20, 200) * 100
    W = 0 if d == "easy" else _pick(rng, (100, 200, 500, 1000, 2000))
    t = rng.randint(0, T)
    if t < W:
        lr = lr_max * t / W
        lines = [f"Step {t} is inside the {W}-step linear warmup: lr = lr_max * t / W.",
                 f"lr = {lr_max:g} x {t} / {W} = {lr:.3e}."]
    else:
        p = (t - W) / (T - W)
        lr = lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * p))
        lines = [_pick(rng, ("Cosine decay: lr = lr_min + 0.5 (lr_max - lr_min)(1 + cos(pi * p)), with p the fraction of decay done.",
                             "After warmup the rate follows half a cosine from lr_max down to lr_min.")),
                 f"p = ({t} - {W}) / ({T} - {W}) = {p:.4f}; cos(pi p) = {math.cos(math.pi * p):.4f}.",
                 f"lr = {lr_min:g} + 0.5 x {lr_max - lr_min:g} x {1 + math.cos(math.pi * p):.4f} = {lr:.3e}."]
    q = (f"A run uses peak lr {lr_max:g}, {'no warmup' if W == 0 else f'{W} linear warmup steps'}, then cosine decay to "
         f"{lr_min:g} at step {T}. What is the learning rate at step {t}?")
    return _example("train.lr_schedule", d, _prompt(rng, q), lines, answer=f"{lr:.3e}", formula="warmup_cosine_lr",
                inputs={"lr_max": lr_max, "lr_min": lr_min, "warmup": W, "total": T, "step": t})


def _memory(rng: random.Random) -> Example:
    d = _diff(rng)
    n_b = rng.randint(1, 700) / 10  # billions of parameters
    if d == "easy":
        dt = _pick(rng, DTYPE_NAMES)
        gb = n_b * DTYPE_BYTES[dt]
        q = f"How much memory do the weights of a {n_b}B-parameter model take in {dt}?"
        lines = [f"{dt} uses {DTYPE_BYTES[dt]:g} byte(s) per parameter.",
                 f"{n_b}e9 x {DTYPE_BYTES[dt]:g} B = {gb:.2f} GB (1 GB = 1e9 bytes).",
                 _pick(rng, ("Activations and the KV cache come on top of this at inference.",
                             "Quantization shrinks this linearly with bits per weight."))]
        return _example("train.memory", d, _prompt(rng, q), lines, answer=f"{gb:.2f} GB", formula="weight_memory",
                    inputs={"params_b": n_b, "bytes_per_param": DTYPE_BYTES[dt]})
    if d == "medium":
        gb = n_b * ADAM_MIXED_BYTES
        q = (f"Estimate the GPU memory for model states when fully fine-tuning a {n_b}B-parameter model with "
             "mixed-precision Adam (ignore activations).")
        lines = ["Per parameter: bf16 weights 2 B + bf16 gradients 2 B + fp32 master copy 4 B + Adam m 4 B + Adam v 4 B = 16 B.",
                 f"{n_b}e9 x 16 B = {gb:.2f} GB.",
                 _pick(rng, ("ZeRO/FSDP shards these states across GPUs to fit.",
                             "This is why full fine-tuning needs far more memory than inference."))]
        return _example("train.memory", d, _prompt(rng, q), lines, answer=f"{gb:.2f} GB", formula="adam_mixed_memory",
                    inputs={"params_b": n_b})
    lora_m = rng.randint(2, 400) / 10  # millions of LoRA params
    base = n_b * 0.5
    ad = lora_m * 1e6 * ADAM_MIXED_BYTES / 1e9
    gb = base + ad
    q = (f"QLoRA-style fine-tuning: a {n_b}B base model is frozen in 4-bit and {lora_m}M LoRA parameters are trained "
         "with mixed-precision Adam (16 bytes per trainable parameter). Estimate model-state memory, ignoring "
         "quantization constants and activations.")
    lines = [f"Frozen base: {n_b}e9 x 0.5 B = {base:.2f} GB.",
             f"LoRA states: {lora_m}e6 x 16 B = {ad:.3f} GB.",
             f"Total = {gb:.2f} GB, versus {n_b * 16:.1f} GB for full mixed-precision fine-tuning."]
    return _example("train.memory", d, _prompt(rng, q), lines, answer=f"{gb:.2f} GB", formula="qlora_memory",
                inputs={"params_b": n_b, "lora_params_m": lora_m})


LORA_TARGETS = _BANKS["lora_targets"]
LORA_TARGET_NAMES = tuple(LORA_TARGETS)


def _lora(rng: random.Random) -> Example:
    d = _diff(rng)
    r = _pick(rng, (2, 4, 8, 12, 16, 24, 32, 48, 64, 128))
    if d == "easy":
        fin, fout = _pick(rng, _BANKS["widths"]), _pick(rng, _BANKS["widths"])
        n = r * (fin + fout)
        q = f"LoRA with rank r = {r} is applied to one {fin} x {fout} linear layer. How many trainable parameters does it add?"
        lines = [_pick(rng, ("LoRA adds A (r x in) and B (out x r); the frozen W is untouched.",
                             "The update W + BA uses B (out x r) and A (r x in), so r(in + out) parameters.")),
                 f"{r} x ({fin} + {fout}) = {n:,}, versus {fin * fout:,} in the full matrix ({n / (fin * fout) * 100:.2f}%)."]
        return _example("train.lora", d, _prompt(rng, q), lines, answer=f"{n:,}", formula="lora_params",
                    inputs={"r": r, "shapes": [[fin, fout]], "layers": 1})
    if d == "medium":
        name = _pick(rng, MHA_DECODERS)
        full, _, _, _, dm, ff = DECODERS[name]
        L = full if rng.random() < 0.3 else rng.randint(1, full - 1)
        tgt = _pick(rng, LORA_TARGET_NAMES[:2])
        mods = LORA_TARGETS[tgt]
    else:
        name = None
        dm, L = _pick(rng, _BANKS["d_models"]), rng.randint(4, 48)
        ff = _pick(rng, (4 * dm, 3 * dm, 8 * dm // 3 // 64 * 64))
        tgt = _pick(rng, LORA_TARGET_NAMES)
        mods = LORA_TARGETS[tgt]
    shape = {"q": (dm, dm), "k": (dm, dm), "v": (dm, dm), "o": (dm, dm), "gate": (dm, ff), "up": (dm, ff), "down": (ff, dm)}
    shapes = [list(shape[m]) for m in mods]
    per_layer = sum(r * (a + b) for a, b in shapes)
    n = per_layer * L
    if name:
        where = "every layer" if L == full else f"only the last {L} of the {full} layers"
        who = f"{name} (d = {dm}, FFN {ff}, MHA)"
    else:
        where, who = "every layer", f"a decoder with d = {dm}, {L} layers, FFN width {ff} (MHA)"
    q = f"LoRA rank {r} is applied to {tgt} in {where} of {who}. How many trainable parameters?"
    lines = ["Each adapted matrix of shape in x out adds r(in + out)."]
    lines += [f"{m}: {r} x ({a} + {b}) = {r * (a + b):,}" for m, (a, b) in zip(mods, shapes)]
    lines += [f"Per layer = {per_layer:,}; x {L} layers = {n:,}."]
    if name == "Llama-2-7B" and r == 8 and tgt == "q_proj and v_proj" and L == 32:
        lines.append("This is the familiar ~4.2M figure, about 0.06% of 6.7B.")
    return _example("train.lora", d, _prompt(rng, q), lines, answer=f"{n:,}", formula="lora_params",
                inputs={"r": r, "shapes": shapes, "layers": L})


def _steps(rng: random.Random) -> Example:
    d = _diff(rng)
    N = rng.randint(1, 2000) * 50
    b = _pick(rng, (1, 2, 4, 8, 16, 32))
    g = _pick(rng, (1, 2, 4, 8, 16))
    gpus = 1 if d == "easy" else _pick(rng, (2, 4, 8, 16))
    ep = rng.randint(1, 5)
    B = b * g * gpus
    spe = math.ceil(N / B)
    total = spe * ep
    q = (f"Fine-tuning on {N:,} examples with micro-batch {b} per GPU, gradient accumulation {g}"
         f"{'' if gpus == 1 else f', {gpus} GPUs (data parallel)'} and {ep} epoch(s). How many optimizer steps run in total"
         " (last partial batch kept)?")
    lines = [f"Effective batch = {b} x {g} x {gpus} = {B}.",
             f"Steps per epoch = ceil({N:,} / {B}) = {spe:,}.",
             f"Total = {spe:,} x {ep} = {total:,} optimizer steps."]
    if d == "hard":
        seq = _pick(rng, (512, 1024, 2048, 4096))
        lines.append(f"At {seq} tokens per sequence each step sees up to {B * seq:,} tokens.")
        q += f" Sequences are {seq} tokens."
    return _example("train.steps", d, _prompt(rng, q), lines, answer=f"{total:,}", formula="optimizer_steps",
                inputs={"examples": N, "micro_batch": b, "grad_accum": g, "gpus": gpus, "epochs": ep})


def _flops(rng: random.Random) -> Example:
    d = _diff(rng)
    n_b = rng.randint(1, 700) / 10
    lines = [_pick(rng, ("Training compute C ~ 6 N T: 2 FLOPs per parameter per token forward, 4 backward (Kaplan et al. 2020).",
                         "Use C = 6 x parameters x tokens for dense Transformer training."))]
    if d == "easy":
        T_b = rng.randint(1, 3000)
        C = 6 * n_b * 1e9 * T_b * 1e9
        q = f"Estimate the training compute for a {n_b}B-parameter model trained on {T_b}B tokens."
        lines.append(f"C = 6 x {n_b}e9 x {T_b}e9 = {C:.2e} FLOPs.")
        return _example("train.flops", d, _prompt(rng, q), lines, answer=f"{C:.2e} FLOPs", formula="train_flops",
                    inputs={"params_b": n_b, "tokens_b": T_b})
    T_b = 20 * n_b
    C = 6 * n_b * 1e9 * T_b * 1e9
    lines.insert(0, f"Chinchilla-optimal data is ~20 tokens per parameter (Hoffmann et al. 2022): T = 20 x {n_b}B = {T_b:.0f}B tokens.")
    lines.append(f"C = 6 x {n_b}e9 x {T_b:.0f}e9 = {C:.2e} FLOPs.")
    if d == "medium":
        q = f"Roughly how much compute does a compute-optimal (Chinchilla) run for a {n_b}B-parameter model need?"
        return _example("train.flops", d, _prompt(rng, q), lines, answer=f"{C:.2e} FLOPs", formula="chinchilla_flops",
                    inputs={"params_b": n_b})
    gpu = _pick(rng, GPU_NAMES)
    G = _pick(rng, (8, 64, 128, 256, 512, 1024, 2048))
    mfu = rng.randint(30, 55) / 100
    days = C / (G * GPU_PEAK[gpu] * mfu * 86400)
    q = (f"A {n_b}B model is trained Chinchilla-optimally on {G} {gpu} GPUs (dense BF16 peak {GPU_PEAK[gpu] / 1e12:.0f} TFLOP/s) "
         f"at {mfu * 100:.0f}% MFU. How many days does it take?")
    lines.append(f"Throughput = {G} x {GPU_PEAK[gpu] / 1e12:.0f}e12 x {mfu:.2f} = {G * GPU_PEAK[gpu] * mfu:.3e} FLOP/s.")
    lines.append(f"Time = {C:.3e} / {G * GPU_PEAK[gpu] * mfu:.3e} s = {days:.1f} days.")
    return _example("train.flops", d, _prompt(rng, q), lines, answer=f"{days:.1f} days", formula="train_days",
                inputs={"params_b": n_b, "gpus": G, "peak": GPU_PEAK[gpu], "mfu": mfu})


def _adam(rng: random.Random) -> Example:
    d = _diff(rng)
    theta = rng.randint(-200, 200) / 100
    lr = _pick(rng, (0.1, 0.01, 0.001, 0.05))
    grads = [rng.randint(-300, 300) / 100 or 0.5 for _ in range(1 if d == "easy" else 2)]
    wd = _pick(rng, (0.01, 0.1)) if d == "hard" else 0.0
    b1, b2, eps = 0.9, 0.999, 1e-8
    m = v = 0.0
    th = theta
    lines = ["Adam (Kingma & Ba 2015): beta1 = 0.9, beta2 = 0.999, eps = 1e-8, m0 = v0 = 0."]
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
        step = lr * (mh / (math.sqrt(vh) + eps) + wd * th)
        lines.append(f"t={t}, g={g}: m = {m:.6f}, v = {v:.8f}, m_hat = {mh:.6f}, v_hat = {vh:.6f}.")
        if wd:
            lines.append(f"  AdamW adds decoupled decay lr*lambda*theta = {lr * wd * th:.6f}.")
        th = th - step
        lines.append(f"  theta = {th + step:.6f} - {step:.6f} = {th:.6f}.")
    if d == "easy":
        lines.append(_pick(rng, ("On the first step m_hat/sqrt(v_hat) = g/|g|, so Adam moves by about lr in the sign direction.",
                                 "Bias correction makes the first step size ~lr regardless of the gradient's scale.")))
    q = (f"Apply {'AdamW (weight decay ' + str(wd) + ')' if wd else 'Adam'} with lr = {lr} to a scalar parameter "
         f"theta = {theta} and gradients {', '.join(map(str, grads))} on successive steps. What is theta afterwards?")
    return _example("train.adam", d, _prompt(rng, q), lines, answer=f"{th:.6f}", formula="adam",
                inputs={"theta": theta, "lr": lr, "grads": grads, "weight_decay": wd})


# --- model_evaluation -------------------------------------------------------

def _confusion(rng: random.Random) -> Example:
    d = _diff(rng)
    tp, fp, fn, tn = (rng.randint(5, 900) for _ in range(4))
    task = _pick(rng, ("a spam filter", "a fraud detector", "a tumour classifier", "a toxicity classifier",
                       "a defect detector on a production line", "an intrusion detector", "a churn model"))
    P, R = tp / (tp + fp), tp / (tp + fn)
    metric = {"easy": _pick(rng, ("precision", "recall", "accuracy", "specificity")),
              "medium": "F1", "hard": _pick(rng, ("F2", "F0.5", "MCC"))}[d]
    lines = [f"Precision = TP/(TP+FP) = {tp}/{tp + fp} = {P:.4f}; recall = TP/(TP+FN) = {tp}/{tp + fn} = {R:.4f}."]
    if metric == "precision":
        val = P
    elif metric == "recall":
        val = R
    elif metric == "accuracy":
        val = (tp + tn) / (tp + fp + fn + tn)
        lines.append(f"Accuracy = (TP+TN)/total = {tp + tn}/{tp + fp + fn + tn} = {val:.4f}.")
    elif metric == "specificity":
        val = tn / (tn + fp)
        lines.append(f"Specificity = TN/(TN+FP) = {tn}/{tn + fp} = {val:.4f}.")
    elif metric == "F1":
        val = 2 * P * R / (P + R)
        lines.append(f"F1 = 2PR/(P+R) = 2 x {P:.4f} x {R:.4f} / {P + R:.4f} = {val:.4f}.")
    elif metric == "MCC":
        den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        val = (tp * tn - fp * fn) / den
        lines.append(f"MCC = (TP*TN - FP*FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = {tp * tn - fp * fn} / {den:.1f} = {val:.4f}.")
    else:
        beta = 2.0 if metric == "F2" else 0.5
        val = (1 + beta ** 2) * P * R / (beta ** 2 * P + R)
        lines.append(f"F_beta = (1+b^2)PR/(b^2 P + R) with b = {beta:g}: {val:.4f} "
                     f"({'recall' if beta > 1 else 'precision'} weighted more).")
    prev = (tp + fn) / (tp + fp + fn + tn)
    lines.append(_pick(rng, (f"Positives are {prev * 100:.1f}% of this test set; with imbalance, accuracy alone can mislead.",
                             "Precision asks how many flagged items were right; recall asks how many real positives were caught.",
                             f"For {task}, choose the threshold by the relative cost of false positives and false negatives.")))
    q = f"{cap_first(task)} has TP = {tp}, FP = {fp}, FN = {fn}, TN = {tn} on a test set. Compute its {metric}."
    return _example("eval.confusion", d, _prompt(rng, q), lines, answer=f"{val:.4f}", formula="binary_metric",
                inputs={"tp": tp, "fp": fp, "fn": fn, "tn": tn, "metric": metric})


def _macro(rng: random.Random) -> Example:
    d = _diff(rng)
    names = _pick(rng, _BANKS["class_sets"])
    M = [[rng.randint(20, 200) if i == j else rng.randint(0, 40) for j in range(3)] for i in range(3)]
    rows_txt = "; ".join(f"true {names[i]}: " + ", ".join(f"{names[j]} {M[i][j]}" for j in range(3)) for i in range(3))
    total = sum(map(sum, M))
    lines = ["Rows are true classes, columns predictions."]
    f1s, recs = [], []
    for c in range(3):
        tp = M[c][c]
        pred = sum(M[r][c] for r in range(3))
        act = sum(M[c])
        p, r = tp / pred, tp / act
        f1 = 2 * p * r / (p + r)
        f1s.append(f1)
        recs.append(r)
        lines.append(f"{names[c]}: precision {tp}/{pred} = {p:.4f}, recall {tp}/{act} = {r:.4f}, F1 = {f1:.4f}.")
    if d == "easy":
        c = rng.randrange(3)
        val, metric = recs[c], f"recall for class '{names[c]}'"
        lines = lines[:1] + [lines[1 + c]]
    elif d == "medium":
        val, metric = sum(M[i][i] for i in range(3)) / total, "micro-averaged F1"
        lines.append(f"Micro-F1 equals accuracy for single-label data: {sum(M[i][i] for i in range(3))}/{total} = {val:.4f}.")
    else:
        val, metric = sum(f1s) / 3, "macro-averaged F1"
        lines.append(f"Macro-F1 = mean of per-class F1 = ({' + '.join(f'{f:.4f}' for f in f1s)}) / 3 = {val:.4f}.")
    q = f"A 3-class classifier's confusion matrix (counts) is: {rows_txt}. Compute the {metric}."
    return _example("eval.multiclass", d, _prompt(rng, q), lines, answer=f"{val:.4f}", formula="multiclass_metric",
                inputs={"matrix": M, "metric": {"easy": "recall", "medium": "micro_f1", "hard": "macro_f1"}[d],
                        "class": (c if d == "easy" else None)})


def _perplexity(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "easy":
        ce = rng.randint(50, 600) / 100
        ppl = math.exp(ce)
        q = f"A language model's mean cross-entropy on held-out text is {ce} nats per token. What is its perplexity?"
        lines = ["Perplexity = exp(mean negative log-likelihood in nats).", f"exp({ce}) = {ppl:.2f}.",
                 _pick(rng, ("Intuitively the model is as uncertain as a uniform choice among that many tokens.",
                             "Lower is better; a uniform model over V tokens would score V."))]
        return _example("eval.perplexity", d, _prompt(rng, q), lines, answer=f"{ppl:.2f}", formula="ppl_from_ce",
                    inputs={"ce_nats": ce})
    if d == "medium":
        ps = [rng.randint(2, 95) / 100 for _ in range(rng.randint(4, 7))]
        nll = -sum(math.log(p) for p in ps) / len(ps)
        ppl = math.exp(nll)
        q = f"A model assigns these probabilities to the actual next tokens of a sentence: {', '.join(map(str, ps))}. Compute the perplexity."
        lines = ["PPL = exp(-(1/N) sum ln p_i).",
                 "ln p: " + ", ".join(f"{math.log(p):.4f}" for p in ps) + ".",
                 f"Mean NLL = {nll:.4f} nats, so PPL = exp({nll:.4f}) = {ppl:.2f}."]
        return _example("eval.perplexity", d, _prompt(rng, q), lines, answer=f"{ppl:.2f}", formula="ppl_from_probs",
                    inputs={"probs": ps})
    ce = rng.randint(150, 400) / 100
    tokens = rng.randint(200, 5000)
    nbytes = int(tokens * rng.randint(250, 450) / 100)
    bpb = ce * tokens / (nbytes * math.log(2))
    q = (f"On a test file of {nbytes:,} bytes, tokenized into {tokens:,} tokens, the model's mean loss is {ce} nats/token. "
         "Convert this to bits per byte, which is comparable across tokenizers.")
    lines = [f"Total NLL = {ce} x {tokens:,} = {ce * tokens:.1f} nats = {ce * tokens / math.log(2):.1f} bits.",
             f"Bits per byte = {ce * tokens / math.log(2):.1f} / {nbytes:,} = {bpb:.4f}.",
             "Per-token perplexity depends on the tokenizer; bits per byte does not."]
    return _example("eval.perplexity", d, _prompt(rng, q), lines, answer=f"{bpb:.4f}", formula="bits_per_byte",
                inputs={"ce_nats": ce, "tokens": tokens, "bytes": nbytes})


def _base_rate(rng: random.Random) -> Example:
    d = _diff(rng)
    sens = rng.randint(700, 999) / 1000
    spec = rng.randint(800, 999) / 1000
    prev = rng.randint(1, 200) / 1000 if d != "easy" else rng.randint(10, 300) / 1000
    what = _pick(rng, ("fraudulent transactions", "defective parts", "malicious logins", "toxic comments",
                       "positive disease cases", "fake reviews"))
    tp = sens * prev
    fp = (1 - spec) * (1 - prev)
    ppv = tp / (tp + fp)
    q = (f"A detector for {what} has sensitivity {sens:.3f} and specificity {spec:.3f}; {prev * 100:.1f}% of items are "
         "actually positive. What fraction of flagged items are truly positive (precision / PPV)?")
    lines = ["Bayes: PPV = sens x prev / (sens x prev + (1 - spec) x (1 - prev)).",
             f"True positives per item = {sens:.3f} x {prev:.3f} = {tp:.5f}; false positives = {1 - spec:.3f} x {1 - prev:.3f} = {fp:.5f}.",
             f"PPV = {tp:.5f} / {tp + fp:.5f} = {ppv:.4f}."]
    if d != "easy":
        lines.append(_pick(rng, ("At low prevalence even a good detector produces mostly false alarms: the base-rate fallacy.",
                                 "Accuracy alone hides this; always report precision at the deployment base rate.")))
    return _example("eval.base_rate", d, _prompt(rng, q), lines, answer=percent(ppv * 100, 1), formula="ppv",
                inputs={"sensitivity": sens, "specificity": spec, "prevalence": prev})


def _ci(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "hard":
        e = rng.randint(4, 50) / 1000
        p = 0.5 if rng.random() < 0.25 else rng.randint(60, 97) / 100
        n = math.ceil(1.96 ** 2 * p * (1 - p) / e ** 2)
        q = (f"How many test examples are needed so the 95% confidence interval on accuracy is within +/-{e} "
             f"if accuracy is expected near {p}? Use the normal approximation.")
        lines = ["n = z^2 p(1 - p) / E^2 with z = 1.96.",
                 f"n = 3.8416 x {p} x {1 - p:.2f} / {e}^2 = {1.96 ** 2 * p * (1 - p) / e ** 2:.1f}, round up to {n:,}.",
                 "p = 0.5 is the worst case when nothing is known."]
        return _example("eval.confidence", d, _prompt(rng, q), lines, answer=f"{n:,}", formula="ci_sample_size",
                    inputs={"margin": e, "p": p})
    n = rng.randint(100, 20000)
    k = rng.randint(int(n * 0.5), n - 1)
    p = k / n
    m = 1.96 * math.sqrt(p * (1 - p) / n)
    q = (f"A model gets {k:,} of {n:,} test examples right. Give the half-width of the 95% normal-approximation "
         "confidence interval for its accuracy.")
    lines = [f"p = {k}/{n} = {p:.4f}.", f"SE = sqrt(p(1 - p)/n) = {math.sqrt(p * (1 - p) / n):.5f}.",
             f"Half-width = 1.96 x SE = {m:.4f}."]
    if d == "medium":
        lines.append(f"Interval: [{p - m:.4f}, {p + m:.4f}]; two models whose intervals overlap heavily may not differ.")
    return _example("eval.confidence", d, _prompt(rng, q), lines, answer=f"{m:.4f}", formula="ci_half_width",
                inputs={"correct": k, "n": n})


# --- ml_theory -------------------------------------------------------------

def _bias_variance(rng: random.Random) -> Example:
    d = _diff(rng)
    f0 = rng.randint(-50, 50) / 10
    k = rng.randint(4, 7)
    preds = [round(f0 + rng.randint(-30, 30) / 10 + (rng.randint(-10, 10) / 10 if d == "hard" else 0), 1) for _ in range(k)]
    noise = rng.randint(1, 30) / 10 if d != "easy" else 0.0
    mean = sum(preds) / k
    bias2 = (mean - f0) ** 2
    var = sum((p - mean) ** 2 for p in preds) / k
    err = bias2 + var + noise
    q = (f"At a test point x0 the true function value is f(x0) = {f0}. Models trained on {k} independent training sets "
         f"predict {', '.join(map(str, preds))}."
         + (f" Label noise has variance {noise}." if noise else " Assume noise-free labels.")
         + " Decompose the expected squared error.")
    lines = [_pick(rng, ("E[(y - f_hat)^2] = bias^2 + variance + noise, with bias = E[f_hat] - f.",
                         "Bias-variance decomposition: expected error = (E f_hat - f)^2 + Var(f_hat) + sigma^2.")),
             f"Mean prediction = {mean:.4f}; bias = {mean:.4f} - {_par(f0)} = {mean - f0:.4f}, bias^2 = {bias2:.4f}.",
             f"Variance (population, over the {k} models) = {var:.4f}.",
             f"Expected error = {bias2:.4f} + {var:.4f} + {noise} = {err:.4f}."]
    lines.append(_pick(rng, ("More flexible models usually trade lower bias for higher variance.",
                             "Averaging models (bagging) cuts variance but leaves bias unchanged.",
                             "The noise term is irreducible: no model can remove it.")))
    return _example("theory.bias_variance", d, _prompt(rng, q), lines, answer=f"{err:.4f}", formula="bias_variance",
                inputs={"f0": f0, "preds": preds, "noise": noise})


def _gd(rng: random.Random) -> Example:
    d = _diff(rng)
    a = rng.randint(1, 20) / 2
    b = rng.randint(-50, 50) / 10
    w0 = rng.randint(-50, 50) / 10
    eta = round(rng.randint(5, 90) / 100 / a, 4)
    steps = 1 if d == "easy" else rng.randint(2, 6)
    mu = 0.9 if d == "hard" else 0.0
    w, vel = w0, 0.0
    lines = [f"f(w) = {a}({_shift(b)})^2 has gradient 2 x {a} ({_shift(b)}); stable GD needs eta < 1/a = {1 / a:.4f}."]
    for t in range(steps):
        g = 2 * a * (w - b)
        vel = mu * vel - eta * g
        w = w + vel
        lines.append(f"step {t + 1}: grad = {g:.4f}, " + (f"v = {vel:.4f}, " if mu else "") + f"w = {w:.4f}")
    if d == "medium":
        lines.append(f"Check: w_t - b = (1 - 2 a eta)^t (w0 - b) = {(1 - 2 * a * eta) ** steps * (w0 - b):.4f}.")
    q = (f"Run {steps} step(s) of {'heavy-ball momentum (mu = 0.9, v = mu v - eta grad, w = w + v)' if mu else 'gradient descent'} "
         f"on f(w) = {a}({_shift(b)})^2 from w0 = {w0} with learning rate {eta}. What is w?")
    return _example("theory.gradient_descent", d, _prompt(rng, q), lines, answer=f"{w:.4f}", formula="gd_quadratic",
                inputs={"a": a, "b": b, "w0": w0, "eta": eta, "steps": steps, "momentum": mu})


def _pac(rng: random.Random) -> Example:
    d = _diff(rng)
    eps = _pick(rng, (0.01, 0.02, 0.05, 0.1))
    delta = _pick(rng, (0.01, 0.05, 0.1))
    if d == "medium":
        nv = rng.randint(5, 60)
        lnH = nv * math.log(3)
        hdesc = f"conjunctions of literals over {nv} boolean features (|H| = 3^{nv})"
    else:
        bits = rng.randint(8, 64)
        lnH = bits * math.log(2)
        hdesc = f"a finite class with |H| = 2^{bits}"
    if d == "hard":
        m = math.ceil((lnH + math.log(2 / delta)) / (2 * eps ** 2))
        q = (f"Agnostic setting, {hdesc}. How many samples guarantee every hypothesis's empirical error is within "
             f"{eps} of its true error with probability {1 - delta:.2f}? Use Hoeffding plus a union bound.")
        lines = ["P(some h deviates by > eps) <= 2|H| exp(-2 m eps^2) <= delta gives m >= (ln|H| + ln(2/delta)) / (2 eps^2).",
                 f"ln|H| = {lnH:.4f}; ln(2/delta) = {math.log(2 / delta):.4f}.",
                 f"m >= {lnH + math.log(2 / delta):.4f} / {2 * eps ** 2:g} = {(lnH + math.log(2 / delta)) / (2 * eps ** 2):.1f}, so m = {m:,}."]
        formula = "pac_agnostic"
    else:
        m = math.ceil((lnH + math.log(1 / delta)) / eps)
        q = (f"Realizable PAC learning with {hdesc}: how many examples suffice for a consistent learner to reach error "
             f"<= {eps} with probability >= {1 - delta:.2f}?")
        lines = ["Finite-class bound: m >= (1/eps)(ln|H| + ln(1/delta)).",
                 f"ln|H| = {lnH:.4f}; ln(1/delta) = {math.log(1 / delta):.4f}.",
                 f"m >= ({lnH:.4f} + {math.log(1 / delta):.4f}) / {eps} = {(lnH + math.log(1 / delta)) / eps:.1f}, so m = {m:,}."]
        formula = "pac_realizable"
    lines.append(_pick(rng, ("The dependence on |H| is only logarithmic, which is why large finite classes stay learnable.",
                             "Halving eps doubles the realizable bound but quadruples the agnostic one.")))
    return _example("theory.pac", d, _prompt(rng, q), lines, answer=f"{m:,}", formula=formula,
                inputs={"ln_H": lnH, "eps": eps, "delta": delta})


def _regression(rng: random.Random) -> Example:
    d = _diff(rng)
    k = rng.randint(3, 6)
    xs = sorted(rng.sample(range(-5, 11), k))
    slope, icpt = rng.randint(-30, 30) / 10, rng.randint(-20, 20) / 2
    ys = [round(slope * x + icpt + rng.randint(-15, 15) / 10, 1) for x in xs]
    pts = ", ".join(f"({x}, {y})" for x, y in zip(xs, ys))
    if d == "hard":
        xb, yb = sum(xs) / k, sum(ys) / k
        sxy = sum((x - xb) * (y - yb) for x, y in zip(xs, ys))
        sxx = sum((x - xb) ** 2 for x in xs)
        w = sxy / sxx
        b0 = yb - w * xb
        x0 = rng.randint(-5, 15)
        pred = b0 + w * x0
        q = f"Fit ordinary least squares y = w x + b to the points {pts}, then predict y at x = {x0}."
        lines = [f"x_bar = {xb:.4f}, y_bar = {yb:.4f}.",
                 f"w = sum (x - x_bar)(y - y_bar) / sum (x - x_bar)^2 = {sxy:.4f} / {sxx:.4f} = {w:.4f}.",
                 f"b = y_bar - w x_bar = {b0:.4f}.", f"y({x0}) = {b0:.4f} + {_par(round(w, 4))} x {_par(x0)} = {pred:.4f}."]
        return _example("theory.regression", d, _prompt(rng, q), lines, answer=f"{pred:.4f}", formula="ols_predict",
                    inputs={"xs": xs, "ys": ys, "x0": x0})
    lam = 0.0 if d == "easy" else _pick(rng, (0.5, 1.0, 2.0, 5.0, 10.0))
    sxy = sum(x * y for x, y in zip(xs, ys))
    sxx = sum(x * x for x in xs)
    w = sxy / (sxx + lam)
    q = (f"Fit y = w x (no intercept) to the points {pts} by "
         + (f"ridge regression with lambda = {lam} (loss sum (y - wx)^2 + lambda w^2)." if lam else "least squares."))
    lines = [f"Setting the derivative to zero gives w = sum(x y) / (sum(x^2){' + lambda' if lam else ''}).",
             f"sum(x y) = {sxy:.2f}; sum(x^2) = {sxx}.",
             f"w = {sxy:.2f} / {sxx + lam:g} = {w:.4f}."]
    if lam:
        lines.append(f"Without the penalty w would be {sxy / sxx:.4f}; ridge shrinks it toward 0.")
    return _example("theory.regression", d, _prompt(rng, q), lines, answer=f"{w:.4f}", formula="ridge_1d",
                inputs={"xs": xs, "ys": ys, "lambda": lam})


def _softmax(rng: random.Random) -> Example:
    d = _diff(rng)
    k = rng.randint(3, 5)
    z = [rng.randint(-30, 40) / 10 for _ in range(k)]
    y = rng.randrange(k)
    T = 1.0 if d != "hard" else _pick(rng, (0.5, 2.0, 0.7, 1.5))
    mx = max(z)
    ex = [math.exp((v - mx) / T) for v in z]
    s = sum(ex)
    p = [e / s for e in ex]
    lines = [f"Subtract the max logit ({mx}) for numerical stability" + (f" and divide by T = {T}." if T != 1 else "."),
             "exp terms: " + ", ".join(f"{e:.4f}" for e in ex) + f"; sum = {s:.4f}.",
             "softmax: " + ", ".join(f"{v:.4f}" for v in p) + "."]
    if d == "easy":
        q = f"Compute the softmax probability of class {y} for logits [{', '.join(map(str, z))}] (classes numbered from 0)."
        ans, formula = p[y], "softmax_prob"
    else:
        ans, formula = -math.log(p[y]), "softmax_ce"
        lines.append(f"Cross-entropy = -ln p[{y}] = -ln {p[y]:.4f} = {ans:.4f} nats.")
        lines.append(_pick(rng, ("The gradient w.r.t. the logits is simply p - onehot(y).",
                                 "Higher temperature flattens the distribution; lower sharpens it.")))
        q = (f"Logits [{', '.join(map(str, z))}]" + (f" with temperature T = {T}" if T != 1 else "")
             + f"; the correct class is {y} (0-based). Compute the cross-entropy loss.")
    return _example("theory.softmax", d, _prompt(rng, q), lines, answer=f"{ans:.4f}", formula=formula,
                inputs={"logits": z, "label": y, "temperature": T})


def _entropy(counts) -> float:
    n = sum(counts)
    return -sum(c / n * math.log2(c / n) for c in counts if c)


def _info_gain(rng: random.Random) -> Example:
    d = _diff(rng)
    kids = 2 if d != "hard" else 3
    children = [[rng.randint(0, 40), rng.randint(0, 40)] for _ in range(kids)]
    for c in children:
        if sum(c) == 0:
            c[0] = 1
    parent = [sum(c[0] for c in children), sum(c[1] for c in children)]
    feat = _pick(rng, ("outlook", "age band", "income bracket", "device type", "contract length", "region"))
    hp = _entropy(parent)
    if d == "easy":
        q = f"A decision-tree node holds {parent[0]} positive and {parent[1]} negative examples. What is its entropy in bits?"
        lines = ["H = -sum p log2 p.", f"p = {parent[0]}/{sum(parent)}, {parent[1]}/{sum(parent)}: H = {hp:.4f} bits."]
        return _example("theory.info_gain", d, _prompt(rng, q), lines, answer=f"{hp:.4f}", formula="entropy",
                    inputs={"parent": parent})
    n = sum(parent)
    wsum = sum(sum(c) / n * _entropy(c) for c in children)
    ig = hp - wsum
    desc = "; ".join(f"branch {i + 1}: {c[0]}+ / {c[1]}-" for i, c in enumerate(children))
    q = f"Splitting on '{feat}' divides a node ({parent[0]}+ / {parent[1]}-) into {desc}. Compute the information gain in bits."
    lines = [f"H(parent) = {hp:.4f} bits."]
    lines += [f"branch {i + 1}: weight {sum(c)}/{n}, H = {_entropy(c):.4f}" for i, c in enumerate(children)]
    lines.append(f"Weighted child entropy = {wsum:.4f}; IG = {hp:.4f} - {wsum:.4f} = {ig:.4f} bits.")
    return _example("theory.info_gain", d, _prompt(rng, q), lines, answer=f"{ig:.4f}", formula="information_gain",
                inputs={"children": children})


# --- ai_safety_ethics -------------------------------------------------------

def _fairness(rng: random.Random) -> Example:
    d = _diff(rng)
    ctx = _pick(rng, ("a resume-screening model", "a loan-approval model", "a tenant-screening model",
                      "a scholarship ranking model", "an ad-delivery model for job ads", "a promotion-recommendation tool"))
    ga, gb = _pick(rng, (("group A", "group B"), ("applicants over 40", "applicants under 40"),
                         ("women", "men"), ("rural applicants", "urban applicants")))
    if d == "hard":
        qa, qb = rng.randint(50, 500), rng.randint(50, 500)
        ta, tb = rng.randint(qa // 3, qa), rng.randint(qb // 3, qb)
        ra, rb = ta / qa, tb / qb
        val = ra - rb
        q = (f"For {ctx}, among truly qualified people the model approves {ta} of {qa} in {ga} and {tb} of {qb} in {gb}. "
             f"Compute the equal-opportunity difference (TPR of {ga} minus TPR of {gb}).")
        lines = [f"TPR({ga}) = {ta}/{qa} = {ra:.4f}; TPR({gb}) = {tb}/{qb} = {rb:.4f}.",
                 f"Difference = {val:.4f}; 0 means qualified people are approved at equal rates (Hardt et al. 2016)."]
        return _example("safety.fairness", d, _prompt(rng, q), lines, answer=f"{val:.3f}", formula="equal_opportunity_diff",
                    inputs={"tp_a": ta, "pos_a": qa, "tp_b": tb, "pos_b": qb})
    na, nb = rng.randint(80, 2000), rng.randint(80, 2000)
    sa, sb = rng.randint(na // 10, na * 7 // 10), rng.randint(nb // 10, nb * 7 // 10)
    ra, rb = sa / na, sb / nb
    lines = [f"Selection rates: {ga} {sa}/{na} = {ra:.4f}; {gb} {sb}/{nb} = {rb:.4f}."]
    if d == "easy":
        val = min(ra, rb) / max(ra, rb)
        q = (f"{cap_first(ctx)} selects {sa} of {na} {ga} and {sb} of {nb} {gb}. Compute the disparate-impact ratio "
             "and say whether it passes the four-fifths rule.")
        lines.append(f"Ratio = lower / higher = {val:.4f}.")
        lines.append(f"The EEOC four-fifths guideline (29 C.F.R. 1607.4(D)) flags ratios below 0.8: this "
                     f"{'passes' if val >= 0.8 else 'indicates possible adverse impact'}.")
        return _example("safety.fairness", d, _prompt(rng, q), lines, answer=f"{val:.3f}", formula="disparate_impact",
                    inputs={"sel_a": sa, "n_a": na, "sel_b": sb, "n_b": nb})
    val = ra - rb
    q = f"{cap_first(ctx)} selects {sa} of {na} {ga} and {sb} of {nb} {gb}. What is the demographic-parity difference ({ga} minus {gb})?"
    lines.append(f"Difference = {ra:.4f} - {rb:.4f} = {val:.4f}.")
    lines.append(_pick(rng, ("Parity ignores differences in qualification; pair it with error-rate metrics.",
                             "No single fairness metric suffices; several cannot all hold at once when base rates differ.")))
    return _example("safety.fairness", d, _prompt(rng, q), lines, answer=f"{val:.3f}", formula="parity_difference",
                inputs={"sel_a": sa, "n_a": na, "sel_b": sb, "n_b": nb})


def _calibration(rng: random.Random) -> Example:
    d = _diff(rng)
    nb = {"easy": 3, "medium": 4, "hard": 6}[d]
    bins = []
    for i in range(nb):
        lo = i / nb
        conf = round(lo + rng.randint(1, 9) / (10 * nb), 3)
        acc = round(min(1.0, max(0.0, conf + rng.randint(-20, 10) / 100)), 3)
        bins.append([rng.randint(20, 500), conf, acc])
    N = sum(b[0] for b in bins)
    ece = sum(n / N * abs(a - c) for n, c, a in bins)
    desc = "; ".join(f"bin {i + 1}: n={n}, conf={c}, acc={a}" for i, (n, c, a) in enumerate(bins))
    q = f"A classifier's reliability bins are {desc}. Compute the expected calibration error (ECE)."
    lines = ["ECE = sum over bins (n_b / N) |acc_b - conf_b|.", f"N = {N}."]
    lines += [f"bin {i + 1}: {n}/{N} x |{a} - {c}| = {n / N * abs(a - c):.4f}" for i, (n, c, a) in enumerate(bins)]
    lines.append(f"ECE = {ece:.4f}.")
    lines.append(_pick(rng, ("Overconfident models (confidence above accuracy) are a safety risk; temperature scaling often fixes much of it.",
                             "Calibrated confidence lets a system defer to humans when it is unsure.")))
    return _example("safety.calibration", d, _prompt(rng, q), lines, answer=f"{ece:.4f}", formula="ece", inputs={"bins": bins})


def _redteam(rng: random.Random) -> Example:
    d = _diff(rng)
    n1, n2 = rng.randint(100, 3000), rng.randint(100, 3000)
    s1 = rng.randint(n1 // 20, n1 // 3)
    s2 = rng.randint(0, max(1, s1 * n2 // n1))
    a1, a2 = s1 / n1, s2 / n2
    red = (a1 - a2) / a1 * 100
    what = _pick(rng, ("jailbreak prompts", "prompt-injection attacks via retrieved documents", "requests for dangerous instructions",
                       "attempts to extract private training data", "role-play bypass attempts"))
    q = (f"Before a safety fine-tune, {s1} of {n1} {what} succeeded; after it, {s2} of {n2}. "
         "What is the relative reduction in attack success rate?")
    lines = [f"ASR before = {s1}/{n1} = {a1:.4f}; after = {s2}/{n2} = {a2:.4f}.",
             f"Relative reduction = (before - after) / before = {red:.1f}%."]
    if d != "easy":
        fr = rng.randint(1, 25)
        lines.append(f"Also track over-refusal: if {fr}% of benign prompts are now refused, helpfulness has a real cost.")
    if d == "hard":
        lines.append(_pick(rng, ("Use fresh, held-out attacks: a model tuned on the red-team set will look better than it is.",
                                 "Report confidence intervals; a few hundred attempts leaves wide error bars.")))
    return _example("safety.redteam", d, _prompt(rng, q), lines, answer=percent(red, 1), formula="asr_reduction",
                inputs={"succ_before": s1, "n_before": n1, "succ_after": s2, "n_after": n2})


AUDIENCES = _BANKS["audiences"]


def _risk_review(rng: random.Random) -> Example:
    d = _diff(rng)
    scen = _pick(rng, _BANKS["scenarios"])
    k = {"easy": 2, "medium": 3, "hard": 4}[d]
    idx = sorted(rng.sample(range(len(_BANKS["risks"])), k))
    aud = _pick(rng, AUDIENCES)
    q = _pick(rng, (f"List the top {k} risks of deploying {scen} and a mitigation for each, for {aud}.",
                    f"You are reviewing {scen} before launch. Name {k} key risks and how to reduce them; the readers are {aud}.",
                    f"Write a short pre-deployment risk review ({k} risks) of {scen} for {aud}."))
    lines = [_pick(rng, (f"Risk review for {scen}:", f"Key risks for {scen}, with mitigations:",
                         f"Pre-launch assessment of {scen}:"))]
    for n, i in enumerate(idx, 1):
        r1, m1, r2, m2 = _BANKS["risks"][i]
        risk, mit = (r1, m1) if rng.random() < 0.5 else (r2, m2)
        lines.append(f"{n}. Risk: {risk}. Mitigation: {mit}.")
    lines.append(_BANKS["audience_note"][aud])
    lines.append(_pick(rng, ("Assign an owner to each risk and re-check after launch (NIST AI RMF: govern, map, measure, manage).",
                             "Document these in a model card and revisit them when the use case changes.",
                             "Keep a human escalation path for high-impact decisions.")))
    if d == "hard":
        lines.append(_pick(rng, ("Prioritise by severity x likelihood, and block launch on any unmitigated high-severity item.",
                                 "Run a staged rollout with monitoring so problems surface on a small share of traffic first.")))
    return example(category="ai_safety_ethics", difficulty=d, template="ai_ml.safety.risk_review", prompt=_prompt(rng, q),
                   lines=lines, scenario=scen, audience=aud)


# --- ai_system_design -------------------------------------------------------

def _kv_cache(rng: random.Random) -> Example:
    d = _diff(rng)
    if d == "easy" or rng.random() < 0.5:
        name = _pick(rng, DECODER_NAMES)
        L, H, KV, hd, *_ = DECODERS[name]
        who = f"{name} ({L} layers, {KV} KV heads of dim {hd})"
    else:
        name = None
        L, hd = rng.randint(12, 96), _pick(rng, (64, 96, 128))
        H = _pick(rng, (16, 32, 40, 48, 64))
        KV = _pick(rng, tuple(k for k in (1, 2, 4, 8, H) if H % k == 0))
        who = f"a decoder with {L} layers, {H} query heads, {KV} KV heads, head dim {hd}"
    seq = rng.randint(1, 64) * 512
    batch = rng.randint(1, 8) if d == "easy" else rng.randint(2, 64)
    byt = 2 if d != "hard" else _pick(rng, (2, 1))
    per_tok = 2 * L * KV * hd * byt
    gb = per_tok * seq * batch / 1e9
    q = (f"How much KV-cache memory does {who} need for {batch} sequence(s) of {seq:,} tokens with "
         f"{'fp16' if byt == 2 else 'int8'} cache entries? (GB = 1e9 bytes)")
    lines = [_pick(rng, ("Per token the cache stores K and V for every layer: 2 x layers x kv_heads x head_dim values.",
                         "KV bytes = 2 (K and V) x L x n_kv x d_head x seq x batch x bytes per value.")),
             f"Bytes per cached token = 2 x {L} x {KV} x {hd} x {byt} B = {per_tok:,} B.",
             f"Total = {per_tok:,} x {seq:,} x {batch} = {gb:.2f} GB."]
    if KV < H:
        lines.append(f"Grouped-query attention ({H} query heads share {KV} KV heads) makes this {H // KV}x smaller than MHA.")
    return _example("sysdesign.kv_cache", d, _prompt(rng, q), lines, answer=f"{gb:.2f} GB", formula="kv_cache",
                inputs={"layers": L, "kv_heads": KV, "head_dim": hd, "seq": seq, "batch": batch, "bytes": byt})


def _serving(rng: random.Random) -> Example:
    d = _diff(rng)
    rps = rng.randint(5, 2000) / (10 if d == "easy" else 1)
    peak = 1.0 if d == "easy" else _pick(rng, (1.5, 2.0, 3.0, 4.0))
    out = _pick(rng, (100, 150, 200, 300, 500, 800))
    tps = rng.randint(5, 120) * 100
    util = 1.0 if d != "hard" else _pick(rng, (0.6, 0.7, 0.75, 0.8))
    need = rps * peak * out
    n = math.ceil(need / (tps * util))
    app = _pick(rng, ("a support chatbot", "a code-completion service", "a summarisation API", "an internal search assistant",
                      "a translation endpoint", "a RAG question-answering service"))
    q = (f"{cap_first(app)} averages {rps:g} requests/s" + (f" with a peak factor of {peak:g}" if peak != 1 else "")
         + f"; each response is about {out} tokens and one replica generates {tps:,} tokens/s"
         + (f", run at most {util * 100:.0f}% busy" if util != 1 else "") + ". How many replicas are needed?")
    lines = [f"Peak load = {rps:g} x {peak:g} = {rps * peak:g} req/s -> {need:,.0f} output tokens/s.",
             f"Usable capacity per replica = {tps:,} x {util:g} = {tps * util:,.0f} tokens/s.",
             f"Replicas = ceil({need:,.0f} / {tps * util:,.0f}) = {n}."]
    if d == "hard":
        lines.append(_pick(rng, ("Add at least one more for failover (N+1) and keep autoscaling headroom.",
                                 "Headroom keeps queueing delay low; near 100% utilisation latency explodes.")))
    return _example("sysdesign.serving", d, _prompt(rng, q), lines, answer=str(n), formula="replicas",
                inputs={"rps": rps, "peak": peak, "out_tokens": out, "tps": tps, "util": util})


def _vector_index(rng: random.Random) -> Example:
    d = _diff(rng)
    dim = _pick(rng, (384, 512, 768, 1024, 1536, 3072))
    byt = {"easy": 4, "medium": _pick(rng, (4, 2)), "hard": _pick(rng, (4, 2, 1))}[d]
    if d == "easy":
        vecs = rng.randint(1, 500) * 100000
        lines = []
        q = f"How much memory do {vecs:,} float32 embeddings of dimension {dim} take? (GB = 1e9 bytes)"
        inputs = {"vectors": vecs, "dim": dim, "bytes": byt}
    else:
        docs = rng.randint(1, 500) * 1000
        toks = rng.randint(3, 60) * 100
        c = _pick(rng, (256, 512, 1024))
        o = _pick(rng, (0, 32, 64, 128)) if d == "hard" else 0
        per = math.ceil((toks - o) / (c - o)) if toks > c else 1
        vecs = docs * per
        dt = {4: "float32", 2: "float16", 1: "int8 (scalar-quantized)"}[byt]
        q = (f"A RAG corpus has {docs:,} documents of ~{toks:,} tokens, chunked at {c} tokens"
             + (f" with {o}-token overlap" if o else "") + f". Embeddings are {dim}-d {dt}. How much raw vector memory? (GB = 1e9 bytes)")
        lines = [f"Chunks per doc = ceil(({toks} - {o}) / ({c} - {o})) = {per}; vectors = {docs:,} x {per} = {vecs:,}."]
        inputs = {"docs": docs, "tokens": toks, "chunk": c, "overlap": o, "dim": dim, "bytes": byt}
    gb = vecs * dim * byt / 1e9
    lines.append(f"Bytes = {vecs:,} x {dim} x {byt} = {vecs * dim * byt:,} = {gb:.2f} GB.")
    lines.append(_pick(rng, ("An HNSW index adds neighbour lists on top: about 2M ids per vector in the base layer (128 B at M = 16).",
                             "Product quantization can shrink this by an order of magnitude at some recall cost.",
                             "Index metadata and document text are stored separately and not counted here.")))
    return _example("sysdesign.vector_index", d, _prompt(rng, q), lines, answer=f"{gb:.2f} GB", formula="vector_memory",
                inputs=inputs)


def _latency(rng: random.Random) -> Example:
    d = _diff(rng)
    ttft = rng.randint(80, 1500)
    tpot = rng.randint(8, 80)
    out = rng.randint(50, 1200)
    retr = rng.randint(20, 400) if d != "easy" else 0
    guard = rng.randint(10, 150) if d == "hard" else 0
    total = (retr + guard + ttft + (out - 1) * tpot) / 1000
    q = (f"An LLM endpoint has time-to-first-token {ttft} ms and {tpot} ms per subsequent output token"
         + (f"; retrieval adds {retr} ms before the call" if retr else "")
         + (f" and a safety classifier adds {guard} ms" if guard else "")
         + f". How long until a {out}-token answer is complete?")
    lines = [f"Decode time = (tokens - 1) x TPOT = {out - 1} x {tpot} ms = {(out - 1) * tpot:,} ms."]
    parts = [f"{retr} retrieval"] * bool(retr) + [f"{guard} guard"] * bool(guard) + [f"{ttft} TTFT", f"{(out - 1) * tpot} decode"]
    lines.append(f"Total = {' + '.join(parts)} = {total * 1000:,.0f} ms = {total:.2f} s.")
    lines.append(_pick(rng, (f"Streaming shows the first token after {(retr + guard + ttft) / 1000:.2f} s, which is what users feel.",
                             f"Per-user generation speed is 1000 / {tpot} = {1000 / tpot:.1f} tokens/s.")))
    return _example("sysdesign.latency", d, _prompt(rng, q), lines, answer=f"{total:.2f} s", formula="e2e_latency",
                inputs={"ttft_ms": ttft, "tpot_ms": tpot, "out_tokens": out, "retrieval_ms": retr, "guard_ms": guard})



TEMPLATES = {
    "ml_theory": (_bias_variance, _gd, _pac, _regression, _softmax, _info_gain),
    "deep_learning_architectures": (_linear, _conv, _embedding, _attention, _block, _rnn),
    "training_optimization": (_lr_schedule, _memory, _lora, _steps, _flops, _adam),
    "model_evaluation": (_confusion, _macro, _perplexity, _base_rate, _ci),
    "ai_safety_ethics": (_fairness, _calibration, _redteam, _risk_review),
    "ai_system_design": (_kv_cache, _serving, _vector_index, _latency),
}


class AIMLGenerator(Refuses, DomainGenerator):
    domain = "ai_ml"
    version = "3"  # 2: refusal rows (generators/refusals/); 3: one row in 8, not 5
    templates = TEMPLATES
    refusal_category = "ai_safety_ethics"
