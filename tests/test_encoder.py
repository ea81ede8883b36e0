"""The bidirectional report encoder: backends, layouts, bidirectionality, families, LoRA, checkpointing, MNTP parts."""

from __future__ import annotations

import pytest
import torch

from megacxr.data.batches import collate_text
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.errors import ConfigError, InputError
from megacxr.kernels.attention import backends as attn
from megacxr.models.encoder import LoraSettings, ReportEncoder, TextModelConfig
from megacxr.models.pooling import PoolingConfig
from megacxr.models.shapes import init_model

REPORTS = [
    "The lungs are clear. There is no pleural effusion or pneumothorax.",
    "Mild cardiomegaly. Small left pleural effusion with adjacent atelectasis.",
    "Right lower lobe consolidation, concerning for pneumonia.",
    "No acute cardiopulmonary process.",
]
INSTRUCTION = "Retrieve the image that best matches the following report"
NO_LORA = LoraSettings(enabled=False)


@pytest.fixture(scope="session")
def model_dirs(tmp_path_factory):
    """Tiny random models of every family, one folder each (weights + tokenizer)."""
    root = tmp_path_factory.mktemp("models")
    texts = REPORTS + [INSTRUCTION]
    return {
        fam: init_model("tiny", root / fam, texts=texts, family=fam, seed=1)
        for fam in ("llama", "mistral", "qwen2", "gemma", "gemma2", "gemma3")
    }


def batches(folder, budget=16):
    """(padded, packed) text dicts of REPORTS with the instruction prefix, made by the data pipeline's collate."""
    enc = TextEncoder(folder, TextConfig(instruction=INSTRUCTION))
    items = enc.encode_batch(REPORTS)
    seqs, instr = [e.input_ids for e in items], [e.instruction_len for e in items]
    assert all(i > 1 for i in instr)
    return (collate_text(seqs, instr, enc.pad_id, None), collate_text(seqs, instr, enc.pad_id, budget))


def build(folder, **kw) -> ReportEncoder:
    kw.setdefault("lora", NO_LORA)
    return ReportEncoder.from_config(TextModelConfig(path=str(folder), **kw))


def per_sequence(hidden, text):
    """Per-sequence ``[L_i, H]`` states of a padded or packed batch."""
    if "cu_seqlens" in text:  # a packed row: [1, T, H] cut at the sequence boundaries
        cu = text["cu_seqlens"].tolist()
        return [hidden[0, a:b] for a, b in zip(cu[:-1], cu[1:], strict=True)]
    lengths = text["attention_mask"].sum(1).tolist()
    return [hidden[i, :n] for i, n in enumerate(lengths)]


def assert_same_states(a, text_a, b, text_b, atol=1e-5):
    for x, y in zip(per_sequence(a, text_a), per_sequence(b, text_b), strict=True):
        torch.testing.assert_close(x, y, atol=atol, rtol=1e-4)


def use_reference_varlen(enc, monkeypatch):
    """Route the ``flash`` backend through the pure-PyTorch varlen reference (no CUDA kernel on this machine)."""
    monkeypatch.setattr(attn, "varlen_kernel", lambda device_type="cuda": attn.varlen_attention_reference)
    enc.causal_lm.set_attn_implementation(attn.FLASH_NAME)
    enc.backend = "flash"


# ------------------------------------------------------------------------------------------- backends, layouts


@pytest.mark.parametrize("family", ["llama", "mistral", "qwen2", "gemma", "gemma2", "gemma3"])
def test_packed_and_padded_agree_and_backends_match_eager(model_dirs, family, monkeypatch):
    padded, packed = batches(model_dirs[family])
    enc = build(model_dirs[family], attention="eager").eval()
    with torch.no_grad():
        ref = enc.hidden_states(padded)
        assert ref.shape[:2] == padded["input_ids"].shape
        assert_same_states(ref, padded, enc.hidden_states(packed), packed)
        torch.testing.assert_close(enc.embed(padded), enc.embed(packed), atol=1e-5, rtol=1e-4)
        if family != "gemma2":  # Gemma-2 soft-caps attention logits: SDPA refuses (tested below)
            enc.set_attention("sdpa")
            assert_same_states(ref, padded, enc.hidden_states(padded), padded)
            assert_same_states(ref, padded, enc.hidden_states(packed), packed)
        use_reference_varlen(enc, monkeypatch)
        assert_same_states(ref, padded, enc.hidden_states(padded), padded)
        assert_same_states(ref, padded, enc.hidden_states(packed), packed)


@pytest.mark.slow
@pytest.mark.skipif(not attn.flex_cpu_compiles(), reason="compiled flex is wrong on a CPU without AVX-512")
def test_flex_forward_matches_eager_on_cpu(model_dirs):
    """FlexAttention (compiled; forward only on CPU) with document and padding masks equals eager."""
    padded, packed = batches(model_dirs["llama"])
    enc = build(model_dirs["llama"], attention="eager").eval()
    with torch.no_grad():
        ref = enc.hidden_states(padded)
        enc.set_attention("flex")
        assert_same_states(ref, padded, enc.hidden_states(packed), packed)
        assert_same_states(ref, padded, enc.hidden_states(padded), padded)
        enc.cfg.bidirectional = False
        flex_causal = enc.hidden_states(packed)
        enc.set_attention("eager")
        causal_ref = enc.hidden_states(padded)
    assert_same_states(causal_ref, padded, flex_causal, packed)


@pytest.mark.slow
def test_every_backend_over_several_lengths_and_packings_in_one_process(model_dirs, monkeypatch):
    """One process, one encoder per backend, batches of four different lengths, each padded and packed at two
    token budgets: every backend equals eager on every batch (compiled kernels see a new shape each time; flex on
    CPU used to fail to compile at the second length)."""
    folder = model_dirs["llama"]
    enc = TextEncoder(folder, TextConfig(instruction=INSTRUCTION))
    items = enc.encode_batch(REPORTS)
    layouts = []
    for cut in (6, 13, 40):
        seqs = [e.input_ids[: cut + i] for i, e in enumerate(items)]
        instr = [min(e.instruction_len, cut - 1) for e in items]
        layouts += [collate_text(seqs, instr, enc.pad_id, budget) for budget in (None, 8, 32)]
    assert len({tuple(t["input_ids"].shape) for t in layouts}) >= 6
    eager = build(folder, attention="eager").eval()
    with torch.no_grad():
        refs = [eager.hidden_states(t) for t in layouts]
        # (flex on a CPU without AVX-512 is refused: test_flex_is_refused_where_its_cpu_kernel_is_wrong)
        for backend in ("sdpa", "flash", "flex") if attn.flex_cpu_compiles() else ("sdpa", "flash"):
            model = build(folder, attention="eager" if backend == "flash" else backend).eval()
            if backend == "flash":
                use_reference_varlen(model, monkeypatch)
            for ref, text in zip(refs, layouts, strict=False):
                assert_same_states(ref, text, model.hidden_states(text), text)


@pytest.mark.slow
@pytest.mark.skipif(not attn.flex_cpu_compiles(), reason="compiled flex is wrong on a CPU without AVX-512")
def test_compiled_flex_on_cpu_compiles_every_length():
    """The shapes that made torch 2.13's CPU code generation fail (a dynamic-shape flex kernel at the second
    length: "cur_qSplitSize8 was not declared") compile and match the uncompiled op under the encoder's context."""
    from torch.nn.attention.flex_attention import create_block_mask, flex_attention

    compiled = torch.compile(flex_attention)  # as transformers compiles it: automatic dynamic shapes
    for length in (40, 56, 72, 40):
        q, k, v = (torch.randn(1, 2, length, 16, generator=torch.Generator().manual_seed(length)) for _ in range(3))
        doc = torch.arange(length) // 13
        mask = create_block_mask(lambda b, h, i, j: doc[i] == doc[j], None, None, length, length, device="cpu")  # noqa: B023 - called in this iteration
        with attn.flex_compile_context("cpu"):
            out = compiled(q, k, v, block_mask=mask)
        torch.testing.assert_close(out, flex_attention(q, k, v, block_mask=mask), atol=1e-5, rtol=1e-4)


@pytest.mark.skipif(attn.flex_cpu_compiles(), reason="this CPU has AVX-512: compiled flex is right here")
def test_flex_is_refused_where_its_cpu_kernel_is_wrong(model_dirs):
    padded, _ = batches(model_dirs["llama"])
    enc = build(model_dirs["llama"], attention="flex").eval()
    with torch.no_grad(), pytest.raises(ConfigError, match="wrong values on this CPU"):
        enc.hidden_states(padded)


def test_flex_training_on_cpu_is_refused_clearly(model_dirs):
    padded, _ = batches(model_dirs["llama"])
    enc = build(model_dirs["llama"], attention="flex")
    with pytest.raises(ConfigError, match="no backward on CPU"):
        enc.hidden_states(padded)


@pytest.mark.skipif(attn.varlen_kernel("cuda") is None, reason="needs CUDA with flash-attn or torch varlen_attn")
def test_real_flash_kernel_matches_sdpa_on_gpu(model_dirs):
    padded, packed = batches(model_dirs["llama"])
    enc = build(model_dirs["llama"], attention="sdpa", dtype="bfloat16").cuda().eval()
    cuda = {k: v.cuda() if torch.is_tensor(v) else v for k, v in packed.items()}
    with torch.no_grad():
        ref = enc.hidden_states(cuda)
        enc.set_attention("flash")
        out = enc.hidden_states(cuda)
    torch.testing.assert_close(out.float(), ref.float(), atol=3e-2, rtol=3e-2)


def test_backend_choice_and_fallbacks(model_dirs):
    if attn.varlen_kernel("cuda") is None:
        with pytest.raises(ConfigError, match="attention=flash needs CUDA"):
            build(model_dirs["llama"], attention="flash", dtype="bfloat16")
        assert build(model_dirs["llama"], attention="auto").backend == "sdpa"
    with pytest.raises(ConfigError):  # no kernel here; on a GPU: float32 is refused
        attn.resolve_backend("flash", torch.float32)
    assert attn.resolve_backend("auto", torch.float32) == "sdpa"
    # Gemma-2 soft-caps attention scores: auto avoids SDPA, an explicit sdpa is refused
    assert build(model_dirs["gemma2"], attention="auto").backend in ("eager", "flash")
    with pytest.raises(ConfigError, match="soft-caps"):
        build(model_dirs["gemma2"], attention="sdpa")
    with pytest.raises(ConfigError, match="unknown attention"):
        TextModelConfig(path="x", attention="xformers")


def test_config_and_folder_errors(tmp_path):
    with pytest.raises(ConfigError) as e:
        TextModelConfig(dtype="float16")
    assert e.value.field == "dtype"
    with pytest.raises(ConfigError) as e:
        LoraSettings(r=0)
    assert e.value.field == "lora.r"
    with pytest.raises(ConfigError) as e:
        PoolingConfig(kind="max")
    assert e.value.field == "pooling.kind"
    with pytest.raises(ConfigError) as e:
        ReportEncoder.from_config(TextModelConfig())
    assert e.value.field == "path"
    with pytest.raises(InputError, match="no config.json"):
        ReportEncoder.from_config(TextModelConfig(path=str(tmp_path)))


# --------------------------------------------------------------------------------------------- bidirectionality


@pytest.mark.parametrize("family", ["llama", "mistral", "qwen2", "gemma", "gemma2", "gemma3"])
@pytest.mark.parametrize("layout", ["padded", "packed"])
def test_bidirectional_and_causal_control(model_dirs, family, layout):
    """Changing a later token changes an earlier token's state iff bidirectional; never across sequences."""
    padded, packed = batches(model_dirs[family])
    text = padded if layout == "padded" else packed
    changed = {k: (v.clone() if torch.is_tensor(v) else v) for k, v in text.items()}
    ids = changed["input_ids"]
    # the last report token of sequence 1 (before its EOS)
    if layout == "padded":
        row, col = 1, int(padded["attention_mask"][1].sum()) - 2
    else:
        row, col = 0, int(packed["cu_seqlens"][2]) - 2
    ids[row, col] = (ids[row, col] + 7) % 40 + 5
    results = {}
    for bidirectional in (True, False):
        enc = build(model_dirs[family], attention="eager", bidirectional=bidirectional).eval()
        with torch.no_grad():
            a = per_sequence(enc.hidden_states(text), text)
            b = per_sequence(enc.hidden_states(changed), changed)
        early = col - 3 if layout == "padded" else col - int(packed["cu_seqlens"][1]) - 3
        results[bidirectional] = (a[1][early] - b[1][early]).abs().max().item()
        for other in (0, 2, 3):  # other sequences are untouched in both modes
            torch.testing.assert_close(a[other], b[other], atol=1e-6, rtol=0)
    assert results[True] > 1e-4, "an earlier token must see a later one"
    assert results[False] == 0.0, "the causal control must not"


# ---------------------------------------------------------------------------------------------- MNTP parts


@pytest.mark.parametrize("family", ["llama", "gemma2"])
def test_hidden_states_and_lm_head_reproduce_the_causal_lm(model_dirs, family):
    """With causal attention, lm_head(hidden_states) (+ Gemma-2's final soft-cap) is the model's own logits."""
    padded, _ = batches(model_dirs[family])
    enc = build(model_dirs[family], attention="eager", bidirectional=False).eval()
    assert enc.lm_head is enc.causal_lm.get_output_embeddings()
    assert enc.logit_softcap == (30.0 if family == "gemma2" else None)
    with torch.no_grad():
        logits = enc.lm_head(enc.hidden_states(padded))
        if enc.logit_softcap:
            logits = enc.logit_softcap * torch.tanh(logits / enc.logit_softcap)
        want = enc.causal_lm(input_ids=padded["input_ids"], attention_mask=padded["attention_mask"]).logits
    real = padded["attention_mask"].bool()
    torch.testing.assert_close(logits[real], want[real], atol=1e-4, rtol=1e-4)
    assert enc.vocab_size == logits.shape[-1] and enc.hidden_size == 64


# ------------------------------------------------------------------------------------------------------- LoRA


def randomize_lora_b(enc, seed=0):
    """peft starts B at zero; give it values so that the adapters change the function."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in enc.named_parameters():
            if "lora_B" in name:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.1)


def test_lora_trains_only_adapters_and_pooling_head(model_dirs):
    padded, packed = batches(model_dirs["llama"])
    pooling = PoolingConfig(kind="latent_attention", latents=8, heads=4)
    enc = build(
        model_dirs["llama"],
        attention="sdpa",
        lora=LoraSettings(r=4, alpha=8, dropout=0.0, target_modules=["q", "v", "down"]),
        pooling=pooling,
    )
    trainable = [n for n, p in enc.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n or n.startswith("pooler.") for n in trainable)
    head = sum(p.numel() for p in enc.pooler.parameters())
    # per layer, r * (in + out): q 64->64, v 64->32, down 128->64; two layers
    assert enc.num_parameters(trainable_only=True) == 2 * 4 * (128 + 96 + 192) + head
    frozen = {n: p.detach().clone() for n, p in enc.named_parameters() if not p.requires_grad}
    before = {n: p.detach().clone() for n, p in enc.named_parameters() if p.requires_grad}
    opt = torch.optim.SGD([p for p in enc.parameters() if p.requires_grad], lr=0.1)
    for _ in range(2):
        loss = enc.embed(packed).pow(2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    for n, p in enc.named_parameters():
        if p.requires_grad:
            continue
        assert torch.equal(p, frozen[n]), n
    moved = [n for n, p in enc.named_parameters() if p.requires_grad and not torch.equal(p, before[n])]
    assert any("lora_A" in n for n in moved) and any("lora_B" in n for n in moved)
    assert any(n.startswith("pooler.") for n in moved)
    full = build(model_dirs["llama"], attention="sdpa")
    assert full.num_parameters(trainable_only=True) == full.num_parameters() > 0
    with pytest.raises(ConfigError, match="no linear module"):
        build(model_dirs["llama"], lora=LoraSettings(target_modules=["query_key_value"]))


def _grads(folder, checkpointing: bool, text):
    torch.manual_seed(3)
    enc = build(
        folder,
        attention="sdpa",
        gradient_checkpointing=checkpointing,
        lora=LoraSettings(r=4, alpha=8, dropout=0.05),
        pooling=PoolingConfig(kind="weighted_mean"),
    )
    randomize_lora_b(enc)
    enc.train()
    calls = []
    # hooks of the checkpointed layer itself stay outside the checkpoint; its attention's run again in the backward
    enc.decoder.layers[0].self_attn.register_forward_hook(lambda *a: calls.append(1))
    torch.manual_seed(4)  # the LoRA dropout masks: the same draws in both runs
    enc.embed(text).pow(2).sum().backward()
    return {n: p.grad.clone() for n, p in enc.named_parameters() if p.requires_grad}, len(calls), enc


def test_gradient_checkpointing_gives_the_same_gradients(model_dirs):
    _, packed = batches(model_dirs["llama"])
    plain, plain_calls, _ = _grads(model_dirs["llama"], False, packed)
    ckpt, ckpt_calls, enc = _grads(model_dirs["llama"], True, packed)
    lm = enc.causal_lm
    assert getattr(lm, "is_activation_checkpointing", None) or lm.is_gradient_checkpointing
    assert (plain_calls, ckpt_calls) == (1, 2)  # the layer is re-run in the backward
    assert plain.keys() == ckpt.keys()
    for n in plain:
        torch.testing.assert_close(ckpt[n], plain[n], atol=1e-6, rtol=1e-5)
    assert any(g.abs().sum() > 0 for n, g in plain.items() if "lora_A" in n)


def test_bfloat16_loads_and_embeds(model_dirs):
    padded, packed = batches(model_dirs["llama"])
    enc = build(
        model_dirs["llama"],
        dtype="bfloat16",
        attention="sdpa",
        pooling=PoolingConfig(kind="latent_attention", latents=8, heads=4),
    ).eval()
    assert all(p.dtype == torch.bfloat16 for p in enc.parameters())
    with torch.no_grad():
        a, b = enc.embed(padded), enc.embed(packed)
    assert a.dtype == torch.float32 and a.shape == (len(REPORTS), 64)
    torch.testing.assert_close(a, b, atol=5e-2, rtol=5e-2)
