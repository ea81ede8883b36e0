"""Saving and loading a trained ``clip`` dual tower (the stage's export, what ``megacxr eval`` reads).

``save_dual(tower, out_dir, text_cfg, image_cfg)`` writes ``dual_tower.safetensors`` (every tensor of the module:
vision tower, text tower in ``frozen_lora`` / ``full`` modes with its LoRA matrices, adapter, projections,
temperature; shared tensors stored once), ``text/`` (the stage-2 export it was built from, hard-linked where
possible, so the folder is self-contained and loads after a move) and ``dual_tower.json`` (the ``DualTowerConfig``
with ``text_path: text``, relative to the folder, plus the ``TextConfig`` and ``ImageTransformConfig`` the model
was trained with, which evaluation reuses: instruction prefix, image size, normalisation). ``load_dual(dir)``
rebuilds the module from the config (random vision weights of the preset, the stage-2 export for the text side) and
loads the saved tensors over it;
safetensors only, nothing unpickled.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from megacxr.config import from_dict, to_dict
from megacxr.errors import InputError
from megacxr.models.dual import DualTower, DualTowerConfig

__all__ = ["load_dual", "save_dual"]

WEIGHTS, CONFIG, TEXT_DIR = "dual_tower.safetensors", "dual_tower.json", "text"


def save_dual(tower, out_dir: str | Path, text_cfg, image_cfg) -> Path:
    """Write the tower; ``text_cfg`` / ``image_cfg``: the data settings it was trained with (``TextConfig``,
    ``ImageTransformConfig`` or their dicts), stored for evaluation."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cfg = to_dict(tower.cfg)
    cfg["text_path"] = _bundle_text_export(Path(cfg["text_path"]), out)
    # tied weights (one tensor under two names) are stored once; the other name is recorded as an alias. Copies,
    # because an engine may hold parameters as views into flat buffers
    tensors, aliases, seen = {}, {}, {}
    for name, t in tower.state_dict().items():
        ident = (t.data_ptr(), tuple(t.shape), tuple(t.stride()), t.dtype) if t.numel() else None
        if ident is not None and ident in seen:
            aliases[name] = seen[ident]
            continue
        if ident is not None:
            seen[ident] = name
        tensors[name] = t.detach().to("cpu", copy=True).contiguous()
    save_file(tensors, str(out / WEIGHTS), metadata={"format": "pt", "aliases": json.dumps(aliases)})
    (out / CONFIG).write_text(
        json.dumps({"format_version": 1, "dual": cfg, "text": to_dict(text_cfg), "image": to_dict(image_cfg)}, indent=2)
        + "\n"
    )
    return out


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link (no extra space) where source and target share a file system, else a copy."""
    try:
        if os.path.exists(dst):
            os.remove(dst)
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _bundle_text_export(source: Path, out: Path) -> str:
    """Put the stage-2 export the tower was built from under ``out/text`` and return that relative path, so the
    clip export is self-contained: it loads from any folder after a move or a copy to another machine."""
    target = out / TEXT_DIR
    if source.resolve() != target.resolve():
        shutil.copytree(source, target, copy_function=_link_or_copy, dirs_exist_ok=True)
    return TEXT_DIR


def load_dual(folder: str | Path, device=None):
    """``(tower, text settings, image settings)`` of a ``save_dual`` folder; the settings are the dicts of the
    data configs (models know nothing of the data package: ``megacxr.eval.run`` makes them ``TextConfig`` and
    ``ImageTransformConfig`` again)."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    folder = Path(folder)
    if not (folder / CONFIG).is_file() or not (folder / WEIGHTS).is_file():
        raise InputError(f"not a clip export (needs {CONFIG} and {WEIGHTS})", file=folder, field="checkpoint")
    meta = json.loads((folder / CONFIG).read_text())
    cfg = from_dict(DualTowerConfig, meta["dual"])
    if not Path(cfg.text_path).is_absolute():  # bundled (``text``); older exports hold an absolute path
        cfg.text_path = str(folder / cfg.text_path)
    tower = DualTower.from_config(cfg)
    tensors = load_file(str(folder / WEIGHTS), device=str(device or "cpu"))
    with safe_open(str(folder / WEIGHTS), framework="pt") as fh:
        aliases = json.loads((fh.metadata() or {}).get("aliases", "{}"))
    tensors.update({alias: tensors[target] for alias, target in aliases.items()})
    tower.load_state_dict(tensors, strict=True)
    if device is not None:
        tower.to(device)
    tower.eval()
    return tower, meta["text"], meta["image"]
