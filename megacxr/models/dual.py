"""The ``clip`` stage's dual tower: a vision tower and the stage-2 report encoder mapped into one embedding space.

``DualTower.from_config(DualTowerConfig)`` builds the vision tower (``megacxr.models.vision``), loads the report
encoder exported by stage 2 (``text_path``, a ``megacxr.models.export_encoder`` folder) and adds projections to
``embed_dim`` and a learnable temperature (``logit_scale``, a ``megacxr.losses.LogitScale``; with
``init_logit_bias`` also SigLIP's ``logit_bias``). The stage computes the loss; there is no ``forward``.

* ``encode_image(pixel_values [B, C, H, W]) -> [B, E]``: tower features, then a bias-free linear projection.
* ``encode_text(text) -> [B, E]``: a text dict of ``megacxr.data.batches`` (padded or packed), through the
  report encoder (its pooling head included), the adapter, then the text projection.
* ``encode_cached_text(emb [B, H]) -> [B, E]``: adapter and projection on precomputed report embeddings
  (``megacxr.data.text_cache``), ``frozen_cached`` mode only.
* Outputs are float32 and L2-normalised unless ``normalize=False``.

Text modes (``text_mode``) and what trains:

* ``frozen_cached`` (LLM2CLIP): the report encoder is frozen and not part of the module at all; each report is
  embedded once ahead of training (``build_text_cache``) and a step reads ``TextCache.lookup(keys)``. Trains: the
  vision tower, the adapter (``adapter_blocks`` pre-norm residual MLP blocks on the embedding, 4 by default in
  this mode) and both projections. ``encode_text`` still works (for evaluation): it loads the frozen encoder on
  first use, outside the module's parameters, so it is never optimised, sharded or checkpointed. Sentence
  shuffle cannot apply in this mode (one embedding per report).
* ``frozen_lora`` (the published recipe): the encoder's weights are frozen and wrapped in a fresh peft LoRA
  (``text_lora``: r16, alpha 32, dropout 0.1 on q, k, v, o; the export holds merged weights and no LoRA). Trains:
  the vision tower, the LoRA matrices, the adapter if any, both projections. The encoder's pooling head
  (latent attention) stays frozen: it was trained in stage 2 on the same backbone outputs, and LoRA alone is the
  published budget for adapting the text side.
* ``full``: everything trains, the encoder's backbone and pooling head included.

In every mode the vision tower trains unless ``vision.freeze``, and ``logit_scale`` trains. The text projection
is ``ln_linear`` (LayerNorm then Linear, the published way) or ``linear``. Inputs are cast to each head's weight
dtype (a DeepSpeed bf16 engine casts the module, while the towers return float32). The model knows nothing of
parallelism.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from megacxr.errors import ConfigError, InputError
from megacxr.kernels.attention import ATTENTION_BACKENDS
from megacxr.losses.contrastive import LogitScale
from megacxr.models.encoder import DTYPES, POOLING_CONFIG, LoraSettings, ReportEncoder, TextModelConfig
from megacxr.models.pooling import PoolingConfig
from megacxr.models.vision import VisionConfig, VisionTower

__all__ = [
    "TEXT_MODES",
    "TEXT_PROJECTIONS",
    "DualTower",
    "DualTowerConfig",
    "ResidualMLP",
    "clip_lora",
    "load_frozen_text",
]

TEXT_MODES = ("frozen_cached", "frozen_lora", "full")
TEXT_PROJECTIONS = ("linear", "ln_linear")
_CACHED_ADAPTER_BLOCKS = 4


def clip_lora() -> LoraSettings:
    """The published CLIP-stage text LoRA: r16, alpha 32, dropout 0.1 on q, k, v, o."""
    return LoraSettings(r=16, alpha=32.0, dropout=0.1, target_modules=["q", "k", "v", "o"])


def _nested(value, default, prefix: str):
    """A mapping laid over ``default()`` (so ``{"r": 8}`` keeps the CLIP LoRA's other settings), with ConfigError
    fields renamed under ``prefix`` (text_lora.r)."""
    if not isinstance(value, dict):
        return value
    try:
        return dataclasses.replace(default(), **value)
    except ConfigError as exc:
        old = (exc.field or "").split(".")[-1]
        raise ConfigError(exc.detail, field=f"{prefix}.{old}" if old else prefix) from exc
    except TypeError as exc:
        raise ConfigError(f"unknown key ({exc})", field=prefix) from exc


@dataclass
class DualTowerConfig:
    vision: VisionConfig = field(default_factory=VisionConfig)
    text_path: str = ""  # the stage-2 export folder
    text_mode: str = "frozen_lora"  # frozen_cached | frozen_lora | full
    text_lora: LoraSettings = field(default_factory=clip_lora)  # frozen_lora only
    text_attention: str = "auto"  # the report encoder's attention backend
    text_dtype: str | None = None  # None: the export's dtype
    text_gradient_checkpointing: bool = False
    embed_dim: int = 512
    normalize: bool = True  # L2-normalise both embeddings
    init_temperature: float = 0.07
    max_logit_scale: float = 100.0
    learn_temperature: bool = True
    init_logit_bias: float | None = None  # a learnable SigLIP bias (SigLIP: -10), None: no bias
    adapter_blocks: int | None = None  # residual MLP blocks on the text embedding; None: 4 in frozen_cached,
    adapter_mlp_ratio: float = 4.0  # 0 otherwise; block width = ratio * text hidden size
    text_projection: str = "ln_linear"  # linear | ln_linear

    def __post_init__(self) -> None:
        self.vision = _nested(self.vision, VisionConfig, "vision")
        self.text_lora = _nested(self.text_lora, clip_lora, "text_lora")
        if self.text_mode not in TEXT_MODES:
            raise ConfigError(
                f"unknown text mode {self.text_mode!r}; choose one of {', '.join(TEXT_MODES)}", field="text_mode"
            )
        if self.text_mode == "frozen_lora" and not self.text_lora.enabled:
            raise ConfigError(
                "text_mode frozen_lora needs text_lora.enabled (or choose frozen_cached / full)",
                field="text_lora.enabled",
            )
        if self.text_attention not in ATTENTION_BACKENDS:
            raise ConfigError(
                f"unknown attention backend {self.text_attention!r}; choose one of {', '.join(ATTENTION_BACKENDS)}",
                field="text_attention",
            )
        if self.text_dtype is not None and self.text_dtype not in DTYPES:
            raise ConfigError(
                f"unknown dtype {self.text_dtype!r}; choose one of {', '.join(DTYPES)}", field="text_dtype"
            )
        if int(self.embed_dim) < 1:
            raise ConfigError("must be at least 1", field="embed_dim")
        if not float(self.init_temperature) > 0:
            raise ConfigError("must be > 0", field="init_temperature")
        if not float(self.max_logit_scale) >= 1.0 / float(self.init_temperature):
            raise ConfigError(
                f"must be >= 1 / init_temperature = {1.0 / float(self.init_temperature):g}",
                field="max_logit_scale",
            )
        if self.adapter_blocks is not None and int(self.adapter_blocks) < 0:
            raise ConfigError("must be >= 0 (or null for the mode's default)", field="adapter_blocks")
        if not float(self.adapter_mlp_ratio) > 0:
            raise ConfigError("must be positive", field="adapter_mlp_ratio")
        if self.text_projection not in TEXT_PROJECTIONS:
            raise ConfigError(
                f"unknown projection {self.text_projection!r}; choose one of {', '.join(TEXT_PROJECTIONS)}",
                field="text_projection",
            )

    @property
    def num_adapter_blocks(self) -> int:
        if self.adapter_blocks is not None:
            return int(self.adapter_blocks)
        return _CACHED_ADAPTER_BLOCKS if self.text_mode == "frozen_cached" else 0


class ResidualMLP(nn.Module):
    """``x + Linear(GELU(Linear(LayerNorm(x))))``: one block of LLM2CLIP's adapter on the text embedding."""

    def __init__(self, dim: int, mlp_ratio: float = 4.0):
        super().__init__()
        width = max(1, int(round(dim * mlp_ratio)))
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, width)
        self.fc2 = nn.Linear(width, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.fc2(F.gelu(self.fc1(self.norm(x))))


# ------------------------------------------------------------------------------------------------- text side


def _export_folder(path: str) -> Path:
    if not path:
        raise ConfigError("no report encoder given: text_path is the stage-2 export folder", field="text_path")
    folder = Path(path)
    if not (folder / "megacxr_encoder.json").is_file():
        raise InputError(
            "not an exported megacxr encoder (no megacxr_encoder.json): text_path is the stage-2 export folder",
            file=folder,
            field="text_path",
        )
    return folder


def _text_model_config(folder: Path, cfg: DualTowerConfig, lora: bool) -> TextModelConfig:
    """What ``load_encoder`` builds, plus the CLIP stage's LoRA and gradient checkpointing."""
    info = json.loads((folder / "megacxr_encoder.json").read_text())
    pooling = json.loads((folder / POOLING_CONFIG).read_text())
    fields = {f.name for f in dataclasses.fields(PoolingConfig)}
    return TextModelConfig(
        path=str(folder),
        attention=cfg.text_attention,
        dtype=cfg.text_dtype or info.get("dtype", "float32"),
        gradient_checkpointing=bool(cfg.text_gradient_checkpointing),
        bidirectional=bool(info.get("bidirectional", True)),
        lora=cfg.text_lora if lora else LoraSettings(enabled=False),
        pooling=PoolingConfig(**{k: v for k, v in pooling.items() if k in fields}),
    )


def _export_hidden_size(folder: Path) -> int:
    pooling = json.loads((folder / POOLING_CONFIG).read_text())
    if "hidden_size" in pooling:
        return int(pooling["hidden_size"])
    return int(json.loads((folder / "config.json").read_text())["hidden_size"])


def load_frozen_text(cfg: DualTowerConfig) -> ReportEncoder:
    """The export's report encoder, every weight frozen and in eval mode (what ``frozen_cached`` embeds with)."""
    folder = _export_folder(cfg.text_path)
    tcfg = _text_model_config(folder, cfg, lora=False)
    tcfg.gradient_checkpointing = False
    encoder = ReportEncoder.from_config(tcfg)
    encoder.requires_grad_(False)
    return encoder.eval()


# ---------------------------------------------------------------------------------------------------- model


class DualTower(nn.Module):
    """Vision tower + report encoder + projections + temperature; see the module docstring."""

    def __init__(self, cfg: DualTowerConfig, vision: VisionTower, text: ReportEncoder | None, text_dim: int):
        super().__init__()
        self.cfg = cfg
        self.vision = vision
        self.text = text
        self.text_dim = int(text_dim)
        e = int(cfg.embed_dim)
        self.vision_proj = nn.Linear(vision.output_dim, e, bias=False)
        blocks = [ResidualMLP(self.text_dim, float(cfg.adapter_mlp_ratio)) for _ in range(cfg.num_adapter_blocks)]
        self.text_adapter = nn.Sequential(*blocks)
        linear = nn.Linear(self.text_dim, e, bias=False)
        self.text_proj = (
            nn.Sequential(nn.LayerNorm(self.text_dim), linear)
            if cfg.text_projection == "ln_linear"
            else nn.Sequential(linear)
        )
        self.logit_scale = LogitScale(cfg.init_temperature, cfg.max_logit_scale, learnable=cfg.learn_temperature)
        self.logit_bias = (
            None if cfg.init_logit_bias is None else nn.Parameter(torch.tensor([float(cfg.init_logit_bias)]))
        )  # [1]: see LogitScale
        self.__dict__["_frozen_text"] = None  # frozen_cached: loaded on first encode_text, never registered

    @classmethod
    def from_config(cls, cfg: DualTowerConfig) -> DualTower:
        folder = _export_folder(cfg.text_path)  # checked before the (larger) models load
        vision = VisionTower.from_config(cfg.vision)
        if cfg.text_mode == "frozen_cached":
            return cls(cfg, vision, None, _export_hidden_size(folder))
        text = ReportEncoder.from_config(_text_model_config(folder, cfg, lora=cfg.text_mode == "frozen_lora"))
        if cfg.text_mode == "frozen_lora":
            text.pooler.requires_grad_(False)  # peft froze the backbone; LoRA matrices are all that train
        return cls(cfg, vision, text, text.hidden_size)

    # ------------------------------------------------------------------------------------------------ parts
    @property
    def embed_dim(self) -> int:
        return int(self.cfg.embed_dim)

    @property
    def text_mode(self) -> str:
        return self.cfg.text_mode

    @property
    def text_tokenizer_path(self) -> Path:
        """The export folder, which holds the tokenizer the text batches must be made with."""
        return Path(self.cfg.text_path)

    def frozen_text_encoder(self) -> ReportEncoder:
        """``frozen_cached``: the frozen report encoder (loaded once, on this module's device, not a submodule)."""
        if self.cfg.text_mode != "frozen_cached":
            raise ValueError(
                f"frozen_text_encoder is the frozen_cached mode's encoder; in {self.cfg.text_mode} mode use .text"
            )
        encoder = self.__dict__["_frozen_text"]
        if encoder is None:
            encoder = load_frozen_text(self.cfg)
            self.__dict__["_frozen_text"] = encoder
        device = self.text_proj[-1].weight.device
        if next(encoder.parameters()).device != device:
            encoder.to(device)
        return encoder

    def release_frozen_text(self) -> None:
        """``frozen_cached``: drop the frozen encoder once the cache is built (the training step never runs it)."""
        self.__dict__["_frozen_text"] = None

    def num_parameters(self, trainable_only: bool = False) -> int:
        seen, total = set(), 0
        for p in self.parameters():
            if id(p) in seen or (trainable_only and not p.requires_grad):
                continue
            seen.add(id(p))
            total += int(getattr(p, "ds_numel", p.numel()))  # ds_numel: the full size of a ZeRO-3 partition
        return total

    # --------------------------------------------------------------------------------------------- encoding
    def _finish(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float()
        return F.normalize(x, dim=-1) if self.cfg.normalize else x

    def encode_image(self, pixel_values: torch.Tensor) -> torch.Tensor:
        feats = self.vision(pixel_values)
        return self._finish(self.vision_proj(feats.to(self.vision_proj.weight.dtype)))

    def project_text(self, emb: torch.Tensor) -> torch.Tensor:
        """Adapter and projection of report embeddings ``[B, H]`` (the text head, in every mode)."""
        if emb.dim() != 2 or emb.shape[1] != self.text_dim:
            raise ValueError(f"text embeddings must be [B, {self.text_dim}], got {tuple(emb.shape)}")
        x = emb.to(self.text_proj[-1].weight.dtype)
        return self._finish(self.text_proj(self.text_adapter(x)))

    def encode_cached_text(self, emb: torch.Tensor) -> torch.Tensor:
        """``frozen_cached``: ``[B, H]`` cached report embeddings (``TextCache.lookup``) -> ``[B, E]``."""
        if self.cfg.text_mode != "frozen_cached":
            raise ValueError(
                f"cached text embeddings belong to text_mode frozen_cached; this tower is "
                f"{self.cfg.text_mode} (its text encoder trains, a cache would be stale)"
            )
        return self.project_text(emb)

    def encode_text(self, text: dict) -> torch.Tensor:
        """A text dict (padded or packed, ``megacxr.data.batches``) -> ``[B, E]``."""
        if self.text is None:
            encoder = self.frozen_text_encoder()
            with torch.no_grad():
                emb = encoder.embed(text)
        else:
            emb = self.text.embed(text)
        return self.project_text(emb)
