"""The report encoder of the ``mntp`` and ``supcon`` stages: a Hugging Face decoder LLM made bidirectional.

``ReportEncoder.from_config(TextModelConfig)`` loads a causal LM (Llama, Mistral, Qwen2, Gemma families) from a
local folder (``local_files_only``; the tokenizer sits in the same folder), chooses the attention backend
(``megacxr.kernels.attention``), optionally wraps it in a peft LoRA and turns on gradient checkpointing, and adds
a pooling head (``megacxr.models.pooling``). If the folder holds a pooling head of the same kind (an
``export_encoder`` folder), its weights are loaded.

* ``hidden_states(text)``: last-layer states after the final norm, ``[B, L, H]`` for a padded text dict or
  ``[1, T, H]`` for a packed one (see ``megacxr.data.batches``). Each sequence attends to all of its own tokens
  (or causally with ``bidirectional=False``, the control) and never across a packing boundary or to padding.
* ``pool(hidden, text)`` / ``embed(text)``: ``[B, H]`` float32 embeddings; ``forward(text)`` is ``embed`` (or
  ``hidden_states`` with ``output="hidden"``), so a DeepSpeed engine can wrap the module.
* For MNTP: ``lm_head`` (the output embedding module, run by the loss at masked positions only) and
  ``logit_softcap`` (Gemma-2's ``final_logit_softcapping``: logits = cap * tanh(logits / cap), or None).

The model knows nothing of parallelism: the trainer wraps it (DeepSpeed, ZeRO) and calls it.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn

from megacxr.errors import ConfigError, InputError
from megacxr.hf_folder import check_weights, loading, read_config
from megacxr.kernels.attention import backends as attn
from megacxr.models.checkpointing import enable_activation_checkpointing
from megacxr.models.pooling import Pooler, PoolingConfig
from megacxr.tokens import document_ids, load_tokenizer

__all__ = ["DEFAULT_LORA_TARGETS", "LoraSettings", "ReportEncoder", "TextModelConfig"]

log = logging.getLogger(__name__)

DEFAULT_LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
_SHORT_TARGETS = {
    "q": "q_proj",
    "k": "k_proj",
    "v": "v_proj",
    "o": "o_proj",
    "gate": "gate_proj",
    "up": "up_proj",
    "down": "down_proj",
}
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16}
POOLING_FILE, POOLING_CONFIG = "pooling.safetensors", "pooling.json"


@dataclass
class LoraSettings:
    enabled: bool = True
    r: int = 16
    alpha: float = 32.0
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: list(DEFAULT_LORA_TARGETS))  # q, k, ... or q_proj

    def __post_init__(self) -> None:
        if int(self.r) < 1:
            raise ConfigError("must be at least 1", field="lora.r")
        if not float(self.alpha) > 0:
            raise ConfigError("must be positive", field="lora.alpha")
        if not 0.0 <= float(self.dropout) < 1.0:
            raise ConfigError("must be in [0, 1)", field="lora.dropout")
        if not self.target_modules or not all(isinstance(t, str) and t for t in self.target_modules):
            raise ConfigError("must be a non-empty list of module names", field="lora.target_modules")

    @property
    def modules(self) -> list[str]:
        """``target_modules`` with the short names (q, k, v, o, gate, up, down) expanded."""
        return [_SHORT_TARGETS.get(t, t) for t in self.target_modules]


@dataclass
class TextModelConfig:
    path: str = ""  # local Hugging Face folder (config, weights, tokenizer)
    attention: str = "auto"  # auto | sdpa | flex | flash | eager
    dtype: str = "float32"  # float32 | bfloat16
    gradient_checkpointing: bool = False
    bidirectional: bool = True  # False: causal attention (the decoder as it was trained)
    lora: LoraSettings = field(default_factory=LoraSettings)
    pooling: PoolingConfig = field(default_factory=PoolingConfig)

    def __post_init__(self) -> None:
        if self.attention not in attn.ATTENTION_BACKENDS:
            raise ConfigError(
                f"unknown attention backend {self.attention!r}; choose one of {', '.join(attn.ATTENTION_BACKENDS)}",
                field="attention",
            )
        if self.dtype not in DTYPES:
            raise ConfigError(f"unknown dtype {self.dtype!r}; choose one of {', '.join(DTYPES)}", field="dtype")
        if isinstance(self.lora, dict):
            self.lora = LoraSettings(**self.lora)
        if isinstance(self.pooling, dict):
            self.pooling = PoolingConfig(**self.pooling)

    @property
    def torch_dtype(self) -> torch.dtype:
        return DTYPES[self.dtype]


def _model_folder(path: str) -> Path:
    if not path:
        raise ConfigError("no model folder given (a local Hugging Face checkpoint)", field="path")
    folder = Path(path)
    read_config(folder, "model.path")  # present, one JSON object
    check_weights(folder, "model.path")
    return folder


def _load_pooler(pooler: Pooler, folder: Path) -> bool:
    """Load ``folder``'s pooling head into ``pooler`` when it is of the same kind; True if loaded."""
    meta_path = folder / POOLING_CONFIG
    if not meta_path.is_file():
        return False
    meta = json.loads(meta_path.read_text())
    if meta.get("kind") != pooler.cfg.kind:
        log.warning("%s holds a %s pooling head; starting a fresh %s head", folder, meta.get("kind"), pooler.cfg.kind)
        return False
    for key in ("latents", "heads", "mlp_ratio"):
        if pooler.cfg.kind == "latent_attention" and key in meta and meta[key] != getattr(pooler.cfg, key):
            raise ConfigError(
                f"the saved {pooler.cfg.kind} head has {key}={meta[key]}, the config {getattr(pooler.cfg, key)}",
                field=f"pooling.{key}",
            )
    if (folder / POOLING_FILE).is_file():
        from safetensors.torch import load_file

        state = load_file(str(folder / POOLING_FILE))
        missing, unexpected = pooler.load_state_dict(state, strict=False)
        if missing or unexpected:
            raise InputError(
                f"pooling head weights do not match (missing {missing}, unexpected {unexpected})",
                file=folder / POOLING_FILE,
                field="pooling",
            )
    return True


class ReportEncoder(nn.Module):
    """Bidirectional decoder LLM + pooling head; see the module docstring."""

    def __init__(self, backbone: nn.Module, pooler: Pooler, cfg: TextModelConfig, backend: str):
        super().__init__()
        self.backbone = backbone
        self.pooler = pooler
        self.cfg = cfg
        self.backend = backend

    # ------------------------------------------------------------------------------------------- construction
    @classmethod
    def from_config(cls, cfg: TextModelConfig) -> ReportEncoder:
        from transformers import AutoConfig, AutoModelForCausalLM

        folder = _model_folder(cfg.path)
        with loading(folder, "model.path"):
            hf_config = AutoConfig.from_pretrained(str(folder), local_files_only=True)
        backend = attn.resolve_backend(
            cfg.attention, cfg.torch_dtype, getattr(hf_config, "attn_logit_softcapping", None)
        )
        with loading(folder, "model.path"):
            model = AutoModelForCausalLM.from_pretrained(
                str(folder),
                local_files_only=True,
                dtype=cfg.torch_dtype,
                attn_implementation=attn.HF_IMPLEMENTATION[backend],
            )
        model.config.use_cache = False
        if cfg.gradient_checkpointing:
            enable_activation_checkpointing(model)
        if cfg.lora.enabled:
            model = _wrap_lora(model, cfg.lora)
        pooler = Pooler(cfg.pooling, model.config.hidden_size).to(cfg.torch_dtype)
        if _load_pooler(pooler, folder):
            log.info("loaded the %s pooling head from %s", cfg.pooling.kind, folder)
        return cls(model, pooler, cfg, backend)

    # ------------------------------------------------------------------------------------------------ parts
    @property
    def causal_lm(self) -> nn.Module:
        """The transformers causal LM (inside the peft wrapper when LoRA is on; LoRA layers are in place)."""
        get = getattr(self.backbone, "get_base_model", None)
        return get() if get is not None else self.backbone

    @property
    def decoder(self) -> nn.Module:
        """The decoder stack without the LM head (``LlamaModel`` and the like)."""
        return self.causal_lm.get_decoder()

    @property
    def lm_head(self) -> nn.Module:
        return self.causal_lm.get_output_embeddings()

    @property
    def logit_softcap(self) -> float | None:
        cap = getattr(self.causal_lm.config, "final_logit_softcapping", None)
        return float(cap) if cap else None

    @property
    def hidden_size(self) -> int:
        return int(self.causal_lm.config.hidden_size)

    @property
    def vocab_size(self) -> int:
        return int(self.causal_lm.config.vocab_size)

    @property
    def tokenizer_path(self) -> Path:
        return Path(self.cfg.path)

    def load_tokenizer(self):
        return load_tokenizer(self.tokenizer_path)

    def num_parameters(self, trainable_only: bool = False) -> int:
        seen, total = set(), 0
        for p in self.parameters():
            if id(p) in seen or (trainable_only and not p.requires_grad):
                continue
            seen.add(id(p))
            total += int(getattr(p, "ds_numel", p.numel()))  # ds_numel: the full size of a ZeRO-3 partition
        return total

    def set_attention(self, name: str) -> str:
        """Switch the attention backend (same weights); returns the concrete backend."""
        backend = attn.resolve_backend(
            name, self.cfg.torch_dtype, getattr(self.causal_lm.config, "attn_logit_softcapping", None)
        )
        self.causal_lm.set_attn_implementation(attn.HF_IMPLEMENTATION[backend])
        self.backend = backend
        return backend

    # -------------------------------------------------------------------------------------------- forward
    def _compute_dtype(self) -> torch.dtype:
        return self.decoder.get_input_embeddings().weight.dtype

    def _check_flex_backward(self, device: torch.device) -> None:
        if (
            self.backend == "flex"
            and device.type == "cpu"
            and torch.is_grad_enabled()
            and any(p.requires_grad for p in self.parameters())
        ):
            raise ConfigError(
                "FlexAttention has no backward on CPU: train with attention=sdpa there (flex runs "
                "forward-only on CPU, e.g. under torch.no_grad())",
                field="attention",
            )
        if self.backend == "flex" and device.type == "cpu" and not attn.flex_cpu_compiles():
            raise ConfigError(
                "FlexAttention's compiled CPU kernel computes wrong values on this CPU (no AVX-512: "
                f"{torch.backends.cpu.get_cpu_capability()}, torch {torch.__version__}): use attention=sdpa on CPU",
                field="attention",
            )

    def _run(self, input_ids, position_ids, attention_mask=None, **kwargs) -> torch.Tensor:
        # flex: static compiled shapes on CPU (kernels/attention/backends.py says why)
        context = attn.flex_compile_context(input_ids.device) if self.backend == "flex" else contextlib.nullcontext()
        with context:
            out = self.decoder(
                input_ids=input_ids,
                position_ids=position_ids,
                attention_mask=attention_mask,
                use_cache=False,
                is_causal=not self.cfg.bidirectional,
                **kwargs,
            )
        return out.last_hidden_state

    def _packed(self, ids, pos, cu, max_seqlen: int) -> torch.Tensor:
        total = ids.shape[1]
        causal = not self.cfg.bidirectional
        if self.backend == "flash":
            real = int(cu[-1])
            cu_all = cu if real == total else torch.cat([cu, cu.new_tensor([total])])
            longest = max(int(max_seqlen), total - real)
            cu_all = cu_all.to(device=ids.device, dtype=torch.int32)
            return self._run(
                ids, pos, cu_seq_lens_q=cu_all, cu_seq_lens_k=cu_all, max_length_q=longest, max_length_k=longest
            )
        mod = attn.packed_mask_mod(document_ids(cu.to(ids.device), total), causal)
        return self._run(ids, pos, self._mask(mod, None if self.backend == "flex" else 1, total, ids.device))

    def _mask(self, mod, batch: int | None, length: int, device):
        if self.backend == "flex":
            return attn.block_mask(mod, batch, length, device)
        keep = attn.dense_mask(mod, batch, length, device)
        return keep if self.backend == "sdpa" else attn.additive_mask(keep, self._compute_dtype())

    def _padded(self, ids, mask) -> torch.Tensor:
        valid = mask.bool()
        pos = (valid.long().cumsum(1) - 1).clamp(min=0)
        if self.backend == "flash":  # unpad to one packed row, run, scatter back
            lengths = valid.sum(1)
            cu = torch.zeros(lengths.numel() + 1, dtype=torch.int32, device=ids.device)
            cu[1:] = lengths.cumsum(0)
            packed = self._packed(ids[valid][None], pos[valid][None], cu, int(lengths.max()))
            out = packed.new_zeros(*ids.shape, packed.shape[-1])
            out[valid] = packed[0]
            return out
        mod = attn.padded_mask_mod(valid, not self.cfg.bidirectional)
        return self._run(ids, pos, self._mask(mod, ids.shape[0], ids.shape[1], ids.device))

    def hidden_states(self, text: dict) -> torch.Tensor:
        """Last-layer states after the final norm: ``[B, L, H]`` (padded) or ``[1, T, H]`` (packed)."""
        ids = text["input_ids"]
        self._check_flex_backward(ids.device)
        if "cu_seqlens" in text:
            if ids.dim() != 2 or ids.shape[0] != 1:
                raise ValueError(f"a packed batch has input_ids [1, T], got {tuple(ids.shape)}")
            pos = text.get("position_ids")
            cu = text["cu_seqlens"].to(ids.device)
            if pos is None:
                seg = document_ids(cu, ids.shape[1])
                pos = (torch.arange(ids.shape[1], device=ids.device) - cu.long()[seg])[None]
            max_seqlen = text.get("max_seqlen")
            if max_seqlen is None:
                max_seqlen = int((cu[1:] - cu[:-1]).max())
            return self._packed(ids, pos.to(ids.device), cu, int(max_seqlen))
        if "attention_mask" not in text:
            raise ValueError("a padded text batch needs attention_mask (or cu_seqlens for a packed one)")
        return self._padded(ids, text["attention_mask"].to(ids.device))

    def pool(self, hidden: torch.Tensor, text: dict) -> torch.Tensor:
        """``[B, H]`` float32 embeddings of the sequences of ``text`` (instruction tokens and padding left out)."""
        return self.pooler(hidden, text)

    def embed(self, text: dict) -> torch.Tensor:
        return self.pool(self.hidden_states(text), text)

    def forward(self, text: dict, output: str = "embedding") -> torch.Tensor:
        if output == "embedding":
            return self.embed(text)
        if output == "hidden":
            return self.hidden_states(text)
        raise ValueError(f"output must be 'embedding' or 'hidden', got {output!r}")


def _wrap_lora(model: nn.Module, lora: LoraSettings) -> nn.Module:
    from peft import LoraConfig, get_peft_model

    wanted = lora.modules
    names = {n.rsplit(".", 1)[-1] for n, m in model.named_modules() if isinstance(m, nn.Linear)}
    missing = [t for t in wanted if t not in names]
    if missing:
        raise ConfigError(
            f"no linear module named {missing} in this model (it has {sorted(names)})",
            field="lora.target_modules",
        )
    config = LoraConfig(
        r=int(lora.r),
        lora_alpha=float(lora.alpha),
        lora_dropout=float(lora.dropout),
        target_modules=wanted,
        bias="none",
    )
    return get_peft_model(model, config)
