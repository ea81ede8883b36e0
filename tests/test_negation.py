"""Finding detection, one-finding splitting, comparison stripping, negated reports and one-error negatives
(megacxr.reports.negation) on MIMIC-style sentences with hand-written expected outputs, and against the labels the
synthetic report generator attaches to every sentence it writes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from megacxr.reports.abbreviations import contract_abbreviations, expand_abbreviations
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.reports.negation import (
    ABSENT,
    ERROR_KINDS,
    POSITIONS,
    PRESENT,
    TARGET_LABELS,
    UNCERTAIN,
    absent_statement,
    find_mentions,
    is_comparison,
    negate_report,
    negation_targets,
    one_error_candidates,
    one_error_negatives,
    present_statement,
    report_status,
    sentence_status,
    split_findings,
    statements,
    strip_comparison,
)
from megacxr.synth.content import compose, sample_cohort
from megacxr.synth.hospital_csv import abbreviate

P, A, U = PRESENT, ABSENT, UNCERTAIN

SENTENCES = [
    ("Small left pleural effusion.", {"Pleural Effusion": P}),
    ("No pneumothorax.", {"Pneumothorax": A}),
    ("There is no focal airspace consolidation.", {"Consolidation": A}),
    ("Possible consolidation in the right lower lobe.", {"Consolidation": U}),
    ("Stable cardiomegaly compared to prior", {"Cardiomegaly": P}),
    (
        "No focal consolidation, pleural effusion or pneumothorax.",
        {"Consolidation": A, "Pleural Effusion": A, "Pneumothorax": A},
    ),
    (
        "The lungs are clear without focal consolidation, pleural effusion or pneumothorax.",
        {"Consolidation": A, "Pleural Effusion": A, "Pneumothorax": A},
    ),
    ("Right lower lobe opacity consistent with pneumonia.", {"Lung Opacity": P, "Pneumonia": P}),
    ("Dense right middle lobe consolidation concerning for pneumonia.", {"Consolidation": P, "Pneumonia": U}),
    ("Opacity may represent atelectasis or pneumonia.", {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U}),
    ("Minimal left basilar atelectasis cannot be excluded.", {"Atelectasis": U}),
    ("Pleural effusion and pneumothorax are not seen.", {"Pleural Effusion": A, "Pneumothorax": A}),
    ("Small left effusion, pneumothorax is not seen.", {"Pleural Effusion": P, "Pneumothorax": A}),
    ("No change in the small left effusion.", {"Pleural Effusion": P}),  # pseudo-negation
    ("The left effusion has resolved.", {"Pleural Effusion": A}),
    ("Interval resolution of the previously seen left effusion.", {"Pleural Effusion": A}),
    ("Heart size is normal.", {"Cardiomegaly": A}),
    ("The heart is not enlarged.", {"Cardiomegaly": A}),
    ("Heart size is mildly enlarged.", {"Cardiomegaly": P}),
    ("The cardiomediastinal silhouette is normal.", {"Enlarged Cardiomediastinum": A}),
    ("Small pericardial effusion.", {}),  # not a pleural effusion
    ("9 mm nodular opacity in the right lower lobe.", {"Lung Lesion": P}),  # not a lung opacity
    ("No acute cardiopulmonary process.", {"No Finding": P}),
    ("Endotracheal tube terminates 4 cm above the carina.", {"Support Devices": P}),
    ("No PTX. ", {"Pneumothorax": A}),
    ("No consol, eff or PTX.", {"Consolidation": A, "Pleural Effusion": A, "Pneumothorax": A}),
    ("Bibasilar opacities, likely atelectasis.", {"Lung Opacity": P, "Atelectasis": U}),
    ("Mild pulmonary vascular congestion.", {"Edema": P}),
    (
        "Left lower lobe opacity may reflect atelectasis, though infection cannot be excluded.",
        {"Lung Opacity": P, "Atelectasis": U, "Pneumonia": U},
    ),
    ("Healing fracture of the right lateral sixth rib.", {"Fracture": P}),
    ("Mild apical pleural thickening.", {"Pleural Other": P}),
    ("Widened mediastinum.", {"Enlarged Cardiomediastinum": P}),
]


@pytest.mark.parametrize("sentence, expected", SENTENCES)
def test_sentence_status(sentence, expected):
    assert sentence_status(sentence) == expected
    assert sentence_status(sentence.upper()) == expected  # CheXpert Plus writes ALL CAPS


def test_mentions_are_words_not_parts_of_words():
    assert sentence_status("The patient is masked; massive hemoptysis history; an effusive note; PAIN.") == {}
    assert [m.label for m in find_mentions("Known metastasis to the ribs.")] == ["Lung Lesion"]
    assert sentence_status("Pacemaker leads terminate in the right atrium and right ventricle.") == {
        "Support Devices": P
    }


def synthetic_sentences(n_studies: int, seed: int):
    rng = np.random.default_rng(seed)
    code = {1.0: P, 0.0: A, -1.0: U}
    for study in sample_cohort(rng, n_studies):
        rep = compose(study, ["PA", "LATERAL"], rng)
        for s in rep.findings + rep.impression:
            yield s.text, {k: code[v] for k, v in s.labels.items()}, rng


def test_detection_agrees_with_the_generator_labels():
    """Every sentence the synthetic generator writes carries the labels it states; the detector must find them
    (No Finding aside: the generator labels it per report), also in ALL CAPS, in a department's abbreviated style
    and in our expansion of it. The only tolerated disagreement: the generator leaves the hedged pneumonia of
    "Interval resolution of the previously seen consolidation concerning for pneumonia" unlabelled."""
    n, wrong = 0, []
    for text, want, rng in synthetic_sentences(250, seed=0):
        short = abbreviate(text, rng)
        for variant in (text, text.upper(), short, expand_abbreviations(short), contract_abbreviations(text)):
            got = {k: v for k, v in sentence_status(variant).items() if k != "No Finding"}
            n += 1
            if got != want:
                wrong.append(variant)
    assert n > 5000
    assert all(re.match(r"interval resolution of .*concerning for (pneumonia|PNA)", w, re.I) for w in wrong), wrong[:5]
    assert len(wrong) < 0.005 * n


def test_report_status_aggregates_present_over_uncertain_over_absent():
    text = "No left pleural effusion. Possible small right pleural effusion. Small right pleural effusion."
    assert report_status(text) == {"Pleural Effusion": P}
    assert report_status("No pneumothorax. Cannot exclude a small pneumothorax.") == {"Pneumothorax": U}


SPLITS = [
    (
        "No focal consolidation, pleural effusion or pneumothorax.",
        ["No focal consolidation.", "No pleural effusion.", "No pneumothorax."],
    ),
    (
        "The lungs are clear without focal consolidation, pleural effusion or pneumothorax.",
        ["The lungs are clear without focal consolidation.", "No pleural effusion.", "No pneumothorax."],
    ),
    (
        "Mild pulmonary edema with small bilateral pleural effusions.",
        ["Mild pulmonary edema.", "Small bilateral pleural effusions."],
    ),
    ("Opacity may represent atelectasis or pneumonia.", ["Opacity may represent atelectasis.", "Possible pneumonia."]),
    (
        "Heart size is normal and there is no pleural effusion.",
        ["Heart size is normal.", "There is no pleural effusion."],
    ),
    (
        "Left lower lobe opacity may reflect atelectasis, though infection cannot be excluded.",
        ["Left lower lobe opacity may reflect atelectasis.", "Infection cannot be excluded."],
    ),
    ("Pleural effusion and pneumothorax are not seen.", ["No pleural effusion.", "Pneumothorax are not seen."]),
    ("No consol, eff or PTX.", ["No consol.", "No eff.", "No PTX."]),
    # cannot be separated without changing the meaning, or one finding only: unchanged
    ("Right lower lobe opacity consistent with pneumonia.", ["Right lower lobe opacity consistent with pneumonia."]),
    ("There is no pulmonary vascular congestion or edema.", ["There is no pulmonary vascular congestion or edema."]),
    ("Endotracheal tube with tip 4 cm above the carina.", ["Endotracheal tube with tip 4 cm above the carina."]),
]


@pytest.mark.parametrize("sentence, expected", SPLITS)
def test_split_into_one_finding_sentences(sentence, expected):
    parts = split_findings(sentence)
    assert parts == expected
    if len(parts) > 1:  # each part keeps its finding's status
        merged: dict = {}
        for p in parts:
            for k, v in sentence_status(p).items():
                merged.setdefault(k, v)
        assert merged == sentence_status(sentence)


COMPARISONS = [
    ("Stable cardiomegaly compared to prior", "Cardiomegaly."),
    ("Compared to prior study of ___, there is a small left effusion.", "There is a small left effusion."),
    (
        "As compared to the previous radiograph, interval development of a moderate left apical pneumothorax.",
        "Moderate left apical pneumothorax.",
    ),
    ("Small bilateral effusions are unchanged.", "Small bilateral effusions are present."),
    ("Moderate cardiomegaly, worsened compared to the prior study.", "Moderate cardiomegaly."),
    ("There are new large bilateral pleural effusions.", "There are large bilateral pleural effusions."),
    (
        "Interval placement of an endotracheal tube with tip 4 cm above the carina.",
        "Endotracheal tube with tip 4 cm above the carina.",
    ),
    ("Left effusion, unchanged from prior.", "Left effusion."),
    ("The lungs remain clear.", "The lungs are clear."),
    ("Interval resolution of the previously seen left effusion.", None),
    ("No new consolidation.", None),
    ("No change from prior.", None),
]


@pytest.mark.parametrize("sentence, expected", COMPARISONS)
def test_comparisons_with_priors_are_rewritten_or_dropped(sentence, expected):
    assert is_comparison(sentence)
    assert strip_comparison(sentence) == expected


def test_non_comparisons():
    for s in (
        "Small left pleural effusion.",
        "No pneumothorax.",
        "Heart size is normal.",
        "Endotracheal tube terminates 4 cm above the carina.",
        "Possible consolidation.",
    ):
        assert not is_comparison(s), s


# (report, target, position, template) -> (original, negated); None: no finding stated as present
NEGATIONS = [
    (
        ("Small left pleural effusion. No pneumothorax. Heart size is normal.", "Pleural Effusion", "first", 0),
        (
            "Small left pleural effusion. No pneumothorax. Heart size is normal.",
            "No pleural effusion. No pneumothorax. Heart size is normal.",
        ),
    ),
    (
        (
            "Stable cardiomegaly compared to prior. Small left pleural effusion. No pneumothorax.",
            "Cardiomegaly",
            "last",
            0,
        ),
        (
            "Cardiomegaly. Small left pleural effusion. No pneumothorax.",
            "Small left pleural effusion. No pneumothorax. No cardiomegaly.",
        ),
    ),
    (
        (
            "Mild pulmonary edema with small bilateral pleural effusions. Moderate cardiomegaly. No pneumothorax.",
            "Pleural Effusion",
            "middle",
            1,
        ),
        (
            "Mild pulmonary edema. Small bilateral pleural effusions. Moderate cardiomegaly. No pneumothorax.",
            "Mild pulmonary edema. No evidence of pleural effusion. Moderate cardiomegaly. No pneumothorax.",
        ),
    ),
    (
        (
            "As compared to the previous radiograph, interval development of a moderate left apical pneumothorax. "
            "There is "
            "no pleural effusion. Findings were discussed with Dr. ___ by telephone at ___ on ___.",
            "Pneumothorax",
            "last",
            2,
        ),
        (
            "Moderate left apical pneumothorax. There is no pleural effusion. Findings were discussed with Dr. ___ by "
            "telephone at ___ on ___.",
            "There is no pleural effusion. Findings were discussed with Dr. ___ by telephone at ___ on ___. There is "
            "no "
            "pneumothorax.",
        ),
    ),
    (
        (
            "Right lower lobe opacity consistent with pneumonia. No pleural effusion. Heart size is within normal "
            "limits.",
            "Pneumonia",
            "first",
            3,
        ),
        (
            "Right lower lobe opacity consistent with pneumonia. No pleural effusion. Heart size is within normal "
            "limits.",
            "No pneumonia is seen. No pleural effusion. Heart size is within normal limits.",
        ),
    ),
    (
        (
            "There is a 9 mm right basilar nodule. Questionable minimal left basilar atelectasis. No focal "
            "consolidation.",
            "Lung Lesion",
            "middle",
            0,
        ),
        (
            "There is a 9 mm right basilar nodule. Questionable minimal left basilar atelectasis. No focal "
            "consolidation.",
            "Questionable minimal left basilar atelectasis. No pulmonary nodule or mass. No focal consolidation.",
        ),
    ),
    (
        (
            "1. Small right-sided pleural effusion. 2. Interval resolution of the previously seen left lower lobe "
            "consolidation. 3. Healing fracture of the right lateral sixth rib.",
            "Fracture",
            "first",
            0,
        ),
        (
            "Small right-sided pleural effusion. Healing fracture of the right lateral sixth rib.",
            "No fracture. Small right-sided pleural effusion.",
        ),
    ),
    (
        (
            "Endotracheal tube terminates 4 cm above the carina. Nasogastric tube tip is in the stomach. No "
            "pneumothorax.",
            "Support Devices",
            "last",
            3,
        ),
        (
            "Endotracheal tube terminates 4 cm above the carina. Nasogastric tube tip is in the stomach. No "
            "pneumothorax.",
            "No pneumothorax. No support devices are seen.",
        ),
    ),
    (
        (
            "Compared to prior study of ___, there is increased moderate cardiomegaly with mild interstitial pulmonary "
            "edema. Bibasilar opacities, likely atelectasis. No pneumothorax.",
            "Edema",
            "first",
            0,
        ),
        (
            "There is moderate cardiomegaly. Mild interstitial pulmonary edema. Bibasilar opacities. Likely "
            "atelectasis. "
            "No pneumothorax.",
            "No pulmonary edema. There is moderate cardiomegaly. Bibasilar opacities. Likely atelectasis. No "
            "pneumothorax.",
        ),
    ),
    (
        (
            "Heart size is mildly enlarged. Small bilateral pleural effusions, left greater than right. No "
            "pneumothorax.",
            "Cardiomegaly",
            "middle",
            1,
        ),
        (
            "Heart size is mildly enlarged. Small bilateral pleural effusions, left greater than right. No "
            "pneumothorax.",
            "Small bilateral pleural effusions, left greater than right. No evidence of cardiomegaly. No pneumothorax.",
        ),
    ),
    (
        (
            "The lungs are clear without focal consolidation, pleural effusion or pneumothorax. The cardiomediastinal "
            "silhouette is normal. No acute cardiopulmonary process.",
            None,
            "first",
            0,
        ),
        None,
    ),
    (("Possible consolidation in the right lower lobe. No pleural effusion or pneumothorax.", None, "first", 0), None),
]


@pytest.mark.parametrize("args, expected", NEGATIONS)
def test_negated_reports(args, expected):
    text, target, position, template = args
    got = negate_report(text, np.random.default_rng(0), target=target, position=position, template=template)
    if expected is None:
        assert got is None
        return
    assert (got.original, got.negated) == expected
    assert got.target == target and got.position == position
    assert report_status(got.negated)[target] == ABSENT and report_status(got.original)[target] == PRESENT
    assert got.omitted == got.negated.replace(got.inserted, "").replace("  ", " ").strip()


def test_uncertain_findings_are_targets_only_when_asked():
    text = "Possible consolidation in the right lower lobe. No pleural effusion or pneumothorax."
    stmts, _ = statements(text)
    assert negation_targets(stmts) == [] and negation_targets(stmts, include_uncertain=True) == ["Consolidation"]
    got = negate_report(text, np.random.default_rng(0), include_uncertain=True, position="first", template=1)
    assert got.negated == "No evidence of focal consolidation. No pleural effusion. No pneumothorax."
    # a present target takes its hedged mentions with it: never "No X" next to "possible X"
    got = negate_report(
        "Small left effusion. Possible small right effusion. No pneumothorax.",
        np.random.default_rng(0),
        position="last",
        template=0,
    )
    assert got.negated == "No pneumothorax. No pleural effusion."
    assert negation_targets(statements("No pneumothorax.")[0]) == []  # a negative statement is no target


def test_every_absent_statement_reads_as_absent():
    for label in TARGET_LABELS:
        for template in range(4):
            assert sentence_status(absent_statement(label, template)) == {label: ABSENT}, (label, template)
        assert sentence_status(present_statement(label)) == {label: PRESENT}, label


def test_negation_draws_are_fixed_and_cover_targets_positions_and_phrasings():
    text = "Mild pulmonary edema with small bilateral pleural effusions. Moderate cardiomegaly. No pneumothorax."
    targets, positions, inserted = set(), set(), set()
    for seed in range(60):
        rng = np.random.default_rng(seed)
        got = negate_report(text, rng)
        targets.add(got.target)
        positions.add(got.position)
        inserted.add(got.inserted)
        ref = np.random.default_rng(seed)
        ref.random(3)
        assert rng.random() == ref.random()  # exactly three draws
        assert negate_report(text, np.random.default_rng(seed)) == got  # deterministic
    assert targets == {"Edema", "Pleural Effusion", "Cardiomegaly"} and positions == set(POSITIONS)
    assert len(inserted) >= 8
    rng = np.random.default_rng(1)
    assert negate_report("No acute cardiopulmonary process.", rng) is None
    ref = np.random.default_rng(1)
    ref.random(3)
    assert rng.random() == ref.random()  # same draws when there is none


def test_negation_on_synthetic_reports():
    """For every report and target: the target reads absent afterwards, exactly one statement was added, and
    every other finding keeps its status unless it shared a deleted statement with the target."""
    rng = np.random.default_rng(3)
    checked = 0
    for study in sample_cohort(rng, 120):
        rep = compose(study, ["PA"], rng)
        text = " ".join(s.text for s in rep.findings + rep.impression)
        stmts, _ = statements(text)
        for target in negation_targets(stmts):
            got = negate_report(text, rng, target=target)
            before, after = report_status(got.original), report_status(got.negated)
            assert after[target] == ABSENT
            assert len(statements(got.negated)[0]) == len(stmts) - len(got.removed) + 1
            co_removed = {m.label for s in got.removed for m in find_mentions(s)}
            for label, status in before.items():
                if label != target and label not in co_removed:
                    assert after.get(label) == status, (text, target, label)
            checked += 1
    assert checked > 150


# ------------------------------------------------------------------------------------------ one-error negatives

REPORT = (
    "Small left pleural effusion. Mild pulmonary edema with moderate cardiomegaly. No pneumothorax. "
    "Stable cardiomegaly compared to prior."
)


def test_one_error_candidates_of_a_report():
    got = {(e.kind, e.label, e.after) for e in one_error_candidates(REPORT)}
    assert got == {
        ("laterality", "Pleural Effusion", "Small right pleural effusion."),
        ("presence", "Pleural Effusion", "No pleural effusion."),
        ("presence", "Edema", "No pulmonary edema."),
        ("presence", "Cardiomegaly", "No cardiomegaly."),
        ("presence", "Pneumothorax", "There is a pneumothorax."),
        ("severity", "Pleural Effusion", "Large left pleural effusion."),
        ("severity", "Edema", "Severe pulmonary edema."),
        ("severity", "Cardiomegaly", "Mild cardiomegaly."),
        ("comparison", "Cardiomegaly", "New cardiomegaly compared to prior."),
    }
    texts = {e.kind + ":" + e.label: e.text for e in one_error_candidates(REPORT)}
    # presence: every statement of the finding goes, one absent statement takes the first one's place
    assert texts["presence:Cardiomegaly"] == (
        "Small left pleural effusion. Mild pulmonary edema. No cardiomegaly. No pneumothorax."
    )
    assert texts["presence:Pneumothorax"] == REPORT.replace("No pneumothorax.", "There is a pneumothorax.")
    assert texts["laterality:Pleural Effusion"] == REPORT.replace("left", "right")


def test_one_error_edits_agree_across_findings_and_impression():
    text = "Small left pleural effusion. Right lower lobe atelectasis. IMPRESSION: Small left effusion."
    lat = [e.text for e in one_error_candidates(text, ["laterality"]) if e.label == "Pleural Effusion"]
    assert lat == ["Small right pleural effusion. Right lower lobe atelectasis. IMPRESSION: Small right effusion."]
    sev = [e.text for e in one_error_candidates(text, ["severity"])]
    assert sev == ["Large left pleural effusion. Right lower lobe atelectasis. IMPRESSION: Large left effusion."]


def test_one_error_tricky_cases():
    # nothing stated and nothing negated: no error to make
    assert one_error_candidates("No acute cardiopulmonary process.") == []
    # a negated finding gets no side or severity swap (it would not change what the report asserts)
    assert one_error_candidates("No large left pleural effusion.", ["laterality", "severity"]) == []
    # right atrium / ventricle are anatomy, not the side of a finding
    edits = one_error_candidates(
        "Left-sided pacemaker with leads in the right atrium and right ventricle.", ["laterality"]
    )
    assert [e.after for e in edits] == ["Right-sided pacemaker with leads in the right atrium and right ventricle."]
    # there is no left middle lobe
    assert one_error_candidates("Right middle lobe pneumonia.", ["laterality"]) == []
    # abbreviations swap too, case kept
    assert [e.after for e in one_error_candidates("RLL consol. L-sided eff.", ["laterality"])] == [
        "LLL consol.",
        "R-sided eff.",
    ]
    # "small bowel" is not a severity
    assert (
        one_error_candidates("Dilated small bowel loops. Mild cardiomegaly.", ["severity"])[0].after
        == "Severe cardiomegaly."
    )
    # an absent finding also stated present elsewhere is not flipped to present (that would change nothing)
    assert all(
        e.label != "Pleural Effusion" or e.after == "No pleural effusion."
        for e in one_error_candidates("No right pleural effusion. Small left pleural effusion.", ["presence"])
    )
    with pytest.raises(ValueError, match="unknown error kind"):
        one_error_candidates(REPORT, ["spelling"])


def test_one_error_negatives_change_one_fact_on_synthetic_reports():
    rng = np.random.default_rng(5)
    kinds_seen = set()
    for study in sample_cohort(rng, 80):
        rep = compose(study, ["PA"], rng)
        text = " ".join(s.text for s in rep.findings + rep.impression)
        for e in one_error_candidates(text):
            kinds_seen.add(e.kind)
            assert e.text != text and e.before != e.after
            before, after = report_status(text), report_status(e.text)
            if e.kind == "presence":
                assert (before.get(e.label) == ABSENT) == (after.get(e.label) == PRESENT)
                assert {k: v for k, v in after.items() if k != e.label} == {
                    k: v for k, v in before.items() if k != e.label
                }
            elif e.kind == "laterality":
                count = lambda t, w: len(re.findall(rf"\b{w}\b", t, re.I))  # noqa: E731
                assert (count(e.text, "left"), count(e.text, "right")) != (count(text, "left"), count(text, "right"))
                assert after == before
    assert kinds_seen == set(ERROR_KINDS)


def test_one_error_negatives_draw_without_replacement():
    all_texts = {e.text for e in one_error_candidates(REPORT)}
    picks = one_error_negatives(REPORT, np.random.default_rng(0), k=4)
    assert len({e.text for e in picks}) == 4 and {e.text for e in picks} <= all_texts
    assert [e.text for e in one_error_negatives(REPORT, np.random.default_rng(0), k=4)] == [e.text for e in picks]
    assert {e.text for e in one_error_negatives(REPORT, np.random.default_rng(1), k=50)} == all_texts
    assert set(CHEXPERT_LABELS) >= {e.label for e in picks}
