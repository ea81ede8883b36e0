"""``python -m megacxr.train --config configs/STAGE.yaml [dotted.key=value ...]`` (also under ``deepspeed
--module megacxr.train`` and ``torchrun -m megacxr.train``). Exit 2 on a configuration or input error, 3 when
training aborts (too many non-finite steps in a row)."""

from __future__ import annotations

import argparse
import sys

from megacxr.clihelp import Parser


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="megacxr train", description="train a stage (mntp, supcon, clip)")
    p.add_argument("--config", required=True, help="stage YAML, e.g. configs/mntp.yaml")
    p.add_argument("--local_rank", "--local-rank", type=int, default=None, help=argparse.SUPPRESS)  # deepspeed
    p.add_argument(
        "--resume",
        nargs="?",
        const="auto",
        default=None,
        metavar="PATH",
        help="continue from the latest complete checkpoint of run.out_dir (the default, run.resume=auto), "
        "or from PATH (a checkpoints folder or one checkpoint)",
    )
    p.add_argument("--no-resume", action="store_true", help="start fresh even if run.out_dir has checkpoints")
    p.add_argument("--verbose", action="store_true", help="debug logging")
    p.add_argument("overrides", nargs="*", help="dotted key=value overrides, e.g. run.max_steps=50")
    return p


def resume_overrides(args) -> list[str]:
    if args.no_resume:
        return ["run.resume=never"]
    return [f"run.resume={args.resume}"] if args.resume else []


def main(argv: list[str] | None = None) -> int:
    from megacxr.errors import MegacxrError
    from megacxr.log import rank, setup_logging

    args = build_parser().parse_intermixed_args(argv)
    setup_logging(args.verbose)
    try:
        from megacxr.train.config import load_train_config
        from megacxr.train.loop import train

        cfg = load_train_config(args.config, args.overrides + resume_overrides(args))
        summary = train(cfg, local_rank=args.local_rank)
    except MegacxrError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if rank() != 0:  # one summary line per run, not one per rank
        return 0
    if summary.get("preempted"):
        print(
            f"stopped at step {summary['step']} with checkpoint {summary['checkpoint']}: run the same command to resume"
        )
    elif summary.get("export"):
        print(f"done: step {summary['step']}, export {summary['export']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
