"""Comparison tolerances that follow the dtype and the size of the reductions behind a value.

Two computations of the same result that sum in a different order (a tiled kernel against a full matrix, two
ranks against one process, the Triton interpreter against torch) differ by rounding alone. For a sum of ``n``
terms each evaluation is within ``gamma_n = n u / (1 - n u)`` of the exact sum, relative to the sum of the
terms' magnitudes (Higham, *Accuracy and Stability of Numerical Algorithms*, section 4.2), with ``u`` the unit
roundoff (``eps / 2``); so two evaluations differ by at most about ``n * eps`` times that magnitude. A value that
passes through a chain of reductions (a dot product over D, a softmax over the columns, a gradient summed over
the rows) adds their lengths. Storing the result in a narrower dtype than the one accumulated in adds one
rounding of the stored dtype per side.

A fixed absolute tolerance ignores both: it is too loose in float64 and too tight in float32 once a gradient
element is a cancellation of terms far larger than itself (the element is small, its rounding error is not).
Hence the element-wise check below scales its absolute term by the largest magnitude of the expected tensor.
"""

from __future__ import annotations

import torch

# What a kernel accumulates in when it stores a narrower dtype (bf16 / fp16 matmuls and reductions run in fp32).
_ACCUMULATES_IN = {torch.bfloat16: torch.float32, torch.float16: torch.float32}
# Per side: one rounding when the result is stored, a few for the pointwise ops (exp, log, divide) in the chain.
_POINTWISE_ROUNDINGS = 4


def rounding_bound(dtype: torch.dtype, n: int) -> float:
    """Relative bound on the difference of two evaluations of a chain of reductions of total length ``n``."""
    if n < 1:
        raise ValueError(f"reduction length must be >= 1, got {n}")
    accum = _ACCUMULATES_IN.get(dtype, dtype)
    return n * torch.finfo(accum).eps + _POINTWISE_ROUNDINGS * torch.finfo(dtype).eps


def assert_close_reduced(actual, expected, dtype: torch.dtype, n: int, what: str = "") -> None:
    """Element-wise: ``|a - e| <= bound * (|e| + max|e|)`` with ``bound = rounding_bound(dtype, n)``."""
    expected = torch.as_tensor(expected)
    actual = torch.as_tensor(actual)
    bound = rounding_bound(dtype, n)
    scale = float(expected.detach().double().abs().max()) if expected.numel() else 0.0
    torch.testing.assert_close(
        actual,
        expected.to(actual.dtype),
        rtol=bound,
        atol=bound * max(scale, 1e-30),
        msg=(lambda m: f"{what}: {m} (dtype {dtype}, reduction length {n})") if what else None,
    )


def assert_rel_reduced(actual, expected, dtype: torch.dtype, n: int, what: str = "") -> None:
    """Norm-wise: ``||a - e|| / ||e|| <= rounding_bound(dtype, n)``."""
    a, e = torch.as_tensor(actual).detach().double(), torch.as_tensor(expected).detach().double()
    err = float((a - e).norm() / e.norm().clamp(min=1e-300))
    bound = rounding_bound(dtype, n)
    assert err <= bound, f"{what}: relative error {err:.3g} > {bound:.3g} (dtype {dtype}, reduction length {n})"
