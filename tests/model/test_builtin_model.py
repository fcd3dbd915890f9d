"""builtin_model core: byte-level BPE from the given texts only, Llama sizes, packing,
pretraining that learns, byte-identical rebuilds, content hashing. Tiny sizes: < 30 s."""

from __future__ import annotations

import random

import pytest
import torch
from safetensors.torch import load_file, save_file

from ech0.model import builtin_model as bm
from ech0.model.loading import cpu_bf16_supported
from ech0.model.prompt import format_prompt

TINY = {"vocab_size": 320, "hidden_size": 64, "intermediate_size": 128, "num_layers": 1, "num_heads": 2,
        "max_position_embeddings": 128, "pretrain_steps": 40, "pretrain_batch_size": 4,
        "pretrain_learning_rate": 0.003, "pretrain_seq_len": 64, "pretrain_compile": False,
        "pretrain_warmup_fraction": 0.05, "pretrain_max_grad_norm": 1.0, "pretrain_adam_betas": [0.9, 0.95]}
WORDS = "the model reads a prompt and writes an answer with care about numbers code and law".split()
TRAIN_MARKER = "zorblax"    # in every train row, several times: BPE must merge it into one token
EVAL_MARKER = "quenthorp"   # only in rows the tokenizer never sees


def rows(n: int, marker: str, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.randint(10, 999), rng.randint(10, 999)
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        out.append({"prompt": f"What is {a} plus {b}? The {marker} asks.",
                    "completion": f"The {marker} says {words}. {a} + {b} = {a + b}. Final answer: {a + b} {marker}"})
    return out


TRAIN = rows(60, TRAIN_MARKER)


@pytest.fixture(scope="module")
def tok():
    return bm.train_tokenizer(bm.formatted_texts(TRAIN), TINY["vocab_size"], TINY["max_position_embeddings"])


def test_formatted_texts_use_the_prompt_format_and_drop_identical_rows():
    texts = bm.formatted_texts(TRAIN[:3] + TRAIN[:2])  # oversampled copies
    assert len(texts) == 3
    assert texts[0] == format_prompt(TRAIN[0]["prompt"]) + TRAIN[0]["completion"]
    chat = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "2 + 3?"},
                         {"role": "assistant", "content": "5"}, {"role": "user", "content": "Times 4?"},
                         {"role": "assistant", "content": "20"}]}
    assert bm.formatted_texts([chat]) == ["Be brief.\n\n" + format_prompt("2 + 3?") + "5\n\n" + format_prompt("Times 4?") + "20"]


@pytest.mark.parametrize("text", [
    "plain words",
    "2024-11-22: 3.14159 * 1e-9 = 0x1F",
    "naïve café — 日本語 🙂 Ωμέγα",
    "def f(x):\n\tif x:\n        return {'a': [1, 2]}  # trailing  \r\n",
    "   leading and trailing spaces   ",
    "<s> looks special </s> but is text",
])
def test_tokenizer_round_trips_anything(tok, text):
    assert tok.decode(tok(text)["input_ids"]) == text


def test_digits_are_single_tokens(tok):
    assert tok.tokenize("123456") == list("123456")


def test_tokenizer_learns_only_from_the_texts_it_is_given(tok):
    words = {t.lstrip("Ġ") for t in tok.get_vocab()}
    assert TRAIN_MARKER in words                # merged: seen ~180 times
    assert EVAL_MARKER not in words
    assert len(tok.tokenize(" " + TRAIN_MARKER)) == 1
    assert len(tok.tokenize(" " + EVAL_MARKER)) > 3
    # Control: the same trainer does merge the eval marker when it is in the texts.
    with_eval = bm.train_tokenizer(bm.formatted_texts(rows(60, EVAL_MARKER)), TINY["vocab_size"])
    assert len(with_eval.tokenize(" " + EVAL_MARKER)) == 1


def test_special_tokens_and_wrapper_settings(tok):
    assert (tok.unk_token, tok.bos_token, tok.eos_token, tok.pad_token) == ("<unk>", "<s>", "</s>", "<pad>")
    assert tok.convert_tokens_to_ids(["<unk>", "<s>", "</s>", "<pad>"]) == [0, 1, 2, 3]
    assert len(tok) == TINY["vocab_size"] and tok.model_max_length == TINY["max_position_embeddings"]
    assert tok("hi")["input_ids"] == tok("hi", add_special_tokens=False)["input_ids"]  # no BOS/EOS added
    chat = tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False, add_generation_prompt=True)
    assert chat == format_prompt("hi")


def test_model_sizes_and_tied_embeddings(tok):
    model = bm.build_model(TINY, len(tok), bm.special_ids(tok), seed=1)
    c = model.config
    assert (c.model_type, c.hidden_size, c.intermediate_size, c.num_hidden_layers, c.num_attention_heads,
            c.vocab_size, c.max_position_embeddings) == ("llama", 64, 128, 1, 2, len(tok), 128)
    assert (c.bos_token_id, c.eos_token_id, c.pad_token_id) == (1, 2, 3)
    assert model.lm_head.weight is model.model.embed_tokens.weight
    emb = len(tok) * 64
    layer = 4 * 64 * 64 + 3 * 64 * 128 + 2 * 64
    assert model.num_parameters() == emb + layer + 64  # + final norm; the head is shared


def test_pack_concatenates_and_drops_the_tail():
    out = bm.pack([[1, 2, 3], [4, 5], [6, 7, 8, 9]], 4)
    assert out.tolist() == [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert bm.pack([[1, 2]], 4).shape == (0, 4)


def test_batches_cover_every_sequence_before_repeating_and_are_seeded():
    seqs = torch.arange(10).view(5, 2)
    got = [b[:, 0].tolist() for b in bm.batches(seqs, 2, 5, seed=3)]
    assert all(len(b) == 2 for b in got)
    first_pass = [x for b in got for x in b][:5]
    assert sorted(first_pass) == [0, 2, 4, 6, 8]
    assert got == [b[:, 0].tolist() for b in bm.batches(seqs, 2, 5, seed=3)]
    with pytest.raises(ValueError):
        next(bm.batches(seqs[:0], 2, 1, seed=3))


def test_pretraining_lowers_loss_on_the_train_text(tok):
    texts = bm.formatted_texts(TRAIN)
    seqs = bm.pretrain_corpus(texts, tok, 64, 10**9, seed=0)
    held = seqs[:8]
    model = bm.build_model(TINY, len(tok), bm.special_ids(tok), seed=1)

    def loss():
        with torch.no_grad():
            return model(input_ids=held, labels=held).loss.item()

    before = loss()
    losses = bm.pretrain(model, bm.batches(seqs, 8, 60, seed=2), 60, {**TINY, "pretrain_learning_rate": 0.01},
                         bf16=False, progress=False)
    after = loss()
    assert len(losses) == 60
    assert before > 5.0                      # ~ln(320) for a fresh model
    assert after < before - 2.0, (before, after)
    assert sum(losses[-5:]) / 5 < losses[0] - 2.0


def test_pretrain_takes_its_optimizer_settings_from_the_params(tok):
    """Warmup, clipping and AdamW's betas are model.builtin params, and each one
    changes what pretraining does."""
    seqs = bm.pretrain_corpus(bm.formatted_texts(TRAIN), tok, 64, 10**9, seed=0)[:8]

    def weights(steps: int, **cfg) -> torch.Tensor:
        model = bm.build_model(TINY, len(tok), bm.special_ids(tok), seed=1)
        with bm.deterministic(1):
            bm.pretrain(model, bm.batches(seqs, 4, steps, seed=2), steps, {**TINY, **cfg}, progress=False)
        return torch.cat([p.detach().flatten() for p in model.parameters()])

    fresh, trained = weights(0), weights(3)
    assert not torch.equal(trained, fresh)
    # Without warmup the first step moves the weights; with any, its learning rate is 0.
    assert not torch.equal(weights(1, pretrain_warmup_fraction=0.0), fresh)
    assert torch.equal(weights(1, pretrain_warmup_fraction=0.05), fresh)
    assert not torch.equal(weights(3, pretrain_warmup_fraction=1.0), trained)
    assert not torch.equal(weights(3, pretrain_adam_betas=[0.5, 0.5]), trained)
    assert not torch.equal(weights(3, pretrain_max_grad_norm=1e-4), trained)
    assert torch.equal(weights(3, pretrain_max_grad_norm=1e9), weights(3, pretrain_max_grad_norm=0))  # 0: off


def test_next_token_loss_equals_the_models_own_loss_and_gradients(tok):
    seqs = bm.pretrain_corpus(bm.formatted_texts(TRAIN), tok, 64, 10**9, seed=0)[:6]
    model = bm.build_model(TINY, len(tok), bm.special_ids(tok), seed=3)
    ref = model(input_ids=seqs, labels=seqs).loss
    ref_grads = torch.autograd.grad(ref, list(model.parameters()))
    got = bm.next_token_loss(model, seqs)
    got_grads = torch.autograd.grad(got, list(model.parameters()))
    torch.testing.assert_close(got, ref)
    for g, r in zip(got_grads, ref_grads):  # the tied embedding gets the head's gradient too
        torch.testing.assert_close(g, r, rtol=1e-4, atol=1e-6)


def test_compiled_pretraining_matches_eager_reproducibly_and_leaves_the_model_plain(tmp_path):
    """pretrain_compile: the same weights as eager to float rounding, byte-identical
    from run to run, really compiled, and the returned model is the plain module."""
    from torch._dynamo.utils import counters

    cfg = {**TINY, "pretrain_steps": 6}
    weights = {}
    for run, compiled in (("eager", False), ("compiled", True), ("again", True)):
        counters.clear()
        model, _, _ = bm.build_builtin(TRAIN, {**cfg, "pretrain_compile": compiled}, seed=7, threads=1,
                                       bf16=False, progress=False)
        if run != "again":  # a second compiled run reuses the first one's graphs
            assert (counters["stats"]["unique_graphs"] > 0) == compiled
        assert all(type(layer).__name__ == "LlamaDecoderLayer" for layer in model.model.layers)
        model.save_pretrained(tmp_path / run)
        weights[run] = (tmp_path / run / "model.safetensors").read_bytes()
    assert weights["compiled"] == weights["again"]
    eager, compiled = load_file(tmp_path / "eager/model.safetensors"), load_file(tmp_path / "compiled/model.safetensors")
    assert eager.keys() == compiled.keys()
    for name, w in eager.items():
        torch.testing.assert_close(compiled[name], w, rtol=1e-3, atol=1e-4)


def test_pretrain_corpus_ends_rows_with_eos(tok):
    seqs = bm.pretrain_corpus(bm.formatted_texts(TRAIN), tok, 32, 64, seed=0)
    assert seqs.shape[1] == 32 and seqs.shape[0] >= 2  # stops tokenizing once enough tokens are there
    assert (seqs == tok.eos_token_id).any()


def test_two_builds_are_byte_identical(tmp_path):
    cfg = {**TINY, "pretrain_steps": 6}
    threads = torch.get_num_threads()
    for run in ("a", "b"):
        model, tok, summary = bm.build_builtin(TRAIN + TRAIN[:10], cfg, seed=7, threads=1, progress=False)
        model.save_pretrained(tmp_path / run)
        tok.save_pretrained(tmp_path / run)
    for name in ("model.safetensors", "tokenizer.json", "tokenizer_config.json", "config.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert bm.content_hash(tmp_path / "a") == bm.content_hash(tmp_path / "b")
    assert torch.get_num_threads() == threads and not torch.are_deterministic_algorithms_enabled()  # restored
    assert summary["steps"] == 6 and summary["tokens"] == 6 * 4 * 64
    assert summary["precision"] == ("bf16" if cpu_bf16_supported() else "fp32")
    other, _, _ = bm.build_builtin(TRAIN, cfg, seed=8, threads=1, progress=False)
    other.save_pretrained(tmp_path / "c")
    assert (tmp_path / "c" / "model.safetensors").read_bytes() != (tmp_path / "a" / "model.safetensors").read_bytes()


def test_zero_pretrain_steps_gives_an_untrained_model():
    _, _, summary = bm.build_builtin(TRAIN, {**TINY, "pretrain_steps": 0}, seed=1, threads=1, progress=False)
    assert summary == {"steps": 0, "first_loss": None, "final_loss": None, "tokens": 0,
                       "precision": summary["precision"]}


def test_content_hash_covers_names_and_bytes_but_not_identity_or_location(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        (d / "sub").mkdir(parents=True)
        save_file({"w": torch.ones(2)}, d / "model.safetensors")
        (d / "sub" / "tokenizer.json").write_text("{}")
    (b / "identity.json").write_text('{"content_sha256": "x"}')
    (b / ".cache").mkdir()
    (b / ".cache" / "lock").write_text("x")
    assert bm.content_hash(a) == bm.content_hash(b)
    (b / "sub" / "tokenizer.json").write_text("{ }")
    assert bm.content_hash(a) != bm.content_hash(b)
    (b / "sub" / "tokenizer.json").write_text("{}")
    (b / "sub" / "tokenizer.json").rename(b / "sub" / "tok.json")
    assert bm.content_hash(a) != bm.content_hash(b)
