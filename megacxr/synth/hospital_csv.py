"""Synthetic hospital export (``--source csv``): ``reports.csv`` with one row per image (patient_id, study_id,
image_path, report, study_date, view; the report repeated on each row of a study) and ``images/`` holding a mix
of DICOM (uncompressed; MONOCHROME1 inverted 12-bit, MONOCHROME2 12-bit with WindowCenter/WindowWidth, 8-bit),
PNG and JPEG files.

Reports read like a busy department's: abbreviation-rich ("No PTX. Mild cardiomeg. ETT 4 cm above carina."),
often impression-only, and many carry identifiers that a PHI screen must remove: names after titles, dates in
three formats, MRNs and bare digit runs, phone and pager numbers, e-mail addresses. Every planted string is
recorded in ``phi_planted.jsonl`` ({"study_id", "kind", "text"}), exactly as it appears in the report. DICOM
headers carry fake patient names and ids too (not listed: they never reach report text).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from megacxr.synth import Context, save_image, write_csv
from megacxr.synth.content import Sentence, compose, fill, person, sample_cohort
from megacxr.synth.draw import draw, to_uint8, to_uint16

TABLE, IMAGES, PHI = "reports.csv", "images", "phi_planted.jsonl"
HEADER = ["patient_id", "study_id", "image_path", "report", "study_date", "view"]
CR_STORAGE = "1.2.840.10008.5.1.4.1.1.1"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Longest phrases first; each rule is applied to a report with probability 0.8.
_ABBREV = [
    (r"No focal consolidation, pleural effusion,? or pneumothorax", "No consol, eff or PTX"),
    (r"right internal jugular central venous catheter", "RIJ CVC"),
    (r"left subclavian line", "L subclavian CVC"),
    (r"(The )?endotracheal tube|ET tube", "ETT"),
    (r"(The )?nasogastric tube|Enteric tube", "NGT"),
    (r"enlargement of the cardiac silhouette|cardiomegaly", "cardiomeg"),
    (r"pneumothorax", "PTX"),
    (r"pleural effusions", "effs"),
    (r"pleural effusion", "eff"),
    (r"atelectasis", "atx"),
    (r"consolidation", "consol"),
    (r"pneumonia", "PNA"),
    (r"pulmonary vascular congestion", "pulm vasc congestion"),
    (r"pulmonary edema", "pulm edema"),
    (r"right upper lobe", "RUL"),
    (r"right middle lobe", "RML"),
    (r"right lower lobe", "RLL"),
    (r"left upper lobe", "LUL"),
    (r"left lower lobe", "LLL"),
    (r"right atrium", "RA"),
    (r"right ventricle", "RV"),
    (r"(left|right) basilar", lambda m: f"{m[1][0].upper()} base"),
    (r"bilateral", "b/l"),
    (r"\bleft\b", "L"),
    (r"\bright\b", "R"),
    (r"moderate", "mod"),
    (r"shortness of breath", "SOB"),
    (r"congestive heart failure", "CHF"),
    (r"evaluate", "eval"),
    (r"history of", "h/o"),
    (r"rule out", "r/o"),
    (r"consistent with", "c/w"),
    (r"with", "w/"),
    (r"No acute cardiopulmonary (process|abnormality)", "No acute cardiopulm process"),
    (r"The heart size is normal|Heart size is within normal limits", "Nml heart size"),
    (r"There (is|are) (a )?", ""),
    (r" (is|are) (seen|present|noted)\.", "."),
    (r"above the carina", "above carina"),
]


def abbreviate(text: str, rng) -> str:
    for pattern, repl in _ABBREV:
        if rng.random() < 0.8:
            text = re.sub(pattern, repl, text, flags=re.I)
    return re.sub(r"(^|\. )([a-z])", lambda m: m[1] + m[2].upper(), text)


HOSTILE_KINDS = 11
_HANGUL_NAMES = ("김민수", "이서연", "박지성", "최유진", "정하늘", "강동원", "윤서준", "장미란")
_STREETS = ("Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Pine", "Park")
_SUFFIXES = ("Street", "St.", "Avenue", "Ave", "Road", "Rd.", "Drive", "Lane", "Blvd", "Way")


class Planter:
    """Fills identifier slots of one report and records each planted string."""

    def __init__(self, study, study_id: str, patient: tuple[str, str], mrn: str, when: dt.date, caps: bool, rng):
        self.study, self.study_id, self.patient, self.mrn, self.when = study, study_id, patient, mrn, when
        self.caps, self.rng = caps, rng
        self.planted: list[dict] = []

    def plant(self, kind: str, text: str) -> str:
        text = text.upper() if self.caps else text
        self.planted.append({"study_id": self.study_id, "kind": kind, "text": text})
        return text

    def date(self) -> str:
        r = self.rng
        d = self.when - dt.timedelta(days=int(r.integers(0, 1500)))
        form = int(r.integers(3))
        return self.plant(
            "date",
            [f"{d.month:02d}/{d.day:02d}/{d.year}", d.isoformat(), f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"][form],
        )

    def phone(self, style: int | None = None) -> str:
        r = self.rng
        a, b = int(r.integers(201, 990)), int(r.integers(0, 10000))
        return self.plant(
            "phone",
            [f"({a}) 555-{b:04d}", f"{a}-555-{b:04d}", f"{a}.555.{b:04d}"][
                int(r.integers(3)) if style is None else style
            ],
        )

    def slot(self, kind: str) -> str:
        if kind == "DATE":
            return self.date()
        if kind == "NAME":
            return self.plant("name", person(self.rng)[1])
        if kind == "TIME":
            return f"{int(self.rng.integers(0, 24)):02d}:{int(self.rng.integers(0, 60)):02d}"
        return str(self.study.age)

    def extra(self, kind: int) -> str:
        r, (first, last) = self.rng, self.patient
        doc_first, doc = person(r)
        if kind == 0:
            return f"Discussed with Dr. {self.plant('name', doc)} at {self.slot('TIME')}."
        if kind == 1:
            title = "Mr." if self.study.sex == "M" else str(r.choice(["Ms.", "Mrs."]))
            return f"Pt {title} {self.plant('name', f'{first} {last}')} identified by 2 identifiers."
        if kind == 2:
            return f"Comparison: outside films dated {self.date()}."
        if kind == 3:
            return f"MRN {self.plant('mrn', self.mrn)}."
        if kind == 4:
            digits = "".join(str(d) for d in r.integers(0, 10, int(r.integers(7, 11))))
            return f"Prior accession {self.plant('mrn', digits)}."
        if kind == 5:
            return f"Call reading room at {self.phone(int(r.integers(2)))} w/ questions."
        if kind == 6:
            return f"Results paged to Dr. {self.plant('name', f'{doc_first} {doc}')}, pager {self.phone(2)}."
        local = re.sub(r"[^a-z]", "", f"{doc_first[0]}{doc}".lower())
        return f"Questions: {self.plant('email', f'{local}@springfieldgeneral.org')}"

    def hostile(self, kind: int, r) -> str:
        """The identifier forms real exports carry beyond ``extra`` (issue 13), in the export's own case."""
        (first, last), (doc_first, doc) = self.patient, person(r)
        kname = str(r.choice(_HANGUL_NAMES))
        if kind == 0:
            return f"{r.choice(['Pt', 'Patient', 'Patient name', 'Name'])}: {self._raw('name', f'{first} {last}')}."
        if kind == 1:
            return f"Reported by Dr. ___: {self._raw('name', f'{doc_first} {doc}')}."
        if kind == 2:
            return f"{self._raw('name', f'{doc}, {doc_first}')} (attending) reviewed the images."
        if kind == 3:
            return f"pt {self._raw('name', f'{first.lower()} {last.lower()}')} identified by wristband."
        if kind == 4:
            return f"d/w dr {self._raw('name', doc.lower())} at bedside."
        if kind == 5:
            return (
                f"{r.choice(['Communicated to', 'Discussed with'])} {self._raw('name', f'{doc_first} {doc}')} by phone."
            )
        if kind == 6:
            street = f"{int(r.integers(1, 9999))} {r.choice(_STREETS)} {r.choice(_SUFFIXES)}"
            return f"Home address {self._raw('address', f'{street}, Springfield, IL {int(r.integers(10000, 99999))}')}."
        if kind == 7:
            n = int(r.integers(1, 999))
            form = [f"서울특별시 강남구 테헤란로 {n}", f"{n} Teheran-ro, Gangnam-gu, Seoul"][int(r.integers(2))]
            return f"Address: {self._raw('address', form)}."
        if kind == 8:
            age = int(r.integers(90, 105))
            return f"A {self._raw('age', str(age))}-year-old {r.choice(['man', 'woman'])}."
        if kind == 9:
            ip = ".".join(str(int(x)) for x in (10, *r.integers(0, 256, 3)))
            return f"Images pushed from workstation {self._raw('ip', ip)}."
        form = [f"환자 {kname} 확인.", f"Dr. {kname} 판독.", f"{kname} 님 보호자 동반."][int(r.integers(3))]
        self._raw("name", kname)
        return form

    def _raw(self, kind: str, text: str) -> str:
        """Record ``text`` as planted exactly as written (never upper-cased)."""
        self.planted.append({"study_id": self.study_id, "kind": kind, "text": text})
        return text


def report(study, views, study_id: str, patient, mrn: str, when: dt.date, rng) -> tuple[str, list[dict]]:
    rep = compose(study, views, rng, terse=True)
    caps = rng.random() < 0.2
    planter = Planter(study, study_id, patient, mrn, when, caps, rng)

    def text(sentences) -> str:
        out = abbreviate(" ".join(s.text for s in sentences), rng)
        return out.upper() if caps else out

    impression = text(rep.impression + ([Sentence(rep.communication)] if rep.communication else []))
    form = rng.random()
    if form < 0.6:
        body = f"IMPRESSION: {impression}"
    elif form < 0.85:
        body = f"FINDINGS: {text(rep.findings)}\nIMPRESSION: {impression}"
    else:
        body = f"{text(rep.findings)} {impression}"
    if rng.random() < 0.35:
        body = f"HX: {abbreviate(rep.indication.replace('History: ', ''), rng)}\n{body}"
    if rng.random() < 0.55:
        lines = [planter.extra(int(k)) for k in rng.choice(8, int(rng.integers(1, 4)), replace=False)]
        body += "\n" + " ".join(lines if not caps else [x.upper() for x in lines])
    # the forms of issue 13, from a generator of their own so that the reports above stay as they were
    extra = np.random.default_rng(zlib.crc32(study_id.encode()))
    if extra.random() < 0.5:
        kinds = extra.choice(HOSTILE_KINDS, int(extra.integers(1, 3)), replace=False)
        body += "\n" + " ".join(planter.hostile(int(k), extra) for k in kinds)
    return fill(body, planter.slot), planter.planted


def _dicom(path, pixels: np.ndarray, kind: str, ids: dict, view: str, rng) -> None:
    meta = FileMetaDataset()
    sop = generate_uid(entropy_srcs=[ids["study_id"], str(path.name)])
    meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID = CR_STORAGE, sop
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = CR_STORAGE, sop
    ds.StudyInstanceUID = generate_uid(entropy_srcs=[ids["study_id"]])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=[ids["study_id"], "series"])
    ds.PatientName, ds.PatientID = ids["name"], ids["mrn"]
    ds.PatientBirthDate, ds.PatientSex = ids["birth"], ids["sex"]
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber = ids["date"], ids["time"], ids["study_id"]
    ds.Modality, ds.BodyPartExamined, ds.ViewPosition = "CR", "CHEST", view
    ds.InstitutionName, ds.ReferringPhysicianName = "Springfield General Hospital", ids["referrer"]
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PixelRepresentation = 1, 0
    if kind == "dcm8":
        ds.PhotometricInterpretation, ds.BitsAllocated, ds.BitsStored, ds.HighBit = "MONOCHROME2", 8, 8, 7
        data = pixels.tobytes()
    else:
        ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 12, 11
        ds.PhotometricInterpretation = "MONOCHROME1" if kind == "dcm_mono1" else "MONOCHROME2"
        ds.WindowCenter, ds.WindowWidth = int(rng.integers(1900, 2200)), int(rng.integers(3300, 4000))
        data = pixels.astype("<u2").tobytes()
    ds.PixelData = data + (b"\0" if len(data) % 2 else b"")
    ds.save_as(path, enforce_file_format=True)


def write(ctx: Context) -> dict:
    rng = ctx.rng(0)
    cohort = sample_cohort(rng, ctx.studies)
    n_pat = cohort[-1].patient + 1
    mrns = [f"{x:08d}" for x in rng.choice(100_000_000, n_pat, replace=False)]
    names = [person(rng) for _ in range(n_pat)]
    first_day = {
        p: dt.date(int(rng.integers(2015, 2024)), 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        for p in range(n_pat)
    }
    accessions = rng.choice(10_000_000, len(cohort), replace=False)

    def one(i: int):
        st = cohort[i]
        r = ctx.rng(1, i)
        date = first_day[st.patient] + dt.timedelta(days=st.day)
        study_id = f"CR{date.year % 100:02d}{accessions[i]:07d}"
        views = [("AP",)] if st.has("et_tube") else [("PA", "LATERAL"), ("PA", "LATERAL"), ("AP",), ("PA",)]
        views = list(views[int(r.integers(len(views)))])
        text, planted = report(st, views, study_id, names[st.patient], mrns[st.patient], date, r)
        fmt = str(r.choice(["dcm_mono1", "dcm16", "dcm8", "png", "jpg"], p=[0.15, 0.2, 0.15, 0.25, 0.25]))
        first, last = names[st.patient]
        ids = {
            "study_id": study_id,
            "mrn": mrns[st.patient],
            "name": f"{last.upper()}^{first.upper()}",
            "birth": f"{date.year - st.age}{int(r.integers(1, 13)):02d}{int(r.integers(1, 29)):02d}",
            "sex": st.sex,
            "date": date.strftime("%Y%m%d"),
            "time": f"{int(r.integers(0, 24)):02d}{int(r.integers(0, 60)):02d}00",
            "referrer": "^".join(person(r)[::-1]).upper(),
        }
        rows = []
        for k, view in enumerate(views, 1):
            w, h = ctx.dims(r)
            img = draw(st.findings, view, r, w, h)
            ext = {"png": "png", "jpg": "jpg"}.get(fmt, "dcm")
            rel = f"{date.year}/{study_id}/{k:03d}.{ext}"
            path = ctx.out / IMAGES / rel
            if ext == "dcm":
                path.parent.mkdir(parents=True, exist_ok=True)
                pixels = to_uint8(img) if fmt == "dcm8" else to_uint16(img, 12)
                _dicom(
                    path,
                    4095 - pixels if fmt == "dcm_mono1" else pixels,
                    fmt,
                    ids,
                    "LL" if view == "LATERAL" else view,
                    r,
                )
            else:
                save_image(path, to_uint8(img), "JPEG" if ext == "jpg" else "PNG")
            shown = {"PA": "PA", "AP": str(r.choice(["AP", "PORTABLE AP"])), "LATERAL": "LAT"}[view]
            rows.append([mrns[st.patient], study_id, rel, text, date.isoformat(), "" if r.random() < 0.05 else shown])
        return rows, planted

    results = list(ctx.map(one, range(len(cohort))))
    write_csv(ctx.out / TABLE, HEADER, [row for rows, _ in results for row in rows])
    (ctx.out / PHI).write_text("".join(json.dumps(p) + "\n" for _, planted in results for p in planted))
    return {"images": IMAGES, "reports": TABLE, "patients": n_pat}
