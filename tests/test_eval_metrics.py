"""Retrieval metrics, zero-shot AUROC and the evaluation output (megacxr.eval)."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
import torch

from megacxr.eval import (
    auroc,
    format_table,
    label_prompts,
    merge_reports,
    recall_chance,
    retrieval_metrics,
    retrieval_ranks,
    to_jsonable,
    topk_reports,
    write_json,
    write_topk_jsonl,
    zero_shot_auroc,
    zero_shot_scores,
)
from megacxr.reports.labels import CHEXPERT_LABELS

# --------------------------------------------------------------------------------------- hand-computed cases

# dot-product scores (normalize=False), rows = images, columns = reports:
#   img0 [2, 1]    -> r0 2,  r1 1,   r2 -2    true r0: rank 1
#   img1 [1, 3]    -> r0 1,  r1 3,   r2 -1    true r1: rank 1
#   img2 [1, .5]   -> r0 1,  r1 .5,  r2 -1    true r2: rank 3
#   img3 [.2, 1]   -> r0 .2, r1 1,   r2 -.2   true r0: rank 2
# report-to-image: r0 (images 0 and 3) best 2 -> 1; r1 -> 1; r2 best -1 (img2) with img1 tied at -1 and img3
# above at -.2 -> pessimistic 3, optimistic 2
TEXT = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
IMAGES = torch.tensor([[2.0, 1.0], [1.0, 3.0], [1.0, 0.5], [0.2, 1.0]])
I2T = torch.tensor([0, 1, 2, 0])


def test_hand_computed_ranks_both_directions_and_tie_modes():
    pess = retrieval_ranks(IMAGES, TEXT, I2T, normalize=False)
    assert pess.i2t.tolist() == [1, 1, 3, 2]
    assert pess.t2i.tolist() == [1, 1, 3]
    assert pess.t2i_correct.tolist() == [2, 1, 1]
    opt = retrieval_ranks(IMAGES, TEXT, I2T, normalize=False, ties="optimistic")
    assert opt.i2t.tolist() == [1, 1, 3, 2]
    assert opt.t2i.tolist() == [1, 1, 2]

    m = retrieval_metrics(IMAGES, TEXT, I2T, normalize=False, ks=(1, 2, 5))
    assert m["i2t"]["R@1"] == 0.5 and m["i2t"]["R@2"] == 0.75 and m["i2t"]["R@5"] == 1.0
    assert m["i2t"]["mean_rank"] == 1.75 and m["i2t"]["median_rank"] == 1.5  # mean of the middle two
    assert m["i2t"]["queries"] == 4 and m["i2t"]["candidates"] == 3
    assert m["t2i"]["R@1"] == pytest.approx(2 / 3) and m["t2i"]["median_rank"] == 1.0
    assert m["t2i"]["mean_rank"] == pytest.approx(5 / 3)
    assert m["t2i"]["queries"] == 3 and m["t2i"]["candidates"] == 4
    assert m["i2t"]["chance"]["R@1"] == pytest.approx(1 / 3)
    # t2i chance: r0 has 2 correct images of 4 -> R@1 1/2, the others 1/4
    assert m["t2i"]["chance"]["R@1"] == pytest.approx((0.5 + 0.25 + 0.25) / 3)
    assert m["merged"] is None and m["ties"] == "pessimistic"


def test_cosine_is_the_default_score():
    # img2 [1, .5] normalised: cos with r0 .894, r1 .447, r2 -.894 -> same order as the dot product here;
    # scale img3 by 100: the dot-product ranks do not change, and neither do the cosine ones
    scaled = IMAGES.clone()
    scaled[3] *= 100
    assert retrieval_ranks(scaled, TEXT * 7, I2T).i2t.tolist() == [1, 1, 3, 2]
    # a report with a huge norm dominates dot products but not cosines
    text = TEXT.clone()
    text[1] *= 50
    assert retrieval_ranks(IMAGES, text, I2T, normalize=False).i2t.tolist() == [2, 1, 3, 2]
    assert retrieval_ranks(IMAGES, text, I2T).i2t.tolist() == [1, 1, 3, 2]


def test_several_images_per_study_report_rank_is_the_first_correct_image():
    text = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    # study 0 has three images, study 1 two. r0 scores the images .1 .9 .5 | .95 0: its best own image (.9) is
    # beaten by study 1's image 3 (.95) -> rank 2; its other own images never count against it.
    # r1 scores .9 .1 .5 | .3 1.0 -> its image 4 is first -> rank 1.
    images = torch.tensor([[0.1, 0.9], [0.9, 0.1], [0.5, 0.5], [0.95, 0.3], [0.0, 1.0]])
    i2t = torch.tensor([0, 0, 0, 1, 1])
    r = retrieval_ranks(images, text, i2t, normalize=False)
    assert r.t2i.tolist() == [2, 1]
    assert r.t2i_correct.tolist() == [3, 2]
    # image to report: img2 [.5, .5] ties r0 and r1, counted against it only in pessimistic mode
    assert r.i2t.tolist() == [2, 1, 2, 2, 1]
    assert retrieval_ranks(images, text, i2t, normalize=False, ties="optimistic").i2t.tolist() == [2, 1, 1, 2, 1]
    m = retrieval_metrics(images, text, i2t, normalize=False, ks=(1,))
    assert m["i2t"]["R@1"] == 0.4 and m["t2i"]["R@1"] == 0.5 and m["t2i"]["queries"] == 2


def test_tied_own_images_do_not_push_each_other_down():
    text = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    images = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # study 0: two identical images
    r = retrieval_ranks(images, text, torch.tensor([0, 0, 1]))
    assert r.t2i.tolist() == [1, 1]
    assert r.i2t.tolist() == [1, 1, 1]


def test_merging_identical_reports_changes_the_result():
    reports = ["No acute process.", "Right pleural effusion.", "No acute process."]
    # identical strings embed identically up to float noise (here 1e-8), below tie_tol
    text = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1e-8]])
    images = torch.tensor([[1.0, 0.1], [0.0, 1.0], [1.0, 0.2]])
    i2t = torch.tensor([0, 1, 2])
    plain = retrieval_metrics(images, text, i2t, ks=(1,))
    assert plain["i2t"]["R@1"] == pytest.approx(1 / 3)  # images 0 and 2 tie with the other copy: rank 2
    assert retrieval_ranks(images, text, i2t).i2t.tolist() == [2, 1, 2]
    merged = retrieval_metrics(images, text, i2t, ks=(1,), merge_identical=reports)
    assert merged["i2t"]["R@1"] == 1.0 and merged["i2t"]["candidates"] == 2
    assert merged["t2i"]["queries"] == 2 and merged["t2i"]["R@1"] == 1.0
    assert merged["merged"] is True and merged["unique_reports"] == 2 and merged["reports"] == 3
    r = retrieval_ranks(images, text, i2t, merge_identical=reports)
    assert r.t2i_correct.tolist() == [2, 1] and r.t2i_query_index.tolist() == [0, 1]
    # distinct strings: merging is a no-op
    same = retrieval_metrics(images, text, i2t, ks=(1,), merge_identical=["a", "b", "c"])
    assert same["merged"] is False
    assert {k: v for k, v in same.items() if k != "merged"} == {k: v for k, v in plain.items() if k != "merged"}


def test_merge_reports_groups_in_order_of_first_appearance():
    group, first = merge_reports(["b", "a", "b", "c", "a"])
    assert group.tolist() == [0, 1, 0, 2, 1] and first.tolist() == [0, 1, 3]


def test_reports_without_images_are_candidates_not_queries():
    text = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.7, 0.7]])
    images = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    m = retrieval_metrics(images, text, torch.tensor([0, 1]), ks=(1,))
    assert m["reports_without_images"] == 1
    assert m["i2t"]["candidates"] == 3 and m["t2i"]["queries"] == 2


# ---------------------------------------------------------------------------------------- collapse, perfect


def test_collapsed_embeddings_get_the_worst_rank_when_pessimistic():
    n, m = 12, 4
    images, text = torch.ones(n, 8), torch.ones(m, 8)
    i2t = torch.arange(n) % m
    pess = retrieval_metrics(images, text, i2t, ks=(1,))
    assert pess["i2t"]["R@1"] == 0.0 and pess["i2t"]["mean_rank"] == m
    assert pess["t2i"]["mean_rank"] == n - 3 + 1  # 3 own images, all 9 others tie ahead
    opt = retrieval_metrics(images, text, i2t, ks=(1,), ties="optimistic")
    assert opt["i2t"]["R@1"] == 1.0 and opt["t2i"]["R@1"] == 1.0


def test_perfect_embeddings_give_recall_one():
    g = torch.Generator().manual_seed(1)
    q, _ = torch.linalg.qr(torch.randn(64, 64, generator=g))
    text = q[:50]
    i2t = torch.arange(100) // 2
    images = text[i2t] + 0.01 * torch.randn(100, 64, generator=g)
    m = retrieval_metrics(images, text, i2t)
    for d in ("i2t", "t2i"):
        assert m[d]["R@1"] == 1.0 and m[d]["mean_rank"] == 1.0 and m[d]["median_rank"] == 1.0


# ------------------------------------------------------------------------------------------ random sanity


def test_random_embeddings_recall_is_at_chance():
    g = torch.Generator().manual_seed(2)
    n = m = 1000
    images, text = torch.randn(n, 64, generator=g), torch.randn(m, 64, generator=g)
    res = retrieval_metrics(images, text, torch.arange(n), ks=(1, 5, 10, 50))
    for d in ("i2t", "t2i"):
        for k in (1, 5, 10, 50):
            p = k / m
            assert res[d]["chance"][f"R@{k}"] == pytest.approx(p, rel=1e-12)
            assert abs(res[d][f"R@{k}"] - p) < 5 * math.sqrt(p * (1 - p) / n) + 1e-9
        sd = m / math.sqrt(12 * n)
        assert abs(res[d]["mean_rank"] - (m + 1) / 2) < 5 * sd
        assert res[d]["chance_mean_rank"] == pytest.approx((m + 1) / 2)


def test_random_embeddings_with_several_images_per_study_match_the_exact_chance():
    g = torch.Generator().manual_seed(3)
    studies, per = 1000, 4
    n = studies * per
    images, text = torch.randn(n, 32, generator=g), torch.randn(studies, 32, generator=g)
    res = retrieval_metrics(images, text, torch.arange(n) // per, ks=(1, 10, 100))
    t2i = res["t2i"]
    chance = 1 - math.prod((n - per - i) / (n - i) for i in range(100))
    assert t2i["chance"]["R@100"] == pytest.approx(chance)
    assert abs(t2i["R@100"] - chance) < 5 * math.sqrt(chance * (1 - chance) / studies)
    assert abs(t2i["R@100"] - 100 / n) > 0.05  # k / candidates would be wrong here
    assert t2i["chance_mean_rank"] == pytest.approx((n + 1) / (per + 1))
    assert abs(t2i["mean_rank"] - (n + 1) / (per + 1)) < 5 * (n / (per + 1)) / math.sqrt(studies)


def test_recall_chance_against_enumeration():
    for c, m, k in [(6, 2, 1), (6, 2, 3), (7, 3, 2), (5, 1, 2), (4, 2, 3), (4, 4, 1)]:
        hits = sum(bool(set(top) & set(range(m))) for top in itertools.combinations(range(c), k))
        assert recall_chance(k, c, m) == pytest.approx(hits / math.comb(c, k))


# ------------------------------------------------------------------------------------------ chunking, brute


def _brute_ranks(images, text, i2t, ties):
    """Python-loop reference: 1 + wrong candidates ahead of the best correct one."""
    s = (images @ text.T).tolist()
    i2t = i2t.tolist()

    def rank(scores, correct):
        best = max(scores[j] for j in correct)
        ahead = [
            j
            for j in range(len(scores))
            if j not in correct and (scores[j] >= best if ties == "pessimistic" else scores[j] > best)
        ]
        return 1 + len(ahead)

    r_i2t = [rank(s[i], {i2t[i]}) for i in range(len(i2t))]
    cols = [[s[i][t] for i in range(len(i2t))] for t in range(text.shape[0])]
    r_t2i = [rank(cols[t], {i for i in range(len(i2t)) if i2t[i] == t}) for t in range(text.shape[0]) if t in i2t]
    return r_i2t, r_t2i


@pytest.mark.parametrize("ties", ["pessimistic", "optimistic"])
def test_ranks_match_brute_force_with_many_ties(ties):
    g = torch.Generator().manual_seed(4)
    # small integer embeddings give exactly representable, often equal dot products
    images = torch.randint(-2, 3, (60, 3), generator=g).float()
    text = torch.randint(-2, 3, (25, 3), generator=g).float()
    i2t = torch.randint(0, 25, (60,), generator=g)
    r = retrieval_ranks(images, text, i2t, normalize=False, ties=ties, tie_tol=0.0)
    b_i2t, b_t2i = _brute_ranks(images, text, i2t, ties)
    assert r.i2t.tolist() == b_i2t and r.t2i.tolist() == b_t2i


def test_chunked_equals_unchunked():
    g = torch.Generator().manual_seed(5)
    images, text = torch.randn(103, 16, generator=g), torch.randn(37, 16, generator=g)
    i2t = torch.randint(0, 37, (103,), generator=g)
    reports = [f"report {i % 30}" for i in range(37)]
    for merge in (None, reports):
        full = retrieval_ranks(images, text, i2t, merge_identical=merge, chunk=4096)
        for chunk in (1, 7, 50):
            part = retrieval_ranks(images, text, i2t, merge_identical=merge, chunk=chunk)
            assert torch.equal(full.i2t, part.i2t) and torch.equal(full.t2i, part.t2i)
        assert retrieval_metrics(images, text, i2t, merge_identical=merge, chunk=5) == retrieval_metrics(
            images, text, i2t, merge_identical=merge
        )
        i_full, s_full = topk_reports(images, text, 6, merge_identical=merge)
        i_part, s_part = topk_reports(images, text, 6, merge_identical=merge, chunk=4)
        assert torch.equal(i_full, i_part) and torch.allclose(s_full, s_part)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="NaN"):
        retrieval_metrics(torch.tensor([[float("nan"), 1.0]]), TEXT, torch.tensor([0]))
    with pytest.raises(ValueError, match="outside"):
        retrieval_metrics(IMAGES, TEXT, torch.tensor([0, 1, 2, 3]))
    with pytest.raises(ValueError, match="integer"):
        retrieval_metrics(IMAGES, TEXT, I2T.float())
    with pytest.raises(ValueError, match="shape"):
        retrieval_metrics(IMAGES, TEXT, I2T[:3])
    with pytest.raises(ValueError, match="width"):
        retrieval_metrics(IMAGES, torch.ones(3, 5), I2T)
    with pytest.raises(ValueError, match="merge_identical"):
        retrieval_metrics(IMAGES, TEXT, I2T, merge_identical=["a", "b"])
    with pytest.raises(ValueError, match="ties"):
        retrieval_metrics(IMAGES, TEXT, I2T, ties="average")
    with pytest.raises(ValueError, match="ks"):
        retrieval_metrics(IMAGES, TEXT, I2T, ks=(0, 5))


# ---------------------------------------------------------------------------------------------------- top-k


def test_topk_reports_matches_a_full_sort_and_merges_duplicates():
    g = torch.Generator().manual_seed(6)
    images, text = torch.randn(9, 8, generator=g), torch.randn(7, 8, generator=g)
    idx, val = topk_reports(images, text, 3)
    cos = torch.nn.functional.normalize(images, dim=1) @ torch.nn.functional.normalize(text, dim=1).T
    assert idx.shape == (9, 3)
    assert torch.equal(idx, torch.argsort(cos, dim=1, descending=True)[:, :3])
    assert torch.allclose(val, cos.gather(1, idx))
    assert topk_reports(images, text, 50)[0].shape == (9, 7)  # k is capped at the candidates
    # ties keep the lower index first
    tied_idx, _ = topk_reports(torch.tensor([[1.0, 0.0]]), torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]), 3)
    assert tied_idx.tolist() == [[1, 2, 0]]
    text2 = torch.cat([text, text[2:3]])  # report 7 is a copy of report 2
    reports = [f"r{i}" for i in range(7)] + ["r2"]
    m_idx, _ = topk_reports(images, text2, 7, merge_identical=reports)
    assert m_idx.shape == (9, 7) and 7 not in m_idx.tolist()[0]
    assert all(len(set(row)) == 7 for row in m_idx.tolist())
    assert torch.equal(m_idx, topk_reports(images, text, 7)[0])
    # a merged candidate's embedding is the mean of its copies'
    d_idx, d_val = topk_reports(
        torch.tensor([[1.0, 0.0]]),
        torch.tensor([[1.0, 0.0], [0.0, 1.0], [3.0, 0.0]]),
        2,
        merge_identical=["x", "y", "x"],
        normalize=False,
    )
    assert d_idx.tolist() == [[0, 1]] and d_val.tolist() == [[2.0, 0.0]]


def test_write_topk_jsonl(tmp_path):
    candidates = ["No acute process.", "Small left effusion.", "Cardiomegaly."]
    truth = ["Small left effusion.", "Cardiomegaly."]
    idx = torch.tensor([[1, 0], [0, 2]])
    val = torch.tensor([[0.9, 0.5], [0.7, 0.6]])
    path = tmp_path / "out" / "topk.jsonl"
    assert (
        write_topk_jsonl(
            path, ["mimic-cxr-000001", "mimic-cxr-000002"], truth, candidates, idx, val, true_ranks=torch.tensor([1, 2])
        )
        == 2
    )
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["key"] for r in rows] == ["mimic-cxr-000001", "mimic-cxr-000002"]
    assert rows[0]["ground_truth"] == "Small left effusion."
    assert rows[0]["retrieved"][0] == {
        "rank": 1,
        "index": 1,
        "score": pytest.approx(0.9),
        "report": "Small left effusion.",
        "exact_match": True,
    }
    assert [e["rank"] for e in rows[1]["retrieved"]] == [1, 2]
    assert [e["report"] for e in rows[1]["retrieved"]] == ["No acute process.", "Cardiomegaly."]
    assert [e["exact_match"] for e in rows[1]["retrieved"]] == [False, True]
    assert [r["true_rank"] for r in rows] == [1, 2]
    assert set(rows[0]) == {"key", "ground_truth", "retrieved", "true_rank"}
    assert [p.name for p in path.parent.iterdir()] == ["topk.jsonl"]  # no temporary file left behind
    with pytest.raises(ValueError, match="outside"):
        write_topk_jsonl(path, ["a", "b"], truth, candidates, idx + 2, val)


# ---------------------------------------------------------------------------------------------------- AUROC


def _brute_auroc(scores, labels):
    pos = [s for s, y in zip(scores, labels, strict=False) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=False) if y == 0]
    if not pos or not neg:
        return None
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def test_auroc_matches_brute_force_pair_count_with_ties_and_exclusions():
    rng = np.random.default_rng(7)
    for _ in range(60):
        n = int(rng.integers(2, 40))
        scores = rng.integers(0, 6, n).astype(float)  # many ties
        labels = rng.choice([1.0, 0.0, -1.0, np.nan], size=n, p=[0.35, 0.35, 0.15, 0.15])
        got, want = auroc(scores, labels), _brute_auroc(scores.tolist(), labels.tolist())
        assert (got is None) == (want is None)
        if want is not None:
            assert got == pytest.approx(want, abs=1e-12)


def test_auroc_edge_cases():
    assert auroc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1]) == 1.0
    assert auroc([0.4, 0.3, 0.2, 0.1], [0, 0, 1, 1]) == 0.0
    assert auroc([0.5] * 4, [0, 1, 0, 1]) == 0.5
    assert auroc([0.1, 0.2], [1, 1]) is None
    assert auroc([0.1, 0.2, 0.3], [1, -1, float("nan")]) is None
    # excluded samples do not matter, whatever their scores
    base = auroc([0.1, 0.9, 0.4, 0.5], [0, 1, -1, float("nan")])
    assert base == auroc([0.1, 0.9, 100.0, -100.0], [0, 1, -1, float("nan")]) == 1.0
    with pytest.raises(ValueError, match="1, 0, -1 or NaN"):
        auroc([0.1, 0.2], [1, 2])


def _zero_shot_setup(n=200, labels=4, seed=8):
    g = torch.Generator().manual_seed(seed)
    eye = torch.eye(2 * labels)
    pos, neg = eye[0::2], eye[1::2]
    y = torch.randint(0, 2, (n, labels), generator=g).float()
    img = y @ pos + (1 - y) @ neg + 0.8 * torch.randn(n, 2 * labels, generator=g)
    return img, pos, neg, y


def test_zero_shot_auroc_per_label_macro_and_exclusions():
    img, pos, neg, y = _zero_shot_setup()
    y[:30, 0] = -1
    y[30:50, 0] = float("nan")
    y[:, 3] = 1  # no negatives: not scored
    names = ["Cardiomegaly", "Edema", "Pleural Effusion", "Support Devices"]
    res = zero_shot_auroc(img, pos, neg, y, names)
    scores = zero_shot_scores(img, pos, neg)
    cos = torch.nn.functional.normalize(img, dim=1)
    assert torch.allclose(scores, (cos @ pos.T - cos @ neg.T).double())
    for j, name in enumerate(names[:3]):
        assert res["auroc"][name] == pytest.approx(_brute_auroc(scores[:, j].tolist(), y[:, j].tolist()))
        assert res["auroc"][name] > 0.8  # the signal is there
    assert res["auroc"]["Support Devices"] is None
    assert res["labels_scored"] == 3
    assert res["macro_auroc"] == pytest.approx(sum(res["auroc"][n] for n in names[:3]) / 3)
    assert res["counts"]["Cardiomegaly"]["excluded"] == 50
    assert res["counts"]["Cardiomegaly"]["positive"] + res["counts"]["Cardiomegaly"]["negative"] == 150
    # softmax over the pair at a temperature is monotone in the difference: same AUROC
    soft = zero_shot_auroc(img, pos, neg, y, names, temperature=0.5)
    assert soft["score"] == "softmax" and soft["auroc"] == pytest.approx(res["auroc"])
    with pytest.raises(ValueError, match="names"):
        zero_shot_auroc(img, pos, neg, y, names[:3])
    with pytest.raises(ValueError, match="shape"):
        zero_shot_auroc(img, pos, neg, y[:, :3], names)


def test_zero_shot_without_any_scorable_label():
    img, pos, neg, y = _zero_shot_setup(n=10, labels=2)
    res = zero_shot_auroc(img, pos, neg, torch.full_like(y, float("nan")), ["A", "B"])
    assert res["macro_auroc"] is None and res["auroc"] == {"A": None, "B": None}


def test_label_prompts():
    pos, neg = label_prompts()
    assert len(pos) == len(neg) == len(CHEXPERT_LABELS) == 14
    assert len(set(pos)) == 14 and len(set(neg)) == 14 and not set(pos) & set(neg)
    i = CHEXPERT_LABELS.index("Pleural Effusion")
    assert (pos[i], neg[i]) == ("Findings consistent with pleural effusion.", "No pleural effusion.")
    nf, sd = CHEXPERT_LABELS.index("No Finding"), CHEXPERT_LABELS.index("Support Devices")
    assert "no finding" not in pos[nf].lower() and "no no" not in neg[nf].lower()
    assert "device" in pos[sd].lower() and neg[sd].startswith("No ")
    assert label_prompts(["Hiatal Hernia"]) == (["Findings consistent with hiatal hernia."], ["No hiatal hernia."])


# ---------------------------------------------------------------------------------------------------- output


def test_format_table():
    m = retrieval_metrics(IMAGES, TEXT, I2T, normalize=False)
    assert format_table(m).splitlines() == [
        "retrieval, study level: 4 images, 3 reports; ties pessimistic",
        "            queries   cands     R@1     R@5    R@10  mean rank  median rank",
        "i2t               4       3   0.500   1.000   1.000       1.75          1.5",
        "t2i               3       4   0.667   1.000   1.000       1.67          1.0",
        "chance i2t                    0.333   1.000   1.000       2.00            -",
        "chance t2i                    0.333   1.000   1.000       2.22            -",
        "95% interval i2t: R@1 [0.000, 1.000], R@5 [1.000, 1.000], R@10 [1.000, 1.000]",
        "95% interval t2i: R@1 [0.000, 1.000], R@5 [1.000, 1.000], R@10 [1.000, 1.000]",
    ]
    img, pos, neg, y = _zero_shot_setup(n=40, labels=2)
    y[:, 1] = 0
    m["zero_shot"] = zero_shot_auroc(img, pos, neg, y, ["Edema", "Fracture"])
    lines = format_table(m).splitlines()
    assert lines[8] == "" and lines[9] == "zero-shot AUROC (difference score)"
    assert lines[12].split() == ["Fracture", "-", "0", "40", "0"]
    assert lines[13].startswith("macro (1 labels)")
    merged = retrieval_metrics(IMAGES, TEXT, I2T, merge_identical=["a", "b", "a"])
    assert "(2 after merging identical ones)" in format_table(merged).splitlines()[0]


def test_write_json_is_strict_and_round_trips(tmp_path):
    m = retrieval_metrics(IMAGES, TEXT, I2T, normalize=False)
    m["extra"] = {"tensor": torch.tensor(2.5), "array": np.arange(3), "nan": float("nan"), "tuple": (1, 2)}
    path = write_json(tmp_path / "metrics.json", m)
    back = json.loads(path.read_text())
    assert back["i2t"]["R@1"] == 0.5 and back["t2i"]["queries"] == 3
    assert back["extra"] == {"tensor": 2.5, "array": [0, 1, 2], "nan": None, "tuple": [1, 2]}
    assert to_jsonable({1: float("inf")}) == {"1": None}
