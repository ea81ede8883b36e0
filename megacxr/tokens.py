"""Leaf helpers that both the data pipeline and the models need (the layering keeps models from importing data):

* ``document_ids(cu_seqlens, total_len)``: the sequence each token of a packed row belongs to;
* ``load_tokenizer(path_or_obj)``: a Hugging Face tokenizer from a local folder (never the Hub), or the object as is.
"""

from __future__ import annotations

from pathlib import Path

import torch

from megacxr.errors import InputError
from megacxr.hf_folder import check_tokenizer, loading

__all__ = ["document_ids", "load_tokenizer"]


def document_ids(cu_seqlens: torch.Tensor, total_len: int) -> torch.Tensor:
    """``[T]`` segment id of every token: 0..n-1 for the sequences, n for the padding tail."""
    cu = cu_seqlens.long()
    idx = torch.arange(total_len, device=cu.device)
    return torch.searchsorted(cu[1:], idx, right=True)


def load_tokenizer(path_or_obj):
    """A tokenizer object as is, or ``AutoTokenizer.from_pretrained`` on a local folder (never the hub)."""
    if not isinstance(path_or_obj, (str, Path)):
        return path_or_obj
    # transformers costs seconds to import; the data pipeline's workers import this module without needing it
    from transformers import AutoTokenizer

    path = Path(path_or_obj)
    if not path.is_dir():
        raise InputError(
            "tokenizer folder not found (tokenizers load from local paths only)", file=path, field="tokenizer"
        )
    check_tokenizer(path, "tokenizer")
    with loading(path, "tokenizer", "tokenizer"):
        return AutoTokenizer.from_pretrained(str(path), local_files_only=True)
