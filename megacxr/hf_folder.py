"""A local Hugging Face model folder, checked before transformers reads it (a leaf: models, eval and generate use it).

transformers reports a bad folder with a traceback from deep inside its loaders (``'list' object has no attribute
'get'`` for a ``config.json`` that holds a list, ``OSError`` for missing weights, ``JSONDecodeError`` for a cut
``tokenizer.json``). These checks say the same in one line that names the folder, the file and the setting
(``field``) that pointed at it, as an ``InputError``:

* ``read_config(folder, field)``: ``config.json`` present, under ``MAX_JSON_BYTES``, one JSON object;
* ``check_tokenizer(folder, field)``: one of ``TOKENIZER_FILES`` present, and each JSON one of them an object;
* ``check_weights(folder, field)``: one of ``WEIGHT_FILES`` (or a shard of them) present;
* ``loading(folder, field, what)``: a context in which what transformers raises for a bad file (``OSError``,
  ``ValueError``) becomes that one line (the first line of its message, shortened).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from megacxr.errors import InputError, check_size

__all__ = [
    "MAX_JSON_BYTES",
    "TOKENIZER_FILES",
    "WEIGHT_FILES",
    "check_tokenizer",
    "check_weights",
    "loading",
    "read_config",
]

TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer.model",
    "tokenizer_config.json",
    "vocab.json",
    "vocab.txt",
    "spiece.model",
)
WEIGHT_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
)
MAX_JSON_BYTES = 64 * 2**20  # a config or tokenizer JSON; a real tokenizer.json is a few MiB


def _json_object(path: Path, field: str) -> dict:
    check_size(path, MAX_JSON_BYTES, field)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise InputError(f"not valid JSON ({type(exc).__name__})", file=path, field=field) from None
    if not isinstance(value, dict):
        raise InputError(f"holds a JSON {type(value).__name__}, not an object", file=path, field=field)
    return value


def read_config(folder: str | Path, field: str) -> dict:
    """``folder/config.json`` as a dict, or an ``InputError`` naming the folder and ``field``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "no such model folder (a local folder with a config.json; nothing downloads)", file=folder, field=field
        )
    config = folder / "config.json"
    if not config.is_file():
        raise InputError("not a Hugging Face model folder (no config.json)", file=folder, field=field)
    return _json_object(config, field)


def check_tokenizer(folder: str | Path, field: str) -> None:
    """An ``InputError`` unless the folder holds a tokenizer whose JSON files are JSON objects."""
    folder = Path(folder)
    present = [folder / name for name in TOKENIZER_FILES if (folder / name).is_file()]
    if not present:
        raise InputError(
            f"no tokenizer in the model folder (one of {', '.join(TOKENIZER_FILES)})", file=folder, field=field
        )
    for path in present:
        if path.suffix == ".json":
            _json_object(path, field)


def check_weights(folder: str | Path, field: str) -> None:
    """An ``InputError`` unless the folder holds weights (one file, or the index of a sharded checkpoint)."""
    folder = Path(folder)
    if any((folder / name).is_file() for name in WEIGHT_FILES) or any(folder.glob("model-*-of-*.safetensors")):
        return
    raise InputError(f"no weights in the model folder (one of {', '.join(WEIGHT_FILES)})", file=folder, field=field)


@contextmanager
def loading(folder: str | Path, field: str, what: str = "model"):
    """Turn what transformers raises for a bad file into one ``InputError`` line naming ``folder``."""
    try:
        yield
    except (OSError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise InputError(
            f"could not load the {what}: {type(exc).__name__}: {first}", file=folder, field=field
        ) from None
