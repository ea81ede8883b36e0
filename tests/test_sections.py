"""Report sectioning (MIMIC-CXR conventions) and study text cleaning."""

from __future__ import annotations

import pytest

from megacxr.reports.sections import canonical_section_name, normalize_whitespace, section_report
from megacxr.reports.textclean import CleaningConfig, clean_study_text, sentence_case

SEP = " " + "_" * 78
TITLE = " " * 33 + "FINAL REPORT"


def mimic(*lines: str, title: str = TITLE) -> str:
    """A report laid out like a MIMIC-CXR file: centred title, every other line starting with one space."""
    return "\n".join([title] + [(" " + ln) if ln else " " for ln in lines]) + "\n"


FULL = mimic(
    "EXAMINATION:  CHEST (PA AND LAT)",
    "",
    "INDICATION:  ___ year old woman with cough and fever  // eval for",
    "pneumonia",
    "",
    "TECHNIQUE:  Chest PA and lateral",
    "",
    "COMPARISON:  ___",
    "",
    "FINDINGS: ",
    "",
    "The lungs are clear without focal consolidation.  No pleural effusion or",
    "pneumothorax is seen.  Compared to CT: no change.",
    "",
    "Heart size is normal.",
    "",
    "IMPRESSION: ",
    "",
    "No acute cardiopulmonary process.",
)


def test_full_report_sections_and_whitespace():
    s = section_report(FULL)
    assert list(s) == ["examination", "indication", "technique", "comparison", "findings", "impression"]
    assert s["examination"] == "CHEST (PA AND LAT)"
    assert s["indication"] == "___ year old woman with cough and fever // eval for pneumonia"  # wrapped line joined
    assert s["comparison"] == "___"
    # paragraphs kept as one newline, runs of spaces collapsed; "CT:" mid-line is no header
    assert s["findings"] == (
        "The lungs are clear without focal consolidation. No pleural effusion or "
        "pneumothorax is seen. Compared to CT: no change.\nHeart size is normal."
    )
    assert s["impression"] == "No acute cardiopulmonary process."
    assert "FINAL REPORT" not in " ".join(s.values())
    assert "preamble" not in s  # only the title line was above the first header


def test_addendum_above_underscores_and_original_below():
    report = (
        "\n".join(
            [
                " " * 33 + "FINAL ADDENDUM",
                " ADDENDUM:  Findings were discussed with Dr. ___ by telephone at 10:30",
                " a.m. on ___.",
                " ",
                SEP,
                FULL.rstrip("\n"),
            ]
        )
        + "\n"
    )
    s = section_report(report)
    assert s["addendum"] == "Findings were discussed with Dr. ___ by telephone at 10:30 a.m. on ___."
    assert s["impression"] == "No acute cardiopulmonary process."
    assert s["findings"].startswith("The lungs are clear")
    assert "ADDENDUM" not in s["addendum"] and "___" * 5 not in " ".join(s.values())

    append = clean_study_text(report, {}, CleaningConfig(), "mimic-cxr")
    assert append.text.endswith(
        "No acute cardiopulmonary process. Findings were discussed with Dr. ___ by telephone at 10:30 a.m. on ___."
    )
    drop = clean_study_text(report, {}, CleaningConfig(addendum="drop"), "mimic-cxr")
    assert "telephone" not in drop.text and drop.text.endswith("No acute cardiopulmonary process.")


def test_addendum_without_title_and_plain_underscore_rule():
    report = "\n".join([" ADDENDUM:  Correction: left, not right.", SEP, " FINDINGS:  Left effusion.", ""])
    assert section_report(report) == {"findings": "Left effusion.", "addendum": "Correction: left, not right."}
    # A hospital export with a signature rule: not an addendum, the report stays the report.
    plain = "FINDINGS: Lungs clear.\nIMPRESSION: Normal.\n" + "_" * 30 + "\nSigned electronically"
    s = section_report(plain, strict=False)
    assert s["findings"] == "Lungs clear." and "addendum" not in s
    assert s["impression"] == "Normal.\nSigned electronically"


def test_wet_read_block():
    report = "\n".join(
        [
            " WET READ: ___ ___ ___ 10:45 AM",
            "  No acute cardiopulmonary process.",
            SEP,
            mimic("FINDINGS:  Lungs are clear.").rstrip("\n"),
        ]
    )
    s = section_report(report)
    assert s["wet read"] == "___ ___ ___ 10:45 AM No acute cardiopulmonary process."
    assert s["findings"] == "Lungs are clear."
    assert "addendum" not in s


def test_impression_only():
    r = mimic("INDICATION:  Chest pain.", "", "IMPRESSION:  No acute cardiopulmonary process.")
    s = section_report(r)
    assert s == {"indication": "Chest pain.", "impression": "No acute cardiopulmonary process."}
    assert clean_study_text(r, {}, CleaningConfig(), "mimic-cxr").text == "No acute cardiopulmonary process."


def test_findings_only_and_empty_impression_dropped():
    r = mimic("FINDINGS:  Mild cardiomegaly.  Small left pleural effusion", "", "IMPRESSION: ", "")
    s = section_report(r)
    assert s == {"findings": "Mild cardiomegaly. Small left pleural effusion"}
    assert (
        clean_study_text(r, {}, CleaningConfig(), "mimic-cxr").text == "Mild cardiomegaly. Small left pleural effusion."
    )


def test_neither_uses_last_paragraph():
    r = mimic(
        "PORTABLE CHEST OF ___",
        "",
        "COMPARISON:  ___.",
        "",
        "Endotracheal tube terminates 4 cm above the carina.  The lungs are",
        "clear.",
        "",
        "No pneumothorax.",
    )
    s = section_report(r)
    assert "findings" not in s and "impression" not in s
    assert s["preamble"] == "PORTABLE CHEST OF ___"
    assert s["comparison"] == "___."
    assert s["last_paragraph"] == (
        "Endotracheal tube terminates 4 cm above the carina. The lungs are clear.\nNo pneumothorax."
    )
    c = clean_study_text(r, {}, CleaningConfig(), "mimic-cxr")
    assert c.text == "Endotracheal tube terminates 4 cm above the carina. The lungs are clear. No pneumothorax."
    assert c.problem is None


@pytest.mark.parametrize(
    "header,name",
    [
        ("FINDINGS AND IMPRESSION", "impression"),
        ("FINDINGS/IMPRESSION", "impression"),
        ("CONCLUSION", "impression"),
        ("IMPRESSIONS", "impression"),
        ("IMPRESSOIN", "impression"),
        ("CLINICAL HISTORY", "history"),
        ("REASON FOR EXAM", "indication"),
        ("REASON FOR EXAMINATION", "indication"),
        ("COMPARISONS", "comparison"),
        ("PA AND LATERAL VIEWS OF THE CHEST", "findings"),
        ("CHEST, TWO VIEWS", "findings"),
        ("WET READ", "wet read"),
        ("RECOMMENDATION(S)", "recommendations"),
        ("TYPE OF EXAMINATION", "examination"),
        ("FINDING", "findings"),
        ("NOTIFICATION", "notification"),
        ("SOMETHING ELSE", "something else"),
    ],
)
def test_header_variants(header, name):
    assert canonical_section_name(header) == name
    s = section_report(mimic("INDICATION:  Cough.", "", f"{header}:  Text of the section."))
    assert s[name] == "Text of the section."


def test_header_rule_is_strict_for_mimic():
    # Mixed case or not at the start of a line: not a header.
    r = mimic("INDICATION:  Cough.", "", "Impression: no header here, CT: neither.")
    s = section_report(r)
    assert s == {"indication": "Cough.", "last_paragraph": "Impression: no header here, CT: neither."}
    # A hospital export without leading spaces is sectioned with strict=False.
    plain = "FINDINGS: Heart normal.\nLungs clear.\nIMPRESSION: Normal chest."
    assert "findings" not in section_report(plain)
    assert section_report(plain, strict=False) == {
        "findings": "Heart normal. Lungs clear.",
        "impression": "Normal chest.",
    }


def test_duplicate_header_last_non_empty_wins():
    r = mimic("FINDINGS:  First version.", "", "FINDINGS:  Second version.", "", "FINDINGS: ")
    assert section_report(r)["findings"] == "Second version."


def test_empty_and_headerless():
    assert section_report("") == {}
    assert section_report("   \n  ") == {}
    assert section_report("Heart normal, lungs clear.") == {"preamble": "Heart normal, lungs clear."}
    assert normalize_whitespace(" a \n  b\n \n\n c  ") == "a b\nc"


# -- cleaning -------------------------------------------------------------------------------------------


def test_all_caps_to_sentence_case_keeps_abbreviations():
    caps = {
        "findings": "PA AND LATERAL VIEWS. RIGHT IJ CATHETER TIP IN THE SVC. ET TUBE 4 CM ABOVE THE CARINA. "
        "NG TUBE IN STOMACH. T4 AND L1 COMPRESSION. LEFT PICC",
        "impression": "1. NO ACUTE CARDIOPULMONARY PROCESS\n2. STABLE CHF",
    }
    c = clean_study_text(None, caps, CleaningConfig(), "chexpert-plus")
    assert c.sections["findings"] == (
        "PA and lateral views. Right IJ catheter tip in the SVC. ET tube 4 cm above the "
        "carina. NG tube in stomach. T4 and L1 compression. Left PICC"
    )
    assert c.sections["impression"] == "1. No acute cardiopulmonary process. 2. Stable CHF"  # list item ended
    assert c.text == c.sections["findings"] + ". 1. No acute cardiopulmonary process. 2. Stable CHF."
    assert clean_study_text(None, caps, CleaningConfig(fix_case=False), "chexpert-plus").sections["findings"].isupper()
    # Mixed-case text is left alone.
    assert sentence_case("NO EFFUSION") == "No effusion"
    mixed = clean_study_text(None, {"impression": "No change in the AP view."}, CleaningConfig(), "openi")
    assert mixed.sections["impression"] == "No change in the AP view."


def test_deid_tokens_unified():
    c = clean_study_text(
        None,
        {
            "findings": "XXXX XXXX are normal. Seen on XXXX.",
            "impression": "Compared with [** 2101-3-4 **] and ____ views.",
        },
        CleaningConfig(),
        "openi",
    )
    assert c.sections["findings"] == "___ ___ are normal. Seen on ___."
    assert c.sections["impression"] == "Compared with ___ and ___ views."
    custom = clean_study_text(
        None, {"findings": "XXXX normal, ___ clear"}, CleaningConfig(deid_token="[DEID]"), "openi"
    )
    assert custom.text == "[DEID] normal, [DEID] clear."
    # X-ray and Xa are words, not tokens.
    assert clean_study_text(None, {"findings": "X-ray shows XX"}, CleaningConfig(), "openi").text == "X-ray shows XX."


@pytest.mark.parametrize(
    "report,sections",
    [
        (None, {}),
        ("", {}),
        ("   \n ", {}),
        ("XXXX.", {}),
        (None, {"findings": "XXXX XXXX. ___"}),
        (mimic("FINDINGS:  ___", "", "IMPRESSION:  ___."), {}),
        ("ok", {}),
    ],
)
def test_empty_report_is_a_problem(report, sections):
    c = clean_study_text(report, sections, CleaningConfig(), "openi")
    assert c.problem == ("empty_report", "report")


def test_sources_without_findings_and_given_sections_priority():
    # PadChest / hospital: one unsectioned paragraph -> whole report.
    c = clean_study_text("cardiomegalia  sin\ncambios", {}, CleaningConfig(), "padchest")
    assert c.text == "cardiomegalia sin cambios." and c.problem is None
    # Given findings win over the raw report; keys are canonicalised.
    c = clean_study_text("IMPRESSION: other", {"Findings": "Lungs clear"}, CleaningConfig(), "chexpert-plus")
    assert c.text == "Lungs clear." and "impression" not in c.sections
    # Hospital headers at line start, no leading space.
    c = clean_study_text("HISTORY: cough\nFINDINGS: Lungs clear.\nIMPRESSION: Normal", {}, CleaningConfig(), "csv")
    assert c.text == "Lungs clear. Normal." and c.sections["history"] == "cough"
    # Only the configured sections, in order.
    c = clean_study_text(FULL, {}, CleaningConfig(sections=["impression", "findings"]), "mimic-cxr")
    assert c.text.startswith("No acute cardiopulmonary process. The lungs are clear")
    # Neither findings, impression nor last paragraph -> whole report with section names.
    c = clean_study_text(mimic("INDICATION:  Cough", "", "COMPARISON:  None"), {}, CleaningConfig(), "mimic-cxr")
    assert c.text == "Indication: Cough. Comparison: None."
