"""Measure a PHI screen: recall on planted identifiers, over-redaction of clinical vocabulary, throughput.

``evaluate(screen, reports, planted)`` runs ``screen`` (text -> redacted text) over every report and counts a
planted identifier as caught when none of its parts (a word of two or more letters, a number of three or more
digits) is left in the redacted report.
``evaluate_set(screen, identifiers, clinical)`` measures the same on a written set (``tests/data/phi/``: a
development set and a held-out one, JSON Lines of ``{"id", "class", "text", "secrets"}`` and of ``{"id",
"class", "text"}``): recall per class (an item is caught when every secret is gone, or the study would be
quarantined), and the clinical items altered per class (changed, or quarantined).
``over_redaction(screen)`` embeds every term of ``CLINICAL_VOCABULARY`` (eponyms, devices, signs, anatomy,
measurements, levels: what a radiology report must keep) in a report sentence and counts the terms the screen
altered. Used by ``tests/test_phi_recall.py`` and ``benchmarks/bench_phi.py``; it prints nothing of the text.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable

from megacxr.reports.textclean import strip_controls

# Terms a screen must leave alone (eponyms, named devices and signs above all: they look like names).
CLINICAL_VOCABULARY = tuple(
    """
Kerley B lines|Kerley A lines|Swan-Ganz catheter|Port-A-Cath|Dobbhoff tube|Dobhoff tube|PICC line|Hickman catheter|
Foley catheter|Salem sump|Sengstaken-Blakemore tube|Minnesota tube|Jackson-Pratt drain|Blake drain|Pleurx catheter|
Heimlich valve|Impella device|Watchman device|MitraClip|Starr-Edwards valve|St. Jude valve|Harrington rods|
Nissen fundoplication|Ivor Lewis esophagectomy|Whipple procedure|Bochdalek hernia|Morgagni hernia|Pancoast tumor|
Westermark sign|Hampton hump|Fleischner sign|Golden S sign|Luftsichel sign|Kartagener syndrome|Poland syndrome|
Swyer-James syndrome|Mounier-Kuhn syndrome|Boerhaave syndrome|Mallory-Weiss tear|Zenker diverticulum|
Hodgkin lymphoma|non-Hodgkin lymphoma|Wegener granulomatosis|Marfan syndrome|Ehlers-Danlos syndrome|Chiari network|
Eustachian valve|Valsalva maneuver|Trendelenburg position|Hounsfield units|Tc-99m|Macklin effect|
Lemierre syndrome|Loeffler syndrome|Caplan syndrome|Churg-Strauss syndrome|Goodpasture syndrome|Kaposi sarcoma|
Ewing sarcoma|Wilms tumor|Askin tumor|Sjogren syndrome|Behcet disease|Castleman disease|Erdheim-Chester disease|
Langerhans cell histiocytosis|Pneumocystis jirovecii|Mycobacterium avium|Aspergillus|Klebsiella|Pseudomonas|
Staphylococcus aureus|Streptococcus pneumoniae|Legionella|Nocardia|Cryptococcus|Histoplasma|Coccidioides|
Blastomyces|Mendelson syndrome|Kussmaul breathing|Cheyne-Stokes respiration|Horner syndrome|Tietze syndrome|
Pectus excavatum|Pectus carinatum|Schatzki ring|Barrett esophagus|Ebstein anomaly|Tetralogy of Fallot|
Scimitar syndrome|Kommerell diverticulum|Ortner syndrome|Bland-White-Garland syndrome|Shone complex|
Eisenmenger syndrome|Dressler syndrome|Takayasu arteritis|Kawasaki disease|Hamman sign|Hamman-Rich syndrome|
Sarcoidosis|Silicosis|Asbestosis|Berylliosis|Lofgren syndrome|Meigs syndrome|Chilaiditi sign|Rigler sign|
Deep sulcus sign|Continuous diaphragm sign|Silhouette sign|Air bronchogram|Tree-in-bud|Crazy paving|Halo sign|
Reversed halo sign|Monod sign|Air crescent sign|Signet ring sign|Comet tail sign|Juxtaphrenic peak|
Hilum overlay sign|Cervicothoracic sign|Scimitar vein|Azygos fissure|Azygos lobe|Ligamentum arteriosum|
Aortopulmonary window|Right paratracheal stripe|Carina|Left atrial appendage|Right ventricular outflow tract|
Lateral costophrenic angle|Posterior costophrenic angle|T4 vertebral body|L1 vertebral body|C7 spinous process|
7th posterior rib|6th anterior rib|5.3 x 2.1 cm nodule|12 mm nodule|2 cm above the carina|Grade 2 edema|
ET tube 4 cm above the carina|NG tube in the stomach|Right IJ central venous catheter|Left subclavian line|
Dual-chamber pacemaker|AICD leads|LVAD cannula|IABP at the aortic knob|ECMO cannula|Chest tube|
Sternotomy wires|CABG clips|TAVR prosthesis|Mitral annuloplasty ring|Pigtail catheter|Tunneled dialysis catheter|
Mediport|Feeding tube|Tracheostomy tube|Endotracheal tube|Bronchial stent|Esophageal stent|IVC filter|
Embolization coils|Vertebroplasty cement|Kyphoplasty cement|Spinal fusion hardware|Shoulder arthroplasty|
Humeral head|Glenoid|Acromioclavicular joint|Sternoclavicular joint|Manubrium|Xiphoid|Scapula|Clavicle|
Costochondral junction|Hemidiaphragm|Fissure|Minor fissure|Major fissure|Lingula|Apical segment|Superior segment|
Paratracheal region|Subcarinal region|Hilar region|Retrocardiac region|Perihilar region|Bibasilar region|
Hyperinflation|Emphysema|Bullae|Bronchiectasis|Interstitial edema|Alveolar edema|Cephalization|
Pulmonary venous congestion|Cardiomegaly|Pericardial effusion|Pleural effusion|Pneumothorax|Hydropneumothorax|
Pneumomediastinum|Pneumoperitoneum|Subcutaneous emphysema|Atelectasis|Consolidation|Ground-glass opacity|
Lymphadenopathy|Calcified granuloma|Hiatal hernia|Tortuous aorta|Aortic knob calcification|Osteopenia|
Compression deformity|Healed rib fracture|Acute rib fracture|Scoliosis|Kyphosis|Degenerative changes
""".replace("\n", "").split("|")
)

_CONTEXTS = (
    "There is {} noted.",
    "{} is again seen.",
    "Findings consistent with {}.",
    "Compared with prior, {} is unchanged.",
    "IMPRESSION: {} without acute change.",
)


def _words(text: str) -> list[str]:
    # the parts that identify: words of 2+ letters and digit runs of 3+ (a day "22" left beside a time "22:25"
    # says nothing; a year or an id does)
    return [w for w in re.findall(r"[^\W\d_][\w'’-]*|\d+", text) if (len(w) >= 3 if w.isdigit() else len(w) >= 2)]


def caught(identifier: str, redacted: str, min_digits: int = 3) -> bool:
    """True when no identifying part of ``identifier`` (a word of 2+ letters, a number of ``min_digits``+
    digits) is left as a whole word in ``redacted``; a Hangul word must not be left even inside a longer one
    (Korean attaches particles and titles: "김민수님")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*|\d+", identifier) if len(w) >= (min_digits if w.isdigit() else 2)]
    for word in words:
        if any("\uac00" <= c <= "\ud7a3" for c in word):
            if word in redacted:
                return False
        elif re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", redacted):
            return False
    return True


# Titles, ranks, credentials and English function words a writer may include in a secret ("Dr. Ainhoa
# Goicoechea", "Lt. Col. ...", "Wendell Hatch, MD", "the 3rd of August"), and the words that join a married name
# ("née", "vda." for viuda), and the label of a telephone's extension ("ext. 4417"): they say what a person is, or
# nothing, not who; a screen that keeps them leaks nothing.
NOT_IDENTIFYING = frozenset(
    """
dr mr mrs ms miss mx mister madam rev reverend fr father pastor sister prof professor sir dame lt col maj capt cpt
sgt cpl pvt gen adm cmdr lcdr ltc md do rn np pa pa-c phd dds dmd pharmd crna lpn bsn msn dnp aprn fnp facr frcr
frcpc frcp mbbs mph rrt rt cnm lcsw msw
nurse officer deputy trooper sheriff detective det brother elder deacon bishop chaplain imam rabbi coach chief judge
fellow resident attending intern
the of and at on in to for by an
nee née vda viuda
years year yrs yr old yo años anos ans jahre anni turned turns aged
ext extension mrn
""".split()
)


def caught_in(secret: str, text: str, redacted: str) -> bool:
    """True when every identifying part of ``secret`` (a word of 2+ letters, a number of 2+ digits; not a title
    or credential of ``NOT_IDENTIFYING``) occurs in ``redacted`` no more often than in ``text`` outside the
    secret: a word the text also uses elsewhere ("Hospital: St. Casimir Hospital", "Patient portal:
    https://portal...") may stay where it was."""
    plain = strip_invisible(text)
    rest = plain.replace(secret, " ", 1)
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*|\d+", secret) if len(w) >= 2 and w.lower() not in NOT_IDENTIFYING]
    for word in words:
        if _occurrences(word, redacted) > _occurrences(word, rest):
            return False
    return True


def _occurrences(word: str, text: str) -> int:
    if any("\uac00" <= c <= "\ud7a3" for c in word):
        return text.count(word)  # Korean attaches particles and titles: "김민수님"
    return len(re.findall(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text))


def strip_invisible(text: str) -> str:
    """``text`` without the characters a screen removes before it looks (controls, escapes, zero-width)."""
    return strip_controls(text)


def load_set(path) -> list[dict]:
    """One JSON Lines file of a written set."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_set(screen: Callable[[str], tuple[str, bool]], identifiers: list[dict], clinical: list[dict]) -> dict:
    """Recall and over-redaction per class on a written set; ``screen(text) -> (redacted, quarantined)``.

    An identifier item is caught when the study is quarantined or every secret is gone (``caught`` with
    numbers of two or more digits: an age "97" or a day "14" counts); a clinical item is altered when the
    study is quarantined or its text changed. Returns counts and shares, and the ids of the misses."""
    hits, totals, missed = Counter(), Counter(), []
    t0, n_texts = time.perf_counter(), 0
    for item in identifiers:
        out, quarantined = screen(item["text"])
        n_texts += 1
        ok = quarantined or all(caught_in(s, item["text"], out) for s in item["secrets"])
        totals[item["class"]] += 1
        hits[item["class"]] += ok
        if not ok:
            missed.append(item["id"])
    altered, ctotals, changed = Counter(), Counter(), []
    for item in clinical:
        out, quarantined = screen(item["text"])
        n_texts += 1
        bad = quarantined or out != item["text"]
        ctotals[item["class"]] += 1
        altered[item["class"]] += bad
        if bad:
            changed.append(item["id"])
    seconds = time.perf_counter() - t0
    n, c = sum(totals.values()), sum(ctotals.values())
    return {
        "identifiers": n,
        "recall": sum(hits.values()) / n if n else 1.0,
        "recall_by_class": {k: hits[k] / totals[k] for k in sorted(totals)},
        "missed_by_class": {k: totals[k] - hits[k] for k in sorted(totals) if totals[k] - hits[k]},
        "missed": missed,
        "clinical": c,
        "altered": sum(altered.values()) / c if c else 0.0,
        "altered_by_class": {k: altered[k] / ctotals[k] for k in sorted(ctotals)},
        "changed": changed,
        "texts_per_s": n_texts / seconds if seconds > 0 else float("inf"),
    }


def evaluate(screen: Callable[[str], str], reports: dict[str, str], planted: Iterable[dict]) -> dict:
    """Recall per kind and overall; ``reports``: study id -> report, ``planted``: {"study_id", "kind", "text"}.
    ``studies_per_s`` is the steady rate a build sees after its first few thousand reports: the clock runs over
    a second pass, once the vocabulary lookups' caches are warm (``cold_studies_per_s``: the first pass)."""
    passes = []
    for _ in range(2):
        redacted, t0 = {}, time.perf_counter()
        for sid, text in reports.items():
            redacted[sid] = screen(text)
        passes.append(time.perf_counter() - t0)
    cold, seconds = passes
    hits, totals = Counter(), Counter()
    for p in planted:
        out = redacted.get(p["study_id"])
        if out is None:
            continue
        totals[p["kind"]] += 1
        hits[p["kind"]] += caught(p["text"], out)
    n = sum(totals.values())
    return {
        "planted": n,
        "recall": sum(hits.values()) / n if n else 1.0,
        "recall_by_kind": {k: hits[k] / totals[k] for k in sorted(totals)},
        "missed_by_kind": {k: totals[k] - hits[k] for k in sorted(totals) if totals[k] - hits[k]},
        "studies_per_s": len(reports) / seconds if seconds > 0 else float("inf"),
        "cold_studies_per_s": len(reports) / cold if cold > 0 else float("inf"),
    }


def over_redaction(screen: Callable[[str], str], vocabulary: Iterable[str] = CLINICAL_VOCABULARY) -> dict:
    """Share of (term, context) sentences in which the screen changed the clinical term."""
    altered, total, terms = 0, 0, Counter()
    for term in vocabulary:
        for context in _CONTEXTS:
            total += 1
            if term not in screen(context.format(term)):
                altered += 1
                terms[term] += 1
    return {
        "sentences": total,
        "altered": altered,
        "share": altered / total if total else 0.0,
        "terms_altered": len(terms),
    }
