"""Multi-task supervised-contrastive training: which task each optimizer step trains, and each task's pair.

The published LLM2VEC4CXR encoder recipe trains several instruction tasks, one task per batch. ``supcon.tasks``
lists them (empty: the single ``paraphrase`` task, exactly the batches the supcon stage made before tasks
existed). Tasks (``TASKS``):

* ``paraphrase``: the report <-> a clinically equivalent variant (external, shard or rule; ``VariantPicker``),
  with hard negatives when ``supcon.hard_negatives`` > 0;
* ``findings_to_impression``: the findings section <-> the impression of the same report; a report without both
  sections falls back to its paraphrase pair (counted as ``task_fallback`` in the metrics);
* ``label``: the report <-> a text naming its findings (``label_text``: CheXpert labels of ``json["labels"]``, or
  where a sample has none, the present and uncertain findings ``megacxr.reports.negation`` reads in the report).
  Many reports share a label text ("No acute finding."): rows with the same label text are never each other's
  negatives (``mask_ids``).

Each task has its own instruction (the query side; the candidate side keeps ``data.text.instruction``) and a
weight. ``task_for_step(tasks, seed, step)`` draws the task of optimizer step ``step`` from a generator seeded by
``(seed, step)`` only: every rank and every micro-batch of the step agree without communicating, and a resumed
run continues the same sequence. The data workers prepare every task's pair for each sample (tokenizing a few
more texts; the forward runs one task only), so the loader and its exact-resume state do not depend on tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from megacxr.errors import ConfigError
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.reports.negation import report_status

__all__ = ["DEFAULT_INSTRUCTIONS", "TASKS", "TaskConfig", "check_tasks", "label_text", "task_for_step"]

TASKS = ("paraphrase", "findings_to_impression", "label")
DEFAULT_INSTRUCTIONS = {
    "paraphrase": None,  # data.text.instruction
    "findings_to_impression": "Given the findings of a chest X-ray report, retrieve its impression",
    "label": "Given a chest X-ray report, retrieve the list of its findings",
}


@dataclass
class TaskConfig:
    name: str = "paraphrase"
    weight: float = 1.0  # relative share of optimizer steps
    instruction: str | None = None  # None: DEFAULT_INSTRUCTIONS[name] (paraphrase: data.text.instruction)

    def __post_init__(self) -> None:
        if self.name not in TASKS:
            raise ConfigError(f"unknown task {self.name!r}; choose from {', '.join(TASKS)}", field="tasks.name")
        if not float(self.weight) > 0:
            raise ConfigError("must be > 0", field=f"tasks.{self.name}.weight")


def check_tasks(tasks: Sequence) -> list[TaskConfig]:
    """The tasks as configured (a name, a dict from YAML or a TaskConfig), each name once."""
    out = [t if isinstance(t, TaskConfig) else TaskConfig(t) if isinstance(t, str) else TaskConfig(**t) for t in tasks]
    names = [t.name for t in out]
    if len(set(names)) != len(names):
        raise ConfigError(f"a task is listed twice ({', '.join(names)})", field="tasks")
    return out


def task_for_step(tasks: Sequence[TaskConfig], seed: int, step: int) -> str:
    """The task of optimizer step ``step``: a weighted draw from a generator seeded by ``(seed, step)``."""
    if len(tasks) == 1:
        return tasks[0].name
    weights = np.array([float(t.weight) for t in tasks])
    rng = np.random.default_rng([int(seed), int(step), 0x7A5C])
    return tasks[int(rng.choice(len(tasks), p=weights / weights.sum()))].name


def _label_name(label: str) -> str:
    return label.lower()


def label_text(meta: dict, report: str) -> str:
    """ "Findings: cardiomegaly, possible pleural effusion." from ``json["labels"]`` (1 present, -1 uncertain)
    or, without labels, from the report's finding statuses; "No acute finding." when nothing is present."""
    labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else None
    names = []
    if labels:
        for label in CHEXPERT_LABELS[1:]:
            value = labels.get(label)
            if value == 1:
                names.append(_label_name(label))
            elif value == -1:
                names.append("possible " + _label_name(label))
    else:
        status = report_status(report)
        for label in CHEXPERT_LABELS[1:]:
            if status.get(label) == "present":
                names.append(_label_name(label))
            elif status.get(label) == "uncertain":
                names.append("possible " + _label_name(label))
    return f"Findings: {', '.join(names)}." if names else "No acute finding."
