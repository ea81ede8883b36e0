"""The PHI screen's learned voter (``megacxr.shards.phi_voter``) and its fitting (``phi_voter_fit``).

What is held here: the shipped weight table was fitted on the written sets as they are now (a changed set makes it
stale); the fast scoring path equals the simple one on every written text; fitting learns identifiers of a set it
was not shown; the rules' knowledge vetoes the voter (eponyms, services, a date's words, report vocabulary); a
token beside a masked one joins it on lower odds; a malformed table is refused with its line number.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import pytest

from megacxr.shards.phi import PhiScreen, cleaned, fold
from megacxr.shards.phi_eval import load_set
from megacxr.shards.phi_voter import TOKEN, WEIGHTS, Voter, candidate, glued, voter
from megacxr.shards.phi_voter_fit import examples, fingerprint, fit, set_files

SETS = Path(__file__).parent / "data" / "phi"


def _header() -> dict[str, str]:
    text = resources.files("megacxr.shards").joinpath("tables", WEIGHTS).read_text("utf-8")
    rows = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    return {k: v for k, _, v in (r.partition(": ") for r in rows) if v}


def test_the_shipped_table_was_fitted_on_the_written_sets_as_they_are():
    head = _header()
    names = head["sets"].split()
    assert set(names) == {p.name.removesuffix("_identifiers.jsonl") for p, _ in set_files(SETS)}, (
        "a written set was added or removed since the voter was fitted: python -m megacxr.shards.phi_voter_fit"
    )
    assert head["fingerprint"] == fingerprint(set_files(SETS, names)), (
        "a written set changed since the voter was fitted: python -m megacxr.shards.phi_voter_fit"
    )


def _texts(limit_sets: int | None = None) -> list[str]:
    out = []
    for ids, clinical in set_files(SETS)[:limit_sets]:
        out += [fold(cleaned(item["text"])) for item in load_set(ids) + load_set(clinical)]
    return out


@pytest.mark.slow  # over 10 s: `make test` and CI run it, `make test-fast` does not
def test_the_fast_scores_equal_the_simple_path_on_a_quarter_of_the_written_texts():
    """Every fourth written text (tens of thousands of texts; all of them took 37 s of the suite's
    twenty minutes, and grew with each set written)."""
    v = voter()
    n = 0
    for text in _texts()[::4]:
        spans = [m.span() for m in TOKEN.finditer(text)]
        fast = v.scores(text, text, spans)
        slow = {
            i: v.score(text, spans, i)
            for i, (a, b) in enumerate(spans)
            if candidate(text[a:b]) and not glued(text, a, b)
        }
        assert fast.keys() == slow.keys()
        assert all(math.isclose(fast[i], slow[i], abs_tol=1e-9) for i in fast)
        n += len(fast)
    assert n > 50_000  # every candidate of a quarter of the written texts, not a handful


def _auc(pos: list[float], neg: list[float]) -> float:
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum = sum(r for r, (_, y) in enumerate(ranked, 1) if y)
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def test_fitting_learns_identifiers_of_a_set_it_was_not_shown():
    pairs = set_files(SETS)
    train = [p for p in pairs if p[0].name.startswith(("dev_", "heldout1_", "heldout3_"))]
    unseen = next(p for p in pairs if p[0].name.startswith("heldout2_"))
    weights, bias, n = fit(train, c=1.0)
    assert n > 5_000
    screen = PhiScreen(voter=False)
    pos, neg = [], []
    for item in load_set(unseen[0]) + load_set(unseen[1]):
        for f, label in examples(screen, item["text"], item.get("secrets", [])):
            (pos if label else neg).append(bias + sum(weights.get(k, 0.0) for k in f))
    assert len(pos) > 200 and len(neg) > 500
    assert _auc(pos, neg) > 0.9  # identifiers of a set the model never saw rank above report words


BOLD = Voter({}, bias=10.0)  # every candidate at p > 0.9999: what is left unmasked is what the vetoes keep


@pytest.mark.parametrize(
    "text, kept, masked",
    [
        ("The ligament of Treitz, vein of Galen and pores of Kohn.", ["Treitz", "Galen", "Kohn"], []),
        ("Seen by Ferreira, Radiology and Medicine.", ["Radiology", "Medicine"], ["Ferreira"]),
        ("Stable since March, unchanged Tuesday. Okonkwo agreed.", ["March", "Tuesday"], ["Okonkwo"]),
        ("Normal EF. Delta of 2 mm from prior. Zubair called.", ["Delta"], ["Zubair"]),
        ("Kerley B lines and a Swan-Ganz catheter; Hampton hump.", ["Kerley", "Swan-Ganz", "Hampton"], []),
        ("San Francisco Syncope Rule positive per Aylin.", ["Francisco", "Syncope"], ["Aylin"]),
        ("국민 폐렴 소견, 환자 곽도윤 확인.", ["폐렴", "소견", "환자"], ["곽도윤"]),
    ],
)
def test_the_rules_knowledge_vetoes_the_voter(text, kept, masked):
    out = {text[a:b] for a, b in BOLD.spans(text, text)}
    assert not out & set(kept)
    assert set(masked) <= out


def test_a_token_beside_a_masked_one_joins_it_on_lower_odds():
    # "Ferreira" at p = 0.73: under the seed threshold alone, over the grow threshold beside a masked token
    v = Voter({"w=ferreira": 11.0}, bias=-10.0, seed=0.95, grow=0.5)
    text = "Read by Maria Ferreira today."
    assert v.spans(text, text) == []
    masked = text.replace("Maria", "_____")
    a = text.index("Ferreira")
    assert v.spans(text, masked) == [(a, a + len("Ferreira"))]


@pytest.mark.parametrize(
    "table, message",
    [
        ("<bias>\t0.1\nw=a\tnot-a-number\n", "line 2"),
        ("<bias>\t0.1\nno tab here\n", "line 2"),
        ("<bias>\tinf\n", "line 1"),
        ("<seed>\t0.4\n<grow>\t0.6\n", "thresholds"),
    ],
)
def test_a_malformed_table_is_refused_with_its_line(table, message):
    with pytest.raises(ValueError, match=message):
        Voter.from_tsv(table, name="t.tsv")


def test_the_voter_never_reads_numbers():
    assert not candidate("4471230") and not candidate("2026")
    assert candidate("Okonkwo") and candidate("곽도윤") and candidate("pangilinan")
    assert not candidate("pneumothorax") and not candidate("the")
