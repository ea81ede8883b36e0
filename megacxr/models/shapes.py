"""Named model shapes and randomly initialised model folders (no weights downloaded, ever).

Shapes (``SHAPES``; ``run.init_model`` and ``megacxr init-model --shape`` take these names):

* ``tiny``: Llama, hidden 64, 2 layers, 4 heads, 2 KV heads, intermediate 128, tied embeddings; vocabulary from
  the tokenizer. For tests and the demo.
* ``small``: Llama, hidden 512, 8 layers, 8 heads, 4 KV heads, intermediate 1536, tied embeddings; vocabulary from
  the tokenizer: about 29M parameters with an 8k vocabulary. The ``small`` preset: a real architecture to try
  the whole chain on your own data in minutes on a GPU (random init: it learns the data, it brings no language).
* ``llama-3.2-1b``: the published encoder's shape (hidden 2048, 16 layers, 32 / 8 heads, intermediate 8192,
  vocabulary 128256, RoPE theta 500000 with llama3 scaling, tied embeddings): 1,235,814,400 parameters.
* ``llama-3.1-8b``: hidden 4096, 32 layers, 32 / 8 heads, intermediate 14336, vocabulary 128256, untied:
  8,030,261,248 parameters.

``init_model(shape, out_dir, ...)`` writes a Hugging Face folder (config.json, model.safetensors, tokenizer) that
``ReportEncoder`` and ``AutoModelForCausalLM.from_pretrained(out_dir, local_files_only=True)`` load; the 1B / 8B
shapes let profiling run without the real weights. Training normally starts from a real downloaded checkpoint
(``mntp.model.path``), not from a shape. ``family`` builds the same shape in another decoder family (Mistral, Qwen2,
Gemma, Gemma-2, Gemma-3 text) so that tests cover them; family-specific settings keep their transformers defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from megacxr.errors import ConfigError

# torch, transformers and the tokenizer helpers are imported where a model is built: `megacxr --help` lists SHAPES
# (init-model --shape) without importing torch, which takes seconds

__all__ = ["FAMILIES", "SHAPES", "init_model", "parameter_count", "shape_config"]

_LLAMA3_ROPE = {
    "rope_type": "llama3",
    "rope_theta": 500000.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    "original_max_position_embeddings": 8192,
}

SHAPES: dict[str, dict] = {
    "tiny": {
        "hidden_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "intermediate_size": 128,
        "vocab_size": None,
        "tie_word_embeddings": True,
        "max_position_embeddings": 2048,
        "rms_norm_eps": 1e-5,
        "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0},
    },
    "small": {
        "hidden_size": 512,
        "num_hidden_layers": 8,
        "num_attention_heads": 8,
        "num_key_value_heads": 4,
        "intermediate_size": 1536,
        "vocab_size": None,
        "tie_word_embeddings": True,
        "max_position_embeddings": 2048,
        "rms_norm_eps": 1e-5,
        "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0},
    },
    "llama-3.2-1b": {
        "hidden_size": 2048,
        "num_hidden_layers": 16,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "intermediate_size": 8192,
        "vocab_size": 128256,
        "tie_word_embeddings": True,
        "max_position_embeddings": 131072,
        "rms_norm_eps": 1e-5,
        "rope_parameters": {**_LLAMA3_ROPE, "factor": 32.0},
    },
    "llama-3.1-8b": {
        "hidden_size": 4096,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "intermediate_size": 14336,
        "vocab_size": 128256,
        "tie_word_embeddings": False,
        "max_position_embeddings": 131072,
        "rms_norm_eps": 1e-5,
        "rope_parameters": {**_LLAMA3_ROPE, "factor": 8.0},
    },
}
FAMILIES = ("llama", "mistral", "qwen2", "gemma", "gemma2", "gemma3")
_SHAPE_KEYS = (
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "num_key_value_heads",
    "intermediate_size",
    "vocab_size",
    "tie_word_embeddings",
    "max_position_embeddings",
)


def _config_class(family: str):
    import transformers

    names = {
        "llama": "LlamaConfig",
        "mistral": "MistralConfig",
        "qwen2": "Qwen2Config",
        "gemma": "GemmaConfig",
        "gemma2": "Gemma2Config",
        "gemma3": "Gemma3TextConfig",
    }
    return getattr(transformers, names[family])


def shape_config(name: str, vocab_size: int | None = None, family: str | None = None, **overrides):
    """The transformers config of shape ``name`` (in ``family``, default Llama); ``overrides`` set any config
    field."""
    if name not in SHAPES:
        raise ConfigError(f"unknown model shape {name!r}; choose one of {', '.join(SHAPES)}", field="shape")
    family = family or "llama"
    if family not in FAMILIES:
        raise ConfigError(f"unknown family {family!r}; choose one of {', '.join(FAMILIES)}", field="family")
    shape = dict(SHAPES[name])
    if shape["vocab_size"] is None:
        if vocab_size is None:
            raise ConfigError(
                f"shape {name!r} takes its vocabulary size from the tokenizer; pass vocab_size",
                field="vocab_size",
            )
        shape["vocab_size"] = int(vocab_size)
    elif vocab_size is not None and int(vocab_size) > shape["vocab_size"]:
        raise ConfigError(
            f"the tokenizer has {vocab_size} tokens, more than shape {name!r}'s vocabulary of {shape['vocab_size']}",
            field="vocab_size",
        )
    kwargs = {k: shape[k] for k in _SHAPE_KEYS}
    kwargs["head_dim"] = shape["hidden_size"] // shape["num_attention_heads"]
    if family == "llama":
        kwargs.update(rms_norm_eps=shape["rms_norm_eps"], rope_parameters=dict(shape["rope_parameters"]))
    kwargs.update(overrides)
    return _config_class(family)(**kwargs)


def parameter_count(config) -> int:
    """Parameters of a Llama / Mistral / Qwen2-shaped decoder with an LM head, from its config alone."""
    h, v, i = config.hidden_size, config.vocab_size, config.intermediate_size
    d = getattr(config, "head_dim", None) or h // config.num_attention_heads
    q, kv = config.num_attention_heads * d, config.num_key_value_heads * d
    attn = h * q + 2 * h * kv + q * h
    if getattr(config, "attention_bias", False) or config.model_type == "qwen2":
        attn += q + 2 * kv
    layer = attn + 3 * h * i + 2 * h
    head = 0 if config.tie_word_embeddings else v * h
    return v * h + config.num_hidden_layers * layer + h + head


def _tokenizer(out: Path, tokenizer_dir, texts, kind: str):
    from megacxr.models.tokenizer import train_tokenizer  # start-up cost (module comment)
    from megacxr.tokens import load_tokenizer  # start-up cost (module comment)

    if tokenizer_dir is not None and texts is not None:
        raise ConfigError(
            "give either tokenizer_dir (copy a tokenizer) or texts (train one), not both", field="tokenizer"
        )
    if tokenizer_dir is not None:
        tok = load_tokenizer(Path(tokenizer_dir))
        tok.save_pretrained(str(out))
        return tok
    if texts is None:
        raise ConfigError("init_model needs a tokenizer: pass tokenizer_dir or texts", field="tokenizer")
    train_tokenizer(texts, out, kind=kind)
    return load_tokenizer(out)


def init_model(
    shape: str,
    out_dir: str | Path,
    tokenizer_dir: str | Path | None = None,
    texts: Sequence[str] | None = None,
    seed: int = 0,
    family: str | None = None,
    dtype: str = "float32",
    tokenizer_kind: str | None = None,
    **overrides,
) -> Path:
    """Write a randomly initialised model of ``shape`` with its tokenizer to ``out_dir`` and return the folder.

    With ``texts`` a tokenizer is trained on them (``tokenizer_kind``: word-level by default; byte-level BPE for
    Qwen2, whose folders transformers always loads with its own byte-level BPE tokenizer class); with
    ``tokenizer_dir`` that tokenizer is copied. ``overrides`` set config fields (``vocab_size`` above the
    tokenizer's size gives the shape's real head, e.g. 128256 for Llama 3, with a small trained tokenizer). The
    same arguments and ``seed`` give the same weights (the global RNG is left untouched)."""
    import torch  # start-up cost (see the imports at the top)
    from transformers import AutoModelForCausalLM

    if dtype not in ("float32", "bfloat16"):
        raise ConfigError(f"unknown dtype {dtype!r}; choose float32 or bfloat16", field="dtype")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kind = tokenizer_kind or ("bpe" if family == "qwen2" else "wordlevel")
    tok = _tokenizer(out, tokenizer_dir, texts, kind)
    special = {"pad_token_id": tok.pad_token_id, "bos_token_id": tok.bos_token_id, "eos_token_id": tok.eos_token_id}
    vocab = int(overrides.pop("vocab_size", len(tok)))  # larger than the tokenizer: the shape's real head size
    if vocab < len(tok):
        raise ConfigError(f"vocab_size {vocab} is below the tokenizer's {len(tok)} tokens", field="vocab_size")
    config = shape_config(shape, vocab_size=vocab, family=family, **{**special, **overrides})
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = AutoModelForCausalLM.from_config(config, dtype=getattr(torch, dtype))
    model.save_pretrained(str(out))
    return out
