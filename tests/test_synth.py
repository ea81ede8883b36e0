"""megacxr.synth: each synthetic source has its real layout and quirks, is reproducible, and draws what it says."""

from __future__ import annotations

import ast
import collections
import csv
import gzip
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image

from megacxr.errors import InputError
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.shards.sources import open_source
from megacxr.synth import SOURCES, generate
from megacxr.synth.content import Finding, Study, compose, labels, sample_cohort
from megacxr.synth.draw import draw

HEADER_RE = re.compile(r"\n ([A-Z ]+):")


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _table(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        return list(csv.DictReader(f))


def _header(path: Path) -> list[str]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        return next(csv.reader(f))


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict[str, Path]:
    sizes = {"mimic-cxr": 120, "chexpert-plus": 60, "openi": 40, "padchest": 50, "csv": 80}
    out = {}
    for source, n in sizes.items():
        root = tmp_path_factory.mktemp(source)
        meta = generate(source, root, studies=n, seed=0)
        assert meta["studies"] == n and meta["source"] == source and meta["seed"] == 0
        out[source] = root
    return out


# ------------------------------------------------------------------------------------------ API and determinism


def test_unknown_source_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="unknown synthetic source"):
        generate("mimic", tmp_path)
    with pytest.raises(InputError):
        generate("openi", tmp_path, studies=0)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError):
        generate("openi", tmp_path / "file")


@pytest.mark.parametrize("source", SOURCES)
def test_same_seed_same_bytes_other_seed_differs(tmp_path, source):
    a, b, c = (
        generate(source, tmp_path / name, studies=10, seed=seed) for name, seed in (("a", 3), ("b", 3), ("c", 4))
    )
    assert a == b
    da, db, dc = (_digest(tmp_path / name) for name in "abc")
    assert da == db and len(da) > 3
    if source == "csv":  # DICOM writing is reproducible too
        assert any(name.endswith(".dcm") for name in da)
    assert da != dc
    meta = json.loads((tmp_path / "a" / "synth.json").read_text())
    assert meta == a
    assert set(meta) == {"source", "images", "reports", "studies", "patients", "seed", "extra_variants"}
    assert (tmp_path / "a" / meta["images"]).exists() and (tmp_path / "a" / meta["reports"]).exists()


def test_image_size_override_and_aspect(tmp_path):
    generate("mimic-cxr", tmp_path, studies=4, image_size=128)
    for path in (tmp_path / "mimic-cxr-jpg").rglob("*.jpg"):
        w, h = Image.open(path).size
        assert w == 128 and 0.79 <= w / h <= 0.91


# ------------------------------------------------------------------------------------------------- content


def test_cohort_shape():
    cohort = sample_cohort(np.random.default_rng(1), 1500)
    per_patient = collections.Counter(s.patient for s in cohort)
    assert set(per_patient.values()) <= {1, 2, 3} and 1.35 <= len(cohort) / len(per_patient) <= 1.65
    firsts = [s for s in cohort if s.order == 0]
    assert 0.22 <= sum(s.normal for s in firsts) / len(firsts) <= 0.38
    kinds = {f.kind for s in cohort for f in s.findings}
    assert kinds >= {
        "cardiomegaly",
        "effusion",
        "pneumothorax",
        "consolidation",
        "pneumonia",
        "atelectasis",
        "nodule",
        "edema",
        "fracture",
        "et_tube",
        "central_line",
        "pacemaker",
        "ng_tube",
    }
    assert any(f.change == "unchanged" for s in cohort for f in s.findings)


def test_labels_follow_the_sentences():
    rng = np.random.default_rng(0)
    normal = Study(0, 0, [], 60, "F", 0)
    rep = compose(normal, ["PA", "LATERAL"], rng)
    lab = labels(rep.findings + rep.impression)
    assert set(lab) == set(CHEXPERT_LABELS) and lab["No Finding"] == 1.0
    assert lab["Pneumothorax"] == 0.0 and "pneumothorax" in " ".join(s.text for s in rep.findings).lower()
    sick = Study(0, 0, [Finding("effusion", "left", "moderate", "possible"), Finding("pacemaker", "left")], 70, "M", 0)
    rep = compose(sick, ["AP"], rng)
    lab = labels(rep.findings + rep.impression)
    assert lab["Pleural Effusion"] == -1.0 and lab["Support Devices"] == 1.0 and lab["No Finding"] is None
    assert lab["Edema"] in (0.0, None) and lab["Lung Lesion"] is None
    text = " ".join(s.text for s in rep.findings)
    assert "left" in text and re.search(
        r"possible|cannot be excluded|cannot exclude|may represent|questionable", text, re.I
    )


def _delta(findings, view="PA", seed=5):
    """Image with the findings minus the same image without them (same random stream, so only they differ)."""
    a = draw(findings, view, np.random.default_rng(seed), 200, 240)
    b = draw([], view, np.random.default_rng(seed), 200, 240)
    return a - b


def test_laterality_follows_radiological_convention():
    h, w = 240, 200
    lower = slice(int(0.55 * h), int(0.75 * h))
    d = _delta([Finding("effusion", "left", "severe")])
    image_right, image_left = d[lower, w // 2 :].mean(), d[lower, : w // 2].mean()
    assert image_right > 0.05 and image_right > 5 * abs(image_left)  # patient's left = image right
    d = _delta([Finding("effusion", "right", "severe")])
    assert d[lower, : w // 2].mean() > 5 * abs(d[lower, w // 2 :].mean())
    # A right pneumothorax darkens the image's left upper-lateral lung and leaves the other side alone.
    d = _delta([Finding("pneumothorax", "right", "severe")])
    upper = slice(int(0.15 * h), int(0.45 * h))
    assert d[upper, : w // 2].min() < -0.08 and abs(d[upper, w // 2 :]).max() < 0.02
    # A left upper-zone nodule is a small bright spot in the image's right upper half.
    d = _delta([Finding("nodule", "left", "moderate", zone="upper", value=9.0)])
    y, x = np.unravel_index(np.argmax(d), d.shape)
    assert x > w // 2 and y < h // 2 and d.max() > 0.1 and (d > 0.05).mean() < 0.01
    # A left pacemaker generator sits in the image's right upper chest.
    d = _delta([Finding("pacemaker", "left")])
    y, x = np.unravel_index(np.argmax(d), d.shape)
    assert x > w // 2 and y < h // 3


def test_cardiomegaly_widens_heart_and_lateral_has_no_side():
    d = _delta([Finding("cardiomegaly", None, "severe")])
    band = d[int(0.55 * 240) : int(0.7 * 240)]
    assert band[:, 100:].mean() > band[:, :100].mean() > 0  # grows mostly towards the patient's left
    # Lateral views ignore laterality: a left and a right effusion draw the same picture.
    left = draw([Finding("effusion", "left", "moderate")], "LATERAL", np.random.default_rng(2), 200, 240)
    right = draw([Finding("effusion", "right", "moderate")], "LATERAL", np.random.default_rng(2), 200, 240)
    assert np.array_equal(left, right)
    assert _delta([Finding("effusion", "left", "moderate")], "LATERAL").max() > 0.1


# ------------------------------------------------------------------------------------------------- MIMIC-CXR


def test_mimic_layout_tables_and_split(datasets):
    root = datasets["mimic-cxr"]
    meta = json.loads((root / "synth.json").read_text())
    assert (meta["images"], meta["reports"]) == ("mimic-cxr-jpg", "mimic-cxr-reports")
    jpg = root / "mimic-cxr-jpg"
    assert _header(jpg / "mimic-cxr-2.0.0-split.csv.gz") == ["dicom_id", "study_id", "subject_id", "split"]
    assert _header(jpg / "mimic-cxr-2.0.0-metadata.csv.gz")[:5] == [
        "dicom_id",
        "subject_id",
        "study_id",
        "PerformedProcedureStepDescription",
        "ViewPosition",
    ]
    assert _header(jpg / "mimic-cxr-2.0.0-chexpert.csv.gz") == ["subject_id", "study_id"] + sorted(CHEXPERT_LABELS)
    rows = _table(jpg / "mimic-cxr-2.0.0-metadata.csv.gz")
    splits = _table(jpg / "mimic-cxr-2.0.0-split.csv.gz")
    per_subject = collections.defaultdict(set)
    for r in splits:
        per_subject[r["subject_id"]].add(r["split"])
    assert all(len(s) == 1 for s in per_subject.values())
    counts = collections.Counter(next(iter(s)) for s in per_subject.values())
    assert set(counts) == {"train", "validate", "test"} and counts["train"] > counts["validate"] + counts["test"]
    assert {r["ViewPosition"] for r in rows} >= {"PA", "AP", "LATERAL"} and {r["ViewPosition"] for r in rows} <= {
        "PA",
        "AP",
        "LATERAL",
        "LL",
        "",
    }
    studies = collections.defaultdict(list)
    for r in rows:
        assert re.fullmatch(r"1\d{7}", r["subject_id"]) and re.fullmatch(r"5\d{7}", r["study_id"])
        assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{8}){4}", r["dicom_id"])
        assert re.fullmatch(r"2[12]\d{6}", r["StudyDate"])
        path = jpg / f"files/p{r['subject_id'][:2]}/p{r['subject_id']}/s{r['study_id']}/{r['dicom_id']}.jpg"
        with Image.open(path) as im:
            assert im.format == "JPEG" and im.mode == "L" and im.size == (int(r["Columns"]), int(r["Rows"]))
        studies[(r["subject_id"], r["study_id"])].append(r)
    assert len(studies) == 120 and {len(v) for v in studies.values()} <= {1, 2, 3}
    assert max(collections.Counter(s for s, _ in studies).values()) >= 2  # several studies for some patients
    assert len({s[:2] for s, _ in studies}) > 1
    chexpert = _table(jpg / "mimic-cxr-2.0.0-chexpert.csv.gz")
    assert len(chexpert) == 120 and {v for r in chexpert for k, v in r.items() if k in CHEXPERT_LABELS} == {
        "1.0",
        "0.0",
        "-1.0",
        "",
    }


def test_mimic_reports_follow_the_line_conventions(datasets):
    root = datasets["mimic-cxr"]
    chexpert = {r["study_id"]: r for r in _table(root / "mimic-cxr-jpg" / "mimic-cxr-2.0.0-chexpert.csv.gz")}
    mix = collections.Counter()
    reports = sorted((root / "mimic-cxr-reports" / "files").rglob("s*.txt"))
    assert len(reports) == 120
    for path in reports:
        text = path.read_text()
        lines = text.rstrip("\n").split("\n")
        assert all(line.startswith(" ") and len(line) < 80 for line in lines), path
        assert all(line.strip() or line == " " for line in lines)
        final = [i for i, line in enumerate(lines) if line.strip() == "FINAL REPORT"]
        assert len(final) == 1 and lines[final[0]].startswith(" " * 20)
        headers = set(HEADER_RE.findall("\n" + text))
        assert headers & {"INDICATION", "HISTORY"} and "COMPARISON" in headers
        if "ADDENDUM" in headers:
            assert lines[0].strip() == "FINAL ADDENDUM" and lines[final[0] - 1] == " " + "_" * 78
            mix["addendum"] += 1
        kind = {
            (True, True): "both",
            (False, True): "impression",
            (True, False): "findings",
            (False, False): "neither",
        }[("FINDINGS" in headers, "IMPRESSION" in headers)]
        mix[kind] += 1
        assert "___" in text
        lab = chexpert[path.stem[1:]]
        body = text.lower()
        if lab["Pneumothorax"] == "0.0":
            assert re.search(r"\b(no|without)\b[^.]*pneumothorax", body)
        if lab["Pneumothorax"] == "1.0":
            assert re.search(r"(?<!no )(?<!no focal consolidation, pleural effusion or )pneumothorax", body)
    assert mix["both"] >= 0.55 * 120 and all(mix[k] >= 1 for k in ("impression", "findings", "neither", "addendum"))


# ---------------------------------------------------------------------------------------------- CheXpert Plus


def test_chexpert_plus_layout(datasets):
    root = datasets["chexpert-plus"]
    table = root / "df_chexpert_plus_240401.csv"
    header = _header(table)
    assert header[:7] == [
        "path_to_image",
        "path_to_dcm",
        "frontal_lateral",
        "ap_pa",
        "deid_patient_id",
        "patient_report_date_order",
        "report",
    ]
    assert {
        "section_findings",
        "section_impression",
        "section_summary",
        "age",
        "sex",
        "race",
        "insurance_type",
        "recent_bmi",
        "deceased",
        "split",
    } <= set(header)
    rows = _table(table)
    assert {r["split"] for r in rows} == {"train", "valid"}
    for r in rows:
        assert re.fullmatch(r"(train|valid)/patient\d{5}/study\d+/view\d_(frontal|lateral)\.jpg", r["path_to_image"])
        assert r["path_to_image"].startswith(r["split"] + "/") and r["path_to_dcm"].endswith(".dcm")
        assert (root / r["path_to_image"]).is_file()
        assert r["ap_pa"] == "" if r["frontal_lateral"] == "Lateral" else r["ap_pa"] in ("AP", "PA")
        assert r["section_impression"] and r["section_impression"] in r["report"]
    studies = {(r["deid_patient_id"], r["patient_report_date_order"]): r for r in rows}
    assert len(studies) == 60
    assert any(r["section_findings"] == "" for r in studies.values())
    assert any(r["section_findings"] != "" for r in studies.values())
    assert any(r["report"].isupper() for r in studies.values()) and any(
        not r["report"].isupper() for r in studies.values()
    )
    # Surrogate names and dates look like PHI: a sign-off with a name and a m/d/yyyy date.
    assert all(
        re.search(r"[A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+, M\.D\.", r["section_end_of_impression"], re.I)
        for r in studies.values()
    )
    assert any(re.search(r"\d{1,2}/\d{1,2}/\d{4}", r["section_narrative"]) for r in studies.values())
    assert max(int(o) for _, o in studies) >= 2


# --------------------------------------------------------------------------------------------------- Open-I


def test_openi_xml_and_csv_variants(datasets):
    root = datasets["openi"]
    meta = json.loads((root / "synth.json").read_text())
    assert (meta["images"], meta["reports"]) == ("NLMCXR_png", "ecgen-radiology")
    variant = meta["extra_variants"]["csv"]
    xml_uids, empty_findings, xxxx = set(), 0, 0
    xml_images = set()
    for path in sorted((root / "ecgen-radiology").glob("*.xml")):
        doc = ET.parse(path).getroot()
        assert doc.tag == "eCitation"
        uid = doc.find("uId").get("id")
        assert uid == f"CXR{path.stem}"
        xml_uids.add(int(path.stem))
        texts = {el.get("Label"): el.text or "" for el in doc.findall("MedlineCitation/Article/Abstract/AbstractText")}
        assert list(texts) == ["COMPARISON", "INDICATION", "FINDINGS", "IMPRESSION"] and texts["IMPRESSION"]
        empty_findings += texts["FINDINGS"] == ""
        xxxx += "XXXX" in " ".join(texts.values())
        mesh = doc.find("MeSH")
        assert mesh is not None and [el.tag for el in mesh][0] == "major"
        for image in doc.findall("parentImage"):
            assert re.fullmatch(rf"CXR{path.stem}_({path.stem}_)?IM-\d{{4}}-\d{{4}}", image.get("id"))
            assert (root / "NLMCXR_png" / f"{image.get('id')}.png").is_file()
            xml_images.add(image.get("id"))
    assert len(xml_uids) == 40 and empty_findings >= 1 and xxxx >= 20
    assert max(xml_uids) > 40  # uids have gaps, like the release
    reports = _table(root / variant["reports"])
    assert _header(root / variant["reports"]) == [
        "uid",
        "MeSH",
        "Problems",
        "image",
        "indication",
        "comparison",
        "findings",
        "impression",
    ]
    assert {int(r["uid"]) for r in reports} == xml_uids
    projections = _table(root / variant["projections"])
    assert {r["projection"] for r in projections} == {"Frontal", "Lateral"}
    for r in projections:
        assert re.fullmatch(rf"{r['uid']}_IM-\d{{4}}-\d{{4}}\.dcm\.png", r["filename"])
        assert (root / variant["images"] / r["filename"]).is_file()
    stems = {f"CXR{r['uid']}_{r['filename'][len(r['uid']) + 1 : -8]}" for r in projections}
    assert {re.sub(r"^CXR(\d+)_\1_", r"CXR\1_", i) for i in xml_images} == stems


# -------------------------------------------------------------------------------------------------- PadChest


def test_padchest_layout(datasets):
    root = datasets["padchest"] / "BIMCV-PadChest-FULL"
    table = root / "PADCHEST_chest_x_ray_images_labels_160K_01.02.19.csv.gz"
    assert not (root / table.name[:-3]).exists()
    # the reader finds the gzipped table in the images root when --reports is not given
    assert open_source("padchest", root)._table().path == table
    header = _header(table)
    assert len(header) == 35 and header[:5] == ["ImageID", "ImageDir", "StudyDate_DICOM", "StudyID", "PatientID"]
    rows = _table(table)
    assert {r["Projection"] for r in rows} <= {"PA", "L", "AP", "AP_horizontal"} and {"PA", "L"} <= {
        r["Projection"] for r in rows
    }
    for r in rows[:30]:
        path = root / r["ImageDir"] / r["ImageID"]
        assert r["ImageDir"].isdigit() and r["ImageID"].endswith(".png")
        with Image.open(path) as im:
            assert im.mode == "I;16"
            px = np.asarray(im)
        assert px.max() <= 4095 and px.max() > 1000
    for r in rows:
        names = ast.literal_eval(r["Labels"])
        assert isinstance(names, list) and names
        assert r["Report"] == r["Report"].lower() and r["Report"].endswith(" .")
        assert ("normal" in names) == (names == ["normal"])
        assert re.fullmatch(r"\d{4}\.0|", r["PatientBirth"])
    assert any(ast.literal_eval(r["Labels"]) == ["normal"] for r in rows)
    assert any("cardiomegali" in r["Report"] or "derram" in r["Report"] for r in rows)
    per_patient = collections.defaultdict(set)
    for r in rows:
        per_patient[r["PatientID"]].add(r["StudyID"])
    assert max(len(s) for s in per_patient.values()) >= 2


# ------------------------------------------------------------------------------------- hospital CSV and PHI


def test_hospital_csv_images_decode(datasets):
    root = datasets["csv"]
    assert _header(root / "reports.csv") == ["patient_id", "study_id", "image_path", "report", "study_date", "view"]
    rows = _table(root / "reports.csv")
    kinds = collections.Counter()
    for r in rows:
        path = root / "images" / r["image_path"]
        assert re.fullmatch(r"\d{8}", r["patient_id"]) and re.fullmatch(r"CR\d{9}", r["study_id"])
        if path.suffix == ".dcm":
            ds = pydicom.dcmread(path)
            px = ds.pixel_array
            assert ds.PatientID == r["patient_id"] and str(ds.PatientName) and ds.AccessionNumber == r["study_id"]
            kind = f"{ds.PhotometricInterpretation}/{ds.BitsStored}"
            if ds.BitsStored == 12:
                assert px.dtype == np.uint16 and px.max() <= 4095 and "WindowCenter" in ds
            if r["view"] in ("PA", "AP", "PORTABLE AP"):
                h, w = px.shape
                mediastinum = px[int(0.25 * h) : int(0.4 * h), int(0.47 * w) : int(0.53 * w)].mean()
                lung = px[int(0.3 * h) : int(0.45 * h), int(0.22 * w) : int(0.32 * w)].mean()
                # MONOCHROME1 stores inverted values: the lungs are bright in the raw pixels.
                assert (lung > mediastinum) == (ds.PhotometricInterpretation == "MONOCHROME1"), path
        else:
            with Image.open(path) as im:
                kind = im.format
                assert im.mode == "L"
        kinds[kind] += 1
    assert {"MONOCHROME1/12", "MONOCHROME2/12", "MONOCHROME2/8", "PNG", "JPEG"} <= set(kinds)
    by_study = collections.defaultdict(set)
    for r in rows:
        by_study[r["study_id"]].add(r["report"])
    assert all(len(v) == 1 for v in by_study.values())  # the report repeats on each row of a study


def test_hospital_csv_reports_and_planted_phi(datasets):
    root = datasets["csv"]
    reports = {r["study_id"]: r["report"] for r in _table(root / "reports.csv")}
    planted = [json.loads(line) for line in (root / "phi_planted.jsonl").read_text().splitlines()]
    assert planted and all(set(p) == {"study_id", "kind", "text"} for p in planted)
    for p in planted:
        assert p["text"] and p["text"] in reports[p["study_id"]], p
    kinds = {p["kind"] for p in planted}
    assert (
        {"name", "date", "mrn", "phone", "email"}
        <= kinds
        <= {"name", "date", "mrn", "phone", "email", "address", "age", "ip"}
    )
    assert len({p["study_id"] for p in planted}) >= 0.3 * len(reports)
    texts = " ".join(reports.values())
    for pattern in (
        r"Dr\. [A-Z]",
        r"\d{2}/\d{2}/\d{4}",
        r"\d{4}-\d{2}-\d{2}",
        r"[A-Z][a-z]+ \d{1,2}, \d{4}",
        r"\(\d{3}\) 555-\d{4}",
        r"pager \d{3}\.555\.\d{4}",
        r"@springfieldgeneral\.org",
    ):
        assert re.search(pattern, texts, re.I), pattern
    assert re.search(r"\b(PTX|cardiomeg|ETT|atx|eff)\b", texts, re.I)
    assert sum(r.startswith("IMPRESSION:") for r in reports.values()) >= 0.4 * len(reports)
    per_patient = collections.Counter(
        r["patient_id"] for r in {r["study_id"]: r for r in _table(root / "reports.csv")}.values()
    )
    assert max(per_patient.values()) >= 2
