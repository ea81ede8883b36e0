"""Validation of generated variants (megacxr.generate.checks) on crafted good and bad outputs."""

from __future__ import annotations

import pytest

from megacxr.generate.checks import check_output, parse_output

SOURCE = (
    "FINDINGS: Small left pleural effusion. No pneumothorax. ETT terminates 5 cm above the carina. "
    "Mild cardiomegaly. IMPRESSION: Small left effusion. Mild cardiomegaly."
)


@pytest.mark.parametrize(
    "output",
    [
        # abbreviations written out, synonyms, another order, other case: every fact kept
        "FINDINGS: The endotracheal tube tip lies 5 cm above the carina. There is a small pleural effusion on the "
        "left. No pneumothorax is seen. The heart is mildly enlarged, mild cardiomegaly. IMPRESSION: Mild "
        "cardiomegaly. Small left pleural effusion.",
        "findings: mild cardiomegaly. small left pleural effusion. no pneumothorax. ett 5 cm above the carina. "
        "impression: small left effusion and mild cardiomegaly.",
    ],
)
def test_a_faithful_paraphrase_is_kept(output):
    assert check_output("paraphrase", SOURCE, output) == (None, {})


@pytest.mark.parametrize(
    "output, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        (SOURCE.upper(), "copied"),
        ("  " + SOURCE.replace(". ", ".  "), "copied"),
        (SOURCE.replace("No pneumothorax", "Small pneumothorax"), "negation_changed"),
        (SOURCE.replace("Small left pleural effusion", "Small right pleural effusion"), "laterality_changed"),
        (SOURCE.replace("5 cm", "3 cm"), "number_changed"),
        (SOURCE.replace("Mild cardiomegaly. IMPRESSION", "Severe cardiomegaly. IMPRESSION"), "severity_changed"),
        (SOURCE.replace("ETT terminates", "ETT terminates; a pacemaker lead terminates"), "device_changed"),
        (SOURCE.replace("No pneumothorax. ", "No pneumothorax. Right lower lobe consolidation. "), "finding_changed"),
        (SOURCE + " Call Dr. John Smith at 617-555-1234.", "phi"),
    ],
)
def test_a_paraphrase_that_changes_a_fact_is_rejected_with_its_reason(output, reason):
    assert check_output("paraphrase", SOURCE, output)[0] == reason


def test_truncated_output_is_rejected_before_anything_else():
    assert check_output("paraphrase", SOURCE, SOURCE.lower()[:60], truncated=True)[0] == "truncated"


@pytest.mark.parametrize(
    "output, changed",
    [
        # one error of each checkable kind (an error repeated in the impression is still one error)
        (SOURCE.replace("left", "right"), "laterality_changed"),
        (SOURCE.replace("Small left pleural effusion", "Large left pleural effusion"), "severity_changed"),
        (SOURCE.replace("5 cm", "9 cm"), "number_changed"),
        (SOURCE.replace("No pneumothorax", "Moderate right pneumothorax"), "negation_changed"),
        (SOURCE.replace("ETT terminates 5 cm above the carina. ", ""), "finding_changed"),
    ],
)
def test_an_error_rewrite_with_one_error_is_kept(output, changed):
    reason, changes = check_output("errors", SOURCE, output)
    assert reason is None and changed in changes


@pytest.mark.parametrize(
    "output, reason",
    [
        # nothing checkable changed: not kept as a hard negative
        (SOURCE.replace("Small left pleural effusion.", "Small pleural effusion on the left."), "no_error_detected"),
        # two errors
        (SOURCE.replace("No pneumothorax", "Small pneumothorax").replace("5 cm", "9 cm"), "several_errors"),
        (SOURCE.replace("left", "right").replace("5 cm", "9 cm"), "several_errors"),
        (
            SOURCE.replace("No pneumothorax", "Pneumothorax").replace("Mild cardiomegaly.", "No cardiomegaly."),
            "several_errors",
        ),
        (SOURCE, "copied"),
        ("", "empty"),
    ],
)
def test_an_error_rewrite_with_zero_or_several_errors_is_rejected(output, reason):
    assert check_output("errors", SOURCE, output)[0] == reason


def test_identifiers_already_in_the_input_do_not_reject_a_paraphrase():
    source = "Findings reviewed with Dr. John Smith. Small left pleural effusion."
    assert check_output("paraphrase", source, "Small left pleural effusion. Reviewed with Dr. John Smith.")[0] is None
    assert (
        check_output("paraphrase", source, "Small left pleural effusion. Seen by Dr. Mary Jones at 617-555-1234.")[0]
        == "phi"
    )


def test_parse_output_reads_the_tagged_answer_and_flags_truncation():
    assert parse_output("Sure! <report> No  effusion. </report> Anything else?", True) == ("No effusion.", False)
    assert parse_output("<report>No effusion.</report>", False) == ("No effusion.", False)  # closed: complete
    assert parse_output("<report>No effusion and", False) == ("No effusion and", True)  # cut at the limit
    assert parse_output("No effusion.", True) == ("No effusion.", False)  # no tags, the model stopped itself
    assert parse_output("No effusion and", False) == ("No effusion and", True)
