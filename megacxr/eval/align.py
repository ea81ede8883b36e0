"""``megacxr eval align``: does a clip model prefer an image's report over the same report with a present finding
negated? The CXR-Align comparisons ("Bringing CLIP to the Clinic", arXiv 2505.22079).

Input: the CXR-Align release format, ``{"mimic": {dicom_id: {"report", "chosen", "negation", "omitted",
"location"}}}`` (``megacxr synth --cxr-align`` writes one for its corpus), and the images, either

* ``--images ROOT``: a MIMIC-CXR-JPG root; each item's image is ``<dicom_id>.jpg`` found anywhere under it, or
* ``--shards DIR...``: megacxr shards built from MIMIC-CXR; an item's image is the primary (frontal) image of
  the study whose ``json.extra.dicom_ids`` lists its dicom id (the study image stands for that dicom).

Per item, the cosine similarity of the image to ``report``, ``negation`` and ``omitted``. Reported, overall, per
``chosen`` finding and per ``location``, each as strict / tie-aware accuracy with its chance level
(``megacxr.eval.choice``):

* ``report_over_negation``: the report scores above the negated report;
* ``omitted_over_negation``: the report without the finding scores above the one that denies it;
* ``report_best_of_three``: the report scores above both others.

The paper's exact task definitions could not be confirmed, so the comparisons are named for what they compare,
not "Task A / Task B".

Bad input: an item whose image is missing or unreadable, or whose texts are empty, is counted and listed by its
id in the JSON; a malformed file stops with one line naming the file and the entry; a report-encoder export given
as the checkpoint is refused, naming the command that takes it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from megacxr.config import from_dict
from megacxr.data.image_tf import CxrTransform, ImageTransformConfig, decode_image
from megacxr.data.plan import StreamConfig
from megacxr.data.stream import iter_shard_samples
from megacxr.data.text import TextConfig
from megacxr.errors import InputError, check_size
from megacxr.eval.choice import choice_accuracy, pairwise_preference
from megacxr.eval.report import write_json
from megacxr.eval.run import embed_texts, eval_text_config
from megacxr.models.dual_io import load_dual
from megacxr.models.export import ENCODER_META

log = logging.getLogger("megacxr.eval")

__all__ = ["COMPARISONS", "FIELDS", "align_scores", "evaluate_align", "read_cxr_align", "summarize_align"]

FIELDS = ("report", "chosen", "negation", "omitted", "location")
TEXTS = ("report", "negation", "omitted")
COMPARISONS = ("report_over_negation", "omitted_over_negation", "report_best_of_three")
SPLITS = ("train", "validate", "test")
MAX_INPUT_BYTES = 256 << 20  # an items file is read whole; CXR-Align's own file is a few MB


def read_cxr_align(path: str | Path) -> tuple[dict, list[str]]:
    """``({id: item}, ids with an empty field)``; a malformed file raises naming the file and the entry."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such CXR-Align file", file=path, field="items")
    check_size(path, MAX_INPUT_BYTES, "items")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError("not a JSON file", file=path, field="items") from None
    if not isinstance(data, dict) or not isinstance(data.get("mimic"), dict):
        raise InputError('expected {"mimic": {dicom_id: {...}}}', file=path, field="mimic")
    items, empty = {}, []
    for n, (ident, entry) in enumerate(data["mimic"].items(), 1):
        if not isinstance(entry, dict):
            raise InputError(f"entry {n} ({ident}) is not an object", file=path, field="mimic")
        for name in FIELDS:
            if name not in entry:
                raise InputError(f"entry {n} ({ident}) has no field {name!r}", file=path, field=name)
            if not isinstance(entry[name], str):
                raise InputError(f"entry {n} ({ident}): {name!r} must be a string", file=path, field=name)
        if not all(entry[name].strip() for name in FIELDS):
            empty.append(str(ident))
            continue
        items[str(ident)] = {name: entry[name] for name in FIELDS}
    if not items and not empty:
        raise InputError("the file holds no item", file=path, field="mimic")
    return items, empty


def _images_from_root(root: Path, wanted: set[str]) -> dict[str, Path]:
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            stem, ext = os.path.splitext(name)
            if ext.lower() == ".jpg" and stem in wanted:
                found[stem] = Path(folder) / name
    return found


def _image_bytes_from_shards(shards: Sequence[str], wanted: set[str]) -> dict[str, bytes]:
    """The primary image of every study whose ``extra.dicom_ids`` lists a wanted id, over every split."""
    found: dict[str, bytes] = {}
    for split in SPLITS:
        stream = StreamConfig(manifests=list(shards), split=split, mode="epoch", shuffle=False)
        try:
            samples = iter_shard_samples(stream)
            for sample in samples:
                meta = json.loads(sample["json"]) if sample.get("json") is not None else {}
                ids = ((meta.get("extra") or {}).get("dicom_ids")) or []
                image = sample.get("jpg", sample.get("png"))
                for d in ids:
                    if d in wanted and image is not None:
                        found[d] = image
        except InputError:  # a folder without this split
            continue
    return found


def _load_tower(checkpoint: Path, device: str):
    if (checkpoint / ENCODER_META).is_file():
        raise InputError(
            "a report-encoder export (mntp / supcon); `megacxr eval text` takes it, `eval align` takes a clip export",
            file=checkpoint,
            field="checkpoint",
        )
    return load_dual(checkpoint, device=device)


@torch.no_grad()
def align_scores(tower, text_cfg, transform, items: dict, images: dict, batch_size: int = 32, progress=True):
    """``(ids, scores [N, 3] in TEXTS order, problems)`` for the items whose image loads."""
    device = tower.vision_proj.weight.device
    ids, pixels, problems = [], [], {"missing_image": [], "unreadable_image": []}
    for ident in items:
        source = images.get(ident)
        if source is None:
            problems["missing_image"].append(ident)
            continue
        try:
            data = source.read_bytes() if isinstance(source, Path) else source
            pixels.append(transform(decode_image(data, transform.draft_size)))
        except Exception:  # noqa: BLE001 - any decoder failure: the item is counted and listed, the run goes on
            problems["unreadable_image"].append(ident)
            continue
        ids.append(ident)
    if not ids:
        return ids, torch.zeros(0, len(TEXTS)), problems
    image_emb = []
    for start in tqdm(range(0, len(ids), batch_size), desc="images", disable=not progress):
        batch = torch.stack(pixels[start : start + batch_size]).to(device)
        image_emb.append(tower.encode_image(batch).float().cpu())
    img = F.normalize(torch.cat(image_emb), dim=-1)
    scores = []
    for name in TEXTS:
        txt = F.normalize(embed_texts(tower, text_cfg, [items[i][name] for i in ids], batch_size).float(), dim=-1)
        scores.append((img * txt).sum(-1))
    return ids, torch.stack(scores, 1), problems


def _comparisons(scores: torch.Tensor) -> dict:
    report, negation, omitted = scores[:, 0], scores[:, 1], scores[:, 2]
    return {
        "report_over_negation": pairwise_preference(report, negation),
        "omitted_over_negation": pairwise_preference(omitted, negation),
        "report_best_of_three": choice_accuracy(scores, torch.zeros(len(scores), dtype=torch.long)),
    }


def summarize_align(ids: list[str], scores: torch.Tensor, items: dict) -> dict:
    """The three comparisons overall, per ``chosen`` finding and per ``location``."""
    out = {"overall": _comparisons(scores), "by_chosen": {}, "by_location": {}}
    for field, key in (("chosen", "by_chosen"), ("location", "by_location")):
        groups: dict[str, list[int]] = {}
        for row, ident in enumerate(ids):
            groups.setdefault(items[ident][field], []).append(row)
        out[key] = {g: _comparisons(scores[rows]) for g, rows in sorted(groups.items())}
    return out


def evaluate_align(
    checkpoint: str | Path,
    items_path: str | Path,
    *,
    images: str | Path | None = None,
    shards: Sequence[str] | None = None,
    batch_size: int = 32,
    device: str | None = None,
    json_out: str | Path | None = None,
    progress: bool = True,
) -> dict:
    """Run the comparisons (module docstring); returns the JSON dict."""
    if (images is None) == (not shards):
        raise InputError("give the images either as --images ROOT or as --shards DIR...", field="images")
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    tower, text_cfg, image_cfg = _load_tower(Path(checkpoint), device)
    text_cfg = eval_text_config(from_dict(TextConfig, text_cfg))
    image_cfg = from_dict(ImageTransformConfig, image_cfg)
    transform = CxrTransform(image_cfg, train=False)
    items, empty = read_cxr_align(items_path)
    wanted = set(items)
    if images is not None:
        if not Path(images).is_dir():
            raise InputError("no such image folder", file=images, field="images")
        found = _images_from_root(Path(images), wanted)
    else:
        found = _image_bytes_from_shards(shards, wanted)
    ids, scores, problems = align_scores(tower, text_cfg, transform, items, found, batch_size, progress)
    problems["empty_fields"] = empty
    for what, listed in problems.items():
        if listed:
            log.warning("%d CXR-Align items: %s (listed in the JSON)", len(listed), what.replace("_", " "))
    result = {
        "checkpoint": str(checkpoint),
        "items_file": str(items_path),
        "items": len(items) + len(empty),
        "scored": len(ids),
        "problems": problems,
        **(summarize_align(ids, scores, items) if ids else {"overall": None, "by_chosen": {}, "by_location": {}}),
    }
    if json_out:
        write_json(json_out, result)
    return result
