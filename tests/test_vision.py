"""Vision towers: every transformers kind from a named shape and from a saved folder, pooling against the raw
transformers outputs, channel repeat, resolution, checkpointing, freezing, shapes' sizes, the timm-missing error."""

from __future__ import annotations

import sys

import pytest
import torch
import transformers

from megacxr.errors import ConfigError, InputError
from megacxr.models.vision import (
    VISION_SHAPES,
    VisionConfig,
    VisionTower,
    init_vision,
    vision_parameter_count,
    vision_shape_config,
)

TINY = {"vit": "tiny-vit", "dinov2": "tiny-dinov2", "siglip": "tiny-siglip", "clip": "tiny-clip"}
RAW = {
    "vit": transformers.ViTModel,
    "dinov2": transformers.Dinov2Model,
    "siglip": transformers.SiglipVisionModel,
    "clip": transformers.CLIPVisionModel,
}
SIZE = 32  # 2 x 2 patches of 16: fast


def pixels(channels=3, size=SIZE, batch=3, seed=0):
    return torch.randn(batch, channels, size, size, generator=torch.Generator().manual_seed(seed))


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("towers")
    return {
        kind: init_vision(shape, root / kind, seed=1, image_size=SIZE, num_hidden_layers=2)
        for kind, shape in TINY.items()
    }


def reference(kind, folder, x, pooling):
    """The pooled feature computed straight from the transformers model's outputs."""
    kwargs = {"add_pooling_layer": False} if kind == "vit" else {}
    model = RAW[kind].from_pretrained(str(folder), local_files_only=True, **kwargs).eval()
    with torch.no_grad():
        out = model(pixel_values=x)
    tokens = out.last_hidden_state
    if kind == "siglip":
        return out.pooler_output if pooling == "cls" else tokens.mean(1)
    if kind == "clip":
        norm = model.post_layernorm if hasattr(model, "post_layernorm") else model.vision_model.post_layernorm
        return norm(tokens[:, 0]) if pooling == "cls" else norm(tokens[:, 1:]).mean(1)
    return tokens[:, 0] if pooling == "cls" else tokens[:, 1:].mean(1)


@pytest.mark.parametrize("kind", list(TINY))
def test_each_kind_builds_from_a_tiny_shape(kind):
    tower = VisionTower.from_config(VisionConfig(kind=kind, shape=TINY[kind], image_size=SIZE))
    assert tower.output_dim == 128 and tower.image_size == SIZE
    assert len(tower.model.config.to_dict()) and tower.model.config.num_hidden_layers == 4
    out = tower(pixels())
    assert out.shape == (3, 128) and out.dtype == torch.float32 and torch.isfinite(out).all()
    assert not torch.allclose(out[0], out[1])  # different images, different features


@pytest.mark.parametrize("pooling", ["cls", "mean"])
@pytest.mark.parametrize("kind", list(TINY))
def test_folder_tower_pools_like_the_transformers_model(folders, kind, pooling):
    tower = VisionTower.from_config(VisionConfig(kind=kind, path=str(folders[kind]), pooling=pooling)).eval()
    assert tower.image_size == SIZE  # the folder's own resolution
    assert all(k.startswith("model.") for k in tower.state_dict())  # each weight once, under the tower
    x = pixels()
    with torch.no_grad():
        got = tower(x)
    assert got.shape == (3, 128)
    torch.testing.assert_close(got, reference(kind, folders[kind], x, pooling), atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("kind", list(TINY))
def test_cls_and_mean_differ(folders, kind):
    x = pixels()
    with torch.no_grad():
        a = VisionTower.from_config(VisionConfig(kind=kind, path=str(folders[kind]), pooling="cls")).eval()(x)
        b = VisionTower.from_config(VisionConfig(kind=kind, path=str(folders[kind]), pooling="mean")).eval()(x)
    assert not torch.allclose(a, b, atol=1e-3)


def test_init_vision_is_seeded_and_leaves_the_global_rng(tmp_path):
    state = torch.random.get_rng_state()
    a = init_vision("tiny-vit", tmp_path / "a", seed=3, image_size=SIZE, num_hidden_layers=1)
    b = init_vision("tiny-vit", tmp_path / "b", seed=3, image_size=SIZE, num_hidden_layers=1)
    c = init_vision("tiny-vit", tmp_path / "c", seed=4, image_size=SIZE, num_hidden_layers=1)
    assert torch.equal(state, torch.random.get_rng_state())
    from safetensors.torch import load_file

    wa, wb, wc = (load_file(str(p / "model.safetensors")) for p in (a, b, c))
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    assert any(not torch.equal(wa[k], wc[k]) for k in wa)


@pytest.mark.parametrize("kind", ["vit", "clip"])
def test_one_channel_input_is_repeated(folders, kind):
    tower = VisionTower.from_config(VisionConfig(kind=kind, path=str(folders[kind]))).eval()
    gray = pixels(channels=1)
    with torch.no_grad():
        torch.testing.assert_close(tower(gray), tower(gray.repeat(1, 3, 1, 1)))
    with pytest.raises(ValueError, match="3-channel"):
        tower(pixels(channels=2))
    with pytest.raises(ValueError, match=r"\[B, C, H, W\]"):
        tower(pixels()[0])


@pytest.mark.parametrize("kind", list(TINY))
def test_other_resolution_interpolates_position_embeddings(folders, kind):
    tower = VisionTower.from_config(VisionConfig(kind=kind, path=str(folders[kind]), image_size=48)).eval()
    assert tower.image_size == 48 and tower.native_size == SIZE
    with torch.no_grad():
        out = tower(pixels(size=48))
    assert out.shape == (3, 128) and torch.isfinite(out).all()


def test_bfloat16_tower_takes_float32_pixels(folders):
    tower = VisionTower.from_config(VisionConfig(kind="vit", path=str(folders["vit"]), dtype="bfloat16"))
    assert next(tower.parameters()).dtype == torch.bfloat16
    out = tower(pixels())
    assert out.dtype == torch.float32 and out.shape == (3, 128)


def test_gradient_checkpointing_recomputes_and_matches(folders):
    x = pixels()
    results = []
    for ckpt in (False, True):
        tower = VisionTower.from_config(
            VisionConfig(kind="vit", path=str(folders["vit"]), pooling="mean", gradient_checkpointing=ckpt)
        ).train()
        calls = []
        layer = next(m for n, m in tower.model.named_modules() if n.endswith(("layer.0", "layers.0")))
        first = next(m for m in layer.modules() if isinstance(m, torch.nn.Linear))  # inside the checkpoint
        first.register_forward_pre_hook(lambda *a: calls.append(1))  # pre: the recomputation may stop early  # noqa: B023 - called in this iteration
        out = tower(x)
        out.pow(2).sum().backward()
        grads = {n: p.grad.clone() for n, p in tower.named_parameters()}
        results.append((out.detach(), grads, len(calls)))
    (o0, g0, n0), (o1, g1, n1) = results
    assert n0 == 1 and n1 == 2  # checkpointing re-ran the layer in the backward
    torch.testing.assert_close(o0, o1)
    for name in g0:
        torch.testing.assert_close(g0[name], g1[name], atol=1e-6, rtol=1e-5)


def test_freeze_stops_gradients_and_keeps_eval_mode(folders):
    tower = VisionTower.from_config(VisionConfig(kind="dinov2", path=str(folders["dinov2"]), freeze=True))
    assert not any(p.requires_grad for p in tower.parameters())
    tower.train()
    assert tower.training and not tower.model.training
    head = torch.nn.Linear(128, 4)
    head(tower(pixels())).sum().backward()
    assert all(p.grad is None for p in tower.parameters())
    assert head.weight.grad is not None
    trainable = VisionTower.from_config(VisionConfig(kind="dinov2", path=str(folders["dinov2"])))
    assert all(p.requires_grad for p in trainable.parameters())  # fully trainable by default


def test_published_shapes_have_the_published_sizes():
    assert vision_parameter_count("vit-b16") == 85_798_656  # ViT-B/16 without its classifier pooler
    assert vision_parameter_count("dinov2-b14") == 86_580_480  # dinov2-base / RAD-DINO
    assert vision_parameter_count("siglip-b16") == 92_884_224  # siglip-base-patch16-224 vision half
    assert vision_parameter_count("clip-l14-336") == 303_507_456  # clip-vit-large-patch14-336 vision half
    config = vision_shape_config("clip-l14-336", image_size=448)
    assert (config.hidden_size, config.num_hidden_layers, config.patch_size, config.image_size) == (1024, 24, 14, 448)
    assert vision_parameter_count(config) > vision_parameter_count("clip-l14-336")  # more position embeddings


def test_full_clip_and_siglip_checkpoints_load_their_vision_half(tmp_path):
    vision = {
        "hidden_size": 32,
        "num_hidden_layers": 1,
        "num_attention_heads": 4,
        "intermediate_size": 64,
        "image_size": SIZE,
        "patch_size": 16,
    }
    text = {
        "hidden_size": 32,
        "num_hidden_layers": 1,
        "num_attention_heads": 4,
        "intermediate_size": 64,
        "vocab_size": 50,
    }
    for kind, config_cls, model_cls in (
        ("clip", transformers.CLIPConfig, transformers.CLIPModel),
        ("siglip", transformers.SiglipConfig, transformers.SiglipModel),
    ):
        full = model_cls(config_cls(vision_config=vision, text_config=text)).eval()
        full.save_pretrained(str(tmp_path / kind))
        tower = VisionTower.from_config(VisionConfig(kind=kind, path=str(tmp_path / kind))).eval()
        x = pixels()
        with torch.no_grad():
            torch.testing.assert_close(tower(x), full.vision_model(pixel_values=x).pooler_output)


def test_timm_missing_is_a_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "timm", None)  # import timm now raises ImportError, as without timm
    cfg = VisionConfig(kind="timm", timm_name="eva02_large_patch14_clip_336", image_size=336)
    with pytest.raises(ConfigError, match="timm") as err:
        VisionTower.from_config(cfg)
    assert err.value.field == "vision.kind"
    assert "missing" in str(err.value)


def test_config_errors_name_the_field(folders):
    cases = [
        ({"kind": "resnet"}, "vision.kind"),
        ({"kind": "vit", "shape": "tiny-vit", "pooling": "max"}, "vision.pooling"),
        ({"kind": "vit", "shape": "tiny-clip"}, "vision.shape"),
        ({"kind": "vit", "shape": "huge"}, "vision.shape"),
        ({"kind": "vit", "shape": "tiny-vit", "path": "/x"}, "vision.shape"),
        ({"kind": "timm"}, "vision.timm_name"),
        ({"kind": "vit", "shape": "tiny-vit", "image_size": 0}, "vision.image_size"),
        ({"kind": "vit", "shape": "tiny-vit", "dtype": "float64"}, "vision.dtype"),
    ]
    for kwargs, name in cases:
        with pytest.raises(ConfigError) as err:
            VisionConfig(**kwargs)
        assert err.value.field == name, kwargs
    with pytest.raises(ConfigError) as err:  # nothing to load: checked when the tower is built
        VisionTower.from_config(VisionConfig(kind="vit"))
    assert err.value.field == "vision.path"
    with pytest.raises(ConfigError) as err:  # a DINOv2 folder is not a ViT
        VisionTower.from_config(VisionConfig(kind="vit", path=str(folders["dinov2"])))
    assert err.value.field == "vision.kind" and "dinov2" in str(err.value)
    with pytest.raises(InputError, match="config.json"):
        VisionTower.from_config(VisionConfig(kind="vit", path=str(folders["vit"] / "missing")))


def test_shapes_name_their_kind():
    for name, (kind, shape) in VISION_SHAPES.items():
        assert VisionConfig(kind=kind, shape=name).shape == name
        assert vision_shape_config(name).hidden_size == shape["hidden_size"]
