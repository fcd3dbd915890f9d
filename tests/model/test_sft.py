"""SFT examples: completion-only labels, trained EOS, no silent truncation, and
batching that changes no logits (dynamic padding and padding-free packing);
the completion trainer and the optimizer it is given."""

from __future__ import annotations

import logging
import random
import warnings

import pytest
import torch

from ech0.model import sft
from ech0.model.prompt import format_prompt
from ech0.model.sft import (IGNORE_INDEX, PadCollator, TokenBudgetBatches, completion_trainer_class, packing_collator,
                      right_padded, tokenize_rows)
from ech0.model.sft import linear_cross_entropy as sft_linear_cross_entropy

ROWS = [{"prompt": "Add 2 and 3.", "completion": "2 + 3 = 5.\nFinal answer: 5"},
        {"prompt": "Name a prime.", "completion": "Seven is prime."},
        {"prompt": "Explain recursion in one sentence, please.", "completion": "A function that calls itself on a smaller input."}]


def test_labels_cover_completion_and_eos_only(tiny_base):
    tok, _ = tiny_base
    t = tokenize_rows(tok, ROWS, max_seq_len=512)
    assert len(t.examples) == 3 and t.too_long == 0
    for row, ex in zip(ROWS, t.examples):
        n_prompt = len(tok(format_prompt(row["prompt"]), add_special_tokens=True)["input_ids"])
        assert ex["labels"][:n_prompt] == [IGNORE_INDEX] * n_prompt
        assert ex["labels"][n_prompt:] == ex["input_ids"][n_prompt:]
        assert ex["input_ids"][-1] == tok.eos_token_id and ex["labels"][-1] == tok.eos_token_id
        assert tok.decode(ex["input_ids"][n_prompt:-1]) == row["completion"]


# SmolLM2-135M-Instruct's template (ChatML, with its default system turn).
CHATML = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}"
    "{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


@pytest.fixture(scope="module")
def chatml_tok(tiny_base):
    import copy

    tok = copy.deepcopy(tiny_base[0])
    tok.add_special_tokens({"additional_special_tokens": ["<|im_start|>", "<|im_end|>"]})
    tok.eos_token = "<|im_end|>"
    tok.chat_template = CHATML
    return tok


def test_chatml_labels_are_the_assistant_turn_and_its_end_token_exactly(chatml_tok):
    tok = chatml_tok
    ex = tokenize_rows(tok, ROWS[:1], max_seq_len=512).examples[0]
    prompt = ("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
              "<|im_start|>user\nAdd 2 and 3.<|im_end|>\n<|im_start|>assistant\n")
    prompt_ids = tok(prompt, add_special_tokens=False)["input_ids"]
    answer_ids = tok("2 + 3 = 5.\nFinal answer: 5<|im_end|>", add_special_tokens=False)["input_ids"]
    assert answer_ids[-1] == tok.convert_tokens_to_ids("<|im_end|>") == tok.eos_token_id
    # The template's newline after <|im_end|> is neither input nor label: the model
    # stops at <|im_end|>, and nothing after it is learnt.
    assert ex["input_ids"] == prompt_ids + answer_ids
    assert ex["labels"] == [IGNORE_INDEX] * len(prompt_ids) + answer_ids
    # Inference encodes the same prompt the same way: no boundary mismatch.
    from ech0.model.prompt import render_prompt

    assert tok(render_prompt(tok, "Add 2 and 3."), add_special_tokens=False)["input_ids"] == prompt_ids


def test_every_assistant_turn_of_a_conversation_is_trained(chatml_tok):
    from ech0.model.prompt import segments

    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Bye"},
                {"role": "assistant", "content": "Goodbye."}]
    pieces = segments(chatml_tok, messages)
    assert [t for t, trained in pieces if trained] == ["Hello.<|im_end|>", "Goodbye.<|im_end|>"]
    assert "".join(t for t, _ in pieces) + "\n" == chatml_tok.apply_chat_template(messages, tokenize=False)


def test_conversation_row_labels_every_assistant_turn_exactly(chatml_tok):
    """A 3-turn conversation (system, user, assistant, user, assistant: the system turn
    plus two exchanges) as a row: labels are exactly the two answers and their
    <|im_end|>; the system and user turns and the template's headers are masked."""
    tok = chatml_tok
    row = {"messages": [{"role": "system", "content": "Answer in one line."},
                        {"role": "user", "content": "Add 2 and 3."}, {"role": "assistant", "content": "5"},
                        {"role": "user", "content": "And times 4?"}, {"role": "assistant", "content": "20"}]}
    ex = tokenize_rows(tok, [row], max_seq_len=512).examples[0]
    ids = lambda text: tok(text, add_special_tokens=False)["input_ids"]  # noqa: E731
    head1 = ids("<|im_start|>system\nAnswer in one line.<|im_end|>\n<|im_start|>user\nAdd 2 and 3.<|im_end|>\n"
                "<|im_start|>assistant\n")
    ans1 = ids("5<|im_end|>")
    head2 = ids("\n<|im_start|>user\nAnd times 4?<|im_end|>\n<|im_start|>assistant\n")
    ans2 = ids("20<|im_end|>")
    assert ex["input_ids"] == head1 + ans1 + head2 + ans2
    assert ex["labels"] == [IGNORE_INDEX] * len(head1) + ans1 + [IGNORE_INDEX] * len(head2) + ans2
    # The second answer's context is what inference renders for the conversation so far.
    from ech0.model.prompt import render_prompt
    from ech0.data.rows import prompt_of

    assert ids(render_prompt(tok, prompt_of(row))) == head1 + ans1 + head2


def test_conversation_labels_with_the_builtin_template(tiny_base):
    """The same on the built-in base's template: each answer and its EOS are labels,
    the system text, the instruction headers and the questions are not."""
    tok, _ = tiny_base
    turns = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Add 2 and 3."},
             {"role": "assistant", "content": "5"}, {"role": "user", "content": "Times 4?"},
             {"role": "assistant", "content": "20"}]
    ex = tokenize_rows(tok, [{"messages": turns}], max_seq_len=512).examples[0]
    ids = lambda text: tok(text, add_special_tokens=False)["input_ids"]  # noqa: E731
    eos = [tok.eos_token_id]
    head1, head2 = ids("Be brief.\n\n" + format_prompt("Add 2 and 3.")), ids(format_prompt("Times 4?"))
    assert ex["input_ids"] == head1 + ids("5") + eos + head2 + ids("20") + eos
    assert ex["labels"] == [IGNORE_INDEX] * len(head1) + ids("5") + eos + [IGNORE_INDEX] * len(head2) + ids("20") + eos


def test_too_long_examples_are_counted_not_truncated(tiny_base):
    tok, _ = tiny_base
    full = tokenize_rows(tok, ROWS, max_seq_len=512)
    limit = sorted(len(e["input_ids"]) for e in full.examples)[1]
    t = tokenize_rows(tok, ROWS, max_seq_len=limit)
    assert t.too_long == 1 and len(t.examples) == 2 and t.longest == max(len(e["input_ids"]) for e in full.examples)
    assert all(len(e["input_ids"]) <= limit for e in t.examples)


def _per_example_logits(model, examples):
    with torch.no_grad():
        return [model(input_ids=torch.tensor([e["input_ids"]])).logits[0] for e in examples]


def test_dynamic_padding_matches_per_example_logits(tiny_base):
    tok, model = tiny_base
    examples = tokenize_rows(tok, ROWS, 512).examples
    batch = PadCollator(tok.pad_token_id)(examples)
    assert batch["input_ids"].shape[1] == max(len(e["input_ids"]) for e in examples)
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
    for i, ref in enumerate(_per_example_logits(model, examples)):
        torch.testing.assert_close(logits[i, : len(ref)], ref, rtol=1e-4, atol=1e-4)


def test_packing_has_no_padding_and_matches_per_example_logits(tiny_base):
    tok, model = tiny_base
    examples = tokenize_rows(tok, ROWS, 512).examples
    batch = packing_collator()(examples)
    total = sum(len(e["input_ids"]) for e in examples)
    assert batch["input_ids"].shape == (1, total) and "attention_mask" not in batch
    # use_cache=False, as in training: transformers builds the per-example mask
    # from position_ids only when no KV cache is in play (modeling.load_model
    # sets it for training).
    with torch.no_grad():
        logits = model(input_ids=batch["input_ids"], position_ids=batch["position_ids"], use_cache=False).logits[0]
    start = 0
    for ref in _per_example_logits(model, examples):
        torch.testing.assert_close(logits[start:start + len(ref)], ref, rtol=1e-4, atol=1e-4)
        start += len(ref)
    # Without position ids the examples would attend across boundaries: the test can fail.
    with torch.no_grad():
        leaky = model(input_ids=batch["input_ids"], use_cache=False).logits[0]
    second = len(examples[0]["input_ids"])
    assert not torch.allclose(leaky[second:second + 3], logits[second:second + 3], atol=1e-4)


def _loss_and_grads(trainer_cls, model, batch, mode):
    """Loss and embedding gradient, from the completion trainer or from the model's own loss."""
    from transformers import TrainingArguments

    model.zero_grad()
    if mode == "model":
        loss = model(**batch).loss
    else:
        args = TrainingArguments(output_dir="unused", use_cpu=True, report_to="none")
        trainer = trainer_cls(model=model, args=args)
        loss = trainer.compute_loss(model, dict(batch))
    loss.backward()
    return loss.detach(), model.get_input_embeddings().weight.grad.clone()


def test_completion_trainer_loss_and_gradients_equal_the_models_own(tiny_base, tmp_path, monkeypatch):
    """The completion-only LM head and the dropped attention mask change nothing:
    same loss and same gradients as transformers' full-logits, masked loss."""
    monkeypatch.chdir(tmp_path)
    tok, model = tiny_base
    examples = tokenize_rows(tok, ROWS, 512).examples
    cls = completion_trainer_class()
    for batch in (PadCollator(tok.pad_token_id)(examples), packing_collator()(examples)):
        ref_loss, ref_grad = _loss_and_grads(cls, model, batch, "model")
        loss, grad = _loss_and_grads(cls, model, batch, "trainer")
        torch.testing.assert_close(loss, ref_loss, rtol=1e-5, atol=1e-5)
        torch.testing.assert_close(grad, ref_grad, rtol=1e-4, atol=1e-6)
        assert grad.abs().sum() > 0


def test_completion_trainer_computes_no_logits_and_the_loss_on_label_positions_only(tiny_base, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    tok, model = tiny_base
    examples = tokenize_rows(tok, ROWS, 512).examples
    batch = PadCollator(tok.pad_token_id)(examples)
    seen, fused_rows = [], []
    handle = model.get_output_embeddings().register_forward_hook(lambda m, a, out: seen.append(out.shape))
    monkeypatch.setattr(sft, "linear_cross_entropy",
                        lambda h, *a, **k: fused_rows.append(h.shape[0]) or sft_linear_cross_entropy(h, *a, **k))
    try:
        _loss_and_grads(completion_trainer_class(), model, batch, "trainer")
    finally:
        handle.remove()
    labels = sum(sum(1 for x in e["labels"][1:] if x != IGNORE_INDEX) for e in examples)
    assert seen == [(0, model.config.vocab_size)]  # the head's own matmul got no rows
    assert fused_rows == [labels] and labels < batch["input_ids"].numel()


def test_completion_trainer_keeps_a_head_it_cannot_fuse(tiny_base, tmp_path, monkeypatch):
    """A head with a bias (or an adapter, or under FSDP) computes its logits itself,
    on the label positions only, with the same loss and gradients."""
    monkeypatch.chdir(tmp_path)
    tok, model = tiny_base
    head = model.get_output_embeddings()
    examples = tokenize_rows(tok, ROWS, 512).examples
    batch = PadCollator(tok.pad_token_id)(examples)
    ref_loss, ref_grad = _loss_and_grads(completion_trainer_class(), model, batch, "model")
    head.bias = torch.nn.Parameter(torch.zeros(model.config.vocab_size))
    seen = []
    handle = head.register_forward_hook(lambda m, a, out: seen.append(out.shape))
    try:
        loss, grad = _loss_and_grads(completion_trainer_class(), model, batch, "trainer")
    finally:
        handle.remove()
        head.bias = None
    labels = sum(sum(1 for x in e["labels"][1:] if x != IGNORE_INDEX) for e in examples)
    assert seen == [(labels, model.config.vocab_size)]
    torch.testing.assert_close(loss, ref_loss, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(grad, ref_grad, rtol=1e-4, atol=1e-6)


def test_right_padded():
    assert right_padded(torch.tensor([[1, 1, 0], [1, 1, 1]]))
    assert not right_padded(torch.tensor([[0, 1, 1], [1, 1, 1]]))  # left padding keeps its mask


LENGTHS = [random.Random(3).randint(5, 120) for _ in range(500)] + [300]  # one longer than the budget


@pytest.mark.parametrize("padded", [True, False])
def test_token_budget_batches_cover_every_example_once_within_budget(padded):
    sampler = TokenBudgetBatches(LENGTHS, 256, padded=padded, seed=1)
    for epoch in range(3):
        sampler.set_epoch(epoch)
        batches = list(sampler)
        assert len(batches) == len(sampler)
        assert sorted(i for b in batches for i in b) == list(range(len(LENGTHS)))
        for b in batches:
            cost = len(b) * max(LENGTHS[i] for i in b) if padded else sum(LENGTHS[i] for i in b)
            assert cost <= 256 or len(b) == 1
    assert [300] in [[LENGTHS[i] for i in b] for b in batches]


def test_token_budget_batches_are_full_and_hardly_padded():
    batches = TokenBudgetBatches(LENGTHS, 256, seed=1).batches(0)
    real = sum(LENGTHS)
    padded = sum(len(b) * max(LENGTHS[i] for i in b) for b in batches)
    assert padded / real < 1.02
    # Greedy filling: each batch but the last of a length run could not take one more row.
    assert len(batches) <= 1.1 * padded / 256 + 2


def test_token_budget_batches_are_seeded_and_reshuffled_per_epoch():
    a, b = TokenBudgetBatches(LENGTHS, 256, seed=1), TokenBudgetBatches(LENGTHS, 256, seed=1)
    assert a.batches(0) == b.batches(0)
    assert a.batches(0) != a.batches(1)
    assert TokenBudgetBatches(LENGTHS, 256, seed=2).batches(0) != a.batches(0)


@pytest.mark.parametrize("cls", ["AdamW8bit", "PagedAdamW8bit"])
def test_bnb_8bit_adamw_runs_on_cpu(cls):
    """bitsandbytes 0.50.2 has CPU 8-bit optimizers (why cpu_safe_optimizer keeps
    adamw_8bit on CPU); measured within 1.6% of torch AdamW after 20 steps."""
    bnb = pytest.importorskip("bitsandbytes")
    torch.manual_seed(0)
    w0 = torch.randn(4096)  # >= min_8bit_size (4096), so the state really is 8-bit
    p, ref = torch.nn.Parameter(w0.clone()), torch.nn.Parameter(w0.clone())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Paged optimizers are not supported on CPU..."
        opt = getattr(bnb.optim, cls)([p], lr=1e-2)
        ref_opt = torch.optim.AdamW([ref], lr=1e-2)
        for _ in range(20):
            g = torch.randn(4096)
            p.grad, ref.grad = g.clone(), g.clone()
            opt.step()
            ref_opt.step()
    assert opt.state[p]["state1"].dtype == torch.uint8
    moved, ref_moved = p.detach() - w0, ref.detach() - w0
    assert ((moved - ref_moved).norm() / ref_moved.norm()).item() < 0.05


@pytest.mark.parametrize("name,on_gpu,expected", [
    ("paged_adamw_8bit", False, "adamw_8bit"),
    ("paged_adamw_32bit", False, "adamw_torch"),
    ("adamw_8bit", False, "adamw_8bit"),
    ("adamw_torch", False, "adamw_torch"),
    ("sgd", False, "sgd"),
    ("paged_adamw_8bit", True, "paged_adamw_8bit"),
    ("paged_adamw_32bit", True, "paged_adamw_32bit"),
])
def test_cpu_safe_optimizer(caplog, name, on_gpu, expected):
    with caplog.at_level(logging.WARNING, logger="ech0.model.sft"):
        assert sft.cpu_safe_optimizer(name, on_gpu) == expected
    assert bool(caplog.records) == (name != expected)
    if name != expected:
        assert name in caplog.text and expected in caplog.text
