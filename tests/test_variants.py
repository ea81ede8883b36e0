"""Report variants (megacxr.data.variants, megacxr.reports.abbreviations): each rule on real-looking sentences,
meaning preserved (laterality, severity, negation, numbers) over synthetic reports, deterministic draws, the
external JSONL store and its errors, and the picker's order of sources."""

from __future__ import annotations

import json
import pickle
import re
from collections import Counter

import numpy as np
import pytest

from megacxr.data.variants import (
    NEGATIVE_RULES,
    RULES,
    STYLES,
    UNMATCHED_WARN_AFTER,
    ExternalVariants,
    ReportParts,
    VariantConfig,
    VariantPicker,
    apply_rule,
    report_parts,
    rule_negatives,
    rule_variant,
)
from megacxr.errors import ConfigError, InputError
from megacxr.reports.abbreviations import ABBREVIATIONS, contract_abbreviations, expand_abbreviations
from megacxr.reports.negation import report_status
from megacxr.synth.content import compose, sample_cohort
from megacxr.synth.hospital_csv import abbreviate

# ------------------------------------------------------------------------------------------------ abbreviations


def test_the_table_covers_common_cxr_abbreviations():
    shorts = {e.short for e in ABBREVIATIONS}
    assert len(shorts) >= 60
    assert {
        "PA",
        "AP",
        "CHF",
        "ETT",
        "NGT",
        "RLL",
        "LUL",
        "PICC",
        "SVC",
        "IJ",
        "RIJ",
        "COPD",
        "PTX",
        "CABG",
        "b/l",
        "s/p",
    } <= shorts
    for e in ABBREVIATIONS:  # no entry can touch a number, and only w/o and its spelling carry a negation
        assert not re.search(r"\d", e.short + e.long)
        assert e.long in ("without",) or not re.search(r"\b(no|not|without)\b", e.long)


EXPANSIONS = [
    ("PA and lateral views of the chest.", "Posteroanterior and lateral views of the chest."),
    ("ETT terminates 4 cm above the carina.", "Endotracheal tube terminates 4 cm above the carina."),
    (
        "An NGT is seen; a PICC ends in the SVC.",
        "A nasogastric tube is seen; a peripherally inserted central catheter ends in the superior vena cava.",
    ),
    (
        "RIJ CVC tip in the mid SVC.",
        "Right internal jugular central venous catheter tip in the mid superior vena cava.",
    ),
    (
        "Small L-sided eff. Pt on 2 L nasal cannula. R base atx.",
        "Small left-sided effusion. Pt on 2 L nasal cannula. Right base atelectasis.",
    ),
    (
        "Consol in the RLL, c/w PNA. S/p CABG.",
        "Consolidation in the right lower lobe, consistent with pneumonia. Status post coronary artery bypass graft.",
    ),
    ("PA catheter tip in the right PA.", "Pulmonary artery catheter tip in the right PA."),
    (
        "SMALL LEFT PLEURAL EFF. PA AND LAT VIEWS. A ETT IS PRESENT.",
        "SMALL LEFT PLEURAL EFFUSION. POSTEROANTERIOR AND LATERAL VIEWS. AN ENDOTRACHEAL TUBE IS PRESENT.",
    ),
    (
        "Heart size is w/in normal limits. No consol, eff or PTX.",
        "Heart size is within normal limits. No consolidation, effusion or pneumothorax.",
    ),
    (
        "The lungs are clear w/o focal consol; ET tube and NG TUBE in place.",
        "The lungs are clear without focal consolidation; endotracheal tube and nasogastric tube in place.",
    ),
    ("LLL PNA.", "Left lower lobe pneumonia."),  # only abbreviations: not an ALL CAPS report
]
UNCHANGED = [
    "NO CHANGE IN APPEARANCE OF THE PAIN.",  # AP, PA inside words
    "pa and lateral views.",  # acronyms are case-sensitive
    "L5 vertebral body; ETTs; PA2; AP-1.",  # glued to letters or digits
    "Pt on 2 L nasal cannula.",  # L after a number is litres
    "The heart is normal. No pleural effusion.",
]


@pytest.mark.parametrize("text, expected", EXPANSIONS)
def test_expand(text, expected):
    assert expand_abbreviations(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_expand_leaves_words_alone(text):
    assert expand_abbreviations(text) == text


CONTRACTIONS = [
    (
        "The endotracheal tube terminates above the carina. A nasogastric tube is in the stomach.",
        "The ETT terminates above the carina. An NGT is in the stomach.",
    ),
    ("Right lower lobe consolidation.", "RLL consol."),
    ("History of congestive heart failure, status post coronary artery bypass graft.", "H/o CHF, s/p CABG."),
    (
        "Right internal jugular central venous catheter terminates in the superior vena cava.",
        "RIJ CVC terminates in the SVC.",
    ),
    (
        "An enlarged heart. Left effusion with lateral atelectasis.",
        "An enlarged heart. Left effusion with lateral atx.",
    ),
]


@pytest.mark.parametrize("text, expected", CONTRACTIONS)
def test_contract(text, expected):
    assert contract_abbreviations(text) == expected
    assert expand_abbreviations(contract_abbreviations(text)) == text


def synthetic_reports(n: int, seed: int):
    rng = np.random.default_rng(seed)
    for study in sample_cohort(rng, n):
        rep = compose(study, ["PA", "LATERAL"], rng)
        yield " ".join(s.text for s in rep.findings), " ".join(s.text for s in rep.impression), rng


def test_abbreviations_round_trip_on_synthetic_reports():
    n = 0
    for findings, impression, rng in synthetic_reports(80, seed=1):
        for text in (findings, impression, abbreviate(findings, rng)):
            assert expand_abbreviations(contract_abbreviations(text)) == expand_abbreviations(text)
            assert expand_abbreviations(expand_abbreviations(text)) == expand_abbreviations(text)
            n += 1
    assert n >= 240


# -------------------------------------------------------------------------------------------------- rules

PARTS = ReportParts(
    findings="ETT terminates 4 cm above the carina. Small left pleural effusion. No PTX.",
    impression="Small left effusion.",
)
ANCHOR = f"{PARTS.findings} {PARTS.impression}"


def test_each_rule_on_a_report():
    rng = np.random.default_rng(0)
    assert apply_rule("abbrev_expand", ANCHOR, PARTS, rng) == (
        "Endotracheal tube terminates 4 cm above the carina. "
        "Small left pleural effusion. No pneumothorax. "
        "Small left effusion."
    )
    assert (
        apply_rule("abbrev_contract", "Right lower lobe pneumonia. No pneumothorax.", PARTS, rng) == "RLL PNA. No PTX."
    )
    assert apply_rule("impression_only", ANCHOR, PARTS, rng) == "Small left effusion."
    assert apply_rule("section_reorder", ANCHOR, PARTS, rng) == f"{PARTS.impression} {PARTS.findings}"
    for seed in range(10):
        shuffled = apply_rule("sentence_shuffle", ANCHOR, PARTS, np.random.default_rng(seed))
        assert shuffled != ANCHOR and Counter(re.split(r"(?<=\.) ", shuffled)) == Counter(re.split(r"(?<=\.) ", ANCHOR))
    # never the original order, even for two sentences
    assert (
        apply_rule("sentence_shuffle", "No effusion. No pneumothorax.", PARTS, rng) == "No pneumothorax. No effusion."
    )
    styles = {apply_rule("style", "Small left effusion. No PTX.", PARTS, np.random.default_rng(s)) for s in range(30)}
    assert styles == {
        "SMALL LEFT EFFUSION. NO PTX.",
        "small left effusion. no ptx.",
        "Small left effusion.\nNo PTX.",
        "1. Small left effusion. 2. No PTX.",
    }
    # rules that do not apply return the text unchanged
    alone = ReportParts(impression="Small left effusion.")
    for rule in ("impression_only", "section_reorder", "sentence_shuffle", "abbrev_expand"):
        assert apply_rule(rule, "Small left effusion.", alone, rng) == "Small left effusion."
    assert apply_rule("style", "SMALL.", alone, np.random.default_rng(0)) != "SMALL."  # upper is skipped
    spanish = ReportParts(findings="Derrame pleural izquierdo. ETT.", language="es")
    assert apply_rule("abbrev_expand", spanish.findings, spanish, rng) == spanish.findings


def side_counts(text: str) -> tuple[int, int]:
    """Left / right mentions, whether written out, abbreviated or lower-cased ("rll", "r base")."""
    t = text.lower()
    single = r"(?<![\w/.-])(?<!\d\s){}(?=-sided\b|\s+[a-z])"
    return (
        len(re.findall(r"\bleft\b|\bl(?:ul|ll|ij|uq)\b|" + single.format("l"), t)),
        len(re.findall(r"\bright\b|\br(?:ul|ml|ll|ij|uq)\b|" + single.format("r"), t)),
    )


def meaning(text: str):
    t = re.sub(r"(?:^|\s)\d{1,2}\.\s", " ", expand_abbreviations(text))  # list enumerators are not numbers
    severity = re.findall(r"\b(?:mild|moderate|severe|small|large|minimal|tiny|massive)\b", t, re.I)
    return (
        side_counts(t),
        sorted(re.findall(r"\d+(?:\.\d+)?", t)),
        Counter(w.lower() for w in severity),
        report_status(t),
    )


def test_text_rules_preserve_meaning_on_synthetic_reports():
    """Laterality, severity, negation status of every finding, and numbers are the same in every text-rule
    variant, stacked or not, as in its anchor; the section rules only take sentences from the same report."""
    cfg = VariantConfig(stack=0.5)
    n_changed, used = 0, Counter()
    for findings, impression, rng in synthetic_reports(120, seed=2):
        for anchor in (f"{findings} {impression}", abbreviate(findings, rng)):
            parts = ReportParts(findings, impression)
            variant, rules = rule_variant(anchor, parts, cfg, rng)
            used.update(rules)
            if variant == anchor:
                continue
            n_changed += 1
            if not {"impression_only", "section_reorder"} & set(rules):
                assert meaning(variant) == meaning(anchor), (anchor, variant, rules)
            else:
                whole = expand_abbreviations(f"{findings} {impression}")
                sentences = {s.lower() for s in re.split(r"(?<=\.)\s+", whole)}
                got = re.sub(r"(?:^|\s)\d{1,2}\.\s", " ", expand_abbreviations(variant)).replace("\n", " ").lower()
                assert all(s.strip() in sentences for s in re.split(r"(?<=\.)\s+", got.strip())), (variant, rules)
    assert n_changed > 220
    assert set(used) == set(RULES) and sum(1 for r in used.elements()) > n_changed  # all rules, some stacked


def test_rule_variant_is_deterministic_with_fixed_draws():
    cfg = VariantConfig()
    outs = set()
    for seed in range(20):
        a = rule_variant(ANCHOR, PARTS, cfg, np.random.default_rng(seed))
        assert a == rule_variant(ANCHOR, PARTS, cfg, np.random.default_rng(seed))
        outs.add(a[0])
    assert len(outs) >= 10
    # the number of draws does not depend on the report or on which rule applied
    states = set()
    for text, parts in ((ANCHOR, PARTS), ("Clear.", ReportParts(impression="Clear.")), ("", ReportParts())):
        rng = np.random.default_rng(7)
        rule_variant(text, parts, cfg, rng)
        states.add(float(rng.random()))
    assert len(states) == 1


def test_weights_and_rule_selection():
    only_style_off = VariantConfig(weights={"style": 0})
    for seed in range(30):
        _, rules = rule_variant(ANCHOR, PARTS, only_style_off, np.random.default_rng(seed))
        assert "style" not in rules
    heavy = VariantConfig(weights={"abbrev_expand": 50.0}, stack=0.0)
    picks = Counter(rule_variant(ANCHOR, PARTS, heavy, np.random.default_rng(s))[1][0] for s in range(60))
    assert picks["abbrev_expand"] > 40
    # nothing applies: the anchor is its own positive, no rule reported
    assert rule_variant(
        "Clear.", ReportParts(impression="Clear."), VariantConfig(rules=["abbrev_expand"]), np.random.default_rng(0)
    ) == ("Clear.", ())
    # stacking never pairs expansion with contraction
    both = VariantConfig(rules=["abbrev_expand", "abbrev_contract"], stack=1.0)
    for seed in range(20):
        assert len(rule_variant(ANCHOR, PARTS, both, np.random.default_rng(seed))[1]) == 1


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"rules": ["synonyms"]}, "variants.rules"),
        ({"rules": ["style", "style"]}, "variants.rules"),
        ({"weights": {"style": -1}}, "variants.weights"),
        ({"weights": {"nope": 1}}, "variants.weights"),
        ({"stack": 1.5}, "variants.stack"),
        ({"negative_rules": ["spelling"]}, "variants.negative_rules"),
        ({"external": ""}, "variants.external"),
    ],
)
def test_config_validation(kwargs, field):
    with pytest.raises(ConfigError) as e:
        VariantConfig(**kwargs)
    assert e.value.field == field


def test_report_parts_from_shard_json():
    meta = {"sections": {"findings": "Small  left effusion", "impression": "Effusion.\nNo PTX"}, "language": "en"}
    assert report_parts(meta, None) == ReportParts("Small left effusion.", "Effusion. No PTX.", "en")
    assert report_parts({"sections": {"impression": "Clear."}}, "txt") == ReportParts("", "Clear.", "en")
    assert report_parts({}, "Only txt.") == ReportParts("", "", "en")


# ---------------------------------------------------------------------------------------------- negatives


def test_rule_negatives():
    cfg = VariantConfig(negative_rules=list(NEGATIVE_RULES))
    negs = rule_negatives(ANCHOR, 3, cfg, np.random.default_rng(0))
    assert len(negs) == 3 and len(set(negs)) == 3 and ANCHOR not in negs
    assert all(report_status(n) != report_status(ANCHOR) or meaning(n) != meaning(ANCHOR) for n in negs)
    kinds = Counter()
    for seed in range(40):
        one = rule_negatives(
            ANCHOR, 1, VariantConfig(negative_rules=["laterality", "severity"]), np.random.default_rng(seed)
        )
        assert len(one) == 1
        kinds["laterality" if "right" in one[0] else "severity"] += 1
    assert min(kinds.values()) >= 10  # a kind first, then a candidate
    # fixed draws, English only, nothing to negate
    states = set()
    for text, lang in ((ANCHOR, "en"), (ANCHOR, "es"), ("No acute cardiopulmonary process.", "en")):
        rng = np.random.default_rng(3)
        out = rule_negatives(text, 2, cfg, rng, language=lang)
        assert (out == []) == (lang == "es" or text.startswith("No acute"))
        states.add(float(rng.random()))
    assert len(states) == 1


# ----------------------------------------------------------------------------------------- external file


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def test_external_store_lookup(tmp_path):
    path = write_jsonl(
        tmp_path / "v.jsonl",
        [
            {"key": "abc", "variants": ["Para one.", {"text": "Para  two."}], "hard_negatives": ["Wrong."]},
            "",
            {"study": 5012, "variants": ["By study."]},
            {"key": "abc", "variants": ["Para three."]},  # merged with the first line, in file order
            {"key": "both", "study": "s9", "variants": ["Both ids."]},
        ],
    )
    store = ExternalVariants(path)
    assert store.lookup("abc").variants == ("Para one.", "Para two.", "Para three.")
    assert store.lookup("abc").hard_negatives == ("Wrong.",)
    assert store.lookup("zzz", "5012").variants == ("By study.",)
    assert store.lookup("both", "s9").variants == ("Both ids.",)  # one line matched twice counts once
    assert store.lookup("nope", "nope").variants == () and store.lookup(None, None).hard_negatives == ()
    assert store.lookup("5012").variants == ()  # keys and study ids are separate
    assert len(store) == 5 and store._hashes.nbytes + store._offsets.nbytes + store._lengths.nbytes == 5 * 20
    clone = pickle.loads(pickle.dumps(store))  # workers get the path, not the index
    assert clone._hashes is None and len(pickle.dumps(store)) < 300
    assert clone.lookup("abc") == store.lookup("abc")


def test_an_external_file_that_fits_no_sample_is_said_once(tmp_path, caplog):
    """A variants file of another shard set (ids that match none of the samples) would silently give rule
    variants only: after UNMATCHED_WARN_AFTER lookups without a match the picker says so, once, naming the file
    and the setting; a file that matches is not reported."""
    path = write_jsonl(tmp_path / "other.jsonl", [{"key": f"elsewhere-{i}", "variants": ["Para."]} for i in range(5)])
    picker = VariantPicker(VariantConfig(external=str(path)))
    rng = np.random.default_rng(0)
    with caplog.at_level("WARNING", logger="megacxr.data"):
        for i in range(UNMATCHED_WARN_AFTER + 40):
            picker.pick(f"ours-{i}", {}, "No effusion. Clear lungs.", "No effusion. Clear lungs.", 0, rng)
    said = [r for r in caplog.records if "external variants file" in r.getMessage()]
    assert len(said) == 1 and str(path) in said[0].getMessage() and "supcon.variants.external" in said[0].getMessage()
    assert picker.lookups == UNMATCHED_WARN_AFTER + 40 and picker.matched == 0
    caplog.clear()
    fits = VariantPicker(VariantConfig(external=str(path)))
    with caplog.at_level("WARNING", logger="megacxr.data"):
        for i in range(UNMATCHED_WARN_AFTER):
            fits.pick(f"elsewhere-{i % 5}", {}, "No effusion.", "No effusion.", 0, rng)
    assert fits.matched == UNMATCHED_WARN_AFTER and not caplog.records


@pytest.mark.parametrize(
    "bad, field, line",
    [
        ('{"key": "a", "variants": ["x"]', "line", 2),
        ('["not", "an", "object"]', "line", 2),
        ('{"variants": ["no id"]}', "key", 2),
        ('{"key": "", "variants": []}', "key", 2),
        ('{"key": "b", "variants": "not a list"}', "variants", 2),
        ('{"study": 3, "hard_negatives": [7]}', "hard_negatives", 2),
    ],
)
def test_external_store_malformed_line(tmp_path, bad, field, line):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"key": "ok", "variants": ["Fine."]}, bad])
    store = ExternalVariants(path)
    with pytest.raises(InputError) as e:
        store.lookup("ok")
    assert e.value.field == field and str(path) in str(e.value) and f"line {line}:" in str(e.value)


def test_external_store_missing_or_changed_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        ExternalVariants(tmp_path / "missing.jsonl")
    path = write_jsonl(tmp_path / "v.jsonl", [{"key": "a", "variants": ["One."]}, {"key": "b", "variants": ["Two."]}])
    store = ExternalVariants(path)
    assert store.lookup("b").variants == ("Two.",)
    write_jsonl(path, [{"key": "c", "variants": ["Three."]}, {"key": "a", "variants": ["Moved."]}])
    with pytest.raises(InputError, match="changed"):
        store.lookup("b")


# ------------------------------------------------------------------------------------------------ picking


def test_picker_prefers_external_then_shard_then_rules(tmp_path):
    path = write_jsonl(
        tmp_path / "v.jsonl",
        [
            {"key": "k1", "variants": ["External."], "hard_negatives": ["Ext neg."]},
            {"study": "s2", "variants": ["External by study."]},
        ],
    )
    meta = {
        "study_id": "s0",
        "sections": {"findings": PARTS.findings, "impression": PARTS.impression},
        "variants": ["Shard variant."],
        "hard_negatives": ["Shard neg 1.", "Shard neg 2."],
    }
    picker = VariantPicker(VariantConfig(external=str(path), rule_hard_negatives=True))
    rng = np.random.default_rng(0)
    assert picker.pick("k1", meta, None, ANCHOR, 1, rng) == ("External.", ["Ext neg."])
    assert picker.pick("k9", {**meta, "study_id": "s2"}, None, ANCHOR, 0, rng) == ("External by study.", [])
    pos, negs = picker.pick("k9", meta, None, ANCHOR, 2, rng)
    assert pos == "Shard variant." and sorted(negs) == ["Shard neg 1.", "Shard neg 2."]
    bare = {k: v for k, v in meta.items() if k not in ("variants", "hard_negatives")}
    pos, negs = picker.pick("k9", bare, None, ANCHOR, 2, rng)
    assert pos != ANCHOR and len(negs) == 2 and ANCHOR not in negs  # rules
    # shard variants ignored when asked; a variant equal to the anchor is never the positive
    no_shard = VariantPicker(VariantConfig(use_shard_variants=False, rules=["impression_only"]))
    assert no_shard.pick("k", meta, None, ANCHOR, 1, rng) == ("Small left effusion.", [])
    same = VariantPicker(VariantConfig(rules=["impression_only"]))
    assert same.pick("k", {**meta, "variants": [ANCHOR]}, None, ANCHOR, 0, rng)[0] == "Small left effusion."
    with pytest.raises(InputError, match="must be a list"):
        same.pick("k", {**meta, "variants": "text"}, None, ANCHOR, 0, rng)


def test_styles_constant_matches_rule():
    assert STYLES == ("upper", "lower", "lines", "numbered")
