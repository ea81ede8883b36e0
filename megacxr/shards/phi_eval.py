"""Measure a PHI screen: recall on planted identifiers, over-redaction of clinical vocabulary, throughput.

``evaluate(screen, reports, planted)`` runs ``screen`` (text -> redacted text) over every report and counts a
planted identifier as caught when none of its parts (a word of two or more letters, a number of three or more
digits) is left in the redacted report.
``over_redaction(screen)`` embeds every term of ``CLINICAL_VOCABULARY`` (eponyms, devices, signs, anatomy,
measurements, levels: what a radiology report must keep) in a report sentence and counts the terms the screen
altered. Used by ``tests/test_phi_recall.py`` and ``benchmarks/bench_phi.py``; it prints nothing of the text.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable

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


def caught(identifier: str, redacted: str) -> bool:
    """True when no identifying part of ``identifier`` (a word of 2+ letters, a number of 3+ digits) is left as
    a whole word in ``redacted``."""
    for word in _words(identifier):
        if re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", redacted):
            return False
    return True


def evaluate(screen: Callable[[str], str], reports: dict[str, str], planted: Iterable[dict]) -> dict:
    """Recall per kind and overall; ``reports``: study id -> report, ``planted``: {"study_id", "kind", "text"}."""
    redacted, t0 = {}, time.perf_counter()
    for sid, text in reports.items():
        redacted[sid] = screen(text)
    seconds = time.perf_counter() - t0
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
