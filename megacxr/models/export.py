"""Export a trained report encoder as a Hugging Face folder, and load it back.

* ``merged_state_dict(encoder)``: the causal LM's weights under its own transformers names, LoRA folded in
  (``W + scaling * B @ A`` through peft's ``get_delta_weight``), as CPU copies, without touching the module. The
  trainer calls it on rank 0 inside a ZeRO-3 ``GatheredParameters`` context, where peft's ``merge_and_unload``
  (which rewrites the modules) is unsafe and the gathered storage is released on exit, hence the copies. Tied
  weights (Llama-3.2's embeddings and LM head) appear once, under the first name.
* ``export_encoder(encoder, out_dir, tokenizer=None, text=None)``: writes ``config.json``, ``model.safetensors``
  (merged weights), the tokenizer files, ``pooling.safetensors`` + ``pooling.json`` (head kind and shape) and
  ``megacxr_encoder.json`` (attention, bidirectional, dtype, and the text settings when given), and
  ``modeling_megacxr.py`` named by ``config.json``'s ``auto_map``: ``AutoModel.from_pretrained(dir,
  trust_remote_code=True)`` returns the bidirectional encoder with its pooling head and ``encode(texts)``, without
  megacxr installed. The folder also loads in plain transformers as a causal LM (AutoModelForCausalLM; AutoModel
  without trust_remote_code gives that causal decoder, not the encoder), and as a ``ReportEncoder`` with
  ``load_encoder``.
* ``load_encoder(dir, attention="auto", dtype=None)``: the encoder without LoRA, pooling head loaded, giving the
  trained encoder's embeddings. Everything is read with safetensors / JSON: nothing is unpickled.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import torch

from megacxr.errors import InputError
from megacxr.models.encoder import POOLING_CONFIG, POOLING_FILE, LoraSettings, ReportEncoder, TextModelConfig
from megacxr.models.pooling import PoolingConfig
from megacxr.tokens import load_tokenizer

__all__ = ["ENCODER_META", "export_encoder", "export_info", "load_encoder", "merged_state_dict"]

ENCODER_META = "megacxr_encoder.json"
REMOTE_CODE = Path(__file__).parent / "hub" / "modeling_megacxr.py"
REMOTE_CLASS = "MegacxrReportEncoder"
SENTENCE_CODE = Path(__file__).parent / "hub" / "sentence_megacxr.py"
SENTENCE_CLASS = "MegacxrSentenceModule"
SENTENCE_TRANSFORMERS_VERSION = "6.2.0"  # the version the export's sentence-transformers files were tested with
FORMAT_VERSION = 1


def _lora_layers(model: torch.nn.Module) -> dict:
    try:
        from peft.tuners.lora import LoraLayer
    except ImportError:
        return {}
    return {name: m for name, m in model.named_modules() if isinstance(m, LoraLayer)}


def merged_state_dict(encoder: ReportEncoder) -> dict[str, torch.Tensor]:
    """The base model's weights with LoRA merged, as new CPU tensors; the encoder is not modified."""
    lm = encoder.causal_lm
    layers = _lora_layers(lm)
    out: dict[str, torch.Tensor] = {}
    seen: set[int] = set()
    with torch.no_grad():
        for key, value in lm.state_dict(keep_vars=True).items():
            parts = key.split(".")
            if any(p.startswith("lora_") for p in parts):
                continue
            if id(value) in seen:  # tied to a tensor already exported
                continue
            seen.add(id(value))
            tensor = value.detach()
            if "base_layer" in parts:
                i = parts.index("base_layer")
                owner, name = ".".join(parts[:i]), ".".join(parts[i + 1 :])
                layer = layers.get(owner)
                if layer is not None and name == "weight" and not layer.merged:
                    tensor = _merge(layer, tensor)
                key = ".".join(parts[:i] + parts[i + 1 :])
            out[key] = tensor.to("cpu", copy=True).contiguous()
    return out


def _merge(layer, weight: torch.Tensor) -> torch.Tensor:
    merged = weight.float()
    for adapter in layer.active_adapters:
        if adapter not in layer.lora_A and adapter not in getattr(layer, "lora_embedding_A", {}):
            continue
        if getattr(layer, "use_dora", {}).get(adapter, False):
            raise NotImplementedError("exporting DoRA adapters is not supported")
        merged = merged + layer.get_delta_weight(adapter).float()
    return merged.to(weight.dtype)


def _save_tokenizer(tokenizer, out: Path) -> None:
    load_tokenizer(tokenizer).save_pretrained(str(out))


def export_encoder(
    encoder: ReportEncoder,
    out_dir: str | Path,
    tokenizer=None,
    text=None,
    state_dict: dict[str, torch.Tensor] | None = None,
    prompts: dict[str, str] | None = None,
) -> Path:
    """Write ``encoder`` as a Hugging Face folder (see the module docstring); returns the folder.

    ``tokenizer``: a tokenizer object or folder (default: the encoder's model folder); ``text``: the
    ``megacxr.data.text.TextConfig`` (or a dict) the encoder was trained with; ``state_dict``: an already merged
    state dict (from ``merged_state_dict``), to avoid computing it twice; ``prompts``: the instructions of the
    trained tasks by name (named prompts of the sentence-transformers files)."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    weights = merged_state_dict(encoder) if state_dict is None else state_dict
    lm = encoder.causal_lm
    lm.config.save_pretrained(str(out))
    save_file(weights, str(out / "model.safetensors"), metadata={"format": "pt"})
    _save_tokenizer(tokenizer if tokenizer is not None else encoder.tokenizer_path, out)
    head = {k: v.detach().to("cpu", copy=True).contiguous() for k, v in encoder.pooler.state_dict().items()}
    save_file(head, str(out / POOLING_FILE), metadata={"format": "pt"})
    pooling = {**dataclasses.asdict(encoder.cfg.pooling), "hidden_size": encoder.hidden_size}
    (out / POOLING_CONFIG).write_text(json.dumps(pooling, indent=2) + "\n")
    if dataclasses.is_dataclass(text):
        text = dataclasses.asdict(text)
    meta = {
        "format_version": FORMAT_VERSION,
        "attention": encoder.cfg.attention,
        "bidirectional": encoder.cfg.bidirectional,
        "dtype": encoder.cfg.dtype,
        "pooling": dataclasses.asdict(encoder.cfg.pooling),
        "text": text,
    }
    (out / ENCODER_META).write_text(json.dumps(meta, indent=2) + "\n")
    _add_remote_code(out)
    _add_sentence_transformers(out, text or {}, prompts)
    return out


def _add_sentence_transformers(out: Path, text: dict, prompts: dict[str, str] | None = None) -> None:
    """``modules.json``, ``config_sentence_transformers.json`` and ``sentence_megacxr.py``: the folder loads in
    ``SentenceTransformer(out, trust_remote_code=True)`` as one module giving the encoder's embeddings, with the
    trained instruction as the default prompt ("report"), each trained task's instruction as a prompt of its name
    (``encode(..., prompt_name="label")``); ``encode(..., prompt=...)`` takes any other. The trained instruction is
    also the prompt named ``query`` and ``document``: sentence-transformers' ``encode_query`` / ``encode_document``
    and MTEB's retrieval tasks pick those names (the encoder was trained symmetric: both sides read it)."""
    shutil.copyfile(SENTENCE_CODE, out / SENTENCE_CODE.name)
    modules = [{"idx": 0, "name": "0", "path": "", "type": f"{SENTENCE_CODE.stem}.{SENTENCE_CLASS}"}]
    (out / "modules.json").write_text(json.dumps(modules, indent=2) + "\n")
    separator = text.get("separator", ": ")
    instruction = text.get("instruction") or ""
    prefix = instruction + separator if instruction else ""
    reserved = ("report", "query", "document")
    named = {name: (i + separator if i else "") for name, i in (prompts or {}).items() if name not in reserved}
    config = {
        "__version__": {"sentence_transformers": SENTENCE_TRANSFORMERS_VERSION},
        "prompts": {"report": prefix, "query": prefix, "document": prefix, **named},
        "default_prompt_name": "report",
        "similarity_fn_name": "cosine",
    }
    (out / "config_sentence_transformers.json").write_text(json.dumps(config, indent=2) + "\n")


def _add_remote_code(out: Path) -> None:
    """Ship the modeling code (``megacxr/models/hub/modeling_megacxr.py``, which imports no megacxr) and name it in
    ``config.json``'s ``auto_map`` for AutoModel only: ``AutoModel.from_pretrained(out, trust_remote_code=True)``
    gives the bidirectional encoder with its pooling head; AutoModelForCausalLM still gives the causal LM."""
    shutil.copyfile(REMOTE_CODE, out / REMOTE_CODE.name)
    config_path = out / "config.json"
    config = json.loads(config_path.read_text())
    config["auto_map"] = {**config.get("auto_map", {}), "AutoModel": f"{REMOTE_CODE.stem}.{REMOTE_CLASS}"}
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")


def export_info(folder: str | Path) -> dict:
    """``megacxr_encoder.json`` of an exported folder."""
    path = Path(folder) / ENCODER_META
    if not path.is_file():
        raise InputError("not an exported megacxr encoder (no megacxr_encoder.json)", file=folder, field="path")
    return json.loads(path.read_text())


def load_encoder(folder: str | Path, attention: str = "auto", dtype: str | None = None) -> ReportEncoder:
    """The exported encoder of ``folder`` (no LoRA, its pooling head); ``dtype`` defaults to the exported one."""
    info = export_info(folder)
    pooling = json.loads((Path(folder) / POOLING_CONFIG).read_text())
    fields = {f.name for f in dataclasses.fields(PoolingConfig)}
    cfg = TextModelConfig(
        path=str(folder),
        attention=attention,
        dtype=dtype or info.get("dtype", "float32"),
        bidirectional=bool(info.get("bidirectional", True)),
        lora=LoraSettings(enabled=False),
        pooling=PoolingConfig(**{k: v for k, v in pooling.items() if k in fields}),
    )
    return ReportEncoder.from_config(cfg)
