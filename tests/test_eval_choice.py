"""Multiple-choice accuracy and MRR on hand-computed small cases, ties included."""

from __future__ import annotations

import math

import pytest
import torch

from megacxr.eval.choice import choice_accuracy, pairwise_preference
from megacxr.eval.retrieval import mrr_chance, retrieval_ranks, summarize_ranks


def test_strict_and_tie_aware_accuracy_by_hand():
    scores = torch.tensor(
        [
            [0.9, 0.1, 0.2, 0.3],  # right strictly best: 1 / 1
            [0.5, 0.5, 0.1, 0.0],  # right tied with one wrong: strict 0, tie-aware 1/2
            [0.5, 0.5, 0.5, 0.1],  # tied with two: 0, 1/3
            [0.1, 0.2, 0.0, 0.0],  # a wrong one is better: 0, 0
        ]
    )
    acc = choice_accuracy(scores, torch.zeros(4, dtype=torch.long))
    assert acc["items"] == 4
    assert acc["strict"] == pytest.approx(1 / 4)
    assert acc["tie_aware"] == pytest.approx((1 + 1 / 2 + 1 / 3 + 0) / 4)
    assert acc["chance"] == pytest.approx(1 / 4)
    assert acc["margin"] == pytest.approx(((0.9 - 0.3) + 0 + 0 + (0.1 - 0.2)) / 4)


def test_answer_in_another_column_and_rows_with_fewer_candidates():
    inf = float("-inf")
    scores = torch.tensor([[0.1, 0.7, inf], [0.3, 0.2, 0.4]])
    acc = choice_accuracy(scores, torch.tensor([1, 2]))
    assert acc["strict"] == 1.0 and acc["tie_aware"] == 1.0
    assert acc["chance"] == pytest.approx((1 / 2 + 1 / 3) / 2)


def test_ties_within_the_tolerance_count_as_ties():
    scores = torch.tensor([[0.5, 0.5 + 1e-8], [0.5, 0.5 - 1e-8]], dtype=torch.float64)
    acc = choice_accuracy(scores, torch.zeros(2, dtype=torch.long))
    assert acc["strict"] == 0.0 and acc["tie_aware"] == pytest.approx(0.5)
    # outside it the order decides
    acc = choice_accuracy(scores, torch.zeros(2, dtype=torch.long), tie_tol=0.0)
    assert acc["strict"] == 0.5 and acc["tie_aware"] == 0.5


def test_a_collapsed_model_gets_zero_strict_and_chance_tie_aware():
    scores = torch.full((7, 4), 0.3)
    acc = choice_accuracy(scores, torch.arange(7) % 4)
    assert acc["strict"] == 0.0 and acc["tie_aware"] == pytest.approx(acc["chance"]) == pytest.approx(0.25)


def test_pairwise_preference():
    acc = pairwise_preference(torch.tensor([0.9, 0.2, 0.4]), torch.tensor([0.1, 0.3, 0.4]))
    assert acc["strict"] == pytest.approx(1 / 3) and acc["tie_aware"] == pytest.approx((1 + 0 + 0.5) / 3)
    assert acc["chance"] == 0.5


@pytest.mark.parametrize(
    "scores, answer, message",
    [
        (torch.zeros(3), torch.zeros(3, dtype=torch.long), "queries, candidates"),
        (torch.zeros(2, 3), torch.zeros(3, dtype=torch.long), "3 entries for 2 queries"),
        (torch.zeros(2, 3), torch.tensor([0, 3]), "index one of the 3"),
        (torch.tensor([[float("-inf"), 0.0]]), torch.tensor([0]), "not a valid score"),
    ],
)
def test_bad_shapes_are_refused(scores, answer, message):
    with pytest.raises(ValueError, match=message):
        choice_accuracy(scores, answer)


def test_mrr_by_hand_with_a_tie():
    # 3 queries over 3 candidates; query 1's true candidate ties with another (pessimistic rank 2)
    q = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    c = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    metrics = summarize_ranks(retrieval_ranks(q, c, torch.tensor([0, 2, 2])))["i2t"]
    # ranks: query 0 ties candidates 0 and 1 -> 2; query 1 -> 1; query 2 scores 0.707 on all -> 3
    assert metrics["MRR"] == pytest.approx((1 / 2 + 1 + 1 / 3) / 3)
    assert metrics["chance_MRR"] == pytest.approx((1 + 1 / 2 + 1 / 3) / 3)


def test_mrr_chance_by_hand():
    assert mrr_chance(4) == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4)
    # two right answers among four: the first sits at 1, 2, 3 with probability 1/2, 1/3, 1/6
    assert mrr_chance(4, 2) == pytest.approx(1 / 2 + (1 / 3) / 2 + (1 / 6) / 3)
    assert mrr_chance(5, torch.tensor([1, 1, 5])) == pytest.approx((2 * sum(1 / r for r in range(1, 6)) / 5 + 1) / 3)
    assert math.isnan(mrr_chance(5, torch.tensor([], dtype=torch.long)))
