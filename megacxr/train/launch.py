"""``python -m megacxr.train.launch [torchrun options] -m megacxr.train --config ...``: torchrun, with the
preemption signals left to the ranks, so that a preempted job ends with exit status 0 and no traceback.

torchrun's agent catches SIGTERM itself: it sends SIGTERM to the ranks, kills them 30 s later (``--shutdown_timeout``;
a large model's checkpoint may need longer), prints a ``SignalException`` traceback and exits 1, even when every
rank wrote its checkpoint and exited 0. A scheduler then marks the job failed (SLURM's ``--requeue`` and job
arrays read that status). Under this wrapper SIGTERM and SIGUSR1 are passed on to the ranks and the agent keeps
watching them: every rank stops at the same step with a checkpoint (``megacxr.train.preempt``) and exits 0, and
so does the launcher, with one line saying so. A rank that fails still fails the launch (torchrun's error summary,
exit 1). Every other option and signal behaves as in torchrun; the arguments are torchrun's own.
"""

from __future__ import annotations

import signal
import sys

import psutil
from torch.distributed import run as torchrun
from torch.distributed.elastic.multiprocessing.errors import ChildFailedError

__all__ = ["PASSED_ON", "main"]

PASSED_ON = (signal.SIGTERM, signal.SIGUSR1)


def main(argv: list[str] | None = None) -> int:
    args = torchrun.parse_args(list(sys.argv[1:] if argv is None else argv))
    kept = [s.strip() for s in args.signals_to_handle.split(",") if s.strip()]
    args.signals_to_handle = ",".join(s for s in kept if s not in {sig.name for sig in PASSED_ON})
    received: list[int] = []

    def pass_on(signum, frame) -> None:
        ranks = psutil.Process().children(recursive=False)
        if not ranks:  # nothing started yet: stop as torchrun would
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)
        received.append(signum)
        for rank in ranks:
            try:
                rank.send_signal(signum)
            except psutil.NoSuchProcess:
                pass

    for sig in PASSED_ON:
        signal.signal(sig, pass_on)
    try:
        torchrun.run(args)
    except ChildFailedError as err:
        print(err.format_msg(), file=sys.stderr)
        return 1
    if received:
        name = signal.Signals(received[0]).name
        print(f"megacxr launch: {name} received; every rank checkpointed and exited 0 (run the same command to resume)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
