"""Deterministic WebDataset tar writing and reading.

Shards are byte-reproducible: every member has mtime 0, mode 0444, uid/gid 0 and no user names, so a rebuild
of the same input gives the same sha256. A shard is written under a ``.tmp`` name and renamed only when it is
complete, with its sha256 computed while writing. ``tar_size`` predicts the exact size of a tar before it is
written, which is how the byte cap is enforced.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from pathlib import Path

BLOCK = tarfile.BLOCKSIZE  # 512
RECORD = tarfile.RECORDSIZE  # 10240: tarfile pads the archive to a multiple of this


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

    def write(self, sample: dict[str, bytes]) -> None:
        key = sample["__key__"]
        if "." in key or "/" in key:
            raise ValueError("sample keys must not contain '.' or '/'")
        # Order: primary image first, then text, json, extra views: readers see a predictable layout.
        for ext in sorted((k for k in sample if k != "__key__"), key=_ext_order):
            data = sample[ext]
            info = tarfile.TarInfo(f"{key}.{ext}")
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o444
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            self._tar.addfile(info, io.BytesIO(data))
            self.member_bytes += member_size(len(data))
        self.samples += 1

    def predicted_size(self, extra_member_bytes: int = 0) -> int:
        return tar_size(self.member_bytes + extra_member_bytes)

    def close(self) -> dict:
        """Finish the archive, fsync, rename into place; returns {samples, bytes, sha256}."""
        self._tar.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.tmp, self.path)
        return {"samples": self.samples, "bytes": self._hf.count, "sha256": self._hf.sha.hexdigest()}

    def abort(self) -> None:
        try:
            self._tar.close()
        except Exception:
            pass
        self._fh.close()
        self.tmp.unlink(missing_ok=True)


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
