"""Bootstrap confidence intervals of per-item means (every retrieval, robustness, discrimination and align metric
is a mean over queries or items), and the test of whether a metric tells a model from a reference.

``bootstrap_ci(values)``: the percentile bootstrap of the mean: resample the N items with replacement
``resamples`` times (one seeded draw of indices, shared by every metric of one item set, so the intervals of
R@1, R@5 and MRR come from the same resamples), take the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles
of the resampled means. Deterministic for a seed. On a known binomial it covers the true rate about ``level``
of the time (``tests/test_eval_intervals.py`` checks 95% within a few points over 200 simulated sets); on few
items it is wide, which is the point: a 13-item error set ranks nothing.

``not_discriminative(reference_value, best_interval)``: the reference (a random-init encoder) reaches the lower
end of the best model's interval, so the metric cannot tell a trained model from an untrained one on this data.

Cost: ``resamples x N`` indices per item set, drawn in chunks (1,000 x 100,000 queries: about a second on CPU).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch

__all__ = ["DEFAULT_RESAMPLES", "bootstrap_cis", "bootstrap_ci", "not_discriminative"]

DEFAULT_RESAMPLES = 1000
_CHUNK = 20_000_000  # indices per chunk: bounds the memory of one draw


def bootstrap_cis(
    values: Mapping[str, torch.Tensor | np.ndarray],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    level: float = 0.95,
    seed: int = 0,
) -> dict[str, list[float]]:
    """``{name: [low, high]}``: percentile-bootstrap intervals of the mean of each ``[N]`` per-item vector, all
    from the same resampled item sets. NaN bounds for N = 0."""
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if int(resamples) < 1:
        raise ValueError(f"resamples must be >= 1, got {resamples}")
    names = list(values)
    if not names:
        return {}
    mat = np.stack([np.asarray(torch.as_tensor(values[k]).double().cpu(), dtype=np.float64) for k in names])
    n = mat.shape[1]
    if n == 0:
        return {k: [float("nan"), float("nan")] for k in names}
    rng = np.random.default_rng(seed)
    means = np.empty((len(names), int(resamples)))
    step = max(1, _CHUNK // n)
    for start in range(0, int(resamples), step):
        stop = min(int(resamples), start + step)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[:, start:stop] = mat[:, idx].mean(axis=2)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2], axis=1)
    return {k: [float(lo[i]), float(hi[i])] for i, k in enumerate(names)}


def bootstrap_ci(values, **kw) -> list[float]:
    """``[low, high]`` of one per-item vector's mean (``bootstrap_cis`` of one)."""
    return bootstrap_cis({"v": values}, **kw)["v"]


def not_discriminative(reference_value: float, best_interval) -> bool:
    """True when a reference model's value reaches the lower bound of the best model's interval (or either is
    not a number): the metric does not separate them on this data."""
    low = float(best_interval[0]) if best_interval is not None else float("nan")
    ref = float(reference_value)
    return not (np.isfinite(low) and np.isfinite(ref)) or ref >= low
