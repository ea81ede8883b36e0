"""What every synthetic dataset says: a findings model, English report sentences with CheXpert labels derived
from exactly the sentences written, and the fake identifiers that fill report placeholders.

Source modules sample a cohort here (``sample_cohort``), compose a report (``compose``) and draw each view
(``megacxr.synth.draw.draw``, which follows the same ``Finding`` objects), then render all of it in their own
on-disk layout and wording. Report text carries placeholder tokens ``<AGE>``, ``<DATE>``, ``<TIME>`` and
``<NAME>`` that each source fills its own way (MIMIC ``___``, Open-I ``XXXX``, surrogate or planted
identifiers elsewhere; see ``fill``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from megacxr.reports.labels import CHEXPERT_LABELS

PATHOLOGIES = (
    "cardiomegaly",
    "effusion",
    "pneumothorax",
    "consolidation",
    "pneumonia",
    "atelectasis",
    "nodule",
    "edema",
    "fracture",
)
DEVICES = ("et_tube", "central_line", "pacemaker", "ng_tube")
SEVERITIES = ("mild", "moderate", "severe")
ZONES = ("upper", "middle", "lower")
# Prevalence per abnormal study, roughly in the order of frequency in public CXR sets.
_PREVALENCE = {
    "effusion": 0.32,
    "cardiomegaly": 0.26,
    "atelectasis": 0.26,
    "consolidation": 0.12,
    "pneumonia": 0.12,
    "edema": 0.12,
    "nodule": 0.09,
    "pneumothorax": 0.08,
    "fracture": 0.05,
    "et_tube": 0.10,
    "central_line": 0.14,
    "pacemaker": 0.08,
    "ng_tube": 0.08,
}
# Order in which an impression lists findings (most urgent first).
URGENCY = (
    "pneumothorax",
    "pneumonia",
    "consolidation",
    "edema",
    "effusion",
    "nodule",
    "cardiomegaly",
    "atelectasis",
    "fracture",
    "et_tube",
    "central_line",
    "ng_tube",
    "pacemaker",
)


@dataclass
class Finding:
    kind: str
    side: str | None = None  # patient's left / right / bilateral, where it applies
    severity: str = "mild"
    certainty: str = "present"  # present or possible
    zone: str | None = None  # upper / middle / lower (consolidation, pneumonia, nodule, fracture)
    value: float | None = None  # ET tube tip above the carina (cm), nodule size (mm), rib number
    change: str | None = None  # versus the patient's prior study: new, unchanged, increased, decreased

    def __post_init__(self):
        # Defaults for hand-built findings (tests, demos); the sampler always sets these itself.
        if self.kind in ("consolidation", "pneumonia", "nodule", "fracture") and self.zone is None:
            self.zone = "lower"
        if self.value is None and self.kind in ("et_tube", "nodule", "fracture"):
            self.value = {
                "et_tube": 4.0,
                "nodule": 10.0,
                "fracture": {"upper": 4.0, "middle": 6.0, "lower": 8.0}.get(self.zone, 8.0),
            }[self.kind]


@dataclass
class Study:
    patient: int
    order: int  # 0 = the patient's first study
    findings: list[Finding]
    age: int
    sex: str  # M / F
    day: int  # days since the patient's first study
    reason: str = ""
    resolved: list[Finding] = field(default_factory=list)  # findings of the prior study now gone

    @property
    def normal(self) -> bool:
        return not self.findings

    def has(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.findings)


# ------------------------------------------------------------------------------------------- findings model


def _new_finding(kind: str, rng: np.random.Generator) -> Finding:
    f = Finding(
        kind,
        severity=str(rng.choice(SEVERITIES, p=[0.5, 0.35, 0.15])),
        certainty="possible" if kind in PATHOLOGIES and rng.random() < 0.18 else "present",
    )
    if kind in ("effusion", "atelectasis"):
        f.side = str(rng.choice(["left", "right", "bilateral"], p=[0.35, 0.3, 0.35]))
    elif kind in ("consolidation", "pneumonia", "nodule", "fracture"):
        f.side = str(rng.choice(["left", "right", "bilateral"], p=[0.45, 0.45, 0.1]))
        f.side = "right" if kind in ("nodule", "fracture") and f.side == "bilateral" else f.side
        f.zone = str(rng.choice(ZONES, p=[0.25, 0.25, 0.5]))
    elif kind == "pneumothorax":
        f.side = str(rng.choice(["left", "right"]))
    elif kind == "central_line":
        f.side = str(rng.choice(["right", "left"], p=[0.75, 0.25]))
    elif kind == "pacemaker":
        f.side = str(rng.choice(["left", "right"], p=[0.85, 0.15]))
    if kind == "et_tube":
        f.value = float(rng.integers(2, 8))
    elif kind == "nodule":
        f.value = float(rng.integers(5, 15)) if f.severity != "severe" else float(rng.integers(30, 60))
    elif kind == "fracture":
        f.value = float(
            {"upper": rng.integers(3, 6), "middle": rng.integers(6, 8), "lower": rng.integers(8, 10)}[f.zone]
        )
    if kind in DEVICES:
        f.severity = "moderate"
    return f


def sample_findings(rng: np.random.Generator, prior: list[Finding] | None = None) -> list[Finding]:
    """~30% normal studies; otherwise independent findings with a few clinical couplings."""
    if prior is not None and prior and rng.random() < 0.75:
        out = []
        for p in prior:
            if rng.random() < 0.65:
                f = Finding(**{**p.__dict__})
                i = SEVERITIES.index(f.severity) + int(rng.choice([-1, 0, 0, 1]))
                f.change = (
                    "unchanged"
                    if f.kind in DEVICES or i == SEVERITIES.index(p.severity) or not 0 <= i < 3
                    else ("increased" if i > SEVERITIES.index(p.severity) else "decreased")
                )
                f.severity = SEVERITIES[min(max(i, 0), 2)] if f.kind not in DEVICES else f.severity
                out.append(f)
        if rng.random() < 0.4:
            extra = _new_finding(str(rng.choice(list(_PREVALENCE))), rng)
            if not any(f.kind == extra.kind for f in out):
                out.append(extra)
        new = [f for f in out if f.change is None]
        for f in new:
            f.change = "new"
        return out
    if rng.random() < 0.3:
        return []
    kinds = [k for k, p in _PREVALENCE.items() if rng.random() < p]
    if not kinds:
        kinds = [str(rng.choice(PATHOLOGIES))]
    if "edema" in kinds and rng.random() < 0.6:
        kinds += [k for k in ("cardiomegaly", "effusion") if k not in kinds]
    if "pneumonia" in kinds and "consolidation" in kinds:
        kinds.remove("consolidation")
    out = [_new_finding(k, rng) for k in kinds]
    for f in out:
        if f.kind == "effusion" and "edema" in kinds:
            f.side = "bilateral"
    if prior is not None:
        for f in out:
            f.change = "new"
    return out


_REASONS = {
    "pneumonia": ["fever and cough, evaluate for pneumonia", "productive cough, rule out pneumonia"],
    "consolidation": ["cough and fever", "hypoxia, evaluate for infiltrate"],
    "edema": ["shortness of breath, history of congestive heart failure", "dyspnea and leg swelling"],
    "effusion": ["shortness of breath", "follow-up pleural effusion"],
    "pneumothorax": ["chest pain after central line attempt", "sudden onset dyspnea, evaluate for pneumothorax"],
    "et_tube": ["intubated, evaluate endotracheal tube position", "post intubation"],
    "central_line": ["line placement", "new right internal jugular line, check position"],
    "nodule": ["history of lung cancer", "follow-up pulmonary nodule"],
    "fracture": ["fall, rib pain", "trauma, left chest wall pain"],
    None: ["chest pain", "preoperative evaluation", "cough", "shortness of breath", "rule out acute process", "fever"],
}


def sample_cohort(rng: np.random.Generator, n_studies: int, max_per_patient: int = 3) -> list[Study]:
    """Patients with 1-3 studies each (mean ~1.5), ``n_studies`` studies in total, in patient order."""
    studies: list[Study] = []
    patient = 0
    while len(studies) < n_studies:
        count = int(rng.choice([1, 2, 3], p=[0.6, 0.3, 0.1]))
        count = min(count, max_per_patient, n_studies - len(studies))
        age, sex = int(rng.integers(18, 96)), str(rng.choice(["M", "F"]))
        prior, day = None, 0
        for order in range(count):
            findings = sample_findings(rng, prior)
            key = next((k for k in URGENCY if any(f.kind == k for f in findings) and k in _REASONS), None)
            reason = str(rng.choice(_REASONS[key] if rng.random() < 0.7 else _REASONS[None]))
            gone = [p for p in prior or [] if p.kind in PATHOLOGIES and not any(f.kind == p.kind for f in findings)]
            studies.append(Study(patient, order, findings, age, sex, day, reason, gone))
            prior, day = findings, day + int(rng.integers(1, 400))
        patient += 1
    return studies


# ------------------------------------------------------------------------------------------ report sentences


@dataclass
class Sentence:
    text: str
    labels: dict[str, float] = field(default_factory=dict)


@dataclass
class Report:
    examination: str
    indication: str
    technique: str
    comparison: str
    findings: list[Sentence]
    impression: list[Sentence]
    communication: str = ""


_SEV = {
    "effusion": ("small", "moderate", "large"),
    "pneumothorax": ("small", "moderate", "large"),
    "cardiomegaly": ("mild", "moderate", "severe"),
    "edema": ("mild", "moderate", "severe"),
    "consolidation": ("patchy", "", "dense"),
    "pneumonia": ("patchy", "", "dense"),
    "atelectasis": ("minimal", "mild", "moderate"),
}
_ORD = {3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth"}


def _zone(f: Finding, rng) -> str:
    if f.side == "bilateral":
        return {"upper": "bilateral upper lobe", "middle": "bilateral mid lung", "lower": "bibasilar"}[f.zone]
    if f.zone == "middle":
        return "right middle lobe" if f.side == "right" else str(rng.choice(["lingular", "left mid lung"]))
    if f.zone == "upper":
        return f"{f.side} upper lobe"
    return str(rng.choice([f"{f.side} lower lobe", f"{f.side} basilar"]))


def _sev(f: Finding) -> str:
    return _SEV[f.kind][SEVERITIES.index(f.severity)]


def _np(f: Finding, rng) -> tuple[str, dict[str, float | None]]:
    """A noun phrase for a pathology and the labels it states (None = the finding's certainty)."""
    s, side = _sev(f) if f.kind in _SEV else "", f.side
    c: dict = {}
    if f.kind == "effusion":
        opts = [f"a {s} {side} pleural effusion", f"a {s} {side}-sided pleural effusion"]
        if side == "bilateral":
            opts = [f"pl:{s} bilateral pleural effusions", f"pl:{s} bilateral effusions"]
        return str(rng.choice(opts)), {"Pleural Effusion": None}
    if f.kind == "pneumothorax":
        return str(rng.choice([f"a {s} {side} apical pneumothorax", f"a {s} {side} pneumothorax"])), {
            "Pneumothorax": None
        }
    if f.kind == "cardiomegaly":
        return str(rng.choice([f"{s} cardiomegaly", f"{s} enlargement of the cardiac silhouette"])), {
            "Cardiomegaly": None
        }
    if f.kind in ("consolidation", "pneumonia"):
        z = _zone(f, rng)
        if f.kind == "consolidation":
            i = int(rng.integers(3))
            text = [f"{s} {z} consolidation", f"{s} {z} airspace opacity", f"{s} consolidation in the {z} region"][i]
            c = {"Lung Opacity": None} if i == 1 else {"Consolidation": None}
        else:
            i = int(rng.integers(3))
            text = [
                f"{s} {z} pneumonia",
                f"{s} {z} consolidation concerning for pneumonia",
                f"{s} {z} opacity consistent with pneumonia",
            ][i]
            c = [
                {"Pneumonia": None},
                {"Consolidation": None, "Pneumonia": -1.0},
                {"Lung Opacity": None, "Pneumonia": None},
            ][i]
        return text.replace("  ", " ").strip(), c
    if f.kind == "atelectasis":
        where = "bibasilar" if side == "bilateral" else f"{side} basilar"
        opts = [f"{s} {where} atelectasis", f"{s} {where} plate-like atelectasis"]
        if f.severity == "severe":
            opts = [f"{side} lower lobe collapse" if side != "bilateral" else "bibasilar collapse"]
        return str(rng.choice(opts)), {"Atelectasis": None}
    if f.kind == "nodule":
        z = _zone(f, rng)
        if f.value >= 30:
            return f"a {f.value / 10:.1f} cm {z} mass", {"Lung Lesion": None}
        mm = f"{f.value:.0f}"
        art = "an" if mm.startswith("8") or mm in ("11", "18") else "a"
        return str(
            rng.choice(
                [f"{art} {mm} mm {z} nodule", f"{art} {mm} mm nodular opacity in the {z}".replace("basilar", "base")]
            )
        ), {"Lung Lesion": None}
    if f.kind == "edema":
        opts = [f"{s} pulmonary edema", f"{s} interstitial pulmonary edema"]
        if f.severity == "mild":
            opts.append("mild pulmonary vascular congestion")
        return str(rng.choice(opts)), {"Edema": None}
    if f.kind == "fracture":
        n = _ORD[int(f.value)]
        return str(rng.choice([f"a healing fracture of the {side} lateral {n} rib", f"a {side} {n} rib fracture"])), {
            "Fracture": None
        }
    raise ValueError(f.kind)


def _device(f: Finding, rng) -> Sentence:
    sd = {"Support Devices": 1.0}
    lead = "Interval placement of " if f.change == "new" and rng.random() < 0.5 else ""
    if f.kind == "et_tube":
        cm = f"{f.value:.0f} cm"
        opts = [
            f"Endotracheal tube terminates {cm} above the carina.",
            f"ET tube tip is {cm} above the carina.",
            f"The endotracheal tube is in standard position, {cm} above the carina.",
        ]
        if lead:
            opts = [f"{lead}an endotracheal tube with tip {cm} above the carina."]
    elif f.kind == "central_line":
        where = str(rng.choice(["the mid SVC", "the lower SVC", "the cavoatrial junction"]))
        line = "right internal jugular central venous catheter" if f.side == "right" else "left subclavian line"
        opts = [f"{line.capitalize()} terminates in {where}.", f"{line.capitalize()} tip is in {where}."]
        if lead:
            opts = [f"{lead}a {line} with tip in {where}."]
    elif f.kind == "pacemaker":
        opts = [
            f"{f.side.capitalize()}-sided pacemaker with leads in the right atrium and right ventricle.",
            f"Dual-chamber pacemaker device overlies the {f.side} chest wall, leads in standard position.",
        ]
    else:
        opts = [
            "Nasogastric tube courses below the diaphragm with tip in the stomach.",
            "Enteric tube tip is in the stomach.",
            "The nasogastric tube terminates in the stomach.",
        ]
    return Sentence(str(rng.choice(opts)), sd)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def describe(f: Finding, rng, terse: bool = False) -> Sentence:
    """One sentence stating a finding, hedged when uncertain, framed against the prior when there was one."""
    if f.kind in DEVICES:
        return _device(f, rng)
    np_, lab = _np(f, rng)
    plural = np_.startswith("pl:")
    np_ = np_[3:] if plural else np_
    bare = re.sub(r"^(a|an) ", "", np_)
    be = "are" if plural else "is"
    cert = 1.0 if f.certainty == "present" else -1.0
    labels = {k: (cert if v is None else v) for k, v in lab.items()}
    if f.certainty == "possible":
        opts = [
            f"Possible {bare}.",
            f"{_cap(bare)} cannot be excluded.",
            f"Cannot exclude {bare}.",
            f"Findings may represent {np_}.",
            f"Questionable {bare}.",
        ]
    elif terse:
        opts = [f"{_cap(bare)}."]
    elif f.change == "new":
        opts = [
            f"New {bare}.",
            f"Interval development of {np_}.",
            f"There {be} new {bare}." if plural else f"There is a new {bare}.",
        ]
    elif f.change == "unchanged":
        opts = [f"Unchanged {bare}.", f"Stable {bare}.", f"{_cap(np_)} {be} unchanged."]
    elif f.change in ("increased", "decreased"):
        word = {
            "increased": ("Increased", "has increased", "worsened"),
            "decreased": ("Decreased", "has improved", "improved"),
        }[f.change]
        opts = [f"{word[0]} {bare}.", f"{_cap(bare)}, {word[2]} compared to the prior study."]
    else:
        opts = [f"There {be} {np_}.", f"{_cap(bare)}.", f"{_cap(np_)} {be} seen.", f"{_cap(np_)} {be} present."]
    return Sentence(re.sub(r"\s+", " ", str(rng.choice(opts))), labels)


_NEG = {
    "pneumothorax": ["No pneumothorax.", "There is no pneumothorax.", "No pneumothorax is seen."],
    "effusion": ["No pleural effusion.", "There are no pleural effusions.", "No large pleural effusion."],
    "consolidation": ["No focal consolidation.", "There is no focal airspace consolidation."],
    "edema": ["No pulmonary edema.", "There is no pulmonary vascular congestion or edema."],
    "fracture": ["No displaced rib fracture is seen.", "No acute displaced fracture."],
}
_NEG_LABEL = {
    "pneumothorax": "Pneumothorax",
    "effusion": "Pleural Effusion",
    "consolidation": "Consolidation",
    "edema": "Edema",
    "fracture": "Fracture",
}
_TRIPLE = [
    "No focal consolidation, pleural effusion or pneumothorax.",
    "There is no focal consolidation, pleural effusion, or pneumothorax.",
    "No pleural effusion, pneumothorax or focal airspace consolidation.",
    "The lungs are clear without focal consolidation, pleural effusion or pneumothorax.",
]
_FILLERS = [
    "The hilar contours are unremarkable.",
    "The mediastinal contours are normal.",
    "The osseous structures are unremarkable.",
    "The visualized upper abdomen is unremarkable.",
]


def negations(study: Study, rng) -> list[Sentence]:
    """Explicit negatives for the common findings the study does not have (labels 0.0)."""
    absent = [k for k in _NEG if not study.has(k) and not (k == "consolidation" and study.has("pneumonia"))]
    out: list[Sentence] = []
    if not study.has("cardiomegaly"):
        i = int(rng.integers(3))
        out.append(
            Sentence(
                [
                    "The heart size is normal.",
                    "Heart size is within normal limits.",
                    "The cardiomediastinal silhouette is normal.",
                ][i],
                {"Enlarged Cardiomediastinum" if i == 2 else "Cardiomegaly": 0.0},
            )
        )
    trio = ("consolidation", "effusion", "pneumothorax")
    if all(k in absent for k in trio) and rng.random() < 0.7:
        out.append(Sentence(str(rng.choice(_TRIPLE)), {_NEG_LABEL[k]: 0.0 for k in trio}))
        absent = [k for k in absent if k not in trio]
    for k in absent:
        if k in ("consolidation", "effusion", "pneumothorax") or rng.random() < 0.35:
            out.append(Sentence(str(rng.choice(_NEG[k])), {_NEG_LABEL[k]: 0.0}))
    if rng.random() < 0.4:
        out.append(Sentence(str(rng.choice(_FILLERS))))
    return out


_NORMAL_IMPRESSION = [
    "No acute cardiopulmonary process.",
    "No acute cardiopulmonary abnormality.",
    "Normal chest radiograph.",
    "No evidence of acute disease.",
]


def impression(study: Study, rng, terse: bool = False, limit: int = 3) -> list[Sentence]:
    if study.normal or (all(f.kind in DEVICES for f in study.findings) and rng.random() < 0.5):
        text = str(rng.choice(_NORMAL_IMPRESSION + ["No radiographic evidence of pneumonia."]))
        base = [Sentence(text, {"Pneumonia": 0.0} if "pneumonia" in text else {})]
        return [describe(f, rng, terse) for f in study.findings] + base
    ranked = sorted(study.findings, key=lambda f: URGENCY.index(f.kind))[:limit]
    out = [describe(f, rng, terse=terse or rng.random() < 0.5) for f in ranked]
    if any(f.kind == "nodule" for f in ranked) and rng.random() < 0.6:
        out.append(Sentence("Recommend CT chest for further evaluation."))
    return out


def compose(study: Study, views: list[str], rng, terse: bool = False) -> Report:
    """All sections of one English report; labels live on the sentences (see ``labels``)."""
    frontal = [v for v in views if v not in ("LATERAL", "LL")]
    portable = bool(frontal) and frontal[0] == "AP"
    if portable:
        exam = "CHEST (PORTABLE AP)"
        tech = str(
            rng.choice(
                ["Portable AP chest radiograph.", "AP portable upright view of the chest.", "Single frontal view."]
            )
        )
    else:
        exam = "CHEST (PA AND LAT)" if len(views) > 1 else "CHEST (PA)"
        tech = "Chest PA and lateral" if len(views) > 1 else "PA view of the chest."
    word = {"M": ("man", "male"), "F": ("woman", "female")}[study.sex][int(rng.integers(2))]
    indication = str(
        rng.choice(
            [
                f"<AGE>-year-old {word} with {study.reason}.",
                f"<AGE> year old {word} with {study.reason}",
                f"History: <AGE>{study.sex} with {study.reason}",
            ]
        )
    )
    comparison = (
        "None."
        if study.order == 0
        else str(rng.choice(["<DATE>.", "Chest radiograph <DATE>.", "Prior chest radiographs <DATE>."]))
    )
    body = [describe(f, rng, terse) for f in sorted(study.findings, key=lambda f: URGENCY.index(f.kind))]
    for f in study.resolved:
        np_, lab = _np(f, rng)
        bare = re.sub(r"^(pl:|a |an )", "", np_)
        body.append(
            Sentence(
                f"Interval resolution of the previously seen {bare}.", {k: 0.0 for k, v in lab.items() if v is None}
            )
        )
    body += negations(study, rng)
    if study.order > 0 and rng.random() < 0.6 and body:
        lead = str(
            rng.choice(
                [
                    "Compared to prior study of <DATE>, ",
                    "As compared to the previous radiograph, ",
                    "In comparison with the study of <DATE>, ",
                ]
            )
        )
        first = body[0].text
        body[0] = Sentence(lead + first[0].lower() + first[1:], body[0].labels)
    communication = ""
    if any(f.kind == "pneumothorax" and f.change in (None, "new") for f in study.findings) or rng.random() < 0.05:
        communication = str(
            rng.choice(
                [
                    "Findings were discussed with Dr. <NAME> by telephone at <TIME> on <DATE>.",
                    "The findings were communicated to Dr. <NAME> at <TIME> on <DATE>, by Dr. <NAME>.",
                ]
            )
        )
    return Report(exam, indication, tech, comparison, body, impression(study, rng, terse), communication)


def labels(sentences: list[Sentence]) -> dict[str, float | None]:
    """CheXpert-14 labels of the sentences: positive beats uncertain beats negative; No Finding by the usual rule."""
    out: dict[str, float | None] = dict.fromkeys(CHEXPERT_LABELS)
    rank = {1.0: 3, -1.0: 2, 0.0: 1}
    for s in sentences:
        for k, v in s.labels.items():
            if out[k] is None or rank[v] > rank[out[k]]:
                out[k] = v
    sick = any(out[k] in (1.0, -1.0) for k in CHEXPERT_LABELS if k not in ("No Finding", "Support Devices"))
    out["No Finding"] = None if sick else 1.0
    return out


# Fake people for surrogate (CheXpert Plus) and planted (hospital export) identifiers; none are real patients.
FIRST_NAMES = (
    "John",
    "Maria",
    "James",
    "Linda",
    "Robert",
    "Aisha",
    "Wei",
    "Carlos",
    "Priya",
    "Thomas",
    "Emily",
    "Hiroshi",
    "Fatima",
    "David",
    "Olga",
    "Samuel",
    "Grace",
    "Ahmed",
    "Ingrid",
    "Luis",
)
LAST_NAMES = (
    "Smith",
    "Alvarez",
    "Nguyen",
    "Patel",
    "O'Brien",
    "Kowalski",
    "Chen",
    "Johnson",
    "Garcia",
    "Okafor",
    "Schmidt",
    "Rossi",
    "Haddad",
    "Yamamoto",
    "Murphy",
    "Silva",
    "Novak",
    "Cohen",
    "Fitzgerald",
    "Lindqvist",
    "Moreno-Diaz",
    "Baker",
    "Ivanova",
    "Kim",
    "Dubois",
)


def person(rng) -> tuple[str, str]:
    return str(rng.choice(FIRST_NAMES)), str(rng.choice(LAST_NAMES))


def fill(text: str, filler) -> str:
    """Replace each ``<AGE>``/``<DATE>``/``<TIME>``/``<NAME>`` token with ``filler(kind)`` (called per token)."""
    return re.sub(r"<(AGE|DATE|TIME|NAME)>", lambda m: filler(m.group(1)), text)


def clock(rng) -> str:
    h, m = int(rng.integers(1, 13)), int(rng.integers(0, 60))
    return f"{h}:{m:02d} {'a.m.' if rng.random() < 0.5 else 'p.m.'}"
