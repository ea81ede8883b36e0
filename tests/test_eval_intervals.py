"""Bootstrap intervals (``megacxr.eval.intervals``) and the two reference encoders of ``eval text``
(``megacxr.eval.references``): coverage on a known binomial, determinism, the TF-IDF baseline against
scikit-learn's, and the random-init twin."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from megacxr.eval.choice import choice_accuracy
from megacxr.eval.intervals import bootstrap_ci, bootstrap_cis, not_discriminative
from megacxr.eval.references import LexicalEmbedder, random_init_


def test_a_95_percent_interval_covers_a_known_rate_about_95_percent_of_the_time():
    rng = np.random.default_rng(7)
    p, n, sets = 0.3, 200, 200
    covered = 0
    for s in range(sets):
        lo, hi = bootstrap_ci(rng.random(n) < p, resamples=1000, seed=s)
        covered += lo <= p <= hi
    assert 0.92 <= covered / sets <= 0.98, covered  # 95% +- 3 points
    # the width follows the binomial's standard error: about 2 * 1.96 * sqrt(p (1 - p) / n)
    lo, hi = bootstrap_ci(rng.random(n) < p, resamples=2000)
    assert hi - lo == pytest.approx(2 * 1.96 * (p * (1 - p) / n) ** 0.5, rel=0.2)


def test_intervals_are_deterministic_shared_and_honest_at_the_edges():
    v = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    a = bootstrap_cis({"x": v, "y": 1 - v}, seed=3)
    assert a == bootstrap_cis({"x": v, "y": 1 - v}, seed=3)  # the same seed, the same intervals
    assert a["x"][0] == pytest.approx(1 - a["y"][1]) and a["x"][1] == pytest.approx(1 - a["y"][0])  # same resamples
    assert bootstrap_ci(torch.ones(5)) == [1.0, 1.0]
    assert all(x != x for x in bootstrap_ci(torch.zeros(0)))
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(v, level=1.0)
    acc = choice_accuracy(torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]]), torch.tensor([0, 0, 0]))
    assert acc["ci"]["strict"][0] <= acc["strict"] <= acc["ci"]["strict"][1]
    assert not_discriminative(0.5, [0.45, 0.9]) and not not_discriminative(0.4, [0.45, 0.9])
    assert not_discriminative(float("nan"), [0.45, 0.9]) and not_discriminative(0.1, None)


def test_the_lexical_baseline_equals_scikit_learns_tfidf():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    corpus = [
        "No acute cardiopulmonary process.",
        "Small left pleural effusion. No pneumothorax.",
        "Left pleural effusion, small; left basilar atelectasis.",
        "Cardiomegaly. Pulmonary edema, mild. No effusion.",
    ]
    queries = ["left effusion, no pneumothorax", "NO ACUTE PROCESS", "unseen words only"]
    ours = LexicalEmbedder(corpus)
    ref = sklearn_text.TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\w+").fit(corpus)
    want = torch.from_numpy(ref.transform(queries).toarray()).float()
    order = [ours.index[w] for w in ref.get_feature_names_out()]
    torch.testing.assert_close(ours.embed(queries)[:, order], want, rtol=1e-6, atol=1e-7)
    assert float(ours.embed(["unseen words only"]).abs().sum()) == 0.0
    assert len(LexicalEmbedder(corpus, max_features=3).index) == 3


def test_random_init_redraws_every_weight_deterministically():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Embedding(10, 4), torch.nn.LayerNorm(4), torch.nn.Linear(4, 3))
    with torch.no_grad():
        net[1].weight.fill_(3.0)
    a = random_init_(net, seed=5)
    b = random_init_(torch.nn.Sequential(torch.nn.Embedding(10, 4), torch.nn.LayerNorm(4), torch.nn.Linear(4, 3)), 5)
    for x, y in zip(a.parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(x, y)
    assert float(a[1].weight.min()) == 1.0 and float(a[2].bias.abs().max()) == 0.0
    assert float(a[0].weight.std()) == pytest.approx(0.02, rel=0.5)
