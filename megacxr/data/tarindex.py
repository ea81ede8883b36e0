"""Random access into WebDataset tar shards: a small per-shard index of sample member offsets.

``ShardIndex.load(path)`` reads the offset index the shard builder writes beside each shard (``x.idx``,
shards/FORMAT.md) when it describes this tar (same size, and the manifest's sha256 when given): one small file
read, however many samples the shard holds. Without one (shards of other writers, or built before the index
existed) it falls back to ``ShardIndex.scan(path)``, which walks the tar headers only (tarfile seeks over member
data), groups members into samples by the WebDataset key convention (member name up to the first dot of its
base name; a new key starts a new sample) and records each member's data offset and size. ``read(i)`` then
reads sample ``i`` with one ``pread`` over the byte span of its members (or one per member asked for), so
that a stream can start at any sample of a shard and re-read exactly the samples it held in its shuffle buffer,
without decoding what came before.

A shard that is cut short (a header or a member's data past the end of the file, or no end-of-archive blocks)
raises ``TruncatedShardError`` at scan time; a read that comes back short raises it at read time. Errors name
the shard path and never carry sample content.
"""

from __future__ import annotations

import os
import re
import tarfile
import threading
from collections import OrderedDict
from pathlib import Path

from megacxr.shards.tario import read_index

BLOCK = tarfile.BLOCKSIZE

# WebDataset's key/extension split: key = everything up to the first dot of the base name (directory kept).
_KEY_EXT = re.compile(r"^((?:.*/|)[^./]+)[.]([^/]*)$")


class BadShardError(Exception):
    """A shard that cannot be read as listed in its manifest (the message names the path, never content)."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class TruncatedShardError(BadShardError):
    """The tar file ends early: a header, a member's data or the end-of-archive blocks are missing."""


class ShardIndex:
    """Sample ``i`` -> key and member (extension, data offset, size); reads samples by index."""

    __slots__ = ("path", "file_size", "keys", "spans", "members")

    def __init__(
        self,
        path: Path,
        file_size: int,
        keys: list[str],
        spans: list[tuple[int, int]],
        members: list[tuple[tuple[str, int, int], ...]],
    ):
        self.path = Path(path)
        self.file_size = file_size
        self.keys = keys  # sample key per sample
        self.spans = spans  # (first data offset, end of last member's data) per sample
        self.members = members  # ((ext, data offset, size), ...) per sample

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def load(cls, path: str | Path, sha256: str | None = None) -> ShardIndex:
        """The shard's written offset index where it matches the tar, else a scan of the tar's headers."""
        path = Path(path)
        try:
            size = os.stat(path).st_size
        except OSError as exc:
            raise BadShardError(path, f"cannot open ({type(exc).__name__})") from None
        entries = read_index(path, size, sha256)
        if entries is None:
            return cls.scan(path)
        keys, spans, members = [], [], []
        for key, ms in entries:
            cls._close(keys, spans, members, key, [tuple(m) for m in ms])
        return cls(path, size, keys, spans, members)

    @classmethod
    def scan(cls, path: str | Path) -> ShardIndex:
        path = Path(path)
        try:
            size = os.stat(path).st_size
        except OSError as exc:
            raise BadShardError(path, f"cannot open ({type(exc).__name__})") from None
        keys: list[str] = []
        spans: list[tuple[int, int]] = []
        members: list[tuple[tuple[str, int, int], ...]] = []
        cur_key, cur = None, []
        try:
            with tarfile.open(path, mode="r:") as tar:
                while True:
                    m = tar.next()
                    if m is None:
                        break
                    if not m.isfile():
                        continue
                    if m.offset_data + m.size > size:
                        raise TruncatedShardError(path, "member data runs past the end of the file")
                    match = _KEY_EXT.match(m.name)
                    if not match:
                        continue  # no extension: not part of any sample (WebDataset ignores it too)
                    key, ext = match.group(1), match.group(2)
                    if key != cur_key:
                        if cur:
                            cls._close(keys, spans, members, cur_key, cur)
                        cur_key, cur = key, []
                    cur.append((ext, m.offset_data, m.size))
                end = tar.offset
        except BadShardError:
            raise
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise TruncatedShardError(path, f"tar read failed ({type(exc).__name__})") from None
        # tarfile stops silently at a header cut short: a complete archive ends with two zero blocks.
        if size - end < 2 * BLOCK:
            raise TruncatedShardError(path, "archive ends without its end-of-archive blocks")
        if cur:
            cls._close(keys, spans, members, cur_key, cur)
        return cls(path, size, keys, spans, members)

    @staticmethod
    def _close(keys, spans, members, key, cur) -> None:
        keys.append(key)
        spans.append((cur[0][1], cur[-1][1] + cur[-1][2]))
        members.append(tuple(cur))

    def read(self, i: int, fd: int | None = None, exts: frozenset[str] | None = None) -> dict:
        """Sample ``i`` as ``{"__key__": key, ext: bytes, ...}`` (only ``exts`` when given)."""
        own = fd is None
        if own:
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except OSError as exc:
                raise BadShardError(self.path, f"cannot open ({type(exc).__name__})") from None
        try:
            sample = {"__key__": self.keys[i]}
            if exts is None:
                start, end = self.spans[i]
                buf = _pread(fd, end - start, start, self.path)
                view = memoryview(buf)
                for ext, off, n in self.members[i]:
                    sample[ext] = bytes(view[off - start : off - start + n])
            else:
                for ext, off, n in self.members[i]:
                    if ext in exts:
                        sample[ext] = _pread(fd, n, off, self.path)
            return sample
        finally:
            if own:
                os.close(fd)


def _pread(fd: int, n: int, offset: int, path: Path) -> bytes:
    try:
        data = os.pread(fd, n, offset)
    except OSError as exc:
        raise TruncatedShardError(path, f"read failed ({type(exc).__name__})") from None
    if len(data) != n:
        raise TruncatedShardError(path, "read came back short (file cut after indexing)")
    return data


class IndexCache:
    """A small LRU of shard indexes keyed by (path, size, mtime), so a changed file is re-scanned."""

    def __init__(self, capacity: int = 64):
        self.capacity = capacity
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str | Path, sha256: str | None = None) -> ShardIndex:
        path = Path(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            raise BadShardError(path, f"cannot open ({type(exc).__name__})") from None
        key = (str(path), st.st_size, st.st_mtime_ns)
        with self._lock:
            index = self._items.get(key)
            if index is not None:
                self._items.move_to_end(key)
                return index
        index = ShardIndex.load(path, sha256)  # failures are not cached: a fixed file is picked up next time
        with self._lock:
            self._items[key] = index
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return index

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


INDEXES = IndexCache()
