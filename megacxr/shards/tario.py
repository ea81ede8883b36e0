"""Deterministic WebDataset tar writing and reading, and each shard's offset index.

Shards are byte-reproducible: every member has mtime 0, mode 0444, uid/gid 0 and no user names, so a rebuild
of the same input gives the same sha256. A shard is written under a ``.tmp`` name and renamed only when it is
complete, with its sha256 computed while writing. ``tar_size`` predicts the exact size of a tar before it is
written, which is how the byte cap is enforced.

Beside every shard ``x.tar`` the writer leaves ``x.idx`` (shards/FORMAT.md, "Offset index"): each sample's key and
each member's extension, data offset and size, with the tar's size and sha256. A reader opens any sample or any
member with one seek instead of walking the tar's headers, and reads only the members it needs. The index is
written before the tar is renamed into place, so a complete tar always has one; a reader that finds it absent,
or not matching the tar, walks the headers as before.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from pathlib import Path

BLOCK = tarfile.BLOCKSIZE  # 512
RECORD = tarfile.RECORDSIZE  # 10240: tarfile pads the archive to a multiple of this
INDEX_FORMAT = "megacxr-shard-index"
INDEX_VERSION = 1
INDEX_MAX_BYTES = 256 << 20  # a sidecar larger than this is not an index of ours: ignored, the tar is walked


def index_path(tar_path: str | Path) -> Path:
    """The offset index beside a shard: ``x.tar`` -> ``x.idx``."""
    return Path(tar_path).with_suffix(".idx")


def member_size(nbytes: int) -> int:
    return BLOCK + -(-nbytes // BLOCK) * BLOCK


def tar_size(members_bytes: int) -> int:
    """Exact archive size given the sum of ``member_size`` over members (end blocks and record padding)."""
    raw = members_bytes + 2 * BLOCK
    return -(-raw // RECORD) * RECORD


def sample_member_bytes(sample: dict[str, bytes]) -> int:
    return sum(member_size(len(v)) for k, v in sample.items() if k != "__key__")


class _HashingFile:
    """A write-only file wrapper that hashes and counts what passes through (tarfile needs write and tell)."""

    def __init__(self, fh):
        self.fh = fh
        self.sha = hashlib.sha256()
        self.count = 0

    def tell(self) -> int:
        return self.count

    def write(self, b) -> int:
        self.sha.update(b)
        self.count += len(b)
        return self.fh.write(b)


class TarShardWriter:
    """Writes WebDataset samples (dicts with ``__key__`` and extension -> bytes) into one tar file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.tmp = self.path.with_name(self.path.name + ".tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.tmp, "wb")
        self._hf = _HashingFile(self._fh)
        self._tar = tarfile.open(fileobj=self._hf, mode="w", format=tarfile.USTAR_FORMAT)
        self.samples = 0
        self.member_bytes = 0
        self._index: list[list] = []  # [key, [[ext, data offset, size], ...]] per sample

    def write(self, sample: dict[str, bytes]) -> None:
        key = sample["__key__"]
        if "." in key or "/" in key:
            raise ValueError("sample keys must not contain '.' or '/'")
        # Order: primary image first, then text, json, extra views: readers see a predictable layout.
        members = []
        for ext in sorted((k for k in sample if k != "__key__"), key=_ext_order):
            data = sample[ext]
            info = tarfile.TarInfo(f"{key}.{ext}")
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o444
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            self._tar.addfile(info, io.BytesIO(data))
            end = self._hf.count  # the header(s), then the data padded to whole blocks
            members.append([ext, end - -(-len(data) // BLOCK) * BLOCK, len(data)])
            self.member_bytes += member_size(len(data))
        self._index.append([key, members])
        self.samples += 1

    def predicted_size(self, extra_member_bytes: int = 0) -> int:
        return tar_size(self.member_bytes + extra_member_bytes)

    def close(self) -> dict:
        """Finish the archive, fsync, write its offset index, rename both into place (the index first); returns
        {samples, bytes, sha256}."""
        self._tar.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        info = {"samples": self.samples, "bytes": self._hf.count, "sha256": self._hf.sha.hexdigest()}
        idx = index_path(self.path)
        idx_tmp = idx.with_name(idx.name + ".tmp")
        with open(idx_tmp, "w") as fh:
            json.dump(
                {
                    "format": INDEX_FORMAT,
                    "version": INDEX_VERSION,
                    "tar_bytes": info["bytes"],
                    "tar_sha256": info["sha256"],
                    "samples": self._index,
                },
                fh,
                separators=(",", ":"),
            )
        os.replace(idx_tmp, idx)
        os.replace(self.tmp, self.path)
        return info

    def abort(self) -> None:
        try:
            self._tar.close()
        except Exception:
            pass
        self._fh.close()
        self.tmp.unlink(missing_ok=True)


def read_index(tar_path: str | Path, tar_bytes: int, tar_sha256: str | None = None) -> list | None:
    """The offset index of the shard at ``tar_path`` as ``[[key, [[ext, offset, size], ...]], ...]``, or None
    when it is absent or does not describe this tar (another size or sha256, a malformed or hostile file:
    every offset is checked to lie inside the tar). Never raises for a bad index: the caller walks the tar."""
    path = index_path(tar_path)
    try:
        if os.stat(path).st_size > INDEX_MAX_BYTES:
            return None
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT or data.get("version") != INDEX_VERSION:
        return None
    if data.get("tar_bytes") != tar_bytes or (tar_sha256 and data.get("tar_sha256") != tar_sha256):
        return None
    samples = data.get("samples")
    if not isinstance(samples, list):
        return None
    limit = tar_bytes - 2 * BLOCK
    for entry in samples:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and entry[0]):
            return None
        if "." in entry[0] or "/" in entry[0] or not isinstance(entry[1], list) or not entry[1]:
            return None
        for m in entry[1]:
            if not (isinstance(m, list) and len(m) == 3 and isinstance(m[0], str) and m[0]):
                return None
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in m[1:]):
                return None
            if m[1] < BLOCK or m[2] < 0 or m[1] + m[2] > limit:
                return None
    return samples


def _ext_order(ext: str) -> tuple[int, str]:
    rank = {"jpg": 0, "png": 0, "txt": 1, "json": 2}
    return (rank.get(ext, 3), ext)


def file_sha256(path: Path, bufsize: int = 1 << 20) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(bufsize):
            sha.update(chunk)
    return sha.hexdigest()


def iter_tar_samples(path: Path):
    """Yield (key, {ext: bytes}) from a shard, grouping members by key (WebDataset convention: the key is the
    member name up to its first dot). Raises tarfile.ReadError / EOFError on a truncated or corrupt shard."""
    current_key, current = None, {}
    size = Path(path).stat().st_size
    with tarfile.open(path, mode="r:") as tar:
        for member in tar:
            if not member.isfile():
                continue
            name = member.name.rsplit("/", 1)[-1]
            key, _, ext = name.partition(".")
            data = tar.extractfile(member).read()
            if len(data) != member.size:
                raise EOFError(f"member {member.name} is truncated")
            if key != current_key:
                if current_key is not None:
                    yield current_key, current
                current_key, current = key, {}
            current[ext] = data
        # tarfile stops silently at a header cut short: a complete archive ends with two zero blocks.
        if size - tar.offset < 2 * BLOCK:
            raise EOFError("archive ends without its end-of-archive blocks (truncated)")
    if current_key is not None:
        yield current_key, current
