"""Vision towers of the ``clip`` stage: a transformers or timm image encoder giving one feature vector per image.

``VisionTower.from_config(VisionConfig)`` builds the tower and ``tower(pixel_values [B, C, H, W]) -> [B, D]``
float32 pooled features. Kinds (``VisionConfig.kind``):

* ``vit`` (``ViTModel``, no classification pooler), ``dinov2`` (``Dinov2Model``, e.g. RAD-DINO), ``siglip``
  (``SiglipVisionModel``) and ``clip`` (``CLIPVisionModel``), loaded from a local folder (``path``,
  ``local_files_only``; a full SigLIP / CLIP checkpoint folder works too, its vision half is loaded) or built
  with random weights from a named shape (``shape``).
* ``timm`` (EVA02-CLIP-L-14, the published tower: ``timm_name="eva02_large_patch14_clip_336"``) when timm is
  importable; ``path`` is then a local weights file (or a folder holding ``model.safetensors`` /
  ``pytorch_model.bin``) in timm's own parameter names, empty for random weights. timm and torchvision are not
  dependencies (torchvision breaks CPU installs): without timm this kind fails with a ``ConfigError``.

Pooling (``VisionConfig.pooling``): ``cls`` is the class token after the final norm (ViT, DINOv2, CLIP's
``post_layernorm``); SigLIP has no class token and uses its attention-pooling head for ``cls``. ``mean`` is the mean
of the patch tokens after the final norm (class token left out), for SigLIP the mean of all tokens.

Input: a 1-channel batch is repeated to 3 channels (a view, no copy) when the tower expects 3; pixels are cast to
the tower's dtype. ``image_size`` is the input resolution: None means the tower's own (the shape's or the
folder's config); a shape is built at ``image_size``, a folder's position embeddings are interpolated when the
input differs from its native size. ``freeze=True`` turns off every tower gradient, keeps the tower in eval mode
(DINOv2's drop path off) and runs it under ``no_grad``. ``init_vision(shape, out_dir, seed)`` writes a random
tower folder that ``VisionConfig(kind, path=out_dir)`` loads; ``vision_parameter_count`` sizes a shape on the
meta device (no memory), for profiling.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from megacxr.errors import ConfigError, InputError
from megacxr.hf_folder import check_weights, loading, read_config
from megacxr.models.checkpointing import enable_activation_checkpointing

__all__ = [
    "VISION_KINDS",
    "VISION_POOLING",
    "VISION_SHAPES",
    "VisionConfig",
    "VisionTower",
    "init_vision",
    "vision_shape_config",
    "vision_parameter_count",
]

VISION_KINDS = ("vit", "dinov2", "siglip", "clip", "timm")
VISION_POOLING = ("cls", "mean")
_ATTENTION = ("sdpa", "eager")
_DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16}

# kind -> (transformers config class, model class, model_type values of folders this kind loads)
_HF_KINDS = {
    "vit": ("ViTConfig", "ViTModel", ("vit",)),
    "dinov2": ("Dinov2Config", "Dinov2Model", ("dinov2",)),
    "siglip": ("SiglipVisionConfig", "SiglipVisionModel", ("siglip", "siglip_vision_model")),
    "clip": ("CLIPVisionConfig", "CLIPVisionModel", ("clip", "clip_vision_model")),
}

_TINY = {"hidden_size": 128, "num_hidden_layers": 4, "num_attention_heads": 4, "patch_size": 16, "image_size": 128}
# name -> (kind, transformers config fields; image_size is the native resolution)
VISION_SHAPES: dict[str, tuple[str, dict]] = {
    "tiny-vit": ("vit", dict(_TINY, intermediate_size=512)),
    "tiny-dinov2": ("dinov2", dict(_TINY, mlp_ratio=4)),
    "tiny-siglip": ("siglip", dict(_TINY, intermediate_size=512)),
    "tiny-clip": ("clip", dict(_TINY, intermediate_size=512)),
    # ViT-S/16 at 224 px (22M parameters): the `small` preset's random tower
    "small-vit": (
        "vit",
        {
            "hidden_size": 384,
            "num_hidden_layers": 12,
            "num_attention_heads": 6,
            "intermediate_size": 1536,
            "patch_size": 16,
            "image_size": 224,
        },
    ),
    # full-size shapes, for profiling without weights (real runs load a folder)
    "vit-b16": (
        "vit",
        {
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "intermediate_size": 3072,
            "patch_size": 16,
            "image_size": 224,
        },
    ),
    "dinov2-b14": (
        "dinov2",
        {
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "mlp_ratio": 4,
            "patch_size": 14,
            "image_size": 518,
        },
    ),  # RAD-DINO's shape
    "siglip-b16": (
        "siglip",
        {
            "hidden_size": 768,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "intermediate_size": 3072,
            "patch_size": 16,
            "image_size": 224,
        },
    ),
    "clip-l14-336": (
        "clip",
        {
            "hidden_size": 1024,
            "num_hidden_layers": 24,
            "num_attention_heads": 16,
            "intermediate_size": 4096,
            "patch_size": 14,
            "image_size": 336,
            "hidden_act": "quick_gelu",
        },
    ),
}


@dataclass
class VisionConfig:
    kind: str = "vit"  # vit | dinov2 | siglip | clip | timm
    path: str = ""  # local folder (transformers) or weights file / folder (timm)
    shape: str | None = None  # a VISION_SHAPES name: random weights of that shape
    image_size: int | None = None  # input resolution; None: the tower's own
    pooling: str = "cls"  # cls | mean (SigLIP: its attention-pooling head for cls)
    gradient_checkpointing: bool = False
    timm_name: str | None = None  # timm model name, e.g. eva02_large_patch14_clip_336
    freeze: bool = False  # no gradients for the tower (the projection still trains)
    dtype: str = "float32"  # float32 | bfloat16
    attention: str = "sdpa"  # transformers towers: sdpa | eager
    overrides: dict = field(default_factory=dict)  # config fields (transformers) or create_model kwargs (timm)

    def __post_init__(self) -> None:
        if self.kind not in VISION_KINDS:
            raise ConfigError(
                f"unknown vision tower {self.kind!r}; choose one of {', '.join(VISION_KINDS)}", field="vision.kind"
            )
        if self.pooling not in VISION_POOLING:
            raise ConfigError(
                f"unknown pooling {self.pooling!r}; choose one of {', '.join(VISION_POOLING)}",
                field="vision.pooling",
            )
        if self.dtype not in _DTYPES:
            raise ConfigError(f"unknown dtype {self.dtype!r}; choose one of {', '.join(_DTYPES)}", field="vision.dtype")
        if self.attention not in _ATTENTION:
            raise ConfigError(
                f"unknown attention {self.attention!r}; choose one of {', '.join(_ATTENTION)}",
                field="vision.attention",
            )
        if self.image_size is not None and int(self.image_size) < 1:
            raise ConfigError(
                "must be a positive number of pixels (or null for the tower's own)", field="vision.image_size"
            )
        if not isinstance(self.overrides, dict):
            raise ConfigError("must be a mapping of config fields", field="vision.overrides")
        if self.kind == "timm":
            if not self.timm_name:
                raise ConfigError(
                    "kind 'timm' needs the timm model name (e.g. eva02_large_patch14_clip_336)",
                    field="vision.timm_name",
                )
            if self.shape:
                raise ConfigError(
                    "shapes are transformers towers; a timm tower is named by timm_name", field="vision.shape"
                )
            return
        if self.shape and self.path:
            raise ConfigError(
                "give either path (a local folder) or shape (random weights), not both", field="vision.shape"
            )
        if self.shape:
            if self.shape not in VISION_SHAPES:
                raise ConfigError(
                    f"unknown shape {self.shape!r}; choose one of {', '.join(VISION_SHAPES)}", field="vision.shape"
                )
            if VISION_SHAPES[self.shape][0] != self.kind:
                raise ConfigError(
                    f"shape {self.shape!r} is a {VISION_SHAPES[self.shape][0]} tower, not {self.kind}",
                    field="vision.shape",
                )

    @property
    def torch_dtype(self) -> torch.dtype:
        return _DTYPES[self.dtype]


# --------------------------------------------------------------------------------------------- shapes, init


def _hf_classes(kind: str):
    import transformers

    config_name, model_name, _ = _HF_KINDS[kind]
    return getattr(transformers, config_name), getattr(transformers, model_name)


def _model_kwargs(kind: str) -> dict:
    return {"add_pooling_layer": False} if kind == "vit" else {}


def vision_shape_config(shape: str, image_size: int | None = None, **overrides):
    """The transformers config of ``shape`` (at ``image_size`` when given); ``overrides`` set config fields."""
    if shape not in VISION_SHAPES:
        raise ConfigError(f"unknown shape {shape!r}; choose one of {', '.join(VISION_SHAPES)}", field="vision.shape")
    kind, dims = VISION_SHAPES[shape]
    fields = dict(dims)
    if image_size is not None:
        fields["image_size"] = int(image_size)
    fields.update(overrides)
    return _hf_classes(kind)[0](**fields)


def vision_parameter_count(shape_or_config, image_size: int | None = None) -> int:
    """Parameters of a shape's tower (or of a transformers vision config), counted on the meta device."""
    config = vision_shape_config(shape_or_config, image_size) if isinstance(shape_or_config, str) else shape_or_config
    kind = next(k for k, (c, _, _) in _HF_KINDS.items() if type(config).__name__ == c)
    with torch.device("meta"):
        model = _hf_classes(kind)[1](config, **_model_kwargs(kind))
    return sum(p.numel() for p in model.parameters())


def init_vision(
    shape: str,
    out_dir: str | Path,
    seed: int = 0,
    image_size: int | None = None,
    dtype: str = "float32",
    **overrides,
) -> Path:
    """Write a randomly initialised ``shape`` tower (config.json, model.safetensors) to ``out_dir``; the same
    arguments give the same weights (the global RNG is left untouched). Load it with
    ``VisionConfig(kind=<the shape's kind>, path=out_dir)``."""
    if dtype not in _DTYPES:
        raise ConfigError(f"unknown dtype {dtype!r}; choose one of {', '.join(_DTYPES)}", field="vision.dtype")
    kind = VISION_SHAPES[shape][0] if shape in VISION_SHAPES else None
    config = vision_shape_config(shape, image_size, **overrides)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = _hf_classes(kind)[1](config, **_model_kwargs(kind)).to(_DTYPES[dtype])
    model.save_pretrained(str(out))
    return out


# ------------------------------------------------------------------------------------------------- building


def _square(size) -> int:
    if isinstance(size, (list, tuple)):
        if len({int(s) for s in size}) != 1:
            raise ConfigError(f"non-square native image size {size} is not supported", field="vision.path")
        return int(size[0])
    return int(size)


def _build_hf(cfg: VisionConfig):
    if not cfg.shape and not cfg.path:
        raise ConfigError(
            "no vision tower: give path (a local Hugging Face folder) or shape (random weights of "
            f"a named shape: {', '.join(VISION_SHAPES)})",
            field="vision.path",
        )
    _, model_cls = _hf_classes(cfg.kind)
    kwargs = _model_kwargs(cfg.kind)
    if cfg.shape:
        config = vision_shape_config(cfg.shape, cfg.image_size, **cfg.overrides)
        model = model_cls._from_config(config, attn_implementation=cfg.attention, dtype=cfg.torch_dtype, **kwargs)
    else:
        folder = Path(cfg.path)
        model_type = read_config(folder, "vision.path").get("model_type")
        accepted = _HF_KINDS[cfg.kind][2]
        if model_type not in accepted:
            raise ConfigError(
                f"{folder} holds a {model_type!r} model; kind {cfg.kind!r} loads {' / '.join(accepted)} folders",
                field="vision.kind",
            )
        check_weights(folder, "vision.path")
        with loading(folder, "vision.path"):
            model = model_cls.from_pretrained(
                str(folder),
                local_files_only=True,
                dtype=cfg.torch_dtype,
                attn_implementation=cfg.attention,
                **kwargs,
                **cfg.overrides,
            )
    if cfg.gradient_checkpointing:
        enable_activation_checkpointing(model)
    config = model.config
    if cfg.kind == "siglip" and cfg.pooling == "cls" and not getattr(config, "vision_use_head", True):
        raise ConfigError(
            "this SigLIP tower has no attention-pooling head (vision_use_head=false); use pooling=mean",
            field="vision.pooling",
        )
    return (
        model,
        _square(config.image_size),
        int(config.num_channels),
        int(config.hidden_size),
        _square(config.patch_size),
    )


def _timm_weights(path: Path) -> Path:
    if path.is_file():
        return path
    for name in ("model.safetensors", "open_clip_model.safetensors", "pytorch_model.bin"):
        if (path / name).is_file():
            return path / name
    raise InputError(
        "no timm weights found (a weights file, or a folder with model.safetensors or pytorch_model.bin)",
        file=path,
        field="vision.path",
    )


def _build_timm(cfg: VisionConfig):
    try:
        import timm
    except ImportError as exc:
        raise ConfigError(
            f"kind 'timm' (tower {cfg.timm_name!r}) needs the timm package, which is missing here "
            f"(it is not a megacxr dependency: install timm where the training runs, or use a "
            f"transformers tower: {', '.join(_HF_KINDS)})",
            field="vision.kind",
        ) from exc
    kwargs = {"num_classes": 0, "global_pool": "token" if cfg.pooling == "cls" else "avg", "in_chans": 3}
    if cfg.image_size is not None:
        kwargs["img_size"] = int(cfg.image_size)
    if cfg.path:  # a file overlay makes timm read local weights, never the hub
        kwargs["pretrained_cfg_overlay"] = {"file": str(_timm_weights(Path(cfg.path)))}
    kwargs.update(cfg.overrides)
    model = timm.create_model(cfg.timm_name, pretrained=bool(cfg.path), **kwargs).to(cfg.torch_dtype)
    if cfg.gradient_checkpointing:
        model.set_grad_checkpointing(True)
    native = cfg.image_size or _square(model.pretrained_cfg.get("input_size", (3, 224, 224))[-1])
    patch = getattr(getattr(model, "patch_embed", None), "patch_size", (1,))
    return model, int(native), 3, int(model.num_features), _square(patch)


# ---------------------------------------------------------------------------------------------------- tower


class VisionTower(nn.Module):
    """``pixel_values [B, C, H, W] -> [B, D]`` float32 pooled image features; see the module docstring."""

    def __init__(
        self, model: nn.Module, cfg: VisionConfig, native_size: int, channels: int, hidden: int, patch_size: int
    ):
        super().__init__()
        self.model = model
        self.cfg = cfg
        self.native_size = native_size
        self.channels = channels
        self.hidden = hidden
        self.patch_size = patch_size
        # a path, not the module: a second reference would register its weights twice in the state dict
        self._post_norm = _module_path(model, "post_layernorm") if cfg.kind == "clip" else None
        if cfg.freeze:
            for p in self.model.parameters():
                p.requires_grad_(False)
            self.model.eval()

    @classmethod
    def from_config(cls, cfg: VisionConfig) -> VisionTower:
        model, native, channels, hidden, patch = _build_timm(cfg) if cfg.kind == "timm" else _build_hf(cfg)
        return cls(model, cfg, native, channels, hidden, patch)

    @property
    def output_dim(self) -> int:
        return self.hidden

    @property
    def image_size(self) -> int:
        """The input resolution the tower is configured for (``cfg.image_size`` or the tower's own)."""
        return int(self.cfg.image_size or self.native_size)

    def train(self, mode: bool = True) -> VisionTower:
        super().train(mode)
        if self.cfg.freeze:
            self.model.eval()
        return self

    def _input(self, pixel_values: torch.Tensor) -> torch.Tensor:
        if pixel_values.dim() != 4:
            raise ValueError(f"pixel_values must be [B, C, H, W], got {tuple(pixel_values.shape)}")
        c = pixel_values.shape[1]
        if c != self.channels:
            if c == 1 and self.channels == 3:
                pixel_values = pixel_values.expand(-1, 3, -1, -1)
            else:
                raise ValueError(
                    f"the tower takes {self.channels}-channel images (or 1-channel, repeated), got {c} channels"
                )
        dtype = next(self.model.parameters()).dtype
        return pixel_values.to(dtype)

    def _pool_hf(self, x: torch.Tensor) -> torch.Tensor:
        kind, pooling = self.cfg.kind, self.cfg.pooling
        kwargs = {}
        if kind != "dinov2":  # DINOv2 always interpolates; the others refuse another size unless asked
            kwargs["interpolate_pos_encoding"] = tuple(x.shape[-2:]) != (self.native_size, self.native_size)
        out = self.model(pixel_values=x, **kwargs)
        tokens = out.last_hidden_state
        if kind == "siglip":
            return out.pooler_output if pooling == "cls" else tokens.mean(1)
        if kind == "clip":  # CLIP's last_hidden_state is before its final norm
            if pooling == "cls":
                return out.pooler_output
            return self.model.get_submodule(self._post_norm)(tokens[:, 1:]).mean(1)
        return tokens[:, 0] if pooling == "cls" else tokens[:, 1:].mean(1)

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        x = self._input(pixel_values)
        frozen = self.cfg.freeze and not x.requires_grad
        with torch.no_grad() if frozen else contextlib.nullcontext():
            feats = self.model(x) if self.cfg.kind == "timm" else self._pool_hf(x)
        return feats.float()


def _module_path(model: nn.Module, name: str) -> str:
    for path, _ in model.named_modules():
        if path.rsplit(".", 1)[-1] == name:
            return path
    raise ValueError(f"the tower has no {name!r} module")
