"""A trained clip export as a model to use, open_clip style: ``load_clip(folder)`` gives an object with
``encode_image``, ``encode_text``, ``logit_scale`` (a number, already exponentiated) and ``logits`` (the scaled
image-text similarities, HF CLIP's ``logits_per_image``).

Images: file paths (JPEG, PNG or DICOM, decoded as the shard builder decodes them: windowed to 8-bit gray,
``megacxr.shards.images``), PIL images or 2-d uint8 arrays; each goes through the export's evaluation transform
(``CxrTransform`` with its image settings, no augmentation). Texts: report strings, with the instruction and the
section settings the model was trained with. Embeddings are unit vectors (float32, CPU) when the tower
normalises, as clip towers do by default.

    from megacxr.eval import load_clip
    model = load_clip("runs/clip/export")
    img = model.encode_image(["study1/view1.dcm", "study2/pa.jpg"])
    txt = model.encode_text(["No acute cardiopulmonary process.", "Large right pleural effusion."])
    probs = model.logits(img, txt).softmax(dim=1)  # each image over the texts
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from megacxr.config import from_dict
from megacxr.data.image_tf import CxrTransform, ImageTransformConfig
from megacxr.data.text import TextConfig
from megacxr.errors import InputError
from megacxr.eval.run import embed_texts, eval_text_config
from megacxr.models.dual_io import load_dual
from megacxr.shards.images import ImageError, decode_gray8

__all__ = ["ClipModel", "load_clip"]


class ClipModel:
    """See the module docstring."""

    def __init__(self, folder: str | Path, device: str | None = None, batch_size: int = 32):
        self.folder = Path(folder)
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        self.batch_size = int(batch_size)
        tower, text_cfg, image_cfg = load_dual(self.folder, device=self.device)
        self.tower = tower.eval()
        self.text_cfg = eval_text_config(from_dict(TextConfig, text_cfg))
        self.transform = CxrTransform(from_dict(ImageTransformConfig, image_cfg), train=False)
        with torch.no_grad():
            self.logit_scale = float(self.tower.logit_scale())

    def _image(self, item) -> Image.Image:
        if isinstance(item, Image.Image):
            return item.convert("L")
        if isinstance(item, np.ndarray):
            if item.ndim != 2:
                raise InputError(f"an image array must be 2-d gray, got shape {item.shape}", field="image")
            return Image.fromarray(np.asarray(item, dtype=np.uint8), mode="L")
        path = Path(item)
        try:
            return decode_gray8(path)
        except ImageError as exc:
            raise InputError(f"cannot read the image: {exc.reason}", file=path, field="image") from None

    @torch.no_grad()
    def encode_image(self, images: Sequence) -> torch.Tensor:
        """``[N, E]`` embeddings of ``images`` (paths, PIL images or 2-d uint8 arrays)."""
        out = []
        weight = self.tower.vision_proj.weight
        for start in range(0, len(images), self.batch_size):
            batch = [self.transform(self._image(x)) for x in images[start : start + self.batch_size]]
            pixels = torch.stack(batch).to(weight.device, weight.dtype)
            out.append(self.tower.encode_image(pixels).float().cpu())
        return torch.cat(out) if out else torch.zeros(0, self.tower.cfg.embed_dim)

    @torch.no_grad()
    def encode_text(self, texts: Sequence[str]) -> torch.Tensor:
        """``[N, E]`` embeddings of report texts (the export's instruction in front)."""
        if not texts:
            return torch.zeros(0, self.tower.cfg.embed_dim)
        return embed_texts(self.tower, self.text_cfg, list(texts), self.batch_size).float()

    def logits(self, image_emb: torch.Tensor, text_emb: torch.Tensor) -> torch.Tensor:
        """``[images, texts]`` scaled similarities (``logit_scale * <image, text>``): HF's ``logits_per_image``."""
        return self.logit_scale * image_emb @ text_emb.T


def load_clip(folder: str | Path, device: str | None = None, batch_size: int = 32) -> ClipModel:
    """The clip export in ``folder`` (``<run>/export`` of a clip run) as a ``ClipModel``."""
    return ClipModel(folder, device, batch_size)
