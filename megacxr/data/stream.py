"""The streaming core: one slot's samples from WebDataset shards, mixed, shuffled, exactly resumable, robust.

A ``ShardStream`` serves one slot (a (rank, dataloader worker) pair; see ``megacxr.data.plan``). It keeps one
stream per source: in epoch mode the source's pieces (sample ranges of shards) dealt to this slot for the
epoch, in resampled mode shards drawn with replacement (probability proportional to their sample count) for
ever. Each source stream reads ``open_shards`` shards interleaved (the slot's rng picks which open shard gives
the next sample). The source of each next sample is drawn with probability proportional to its weight,
renormalised over the sources that are neither exhausted nor capped. Samples go into a shuffle buffer of
``shuffle_buffer`` raw samples, from which a random one is emitted, passed through ``sample_fn(sample, rng)``
(``rng``: the slot's augmentation generator, so augmentations replay exactly) and yielded.

``state_dict()`` between two samples captures everything: the epoch, per source the position in its piece
list, the open shards with their next sample, caps' counts, the shuffle buffer as (shard, sample index)
references, both generators' states and the counters; all plain JSON. ``load_state_dict`` re-reads the
buffered samples by index through the tar index (``megacxr.data.tarindex``) and continues exactly where the
saved stream was.

Bad data never stops the stream: a sample that lacks a required member or whose ``sample_fn`` raises is
skipped and counted (``skipped_corrupt``); a shard that is truncated or unreadable is skipped and counted
(``skipped_truncated_shards``, and the samples it would have given in ``skipped_truncated_samples``). A
rate-limited warning names the shard and the kind of problem, never sample content. A long run of skipped
samples in a row is a systematic problem (a bug in ``sample_fn``, the wrong data) and raises.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from megacxr.data.plan import (
    ShardInfo,
    ShardSet,
    StreamConfig,
    epoch_pieces,
    load_shard_set,
    rng_state,
    set_rng_state,
    share,
    slot_rngs,
)
from megacxr.data.tarindex import INDEXES, BadShardError, IndexCache, ShardIndex
from megacxr.shards.tario import file_sha256

__all__ = ["ShardStream", "StreamConfig", "SkipReporter", "COUNTERS", "fresh_state", "iter_shard_samples"]

log = logging.getLogger("megacxr.data.stream")

STATE_VERSION = 1
COUNTERS = ("samples", "skipped_corrupt", "skipped_truncated_shards", "skipped_truncated_samples")

SampleFn = Callable[[dict, np.random.Generator], Any]


def fresh_state(epoch: int, counters: dict | None = None) -> dict:
    """A state that starts epoch ``epoch`` from its beginning, carrying the counters over."""
    return {"version": STATE_VERSION, "epoch": int(epoch), "counters": dict(counters or {})}


class SkipReporter:
    """Logs skipped data at most once per ``interval_s`` seconds, with the counts since the last report."""

    def __init__(self, interval_s: float, clock: Callable[[], float] = time.monotonic, prefix: str = ""):
        self.interval_s = float(interval_s)
        self.clock = clock
        self.prefix = prefix
        self.warnings = 0
        self._last: float | None = None
        self._since: Counter = Counter()

    def report(self, kind: str, shard_path: str, reason: str) -> None:
        self._since[kind] += 1
        now = self.clock()
        if self._last is not None and now - self._last < self.interval_s:
            return
        counts = ", ".join(f"{n} {k}" for k, n in sorted(self._since.items()))
        log.warning(
            "%sskipped %s since the last report (latest: %s in shard %s)", self.prefix, counts, reason, shard_path
        )
        self._since.clear()
        self._last = now
        self.warnings += 1


class _Cursor:
    __slots__ = ("shard", "next", "end", "index", "fd")

    def __init__(self, shard: ShardInfo, next_: int, end: int, index: ShardIndex, fd: int):
        self.shard, self.next, self.end, self.index, self.fd = shard, next_, end, index, fd


class _Source:
    __slots__ = (
        "name",
        "weight",
        "shards",
        "cum",
        "pieces",
        "next_piece",
        "open",
        "pulled",
        "cap",
        "exhausted",
        "bad_run",
    )

    def __init__(self, name: str, weight: float, shards: list[ShardInfo]):
        self.name, self.weight, self.shards = name, weight, shards
        self.cum = np.cumsum([s.samples for s in shards])
        self.pieces: list[tuple[ShardInfo, int, int]] = []
        self.next_piece = 0
        self.open: list[_Cursor] = []
        self.pulled = 0  # samples taken this (nominal) epoch, for caps in resampled mode
        self.cap: int | None = None
        self.exhausted = False
        self.bad_run = 0  # shards in a row that failed to open (resampled: all bad -> raise)


class ShardStream:
    """The samples of one slot; iterate to get items, ``state_dict``/``load_state_dict`` to resume exactly."""

    def __init__(
        self,
        config: StreamConfig,
        *,
        slot: int = 0,
        num_slots: int = 1,
        sample_fn: SampleFn | None = None,
        shard_set: ShardSet | None = None,
        clock: Callable[[], float] = time.monotonic,
        index_cache: IndexCache = INDEXES,
    ):
        self.cfg = config.validate()
        self.shard_set = shard_set if shard_set is not None else load_shard_set(config)
        if not (0 <= slot < num_slots):
            raise ValueError(f"slot {slot} is not in [0, {num_slots})")
        self.slot, self.num_slots = int(slot), int(num_slots)
        self.sample_fn = sample_fn
        self.counters = dict.fromkeys(COUNTERS, 0)
        self.reporter = SkipReporter(config.warn_interval_s, clock, prefix=f"data slot {slot}/{num_slots}: ")
        self._cache = index_cache
        self._sha_ok: dict[str, bool] = {}  # verify_sha256: shard path -> matched its manifest digest
        self._require = [tuple(r.split("|")) for r in config.require]
        self._exts = frozenset(config.read_exts) if config.read_exts else None
        self._open_n = int(config.open_shards) if config.shuffle else 1
        self._buf_n = int(config.shuffle_buffer) if config.shuffle else 0
        self._consecutive = 0
        self._sources: list[_Source] = []
        self._buffer: list[tuple[ShardInfo, int, dict]] = []
        self._start_epoch(0)

    # ------------------------------------------------------------------ epochs and plan
    @property
    def mode(self) -> str:
        return self.cfg.mode

    def set_epoch(self, epoch: int) -> None:
        """Start epoch ``epoch`` from its beginning (counters are kept)."""
        self._start_epoch(int(epoch))

    def _start_epoch(self, epoch: int, plan: dict | None = None, reseed: int = 0) -> None:
        """Start ``epoch``: this slot's pieces from the epoch plan, or from ``plan`` (source -> [[shard ref, start,
        end], ...]: the rest of an epoch dealt anew after an elastic resume, see ``megacxr.data.elastic``).
        ``reseed`` > 0 derives fresh generators (an elastic resume must not replay the streams' beginnings)."""
        self.close()
        ss, cfg = self.shard_set, self.cfg
        self.epoch = epoch
        self._plan = plan
        self._reseed = int(reseed)
        self.rng, self.aug_rng = slot_rngs(cfg.seed, epoch, self.slot, cfg.mode, self._reseed)
        self._sources = []
        for si, name in enumerate(ss.sources):
            src = _Source(name, ss.weights[name], ss.shards[name])
            if cfg.mode == "epoch" and plan is not None:
                src.pieces = [(ss.by_ref[ref], int(a), int(b)) for ref, a, b in plan.get(name, [])]
            elif cfg.mode == "epoch":
                src.pieces = epoch_pieces(
                    src.shards,
                    seed=cfg.seed,
                    epoch=epoch,
                    source_index=si,
                    slot=self.slot,
                    num_slots=self.num_slots,
                    cap=ss.caps[name],
                    shuffle=cfg.shuffle,
                )
            elif ss.caps[name] is not None:
                src.cap = share(ss.caps[name], self.num_slots, self.slot)
            self._sources.append(src)
        self._buffer = []
        self._drained = False
        self._pulled_epoch = 0
        if cfg.mode == "resampled":
            total = cfg.epoch_samples or sum(
                min(ss.total(n), ss.caps[n] if ss.caps[n] is not None else 1 << 62) for n in ss.sources
            )
            self._epoch_len = max(1, share(int(total), self.num_slots, self.slot))

    def _roll_nominal_epoch(self) -> None:
        """Resampled mode: a nominal epoch is over; caps count afresh (position, buffer and rng go on)."""
        self.epoch += 1
        self._pulled_epoch = 0
        for src in self._sources:
            src.pulled = 0

    def close(self) -> None:
        for src in self._sources:
            for cur in src.open:
                os.close(cur.fd)
            src.open = []

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ------------------------------------------------------------------ bad data
    def _skip_sample(self, shard: ShardInfo, reason: str, exc: BaseException | None = None) -> None:
        self.counters["skipped_corrupt"] += 1
        self._consecutive += 1
        self.reporter.report("corrupt samples", str(shard.path), reason)
        if self._consecutive >= self.cfg.max_consecutive_errors:
            raise RuntimeError(
                f"{self._consecutive} samples in a row were skipped (latest: {reason} in shard "
                f"{shard.path}); this looks systematic: check sample_fn and the shards"
            ) from exc

    def _skip_shard(self, src: _Source, shard: ShardInfo, reason: str, lost: int) -> None:
        self.counters["skipped_truncated_shards"] += 1
        self.counters["skipped_truncated_samples"] += int(lost)
        src.bad_run += 1
        self.reporter.report("truncated/unreadable shards", str(shard.path), reason)

    # ------------------------------------------------------------------ reading
    def _index(self, shard: ShardInfo) -> ShardIndex:
        """The shard's member index; with ``verify_sha256`` only once its bytes match the manifest's digest."""
        if self.cfg.verify_sha256 and shard.sha256:
            key = str(shard.path)
            if key not in self._sha_ok:
                self._sha_ok[key] = file_sha256(shard.path) == shard.sha256
            if not self._sha_ok[key]:
                raise BadShardError(shard.path, "sha256 does not match the manifest")
        return self._cache.get(shard.path, shard.sha256)

    def _open_cursor(self, src: _Source, shard: ShardInfo, next_: int, end: int) -> _Cursor | None:
        try:
            index = self._index(shard)
            if len(index) != shard.samples:
                raise BadShardError(shard.path, f"holds {len(index)} samples, the manifest lists {shard.samples}")
            fd = os.open(shard.path, os.O_RDONLY)
        except (BadShardError, OSError) as exc:
            reason = exc.reason if isinstance(exc, BadShardError) else f"cannot open ({type(exc).__name__})"
            self._skip_shard(src, shard, reason, end - next_)
            return None
        src.bad_run = 0
        return _Cursor(shard, next_, end, index, fd)

    def _next_piece(self, src: _Source) -> tuple[ShardInfo, int, int] | None:
        if self.cfg.mode == "epoch":
            if src.next_piece >= len(src.pieces):
                return None
            src.next_piece += 1
            return src.pieces[src.next_piece - 1]
        if src.bad_run >= max(8, 2 * len(src.shards)):
            raise RuntimeError(
                f"source {src.name!r}: {src.bad_run} shards in a row failed to open; check the shard directory"
            )
        k = int(np.searchsorted(src.cum, self.rng.random() * src.cum[-1], side="right"))
        shard = src.shards[min(k, len(src.shards) - 1)]
        return shard, 0, shard.samples

    def _missing(self, index: ShardIndex, i: int) -> str | None:
        present = {m[0] for m in index.members[i]}
        for alternatives in self._require:
            if not any(a in present for a in alternatives):
                return "|".join(alternatives)
        return None

    def _pull(self, src: _Source) -> tuple[ShardInfo, int, dict] | None:
        """The next raw sample of one source, or None (a skipped sample, or the source ran out)."""
        while len(src.open) < self._open_n:
            piece = self._next_piece(src)
            if piece is None:
                break
            cur = self._open_cursor(src, *piece)
            if cur is not None:
                src.open.append(cur)
        if not src.open:
            src.exhausted = True
            return None
        j = int(self.rng.integers(len(src.open))) if len(src.open) > 1 else 0
        cur = src.open[j]
        i = cur.next
        cur.next += 1
        src.pulled += 1
        self._pulled_epoch += 1
        sample, missing = None, self._missing(cur.index, i)
        if missing is None:
            try:
                sample = cur.index.read(i, cur.fd, self._exts)
            except BadShardError as exc:
                self._skip_shard(src, cur.shard, exc.reason, cur.end - i)
                cur.next = cur.end
        if cur.next >= cur.end:
            os.close(cur.fd)
            src.open.pop(j)
        if missing is not None:
            self._skip_sample(cur.shard, f"missing member {missing}")
        return None if sample is None else (cur.shard, i, sample)

    def _pick_source(self) -> _Source | None:
        active = [s for s in self._sources if not s.exhausted and (s.cap is None or s.pulled < s.cap)]
        if len(active) <= 1:
            return active[0] if active else None
        x = self.rng.random() * sum(s.weight for s in active)
        for s in active:
            x -= s.weight
            if x < 0:
                return s
        return active[-1]

    def _draw(self) -> tuple[ShardInfo, int, dict] | None:
        """The next raw sample of the mix, or None when the epoch has no more (epoch mode only)."""
        while not self._drained:
            if self.cfg.mode == "resampled" and self._pulled_epoch >= self._epoch_len:
                self._roll_nominal_epoch()
            src = self._pick_source()
            if src is None:
                if self.cfg.mode == "epoch":
                    self._drained = True
                    return None
                if self._pulled_epoch == 0:
                    raise RuntimeError(
                        f"slot {self.slot}: every source is capped at 0 samples in this slot "
                        f"(caps smaller than the {self.num_slots} slots)"
                    )
                self._roll_nominal_epoch()
                continue
            entry = self._pull(src)
            if entry is not None:
                return entry
        return None

    def _next_entry(self) -> tuple[ShardInfo, int, dict] | None:
        if self._buf_n == 0:
            return self._draw()
        buf = self._buffer
        while len(buf) < self._buf_n:
            entry = self._draw()
            if entry is None:
                break
            buf.append(entry)
        if not buf:
            return None
        j = int(self.rng.integers(len(buf)))
        buf[j], buf[-1] = buf[-1], buf[j]
        return buf.pop()

    def __iter__(self):
        """Items from the current position to the end of the epoch (epoch mode) or for ever (resampled)."""
        while True:
            entry = self._next_entry()
            if entry is None:
                return
            shard, i, sample = entry
            sample["__url__"] = str(shard.path)
            sample["__source__"] = shard.source
            sample["__shard__"] = shard.ref
            sample["__index__"] = i
            if self.sample_fn is None:
                item = sample
            else:
                try:
                    item = self.sample_fn(sample, self.aug_rng)
                except Exception as exc:  # bad bytes (or a bug: many in a row raise, see _skip_sample)
                    self._skip_sample(shard, f"sample_fn raised {type(exc).__name__}", exc)
                    continue
            self._consecutive = 0
            self.counters["samples"] += 1
            yield item

    # ------------------------------------------------------------------ state
    def state_dict(self) -> dict:
        refs: dict[str, int] = {}
        items: list[int] = []
        for shard, i, _ in self._buffer:
            items.append(refs.setdefault(shard.ref, len(refs)))
            items.append(i)
        return {
            "version": STATE_VERSION,
            "fingerprint": self.shard_set.fingerprint,
            "mode": self.cfg.mode,
            "slot": self.slot,
            "num_slots": self.num_slots,
            "epoch": self.epoch,
            "drained": self._drained,
            "pulled_epoch": self._pulled_epoch,
            "sources": {
                s.name: {
                    "next_piece": s.next_piece,
                    "open": [[c.shard.ref, c.next, c.end] for c in s.open],
                    "pulled": s.pulled,
                    "exhausted": s.exhausted,
                    "bad_run": s.bad_run,
                }
                for s in self._sources
            },
            "buffer": {"shards": list(refs), "items": items},
            "rng": rng_state(self.rng),
            "aug_rng": rng_state(self.aug_rng),
            "counters": dict(self.counters),
            "consecutive_errors": self._consecutive,
            **({"plan": self._plan} if self._plan is not None else {}),
            **({"reseed": self._reseed} if self._reseed else {}),
        }

    def load_state_dict(self, state: dict) -> None:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported stream state version {state.get('version')!r}")
        counters = {k: int(state.get("counters", {}).get(k, 0)) for k in COUNTERS}
        plan, reseed = state.get("plan"), int(state.get("reseed", 0))
        if "sources" not in state:  # fresh_state: the start of an epoch (or of an epoch's re-dealt rest)
            self._start_epoch(int(state["epoch"]), plan, reseed)
            self.counters = counters
            return
        for key, mine in (
            ("fingerprint", self.shard_set.fingerprint),
            ("mode", self.cfg.mode),
            ("slot", self.slot),
            ("num_slots", self.num_slots),
        ):
            if state.get(key) != mine:
                raise ValueError(
                    f"stream state does not match this stream: {key} is {state.get(key)!r} in the "
                    f"state, {mine!r} here (same shards, split, seed, mode, caps, world size and "
                    f"workers are needed to resume)"
                )
        self._check_state(state, counters)
        self._start_epoch(int(state["epoch"]), plan, reseed)
        self.counters = counters
        self._consecutive = int(state.get("consecutive_errors", 0))
        set_rng_state(self.rng, state["rng"])
        set_rng_state(self.aug_rng, state["aug_rng"])
        self._drained = bool(state["drained"])
        self._pulled_epoch = int(state["pulled_epoch"])
        by_ref = self.shard_set.by_ref
        for src in self._sources:
            st = state["sources"][src.name]
            src.next_piece, src.pulled = int(st["next_piece"]), int(st["pulled"])
            src.exhausted, src.bad_run = bool(st["exhausted"]), int(st["bad_run"])
            for ref, nxt, end in st["open"]:
                cur = self._open_cursor(src, by_ref[ref], int(nxt), int(end))
                if cur is not None:
                    src.open.append(cur)
        self._buffer = self._reread_buffer(state["buffer"])

    def _check_state(self, state: dict, counters: dict) -> None:
        """Refuse a saved state no run of this stream could have written (a tampered or corrupt checkpoint):
        negative counts, a buffer larger than ``shuffle_buffer``, sample indices or cursors outside their shard,
        unknown shards. Each is a ``ValueError`` naming the field."""

        def bad(field: str, why: str) -> ValueError:
            return ValueError(f"stream state field {field!r}: {why} (a tampered or corrupt checkpoint)")

        for name, value in (
            *((f"counters.{k}", v) for k, v in counters.items()),
            ("epoch", state.get("epoch")),
            ("pulled_epoch", state.get("pulled_epoch")),
            ("consecutive_errors", state.get("consecutive_errors", 0)),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(name, f"{value!r} is not a whole number >= 0")
        by_ref = self.shard_set.by_ref
        for src in self._sources:
            st = state["sources"].get(src.name) if isinstance(state.get("sources"), dict) else None
            if not isinstance(st, dict):
                raise bad(f"sources.{src.name}", "missing")
            for name in ("next_piece", "pulled", "bad_run"):
                if not isinstance(st.get(name), int) or st[name] < 0:
                    raise bad(f"sources.{src.name}.{name}", f"{st.get(name)!r} is not a whole number >= 0")
            for cursor in st.get("open", []):
                ref, nxt, end = cursor if isinstance(cursor, (list, tuple)) and len(cursor) == 3 else (None, 0, 0)
                shard = by_ref.get(ref) if isinstance(ref, str) else None
                if shard is None or not (
                    isinstance(nxt, int) and isinstance(end, int) and 0 <= nxt <= end <= shard.samples
                ):
                    raise bad(f"sources.{src.name}.open", "a cursor outside its shard or of an unknown shard")
        buffer = state.get("buffer")
        if (
            not isinstance(buffer, dict)
            or not isinstance(buffer.get("shards"), list)
            or not isinstance(buffer.get("items"), list)
        ):
            raise bad("buffer", "not a buffer")
        items, shards = buffer["items"], buffer["shards"]
        if len(items) % 2 or len(items) // 2 > int(self.cfg.shuffle_buffer):
            raise bad("buffer", f"{len(items) // 2} samples, over shuffle_buffer={self.cfg.shuffle_buffer}")
        if any(not isinstance(r, str) or r not in by_ref for r in shards):
            raise bad("buffer.shards", "a shard this stream does not have")
        for k in range(0, len(items), 2):
            j, i = items[k], items[k + 1]
            if not (isinstance(j, int) and isinstance(i, int) and 0 <= j < len(shards)):
                raise bad("buffer.items", "not a (shard, index) pair")
            if not 0 <= i < by_ref[shards[j]].samples:
                raise bad("buffer.items", "a sample index outside its shard")

    def _reread_buffer(self, buffer: dict) -> list[tuple[ShardInfo, int, dict]]:
        """Re-read the buffered samples by (shard, index), one shard at a time, keeping the buffer's order."""
        shards = [self.shard_set.by_ref[r] for r in buffer["shards"]]
        items = buffer["items"]
        refs = [(shards[items[k]], int(items[k + 1])) for k in range(0, len(items), 2)]
        wanted: dict[str, list[int]] = {}
        for shard, i in refs:
            wanted.setdefault(shard.ref, []).append(i)
        got: dict[tuple[str, int], dict] = {}
        for ref, indices in wanted.items():
            shard = self.shard_set.by_ref[ref]
            try:
                index = self._index(shard)
                fd = os.open(shard.path, os.O_RDONLY)
            except (BadShardError, OSError):
                continue  # counted below, sample by sample
            try:
                for i in indices:
                    try:
                        got[(ref, i)] = index.read(i, fd, self._exts)
                    except BadShardError:
                        pass
            finally:
                os.close(fd)
        out = []
        for shard, i in refs:
            sample = got.get((shard.ref, i))
            if sample is None:
                self._skip_sample(shard, "buffered sample could not be re-read")
            else:
                out.append((shard, i, sample))
        return out


def iter_shard_samples(stream_cfg: StreamConfig, shards: tuple[int, int] = (0, 1)):
    """Every raw sample of a stream config's shards (its split), source by source in manifest order: a whole-set
    reader for one-off passes (a tokenizer's training texts, the clip text cache, evaluation's report texts).

    Only the members named by ``stream_cfg.read_exts`` are read (all when it is None): through each shard's
    offset index, a text-only pass (``read_exts=["txt", "json"]``) seeks past every image instead of reading
    it. ``shards=(i, n)``: only the shards whose position in that order is ``i`` modulo ``n`` (one process's
    share of a pass split over ``n``). A shard that cannot be read raises ``BadShardError`` naming it."""
    part, count = (int(v) for v in shards)
    if not 0 <= part < count:
        raise ValueError(f"shards must be (i, n) with 0 <= i < n, got {shards}")
    shard_set = load_shard_set(stream_cfg.validate())
    exts = frozenset(stream_cfg.read_exts) if stream_cfg.read_exts else None
    position = -1
    for name in shard_set.sources:
        for shard in shard_set.shards[name]:
            position += 1
            if position % count != part:
                continue
            index = ShardIndex.load(shard.path, shard.sha256)
            try:
                fd = os.open(shard.path, os.O_RDONLY)
            except OSError as exc:
                raise BadShardError(shard.path, f"cannot open ({type(exc).__name__})") from None
            try:
                for i in range(len(index)):
                    sample = index.read(i, fd, exts)
                    sample["__url__"] = str(shard.path)
                    yield sample
            finally:
                os.close(fd)
