"""Precomputed report embeddings for the ``frozen_cached`` text mode (LLM2CLIP's way).

The frozen report encoder embeds every report once, ahead of training; a training step then reads
``TextCache.lookup(batch["keys"]) -> [B, H]`` and runs only ``DualTower.encode_cached_text`` (adapter and
projection), never the LLM.

* ``build_text_cache(encoder, texts_by_key, out_dir, text_cfg=...)`` embeds ``(key, text)`` pairs (an iterable,
  or a callable returning one, e.g. a pass over the shards) and writes ``out_dir/embeddings.safetensors``
  (``embeddings [N, H]``, float16 by default, float32 or bfloat16) and ``out_dir/keys.json`` (the keys in row
  order, shape, dtype, the text settings and the encoder folder). Both are written under temporary names and
  renamed, the index last, so a killed build leaves no index. Keys are opaque shard keys; a repeated key is an
  error. Texts are tokenized as the ``clip`` loader does (``TextEncoder`` with the same ``TextConfig``: the
  instruction prefix stays out of pooling) and embedded in length-sorted padded batches (little padding).
* ``build_text_cache(..., part=(i, n))`` embeds every n-th pair only, into a part folder;
  ``merge_text_caches(parts, out_dir)`` joins the parts (the clip stage splits the build over a node's processes,
  each on its own GPU, and the node's local rank 0 merges).
* ``sample_texts(samples, text_cfg)``: ``(key, text)`` of raw shard samples with the loader's section choice
  (``choose_text``), the text ``ClipSample`` would feed. Only deterministic choices can be cached:
  ``text.sections=random`` and ``text.sentence_shuffle > 0`` are refused (one embedding per report; a shuffled
  or randomly sectioned text would differ at every visit).
* ``TextCache(out_dir)``: the embeddings memory-mapped straight from the safetensors file (read-only, shared
  through the page cache by every rank on a node: 1.6M reports x 2048 x float16 is 6.5 GB), ``lookup(keys)``
  returning float32 ``[B, H]``; a key that is not in the cache raises ``MissingKeyError`` naming it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import struct
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import torch

from megacxr.data.batches import collate_text
from megacxr.data.text import TextConfig, TextEncoder, choose_text
from megacxr.errors import ConfigError, InputError

__all__ = [
    "EMBEDDINGS_FILE",
    "INDEX_FILE",
    "MissingKeyError",
    "TextCache",
    "build_text_cache",
    "merge_text_caches",
    "sample_texts",
]

EMBEDDINGS_FILE, INDEX_FILE = "embeddings.safetensors", "keys.json"
FORMAT_VERSION = 1
_TENSOR = "embeddings"
_DTYPES = {"float16": torch.float16, "float32": torch.float32, "bfloat16": torch.bfloat16}
_ST_DTYPES = {"F16": np.float16, "F32": np.float32, "BF16": np.uint16}  # bf16 read as raw 16-bit words
_SORT_WINDOW = 32  # batches whose texts are sorted by length together

TextSource = Iterable[tuple[str, str]] | Callable[[], Iterable[tuple[str, str]]]


class MissingKeyError(InputError):
    """A key asked of a ``TextCache`` that the cache does not hold."""

    def __init__(self, key: str, cache: Path, size: int):
        self.key = key
        super().__init__(
            f"key {key!r} is not in the text cache ({size} keys); rebuild the cache over the shards this run reads",
            file=cache,
            field="keys",
        )


def _check_cacheable(text_cfg: TextConfig) -> None:
    if float(text_cfg.sentence_shuffle) > 0:
        raise ConfigError(
            "cached text embeddings hold one embedding per report, so sentence shuffle cannot "
            "apply: set text.sentence_shuffle=0 for text_mode frozen_cached",
            field="text.sentence_shuffle",
        )


def sample_texts(samples: Iterable[dict], text_cfg: TextConfig) -> Iterator[tuple[str, str]]:
    """``(key, report text)`` of raw shard samples (``__key__``, ``json``, ``txt``), as the clip loader picks it."""
    _check_cacheable(text_cfg)
    if text_cfg.sections == "random":
        raise ConfigError(
            "text.sections=random draws a section at every visit; a cache needs a fixed choice "
            "(findings_impression, impression, findings or txt)",
            field="text.sections",
        )
    rng = np.random.default_rng(0)  # the deterministic modes draw nothing from it
    for sample in samples:
        raw_meta, raw_txt = sample.get("json"), sample.get("txt")
        meta = json.loads(raw_meta) if raw_meta is not None else {}
        txt = raw_txt.decode("utf-8") if isinstance(raw_txt, (bytes, bytearray)) else raw_txt
        yield sample["__key__"], choose_text(meta, txt, text_cfg, rng)


def _batches(encoded: list, batch_size: int) -> Iterator[list[int]]:
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].input_ids))
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def build_text_cache(
    encoder,
    texts_by_key: TextSource,
    out_dir: str | Path,
    *,
    text_cfg: TextConfig,
    batch_size: int = 64,
    dtype: str = "float16",
    progress: Callable[[int], None] | None = None,
    part: tuple[int, int] = (0, 1),
    allow_empty: bool = False,
) -> Path:
    """Embed every ``(key, text)`` with the frozen ``encoder`` (a ``ReportEncoder``) and write the cache folder.

    ``text_cfg`` must be the clip stage's ``TextConfig`` (instruction, separator, max length); ``progress`` is
    called with the number of reports embedded so far after each batch. ``part=(i, n)``: embed only the pairs
    ``i, i + n, i + 2n, ...`` (every process of a node takes one part; every part still checks all keys for
    repeats); ``merge_text_caches`` joins the parts. ``allow_empty``: write an empty cache when there is
    nothing to embed (one rank's share of a pass split by shard may hold none). Returns ``out_dir``."""
    _check_cacheable(text_cfg)
    index_, count = (int(v) for v in part)
    if not 0 <= index_ < count:
        raise ConfigError(f"part must be (i, n) with 0 <= i < n, got {part}", field="part")
    if dtype not in _DTYPES:
        raise ConfigError(f"unknown dtype {dtype!r}; choose one of {', '.join(_DTYPES)}", field="dtype")
    if int(batch_size) < 1:
        raise ConfigError("must be at least 1", field="batch_size")
    tok = TextEncoder(encoder.tokenizer_path, text_cfg)
    device = next(encoder.parameters()).device
    pairs = texts_by_key() if callable(texts_by_key) else texts_by_key
    keys: list[str] = []
    seen: set[str] = set()
    chunks: list[torch.Tensor] = []
    was_training = encoder.training
    encoder.eval()
    done = 0

    def flush(window: list[str]) -> None:
        nonlocal done
        encoded = tok.encode_batch(window)
        out = torch.empty(len(window), encoder.hidden_size, dtype=_DTYPES[dtype])
        for idx in _batches(encoded, int(batch_size)):
            text = collate_text(
                [encoded[i].input_ids for i in idx], [encoded[i].instruction_len for i in idx], tok.pad_id, None
            )
            text = {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in text.items()}
            out[idx] = encoder.embed(text).to("cpu", _DTYPES[dtype])
            done += len(idx)
            if progress is not None:
                progress(done)
        chunks.append(out)

    try:
        with torch.no_grad():
            window: list[str] = []
            for position, (key, text) in enumerate(pairs):
                if not isinstance(key, str) or not key:
                    raise InputError(f"cache keys are non-empty strings, got {key!r}", field="key")
                if key in seen:
                    raise InputError(f"key {key!r} appears twice; a cache holds one text per key", field="key")
                seen.add(key)
                if position % count != index_:
                    continue
                keys.append(key)
                window.append(text)
                if len(window) == int(batch_size) * _SORT_WINDOW:
                    flush(window)
                    window = []
            if window:
                flush(window)
    finally:
        encoder.train(was_training)
    if not seen and not allow_empty:  # a part of a cluster build may own no shard
        raise InputError("no reports to embed", field="texts_by_key")
    embeddings = torch.cat(chunks) if chunks else torch.empty(0, encoder.hidden_size, dtype=_DTYPES[dtype])
    meta = {
        "dtype": dtype,
        "encoder": str(encoder.cfg.path),
        "pooling": encoder.cfg.pooling.kind,
        "text": dataclasses.asdict(text_cfg),
    }
    return _write(Path(out_dir), embeddings, keys, meta)


def _write(out: Path, embeddings: torch.Tensor, keys: list[str], meta: dict) -> Path:
    """The cache files, each under a temporary name and renamed, the index last."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / (EMBEDDINGS_FILE + ".part")
    save_file({_TENSOR: embeddings.contiguous()}, str(tmp), metadata={"format": "pt"})
    os.replace(tmp, out / EMBEDDINGS_FILE)
    _write_index(out, keys, int(embeddings.shape[1]), meta)
    return out


def _write_index(out: Path, keys: list[str], dim: int, meta: dict) -> None:
    index = {"format_version": FORMAT_VERSION, "count": len(keys), "dim": dim, **meta, "keys": keys}
    tmp = out / (INDEX_FILE + ".part")
    tmp.write_text(json.dumps(index) + "\n")
    os.replace(tmp, out / INDEX_FILE)


def merge_text_caches(parts: list[str | Path], out_dir: str | Path, chunk_bytes: int = 64 << 20) -> Path:
    """Join the part caches of a ``build_text_cache(part=...)`` build (in part order) into ``out_dir``.

    Streams: the embeddings file is written as a safetensors header and then each part's rows, copied from its
    file ``chunk_bytes`` at a time through one buffer, so the merge holds one chunk, not the cache (a 1.6M x 2048
    float16 cache is 6.5 GB; joining it in memory took three copies)."""
    caches = [TextCache(p) for p in parts]
    if not caches:
        raise InputError("no part caches to merge", field="parts")
    meta = {k: v for k, v in caches[0].info.items() if k not in ("format_version", "count", "dim")}
    for cache in caches[1:]:
        other = {k: v for k, v in cache.info.items() if k not in ("format_version", "count", "dim")}
        if other != meta or cache.dim != caches[0].dim or cache._st_dtype != caches[0]._st_dtype:
            raise InputError("part caches built with different settings", file=cache.path, field="keys.json")
    keys = [k for c in caches for k in c.keys]
    if len(set(keys)) != len(keys):
        raise InputError("a key appears in two part caches", file=caches[0].path.parent, field="keys")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dim, code = caches[0].dim, caches[0]._st_dtype
    itemsize = np.dtype(_ST_DTYPES[code]).itemsize
    nbytes = len(keys) * dim * itemsize
    header = json.dumps(
        {
            _TENSOR: {"dtype": code, "shape": [len(keys), dim], "data_offsets": [0, nbytes]},
            "__metadata__": {"format": "pt"},
        },
        separators=(",", ":"),
    ).encode()
    header += b" " * (-len(header) % 8)  # safetensors pads its header to 8 bytes
    tmp = out / (EMBEDDINGS_FILE + ".part")
    buf = bytearray(max(1, chunk_bytes))
    with open(tmp, "wb") as fh:
        fh.write(struct.pack("<Q", len(header)))
        fh.write(header)
        for cache in caches:  # plain reads into one buffer: no part is mapped or held whole
            left = len(cache) * dim * itemsize
            with open(cache._file, "rb") as src:
                src.seek(cache._offset)
                while left:
                    n = src.readinto(memoryview(buf)[: min(left, len(buf))])
                    if not n:
                        raise InputError("part cache file is shorter than its header says", file=cache._file)
                    fh.write(memoryview(buf)[:n])
                    left -= n
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out / EMBEDDINGS_FILE)
    _write_index(out, keys, dim, meta)
    return out


class TextCache:
    """Read-only, memory-mapped report embeddings of a ``build_text_cache`` folder; see the module docstring."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        index_path = self.path / INDEX_FILE
        if not index_path.is_file():
            raise InputError(
                "not a text cache (no keys.json; was the build interrupted?)", file=self.path, field="text_cache"
            )
        index = json.loads(index_path.read_text())
        self.info = {k: v for k, v in index.items() if k != "keys"}
        keys = index.get("keys")
        if not isinstance(keys, list):
            raise InputError("no key list", file=index_path, field="keys")
        self._row = {k: i for i, k in enumerate(keys)}
        self.keys = keys
        self._file = self.path / EMBEDDINGS_FILE
        self._offset, self._np_dtype, self._shape, self._st_dtype = self._header()
        self._bf16 = self._st_dtype == "BF16"
        if self._shape[0] != len(keys) or len(self._row) != len(keys):
            raise InputError(
                f"{self._shape[0]} embeddings for {len(keys)} keys ({len(self._row)} distinct)",
                file=index_path,
                field="keys",
            )
        self._data: np.memmap | None = None

    def _header(self):
        try:
            with open(self._file, "rb") as fh:
                (size,) = struct.unpack("<Q", fh.read(8))
                header = json.loads(fh.read(size))
        except (OSError, ValueError, struct.error) as exc:
            raise InputError(f"unreadable embeddings file ({exc})", file=self._file, field=_TENSOR) from exc
        entry = header.get(_TENSOR)
        if not entry or entry.get("dtype") not in _ST_DTYPES or len(entry.get("shape", ())) != 2:
            raise InputError("no 2-D float16 / float32 / bfloat16 'embeddings' tensor", file=self._file, field=_TENSOR)
        start, end = entry["data_offsets"]
        shape = tuple(int(s) for s in entry["shape"])
        np_dtype = _ST_DTYPES[entry["dtype"]]
        if end - start != shape[0] * shape[1] * np.dtype(np_dtype).itemsize:
            raise InputError("the tensor's byte range does not match its shape", file=self._file, field=_TENSOR)
        return 8 + size + start, np_dtype, shape, entry["dtype"]

    def _array(self) -> np.ndarray:
        if self._data is None and self._shape[0] == 0:  # an empty part of a sharded build (mmap refuses it)
            self._data = np.empty(self._shape, dtype=self._np_dtype)
        if self._data is None:  # opened on first use, so a cache object pickles cheaply into workers
            self._data = np.memmap(self._file, dtype=self._np_dtype, mode="r", offset=self._offset, shape=self._shape)
        return self._data

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_data"] = None
        return state

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: str) -> bool:
        return key in self._row

    @property
    def dim(self) -> int:
        return int(self._shape[1])

    def lookup(self, keys: Iterable[str], dtype: torch.dtype = torch.float32) -> torch.Tensor:
        """``[B, H]`` embeddings of ``keys`` in their order (``dtype``, float32 by default)."""
        rows = []
        for key in keys:
            row = self._row.get(key)
            if row is None:
                raise MissingKeyError(key, self.path, len(self.keys))
            rows.append(row)
        picked = torch.from_numpy(np.ascontiguousarray(self._array()[np.asarray(rows, dtype=np.int64)]))
        if self._bf16:
            picked = picked.view(torch.bfloat16)
        return picked.to(dtype)
