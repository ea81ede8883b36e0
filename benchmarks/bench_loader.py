"""Loader throughput (``clip`` batches) against its floor and against the file-per-sample baseline, in one run.

Inputs, made in a temporary folder: a synthetic MIMIC-CXR dataset (``megacxr synth``, seed 0: with 400 studies
the demo's report texts) whose JPEGs are replaced by 512-px variants of the real radiographs in
``tests/data/real_cxr`` (random crop, size, brightness and film-grain noise, so no two are identical), built into
shards with ``megacxr shards build`` (JPEG q90, short side 512). A byte-level BPE tokenizer is trained on the
reports. The baseline's source tree is written from the shards' train samples: one ``.jpg`` (the same bytes)
and one report ``.txt`` per study. Then, on the same images, interleaved over ``--repeats``:

* (a) the floor: ``CxrTransform`` (train) of the JPEG bytes (decode + augment + normalise) in a tight loop, one
  process, bytes already in memory; and as context the same loop with each batch stacked into fresh shared
  memory, the least any worker-based loader does to hand float pixels over;
* context: our ``clip`` loader in-process (``num_workers=0``), which shows the per-sample overhead without IPC;
* (b) our ``clip`` loader (``megacxr.data.pipeline.make_loader``: resampled stream, shuffle buffer, transform,
  text, tokenization, packing, CheXpert labels) with 1 and 2 DataLoader workers, shipping uint8 pixels plus a
  per-sample intensity table (``pixel_format="uint8"``, what training uses); the main process expands them to
  float32 (``batch_pixels``, on the GPU in training) inside the timed loop;
* (c) the baseline most CXR codebases use: a map-style ``Dataset`` that opens one JPEG file and one report file
  per sample, with the same transform, the same ``TextEncoder`` and padded text, through a ``DataLoader`` with
  the same workers and batch size (random sampler);
* context: the floor without its last step (``CxrTransform.encode``), and (b) shipping float32 pixels
  (``pixel_format="float"``: 12x the bytes through shared memory);
* context: (c) on full-size source JPEGs (about 2500x3000, as MIMIC-CXR-JPG ships them), 1 worker
  (``--fullsize N`` images; 0 skips it).

Loader runs discard ``--warmup`` batches (worker start, shuffle-buffer fill) and time the next ``--batches``.
The median over repeats is reported with the range. Also: the text fill (real tokens / token slots) of padded
batches (to the longest) against packed batches on the report-length distribution of the same reports (instruction
prefix included), for a few batch sizes and budgets, and a per-sample cost breakdown of our pipeline in-process.
Appends a dated entry (machine, CPU count, commit) to ``benchmarks/RESULTS.md``; ``--quick`` is a smoke run that
writes nothing unless ``--write``.

    python benchmarks/bench_loader.py [--studies 400] [--repeats 3] [--quick] [--keep DIR] [--record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom
import torch
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402

from megacxr.data.batches import batch_pixels, clip_batches, collate_text, packed_slots  # noqa: E402
from megacxr.data.image_tf import CxrTransform, ImageTransformConfig  # noqa: E402
from megacxr.data.pipeline import make_loader  # noqa: E402
from megacxr.data.plan import StreamConfig  # noqa: E402
from megacxr.data.text import TextConfig, TextEncoder  # noqa: E402

REAL = REPO / "tests" / "data" / "real_cxr"
INSTRUCTION = "Retrieve the image that best matches the following report"
RESULTS_NAME = "benchmarks/RESULTS.md"


# ------------------------------------------------------------------------------------------------------ inputs


def base_images() -> list[np.ndarray]:
    bases = [np.asarray(Image.open(REAL / n).convert("L")) for n in ("00000001_000.png", "00027426_000.png")]
    bases.append(pydicom.dcmread(REAL / "siim_pneumothorax_sample.dcm").pixel_array.astype(np.uint8))
    return bases


def radiograph(bases, rng, width: int, height: int) -> Image.Image:
    """A distinct variant of a real radiograph: random crop, size, brightness, film grain."""
    base = bases[int(rng.integers(len(bases)))]
    h, w = base.shape
    ch, cw = int(h * rng.uniform(0.85, 1.0)), int(w * rng.uniform(0.85, 1.0))
    y, x = rng.integers(0, h - ch + 1), rng.integers(0, w - cw + 1)
    img = Image.fromarray(base[y : y + ch, x : x + cw]).resize((width, height), Image.BICUBIC)
    arr = np.asarray(img, dtype=np.float32) * rng.uniform(0.9, 1.1) + rng.uniform(-10, 10)
    arr += rng.normal(0.0, 2.0, arr.shape).astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def make_shards(root: Path, studies: int) -> tuple[Path, dict]:
    from megacxr.shards.build import build_shards
    from megacxr.shards.config import ShardBuildConfig
    from megacxr.synth import generate

    info = generate("mimic-cxr", root / "mimic", studies=studies, seed=0, image_size=64)
    images = root / "mimic" / info["images"]
    rng, bases = np.random.default_rng(0), base_images()
    for path in sorted(images.rglob("*.jpg")):  # the drawn images -> 512-px real-pixel radiographs
        radiograph(bases, rng, 512, int(rng.integers(580, 640))).save(path, quality=95)
    out = root / "shards"
    manifest = build_shards(
        ShardBuildConfig(
            source="mimic-cxr",
            images=str(images),
            reports=str(root / "mimic" / info["reports"]),
            out=str(out),
            shard_samples=100,
            progress=False,
        )
    )
    return out, manifest


def read_samples(shards: Path, manifest: dict, split: str | None = "train") -> list[dict]:
    import webdataset as wds

    out = []
    for shard in manifest["shards"]:
        if split is None or shard["split"] == split:
            out.extend(wds.WebDataset(str(shards / shard["path"]), shardshuffle=False))
    return out


def train_tokenizer(texts: list[str], out: Path, vocab: int = 4000) -> Path:
    """A byte-level BPE tokenizer with <pad> <unk> <s> </s> <mask>, <s> first (as Llama's), saved locally."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = ["<pad>", "<unk>", "<s>", "</s>", "<mask>"]
    tok.train_from_iterator(
        texts + [INSTRUCTION],
        trainers.BpeTrainer(
            vocab_size=vocab, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
        ),
    )
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", 2)])
    PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token="<pad>",
        unk_token="<unk>",
        bos_token="<s>",
        eos_token="</s>",
        mask_token="<mask>",
    ).save_pretrained(str(out))
    return out


def write_tree(root: Path, samples: list[dict]) -> list[tuple[Path, Path]]:
    """The baseline's source tree: files/<k[:2]>/<key>.jpg and .txt per study (the shards' bytes)."""
    items = []
    for s in samples:
        d = root / "files" / s["__key__"][:2]
        d.mkdir(parents=True, exist_ok=True)
        jpg, txt = d / f"{s['__key__']}.jpg", d / f"{s['__key__']}.txt"
        jpg.write_bytes(s["jpg"])
        txt.write_bytes(s["txt"])
        items.append((jpg, txt))
    return items


def write_fullsize(root: Path, items: list[tuple[Path, Path]], n: int) -> list[tuple[Path, Path]]:
    rng, bases = np.random.default_rng(1), base_images()
    out = []
    for i, (_, txt) in enumerate(items[:n]):
        path = root / "full" / f"{i:05d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        radiograph(bases, rng, int(rng.integers(2400, 2650)), int(rng.integers(2900, 3150))).save(path, quality=95)
        out.append((path, txt))
    return out


# ---------------------------------------------------------------------------------------------- measurements


def bench_floor(images: list[bytes], transform: CxrTransform, count: int) -> float:
    rng = np.random.default_rng(0)
    transform(images[0], rng)
    t0 = time.perf_counter()
    for i in range(count):
        transform(images[i % len(images)], rng)
    return count / (time.perf_counter() - t0)


def shared_stack(tensors: list[torch.Tensor]) -> torch.Tensor:
    """Stack into a fresh shared-memory tensor, as ``default_collate`` does in a DataLoader worker."""
    elem = tensors[0]
    storage = elem._typed_storage()._new_shared(sum(t.numel() for t in tensors), device=elem.device)
    return torch.stack(tensors, 0, out=elem.new(storage).resize_(len(tensors), *elem.shape))


def bench_floor_shipped(images: list[bytes], transform: CxrTransform, count: int, batch: int) -> float:
    """The floor plus what any worker must do to hand float pixels to the trainer: a fresh shared batch."""
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for start in range(0, count, batch):
        out = shared_stack([transform(images[i % len(images)], rng) for i in range(start, start + batch)])
        del out
    return count // batch * batch / (time.perf_counter() - t0)


def timed(batches, warmup: int, measure: int) -> tuple[float, float]:
    """(samples/s over ``measure`` batches after ``warmup``, text fill of those batches)."""
    it = iter(batches)
    for _ in range(warmup):
        next(it)
    n = real = slots = 0
    t0 = time.perf_counter()
    for _ in range(measure):
        b = next(it)
        n += len(b["keys"]) if "keys" in b else b["pixel_values"].shape[0]
        if "pixels" in b:
            batch_pixels(b)  # the deferred normalisation (on the GPU in training; here on the CPU, counted)
        real += int(b["cu_seqlens"][-1]) if "cu_seqlens" in b else int(b["attention_mask"].sum())
        slots += b["input_ids"].numel()
    seconds = time.perf_counter() - t0
    del it
    return n / seconds, real / slots


def bench_ours(
    shards: Path, tok: Path, image_cfg, workers: int, args, seed: int, pixel_dtype=None, pixel_format: str = "uint8"
) -> tuple[float, float]:
    stream = StreamConfig(manifests=[str(shards)], mode="resampled", seed=seed)
    loader = make_loader(
        clip_batches(image_cfg, pixel_format=pixel_format, pixel_dtype=pixel_dtype),
        stream,
        TextConfig(instruction=INSTRUCTION),
        str(tok),
        batch_size=args.batch_size,
        token_budget=args.token_budget,
        num_workers=workers,
    )
    return timed(loader, args.warmup, args.batches)


class FileDataset(torch.utils.data.Dataset):
    """The usual CXR dataset: one JPEG file and one report file per study, opened in ``__getitem__``."""

    def __init__(self, items: list[tuple[Path, Path]], encoder: TextEncoder, transform: CxrTransform):
        self.items, self.encoder, self.transform = items, encoder, transform
        self._rng = None

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int):
        if self._rng is None:
            info = torch.utils.data.get_worker_info()
            self._rng = np.random.default_rng([os.getpid(), info.id if info else 0])
        jpg, txt = self.items[i]
        with open(jpg, "rb") as fh:
            pixels = self.transform(fh.read(), self._rng)
        with open(txt, encoding="utf-8") as fh:
            enc = self.encoder.encode(fh.read().strip())
        return pixels, enc.input_ids, enc.instruction_len


class PaddedCollate:
    def __init__(self, pad_id: int):
        self.pad_id = pad_id

    def __call__(self, batch):
        out = collate_text([b[1] for b in batch], [b[2] for b in batch], self.pad_id, None)
        out["pixel_values"] = torch.utils.data.default_collate([b[0] for b in batch])
        return out


def bench_baseline(
    items, tok: Path, image_cfg, workers: int, args, seed: int, batches: int | None = None
) -> tuple[float, float]:
    encoder = TextEncoder(str(tok), TextConfig(instruction=INSTRUCTION))
    ds = FileDataset(items, encoder, CxrTransform(image_cfg, train=True))
    batches = batches or args.batches
    n = (args.warmup + batches) * args.batch_size
    sampler = torch.utils.data.RandomSampler(
        ds, replacement=True, num_samples=n, generator=torch.Generator().manual_seed(seed)
    )
    dl = torch.utils.data.DataLoader(
        ds, batch_size=args.batch_size, sampler=sampler, num_workers=workers, collate_fn=PaddedCollate(encoder.pad_id)
    )
    return timed(dl, args.warmup, batches)


def costs(shards: Path, samples: list[dict], tok: Path, image_cfg, batch_size: int, token_budget) -> dict:
    """Microseconds per sample of the parts of our pipeline, in-process (one pass over the train samples)."""
    import json

    from megacxr.data.batches import ClipCollate, ClipSample, label_vector
    from megacxr.data.stream import ShardStream
    from megacxr.data.text import prepare_text

    n = len(samples)
    encoder = TextEncoder(str(tok), TextConfig(instruction=INSTRUCTION))
    fn = ClipSample(encoder, image_cfg, train=True)
    rng = np.random.default_rng(0)
    out = {}
    t0 = time.perf_counter()
    stream = ShardStream(StreamConfig(manifests=[str(shards)], read_exts=["jpg", "png", "txt", "json"]))
    got = sum(1 for _ in stream)
    out["read (stream, shuffle buffer)"] = (time.perf_counter() - t0) / got
    t0 = time.perf_counter()
    for i in range(0, n, batch_size):
        pixels = [fn.transform(s["jpg"], rng) for s in samples[i : i + batch_size]]
    out["image (decode + transform, a batch kept)"] = (time.perf_counter() - t0) / n
    pixels = [fn.transform(s["jpg"], rng) for s in samples]
    t0 = time.perf_counter()
    texts = [prepare_text(json.loads(s["json"]), s["txt"].decode(), encoder.cfg, rng) for s in samples]
    labels = [label_vector(json.loads(s["json"])) for s in samples]
    out["json + section choice + labels"] = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    encs = [encoder.encode(t) for t in texts]
    out["tokenization (TextEncoder.encode)"] = (time.perf_counter() - t0) / n
    items = [
        {
            "key": s["__key__"],
            "pixel_values": p,
            "input_ids": e.input_ids,
            "instruction_len": e.instruction_len,
            "labels": lab,
        }
        for s, p, e, lab in zip(samples, pixels, encs, labels, strict=False)
    ]
    collate = ClipCollate(encoder.pad_id, token_budget)
    t0 = time.perf_counter()
    for i in range(0, n - batch_size + 1, batch_size):
        collate(items[i : i + batch_size])
    out["collate (stack + pack)"] = (time.perf_counter() - t0) / (n // batch_size * batch_size)
    return {k: v * 1e6 for k, v in out.items()}


def fill_table(samples: list[dict], tok: Path, sizes=(32, 64), budgets=(128, 256, 512)) -> list[tuple]:
    """(batch, padded fill, {budget: packed fill}) over shuffled batches of the reports."""
    import json

    from megacxr.data.text import choose_text

    encoder = TextEncoder(str(tok), TextConfig(instruction=INSTRUCTION))
    lengths = np.array(
        [
            len(e)
            for e in encoder.encode_batch(
                [choose_text(json.loads(s["json"]), s["txt"].decode(), encoder.cfg, None) for s in samples]
            )
        ]
    )
    order = np.random.default_rng(0).permutation(len(lengths))
    rows = []
    for b in (b for b in sizes if b <= len(lengths)):
        batches = [lengths[order[i : i + b]] for i in range(0, len(order) - b + 1, b)]
        real = sum(int(x.sum()) for x in batches)
        padded = real / sum(len(x) * int(x.max()) for x in batches)
        packed = {t: real / sum(packed_slots(int(x.sum()), t) for x in batches) for t in budgets}
        rows.append((b, padded, packed))
    return rows, lengths


# ---------------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--studies", type=int, default=400, help="synthetic MIMIC-CXR studies (400: the demo's)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--token-budget", type=int, default=128, help="packed text: row length quantum in tokens")
    ap.add_argument("--size", type=int, default=224, help="output image size of the transform")
    ap.add_argument("--batches", type=int, default=60, help="timed batches per loader run")
    ap.add_argument("--warmup", type=int, default=4, help="batches discarded before timing")
    ap.add_argument("--repeats", type=int, default=5, help="interleaved repeats of each measurement (median)")
    ap.add_argument("--fullsize", type=int, default=48, help="full-size source JPEGs for the context row (0: skip)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 60 studies, few batches, one repeat")
    ap.add_argument("--keep", type=Path, default=None, help="build the inputs here and keep them")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    args = ap.parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # one text at a time per process, ours and (c)
    if args.quick:
        args.studies, args.batches, args.warmup, args.repeats = 60, 6, 2, 1
        args.fullsize = min(args.fullsize, 8)
    write = args.record and not args.no_write
    image_cfg = ImageTransformConfig(size=args.size)
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench_loader_"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        shards, manifest = make_shards(root, args.studies)
        samples = read_samples(shards, manifest)
        all_samples = read_samples(shards, manifest, None)
        tok = train_tokenizer([s["txt"].decode() for s in all_samples], root / "tok")
        items = write_tree(root / "tree", samples)
        full = write_fullsize(root / "tree", items, args.fullsize) if args.fullsize else []
        dims = np.mean([Image.open(p).size for p, _ in items], axis=0)
        kb = np.mean([len(s["jpg"]) for s in samples]) / 1e3
        inputs = (
            f"{len(samples)} train studies of {args.studies} (synthetic MIMIC-CXR, seed 0) with real-pixel "
            f"JPEGs q90, mean {dims[0]:.0f}x{dims[1]:.0f}, {kb:.0f} kB, {len(manifest['shards'])} shards"
        )
        print(f"inputs: {inputs} (made in {time.perf_counter() - t0:.1f}s)")
        transform = CxrTransform(image_cfg, train=True)
        images = [s["jpg"] for s in samples]
        count = args.batches * args.batch_size

        runs: dict[str, list[float]] = {
            k: [] for k in ("a", "ae", "as", "b0", "b1", "b2", "c1", "c2", "f1", "f2", "cf")
        }
        fills: dict[str, float] = {}
        for r in range(args.repeats):
            runs["a"].append(bench_floor(images, transform, count))
            runs["ae"].append(bench_floor(images, transform.encode, count))
            runs["as"].append(bench_floor_shipped(images, transform, count, args.batch_size))
            runs["b0"].append(bench_ours(shards, tok, image_cfg, 0, args, r)[0])
            for w in (1, 2):
                rate, fills["b"] = bench_ours(shards, tok, image_cfg, w, args, r)
                runs[f"b{w}"].append(rate)
                rate, fills["c"] = bench_baseline(items, tok, image_cfg, w, args, r)
                runs[f"c{w}"].append(rate)
            for w in (1, 2):
                runs[f"f{w}"].append(bench_ours(shards, tok, image_cfg, w, args, r, pixel_format="float")[0])
            if full:
                runs["cf"].append(bench_baseline(full, tok, image_cfg, 1, args, r, max(2, args.batches // 6))[0])
            print(f"  repeat {r + 1}/{args.repeats}: " + ", ".join(f"{k} {v[-1]:.0f}" for k, v in runs.items() if v))
        med = {k: float(np.median(v)) for k, v in runs.items() if v}
        span = {k: f"{min(v):.0f}-{max(v):.0f}" for k, v in runs.items() if v}
        a = med["a"]
        cost = costs(shards, samples, tok, image_cfg, args.batch_size, args.token_budget)
        fill_rows, lengths = fill_table(
            all_samples, tok, budgets=(args.token_budget, 2 * args.token_budget, 4 * args.token_budget)
        )

        rows = [
            ("(a) floor: decode + train transform of the bytes to float32, 1 process", "a", "1.00"),
            (
                "context: (a) without the final normalisation gather (`CxrTransform.encode`: uint8 + table)",
                "ae",
                f"{med['ae'] / a:.2f} x (a)",
            ),
            (
                "context: (a) + each batch stacked into fresh shared memory (what a worker ships)",
                "as",
                f"{med['as'] / a:.2f} x (a)",
            ),
            ("context: ours in-process (0 workers)", "b0", f"{med['b0'] / a:.2f} x (a)"),
            (
                "(b) ours, `clip` from shards, uint8 pixels expanded in the main process, 1 worker",
                "b1",
                f"{med['b1'] / a:.2f} x (a) per worker",
            ),
            (
                "(b) ours, `clip` from shards, uint8 pixels expanded in the main process, 2 workers",
                "b2",
                f"{med['b2'] / 2 / a:.2f} x (a) per worker",
            ),
            ("(c) baseline: file-per-sample Dataset, 1 worker", "c1", f"(b)/(c) = {med['b1'] / med['c1']:.2f}"),
            ("(c) baseline: file-per-sample Dataset, 2 workers", "c2", f"(b)/(c) = {med['b2'] / med['c2']:.2f}"),
        ]
        rows.append(
            (
                "context: (b) with float32 pixels out of the workers (`pixel_format=float`), 1 worker",
                "f1",
                f"{med['f1'] / a:.2f} x (a) per worker",
            )
        )
        rows.append(
            (
                "context: (b) with float32 pixels out of the workers, 2 workers",
                "f2",
                f"{med['f2'] / 2 / a:.2f} x (a) per worker",
            )
        )
        if full:
            rows.append(
                (
                    f"context: (c) on {len(full)} full-size source JPEGs (~2500x3000 q95), 1 worker",
                    "cf",
                    f"(b, 1 worker)/this = {med['b1'] / med['cf']:.2f}",
                )
            )
        print()
        for label, k, ratio in rows:
            print(f"{label:<78} {med[k]:8.0f} samples/s [{span[k]}]  {ratio}")
        print("per-sample costs in-process (µs): " + ", ".join(f"{k} {v:.0f}" for k, v in cost.items()))
        print(
            f"report lengths (tokens, instruction included): mean {lengths.mean():.1f}, median "
            f"{np.median(lengths):.0f}, p95 {np.percentile(lengths, 95):.0f}, max {lengths.max()}"
        )
        for b, padded, packed in fill_rows:
            print(
                f"  batch {b}: padded fill {padded:.3f}; packed fill "
                + ", ".join(f"budget {t}: {f:.3f}" for t, f in packed.items())
            )
        print(
            f"fill in the timed runs: ours (packed, budget {args.token_budget}) {fills['b']:.3f}, "
            f"baseline (padded) {fills['c']:.3f}"
        )

        if write:
            machine = f"{platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
            lines = [
                f"## {dt.date.today().isoformat()} loader: `clip` batches vs floor and file-per-sample baseline "
                f"(`benchmarks/bench_loader.py{' --quick' if args.quick else ''} --studies {args.studies}`)",
                "",
                f"- machine: {machine}; Python {platform.python_version()}, Pillow {Image.__version__}, "
                f"torch {torch.__version__}",
                f"- commit: {git_commit()}",
                f"- inputs: {inputs}; train transform to {args.size} px, {image_cfg.channels} channels; byte-level "
                f"BPE tokenizer (4000) with the instruction prefix; batch {args.batch_size}; ours: resampled "
                f"stream (shuffle buffer {StreamConfig().shuffle_buffer}), packed text (budget "
                f"{args.token_budget}), labels; baseline: random sampler, padded text; loader runs: {args.warmup} "
                f"warm-up then {args.batches} timed batches; median of {args.repeats} interleaved repeat(s), range "
                "in brackets",
                "",
                "| measure | samples/s | ratio |",
                "| --- | ---: | --- |",
            ]
            lines += [f"| {label} | {med[k]:.0f} [{span[k]}] | {ratio} |" for label, k, ratio in rows]
            lines += [
                "",
                "- per-sample costs of our pipeline in-process (µs): "
                + ", ".join(f"{k} {v:.0f}" for k, v in cost.items()),
                f"- text fill (real tokens / token slots) on the report lengths of these studies (tokens with "
                f"instruction: mean {lengths.mean():.1f}, median {np.median(lengths):.0f}, p95 "
                f"{np.percentile(lengths, 95):.0f}, max {lengths.max()}): "
                + "; ".join(
                    f"batch {b}: padded {padded:.3f}, packed "
                    + ", ".join(f"{f:.3f} (budget {t})" for t, f in packed.items())
                    for b, padded, packed in fill_rows
                )
                + f"; in the timed runs: ours {fills['b']:.3f}, baseline {fills['c']:.3f}",
            ]
            append_results(lines)
            print(f"appended to {RESULTS_NAME}")
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
