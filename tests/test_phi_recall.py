"""PHI screen recall on the identifier forms real hospital exports carry (issue 13), and its over-redaction.

Three sources of planted identifiers: ``megacxr synth --source csv`` (its planter, extended with every form of
the issue), and ``INDEPENDENT`` below, written here by hand in other wordings than the synth's templates. The
bar: recall >= 99% on each, and under 1% of the clinical-vocabulary sentences altered. ``benchmarks/bench_phi.py``
measures the same on a larger corpus and against the de-identification libraries of the package index.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers.cli import run_cli

from megacxr.shards.phi import PhiScreen
from megacxr.shards.phi_eval import caught, evaluate, evaluate_set, load_set, over_redaction

SCREEN = PhiScreen()
SETS = Path(__file__).parent / "data" / "phi"
# Written sets (tests/data/phi/README.md): the development set, and held-out sets each written by someone who
# saw none of the screen's code; every held-out set is measured once before anything is changed for it.
WRITTEN = sorted({p.name.split("_")[0] for p in SETS.glob("*_identifiers.jsonl")})

# (kind, sentence, the identifier that must go): forms and wordings the synth's planter does not write.
INDEPENDENT = [
    ("name", "Patient Name: Rosa Delgado, seen in the ED.", "Rosa Delgado"),
    ("name", "PT: Mateo Rossi; portable exam.", "Mateo Rossi"),
    ("name", "Ordering provider: Hannah Becker", "Hannah Becker"),
    ("name", "Referring physician: Dr. Tomasz Nowak", "Tomasz Nowak"),
    ("name", "cc: Priya Raman", "Priya Raman"),
    ("name", "Dictated by Dr. ___: Kenji Watanabe", "Kenji Watanabe"),
    ("name", "Interpreted by: Leila Haddad, MD", "Leila Haddad"),
    ("name", "Nguyen, Thi reviewed the prior films.", "Nguyen, Thi"),
    ("name", "Okafor, Chinedu was paged.", "Okafor, Chinedu"),
    ("name", "seen with pt maria gonzalez this morning", "maria gonzalez"),
    ("name", "per dr okafor the line was repositioned", "okafor"),
    ("name", "findings discussed with sven larsen", "sven larsen"),
    ("name", "Findings communicated to Aiko Tanaka at 16:05.", "Aiko Tanaka"),
    ("name", "Results relayed to Omar Farouk.", "Omar Farouk"),
    ("name", "환자 정하늘 님 검사 시행.", "정하늘"),
    ("name", "담당의: 최유진", "최유진"),
    ("name", "박지성 교수님 판독.", "박지성"),
    ("name", "Reviewed with Dr. 강동원.", "강동원"),
    ("address", "Lives at 1600 Pennsylvania Avenue NW, Washington, DC 20500.", "1600 Pennsylvania Avenue"),
    ("address", "Pt address: 77 Mass. Ave, Cambridge, MA 02139", "77 Mass. Ave"),
    ("address", "Send films to 350 Fifth Avenue, Suite 21, New York, NY 10118.", "350 Fifth Avenue"),
    ("address", "Mailing: PO Box 4821, Tulsa, OK 74101.", "4821"),
    ("address", "주소 부산광역시 해운대구 해운대로 570", "해운대로 570"),
    ("address", "주소: 서울특별시 종로구 세종대로 175", "세종대로 175"),
    ("address", "Residence: 21 Sejong-daero, Jung-gu, Seoul", "21 Sejong-daero"),
    ("address", "Clinic at 235 Pangyoyeok-ro, Bundang-gu, Seongnam", "235 Pangyoyeok-ro"),
    ("age", "98 yo female with dyspnea.", "98"),
    ("age", "History: 101-year-old man, fall.", "101"),
    ("age", "Age: 93. Chest pain.", "93"),
    ("age", "A 96 year old woman.", "96"),
    ("age", "92F with cough.", "92"),
    ("ip", "Study sent from 192.168.10.5 to PACS.", "192.168.10.5"),
    ("ip", "Modality at 172.16.254.1 reported an error.", "172.16.254.1"),
    ("ip", "Host 2001:db8:85a3::8a2e:370:7334 logged the transfer.", "2001:db8:85a3::8a2e:370:7334"),
    ("ip", "Workstation fe80::1ff:fe23:4567:890a.", "fe80::1ff:fe23:4567:890a"),
]


@pytest.mark.parametrize("kind,text,secret", INDEPENDENT, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(INDEPENDENT)])
def test_independent_forms(kind, text, secret):
    out = SCREEN.screen(text)
    assert caught(secret, out.text), out.text
    assert out.counts[kind] >= 1, out.counts


@pytest.mark.slow  # a synth export through the CLI
def test_recall_and_over_redaction_on_the_synth_export(tmp_path):
    run_cli("synth", "--source", "csv", "--out", str(tmp_path / "syn"), "--studies", "300", check=True)
    with open(tmp_path / "syn" / "reports.csv", newline="") as fh:
        reports = {row["study_id"]: row["report"] for row in csv.DictReader(fh)}
    planted = [json.loads(line) for line in (tmp_path / "syn" / "phi_planted.jsonl").read_text().splitlines()]
    kinds = {p["kind"] for p in planted}
    assert {"name", "address", "age", "ip", "date", "mrn", "phone", "email"} <= kinds
    screen = lambda t: SCREEN.screen(t).text  # noqa: E731
    result = evaluate(screen, reports, planted)
    assert result["planted"] > 500 and result["recall"] >= 0.99, result
    independent = sum(caught(s, screen(t)) for _, t, s in INDEPENDENT) / len(INDEPENDENT)
    assert independent >= 0.99
    over = over_redaction(screen)
    assert over["sentences"] > 1000 and over["share"] < 0.01, over


@pytest.mark.parametrize(
    "text",
    [
        "ETT IS IN STANDARD POSITION, 3 CM ABOVE CARINA.\nDr. Smith notified.",
        "Tip 2 cm above the carina. Lines, tubes unchanged.",
        "Right IJ line, tip at the cavoatrial junction, 4 Main bronchus clear.",
        "Stable, Unchanged appearance of the Swan-Ganz catheter.",
    ],
)
def test_clinical_measurements_and_lists_survive(text):
    out = SCREEN.screen(text).text
    for keep in ("CM ABOVE CARINA", "cm above the carina", "cavoatrial junction", "Swan-Ganz", "Stable, Unchanged"):
        if keep in text:
            assert keep in out, out


def _screen_set(text: str) -> tuple[str, bool]:
    r = SCREEN.screen(text)
    return r.text, r.residual > 0  # a residual quarantines the study: the identifier is not shipped


@pytest.mark.slow  # 192 sets through the whole screen: about 100 s of CPU (run by `make test` and CI)
@pytest.mark.parametrize("name", WRITTEN)
def test_written_sets_recall_and_clinical_text(name):
    """Every written set: >= 99% of identifier items caught (redacted, or the study quarantined), <= 1% of
    clinical items altered, and no class below 90%."""
    identifiers, clinical = load_set(SETS / f"{name}_identifiers.jsonl"), load_set(SETS / f"{name}_clinical.jsonl")
    assert len(identifiers) >= 250 and len(clinical) >= 250
    res = evaluate_set(_screen_set, identifiers, clinical)
    assert res["recall"] >= 0.99, (res["recall"], res["missed_by_class"], res["missed"])
    assert res["altered"] <= 0.01, (res["altered"], res["changed"])
    assert min(res["recall_by_class"].values()) >= 0.9, res["recall_by_class"]


def test_written_sets_cover_every_class():
    for name in WRITTEN:
        classes = {i["class"] for i in load_set(SETS / f"{name}_identifiers.jsonl")}
        assert {"name", "korean_name", "date", "id_number", "age", "place", "contact", "hidden"} <= classes, name
        clinical = {i["class"] for i in load_set(SETS / f"{name}_clinical.jsonl")}
        assert {"eponym", "header", "team", "numbers", "korean", "prose"} <= clinical, name
