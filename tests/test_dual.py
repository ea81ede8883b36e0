"""The clip stage's dual tower and text cache: trainable sets per text mode, gradients after a backward, the cached
embeddings against the live frozen tower (embeddings and loss), normalisation, temperature, config errors."""

from __future__ import annotations

import io
import json
import pickle

import numpy as np
import pytest
import torch
from PIL import Image

from megacxr.data.batches import ClipSample, collate_text
from megacxr.data.image_tf import ImageTransformConfig
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.data.text_cache import (
    EMBEDDINGS_FILE,
    INDEX_FILE,
    MissingKeyError,
    TextCache,
    build_text_cache,
    merge_text_caches,
    sample_texts,
)
from megacxr.errors import ConfigError, InputError
from megacxr.losses.contrastive import clip_loss, siglip_loss
from megacxr.models.dual import DualTower, DualTowerConfig, ResidualMLP, load_frozen_text
from megacxr.models.encoder import LoraSettings, ReportEncoder, TextModelConfig
from megacxr.models.export import export_encoder, load_encoder
from megacxr.models.pooling import PoolingConfig
from megacxr.models.shapes import init_model
from megacxr.models.vision import VisionConfig, init_vision

REPORTS = [
    "The lungs are clear. No effusion.",
    "Mild cardiomegaly with a small left pleural effusion.",
    "Right lower lobe consolidation.",
    "No acute cardiopulmonary process.",
    "Small right pneumothorax. Lines and tubes unchanged.",
]
KEYS = [f"study-{i:03d}" for i in range(len(REPORTS))]
TEXT = TextConfig(instruction="Retrieve the image that best matches the following report")
LORA = LoraSettings(r=4, alpha=8, dropout=0.1, target_modules=["q", "k", "v", "o"])
SIZE = 32


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("text")
    base = init_model("tiny", root / "base", texts=REPORTS + [TEXT.instruction], seed=2)
    torch.manual_seed(0)
    enc = ReportEncoder.from_config(
        TextModelConfig(
            path=str(base),
            attention="sdpa",
            lora=LoraSettings(enabled=False),
            pooling=PoolingConfig(kind="latent_attention", latents=8, heads=4),
        )
    )
    return export_encoder(enc, root / "export", text=TEXT)


@pytest.fixture(scope="module")
def vision_dir(tmp_path_factory):
    return init_vision(
        "tiny-vit", tmp_path_factory.mktemp("vision") / "vit", seed=1, image_size=SIZE, num_hidden_layers=2
    )


def make(export_dir, vision_dir, mode, seed=0, **kw) -> DualTower:
    kw.setdefault("text_lora", LORA)
    cfg = DualTowerConfig(
        vision=VisionConfig(kind="vit", path=str(vision_dir), pooling="mean"),
        text_path=str(export_dir),
        text_mode=mode,
        text_attention="sdpa",
        embed_dim=16,
        **kw,
    )
    torch.manual_seed(seed)
    return DualTower.from_config(cfg)


def text_batch(export_dir, budget=None, reports=REPORTS):
    enc = TextEncoder(export_dir, TEXT)
    items = enc.encode_batch(list(reports))
    return collate_text([e.input_ids for e in items], [e.instruction_len for e in items], enc.pad_id, budget)


def pixels(batch=None):
    batch = len(REPORTS) if batch is None else batch
    return torch.randn(batch, 1, SIZE, SIZE, generator=torch.Generator().manual_seed(5))


@pytest.fixture(scope="module")
def cache_dir(export_dir, tmp_path_factory):
    encoder = load_encoder(export_dir, attention="sdpa")
    # shuffled input order and tiny batches: rows must follow the keys, not the batching
    pairs = [(KEYS[i], REPORTS[i]) for i in (3, 0, 4, 1, 2)]
    return build_text_cache(
        encoder, pairs, tmp_path_factory.mktemp("cache") / "c", text_cfg=TEXT, batch_size=2, dtype="float32"
    )


# --------------------------------------------------------------------------------------------- trainable sets


def trainable(model) -> set[str]:
    return {n for n, p in model.named_parameters() if p.requires_grad}


def test_full_mode_trains_everything(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "full")
    names = {n for n, _ in dual.named_parameters()}
    assert trainable(dual) == names
    assert any(n.startswith("text.backbone.") for n in names) and any(n.startswith("text.pooler.") for n in names)
    assert not any("lora_" in n for n in names) and len(dual.text_adapter) == 0


def test_frozen_lora_trains_lora_vision_and_heads_only(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "frozen_lora")
    names = {n for n, _ in dual.named_parameters()}
    text_trainable = {n for n in trainable(dual) if n.startswith("text.")}
    lora = {n for n in names if "lora_" in n}
    assert text_trainable == lora and len(lora) == 2 * 4 * 2  # 2 layers x q,k,v,o x (A, B)
    assert all(not p.requires_grad for p in dual.text.pooler.parameters())  # the stage-2 head stays frozen
    assert trainable(dual) - lora == {n for n in names if not n.startswith("text.")}  # vision, heads, scale
    assert len(dual.text_adapter) == 0 and isinstance(dual.text_proj[0], torch.nn.LayerNorm)


def test_frozen_cached_holds_no_text_tower(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "frozen_cached")
    assert dual.text is None
    assert not any(n.startswith("text.") for n, _ in dual.named_parameters())
    assert trainable(dual) == {n for n, _ in dual.named_parameters()}
    assert len(dual.text_adapter) == 4 and all(isinstance(b, ResidualMLP) for b in dual.text_adapter)
    assert dual.text_dim == 64


# ----------------------------------------------------------------------------------------------- gradients


def test_frozen_lora_backward_reaches_lora_not_the_base(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "frozen_lora").train()
    out = clip_loss(dual.encode_image(pixels()), dual.encode_text(text_batch(export_dir)), dual.logit_scale())
    out.loss.backward()
    for name, p in dual.named_parameters():
        if not p.requires_grad:
            assert p.grad is None, name
    lora_b = [p for n, p in dual.named_parameters() if "lora_B" in n]
    assert lora_b and all(p.grad is not None and p.grad.abs().sum() > 0 for p in lora_b)
    # lora_B starts at zero, so lora_A's gradient is zero at the first step; it exists all the same
    assert all(p.grad is not None for n, p in dual.named_parameters() if "lora_A" in n)
    for module in (dual.vision, dual.vision_proj, dual.text_proj, dual.logit_scale):
        assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in module.parameters())


def test_full_backward_reaches_backbone_and_pooler(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "full").train()
    out = clip_loss(
        dual.encode_image(pixels()), dual.encode_text(text_batch(export_dir, budget=16)), dual.logit_scale()
    )
    out.loss.backward()
    q = dual.text.causal_lm.model.layers[0].self_attn.q_proj.weight
    assert q.grad is not None and q.grad.abs().sum() > 0
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in dual.text.pooler.parameters())


def test_text_gradient_checkpointing_gives_the_same_lora_gradients(export_dir, vision_dir):
    grads = []
    for ckpt in (False, True):
        dual = make(
            export_dir,
            vision_dir,
            "frozen_lora",
            text_gradient_checkpointing=ckpt,
            text_lora=LoraSettings(r=4, alpha=8, dropout=0.0, target_modules=["q", "v"]),
        ).train()
        with torch.no_grad():
            for n, p in dual.named_parameters():
                if "lora_B" in n:
                    p.copy_(torch.randn(p.shape, generator=torch.Generator().manual_seed(len(n))) * 0.1)
        dual.encode_text(text_batch(export_dir)).pow(2).sum().backward()
        grads.append({n: p.grad.clone() for n, p in dual.named_parameters() if "lora_" in n})
    assert grads[0].keys() == grads[1].keys() and grads[0]
    for n in grads[0]:
        torch.testing.assert_close(grads[0][n], grads[1][n], atol=1e-6, rtol=1e-5)


# -------------------------------------------------------------------------------------------- cached mode


def test_cache_equals_the_live_frozen_tower_embeddings_and_loss(export_dir, vision_dir, cache_dir):
    cache = TextCache(cache_dir)
    assert len(cache) == len(KEYS) and cache.dim == 64 and all(k in cache for k in KEYS)
    frozen = load_encoder(export_dir, attention="sdpa").eval()
    with torch.no_grad():
        live_emb = frozen.embed(text_batch(export_dir))
    torch.testing.assert_close(cache.lookup(KEYS), live_emb, atol=1e-5, rtol=1e-5)

    dual = make(export_dir, vision_dir, "frozen_cached").train()
    images = dual.encode_image(pixels())
    cached = dual.encode_cached_text(cache.lookup(KEYS))
    for budget in (None, 16):  # the live path through the lazily loaded frozen encoder, both layouts
        live = dual.encode_text(text_batch(export_dir, budget))
        torch.testing.assert_close(cached, live, atol=1e-5, rtol=1e-5)
        scale = dual.logit_scale()
        a, b = clip_loss(images, cached, scale).loss, clip_loss(images, live, scale).loss
        torch.testing.assert_close(a, b, atol=1e-6, rtol=1e-6)
    assert not any(n.startswith("text.") for n in dual.state_dict())  # the frozen encoder stays outside
    assert dual.frozen_text_encoder() is dual.frozen_text_encoder()
    # the loss trains the adapter and projection through the cached path
    clip_loss(images, cached, dual.logit_scale()).loss.backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in dual.text_adapter.parameters())


def test_cache_lookup_follows_the_requested_order(cache_dir):
    cache = TextCache(cache_dir)
    full = cache.lookup(KEYS)
    torch.testing.assert_close(cache.lookup([KEYS[4], KEYS[0], KEYS[4]]), full[[4, 0, 4]])
    assert not torch.allclose(full[0], full[1])
    with pytest.raises(MissingKeyError, match="study-999") as err:
        cache.lookup([KEYS[0], "study-999"])
    assert err.value.key == "study-999"
    clone = pickle.loads(pickle.dumps(cache))  # e.g. into a DataLoader worker
    torch.testing.assert_close(clone.lookup(KEYS), full)


def test_cache_files_and_index(cache_dir, export_dir):
    assert {p.name for p in cache_dir.iterdir()} == {EMBEDDINGS_FILE, INDEX_FILE}
    index = json.loads((cache_dir / INDEX_FILE).read_text())
    assert index["keys"] == [KEYS[i] for i in (3, 0, 4, 1, 2)] and index["count"] == 5 and index["dim"] == 64
    assert index["dtype"] == "float32" and index["text"]["instruction"] == TEXT.instruction
    assert index["encoder"] == str(export_dir) and index["pooling"] == "latent_attention"


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_cache_is_close(export_dir, cache_dir, tmp_path, dtype):
    encoder = load_frozen_text(DualTowerConfig(text_path=str(export_dir), text_attention="sdpa"))
    assert not any(p.requires_grad for p in encoder.parameters()) and not encoder.training
    seen = []
    out = build_text_cache(
        encoder,
        lambda: zip(KEYS, REPORTS, strict=False),
        tmp_path / dtype,
        text_cfg=TEXT,
        batch_size=2,
        dtype=dtype,
        progress=seen.append,
    )
    assert seen == [2, 4, 5]
    half = TextCache(out).lookup(KEYS)
    assert half.dtype == torch.float32
    tol = 1e-2 if dtype == "float16" else 3e-2
    torch.testing.assert_close(half, TextCache(cache_dir).lookup(KEYS), atol=tol, rtol=tol)


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_a_cache_built_in_parts_and_merged_equals_one_build(export_dir, cache_dir, tmp_path, dtype):
    """As the clip stage splits the build over a node's processes: 3 parts of 5 reports, and 7 parts (two of
    them empty), each merged, hold every key once with the embedding of the one-process build."""
    encoder = load_encoder(export_dir, attention="sdpa")
    whole = build_text_cache(
        encoder, lambda: zip(KEYS, REPORTS, strict=False), tmp_path / "whole", text_cfg=TEXT, batch_size=2, dtype=dtype
    )
    for n in (3, 7):
        parts = [
            build_text_cache(
                encoder,
                lambda: zip(KEYS, REPORTS, strict=False),
                tmp_path / f"{n}" / f"part{i}",
                text_cfg=TEXT,
                batch_size=2,
                dtype=dtype,
                part=(i, n),
            )
            for i in range(n)
        ]
        assert [len(TextCache(p)) for p in parts][:3] == ([2, 2, 1] if n == 3 else [1, 1, 1])
        merged = TextCache(merge_text_caches(parts, tmp_path / f"merged{n}"))
        assert sorted(merged.keys) == sorted(KEYS) and merged.info == TextCache(whole).info
        tol = 1e-5 if dtype == "float32" else 1e-2  # other batch-mates, other padding: rounding only
        torch.testing.assert_close(merged.lookup(KEYS), TextCache(whole).lookup(KEYS), atol=tol, rtol=tol)
    # every part still sees every key: a repeat is caught even when its two copies fall in different parts
    with pytest.raises(InputError, match="appears twice"):
        build_text_cache(encoder, [("a", "x."), ("a", "y.")], tmp_path / "dup", text_cfg=TEXT, part=(0, 2))
    with pytest.raises(ConfigError):
        build_text_cache(encoder, [("a", "x.")], tmp_path / "bad", text_cfg=TEXT, part=(2, 2))


def test_cache_build_errors(export_dir, tmp_path):
    encoder = load_encoder(export_dir, attention="sdpa")
    with pytest.raises(InputError, match="appears twice"):
        build_text_cache(encoder, [("a", "x."), ("a", "y.")], tmp_path / "dup", text_cfg=TEXT)
    with pytest.raises(ConfigError) as err:
        build_text_cache(encoder, [("a", "x.")], tmp_path / "shuf", text_cfg=TextConfig(sentence_shuffle=0.3))
    assert err.value.field == "text.sentence_shuffle"
    with pytest.raises(InputError, match="no reports"):
        build_text_cache(encoder, [], tmp_path / "empty", text_cfg=TEXT)
    assert not (tmp_path / "dup" / INDEX_FILE).exists()
    with pytest.raises(InputError, match="keys.json"):
        TextCache(tmp_path / "dup")


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.arange(64 * 64, dtype=np.uint8).reshape(64, 64)).save(buf, format="PNG")
    return buf.getvalue()


def test_sample_texts_are_what_the_clip_loader_feeds(export_dir):
    samples = [
        {
            "__key__": "s0",
            "png": png_bytes(),
            "txt": b"FINDINGS: clear. IMPRESSION: normal.",
            "json": json.dumps({"sections": {"findings": "Lungs are clear", "impression": "No effusion."}}),
        },
        {"__key__": "s1", "png": png_bytes(), "txt": "Small left effusion.", "json": json.dumps({})},
        {
            "__key__": "s2",
            "png": png_bytes(),
            "txt": b"whatever",
            "json": json.dumps({"sections": {"impression": "Right lower lobe pneumonia"}}),
        },
    ]
    for sections in ("findings_impression", "impression", "txt"):
        cfg = TextConfig(instruction=TEXT.instruction, sections=sections)
        tok = TextEncoder(export_dir, cfg)
        loader = ClipSample(tok, ImageTransformConfig(size=SIZE, augment=False), train=False)
        pairs = list(sample_texts(samples, cfg))
        assert [k for k, _ in pairs] == ["s0", "s1", "s2"]
        for sample, (_, text) in zip(samples, pairs, strict=False):
            item = loader(sample, np.random.default_rng(7))
            assert tok.encode(text).input_ids == item["input_ids"], (sections, sample["__key__"])
    with pytest.raises(ConfigError) as err:
        list(sample_texts(samples, TextConfig(sections="random")))
    assert err.value.field == "text.sections"


# ------------------------------------------------------------------------------------- heads and settings


def test_normalisation_switch(export_dir, vision_dir):
    px, text = pixels(), text_batch(export_dir)
    on = make(export_dir, vision_dir, "frozen_lora", seed=3).eval()
    off = make(export_dir, vision_dir, "frozen_lora", seed=3, normalize=False).eval()
    with torch.no_grad():
        for a, b in ((on.encode_image(px), off.encode_image(px)), (on.encode_text(text), off.encode_text(text))):
            assert a.dtype == torch.float32 and a.shape == (len(REPORTS), 16)
            torch.testing.assert_close(a.norm(dim=-1), torch.ones(len(REPORTS)))
            assert not torch.allclose(b.norm(dim=-1), torch.ones(len(REPORTS)), atol=1e-2)
            torch.testing.assert_close(a, torch.nn.functional.normalize(b, dim=-1))
        raw = off.vision_proj(off.vision(px))
        torch.testing.assert_close(off.encode_image(px), raw)


def test_logit_scale_init_clamp_and_bias(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "frozen_cached", init_temperature=0.07, max_logit_scale=50.0)
    torch.testing.assert_close(dual.logit_scale(), torch.tensor(1 / 0.07))
    with torch.no_grad():
        dual.logit_scale.log_scale.fill_(10.0)
    assert float(dual.logit_scale().detach()) == pytest.approx(50.0)
    assert dual.logit_bias is None
    fixed = make(
        export_dir, vision_dir, "frozen_cached", learn_temperature=False, init_temperature=0.1, init_logit_bias=-10.0
    )
    assert not fixed.logit_scale.log_scale.requires_grad and fixed.logit_bias.item() == -10.0
    img = fixed.encode_image(pixels())
    txt = fixed.encode_cached_text(torch.randn(len(REPORTS), 64, generator=torch.Generator().manual_seed(0)))
    siglip_loss(img, txt, fixed.logit_scale(), fixed.logit_bias).loss.backward()
    assert fixed.logit_bias.grad is not None


def test_projection_and_adapter_options(export_dir, vision_dir):
    dual = make(
        export_dir, vision_dir, "frozen_lora", text_projection="linear", adapter_blocks=2, adapter_mlp_ratio=0.5
    )
    assert len(dual.text_proj) == 1 and isinstance(dual.text_proj[0], torch.nn.Linear)
    assert len(dual.text_adapter) == 2 and dual.text_adapter[0].fc1.out_features == 32
    assert make(export_dir, vision_dir, "frozen_cached", adapter_blocks=0).text_adapter.__len__() == 0
    with pytest.raises(ValueError, match="frozen_cached"):
        dual.encode_cached_text(torch.zeros(2, 64))
    cached = make(export_dir, vision_dir, "frozen_cached")
    with pytest.raises(ValueError, match=r"\[B, 64\]"):
        cached.encode_cached_text(torch.zeros(2, 63))


def test_bfloat16_cast_module_returns_float32(export_dir, vision_dir):
    dual = make(export_dir, vision_dir, "frozen_lora").to(torch.bfloat16)  # what a bf16 engine does
    with torch.no_grad():
        img, txt = dual.encode_image(pixels()), dual.encode_text(text_batch(export_dir))
    assert img.dtype == txt.dtype == torch.float32 and torch.isfinite(img).all() and torch.isfinite(txt).all()


def test_config_errors_name_the_field(export_dir, tmp_path):
    cases = [
        ({"text_mode": "frozen"}, "text_mode"),
        ({"init_temperature": 0.07, "max_logit_scale": 10.0}, "max_logit_scale"),
        ({"text_lora": {"r": 0}}, "text_lora.r"),
        ({"text_mode": "frozen_lora", "text_lora": {"enabled": False}}, "text_lora.enabled"),
        ({"text_projection": "mlp"}, "text_projection"),
        ({"vision": {"kind": "convnext"}}, "vision.kind"),
        ({"adapter_blocks": -1}, "adapter_blocks"),
        ({"embed_dim": 0}, "embed_dim"),
        ({"text_attention": "magic"}, "text_attention"),
    ]
    for kwargs, name in cases:
        with pytest.raises(ConfigError) as err:
            DualTowerConfig(**kwargs)
        assert err.value.field == name, kwargs
    cfg = DualTowerConfig(vision={"kind": "vit", "shape": "tiny-vit"}, text_lora={"r": 8})
    assert isinstance(cfg.vision, VisionConfig) and cfg.text_lora.r == 8 and cfg.text_lora.dropout == 0.1
    assert DualTowerConfig().text_lora.modules == ["q_proj", "k_proj", "v_proj", "o_proj"]
    with pytest.raises(ConfigError) as err:
        DualTower.from_config(DualTowerConfig(vision={"kind": "vit", "shape": "tiny-vit"}))
    assert err.value.field == "text_path"
    with pytest.raises(InputError, match="megacxr_encoder.json"):
        DualTower.from_config(DualTowerConfig(vision={"kind": "vit", "shape": "tiny-vit"}, text_path=str(tmp_path)))


def test_merging_parts_streams_them_and_writes_a_safetensors_file(tmp_path):
    """The merge holds one chunk, not the cache: 4 parts of 24 MB in all, joined with 1 MB chunks, peak well under
    one part's size; the result equals the concatenation and loads with safetensors itself."""
    import tracemalloc

    from safetensors.torch import load_file

    from megacxr.data.text_cache import _write

    meta = {"dtype": "float32", "encoder": "x", "pooling": "mean", "text": {}}
    gen = torch.Generator().manual_seed(0)
    tensors, parts = [], []
    for i, n in enumerate((7000, 0, 9000, 7500)):
        t = torch.randn(n, 256, generator=gen)
        tensors.append(t)
        parts.append(_write(tmp_path / f"part{i}", t, [f"k{i}_{j}" for j in range(n)], meta))
    tracemalloc.start()
    merged = TextCache(merge_text_caches(parts, tmp_path / "merged", chunk_bytes=1 << 20))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    whole = torch.cat(tensors)
    assert peak < 8 << 20, f"merge peaked at {peak / 2**20:.1f} MiB for a {whole.numel() * 4 / 2**20:.0f} MiB cache"
    assert merged.keys == [f"k{i}_{j}" for i, t in enumerate(tensors) for j in range(len(t))]
    torch.testing.assert_close(merged.lookup(merged.keys), whole, atol=0, rtol=0)
    torch.testing.assert_close(load_file(str(tmp_path / "merged" / "embeddings.safetensors"))["embeddings"], whole)
