"""Every ``TrainConfig`` key with its owner, frozen in ``tests/data/config_keys.tsv`` (issue 27): a new knob, a
renamed one or a knob that changes owner is a reviewed diff of that file, not a silent addition. The owner is the
stage whose section holds the key (``mntp.masking.ratio``: mntp; a run of another stage cannot write it), else
``shared`` (every stage reads it, or the run, engine and logging do).

After a deliberate change: ``python tests/test_config_keys.py`` rewrites the file; review its diff."""

from __future__ import annotations

import sys
from pathlib import Path

from megacxr.config import to_dict
from megacxr.train.config import TrainConfig
from megacxr.train.stages import STAGES

FROZEN = Path(__file__).resolve().parent / "data" / "config_keys.tsv"


def _leaves(tree: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        out += _leaves(value, dotted + ".") if isinstance(value, dict) and value else [dotted]
    return out


def key_owners() -> list[str]:
    rows = []
    for name in STAGES:
        for key in _leaves(to_dict(TrainConfig(stage=name))):
            owner = key.split(".")[0] if key.split(".")[0] in STAGES else "shared"
            row = f"{key}\t{owner}"
            if row not in rows:
                rows.append(row)
    return rows


def test_every_config_key_and_its_owner_is_frozen():
    want = FROZEN.read_text().splitlines()
    got = key_owners()
    added, gone = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    assert not added and not gone, (
        f"config keys changed: new or re-owned {added}, gone {gone}; if meant, run `python {Path(__file__).name}` "
        "from tests/ and commit the reviewed diff of tests/data/config_keys.tsv"
    )
    assert len(got) == len(set(got)) > 100


if __name__ == "__main__":
    FROZEN.write_text("\n".join(key_owners()) + "\n")
    print(f"wrote {len(key_owners())} keys to {FROZEN}", file=sys.stderr)
