"""Source readers on small hand-built datasets in each source's real on-disk layout (and on synth output)."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest

from megacxr.errors import InputError
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.shards.sources import READERS, open_source
from megacxr.shards.sources.base import CsvTable, iso_date, natural_key, normalise_split, normalise_view

# Sentinels: no exception message may ever contain these.
SECRET_PATIENT = "MRN99887766"
SECRET_TEXT = "SECRETREPORTTEXT"


def write_csv(path: Path, header, rows, delimiter=",", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    data = ("\ufeff" if bom else "") + buf.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
            f.write(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


def touch(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8 not decoded by readers")
    return path


def assert_clean(err: InputError):
    msg = str(err)
    assert SECRET_PATIENT not in msg and SECRET_TEXT not in msg
    assert err.exit_code == 2


def raises_input(fn) -> InputError:
    with pytest.raises(InputError) as info:
        fn()
    assert_clean(info.value)
    return info.value


# --------------------------------------------------------------------------------------------- base helpers


def test_csv_table_offsets_multiline_bom_and_gz(tmp_path):
    rows = [["1", "line one\nline two, with comma", "x"], ["2", 'quote "q"\r\nnext', "y"], ["3", "", "z"]]
    for name, delim, bom in (
        ("a.csv", ",", True),
        ("b.csv", ";", False),
        ("c.tsv", "\t", False),
        ("d.csv.gz", ",", True),
    ):
        table = CsvTable(write_csv(tmp_path / name, ["id", "text", "other"], rows, delim, bom))
        assert table.delimiter == delim and table.header == ["id", "text", "other"]
        got = list(table.rows())
        assert [n for n, _, _ in got] == [1, 2, 3]
        assert [r["text"] for _, _, r in got] == [r[1] for r in rows]
        for _, offset, row in got:
            assert table.fetch(table.handle(offset, row, ["id", "text"]))["text"] == row["text"]


def test_csv_table_required_column_and_encoding(tmp_path):
    table = CsvTable(write_csv(tmp_path / "t.csv", ["a", "B"], [["1", "2"]]))
    assert table.require(["a", "b"]) == {"a": "a", "b": "B"}
    err = raises_input(lambda: table.require(["a", "report"]))
    assert "t.csv" in str(err) and "report" in str(err) and err.field == "report"
    bad = tmp_path / "latin.csv"
    bad.write_bytes("a,b\n1,caf\xe9\n".encode("latin-1"))
    err = raises_input(lambda: list(CsvTable(bad).rows()))
    assert "latin.csv" in str(err) and "UTF-8" in str(err)
    raises_input(lambda: CsvTable(tmp_path / "absent.csv"))


def test_normalisers():
    cases = {
        "PA": "PA",
        "ap": "AP",
        "Lat": "LATERAL",
        "lateral": "LATERAL",
        "LL": "LL",
        "Frontal": "FRONTAL",
        "AP supine": "AP",
        "AP_horizontal": "AP",
        "": "UNKNOWN",
        None: "UNKNOWN",
        "PA and lateral": "UNKNOWN",
        "left lateral": "LL",
        "AP AXIAL": "AP AXIAL",
        "weird": "UNKNOWN",
        "PA erect": "PA",
    }
    for text, view in cases.items():
        assert normalise_view(text) == view, text
    assert [normalise_split(s) for s in ("train", "valid", "validate", "TEST", "", "other")] == [
        "train",
        "validate",
        "validate",
        "test",
        None,
        None,
    ]
    assert iso_date("21800506") == "2180-05-06" and iso_date("21800506.0") == "2180-05-06"
    assert iso_date("2021-03-04 10:00") == "2021-03-04" and iso_date("04.03.2021") == "2021-03-04"
    assert iso_date("") is None
    with pytest.raises(ValueError):
        iso_date("03/04/2021")
    assert sorted(["s10", "s2", "s1"], key=natural_key) == ["s1", "s2", "s10"]


def test_open_source_errors(tmp_path):
    assert set(READERS) == {"mimic-cxr", "chexpert-plus", "openi", "padchest", "csv"}
    raises_input(lambda: open_source("nope", tmp_path))
    raises_input(lambda: open_source("mimic-cxr", tmp_path, columns={"report": "x"}))


# ---------------------------------------------------------------------------------------------- MIMIC-CXR


def make_mimic(root: Path, with_split=True) -> Path:
    images = root / "mimic-cxr-jpg"
    reports = root / "mimic-cxr-reports"
    meta = [  # dicom_id, subject_id, study_id, ViewPosition, StudyDate
        ("d1", "10000032", "50414267", "PA", "21800506"),
        ("d2", "10000032", "50414267", "LATERAL", "21800506"),
        ("d3", "10000032", "53189527", "", "21800626"),
        ("d4", "11000011", "50000001", "AP", "21900101"),  # report missing
        ("d5", "12000022", "50000002", "AP", "21900102"),  # image missing
    ]
    write_csv(
        images / "mimic-cxr-2.0.0-metadata.csv.gz",
        [
            "dicom_id",
            "subject_id",
            "study_id",
            "PerformedProcedureStepDescription",
            "ViewPosition",
            "Rows",
            "Columns",
            "StudyDate",
            "StudyTime",
        ],
        [(d, p, s, "CHEST (PA AND LAT)", v, "3056", "2544", date, "142345.5") for d, p, s, v, date in meta],
    )
    if with_split:
        write_csv(
            images / "mimic-cxr-2.0.0-split.csv.gz",
            ["dicom_id", "study_id", "subject_id", "split"],
            [(d, s, p, {"50414267": "train", "53189527": "validate"}.get(s, "test")) for d, p, s, _, _ in meta],
        )
    labels = {"50414267": {"No Finding": "1.0"}, "53189527": {"Edema": "-1.0", "Cardiomegaly": "0.0"}}
    write_csv(
        images / "mimic-cxr-2.0.0-chexpert.csv.gz",
        ["subject_id", "study_id", *sorted(CHEXPERT_LABELS)],
        [
            (p, s, *(labels[s].get(k, "") for k in sorted(CHEXPERT_LABELS)))
            for p, s in (("10000032", "50414267"), ("10000032", "53189527"))
        ],
    )
    for d, p, s, _, _ in meta:
        if d != "d5":
            touch(images / f"files/p{p[:2]}/p{p}/s{s}/{d}.jpg")
        if s != "50000001":
            (reports / f"files/p{p[:2]}/p{p}").mkdir(parents=True, exist_ok=True)
            (reports / f"files/p{p[:2]}/p{p}/s{s}.txt").write_text(f"FINAL REPORT\n FINDINGS: study {s}.\n")
    return images


def test_mimic_reader(tmp_path):
    images = make_mimic(tmp_path)
    reader = open_source("mimic-cxr", images, tmp_path / "mimic-cxr-reports")
    reader.validate()
    recs = list(reader)
    assert [r.study_id for r in recs] == ["50000001", "50000002", "50414267", "53189527"]
    by = {r.study_id: r for r in recs}
    first = by["50414267"]
    assert first.patient_id == "10000032" and first.split == "train" and first.study_date == "2180-05-06"
    assert [(i.view, i.image_id) for i in first.images] == [("PA", "d1"), ("LATERAL", "d2")]
    assert first.images[0].rel == "files/p10/p10000032/s50414267/d1.jpg" and first.images[0].path.is_absolute()
    assert first.images[0].path.is_file() and first.extra["dicom_ids"] == ["d1", "d2"]
    assert first.report.startswith("FINAL REPORT") and first.sections == {} and first.problem is None
    assert first.ref == "files/p10/p10000032/s50414267.txt"
    assert first.labels["No Finding"] == 1.0 and first.labels["Edema"] is None
    second = by["53189527"]
    assert second.images[0].view == "UNKNOWN" and second.split == "validate"
    assert second.labels["Edema"] == -1.0 and second.labels["Cardiomegaly"] == 0.0
    assert by["50000001"].problem == ("missing_report", "report") and by["50000001"].labels is None
    assert by["50000002"].problem == ("missing_image", "image")
    assert by["50000002"].ref == "files/p12/p12000022/s50000002/d5.jpg" and by["50000002"].split == "test"


def test_mimic_without_split_file_and_reports_as_files_folder(tmp_path):
    images = make_mimic(tmp_path, with_split=False)
    recs = list(open_source("mimic-cxr", images, tmp_path / "mimic-cxr-reports" / "files"))
    assert len(recs) == 4 and all(r.split is None for r in recs)
    assert sum(r.problem is None for r in recs) == 2


def test_mimic_systematic_errors(tmp_path):
    images = make_mimic(tmp_path)
    # the reports default to the images root, which holds no report files
    err = raises_input(lambda: list(open_source("mimic-cxr", images)))
    assert err.field == "reports"
    # wrong --source: a CheXpert Plus folder given as MIMIC
    other = tmp_path / "chexpert"
    write_csv(other / "df_chexpert_plus_240401.csv", ["path_to_image"], [["train/patient1/study1/view1.jpg"]])
    err = raises_input(lambda: open_source("mimic-cxr", other).validate())
    assert "mimic-cxr-2.0.0-metadata.csv.gz" in str(err)
    # missing column
    write_csv(images / "mimic-cxr-2.0.0-metadata.csv.gz", ["dicom_id", "subject_id"], [["d1", SECRET_PATIENT]])
    err = raises_input(lambda: open_source("mimic-cxr", images, tmp_path / "mimic-cxr-reports").validate())
    assert "mimic-cxr-2.0.0-metadata.csv.gz" in str(err) and "study_id" in str(err)
    # zero studies
    write_csv(images / "mimic-cxr-2.0.0-metadata.csv.gz", ["dicom_id", "subject_id", "study_id"], [])
    raises_input(lambda: open_source("mimic-cxr", images, tmp_path / "mimic-cxr-reports").validate())
    raises_input(lambda: list(open_source("mimic-cxr", images, tmp_path / "mimic-cxr-reports")))


# ------------------------------------------------------------------------------------------ CheXpert Plus

CXP_HEADER = [
    "path_to_image",
    "path_to_dcm",
    "frontal_lateral",
    "ap_pa",
    "deid_patient_id",
    "patient_report_date_order",
    "report",
    "section_narrative",
    "section_findings",
    "section_impression",
    "section_accession_number",
    "age",
    "split",
]


def make_chexpert_plus(root: Path) -> Path:
    rows = [
        ("train/patient00010/study2/view1_frontal.jpg", "PA", "Frontal", "p10", "1"),
        ("train/patient00010/study2/view2_lateral.jpg", "", "Lateral", "p10", "1"),
        ("train/patient00010/study10/view1_frontal.jpg", "AP", "Frontal", "p10", "2"),
        ("valid/patient64541/study1/view1_frontal.jpg", "", "Frontal", "p64541", "1"),
        ("train/patient00011/study1/view1_frontal.jpg", "AP", "Frontal", "p11", "1"),  # image missing
    ]
    out = []
    for path, ap, fl, pid, order in rows:
        split = "valid" if path.startswith("valid") else "train"
        findings = f"FINDINGS TEXT {pid}\nSECOND LINE, with comma"
        out.append(
            (
                path,
                path.replace(".jpg", ".dcm"),
                fl,
                ap,
                pid,
                order,
                f"NARRATIVE\n{findings}\nIMPRESSION",
                "",
                findings,
                "IMPRESSION TEXT",
                "ACC123",
                "60",
                split,
            )
        )
        if pid != "p11":
            touch(root / path if "study10" not in path else (root / path).with_suffix(".png"))
    write_csv(root / "df_chexpert_plus_240401.csv", CXP_HEADER, out)
    return root


def test_chexpert_plus_reader(tmp_path):
    root = make_chexpert_plus(tmp_path / "chexpertplus")
    reader = open_source("chexpert-plus", root)
    reader.validate()
    recs = list(reader)
    assert [r.study_id for r in recs] == [
        "patient00010/study2",
        "patient00010/study10",
        "patient00011/study1",
        "patient64541/study1",
    ]
    a, b, missing, valid = recs
    assert [i.view for i in a.images] == ["PA", "LATERAL"] and a.split == "train" and a.patient_id == "p10"
    assert a.images[0].rel == "train/patient00010/study2/view1_frontal.jpg" and a.ref == a.images[0].rel
    assert a.sections == {"findings": "FINDINGS TEXT p10\nSECOND LINE, with comma", "impression": "IMPRESSION TEXT"}
    assert a.report.startswith("NARRATIVE\nFINDINGS") and a.labels is None and a.problem is None
    assert b.images[0].view == "AP" and b.images[0].path.suffix == ".png" and b.problem is None
    assert valid.split == "validate" and valid.images[0].view == "FRONTAL"
    assert missing.problem == ("missing_image", "image")


def test_chexpert_plus_errors(tmp_path):
    root = make_chexpert_plus(tmp_path / "cxp")
    # wrong --source: MIMIC folder given as CheXpert Plus
    mimic = make_mimic(tmp_path)
    err = raises_input(lambda: open_source("chexpert-plus", mimic).validate())
    assert "df_chexpert_plus_240401.csv" in str(err)
    table = write_csv(tmp_path / "other.csv", ["path_to_image", "deid_patient_id"], [["a/b/c.jpg", SECRET_PATIENT]])
    err = raises_input(lambda: open_source("chexpert-plus", root, table).validate())
    assert "other.csv" in str(err) and "'report'" in str(err)


# ------------------------------------------------------------------------------------------------- Open-I

OPENI_XML = """<?xml version="1.0" encoding="utf-8"?>
<eCitation>
  <meta type="rr"/>
  <uId id="CXR{n}"/>
  <IUXRId id="{n}"/>
  <MedlineCitation Owner="Indiana University" Status="supplied">
    <Article PubModel="Electronic">
      <Abstract>
        <AbstractText Label="COMPARISON">None.</AbstractText>
        <AbstractText Label="INDICATION">XXXX-year-old with cough</AbstractText>
        <AbstractText Label="FINDINGS">{findings}</AbstractText>
        <AbstractText Label="IMPRESSION">{impression}</AbstractText>
      </Abstract>
    </Article>
  </MedlineCitation>
  <MeSH>{mesh}</MeSH>
  {images}
</eCitation>
"""


def make_openi_xml(root: Path):
    reports = root / "ecgen-radiology"
    reports.mkdir(parents=True)
    images = root / "NLMCXR_png"
    specs = {
        1: (["CXR1_1_IM-0001-3001", "CXR1_1_IM-0001-4001"], "<major>normal</major>"),
        10: (["CXR10_IM-0002-1001"], "<major>Cardiomegaly/mild</major><minor>Pleural Effusion/left</minor>"),
        2: ([], "<major>No Indexing</major>"),
    }
    proj = []
    for n, (ids, mesh) in specs.items():
        imgs = "".join(f'<parentImage id="{i}"><caption>Xray Chest</caption></parentImage>' for i in ids)
        (reports / f"{n}.xml").write_text(
            OPENI_XML.format(n=n, findings="Heart size normal.", impression="Normal.", mesh=mesh, images=imgs)
        )
        for k, i in enumerate(ids):
            touch(images / f"{i}.png")
            proj.append((n, i.split("_", 1)[1] + ".dcm.png", "Frontal" if k == 0 else "Lateral"))
    return images, reports, proj


def test_openi_xml_reader(tmp_path):
    images, reports, proj = make_openi_xml(tmp_path)
    recs = list(open_source("openi", images, reports))
    assert [r.study_id for r in recs] == ["CXR1", "CXR2", "CXR10"]
    one, two, ten = recs
    assert one.patient_id == "CXR1" and one.split is None and len(one.images) == 2
    assert [i.view for i in one.images] == ["UNKNOWN", "UNKNOWN"] and one.images[0].rel == "CXR1_1_IM-0001-3001.png"
    assert one.sections == {
        "comparison": "None.",
        "indication": "XXXX-year-old with cough",
        "findings": "Heart size normal.",
        "impression": "Normal.",
    }
    assert one.labels["No Finding"] == 1.0 and one.ref == "ecgen-radiology/1.xml" and one.problem is None
    assert ten.labels["Cardiomegaly"] == 1.0 and ten.labels["Pleural Effusion"] == 1.0
    assert ten.labels["Edema"] is None and two.labels is None
    assert two.problem == ("no_images", "image")
    # indiana_projections.csv next to the XML folder supplies the views
    write_csv(tmp_path / "indiana_projections.csv", ["uid", "filename", "projection"], proj)
    one = next(iter(open_source("openi", images, reports)))
    assert [i.view for i in one.images] == ["FRONTAL", "LATERAL"]


def test_openi_csv_reader(tmp_path):
    images = tmp_path / "images" / "images_normalized"
    write_csv(
        tmp_path / "indiana_reports.csv",
        ["uid", "MeSH", "Problems", "image", "indication", "comparison", "findings", "impression"],
        [
            ("1", "normal", "normal", "Xray Chest PA and Lateral", "cough", "", "Clear lungs.", "Normal."),
            ("3", "Pulmonary Atelectasis/base;Catheters, Indwelling", "x", "", "", "", "", "Atelectasis."),
        ],
    )
    write_csv(
        tmp_path / "indiana_projections.csv",
        ["uid", "filename", "projection"],
        [
            ("1", "1_IM-0001-4001.dcm.png", "Frontal"),
            ("1", "1_IM-0001-3001.dcm.png", "Lateral"),
            ("3", "3_IM-0002-1001.dcm.png", "Frontal"),
        ],
    )
    touch(images / "1_IM-0001-4001.dcm.png")
    touch(images / "1_IM-0001-3001.dcm.png")
    for reports in (tmp_path, tmp_path / "indiana_reports.csv"):
        reader = open_source("openi", images, reports)
        reader.validate()
        one, three = list(reader)
        assert one.study_id == "CXR1" and [i.view for i in one.images] == ["FRONTAL", "LATERAL"]
        assert one.images[0].image_id == "CXR1_IM-0001-4001" and one.problem is None
        assert one.sections == {"indication": "cough", "findings": "Clear lungs.", "impression": "Normal."}
        assert three.labels["Atelectasis"] == 1.0 and three.labels["Support Devices"] == 1.0
        assert three.problem == ("missing_image", "image") and three.ref == "3_IM-0002-1001.dcm.png"


def test_openi_wrong_folder(tmp_path):
    err = raises_input(lambda: open_source("openi", tmp_path, tmp_path).validate())
    assert err.field == "reports"


# ----------------------------------------------------------------------------------------------- PadChest

PADCHEST_HEADER = [
    "",
    "ImageID",
    "ImageDir",
    "StudyDate_DICOM",
    "StudyID",
    "PatientID",
    "PatientBirth",
    "Projection",
    "MethodProjection",
    "ReportID",
    "Report",
    "MethodLabel",
    "Labels",
]


def make_padchest(root: Path, labels_b="['cardiomegaly', 'pleural effusion', 'nsg tube', 'rib fracture']"):
    rows = [
        (
            "img_a1.png",
            "0",
            "20150101",
            "st2",
            "pat1",
            "1950.0",
            "PA",
            "Manual",
            "r1",
            "cardiomegali leve .",
            "Physician",
            "['normal']",
        ),
        (
            "img_a2.png",
            "0",
            "20150101",
            "st2",
            "pat1",
            "1950.0",
            "L",
            "Manual",
            "r1",
            "cardiomegali leve .",
            "Physician",
            "['normal']",
        ),
        (
            "img_b1.png",
            "1",
            "20160202",
            "st10",
            "pat2",
            "1960.0",
            "AP_horizontal",
            "Manual",
            "r2",
            "derram pleural .",
            "NLP",
            labels_b,
        ),
        ("img_c1.png", "1", "20170303", "st3", "pat3", "", "COSTAL", "Manual", "r3", "", "NLP", "['exclude']"),
    ]
    write_csv(
        root / "PADCHEST_chest_x_ray_images_labels_160K_01.02.19.csv.gz",
        PADCHEST_HEADER,
        [(str(i), *r) for i, r in enumerate(rows)],
    )
    touch(root / "0" / "img_a1.png")
    touch(root / "0" / "img_a2.png")
    touch(root / "img_b1.png")  # flat layout accepted
    touch(root / "1" / "img_c1.png")
    return root


def test_padchest_reader(tmp_path):
    root = make_padchest(tmp_path / "padchest")
    reader = open_source("padchest", root)
    reader.validate()
    recs = list(reader)
    assert [r.study_id for r in recs] == ["st2", "st3", "st10"]
    two, three, ten = recs
    assert two.language == "es" and two.report == "cardiomegali leve ." and two.patient_id == "pat1"
    assert [i.view for i in two.images] == ["PA", "LATERAL"] and two.images[0].rel == "0/img_a1.png"
    assert two.labels["No Finding"] == 1.0 and two.split is None and two.study_date == "2015-01-01"
    assert two.ref == "0/img_a1.png" and two.problem is None
    assert ten.images[0].view == "AP" and ten.images[0].rel == "img_b1.png" and ten.problem is None
    assert {k for k, v in ten.labels.items() if v == 1.0} == {
        "Cardiomegaly",
        "Pleural Effusion",
        "Support Devices",
        "Fracture",
    }
    assert three.images[0].view == "UNKNOWN" and three.labels is None
    assert three.problem == ("missing_report", "report")


def test_padchest_malformed_labels_and_errors(tmp_path):
    root = make_padchest(tmp_path / "padchest", labels_b="['cardiomegaly'")
    ten = [r for r in open_source("padchest", root) if r.study_id == "st10"][0]
    assert ten.problem == ("malformed_row", "Labels")
    err = raises_input(lambda: open_source("padchest", tmp_path / "padchest", tmp_path / "nothing").validate())
    assert err.field == "reports"
    err = raises_input(lambda: open_source("padchest", make_mimic(tmp_path)).validate())
    assert "PADCHEST" in str(err)


# ---------------------------------------------------------------------------------------- hospital csv


def make_hospital(root: Path, header=None, delimiter=",", bom=False, name="reports.csv"):
    header = header or ["patient_id", "study_id", "image_path", "report", "study_date", "view"]
    rows = [
        (SECRET_PATIENT, "S2", "a/1.dcm", f"{SECRET_TEXT} one", "2021-01-02", "PA"),
        (SECRET_PATIENT, "S2", "a/2.dcm", f"{SECRET_TEXT}  one", "2021-01-02", "Lat"),  # same text, spacing differs
        ("MRN2", "S1", "b\\1.dcm", "report b\nline 2", "20200304", "AP portable"),
        ("MRN3", "S3", "c/1.dcm", "report c", "2022-01-01", ""),
        ("MRN3", "S3", "c/2.dcm", "report c changed", "2022-01-01", "LATERAL"),  # inconsistent
        ("MRN4", "S4", "d/1.dcm", "", "2022-01-01", "PA"),  # empty report
        ("MRN5", "S5", "e/1.dcm", "report e", "2022-01-01", "PA"),  # image missing
    ]
    for r in rows:
        if r[1] != "S5":
            touch(root / "images" / r[2].replace("\\", "/"))
    return write_csv(root / name, header, rows, delimiter, bom), root / "images"


def test_hospital_csv_reader(tmp_path):
    table, images = make_hospital(tmp_path)
    reader = open_source("csv", images, table)
    reader.validate()
    recs = list(reader)
    assert [r.study_id for r in recs] == ["S1", "S2", "S3", "S4", "S5"]
    s1, s2, s3, s4, s5 = recs
    assert s1.images[0].rel == "b/1.dcm" and s1.images[0].view == "AP" and s1.report == "report b\nline 2"
    assert s1.study_date == "2020-03-04" and s1.ref == "reports.csv:row 3" and s1.problem is None
    assert s2.patient_id == SECRET_PATIENT and [i.view for i in s2.images] == ["PA", "LATERAL"]
    assert s2.report == f"{SECRET_TEXT} one" and s2.problem is None and s2.ref == "reports.csv:row 1"
    assert s2.images[0].image_id is None and s2.split is None and s2.labels is None
    assert s3.problem == ("inconsistent_report", "report") and s3.ref == "reports.csv:row 5"
    assert s3.images[0].view == "UNKNOWN"
    assert s4.problem is None and s4.report is None  # blank: the text cleaner quarantines it (empty_report)
    assert s5.problem == ("missing_image", "image") and s5.ref == "reports.csv:row 7"
    for r in recs:
        assert SECRET_PATIENT not in r.ref and "/" not in r.ref


@pytest.mark.parametrize("delimiter,bom", [(";", True), ("\t", False), (",", True)])
def test_hospital_csv_mapping_and_delimiters(tmp_path, delimiter, bom):
    header = ["PatientMRN", "Accession", "ImagePath", "ReportText", "ExamDate", "ViewPosition"]
    table, images = make_hospital(tmp_path, header, delimiter, bom, name="export.txt")
    columns = {
        "patient_id": "PatientMRN",
        "study_id": "Accession",
        "image_path": "ImagePath",
        "report": "ReportText",
        "study_date": "ExamDate",
        "view": "ViewPosition",
    }
    recs = list(open_source("csv", images, table, columns))
    assert len(recs) == 5 and recs[1].report == f"{SECRET_TEXT} one"
    assert recs[2].problem == ("inconsistent_report", "ReportText")
    assert recs[3].problem is None and recs[3].report is None  # blank report: empty_report downstream
    # without the mapping: the missing column is named, with the file
    err = raises_input(lambda: open_source("csv", images, table).validate())
    assert "export.txt" in str(err) and "'patient_id'" in str(err)
    # a mapping to a header that is not there
    err = raises_input(lambda: open_source("csv", images, table, {**columns, "report": "Befund"}).validate())
    assert "Befund" in str(err) and err.field == "Befund"


def test_hospital_csv_errors(tmp_path):
    table, images = make_hospital(tmp_path)
    raises_input(lambda: open_source("csv", images, None).validate())
    raises_input(lambda: open_source("csv", images, table, {"reprot": "x"}).validate())
    raises_input(lambda: open_source("csv", tmp_path / "nowhere", table).validate())
    empty = write_csv(tmp_path / "empty.csv", ["patient_id", "study_id", "image_path", "report"], [])
    raises_input(lambda: open_source("csv", images, empty).validate())
    raises_input(lambda: list(open_source("csv", images, empty)))
    bad_date = write_csv(
        tmp_path / "d.csv",
        ["patient_id", "study_id", "image_path", "report", "study_date"],
        [
            (SECRET_PATIENT, "S1", "a/1.dcm", SECRET_TEXT, "03/04/2021"),
            ("", "S2", "a/1.dcm", SECRET_TEXT, ""),
            (SECRET_PATIENT, "", "a/1.dcm", SECRET_TEXT, ""),
        ],
    )
    reader = open_source("csv", images, bad_date)
    recs = list(reader)
    # an unparseable date (MM/DD is ambiguous without --date-format) is dropped and counted, the study kept
    assert [r.problem for r in recs] == [("missing_field", "study_id"), None, ("missing_field", "patient_id")]
    assert recs[1].study_date is None and reader.dropped_fields == {"study_date": 1}
    assert recs[0].ref == "d.csv:row 3" and recs[0].patient_id == ""
    reader = open_source("csv", images, bad_date, date_format="%m/%d/%Y")
    assert [r.study_date for r in reader][1] == "2021-03-04" and not reader.dropped_fields


# ------------------------------------------------------------------------------------- synth datasets

SYNTH_IMAGE_GLOBS = {
    "mimic-cxr": "files/**/*.jpg",
    "chexpert-plus": "*/patient*/study*/*.jpg",
    "openi": "*.png",
    "padchest": "*/*.png",
    "csv": "**/*.*",
}
SYNTH_SPLITS = {"mimic-cxr": {"train", "validate", "test"}, "chexpert-plus": {"train", "validate"}}


@pytest.mark.parametrize("source", sorted(READERS))
def test_reader_on_synth(tmp_path, source):
    synth = pytest.importorskip("megacxr.synth")
    out = tmp_path / source
    info = synth.generate(source, out, studies=24, seed=3, image_size=64)
    images = out / info["images"]
    reader = open_source(source, images, out / info["reports"] if info.get("reports") else None)
    reader.validate()
    recs = list(reader)
    assert [r.problem for r in recs] == [None] * len(recs)
    assert len(recs) == info["studies"] == len({r.study_id for r in recs})
    assert len({r.patient_id for r in recs}) == info["patients"]
    assert [r.study_id for r in recs] == [r.study_id for r in sorted(recs, key=lambda r: natural_key(r.study_id))]
    on_disk = sorted(p for p in images.glob(SYNTH_IMAGE_GLOBS[source]) if p.is_file())
    assert sorted(i.path for r in recs for i in r.images) == on_disk
    assert all(i.path == images / i.rel for r in recs for i in r.images)
    views = {i.view for r in recs for i in r.images}
    assert views & {"PA", "AP", "FRONTAL"} and "LATERAL" in views
    assert {r.split for r in recs} == SYNTH_SPLITS.get(source, {None})
    assert all(r.report or r.sections for r in recs)
    if source == "padchest":
        assert {r.language for r in recs} == {"es"}
    # the same input reads the same way twice
    again = list(open_source(source, images, out / info["reports"] if info.get("reports") else None))
    assert [(r.study_id, [i.rel for i in r.images]) for r in again] == [
        (r.study_id, [i.rel for i in r.images]) for r in recs
    ]


def test_openi_csv_variant_on_synth(tmp_path):
    synth = pytest.importorskip("megacxr.synth")
    info = synth.generate("openi", tmp_path, studies=10, seed=5, image_size=64)
    variant = info["extra_variants"]["csv"]
    xml = list(open_source("openi", tmp_path / info["images"], tmp_path / info["reports"]))
    csv_recs = list(open_source("openi", tmp_path / variant["images"], tmp_path / variant["reports"]))
    assert [r.problem for r in csv_recs] == [None] * len(csv_recs)
    # both layouts describe the same studies, images, views and sections
    assert [r.study_id for r in xml] == [r.study_id for r in csv_recs]
    for a, b in zip(xml, csv_recs, strict=False):
        assert [i.view for i in a.images] == [i.view for i in b.images]
        assert {k: v for k, v in a.sections.items() if k in b.sections} == b.sections
        assert a.labels == b.labels
