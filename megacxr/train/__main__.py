"""``python -m megacxr.train --config configs/STAGE.yaml [dotted.key=value ...]`` (also under ``deepspeed
--module megacxr.train`` and ``torchrun -m megacxr.train``). Exit 2 on a configuration or input error."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="megacxr train", description="train a stage (mntp, supcon, clip)")
    p.add_argument("--config", required=True, help="stage YAML, e.g. configs/mntp.yaml")
    p.add_argument("--local_rank", "--local-rank", type=int, default=None, help=argparse.SUPPRESS)  # deepspeed
    p.add_argument("--verbose", action="store_true")
    p.add_argument("overrides", nargs="*", help="dotted key=value overrides, e.g. run.max_steps=50")
    return p


def main(argv: list[str] | None = None) -> int:
    from megacxr.errors import MegacxrError
    from megacxr.log import setup_logging

    args = build_parser().parse_args(argv)
    setup_logging(args.verbose)
    try:
        from megacxr.train.config import load_train_config
        from megacxr.train.loop import train

        cfg = load_train_config(args.config, args.overrides)
        summary = train(cfg, local_rank=args.local_rank)
    except MegacxrError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if summary.get("export"):
        print(f"done: step {summary['step']}, export {summary['export']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
