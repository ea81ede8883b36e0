"""PHI screen for hospital report text: planted identifiers are removed and counted, clinical text is kept."""

from __future__ import annotations

import pytest

from megacxr.shards.config import PhiConfig
from megacxr.shards.phi import KINDS, PhiScreen, phi_enabled

SCREEN = PhiScreen()

# (kind, text with one planted identifier, the identifying string that must disappear)
PLANTED = [
    ("date", "Compared with the study of 03/14/2023.", "03/14/2023"),
    ("date", "Compared with the study of 3/14/23.", "3/14/23"),
    ("date", "Compared with the study of 2023-03-14 at 09:12.", "2023-03-14"),
    ("date", "Compared with the study of 14.03.2023.", "14.03.2023"),
    ("date", "Compared with the study of March 14, 2023.", "March 14"),
    ("date", "Compared with the study of 14 Mar 2023.", "14 Mar"),
    ("date", "Compared with the study of Jan 2023.", "Jan 2023"),
    ("date", "COMPARED WITH THE STUDY OF MARCH 14TH, 2023.", "MARCH 14"),
    ("date", "Unchanged since 3/14.", "3/14"),
    ("date", "Compared with the 05/2021 study.", "05/2021"),
    ("date", "Compared with the 11/2021 study.", "11/2021"),
    ("mrn", "MRN: 10293847 noted.", "10293847"),
    ("mrn", "MR# 5566 noted.", "5566"),
    ("mrn", "Accession number A7788990 noted.", "7788990"),
    ("mrn", "Accession 4455667 noted.", "4455667"),
    ("mrn", "Reference 918273 noted.", "918273"),
    ("phone", "Call (617) 555-0134 with questions.", "555-0134"),
    ("phone", "Call 617-555-0134 with questions.", "617-555-0134"),
    ("phone", "Call 617.555.0134 with questions.", "617.555.0134"),
    ("phone", "Call +1 617 555 0134 with questions.", "617 555 0134"),
    ("phone", "Call pager 4-5678 with questions.", "4-5678"),
    ("phone", "Call ext. 23456 with questions.", "23456"),
    ("email", "Send to jane.doe@example-hospital.org today.", "jane.doe"),
    ("url", "Images at https://pacs.example.org/view?study=8 today.", "pacs.example.org"),
    ("ssn", "SSN 123-45-6789 on file.", "123-45-6789"),
    ("name", "Findings discussed with Dr. Gregory House at 14:30.", "Gregory|House"),
    ("name", "Findings discussed with Dr Watson at 14:30.", "Watson"),
    ("name", "Mrs. Alice Brown was informed.", "Alice"),
    ("name", "Mr. Bean was informed.", "Bean"),
    ("name", "Ms. O'Brien was informed.", "O'Brien"),
    ("name", "Miss Marple was informed.", "Marple"),
    ("name", "Prof. Xavier was informed.", "Xavier"),
    ("name", "Doctor Adams was informed.", "Adams"),
    ("name", "Findings discussed with Sarah Connor at 14:30.", "Connor"),
    ("name", "Results called to Kyle Reese by telephone.", "Reese"),
    ("name", "Paged Jones regarding the pneumothorax.", "Jones"),
    ("name", "DISCUSSED WITH DR. SMITH AT 14:30.", "SMITH"),
    ("name", "Electronically signed by: Mary Jane Watson, MD", "Mary|Jane|Watson"),
    ("name", "Read by J. Smith, M.D. today.", "Smith"),
]


@pytest.mark.parametrize("kind,text,secret", PLANTED)
def test_each_planted_identifier_is_removed(kind, text, secret):
    r = SCREEN.screen(text)
    for part in secret.split("|"):
        assert part not in r.text
    assert "___" in r.text
    assert r.counts[kind] == 1, r.counts
    assert sum(r.counts.values()) == 1, r.counts
    assert r.residual == 0
    assert set(r.counts) == set(KINDS) and all(isinstance(v, int) for v in r.counts.values())


def test_all_kinds_together_counts_and_text():
    text = (
        "CHEST PA AND LATERAL performed 03/14/2023 at 14:30. MRN 12345678. Accession 99887766.\n"
        "Findings discussed with Dr. Gregory House and paged Jones on (617) 555-0134; e-mail "
        "house@example.org, report at www.example.org/r/1. SSN 123-45-6789.\n"
        "Impression: 5.3 x 2.1 cm right upper lobe mass. Mr. Bean informed on March 14, 2023."
    )
    r = SCREEN.screen(text)
    for secret in (
        "03/14/2023",
        "12345678",
        "99887766",
        "Gregory",
        "House",
        "Jones",
        "555-0134",
        "house@example.org",
        "example.org",
        "123-45-6789",
        "Bean",
        "March 14",
    ):
        assert secret not in r.text, secret
    assert r.counts == {
        "email": 1,
        "url": 1,
        "ip": 0,
        "ssn": 1,
        "phone": 1,
        "date": 2,
        "mrn": 2,
        "address": 0,
        "age": 0,
        "name": 3,
        "place": 0,
    }
    assert r.residual == 0
    # Clinical content and times survive.
    # the time written after a date is the date's ("___ at 14:30" said when), masked with it and counted once
    assert "5.3 x 2.1 cm right upper lobe mass" in r.text and "14:30" not in r.text
    assert r.text.startswith("CHEST PA AND LATERAL performed ___. MRN ___.")


CLINICAL = [
    "The heart size is normal. A 5.3 x 2.1 cm nodule in the right upper lobe, previously 4 cm.",
    "Compression deformity of T4 and L1; 2.5 mm nodule; C5-6 fusion hardware; T12-L1 unchanged.",
    "Acute fractures of the left 6th and 7th ribs. 72-year-old man, 45 yo woman.",
    "Findings discussed with the referring physician at 14:30 and at 10:45 a.m. by telephone.",
    "Discussed with Emergency Department. Results called to ICU. Paged the ICU team.",
    "O2 saturation 95%. BP 120/80. HR 110. 1/2 of the hemithorax. 3 views. Grade 2 of 4. Ratio 1/200.",
    "No change since March. Stable since 2019. Ribs 4-6, T10-T12, sternal wires 1-7. Version 10.2.3.",
    "May represent atelectasis. MRI from 2019 for comparison. MR angiography. MS lesions.",
    "Right IJ catheter tip in the SVC, ET tube 4.5 cm above the carina, NG tube in stomach, PICC in place.",
    "DR. ___ WAS NOTIFIED. Dr. ___ agreed. Discussed with Dr. ___ on ___.",
    "Drainage catheter in place. MRSA pneumonia. Kerley B lines.",
]


@pytest.mark.parametrize("text", CLINICAL)
def test_clinical_text_is_untouched(text):
    r = SCREEN.screen(text)
    assert r.text == text
    assert sum(r.counts.values()) == 0, r.counts
    assert r.residual == 0


def test_residual_counts_what_still_looks_identifying():
    assert SCREEN.residual("reference 123 456 789 and 1234 5678") == 2
    assert SCREEN.residual("Dr. ___ at 14:30, 4 cm, T4") == 0
    assert SCREEN.residual("seen by Dr.Smith") == 1
    r = SCREEN.screen("reference 123 456 789")  # digit groups are an identifier's shape: the screen takes them
    assert r.text == "reference ___" and r.counts["mrn"] == 1 and r.residual == 0


def test_custom_token_and_empty():
    r = PhiScreen(PhiConfig(enabled=True), deid_token="[X]").screen("Dr. Quinn called 617-555-0134.")
    assert r.text == "Dr. [X] called [X]." and r.counts["name"] == 1 and r.counts["phone"] == 1
    e = SCREEN.screen("")
    assert e.text == "" and sum(e.counts.values()) == 0 and e.residual == 0


def test_phi_enabled_defaults():
    assert phi_enabled(None, "csv") and phi_enabled(PhiConfig(), "csv")
    assert not phi_enabled(PhiConfig(), "mimic-cxr")
    assert phi_enabled(PhiConfig(enabled=True), "openi")
    assert not phi_enabled(PhiConfig(enabled=False), "csv")
