"""The held-out items of ``eval text`` (``megacxr.eval.heldout_rewrites``, ``megacxr.eval.text_heldout``): the
rule families share no rule, phrase or output with supcon's training variants, they keep the facts, and they
are generated from a shard split."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from megacxr.data.variants import NEGATIVE_RULES, RULES, TEXT_RULES, apply_rule
from megacxr.eval.heldout_rewrites import HEDGES, HELDOUT_KINDS, LAY_TERMS, rewrite
from megacxr.eval.text_eval import error_items, held_out_reports
from megacxr.eval.text_heldout import error_pairs, heldout_queries, near_misses
from megacxr.reports.abbreviations import ABBREVIATIONS
from megacxr.reports.negation import ERROR_KINDS

REPORT = (
    "There is a small left-sided pleural effusion. Moderate enlargement of the cardiac silhouette is present. "
    "No pneumothorax is seen. A 12 mm right upper lobe nodule, likely granuloma. Endotracheal tube 4.5 cm above "
    "the carina."
)


def test_the_held_out_families_share_no_rule_or_phrase_with_the_training_variants():
    assert not set(HELDOUT_KINDS) & set(RULES + TEXT_RULES + NEGATIVE_RULES)
    forms = {a.short.lower() for a in ABBREVIATIONS} | {a.long.lower() for a in ABBREVIATIONS}
    targets = {t.lower() for t in (*LAY_TERMS.values(), *HEDGES.values())}
    assert not targets & forms  # what the held-out rules write is nothing the abbreviation rules write
    # the training data path never imports them (eval is above data and train in the layering)
    code = (
        "import sys, megacxr.data.pipeline, megacxr.data.variants, megacxr.data.batches\n"
        "assert not [m for m in sys.modules if m.startswith('megacxr.eval')], 'eval imported by the data path'\n"
        "import megacxr.train.loop, megacxr.train.stages\n"
        "held = ('megacxr.eval.heldout_rewrites', 'megacxr.eval.text_heldout')\n"
        "assert not [m for m in held if m in sys.modules], 'held-out rewrites imported by training'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)


def test_no_training_rule_writes_a_held_out_rewrite(train_corpus):
    shards, _ = train_corpus
    reports, _ = held_out_reports([str(shards)], "train", limit=30)
    for i, r in enumerate(reports):
        training = {
            apply_rule(rule, r.text, r.parts, np.random.default_rng([s, i])) for rule in RULES for s in range(8)
        }
        held = {rewrite(kind, r.text) for kind in HELDOUT_KINDS} - {r.text}
        assert not training & held, r.key


def _facts(text: str) -> list[str]:
    """The words a fact hangs on: negation, side, severity and numbers (units aside)."""
    return re.findall(
        r"\b(no|not|without|left|right|mild|moderate|severe|small|large|bilateral|two-sided)\b", text.lower()
    )


@pytest.mark.parametrize("kind", HELDOUT_KINDS)
def test_each_held_out_rewrite_changes_words_and_keeps_the_facts(kind):
    new = rewrite(kind, REPORT)
    assert new != REPORT
    assert sorted(_facts(new)) == sorted(_facts(REPORT).copy())
    assert rewrite(kind, "") == ""
    if kind == "units":
        assert "1.2 cm" in new and "45 millimeters" in new
    if kind == "clause_order":  # every statement kept, in another order with a connective
        for sentence in ("no pneumothorax is seen", "moderate enlargement of the cardiac silhouette is present"):
            assert sentence in new.lower()
        assert new.lower().index("moderate") < new.lower().index("small left-sided")
    if kind == "lay_terms":
        assert "pleural fluid collection" in new and "pneumothorax" not in new.lower()
    if kind == "hedging":
        assert "probably" in new and "likely" not in new
    with pytest.raises(ValueError, match="unknown held-out rewrite"):
        rewrite("shuffle", REPORT)


def test_held_out_items_come_from_a_shard_split(train_corpus):
    shards, _ = train_corpus
    reports, _ = held_out_reports([str(shards)], "train", limit=None)
    queries = heldout_queries(reports)
    assert set(queries) == set(HELDOUT_KINDS)
    assert len(queries["lay_terms"][0]) >= 0.8 * len(reports)  # nearly every report has a term to rewrite
    for texts, index, unchanged in queries.values():
        assert len(texts) + unchanged == len(reports) and all(
            t != reports[i].text for t, i in zip(texts, index, strict=True)
        )
    distractors, owners = near_misses(reports)
    assert len(distractors) > len(reports) and set(owners) <= set(range(len(reports)))
    assert all(d != rewrite("lay_terms", reports[o].text) for d, o in zip(distractors, owners, strict=True))
    pairs = error_pairs(reports)
    four, _ = error_items(reports)
    for kind in ERROR_KINDS:  # every rewrite is an item: more items per kind than the one-per-report test
        assert sum(p.kind == kind for p in pairs) >= sum(i.kind == kind for i in four)
    assert len(pairs) > 2 * sum(i.kind == "all" for i in four)
    assert all(len(p.candidates) == 2 and p.answer == 0 for p in pairs)
