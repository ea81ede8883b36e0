"""sentence-transformers entry of an exported megacxr report encoder (shipped into the export folder beside
``modeling_megacxr.py``, imported only by sentence-transformers, with ``trust_remote_code=True``).

The folder's ``modules.json`` names one module, ``MegacxrSentenceModule``: it tokenizes as the encoder was
trained (``instruction + separator + report``; the instruction's tokens are left out of pooling) and returns the
encoder's pooled vector (eos, mean, weighted mean or latent attention) as ``sentence_embedding``. So::

    model = SentenceTransformer(folder, trust_remote_code=True, local_files_only=True)
    model.encode(reports)                                  # the training instruction (prompt "report")
    model.encode(reports, prompt="Find the matching impression: ")   # another instruction per call
    model.encode(reports, prompt="")                       # no instruction

give exactly ``AutoModel.from_pretrained(folder, trust_remote_code=True).encode(...)`` with that instruction. A
prompt is the whole prefix (instruction and separator), as sentence-transformers prepends it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import torch
from sentence_transformers.base.modules import InputModule

from .modeling_megacxr import MegacxrReportEncoder


class MegacxrSentenceModule(InputModule):
    """The whole megacxr encoder as one sentence-transformers input module."""

    save_in_root = True

    def __init__(self, encoder: MegacxrReportEncoder, folder: str | None = None):
        super().__init__()
        self.encoder = encoder
        self.folder = folder

    @staticmethod
    def load(input_path: str) -> MegacxrSentenceModule:
        from transformers import AutoConfig

        config = AutoConfig.from_pretrained(input_path, local_files_only=True)  # the base family (llama, qwen2, ...)
        encoder = MegacxrReportEncoder.from_pretrained(input_path, config=config, local_files_only=True)
        return MegacxrSentenceModule(encoder.eval(), folder=str(input_path))

    @property
    def tokenizer(self):
        """The export's tokenizer (``SentenceTransformer.tokenizer`` and MTEB's model metadata read it)."""
        return self.encoder.tokenizer

    @property
    def max_seq_length(self) -> int:
        return int(self.encoder.text["max_length"])

    @max_seq_length.setter
    def max_seq_length(self, value: int) -> None:
        self.encoder.text["max_length"] = int(value)

    def preprocess(self, inputs: list, prompt: str | None = None, **kwargs: Any) -> dict[str, torch.Tensor]:
        texts = [x if isinstance(x, str) else x[0] for x in inputs]
        return self.encoder.tokenize(texts, prefix=prompt)

    def tokenize(self, texts: list, **kwargs: Any) -> dict[str, torch.Tensor]:
        return self.preprocess(texts)

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        features["sentence_embedding"] = self.encoder(
            features["input_ids"], features["attention_mask"], features.get("instruction_len")
        )
        return features

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.encoder.config.hidden_size)

    def get_embedding_dimension(self) -> int:
        return int(self.encoder.config.hidden_size)

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        """Copy the export this module was loaded from (weights, tokenizer, modeling code, configs)."""
        if not self.folder:
            raise ValueError("this module was not loaded from an export folder; export the encoder with megacxr")
        out = Path(output_path)
        out.mkdir(parents=True, exist_ok=True)
        for item in Path(self.folder).iterdir():
            if item.is_file() and not (out / item.name).exists():
                shutil.copyfile(item, out / item.name)
