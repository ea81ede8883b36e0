"""The generation job: shards -> this partition's reports -> prompts -> engine -> checks -> JSONL.

Output (``out``, or with partitions ``<stem>.part-<I>-of-<K>.jsonl`` beside it; ``merge_parts`` joins them):

* ``out``: the external-variants JSONL the supcon stage reads (``supcon.variants.external``): one line per kept
  output, ``{"key", "variants": [text]}`` for paraphrases or ``{"key", "hard_negatives": [text], "error_kind",
  "changes"}`` for error rewrites, keyed by the opaque sample key (never an identifier);
* ``<out>.rejected.jsonl``: ``{"key", "reason", "changes"}`` per rejected output (no text);
* ``<out>.run.json``: what made the file (kind, model folder and a hash of its config, a hash of the prompt
  template, the generation settings); a second run with other settings is refused unless ``append``;
* ``<out>.summary.json``: counts (kept, rejected by reason, skipped), reports/s and generated tokens/s.

Partitions: ``num_partitions`` machines (a SLURM array) times the ranks of each (``RANK`` / ``WORLD_SIZE`` from
torchrun) split the reports by a hash of their key, so every report lands in exactly one part whatever the
order of the shards. Each part is processed in key order and written as it goes; a restarted run skips every
key already in its output or its rejected file (resume), after dropping a line cut short by a kill.

Error rewrites: the error kind of each report (``checks.ERROR_PROMPT_KINDS``) comes from a hash of its key and
the seed, so partitions and resumed runs ask for the same error as a single run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from megacxr.data.plan import StreamConfig
from megacxr.data.stream import iter_shard_samples
from megacxr.data.text import TextConfig, choose_text
from megacxr.errors import InputError, check_size
from megacxr.generate.backends import GenerationConfig, check_model_dir, load_generator
from megacxr.generate.checks import ERROR_PROMPT_KINDS, REASONS, check_output, parse_output
from megacxr.log import launch_env

log = logging.getLogger("megacxr.generate")

__all__ = ["GenerateConfig", "PromptTemplate", "generate_variants", "load_prompts", "merge_parts", "part_path"]

KINDS = ("paraphrase", "errors")
PROMPTS = Path(__file__).resolve().parent / "prompts"
MAX_TEMPLATE_BYTES = 1 * 2**20  # a prompt template or a run record: a few KiB in practice
MAX_PROMPT_CHARS = 64_000  # a rendered prompt (template + report): about 16k tokens, over any report's length
_FULL = TextConfig(sections="findings_impression")


@dataclass
class GenerateConfig:
    shards: list[str]
    model: str
    kind: str
    out: str
    split: str = "train"
    prompts: str | None = None  # a template file; default prompts/<kind>.txt
    num_partitions: int = 1
    partition: int = 0
    append: bool = False  # add to an output another run (other model or prompts) started
    engine: str = "auto"
    device: str | None = None
    limit: int | None = None  # at most this many reports of this part (smoke runs)
    progress: bool = True
    generation: GenerationConfig = field(default_factory=GenerationConfig)


@dataclass
class PromptTemplate:
    text: str
    errors: dict[str, str]  # error kind -> its instruction (errors templates)
    sha: str

    def render(self, report: str, error_kind: str | None = None) -> str:
        out = self.text.replace("{report}", report)
        return out.replace("{error}", self.errors[error_kind]) if error_kind else out


def load_prompts(kind: str, path: str | Path | None = None) -> PromptTemplate:
    """A template file: '#' lines are comments; ``error <kind>: instruction`` lines (errors) define the
    instruction of each kind; the rest is the prompt with ``{report}`` (and ``{error}``)."""
    file = Path(path) if path else PROMPTS / f"{kind}.txt"
    if not file.is_file():
        raise InputError("prompt file not found", file=file, field="prompts")
    check_size(file, MAX_TEMPLATE_BYTES, "prompts")  # a prompt the model's context could never hold
    try:
        raw = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=file, field="prompts") from None
    lines, errors = [], {}
    for line in raw.splitlines():
        if line.startswith("#"):
            continue
        if kind == "errors" and line.startswith("error "):
            name, _, instruction = line[len("error ") :].partition(":")
            errors[name.strip()] = instruction.strip()
            continue
        lines.append(line)
    text = "\n".join(lines).strip()
    if "{report}" not in text:
        raise InputError("the template has no {report} placeholder", file=file, field="prompts")
    if kind == "errors":
        missing = sorted(set(ERROR_PROMPT_KINDS) - set(errors))
        if missing or "{error}" not in text:
            raise InputError(
                f"an errors template needs an {{error}} placeholder and 'error <kind>:' lines for {missing or 'all'}",
                file=file,
                field="prompts",
            )
    return PromptTemplate(text, errors, hashlib.sha256(raw.encode()).hexdigest()[:16])


def _read_sidecar(path: Path, field: str = "out") -> dict:
    """A JSON sidecar (``.run.json``, ``.summary.json``) as a dict, or an ``InputError`` naming it."""
    check_size(path, MAX_TEMPLATE_BYTES, field)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"not valid JSON ({type(exc).__name__}); delete it to start over", file=path, field=field
        ) from None
    if not isinstance(value, dict) or not isinstance(value.get("signature", {}), dict):
        raise InputError("not a megacxr run record; delete it to start over", file=path, field=field)
    return value


def _hash(*parts) -> int:
    return int.from_bytes(hashlib.blake2b("\0".join(map(str, parts)).encode(), digest_size=8).digest(), "little")


def part_path(out: str | Path, index: int, count: int) -> Path:
    out = Path(out)
    if count == 1:
        return out
    return out.with_name(f"{out.stem}.part-{index:05d}-of-{count:05d}{out.suffix}")


def _sidecar(path: Path, what: str) -> Path:
    return path.with_name(f"{path.name}.{what}")


def _signature(cfg: GenerateConfig, template: PromptTemplate) -> dict:
    model = Path(cfg.model).resolve()
    gen = dataclasses.asdict(cfg.generation)
    gen.pop("batch_size")  # batching changes no output of a greedy run, and only the order of a sampled one
    gen.pop("tensor_parallel")
    return {
        "kind": cfg.kind,
        "model": str(model),
        "model_config_sha": hashlib.sha256((model / "config.json").read_bytes()).hexdigest()[:16],
        "prompts_sha": template.sha,
        "generation": gen,
        "split": cfg.split,
    }


def _check_run(path: Path, signature: dict, append: bool) -> None:
    meta = _sidecar(path, "run.json")
    written = [f for f in (path, _sidecar(path, "rejected.jsonl")) if f.is_file() and f.stat().st_size > 0]
    if written or meta.is_file():
        old = _read_sidecar(meta) if meta.is_file() else None
        same = old is not None and old.get("signature") == signature
        if old is not None and "signature" not in old:
            raise InputError("not a megacxr run record (no signature); delete it to start over", file=meta, field="out")
        if not same and not append:
            what = "was not written by megacxr" if old is None else "was written by another run"
            diff = [] if old is None else sorted(k for k in signature if old["signature"].get(k) != signature[k])
            raise InputError(
                f"the output {what}{' (differs in: ' + ', '.join(diff) + ')' if diff else ''}; "
                "give another --out, or --append to add to it",
                file=path,
                field="out",
            )
        runs = (old or {}).get("runs", [])
        if not same:
            runs.append(signature)
        meta.write_text(json.dumps({"signature": signature, "runs": runs or [signature]}, indent=1))
    else:
        meta.write_text(json.dumps({"signature": signature, "runs": [signature]}, indent=1))


def _done_keys(path: Path) -> set[str]:
    """Keys already in a JSONL file. A last line without its newline is kept when it is a whole record (the
    newline is added) and removed when it was cut short by a kill mid-write; any other line that is not a record
    with a key is an ``InputError`` naming the file and the line (never its content)."""
    if not path.is_file():
        return set()
    raw = path.read_bytes()
    if raw and not raw.endswith(b"\n"):
        cut = raw.rfind(b"\n") + 1
        if _record_key(raw[cut:]) is not None:
            with open(path, "ab") as fh:
                fh.write(b"\n")  # a whole last record: only its newline was missing
            raw += b"\n"
        else:
            with open(path, "r+b") as fh:
                fh.truncate(cut)
            log.warning("%s: removed a last line cut short (%d bytes)", path, len(raw) - cut)
            raw = raw[:cut]
    keys = set()
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        key = _record_key(line)
        if key is None:
            raise InputError(f"line {number} is not a JSON record with a string 'key'", file=path, field="key")
        keys.add(key)
    return keys


def _record_key(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    key = record.get("key") if isinstance(record, dict) else None
    return key if isinstance(key, str) else None


def _reports(cfg: GenerateConfig, index: int, count: int, done: set[str]) -> tuple[list[tuple[str, str]], dict]:
    stream = StreamConfig(
        manifests=list(cfg.shards), split=cfg.split, mode="epoch", shuffle=False, read_exts=["txt", "json"]
    )
    mine, counts = [], {"no_text": 0, "done": 0, "other_parts": 0}
    for sample in iter_shard_samples(stream):
        key = sample["__key__"]
        if _hash("part", key) % count != index:
            counts["other_parts"] += 1
            continue
        if key in done:
            counts["done"] += 1
            continue
        try:
            meta = json.loads(sample["json"]) if sample.get("json") is not None else {}
            raw = sample.get("txt")
            txt = raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else raw
            text = choose_text(meta, txt, _FULL, np.random.default_rng(0))
        except (InputError, ValueError, UnicodeDecodeError):
            counts["no_text"] += 1  # counted; its key goes to the log's count only (keys are opaque anyway)
            continue
        if not text.strip():
            counts["no_text"] += 1
            continue
        mine.append((key, text))
    mine.sort()
    if cfg.limit is not None:
        mine = mine[: cfg.limit]
    return mine, counts


def _rank() -> tuple[int, int]:
    rank, world, _ = launch_env()
    return rank, world


def generate_variants(cfg: GenerateConfig) -> dict:
    """Run (or resume) this partition's part; returns the summary (also written beside the output)."""
    if cfg.kind not in KINDS:
        raise InputError(f"unknown kind {cfg.kind!r}; choose {' or '.join(KINDS)}", field="kind")
    if not 0 <= cfg.partition < cfg.num_partitions:
        raise InputError(f"--partition must be in [0, {cfg.num_partitions})", field="partition")
    check_model_dir(cfg.model)
    template = load_prompts(cfg.kind, cfg.prompts)
    rank, world = _rank()
    count, index = cfg.num_partitions * world, cfg.partition * world + rank
    path = part_path(cfg.out, index, count)
    path.parent.mkdir(parents=True, exist_ok=True)
    signature = _signature(cfg, template)
    _check_run(path, signature, cfg.append)
    rejected_path = _sidecar(path, "rejected.jsonl")
    done = _done_keys(path) | _done_keys(rejected_path)
    reports, counts = _reports(cfg, index, count, done)
    log.info("part %d of %d: %d reports to generate, %d already done", index, count, len(reports), counts["done"])
    summary = {"part": index, "parts": count, "kept": 0, "rejected": dict.fromkeys(REASONS, 0), **counts}
    t0, tokens = time.time(), 0
    if reports:
        generator = load_generator(cfg.model, cfg.generation, cfg.engine, cfg.device)
        summary["engine"] = generator.name
        t0 = time.time()  # throughput of generation, not of loading the model
        bar = tqdm(total=len(reports), desc=f"{cfg.kind} part {index}", unit="report", disable=not cfg.progress)
        with open(path, "a", encoding="utf-8") as out, open(rejected_path, "a", encoding="utf-8") as rej:
            step = cfg.generation.batch_size
            for b in range(0, len(reports), step):
                batch = reports[b : b + step]
                kinds = [_error_kind(key, cfg.generation.seed) if cfg.kind == "errors" else None for key, _ in batch]
                prompts = [template.render(text, k) for (_, text), k in zip(batch, kinds, strict=False)]
                # the character cap first, so a 40 MB report never reaches the tokenizer; then the model's context
                fits = [i for i, p in enumerate(prompts) if len(p) <= MAX_PROMPT_CHARS]
                fits = [i for i, ok in zip(fits, generator.fits([prompts[i] for i in fits]), strict=False) if ok]
                gens = dict(
                    zip(fits, _generate(generator, [prompts[i] for i in fits], b // step) if fits else [], strict=False)
                )
                for i, ((key, text), kind) in enumerate(zip(batch, kinds, strict=False)):
                    gen = gens.get(i)
                    tokens += gen.tokens if gen else 0
                    if i not in gens:  # a prompt too long for the model's context: counted, never sent
                        line, reason = {"key": key, "reason": "prompt_too_long"}, "prompt_too_long"
                    else:
                        line, reason = _judge(cfg.kind, key, text, kind, gen)
                    (out if reason is None else rej).write(json.dumps(line) + "\n")
                    if reason is None:
                        summary["kept"] += 1
                    else:
                        summary["rejected"][reason] += 1
                out.flush()
                rej.flush()
                bar.update(len(batch))
                elapsed = max(time.time() - t0, 1e-9)
                bar.set_postfix(reports_s=f"{bar.n / elapsed:.2f}", tokens_s=f"{tokens / elapsed:.0f}")
        bar.close()
    elapsed = time.time() - t0
    summary.update(
        generated=len(reports),
        seconds=round(elapsed, 3),
        reports_per_s=len(reports) / elapsed if reports and elapsed > 0 else None,
        tokens_per_s=tokens / elapsed if reports and elapsed > 0 else None,
        out=str(path),
    )
    _sidecar(path, "summary.json").write_text(json.dumps(summary, indent=1))
    return summary


def _error_kind(key: str, seed: int) -> str:
    kinds = sorted(ERROR_PROMPT_KINDS)
    return kinds[_hash("error", seed, key) % len(kinds)]


def _generate(generator, prompts: list[str], batch_index: int) -> list:
    """The batch's generations; when the batch fails, prompt by prompt, and None for a prompt that still fails
    (counted as ``generation_failed``; the run goes on)."""
    try:
        return generator.generate(prompts, batch_index)
    except Exception as exc:  # noqa: BLE001 - any engine failure: retry alone, then count
        log.warning("generation failed for a batch of %d (%s); retrying one by one", len(prompts), type(exc).__name__)
    out = []
    for i, p in enumerate(prompts):
        try:
            out.append(generator.generate([p], batch_index * 10_000 + i)[0])
        except Exception as exc:  # noqa: BLE001
            log.warning("generation failed for one report (%s)", type(exc).__name__)
            out.append(None)
    return out


def _judge(kind: str, key: str, source: str, error_kind: str | None, gen) -> tuple[dict, str | None]:
    if gen is None:
        return {"key": key, "reason": "generation_failed"}, "generation_failed"
    text, truncated = parse_output(gen.text, gen.finished)
    reason, changes = check_output(kind, source, text, truncated)
    if reason is not None:
        line = {"key": key, "reason": reason, "changes": changes}
        if error_kind:
            line["error_kind"] = error_kind
        return line, reason
    if kind == "paraphrase":
        return {"key": key, "variants": [text]}, None
    return {"key": key, "hard_negatives": [text], "error_kind": error_kind, "changes": changes}, None


def merge_parts(out: str | Path) -> dict:
    """Join ``<stem>.part-*-of-K.jsonl`` (all K of them, one run's) into ``out`` in key order, with the rejected
    lines and the summed counts; returns the merged summary."""
    out = Path(out)
    name = re.compile(rf"{re.escape(out.stem)}\.part-\d+-of-(\d+){re.escape(out.suffix)}")
    parts = sorted(p for p in out.parent.iterdir() if name.fullmatch(p.name)) if out.parent.is_dir() else []
    if not parts:
        raise InputError("no part files to merge beside it", file=out, field="out")
    counts = {name.fullmatch(p.name).group(1) for p in parts}
    if len(counts) != 1:
        raise InputError(f"part files of different partitionings ({', '.join(sorted(counts))})", file=out)
    total = int(counts.pop())
    if len(parts) != total:
        raise InputError(f"{len(parts)} of {total} part files present", file=out, field="out")
    records = {p: _read_sidecar(_sidecar(p, "run.json")) if _sidecar(p, "run.json").is_file() else None for p in parts}
    missing = [p.name for p, r in records.items() if r is None or "signature" not in r]
    if missing:
        raise InputError(f"{len(missing)} part file(s) without their run record (.run.json)", file=out, field="out")
    signatures = {json.dumps(r["signature"], sort_keys=True) for r in records.values()}
    if len(signatures) != 1:
        raise InputError("the part files were written by different runs (model, prompts or settings)", file=out)
    summary: dict = {"parts": total, "kept": 0, "rejected": dict.fromkeys(REASONS, 0)}
    for what, name in (("", out), ("rejected.jsonl", _sidecar(out, "rejected.jsonl"))):
        lines = []
        for p in parts:
            src = _sidecar(p, what) if what else p
            if src.is_file():
                _done_keys(src)  # drops a cut-short last line; a line that is no record is an InputError
                lines += [ln for ln in src.read_text(encoding="utf-8").splitlines() if ln.strip()]
        lines.sort(key=lambda ln: json.loads(ln)["key"])  # every line checked by _done_keys
        name.write_text("".join(ln + "\n" for ln in lines), encoding="utf-8")
    for p in parts:
        s = _sidecar(p, "summary.json")
        if s.is_file():
            part = _read_sidecar(s)
            kept, rejected = part.get("kept"), part.get("rejected")
            if not isinstance(kept, int) or not isinstance(rejected, dict):
                raise InputError("not a part summary ('kept', 'rejected')", file=s, field="out")
            summary["kept"] += kept
            for r, n in rejected.items():
                summary["rejected"][str(r)] = summary["rejected"].get(str(r), 0) + (n if isinstance(n, int) else 0)
    meta = records[parts[0]]
    _sidecar(out, "run.json").write_text(json.dumps(meta, indent=1))
    _sidecar(out, "summary.json").write_text(json.dumps(summary, indent=1))
    return summary
