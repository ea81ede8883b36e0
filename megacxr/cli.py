"""The ``megacxr`` command line: ``synth``, ``shards build|verify|inspect|merge``, ``train``, ``eval retrieval``,
``profile``, ``init-model`` and ``demo``.

Errors of the user's input (``InputError``) print one line naming the file and the field and exit 2;
``shards verify`` exits 1 when a shard does not match its manifest.
"""

from __future__ import annotations

import argparse
import os
import sys
import typing
from pathlib import Path

from megacxr import __version__
from megacxr.clihelp import Parser, non_negative_int, positive_int
from megacxr.errors import InputError, MegacxrError
from megacxr.log import setup_logging

# where `megacxr shards build` writes when no --out is given (git-ignored in the repository)
BUILT = "shards/built"


def _add_synth(sub) -> None:
    from megacxr.shards.config import SOURCES

    p = sub.add_parser("synth", help="write a small synthetic dataset in a source's real on-disk layout")
    p.add_argument("--source", required=True, choices=SOURCES, help="whose on-disk layout to write")
    p.add_argument("--out", required=True, type=Path, help="folder to write the dataset into")
    p.add_argument("--studies", type=positive_int, default=200, help="number of studies")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same dataset)")
    p.add_argument("--image-size", type=positive_int, default=None, help="short side of the drawn images in pixels")
    p.add_argument(
        "--cxr-align",
        action="store_true",
        help="mimic-cxr only: also write <out>/cxr-align.json (CXR-Align format, test split) for `eval align`",
    )
    p.set_defaults(func=_cmd_synth)


def _cmd_synth(args) -> int:
    from megacxr.synth import generate

    if args.cxr_align and args.source != "mimic-cxr":
        raise InputError("--cxr-align needs --source mimic-cxr (CXR-Align is built on MIMIC-CXR)", field="source")
    info = generate(
        args.source, args.out, studies=args.studies, seed=args.seed, image_size=args.image_size, progress=True
    )
    if args.cxr_align:
        from megacxr.synth.cxr_align import write_cxr_align  # only this option needs it

        path, n = write_cxr_align(args.out)
        print(f"wrote {n} CXR-Align items to {path}")
    reports = f" --reports {args.out / info['reports']}" if info.get("reports") else ""
    print(f"wrote {info['studies']} {args.source} studies ({info['patients']} patients) to {args.out}")
    print(
        f"build shards with: megacxr shards build --source {args.source} --images {args.out / info['images']}"
        f"{reports} --out SHARDS_DIR"
    )
    return 0


def _add_shards(sub) -> None:
    from megacxr.shards.config import SOURCES

    p = sub.add_parser("shards", help="build, verify, inspect and merge WebDataset shards")
    ss = p.add_subparsers(dest="shards_cmd", required=True)

    b = ss.add_parser("build", help="turn a source dataset into WebDataset shards")
    b.add_argument(
        "--recipe",
        "--config",
        dest="config",
        default=None,
        metavar="YAML",
        help="a build recipe (shards/*.yaml: source, images, text, PHI and split settings)",
    )
    b.add_argument(
        "--source", default=None, choices=SOURCES, help="the dataset's layout (README section 2); default: the recipe's"
    )
    b.add_argument("--images", required=True, help="images root (csv source: root the image paths are relative to)")
    b.add_argument("--reports", default=None, help="reports root / table (see README per source)")
    b.add_argument(
        "--out", default=None, help=f"shard directory to write (default: {BUILT}/<recipe name or source>, git-ignored)"
    )
    b.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="csv source: map a field (patient_id, study_id, image_path, report, study_date, view) "
        "to a header of the table",
    )
    b.add_argument("--workers", type=non_negative_int, default=None, help="processes (default: all cores)")
    b.add_argument("--shard-samples", type=positive_int, default=None, help="samples per shard at most (default 1000)")
    b.add_argument("--shard-bytes", type=positive_int, default=None, help="bytes per shard at most (default 1 GB)")
    b.add_argument(
        "--short-side", type=positive_int, default=None, help="resize images to this short side (default 512)"
    )
    b.add_argument("--format", choices=("jpg", "png"), default=None, help="image format in the shards (default jpg)")
    b.add_argument("--quality", type=positive_int, default=None, help="JPEG quality (default 90)")
    b.add_argument(
        "--num-partitions",
        type=positive_int,
        default=None,
        help="split the build into this many partitions (one per node or job; join with shards merge)",
    )
    b.add_argument(
        "--partition", type=non_negative_int, default=None, help="which partition this process builds (0-based)"
    )
    b.add_argument("--salt-file", default=None, help="hex salt for hashed ids (default: OUT/.salt, created once)")
    b.add_argument("--limit", type=positive_int, default=None, help="only the first N studies (smoke tests)")
    b.add_argument(
        "--date-format",
        default=None,
        metavar="FMT",
        help="strptime format of the table's dates, tried first (e.g. %%m/%%d/%%Y); an unparseable "
        "date is dropped and counted, the study kept",
    )
    b.add_argument(
        "--max-quarantine-share",
        type=float,
        default=None,
        metavar="SHARE",
        help="exit 2 when one quarantine reason takes more than this share of the studies "
        "(default 0.5; 1 accepts anything)",
    )
    b.add_argument(
        "--debug",
        action="store_true",
        help="on an unexpected error, write the full traceback to a file only you can read in --out "
        "(it may quote paths or report text); without it the error is one line",
    )
    b.add_argument("--overwrite", action="store_true", help="replace a build of a different plan in --out")
    b.add_argument(
        "--rehash",
        action="store_true",
        help="on a resume, check every finished shard by its sha256 (default: by size and modification time)",
    )
    b.add_argument("--no-progress", action="store_true", help="no progress bar (logs only)")
    b.add_argument(
        "overrides", nargs="*", metavar="key=value", help="dotted config overrides, e.g. text.fix_case=false"
    )
    b.set_defaults(func=_cmd_build)

    v = ss.add_parser("verify", help="decode every sample and check it against the manifest (exit 1 on mismatch)")
    v.add_argument("dir", help="shard directory (with manifest.json)")
    v.add_argument("--workers", type=non_negative_int, default=0, help="processes decoding in parallel (0: this one)")
    v.add_argument("--no-decode", action="store_true", help="skip image decoding (hashes and structure only)")
    v.add_argument("--no-progress", action="store_true", help="no progress bar")
    v.set_defaults(func=_cmd_verify)

    i = ss.add_parser("inspect", help="print counts and a few samples")
    i.add_argument("dir", help="shard directory (with manifest.json)")
    i.add_argument("--samples", type=positive_int, default=3, help="samples to print")
    i.add_argument("--quarantine", action="store_true", help="list every quarantined study (reason, field, ref)")
    i.set_defaults(func=_cmd_inspect)

    m = ss.add_parser("merge", help="join the partitions of a partitioned build and write the manifest")
    m.add_argument("out", help="the shared output directory (or the one to gather the partitions into)")
    m.add_argument(
        "--from",
        dest="sources",
        action="append",
        default=[],
        metavar="DIR",
        help="a partition's own output directory, when partitions did not share --out",
    )
    m.set_defaults(func=_cmd_merge)


def build_config_from_args(args):
    from megacxr.config import convert_value, load_config, load_yaml
    from megacxr.shards.config import ShardBuildConfig

    overrides = list(args.overrides)
    flag_map = {
        "source": "source",
        "images": "images",
        "reports": "reports",
        "out": "out",
        "workers": "workers",
        "shard_samples": "shard_samples",
        "shard_bytes": "shard_bytes",
        "short_side": "image.short_side",
        "format": "image.format",
        "quality": "image.quality",
        "num_partitions": "num_partitions",
        "partition": "partition",
        "salt_file": "salt_file",
        "limit": "limit",
        "date_format": "date_format",
        "max_quarantine_share": "max_quarantine_share",
    }
    flags = []  # flags are set after the YAML and overrides, typed directly (a path like 0123 stays a string)
    for attr, key in flag_map.items():
        value = getattr(args, attr)
        if value is not None:
            flags.append((key, value))
    recipe = load_yaml(args.config) if args.config else {}
    if args.source is None and not recipe.get("source") and not any(o.startswith("source=") for o in overrides):
        raise InputError(
            "which dataset layout? give --source or a --recipe (shards/*.yaml) that names one", field="source"
        )
    cfg = load_config(ShardBuildConfig, args.config, overrides)
    if args.out is None and not recipe.get("out"):
        flags.append(("out", str(Path(BUILT) / (Path(args.config).stem if args.config else args.source))))
    for key, value in flags:
        obj = cfg
        *parents, last = key.split(".")
        for part in parents:
            obj = getattr(obj, part)
        setattr(obj, last, convert_value(value, typing.get_type_hints(type(obj))[last], key))
    for item in args.column:
        if "=" not in item:
            raise InputError(f"--column {item!r} must be FIELD=HEADER", field="column")
        field_name, header = item.split("=", 1)
        cfg.columns[field_name.strip()] = header.strip()
    cfg.progress = cfg.progress and not args.no_progress
    return cfg


def _cmd_build(args) -> int:
    from megacxr.shards.build import build_shards
    from megacxr.shards.verify import format_summary

    cfg = build_config_from_args(args)
    result = build_shards(cfg, overwrite=args.overwrite, rehash=args.rehash)
    if "shards" not in result:  # one partition of several
        print(
            f"partition {result['partition']}/{result['num_partitions']}: built {result['units_built']} "
            f"unit(s), skipped {result['units_skipped']} already done; {result['units_done']}/"
            f"{result['units_total']} units of the whole build are done in {cfg.out}. When every partition "
            f"has finished, run:\n  megacxr shards merge {cfg.out}      (the partitions share this folder)\n"
            f"  megacxr shards merge FINAL_DIR --from {cfg.out} --from OTHER_PARTITION_DIR ...      (each "
            f"partition wrote its own folder)"
        )
        return 0
    print("\n".join(format_summary(result)))
    secs = result.get("build_seconds", 0.0)
    if secs:
        print(
            f"{result['totals']['studies_read']} studies in {secs:.1f} s "
            f"({result['totals']['studies_read'] / secs:.1f} studies/s); manifest: {Path(cfg.out) / 'manifest.json'}"
        )
    return 0


def _cmd_verify(args) -> int:
    from megacxr.shards.verify import verify_shards

    res = verify_shards(args.dir, workers=args.workers, decode=not args.no_decode, progress=not args.no_progress)
    for p in res["problems"][:200]:
        print(f"MISMATCH {p}", file=sys.stderr)
    if res["problems"]:
        more = len(res["problems"]) - 200
        if more > 0:
            print(f"... and {more} more", file=sys.stderr)
        print(f"verify FAILED: {len(res['problems'])} problem(s) in {args.dir}", file=sys.stderr)
        return 1
    print(f"verify OK: {res['shards']} shards, {res['samples']} samples match the manifest")
    return 0


def _cmd_inspect(args) -> int:
    from megacxr.shards.verify import inspect_shards

    print(inspect_shards(args.dir, samples=args.samples, show_quarantine=args.quarantine))
    return 0


def _cmd_merge(args) -> int:
    from megacxr.shards.build import finalize
    from megacxr.shards.manifest import merge_partitions
    from megacxr.shards.verify import format_summary

    if args.sources:
        merge_partitions(args.out, args.sources)
    manifest = finalize(Path(args.out))
    print("\n".join(format_summary(manifest)))
    return 0


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="run the main job end to end on bundled synthetic demo data")
    p.add_argument("--out", type=Path, default=Path("demo_out"), help="folder for the data, shards and runs")
    p.add_argument(
        "--studies", type=positive_int, default=1000, help="MIMIC-CXR-layout studies (the csv export gets <= 400)"
    )
    p.set_defaults(func=_cmd_demo)


def _cmd_demo(args) -> int:
    from megacxr.demo import run_demo

    return run_demo(args.out, studies=args.studies)


def _add_variants(sub) -> None:
    p = sub.add_parser("variants", help="report variants for the supcon stage, written by a local instruct LLM")
    vs = p.add_subparsers(dest="variants_cmd", required=True)
    g = vs.add_parser(
        "generate",
        help="paraphrases or one-error rewrites of the shards' reports, validated, as the external-variants JSONL",
    )
    g.add_argument("--shards", required=True, nargs="+", help="shard directories whose reports are rewritten")
    g.add_argument("--model", required=True, type=Path, help="a local instruct causal LM (Hugging Face folder)")
    g.add_argument("--kind", required=True, choices=["paraphrase", "errors"], help="what to write")
    g.add_argument("--out", required=True, type=Path, help="the JSONL to write (supcon.variants.external)")
    g.add_argument("--split", default="train", help="split of the shards (default train)")
    g.add_argument("--prompts", type=Path, default=None, help="a prompt template file (default: the shipped one)")
    g.add_argument("--num-partitions", type=positive_int, default=1, help="machines of a SLURM array (each runs one)")
    g.add_argument("--partition", type=non_negative_int, default=0, help="this machine's partition")
    g.add_argument("--append", action="store_true", help="add to an output another run (model, prompts) began")
    g.add_argument("--engine", default="auto", choices=["auto", "vllm", "transformers"], help="generation engine")
    g.add_argument("--tensor-parallel", type=positive_int, default=1, help="vLLM: GPUs per model replica")
    g.add_argument("--batch-size", type=positive_int, default=16, help="prompts per generate call (transformers)")
    g.add_argument("--max-new-tokens", type=positive_int, default=384, help="token limit of one answer")
    g.add_argument("--temperature", type=float, default=0.0, help="0: greedy (default); > 0: sampled")
    g.add_argument("--top-p", type=float, default=0.95, help="nucleus sampling (temperature > 0)")
    g.add_argument("--seed", type=int, default=0, help="sampling seed and the error-kind draw")
    g.add_argument("--device", default=None, help="cuda or cpu (default: cuda when available)")
    g.add_argument("--limit", type=positive_int, default=None, help="at most this many reports (a trial run)")
    g.set_defaults(func=_cmd_variants_generate)
    m = vs.add_parser("merge", help="join the part files of a partitioned generation into --out")
    m.add_argument("--out", required=True, type=Path, help="the JSONL the parts were generated for")
    m.set_defaults(func=_cmd_variants_merge)


def _cmd_variants_generate(args) -> int:
    from megacxr.generate.backends import GenerationConfig
    from megacxr.generate.job import GenerateConfig, generate_variants

    gen = GenerationConfig(
        max_new_tokens=args.max_new_tokens,
        temperature=args.temperature,
        top_p=args.top_p,
        batch_size=args.batch_size,
        seed=args.seed,
        tensor_parallel=args.tensor_parallel,
    )
    cfg = GenerateConfig(
        shards=[str(s) for s in args.shards],
        model=str(args.model),
        kind=args.kind,
        out=str(args.out),
        split=args.split,
        prompts=str(args.prompts) if args.prompts else None,
        num_partitions=args.num_partitions,
        partition=args.partition,
        append=args.append,
        engine=args.engine,
        device=args.device,
        limit=args.limit,
        generation=gen,
    )
    summary = generate_variants(cfg)
    _print_variant_summary(summary)
    return 0


def _cmd_variants_merge(args) -> int:
    from megacxr.generate.job import merge_parts

    summary = merge_parts(args.out)
    print(f"merged {summary['parts']} parts into {args.out}")
    _print_variant_summary(summary)
    return 0


def _print_variant_summary(summary: dict) -> None:
    rejected = {r: n for r, n in summary["rejected"].items() if n}
    total = summary["kept"] + sum(rejected.values())
    print(f"kept {summary['kept']} of {total} outputs" + (f" -> {summary['out']}" if summary.get("out") else ""))
    for reason, n in sorted(rejected.items(), key=lambda kv: -kv[1]):
        print(f"  rejected {reason:<20} {n:>7}")
    if summary.get("reports_per_s"):
        print(f"{summary['reports_per_s']:.2f} reports/s, {summary['tokens_per_s']:.0f} generated tokens/s")
    for what in ("done", "no_text"):
        if summary.get(what):
            print(f"skipped ({'already done' if what == 'done' else 'no usable text'}): {summary[what]}")


def _add_train(sub) -> None:
    p = sub.add_parser(
        "train",
        help="train a stage (mntp, supcon, clip) from a YAML config; one process here, "
        "or the same under deepspeed / torchrun (python -m megacxr.train)",
    )
    p.add_argument("--config", required=True, type=Path, help="stage YAML, e.g. configs/mntp.yaml")
    p.add_argument(
        "--resume",
        nargs="?",
        const="auto",
        default=None,
        metavar="PATH",
        help="continue from the latest complete checkpoint (the default) or from PATH",
    )
    p.add_argument("--no-resume", action="store_true", help="start fresh even if run.out_dir has checkpoints")
    p.add_argument("overrides", nargs="*", help="dotted key=value overrides, e.g. run.max_steps=50 preset=tiny")
    p.set_defaults(func=_cmd_train)


def _cmd_train(args) -> int:
    from megacxr.train.__main__ import resume_overrides
    from megacxr.train.config import load_train_config
    from megacxr.train.loop import train

    summary = train(load_train_config(args.config, args.overrides + resume_overrides(args)))
    print(
        f"done: step {summary['step']}, checkpoint {summary['checkpoint']}"
        + (f", export {summary['export']}" if summary.get("export") else "")
    )
    return 0


# megacxr.eval.mteb_task.MTEB_KINDS, written out so that `megacxr --help` imports no torch (a test compares them)
MTEB_TASK_KINDS = ["near_miss", "lay_terms", "clause_order", "units", "hedging"]


def _add_eval(sub) -> None:
    p = sub.add_parser("eval", help="evaluate a trained model")
    es = p.add_subparsers(dest="eval_cmd", required=True)
    r = es.add_parser(
        "retrieval",
        help="image-report retrieval (Recall@k both ways, ranks) and zero-shot AUROC of a clip export on a shard split",
    )
    r.add_argument("--checkpoint", required=True, type=Path, help="a clip export folder (<run>/export)")
    r.add_argument("--shards", required=True, nargs="+", help="shard directories (with manifest.json)")
    r.add_argument("--split", default="test", help="split of the shards to evaluate on")
    r.add_argument(
        "--json", type=Path, default=None, help="write the metrics here, the markdown report and the PNG beside it"
    )
    r.add_argument(
        "--topk-out",
        type=Path,
        default=None,
        help="write each image's top-k retrieved reports next to its own report (JSONL)",
    )
    r.add_argument("--topk", type=positive_int, default=5, help="reports per image in --topk-out")
    r.add_argument(
        "--merge-identical",
        action="store_true",
        help="merge identical report strings into one candidate before ranking",
    )
    r.add_argument("--no-zero-shot", action="store_true", help="skip the zero-shot label AUROC")
    r.add_argument("--batch-size", type=positive_int, default=64, help="samples per forward pass")
    r.add_argument("--workers", type=non_negative_int, default=2, help="DataLoader worker processes")
    r.set_defaults(func=_cmd_eval_retrieval)

    t = es.add_parser(
        "text",
        help="report-encoder robustness to report style and error discrimination, with baselines side by side",
    )
    t.add_argument("--encoder", required=True, type=Path, help="a report-encoder export (mntp / supcon <run>/export)")
    t.add_argument("--shards", required=True, nargs="+", help="shard directories whose reports are evaluated")
    t.add_argument("--split", default="test", help="split of the shards to evaluate on")
    t.add_argument(
        "--baseline",
        nargs="*",
        default=[],
        type=Path,
        help="more encoders through the same code: megacxr exports or local Hugging Face encoder folders",
    )
    t.add_argument(
        "--pooling",
        default="auto",
        choices=["auto", "cls", "mean"],
        help="pooling of Hugging Face baselines (auto: cls); megacxr exports use their own head",
    )
    t.add_argument("--items", type=Path, default=None, help='external items, JSONL: {"query", "candidates", "answer"}')
    t.add_argument("--seed", type=int, default=0, help="seed of the rewrites and of the choice of rewrites")
    t.add_argument("--limit", type=positive_int, default=None, help="evaluate the first N reports of the split only")
    t.add_argument("--batch-size", type=positive_int, default=32, help="texts per forward pass")
    t.add_argument(
        "--no-references",
        action="store_true",
        help="skip the two reference encoders (random-init twin of --encoder, TF-IDF) and the not-discriminative flags",
    )
    t.add_argument(
        "--json",
        type=Path,
        default=Path("eval-text.json"),
        help="metrics JSON; the markdown report and the PNG are written beside it (.md, .png)",
    )
    t.set_defaults(func=_cmd_eval_text)

    m = es.add_parser(
        "mteb-task",
        help="write an offline MTEB retrieval task from a shard split (held-out rewrites as queries); "
        "with --encoder, evaluate a text export on it through mteb",
    )
    m.add_argument("--shards", required=True, nargs="+", help="shard directories whose reports make the task")
    m.add_argument("--split", default="test", help="split of the shards to build the task from")
    m.add_argument("--out", required=True, type=Path, help="task folder to write (BEIR files and mteb_task.py)")
    m.add_argument(
        "--kind",
        default="near_miss",
        choices=MTEB_TASK_KINDS,
        help="the queries: near_miss (lay-terms rewrites among originals and one-error rewrites) or a held-out "
        "rewrite family retrieving among the originals",
    )
    m.add_argument("--limit", type=positive_int, default=None, help="the first N reports of the split only")
    m.add_argument(
        "--encoder",
        type=Path,
        default=None,
        help="a report-encoder export to evaluate on the task with mteb (needs mteb and sentence-transformers)",
    )
    m.set_defaults(func=_cmd_eval_mteb_task)

    a = es.add_parser(
        "align",
        help="CXR-Align comparisons of a clip export: the image's report against the report with a finding negated",
    )
    a.add_argument("--checkpoint", required=True, type=Path, help="a clip export folder (<run>/export)")
    a.add_argument("--items", required=True, type=Path, help='CXR-Align file: {"mimic": {dicom_id: {"report", ...}}}')
    where = a.add_mutually_exclusive_group(required=True)
    where.add_argument("--images", type=Path, help="MIMIC-CXR-JPG root (<dicom_id>.jpg anywhere under it)")
    where.add_argument("--shards", nargs="+", help="shard directories built from MIMIC-CXR (json.extra.dicom_ids)")
    a.add_argument("--batch-size", type=positive_int, default=32, help="items per forward pass")
    a.add_argument(
        "--json",
        type=Path,
        default=Path("eval-align.json"),
        help="metrics JSON; the markdown report and the PNG are written beside it (.md, .png)",
    )
    a.set_defaults(func=_cmd_eval_align)


def _eval_outputs(json_path: Path, table: str, markdown: str, write_png, result: dict) -> int:
    """Print an evaluation's table; write its markdown report and PNG beside its JSON (already written)."""
    print(table)
    md = json_path.with_suffix(".md")
    md.write_text(markdown)
    png = write_png(result, json_path.with_suffix(".png"))
    print(f"metrics written to {json_path}, report to {md}" + (f", figure to {png}" if png else ""))
    return 0


def _cmd_eval_mteb_task(args) -> int:
    from megacxr.eval.mteb_task import evaluate_mteb_task, write_mteb_task

    spec = write_mteb_task(args.shards, args.out, split=args.split, kind=args.kind, limit=args.limit)
    print(f"task {spec['name']}: {spec['queries']} queries, {spec['corpus']} documents, written to {args.out}")
    if args.encoder is not None:
        scores = evaluate_mteb_task(args.out, args.encoder)
        print("  ".join(f"{k} {v:.4f}" for k, v in scores.items()))
    return 0


def _cmd_eval_text(args) -> int:
    from megacxr.eval.text_run import evaluate_text, format_text_tables, text_markdown, write_text_png

    result = evaluate_text(
        args.encoder,
        args.shards,
        args.split,
        baselines=args.baseline,
        pooling=args.pooling,
        items=args.items,
        seed=args.seed,
        limit=args.limit,
        batch_size=args.batch_size,
        json_out=args.json,
        references=not args.no_references,
    )
    return _eval_outputs(args.json, format_text_tables(result), text_markdown(result), write_text_png, result)


def _cmd_eval_align(args) -> int:
    from megacxr.eval.align import evaluate_align
    from megacxr.eval.align_report import align_markdown, format_align_table, write_align_png

    result = evaluate_align(
        args.checkpoint,
        args.items,
        images=args.images,
        shards=args.shards,
        batch_size=args.batch_size,
        json_out=args.json,
    )
    return _eval_outputs(args.json, format_align_table(result), align_markdown(result), write_align_png, result)


def _cmd_eval_retrieval(args) -> int:
    from megacxr.eval.report import format_per_source, format_table
    from megacxr.eval.retrieval_report import retrieval_markdown, write_retrieval_png
    from megacxr.eval.run import evaluate_retrieval

    metrics = evaluate_retrieval(
        args.checkpoint,
        args.shards,
        args.split,
        batch_size=args.batch_size,
        num_workers=args.workers,
        merge_identical=args.merge_identical,
        zero_shot=not args.no_zero_shot,
        topk=args.topk,
        topk_out=args.topk_out,
        json_out=args.json,
    )
    print(f"retrieval on split {args.split}: {metrics['images']} studies")
    print(format_table(metrics))
    if metrics.get("per_source"):
        print(format_per_source(metrics))
    if args.json:
        md = args.json.with_suffix(".md")
        md.write_text(retrieval_markdown(metrics))
        png = write_retrieval_png(metrics, args.json.with_suffix(".png"))
        print(f"metrics written to {args.json}, report to {md}" + (f", figure to {png}" if png else ""))
    if args.topk_out:
        print(f"top-{args.topk} reports per image written to {args.topk_out}")
    return 0


def _add_profile(sub) -> None:
    # listed for --help; `megacxr profile ...` is handed to megacxr.profile.main whole (see main)
    sub.add_parser(
        "profile", add_help=False, help="throughput, MFU, memory and data wait of a stage (see megacxr profile --help)"
    )


def _add_doctor(sub) -> None:
    # listed for --help; `megacxr doctor ...` is handed to megacxr.doctor.main whole (see main)
    sub.add_parser(
        "doctor", add_help=False, help="the environment, and every fast path checked against its reference here"
    )


_IMAGE_SUFFIXES = (".dcm", ".dicom", ".jpg", ".jpeg", ".png")


def _image_files(items: list[Path]) -> list[Path]:
    """Files as given, and every image file (DICOM, JPEG, PNG) under a folder, sorted."""
    out: list[Path] = []
    for item in items:
        if item.is_dir():
            out += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in _IMAGE_SUFFIXES)
        elif item.is_file():
            out.append(item)
        else:
            raise InputError("no such file or folder", file=item, field="images")
    if not out:
        raise InputError("no image file (DICOM, JPEG, PNG) there", file=items[0], field="images")
    return out


def _add_embed(sub) -> None:
    p = sub.add_parser("embed", help="embed images and/or report texts with a trained clip export")
    p.add_argument("--checkpoint", required=True, type=Path, help="a clip export folder (<run>/export)")
    p.add_argument("--images", nargs="*", type=Path, default=[], help="image files or folders (DICOM, JPEG, PNG)")
    p.add_argument("--texts", type=Path, default=None, help="a text file, one report per line")
    p.add_argument("--out", required=True, type=Path, help="an .npz with image_paths, image, texts_line, text")
    p.add_argument("--batch-size", type=positive_int, default=32, help="items per forward pass")
    p.set_defaults(func=_cmd_embed)

    z = sub.add_parser("zeroshot", help="score images against text prompts with a trained clip export")
    z.add_argument("--checkpoint", required=True, type=Path, help="a clip export folder (<run>/export)")
    z.add_argument("--images", nargs="+", type=Path, required=True, help="image files or folders")
    z.add_argument("--prompts", nargs="+", required=True, help='the classes as report sentences: "No effusion."')
    z.add_argument("--json", type=Path, default=None, help="write each image's probabilities here")
    z.add_argument("--batch-size", type=positive_int, default=32, help="items per forward pass")
    z.set_defaults(func=_cmd_zeroshot)


def _cmd_embed(args) -> int:
    import numpy as np

    from megacxr.eval import load_clip

    if not args.images and args.texts is None:
        raise InputError("give --images and/or --texts", field="embed")
    model = load_clip(args.checkpoint, batch_size=args.batch_size)
    arrays: dict = {}
    if args.images:
        files = _image_files(args.images)
        arrays.update(image_paths=np.array([str(f) for f in files]), image=model.encode_image(files).numpy())
    if args.texts is not None:
        lines = [(i, t.strip()) for i, t in enumerate(args.texts.read_text().splitlines(), 1) if t.strip()]
        if not lines:
            raise InputError("no text line to embed", file=args.texts, field="texts")
        arrays.update(texts_line=np.array([i for i, _ in lines]), text=model.encode_text([t for _, t in lines]).numpy())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **arrays)
    counts = ", ".join(f"{len(arrays[k])} {k}" for k in ("image", "text") if k in arrays)
    print(f"{counts} embeddings written to {args.out}")
    return 0


def _cmd_zeroshot(args) -> int:
    from megacxr.eval import load_clip
    from megacxr.eval.report import write_json

    model = load_clip(args.checkpoint, batch_size=args.batch_size)
    files = _image_files(args.images)
    probs = model.logits(model.encode_image(files), model.encode_text(args.prompts)).softmax(dim=1)
    width = max(len(f.name) for f in files) + 2
    print(f"{'image':<{width}}" + "".join(f"{'prompt ' + str(j + 1):>12}" for j in range(len(args.prompts))))
    for f, row in zip(files, probs.tolist(), strict=True):
        print(f"{f.name:<{width}}" + "".join(f"{p:>12.3f}" for p in row))
    if args.json:
        write_json(
            args.json,
            {"prompts": args.prompts, "images": {str(f): row for f, row in zip(files, probs.tolist(), strict=True)}},
        )
        print(f"probabilities written to {args.json}")
    return 0


def _add_plot(sub) -> None:
    p = sub.add_parser("plot", help="draw a training run's loss, learning rate, throughput and validation curves")
    p.add_argument("run", type=Path, help="the run's out_dir (it holds metrics.jsonl)")
    p.add_argument("--out", type=Path, default=None, help="the PNG (default: <run>/metrics.png)")
    p.set_defaults(func=_cmd_plot)


def _cmd_plot(args) -> int:
    from megacxr.train.plot import plot_metrics

    png = plot_metrics(args.run, args.out)
    if png is None:
        return 1
    print(f"figure written to {png}")
    return 0


def _add_export(sub) -> None:
    p = sub.add_parser(
        "export",
        help="export any checkpoint a run kept: validation's best, the latest or step N (the run's export/ is its end)",
    )
    p.add_argument("run", type=Path, help="the run's out_dir (config.yaml, checkpoints/)")
    p.add_argument(
        "--checkpoint", default="best", help="best (validation's choice, checkpoints/best.json), latest, or stepN"
    )
    p.add_argument("--out", type=Path, default=None, help="the export folder (default: <run>/export-<tag>)")
    p.set_defaults(func=_cmd_export)


def _cmd_export(args) -> int:
    from megacxr.train.export_run import export_checkpoint

    folder = export_checkpoint(args.run, args.checkpoint, args.out)
    print(f"exported to {folder}")
    return 0


def _add_init_model(sub) -> None:
    from megacxr.models.shapes import SHAPES

    p = sub.add_parser(
        "init-model",
        help="write a randomly initialised model of a named shape (tests, demo, profiling without weights)",
    )
    p.add_argument("--shape", required=True, choices=sorted(SHAPES), help="model shape")
    p.add_argument("--out", required=True, type=Path, help="folder to write the model and tokenizer into")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--tokenizer", type=Path, help="copy this local tokenizer folder")
    g.add_argument(
        "--texts-from",
        type=Path,
        nargs="+",
        metavar="SHARDS_DIR",
        help="train a word-level tokenizer on the reports of these shard folders",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed of the weights")
    p.set_defaults(func=_cmd_init_model)


def _cmd_init_model(args) -> int:
    from megacxr.models import init_model

    texts = None
    if args.texts_from:
        from megacxr.data.plan import StreamConfig
        from megacxr.train.loop import report_texts

        texts = report_texts(StreamConfig(manifests=[str(d) for d in args.texts_from]), limit=20000)
    out = init_model(args.shape, args.out, tokenizer_dir=args.tokenizer, texts=texts, seed=args.seed)
    print(f"wrote a random {args.shape} model to {out}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="megacxr", description="megacxr: a training stack for chest X-ray image-report models")
    parser.add_argument("--version", action="version", version=f"megacxr {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument(
        "--debug",
        dest="debug_traceback",
        action="store_true",
        help="on an unexpected error, show the full traceback (also MEGACXR_DEBUG=1); without it the error is "
        "one line. `megacxr shards build --debug` writes it to a private file instead (it may quote patient data)",
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    _add_synth(sub)
    _add_shards(sub)
    _add_train(sub)
    _add_eval(sub)
    _add_profile(sub)
    _add_doctor(sub)
    _add_init_model(sub)
    _add_plot(sub)
    _add_export(sub)
    _add_embed(sub)
    _add_variants(sub)
    _add_demo(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["profile"]:
        from megacxr.profile import main as profile_main

        return profile_main(argv[1:])
    if argv[:1] == ["doctor"]:
        from megacxr.doctor import main as doctor_main

        return doctor_main(argv[1:])
    args = make_parser().parse_args(argv)
    setup_logging(args.verbose)
    try:
        return int(args.func(args) or 0)
    except MegacxrError as exc:
        print(f"megacxr: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("megacxr: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # One convention for every command: an unexpected error is one line (its type and where it was raised,
        # never its message: a message can quote a path with an MRN or a report's text); --debug gives the rest.
        command = " ".join(
            str(getattr(args, k)) for k in ("cmd", "shards_cmd", "eval_cmd", "variants_cmd") if getattr(args, k, None)
        )
        if getattr(args, "cmd", None) == "shards":
            # the shard commands read raw patient data: the traceback goes to a private file, never a job log
            where = _debug_traceback(exc, args) if getattr(args, "debug", False) else None
            hint = (
                f"traceback written to {where}"
                if where
                else "rerun with --debug for the traceback (written to a file in --out that only you can read)"
            )
        elif getattr(args, "debug_traceback", False) or os.environ.get("MEGACXR_DEBUG", "") not in ("", "0"):
            raise
        else:
            hint = "rerun with `megacxr --debug ...` (or MEGACXR_DEBUG=1) for the traceback"
        print(
            f"megacxr: error: unexpected {type(exc).__name__} in `megacxr {command}`{_raised_at(exc)}; {hint}",
            file=sys.stderr,
        )
        return 1


def _raised_at(exc: BaseException) -> str:
    """ " at megacxr/<module>.py:<line>": the innermost frame of our code (a place, never a value)."""
    tb, where = exc.__traceback__, ""
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if "megacxr" in path.parts:
            start = len(path.parts) - 1 - path.parts[::-1].index("megacxr")  # the package, not a folder above it
            where = f" at {'/'.join(path.parts[start:])}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _debug_traceback(exc: BaseException, args) -> Path:
    """Write ``exc``'s traceback to a new 0600 file inside the output folder; returns its path."""
    import time
    import traceback

    name = f"megacxr-debug-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    folder = Path(getattr(args, "out", None) or getattr(args, "dir", None) or ".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        path = folder / name
    except OSError:  # --out is what failed (a file, read-only): the current folder instead
        path = Path.cwd() / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write("".join(traceback.format_exception(exc)))
    return path


if __name__ == "__main__":
    sys.exit(main())
