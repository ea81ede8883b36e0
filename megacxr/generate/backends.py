"""The generation engines behind one interface: ``Generator.generate(prompts) -> [Generation]``.

* ``VllmGenerator``: vLLM, an existing distributed inference engine (continuous batching, paged KV cache,
  tensor parallel over a node's GPUs with ``--tensor-parallel K``), used when it is installed and a GPU is
  there. vLLM is a GPU-only optional import (not installed by ``make install``).
* ``HfGenerator``: transformers ``generate``, batched with left padding, greedy or sampled, bf16 on a GPU and
  fp32 on a CPU (the tests run it with a tiny random model).

Both say which prompts their model's context can hold (``fits``: the built prompt's tokens plus
``max_new_tokens`` within the context, read from the model's config); a prompt that does not fit is counted by
the caller as ``prompt_too_long`` and never sent. A ``max_new_tokens`` that leaves no room for any prompt is
refused when the engine is built.

Both take the same prompt strings (``build_prompt``: the tokenizer's chat template when it has one, else the
plain prompt), the same sampling settings and report, per prompt, the text, whether the model stopped by itself
(``finished``; false at the token limit) and the number of generated tokens. Sampled generation is seeded per
batch; greedy generation (temperature 0, the default) does not depend on the seed.

``check_model_dir`` refuses, with one line naming the folder, a folder that is missing, holds no
``config.json``, is not a causal LM (its ``architectures``) or has no tokenizer.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from megacxr.errors import InputError
from megacxr.hf_folder import check_tokenizer, check_weights, loading, read_config

log = logging.getLogger("megacxr.generate")

__all__ = ["Generation", "GenerationConfig", "HfGenerator", "VllmGenerator", "check_model_dir", "load_generator"]

_CAUSAL_SUFFIXES = ("ForCausalLM", "LMHeadModel", "ForConditionalGeneration")


@dataclass
class GenerationConfig:
    max_new_tokens: int = 384
    temperature: float = 0.0  # 0: greedy
    top_p: float = 0.95
    batch_size: int = 16  # prompts per generate() call (HfGenerator; vLLM schedules its own batches)
    seed: int = 0
    tensor_parallel: int = 1  # vLLM: GPUs per model replica


@dataclass
class Generation:
    text: str
    finished: bool  # the model ended the answer itself (false: stopped at max_new_tokens)
    tokens: int


def check_model_dir(path: str | Path) -> Path:
    """The model folder, or an InputError naming it: missing, no config.json, not a causal LM, no tokenizer."""
    folder = Path(path)
    archs = [a for a in read_config(folder, "model").get("architectures") or [] if isinstance(a, str)]
    if not any(a.endswith(_CAUSAL_SUFFIXES) for a in archs):
        raise InputError(
            f"not a causal language model (architectures {archs or 'missing'}); generation needs an instruct LLM",
            file=folder,
            field="model",
        )
    check_tokenizer(folder, "model")
    check_weights(folder, "model")
    return folder


def context_length(config) -> int | None:
    """The longest sequence the model was built for (prompt + answer), from its config; None when it says none."""
    for name in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"):
        value = getattr(config, name, None)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def check_room(context: int | None, max_new_tokens: int, folder: Path) -> None:
    """A ``max_new_tokens`` that fills the model's whole context would reject every prompt: refuse it at once."""
    if context is not None and max_new_tokens >= context:
        raise InputError(
            f"max_new_tokens {max_new_tokens} leaves no room for a prompt in the model's context of {context} tokens",
            file=folder,
            field="generation.max_new_tokens",
        )


def build_prompt(tokenizer, prompt: str) -> str:
    """The chat template with one user turn when the tokenizer has one, else the prompt as is."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
        )
    return prompt


class HfGenerator:
    """transformers ``generate``: batched, left-padded, greedy or sampled."""

    name = "transformers"

    def __init__(self, model_dir: Path, cfg: GenerationConfig, device: str | None = None):
        from transformers import AutoModelForCausalLM, AutoTokenizer  # heavy: only when this engine is chosen

        self.cfg = cfg
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        with loading(model_dir, "model", "tokenizer"):
            self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True, padding_side="left")
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token or self.tokenizer.unk_token
        dtype = torch.bfloat16 if self.device.startswith("cuda") else torch.float32
        with loading(model_dir, "model"):
            self.model = AutoModelForCausalLM.from_pretrained(str(model_dir), local_files_only=True, dtype=dtype)
        self.model.to(self.device).eval()
        self.eos = {
            i for i in [self.tokenizer.eos_token_id, self.model.generation_config.eos_token_id] if i is not None
        }
        self.eos = {j for i in self.eos for j in (i if isinstance(i, list) else [i])}
        self.context = context_length(self.model.config)
        check_room(self.context, cfg.max_new_tokens, model_dir)

    def fits(self, prompts: Sequence[str]) -> list[bool]:
        """Whether each built prompt plus ``max_new_tokens`` stays within the model's context."""
        if self.context is None or not prompts:
            return [True] * len(prompts)
        add = not self.tokenizer.chat_template
        room = self.context - self.cfg.max_new_tokens
        ids = self.tokenizer([build_prompt(self.tokenizer, p) for p in prompts], add_special_tokens=add)["input_ids"]
        return [len(row) <= room for row in ids]

    def generate(self, prompts: Sequence[str], batch_index: int = 0) -> list[Generation]:
        texts = [build_prompt(self.tokenizer, p) for p in prompts]
        enc = self.tokenizer(
            texts, return_tensors="pt", padding=True, add_special_tokens=not self.tokenizer.chat_template
        )
        enc = {k: v.to(self.device) for k, v in enc.items()}
        kwargs = {"max_new_tokens": self.cfg.max_new_tokens, "pad_token_id": self.tokenizer.pad_token_id}
        if self.cfg.temperature > 0:
            torch.manual_seed(self.cfg.seed * 1_000_003 + batch_index)
            kwargs.update(do_sample=True, temperature=self.cfg.temperature, top_p=self.cfg.top_p)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        with torch.no_grad():
            out = self.model.generate(**enc, **kwargs)
        new = out[:, enc["input_ids"].shape[1] :].tolist()
        result = []
        for row in new:
            end = next((i for i, t in enumerate(row) if t in self.eos), None)
            body = row if end is None else row[:end]
            if end is None:  # padding after an early EOS never happens without one; strip a pad tail anyway
                while body and body[-1] == self.tokenizer.pad_token_id and self.tokenizer.pad_token_id not in self.eos:
                    body = body[:-1]
            text = self.tokenizer.decode(body, skip_special_tokens=True)
            result.append(Generation(text, end is not None, len(body) + (end is not None)))
        return result


class VllmGenerator:
    """vLLM's offline ``LLM.generate`` (GPU)."""

    name = "vllm"

    def __init__(self, model_dir: Path, cfg: GenerationConfig):
        from vllm import LLM, SamplingParams  # optional GPU engine: only imported when chosen

        self.cfg = cfg
        self.llm = LLM(model=str(model_dir), tensor_parallel_size=cfg.tensor_parallel, seed=cfg.seed)
        self.tokenizer = self.llm.get_tokenizer()
        self.params = SamplingParams(
            temperature=cfg.temperature, top_p=cfg.top_p if cfg.temperature > 0 else 1.0, max_tokens=cfg.max_new_tokens
        )
        self.context = getattr(getattr(self.llm.llm_engine, "model_config", None), "max_model_len", None)
        check_room(self.context, cfg.max_new_tokens, model_dir)

    def fits(self, prompts: Sequence[str]) -> list[bool]:
        """Whether each built prompt plus ``max_new_tokens`` stays within vLLM's ``max_model_len``."""
        if self.context is None:
            return [True] * len(prompts)
        room = self.context - self.cfg.max_new_tokens
        return [len(self.tokenizer.encode(build_prompt(self.tokenizer, p))) <= room for p in prompts]

    def generate(self, prompts: Sequence[str], batch_index: int = 0) -> list[Generation]:
        outs = self.llm.generate([build_prompt(self.tokenizer, p) for p in prompts], self.params, use_tqdm=False)
        return [
            Generation(o.outputs[0].text, o.outputs[0].finish_reason != "length", len(o.outputs[0].token_ids))
            for o in outs
        ]


def vllm_usable() -> bool:
    return importlib.util.find_spec("vllm") is not None and torch.cuda.is_available()


def load_generator(model_dir: str | Path, cfg: GenerationConfig, engine: str = "auto", device: str | None = None):
    """``engine``: ``auto`` (vLLM when installed with a GPU, else transformers), ``vllm`` or ``transformers``."""
    folder = check_model_dir(model_dir)
    if engine not in ("auto", "vllm", "transformers"):
        raise InputError(f"unknown engine {engine!r}; choose auto, vllm or transformers", field="engine")
    if engine == "vllm" or (engine == "auto" and vllm_usable() and device in (None, "cuda")):
        if not vllm_usable():
            raise InputError("--engine vllm needs vLLM installed and a GPU", field="engine")
        return VllmGenerator(folder, cfg)
    return HfGenerator(folder, cfg, device)
