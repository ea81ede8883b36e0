"""A megacxr report encoder as transformers remote code: ``AutoModel.from_pretrained(folder, trust_remote_code=True)``.

This file is copied into every folder that ``megacxr`` exports (``megacxr.models.export.export_encoder``) and
must not import ``megacxr``: the folder is meant to be used where megacxr is not installed, the way published
embedding checkpoints ship their modeling code. ``config.json`` is the base decoder's own config (Llama, Mistral,
Qwen2, Gemma families) with ``auto_map.AutoModel`` naming the class below; ``AutoModelForCausalLM`` still loads the
folder as the plain causal LM.

``MegacxrReportEncoder`` is the decoder made bidirectional (each token attends to every real token of its
report, never to padding), the pooling head of ``pooling.json`` / ``pooling.safetensors`` (mean, weighted_mean,
eos, latent_attention) and the text settings of ``megacxr_encoder.json`` (instruction prefix, separator,
maximum length, closing EOS):

    model = AutoModel.from_pretrained(folder, trust_remote_code=True)
    emb = model.encode(["No pleural effusion.", "Mild cardiomegaly."])     # [2, hidden] float32

``forward(input_ids, attention_mask, instruction_len=None)`` gives the same embeddings for already tokenized
batches (``instruction_len``: leading tokens left out of pooling, as ``tokenize`` returns them). Without
``trust_remote_code`` AutoModel returns the causal decoder alone, whose states are not these embeddings.
"""

from __future__ import annotations

import json
import os

import torch
import torch.nn.functional as F
from torch import nn
from transformers import MODEL_MAPPING, AutoTokenizer, PretrainedConfig, PreTrainedModel

POOLING_KINDS = ("mean", "weighted_mean", "eos", "latent_attention")
TEXT_DEFAULTS = {"instruction": "", "separator": ": ", "max_length": 512, "add_eos": True}


def _local_file(folder: str, name: str, required: bool = True) -> str | None:
    path = os.path.join(folder, name)
    if os.path.isfile(path):
        return path
    if not os.path.isdir(folder):  # a Hub id: the file from the Hub cache
        from transformers.utils import cached_file

        return cached_file(folder, name, _raise_exceptions_for_missing_entries=required)
    if required:
        raise FileNotFoundError(f"{path} is missing: not a complete megacxr export")
    return None


class LatentAttentionHead(nn.Module):
    """NV-Embed latent attention over token states ``[N, H]`` (queries: tokens; keys and values: learned latents),
    then a GELU MLP, both pre-norm and residual."""

    def __init__(self, hidden: int, latents: int, heads: int, mlp_ratio: float):
        super().__init__()
        self.heads = heads
        self.latents = nn.Parameter(torch.zeros(latents, hidden))
        self.norm_q = nn.LayerNorm(hidden)
        self.norm_kv = nn.LayerNorm(hidden)
        self.to_q = nn.Linear(hidden, hidden, bias=False)
        self.to_kv = nn.Linear(hidden, 2 * hidden, bias=False)
        self.to_out = nn.Linear(hidden, hidden, bias=False)
        width = max(1, int(round(hidden * mlp_ratio)))
        self.norm_mlp = nn.LayerNorm(hidden)
        self.mlp = nn.Sequential(nn.Linear(hidden, width), nn.GELU(), nn.Linear(width, hidden))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, hidden = x.shape
        d = hidden // self.heads
        q = self.to_q(self.norm_q(x)).view(n, self.heads, d).transpose(0, 1)
        k, v = self.to_kv(self.norm_kv(self.latents)).view(-1, 2, self.heads, d).permute(1, 2, 0, 3)
        attn = F.scaled_dot_product_attention(q[None], k[None], v[None])[0]
        x = x + self.to_out(attn.transpose(0, 1).reshape(n, hidden))
        return x + self.mlp(self.norm_mlp(x))


class MegacxrReportEncoder(PreTrainedModel):
    config_class = PretrainedConfig
    base_model_prefix = "model"
    supports_gradient_checkpointing = True
    _supports_sdpa = True
    _supports_flash_attn = False
    _keys_to_ignore_on_load_unexpected = [r"^lm_head\."]

    def __init__(self, config):
        super().__init__(config)
        base = MODEL_MAPPING[type(config)]  # LlamaModel, MistralModel, Qwen2Model, GemmaModel, ...
        self.model = base(config)
        self.pooling = {"kind": "mean"}
        self.text = dict(TEXT_DEFAULTS)
        self.head: LatentAttentionHead | None = None
        self.tokenizer = None
        self.post_init()

    # ------------------------------------------------------------------------------------------------ loading
    @classmethod
    def from_pretrained(cls, pretrained_model_name_or_path, *args, **kwargs):
        model = super().from_pretrained(pretrained_model_name_or_path, *args, **kwargs)
        model.load_megacxr_parts(str(pretrained_model_name_or_path))
        return model

    def load_megacxr_parts(self, folder: str) -> None:
        """The pooling head, the text settings and the tokenizer of an export folder."""
        with open(_local_file(folder, "pooling.json")) as fh:
            self.pooling = json.load(fh)
        if self.pooling.get("kind") not in POOLING_KINDS:
            raise ValueError(f"unknown pooling kind {self.pooling.get('kind')!r} in pooling.json")
        meta_path = _local_file(folder, "megacxr_encoder.json", required=False)
        meta = json.load(open(meta_path)) if meta_path else {}
        self.text = {**TEXT_DEFAULTS, **{k: v for k, v in (meta.get("text") or {}).items() if k in TEXT_DEFAULTS}}
        if meta.get("bidirectional") is False:
            raise ValueError("this export was trained causal (bidirectional=false); load it as a causal LM")
        dtype = self.model.get_input_embeddings().weight.dtype
        if self.pooling["kind"] == "latent_attention":
            from safetensors.torch import load_file

            hidden = int(self.config.hidden_size)
            self.head = LatentAttentionHead(
                hidden, int(self.pooling["latents"]), int(self.pooling["heads"]), float(self.pooling["mlp_ratio"])
            )
            state = load_file(_local_file(folder, "pooling.safetensors"))
            self.head.load_state_dict({k.removeprefix("head."): v for k, v in state.items()})
            self.head.to(device=self.model.device, dtype=dtype)
        self.tokenizer = AutoTokenizer.from_pretrained(folder)

    # ------------------------------------------------------------------------------------------------ forward
    def _mask(self, valid: torch.Tensor, dtype: torch.dtype):
        """``[B, 1, L, L]``: every real key, plus the diagonal so that a padding query never has an empty row."""
        length = valid.shape[1]
        eye = torch.eye(length, dtype=torch.bool, device=valid.device)
        keep = valid[:, None, None, :] | eye[None, None]
        if getattr(self.config, "_attn_implementation", "sdpa") == "sdpa":
            return keep
        return torch.zeros(keep.shape, dtype=dtype, device=keep.device).masked_fill_(~keep, torch.finfo(dtype).min)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, instruction_len: torch.Tensor | None = None, **_
    ) -> torch.Tensor:
        valid = attention_mask.bool()
        batch, length = valid.shape
        pos = (valid.long().cumsum(1) - 1).clamp(min=0)
        dtype = self.model.get_input_embeddings().weight.dtype
        hidden = self.model(
            input_ids=input_ids,
            position_ids=pos,
            attention_mask=self._mask(valid, dtype),
            use_cache=False,
            is_causal=False,
        ).last_hidden_state
        states = hidden.reshape(batch * length, -1)
        flat = torch.arange(batch * length, device=valid.device).reshape(batch, length)
        kind = self.pooling["kind"]
        if kind == "eos":
            last = torch.where(valid, flat, torch.full_like(flat, -1)).amax(1)
            return states[last].float()
        instr = (
            torch.zeros(batch, dtype=torch.long, device=valid.device)
            if instruction_len is None
            else torch.as_tensor(instruction_len, device=valid.device).long().reshape(batch)
        )
        pooled = (valid & (pos >= instr[:, None])).reshape(-1)
        idx = pooled.nonzero().squeeze(1)
        seq = torch.arange(batch, device=valid.device).repeat_interleave(length)[idx]
        picked = states[idx]
        if kind == "latent_attention":
            picked = self.head(picked.to(next(self.head.parameters()).dtype))
        if kind == "weighted_mean":
            weights = (pos.reshape(-1)[idx] - instr[seq] + 1).float()
        else:
            weights = torch.ones(idx.numel(), dtype=torch.float32, device=valid.device)
        num = torch.zeros(batch, picked.shape[-1], dtype=torch.float32, device=valid.device)
        num.index_add_(0, seq, picked.float() * weights[:, None])
        den = torch.zeros(batch, dtype=torch.float32, device=valid.device).index_add_(0, seq, weights)
        return num / den.clamp(min=1e-6)[:, None]

    # --------------------------------------------------------------------------------------------- raw text
    @staticmethod
    def _leading(special: list[int]) -> int:
        n = 0
        while n < len(special) and special[n]:
            n += 1
        return n

    @staticmethod
    def _trailing(special: list[int]) -> int:
        n = 0
        while n < len(special) and special[len(special) - 1 - n]:
            n += 1
        return n

    def tokenize(self, texts: list[str], prefix: str | None = None) -> dict:
        """``instruction + separator + report`` per text, truncated to ``max_length`` (the report loses tokens
        from its end; the prefix and the closing EOS stay), padded: ``{input_ids, attention_mask,
        instruction_len}``. ``prefix`` replaces the trained ``instruction + separator`` (``""``: none)."""
        tok, cfg = self.tokenizer, self.text
        if prefix is None:
            prefix = cfg["instruction"] + cfg["separator"] if cfg["instruction"] else ""
        fast = bool(getattr(tok, "is_fast", False))
        enc = tok(
            [prefix + t for t in texts],
            add_special_tokens=True,
            return_offsets_mapping=fast,
            return_special_tokens_mask=True,
            return_attention_mask=False,
            verbose=False,
        )
        prefix_alone = None
        rows, instr = [], []
        eos = tok.eos_token_id
        for k in range(len(texts)):
            ids, special = list(enc["input_ids"][k]), list(enc["special_tokens_mask"][k])
            n_pre = self._leading(special)
            if prefix and fast:
                offsets = enc["offset_mapping"][k]
                while n_pre < len(ids) and not special[n_pre] and offsets[n_pre][1] <= len(prefix):
                    n_pre += 1
            elif prefix:
                if prefix_alone is None:
                    p = tok([prefix], add_special_tokens=True, return_special_tokens_mask=True)
                    p_special = list(p["special_tokens_mask"][0])
                    prefix_alone = len(p_special) - self._trailing(p_special)
                n_pre = prefix_alone
            n_tail = self._trailing(special[n_pre:])
            tail = ids[len(ids) - n_tail :] if n_tail else []
            body = ids[n_pre : len(ids) - n_tail]
            if cfg["add_eos"] and (not tail or tail[-1] != eos):
                tail = tail + [int(eos)]
            room = int(cfg["max_length"]) - n_pre - len(tail)
            rows.append(ids[:n_pre] + body[: max(room, 0)] + tail)
            instr.append(n_pre)
        pad = next(i for i in (tok.pad_token_id, tok.eos_token_id, 0) if i is not None)
        length = max(len(r) for r in rows)
        input_ids = torch.full((len(rows), length), int(pad), dtype=torch.long)
        mask = torch.zeros((len(rows), length), dtype=torch.long)
        for k, r in enumerate(rows):
            input_ids[k, : len(r)] = torch.tensor(r, dtype=torch.long)
            mask[k, : len(r)] = 1
        return {
            "input_ids": input_ids,
            "attention_mask": mask,
            "instruction_len": torch.tensor(instr, dtype=torch.long),
        }

    @torch.no_grad()
    def encode(
        self, texts: list[str], batch_size: int = 32, normalize: bool = False, prefix: str | None = None
    ) -> torch.Tensor:
        """``[len(texts), hidden]`` float32 embeddings of report texts (on the model's device); ``prefix``
        replaces the trained instruction and separator."""
        if isinstance(texts, str):
            texts = [texts]
        self.eval()
        out = []
        for i in range(0, len(texts), batch_size):
            chunk = list(texts[i : i + batch_size])
            batch = {k: v.to(self.model.device) for k, v in self.tokenize(chunk, prefix=prefix).items()}
            out.append(self(**batch))
        emb = torch.cat(out) if out else torch.zeros(0, int(self.config.hidden_size))
        return F.normalize(emb, dim=-1) if normalize else emb
