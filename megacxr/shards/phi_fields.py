"""Identifier classes of the PHI screen read from the shape of a field or a tag rather than from the words:

* ``field_values``: ``key=value`` and ``key: value`` fields of export fragments whose key names an identifying
  field (``pt_last=``, ``city=``, ``zip=``, ``county=``, ``AE=``, ``age=`` over 89, ``address="..."``,
  ``Residence:``), whatever the value's words are (a surname may be a common word: ``pt_first=Blessing``);
* ``tagged_names``: the name after a newborn's or a twin's tag (``BB NGUYEN``, ``BG Fa'asavalu``, ``Baby Girl
  X``, ``Baby "Sweetpea"``), two or three capitalised words before a credential (``Amber Gold, CNA``: common
  words make a name there too), half-masked names (``박OO``, ``J*** S.``) and a Hangul name after a kinship word
  (``아빠 응우옌반훙``, ``할머니(오금순)``, ``모: 마리아 산토스``);
* ``tagged_things``: vessels (``F/V Northern Dawn``, ``제7 해성호``), an HL7 identifier's assigning authority
  (``^^^SBCH^MR``), hardware (MAC) addresses, a Mexican postal code (``C.P. 88560``).

Each pass is anchored on a cheap literal test first, so a text without the tag costs one substring search. Nothing
here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import AMBIGUOUS, CLINICAL, KOREAN_CLINICAL, WORD, is_first_name, word_class, zipf
from megacxr.shards.phi_names import STOP, hangul_name_like, known_korean_word, transliterated_token
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["date_fields", "field_kind", "field_values", "tagged_names", "tagged_things"]

Mask = Callable[[int, int, str], None]

# key (lower case, separators removed) -> kind of what its value identifies
_KEYS = {
    **dict.fromkeys(
        "name ptname patientname fullname last lastname lname first firstname fname given givenname middle "
        "middlename family familyname surname ptlast ptfirst ptmiddle patlast patfirst patientlast patientfirst "
        "mothername fathername guardian guardianname nok nextofkin kin contactname momname dadname "
        "babyname infantname".split(),
        "name",
    ),
    **dict.fromkeys(
        "city town county zip zipcode postal postalcode postcode address addr street streetaddress residence "
        "hometown village municipality employer school daycare ciudad municipio colonia domicilio direccion "
        "dirección hotel lodging accommodation accommodations motel hostel guesthouse birthplace placeofbirth "
        "cityofbirth townofbirth township parish borough neighborhood neighbourhood".split(),
        "place",
    ),
    **dict.fromkeys(
        "readby reader readername reviewer reviewedby verifiedby signedby coordinator investigator pi subinvestigator "
        "physician referringphysician radiologist technologist operator orderingmd orderingphysician orderingprovider "
        "refmd referringmd attendingmd readingmd provider".split(),
        "name",
    ),
    **dict.fromkeys(
        "facility institution institutionname hospital site sitename sponsor cro program adres adresse indirizzo "
        "endereco endereço anschrift".split(),
        "place",
    ),
    **dict.fromkeys("ae aet aetitle callingae calledae stationname station".split(), "mrn"),
    **dict.fromkeys("dob birthdate dateofbirth".split(), "date"),
    # Korean tags' and fields' names: "<환자이름>...</환자이름>", "<판독의>...</판독의>"
    **dict.fromkeys(
        "성명 이름 환자명 환자이름 환자성명 수진자명 수검자명 보호자명 판독의 판독의사 의뢰의 촬영자".split(), "name"
    ),
    **dict.fromkeys("주소 거주지 직장 직장명 소속".split(), "place"),
    **dict.fromkeys("생년월일".split(), "date"),
    "age": "age",
    "edad": "age",
}
_AGE_KEYS = ("age", "edad")
_SEPARATOR = re.compile(r"[ \t]*(=|:(?!//))[ \t]*")
_KEY_BEFORE = re.compile(r"(?<![\w.])((?:[A-Za-z][A-Za-z_-]*[ \t]){0,2}[A-Za-z][A-Za-z_-]*)[\"']?$")
_KEY_QUALIFIER = re.compile(r"[ \t]+(?:on[ \t]+(?:file|record|chart)|of[ \t]+record|listed|given|provided)$", re.I)
_XML_FIELD = re.compile(r"<([A-Za-z\uac00-\ud7a3][\w.-]{0,30})>([^<>\n]{1,120})</\1>")
# DICOM attributes of a header dump that hold the patient, the people and the place: (gggg,eeee) VR [value]
_DICOM_FIELD = re.compile(
    r"\((0010,00(?:10|20|21|30|32|50)|0010,10(?:00|01|05|10|40|60)|0010,2154|0008,00(?:50|80|81|90|92|94)|"
    r"0008,10(?:10|40|48|50|60|70)|0020,0010|0032,10(?:32|33)|0008,002[0-3]|0008,003[0-3]|0040,0006|0040,0244)\)"
    r"[ \t]*(?:[A-Za-z]{3,48}[ \t]+)?(?:[A-Z]{2}[ \t]*)?[\[<]([^\]>\n]{1,120})[\]>]",  # (keyword, VR)
    re.I,
)
# any attribute of value representation PN (a person's name) in a dump: "(0032,1032) RequestingPhysician PN [...]"
_DICOM_PERSON = re.compile(
    r"\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\)[ \t]*(?:[A-Za-z]{3,48}[ \t]+)?PN[ \t]*[\[<]([^\]>\n]{1,120})[\]>]"
)
# a field's value: quoted, or up to the next field, a delimiter or a sentence's end (a colon field in prose holds
# a few words only)
_VALUE_EQ = re.compile(
    r"(\"[^\"\n]{1,120}\"|'[^'\n]{1,120}'|[^\s|;,\"'=][^|;\n=]{0,80}?"
    r"(?=[ \t]+[A-Za-z_][\w.-]*[ \t]*[=:]|[ \t]*[|;,&\n]|\.[ \t]|[ \t]{2,}|[ \t]*$))"
)
_VALUE_COLON = re.compile(
    r"(\"[^\"\n]{1,120}\"|[^\s|;,\"'=.](?:[^|;,\n=.]|\.(?=\w)){0,60}?"
    r"(?=[ \t]+[A-Za-z_][\w.-]*[ \t]*[=:]|[ \t]*[|;,\n]|\.(?!\w)|[ \t]{2,}|[ \t]*$))"
)
_AGE_VALUE = re.compile(r"(\d{2,3}(?:\.\d+)?)(?:[ \t]*(?:y|yo|yr|yrs|years?|y/o|años|Y))?")
_AGE_BARE = re.compile(r"(?<![\w-])(?i:age)[ \t:=]*(0\d{2}|1[01]\d|9\d)(?![\d.])")  # "AGE 094  SEX F"
_EMPTY_BOX = re.compile(r"\[[ \t]*\]|\([ \t]*\)")
_NOT_GIVEN = re.compile(  # a form's word for an empty field, in brackets or not: "(not provided)", "[unknown]"
    r"[(\[]?(?i:not[ \t]+(?:provided|given|available|applicable|obtained|recorded|documented|known|listed|stated|"
    r"reported|on[ \t]+file)|unknown|none|declined|refused|blank|withheld|unavailable)[)\]]?(?![\w'’-])"
)
# (one space between a label's words: "SAVANNAH  COUNTY:" is a value, a form's gap, then the next label)
_NEXT_LABEL = re.compile(r"[A-Za-z\uac00-\ud7a3](?:[\w.#/()-]| (?=[^ \t])){0,30}?[ \t]*[:：](?![/\d])")
_VALUE_EDGE = " \t\"'"
_PLACEHOLDER = re.compile(
    r"\[?(?:REDACTED|redacted|Redacted|X{3,}|x{3,}|\*+|N/?A|n/?a|none|None|NONE|null|NULL|Null|nil|NaN|UNK|unknown|-+)\]?"
    # a template's field ("DOB: [DOB]", "Name: <<PATIENT NAME>>", "{{mrn}}"): a blank to fill, not a value
    r"|\[[A-Z][A-Z _/#-]{1,30}\]|<<[A-Za-z][A-Za-z _/#-]{1,30}>>|\{\{[A-Za-z][A-Za-z _/#.-]{1,30}\}\}"
    # ("DOB: ${DOB}", "MRN: %MRN%", "DOB:   /   /": a template engine's variable, a form's empty date slots)
    r"|\$\{[A-Za-z][\w .-]{0,30}\}|%[A-Z][A-Z_]{1,30}%|[/.,:; \t-]+|\[[/.,:; \t_-]*\]?"
    r"|(?:null|NULL|Null|None|none|nil)[}\],]+"  # a JSON export's last field: '"md": null}'
    r"|[_/.: -]*_[_/.: -]*"  # a form's blank: "DOB: ___/___/______"
    r"|\[[ \t]*\]|\([ \t]*\)|\[[ \t]*[xX✓][ \t]*\]"  # "DOB: [ ]", a checkbox
)
_LAST_FIRST_VALUE = re.compile(r"[ \t]*([A-Z][A-Za-z'’-]+,[ \t]?[A-Z][A-Za-z'’-]+(?:[ \t][A-Z]\.?)?)(?=[ \t]|$|[|;&])")
_VALUE_LINE = re.compile(r"([^\n|;]{1,120}?)(?=[ \t]*(?:[\n|;]|$))")
_ADDRESS_KEYS = frozenset(
    "address addr streetaddress street residence domicilio direccion dirección adres adresse indirizzo endereco "
    "endereço anschrift".split()
)

# a newborn's or a twin's tag, then the surname (any case, with an apostrophe or a hyphen)
_NEWBORN = re.compile(
    r"(?<![\w'’-])(?:BB|BG|Baby[ \t]*(?:Boy|Girl|B|G)?|BABY[ \t]*(?:BOY|GIRL)?|Babyboy|Babygirl|BABYBOY|BABYGIRL|"
    r"Infant[ \t]+(?:Boy|Girl)|Twin[ \t]+[AB12])[ \t]+"
    r"((?:[A-Z][A-Za-z'’]*[a-z'’][A-Za-z'’]*|[A-Z]{2,}(?:['’][A-Z]+)?)(?:-[A-Z][A-Za-z'’]+)?)"
    r"(?![\w'’])"
)
_TRANSCRIBER = re.compile(  # "Transcr: jlw", "typed by: KMR", "TS/jlw": a transcriptionist's initials
    r"(?i:\b(?:transcr(?:ibed|iptionist)?\.?(?:[ \t]+by)?|typed(?:[ \t]+by)?|dictated[ \t]+by|ts|tr|dt|"
    # "Keyed: tmw", "Checked: ROD"
    r"keyed(?:[ \t]+by)?|checked(?:[ \t]+by)?|proof-?(?:ed|read)(?:[ \t]+by)?))[ \t]*[:=/][ \t]*"
    r"(?!(?i:yes|no|ok|okay|na|none|nil|done|all|not)\b)([A-Za-z]{2,4})(?![\w.]|(?:/[A-Za-z]+)?[ \t]*:)"
)
_ROLE_VALUES = frozenset(
    "attending radiologist resident fellow technologist tech physician nurse staff provider clinician consultant "
    "reader radiographer sonographer student intern registrar wheelchair stretcher ambulatory gurney bed walking "
    "cart portable".split()
)
_VERDICTS = frozenset("ok okay yes no na nil none done neg pos wnl nad nml".split())  # "Checked: OK" is no one
_INITIALS_LABEL_HINT = re.compile(r"\b(?:ts|tr|dt)[ \t]*[:=/]")
_CREDENTIAL_HINT = re.compile(
    r",[ \t]*(?:CNA|RN|LPN|LVN|MD|DO|NP|PA-C|RT\(R\)|RRT|CRNA|RDMS|RVT|MA|EMT|Paramedic|PharmD|DNP|APRN)\b"
)
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HANGUL_STAR = re.compile(r"[\uac00-\ud7a3][O○*]")
# "Tech: Bishop", "Read: Dr. Fisher", "Dictated: D. Fortune", "cosigned: d'Aubigné, L.": read from each ":" / "="
_ROLE_BEFORE = re.compile(
    r"(?i:\b(?:dictated|transcribed|verified|co-?signed|signed|consult(?:ant)?|readers?|b[ -]?reader|worker|miner|"
    r"(?:pacs[ \t]+)?qa(?:[ \t]+reviewer)?|reviewer|read|tech|technologist|attending|resident|scribe|coordinator|"
    r"investigator|pi|sub-?i|checked|typed|registrar|consultant|sho|prepared|completed|entered|rn|lpn|transport|"
    r"porter|escort|sitter|student|med[ \t]+student|scribe|staff|prelim)(?:[ \t]+by)?)[ \t]*$"
)
_ROLE_NAME_AT = re.compile(
    r"[:=][ \t]*(Dr\.?[ \t]+)?"
    r"((?:[A-Z]\.[ \t]*){0,2}(?:(?:d['’]|de[ \t]+|van[ \t]+|von[ \t]+|da[ \t]+|di[ \t]+|le[ \t]+|la[ \t]+|st\.?[ \t]*)?"
    r"[A-Z][A-Za-zÀ-ÖØ-öø-ÿ'’-]+)(?:,[ \t]*[A-Z][A-Za-zÀ-ÖØ-öø-ÿ'’-]*\.?)?)"
)
_SEPARATOR_CHARS = re.compile(r"[:=]")
_FIELD_END = re.compile(r"[ \t]*(?:$|[;|,()/\n]|[ \t]{2,}|[.](?=[ \t]*$|[ \t]+[A-Z]))", re.M)
_HL7_PERSON = re.compile(  # OBR-16 / ORC-12 / PV1-7 "HALL^J", "CORNETT^DELMER^L": an HL7 person name
    r"(?<=\|)([A-Z][A-Za-z'’-]+\^[A-Z][A-Za-z'’-]*(?:\^[A-Za-z'’.-]*){0,4})(?=\||$)", re.M
)
_OBX_ID = re.compile(r"(?:^|\n|\r)OBX\|\d*\|[A-Z]{0,3}\|$")  # right before OBX-3, the observation identifier
# "... re-shot x2. —jbr" (the working text writes a dash as "-")
_TRAILING_INITIALS = re.compile(r"(?:^|[ \t])(?:--?|[—–])[ \t]*([a-z]{2,4})(?=[ \t]*$|[ \t]+[A-Z])", re.M)
_OTHER_SCRIPT = re.compile(  # Arabic, Hebrew, Cyrillic, Thai, Devanagari, Georgian, Armenian words: names or places
    r"[\u0600-\u06ff\u0590-\u05ff\u0400-\u04ff\u0e00-\u0e7f\u0900-\u097f\u10a0-\u10ff\u0530-\u058f]{2,}"
    r"(?:[ \t]+[\u0600-\u06ff\u0590-\u05ff\u0400-\u04ff\u0e00-\u0e7f\u0900-\u097f\u10a0-\u10ff\u0530-\u058f]{2,})*"
)
_HANGUL_THEN_LATIN = re.compile(  # "근로자 속 피런(SOK PHIRUN)", "페레라 쿠마라 씨 (PERERA W.A. KUMARA)"
    r"((?:[\uac00-\ud7a3]{1,6}[ \t]+){0,2}[\uac00-\ud7a3]{1,6})[ \t]*(?:씨|님)?[ \t]*"
    r"\(([A-Z][A-Za-z.'’-]*(?:[ \t]+[A-Z][A-Za-z.'’-]*){1,3})\)"
)
_LATIN_THEN_HANGUL = re.compile(  # "CHHAY Sreymom (체이 스레이몸)"
    r"([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+){1,2})[ \t]*"
    r"\(([\uac00-\ud7a3]{1,6}(?:[ \t]+[\uac00-\ud7a3]{1,6}){0,2})\)"
)
_HANGUL_NOT_NAME = frozenset(
    "근로자 노동자 외국인 출신 국적 선원 환자 보호자 씨 님 직원 학생 연구원 피험자 대상자 수진자 내원".split()
)
_DECLARED_NAME_CELLS = re.compile(  # "Miner (last | first | MI): Slone | Virgil | T": the layout says what follows
    r"\((?i:last(?:[ \t]+name)?)[ \t]*[|/,][ \t]*(?i:first(?:[ \t]+name)?)(?:[ \t]*[|/,][ \t]*(?i:mi|m\.i\.|middle))?\)"
    r"[ \t]*[:=][ \t]*((?:[^|\n]{1,30}\|){1,2}[ \t]*[A-Za-z][A-Za-z'’.-]{0,30})"
)
_NAME_LINES_AFTER_LABEL = re.compile(  # "Physician of record:\nJUSTICE\nR STERLING": the name on the lines below
    r"(?<![\w'’-])(?i:physician(?:[ \t]+of[ \t]+record)?|reader|radiologist|attending|signed(?:[ \t]+by)?|read[ \t]+by|"
    r"interpreted[ \t]+by|referring(?:[ \t]+physician)?|ordering(?:[ \t]+physician)?|technologist)[ \t]*:[ \t]*\n"
    r"((?:[ \t]*[A-Z][A-Z'’.-]*(?:[ \t]+[A-Z][A-Z'’.-]*){0,2}[ \t]*(?:\n|$)){1,2})",
    re.M,
)
_NATIONALITY_NAME = re.compile(  # "카자흐스탄 국적 누르술탄 아베노프 환자의": a foreign name after its nationality
    r"(?:국적|출신)[ \t]+((?:[\uac00-\ud7a3]{1,6}[ \t]+){0,2}[\uac00-\ud7a3]{2,6})[ \t]*(?=환자|씨|님|근로자|선원|\()"
)
_PARTICLE_WORD = r"(?:ap|ab|bat|ben|bin|de|del|van|von|der|da|di|le|la|Ó|O|Ní|Ni|Nic|Mac|Mc|an|t-)"
_SIGNATURE_INITIALS = re.compile(r"/s/[ \t]*([a-z]{2,4}|[A-Z]{2,4})(?![\w'’.-])")
_SIGNATURE = re.compile(  # "/s/ Rhodri ap Gwilym MB BCh FRCR": the signer up to the degrees or the line's end
    rf"/s/[ \t]*((?:Dr\.?[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+(?:{_PARTICLE_WORD}|[A-Z][\w'’.-]*)){{0,4}}?)"
    r"(?=[ \t]*(?:,|$|\n|--|—)|[ \t]+(?:MD|DO|MB|MBBS|MBChB|BCh|FRCR|FRCPC|FRCP|MRCP|PhD|M\.D\.|D\.O\.)\b)",
    re.M,
)
_MAIDEN = re.compile(r"(?i:\b(?:née|nee|born|geb\.|geborene|maiden[ \t]+name))[ \t]+([A-Z][A-Za-z'’-]+)")
_NHS_BOARD = re.compile(  # "NHS Tayside", "NHS Greater Glasgow and Clyde": a health board names a region
    r"\b(NHS[ \t]+(?!Trust|Foundation|Digital|Number|No\b|number)[A-Z][a-z]+"
    r"(?:[ \t]+(?:and[ \t]+|&[ \t]*)?[A-Z][a-z]+){0,4})"
)
_EMBASSY = re.compile(
    r"\b((?:Embassy|Consulate(?:[ \t]+General)?|High[ \t]+Commission)[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][a-z]+"
    r"(?:[ \t]+[A-Z][a-z]+){0,2})"
    r"|((?:주한|주)[ \t]*[\uac00-\ud7a3]{1,8}[ \t]*(?:대사관|영사관|총영사관))"
)
_CJK_ADDRESS = re.compile(
    r"(?:地址|住址|户籍地址|現住所|住所|주소)[ \t]*[：:][ \t]*([\u4e00-\u9fff\u3400-\u4dbf0-9\-－]{4,60})"
)
_KOREAN_POSTAL = re.compile(r"(?:우편번호|우편|(?<![\uac00-\ud7a3])우)[ \t]*[:：]?[ \t]*(\d{5})(?!\d)")
_AGE_WORDS_FOREIGN = re.compile(  # "noventa y dos años", "93 года", "95 ans": an age over 89 in another language
    r"(?i:\b((?:noventa(?:[ \t]+y[ \t]+(?:un|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?|cien(?:to)?"
    r"(?:[ \t]+\w+)?)[ \t]+a[nñ]os|(9\d|1[01]\d)[ \t]*(?:года|лет|год|años|anos|ans|jahre|jaar|anni|歳|岁)))"
)
_BABY_NICKNAME = re.compile(r"(?<![\w'’-])Baby[ \t]+[\"“]([A-Z][A-Za-z'’ -]{1,30})[\"”]")
_CREDENTIAL_PAIR = re.compile(  # "Chaperone present: Amber Gold, CNA": a name right before a credential
    r"(?:^|(?<=[:;|/(])|(?<=\bby))[ \t]*((?:[A-Z][a-z'’]+[ \t]+){1,2}[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?),[ \t]*"
    r"(?:CNA|RN|LPN|LVN|MD|DO|NP|PA-C|RT\(R\)|RRT|CRNA|RDMS|RVT|MA|EMT|EMT-P|Paramedic|PharmD|DNP|APRN)\b",
    re.M,
)
_HALF_MASKED = re.compile(  # "박OO", "김○○ 아기", "J*** S.", "M.** Lopez": a name whose letters were starred out
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3](?:OO|○○|◯◯|〇〇|ㅇㅇ|\*\*|xx|XX|O|○|\*))(?![\uac00-\ud7a3A-Za-z])"
    r"|(?<![\w*])([A-Z][A-Za-z]*\*{2,}[a-z]*(?:,?[ \t]+[A-Z](?:\.|\*+))?)"
)
_KIN_HANGUL = re.compile(  # "아빠 응우옌반훙", "할머니(오금순)", "모: 마리아 산토스": a name after a kinship word
    r"(?<![\uac00-\ud7a3])(?:엄마|아빠|어머니|아버지|할머니|할아버지|외할머니|외할아버지|이모|고모|삼촌|외삼촌|"
    r"큰아버지|작은아버지|남편|아내|배우자|딸|아들|모친|부친|(?:모|부|조모|조부)(?=[ \t]*[:：]))"
    r"[ \t]*([:：(（]?)[ \t]*((?:[\uac00-\ud7a3]{1,6})(?:[ \t]+[\uac00-\ud7a3]{1,6}){0,2})"
)
# after a bare kinship word (no colon, no parenthesis) a name is a whole word that ends the phrase
_PARTICLES = frozenset("은는이가을를의에로도와과만")
# how a disease, a finding or a statement ends in a family history ("치매 진단", "고혈압 약 복용"), not a name
_NOT_NAME_ENDS = tuple(
    "증 병 염 종 암 군 환 성 는 은 인 한 된 던 운 적 력 단 술 망 음 함 됨 임 료 압 뇨 용 중 후 전".split()
)
_NAME_END = re.compile(r"[ \t]*(?:[(,（]|씨|님|$)")

_VESSEL = re.compile(  # "F/V Northern Dawn", "M/V Kennicott", "USCGC Healy": a named vessel
    r"(?<![\w/])(?:F/V|M/V|S/V|R/V|FV|MV|USCGC|USNS|HMCS|CCGS|(?i:fishing[ \t]+vessel|trawler|seiner|tender))[ \t]+"
    r"((?:[A-Z][\w'’-]*[ \t]+){0,3}[A-Z][\w'’-]*)"
)
_KOREAN_VESSEL = re.compile(  # "제7 해성호", "선박: 대양호", "어선 금강호": a Korean vessel's name
    r"(?:(?<![\uac00-\ud7a3])제[ \t]*\d{1,3}[ \t]*[\uac00-\ud7a3]{1,5}호"
    # after a vessel's kind, digits in the name too: "병원선 전남513호", "여객선 섬사랑7호", "어선 금강호"
    r"|(?<=선박)[ \t]*[:：]?[ \t]*[\uac00-\ud7a3]{1,6}\d{0,4}호"
    # (not the label of its number after it: "어선 등록번호 ...")
    r"|(?<=(?:어선|객선|물선|항선|인선|조선|지선|비선|정선|찰선|원선))[ \t]+(?![\uac00-\ud7a3]{0,4}번호)"
    r"[\uac00-\ud7a3]{1,6}\d{0,4}호"
    r"|(?<=병원선|유조선|바지선|운반선|경비정|순찰정)[ \t]+[\uac00-\ud7a3]{1,6}\d{0,4}호)"
    r"(?![\uac00-\ud7a3])"
)
_WOMEN_CHILDREN = re.compile(  # "Gulf Coast Women's and Children's": a hospital named by its patients
    r"((?:[A-Z][a-z]+[ \t]+){1,3}Women['’]s[ \t]+(?:and|&)[ \t]+Children['’]s"
    r"(?:[ \t]+(?:Hospital|Medical[ \t]+Center|Center|Centre|Pavilion))?)"
)
_HOSTNAME = re.compile(  # "host rsch-ws-14.nemc.local": a machine's name on the hospital network
    r"(?i:\b(?:host(?:name)?|server|workstation|node|ws)\b)[ \t:=]+([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)(?![\w.-])"
)
_TAB_ID = re.compile(  # "Accession<TAB>CR25<TAB>00847": an identifier in the cells after its label
    r"(?i:\b(?:accession|acc(?:ession)?[ _]?(?:no|number|#)|mrn|medical[ _]record[ _](?:no|number)|fin|csn|"
    r"encounter|visit[ _]?(?:id|no)|account|subject[ _]?id|passport|chi|nhs[ _]?(?:no|number)))"
    r"\t+([^\t\n ]+(?:\t[^\t\n ]+)?)"
)
_QUOTED_HANGUL_NAME = re.compile(  # "'라메스 타파' 님", "한글 표기 '응우옌 반 흐엉'": a name in quotes
    r"(?:(?:표기|이름|성명|환자명)[ \t]*[:：]?[ \t]*)?['‘\"“]"
    r"([\uac00-\ud7a3]{1,6}(?:[ \t][\uac00-\ud7a3]{1,6}){0,3})['’\"”]"
    r"(?=[ \t]*(?:님|씨|환자|보호자|선생님|군|양)(?![\uac00-\ud7a3]))"
    r"|(?:표기|이름|성명|환자명)[ \t]*[:：]?[ \t]*['‘\"“]([\uac00-\ud7a3]{1,6}(?:[ \t][\uac00-\ud7a3]{1,6}){0,3})"
    r"['’\"”]"
)
_HL7_AUTHORITY = re.compile(r"(?<=\^\^\^)([A-Z][A-Z0-9_]{1,19})(?=\^)")  # PID-3: id^^^AUTHORITY^MR
_MAC = re.compile(r"(?<![\w:-])(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])")
_POSTAL_MX = re.compile(r"(?<![\w.])C\.[ \t]?P\.[ \t]*(\d{5})(?!\d)")


_UNIT_AFTER = re.compile(r"[ \t]*(?:cm|mm|m|%|x[ \t]*\d)(?![A-Za-z])")
# the words an anatomical site is written with beside report words ("Site: LEFT CHEST WALL")
_SITE_WORDS = frozenset(
    "right left upper lower middle mid bilateral anterior posterior lateral medial inferior superior proximal distal "
    "apical basal central peripheral wall side base apex in the of and at with to near cm mm".split()
)
CAMPUS_WORDS = frozenset("main north south east west central downtown annex satellite remote other".split())


def _unlisted(tok: str, marked: bool) -> bool:
    """After a bare kinship word, a word of 3-6 syllables that no Korean word list has: a transliterated name
    ("엄마 응웬티투 (...)"); a common word ("아빠 동의 하에") is listed."""
    return not marked and 3 <= len(tok) <= 6 and not known_korean_word(tok)


def _value_end(text: str, m: re.Match, sep: str) -> int:
    """Where an unquoted value of several words ends: all of it before a delimiter ("city=San Antonio|"); in
    running text the first word after "=", and after ":" the capitalised words up to a report word ("Hometown:
    Unalakleet Lungs are clear" holds one)."""
    value = m.group(1)
    if " " not in value.strip() or value[:1] in "\"'" or text[m.end(1) : m.end(1) + 1] in ("|", ";", "&", "\n", ""):
        return m.end(1)
    words = list(re.finditer(r"\S+", value))
    if sep == "=":
        return m.start(1) + words[0].end()
    end = words[0].end()
    for w in words[1:]:
        token = w.group(0).strip(".,")
        if not token[:1].isupper() and not token[:1].isdigit() and token != "&" or word_class(token) == CLINICAL:
            break
        end = w.end()
    return m.start(1) + end


_CAMEL = re.compile(r"[a-z][A-Z]")
_KEY_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# the words of an export's key that say a person stands in it ("signed_by", "cosigner", "performingTech")
_PERSON_KEY_WORDS = frozenset(
    "sign signer signed signedby cosign cosigner cosigned tech techs technologist performer performing author user "
    "username userid login reader dictator dictated dictatedby transcriber transcribed transcriptionist verifier "
    "verified approver approved attending resident fellow nurse physician provider radiologist requester requested "
    "requestor clerk scribe entered entry creator created modified editor edited reviewer reviewed staff "
    "employee assigned owner rad md dr doc np rn reading".split()
)
_NOT_PERSON_KEY_WORDS = frozenset(  # "signed_date", "tech_count", "user_role": the key holds no one's name
    "date dt time ts timestamp status flag count type code role level state mode class method version at on "
    "station device modality room location site comment comments note notes".split()
)


_JSON_LIST = re.compile(r"\[([^\[\]{}\n]{1,160})\]")
_JSON_STRING = re.compile(r'"([^"\n]{1,60})"')


def _json_list(text: str, start: int, kind: str, mask: Mask) -> None:
    """Mask each string of the JSON list at ``start`` (a list of objects is read key by key instead)."""
    lst = _JSON_LIST.match(text, start)
    for q in _JSON_STRING.finditer(lst.group(1)) if lst else ():
        if _PLACEHOLDER.fullmatch(q.group(1)) or all(
            word_class(w) == CLINICAL for w in re.findall(r"[A-Za-z]+", q.group(1))
        ):
            continue
        mask(lst.start(1) + q.start(1), lst.start(1) + q.end(1), kind)


def _person_key(raw: str) -> bool:
    """Whether an export's key names a person's field: one of its words says who ("sign_by", "cosign",
    "performing_tech", "verifiedBy") and none says what else ("sign_date", "tech_count")."""
    parts = [p.lower() for p in _KEY_PARTS.findall(raw)]
    return any(p in _PERSON_KEY_WORDS for p in parts) and not any(p in _NOT_PERSON_KEY_WORDS for p in parts)


def _key(raw: str) -> str:
    return re.sub(r"[ _.-]", "", raw.lower())


def field_kind(label: str) -> str | None:
    """The kind of identifier a field labelled ``label`` holds ("Patient Name" -> "name", "DOB" -> "date",
    "age" -> "age"), or None for a field of report content."""
    return _KEYS.get(_key(label))


# Hangul written as JSON escapes ("\\uae40\\ubbfc\\uc9c0"): read back, a name's shape is a name
_ESCAPED_HANGUL = re.compile(r"(?:\\u(?:[aA][c-fC-F]|[bcBC][0-9a-fA-F]|[dD][0-7])[0-9a-fA-F]{2}){2,4}(?![0-9a-fA-F])")


def escaped_hangul_names(text: str, mask: Mask) -> None:
    """A Hangul name written as JSON escapes: decoded, a surname and one to three syllables, no report word."""
    for m in _ESCAPED_HANGUL.finditer(text) if "\\u" in text else ():
        word = m.group(0).encode("ascii").decode("unicode_escape")
        if hangul_name_like(word, strict=True):
            mask(m.start(), m.end(), "name")


def _report_words(value: str) -> bool:
    """A value of report words only: its Latin words all report words and its Hangul words all Korean report
    words ("Impression", "RUL", "폐렴"; a value of no letters counts as none, as it always has: "Reader: 2"). A
    Hangul name has no Latin word and is no report word ("윤판석")."""
    latin = re.findall(r"[A-Za-z]+", value)
    hangul = re.findall(r"[\uac00-\ud7a3]+", value)
    return all(word_class(w) == CLINICAL for w in latin) and all(w in KOREAN_CLINICAL for w in hangul)


def field_values(text: str, mask: Mask) -> None:
    """See the module docstring; cost: one pass over the text's ``key=value`` / ``key: value`` shapes."""
    for sep in _SEPARATOR.finditer(text) if "=" in text or ":" in text else ():
        key_m = _KEY_BEFORE.search(text, max(0, sep.start() - 40), sep.start())
        if key_m is None:
            continue
        # ("Address on file:", "Phone of record:": a qualifier after the field's name)
        words = _KEY_QUALIFIER.sub("", key_m.group(1)).split() or key_m.group(1).split()
        raw = next((" ".join(words[i:]) for i in range(len(words)) if _key(" ".join(words[i:])) in _KEYS), None)
        kind = _KEYS[_key(raw)] if raw else ("age" if words[-1].lower() in _AGE_KEYS else None)
        # an export's field name: "pt_last", "lastName", '"family":' (a JSON key), or any key before "="
        export = sep.group(1) == "=" or key_m.group(0)[-1] in "\"'" or "_" in words[-1] or _CAMEL.search(words[-1])
        if kind is None and export and _person_key(words[-1]):
            raw, kind = words[-1], "name"  # "sign_by=lkowalski", "performing_tech=dmcwhorter": a person's login
        # "Name: X" and "Exam name: X" are labels the LABEL pass reads with its own checks; after a colon only an
        # export's field name ("pt_last: X", '"family": "X"') is taken as a name field here
        if kind is None or (sep.group(1) == ":" and kind == "name" and not export):
            continue
        pattern = _VALUE_EQ if sep.group(1) == "=" else _VALUE_COLON
        if sep.group(1) == ":" and _key(raw or "") in _ADDRESS_KEYS:
            pattern = _VALUE_LINE  # "Adres: ul. Marszałkowska 84/92 m. 15, 00-514 Warszawa": the whole line
        m = pattern.match(text, sep.end())
        if m is None:
            continue
        start, end = m.start(1), _value_end(text, m, sep.group(1))
        if _NEXT_LABEL.match(text, start) or _EMPTY_BOX.match(text, start) or _NOT_GIVEN.match(text, start):
            continue  # "DOB:            MRN:", "DOB: [ ]", "Employer: (not provided)": an empty field
        if kind == "name" and sep.group(1) == "=":  # "ordering_md=LOMETO,KIO": LAST,FIRST in one field
            lf = _LAST_FIRST_VALUE.match(text, sep.end())
            if lf:
                start, end = lf.start(1), lf.end(1)
        if text[start : start + 1] == "{":
            continue  # '"name": {"family": ...}': a JSON object, its own keys are read on their own
        if text[start : start + 1] == "[" and kind == "name":
            _json_list(text, start, kind, mask)  # '"given": ["Farzana", "B"]': each string of a JSON list
            continue
        while start < end and text[start] in _VALUE_EDGE:
            start += 1
        while end > start and text[end - 1] in _VALUE_EDGE:
            end -= 1
        if end <= start or _PLACEHOLDER.fullmatch(text, start, end):
            continue  # "DOB: [REDACTED]", "MRN: ***": already removed upstream
        if kind == "age":
            a = _AGE_VALUE.fullmatch(text, start, end)
            if a is None or float(a.group(1)) <= 89:
                continue
            end = a.end(1)
        words = re.findall(r"[A-Za-z]+", text[start:end])
        if (kind == "name" or kind == "place" and words) and _report_words(text[start:end]):
            continue  # '<Section name="Impression">', '"site": "RUL"': report words, not a person or a place
        if kind == "place" and not words and _UNIT_AFTER.match(text, end):
            continue  # "Biopsy site: 1.5 cm nodule": a size, no ZIP code
        if kind == "place" and words and all(word_class(w) == CLINICAL or w.lower() in _SITE_WORDS for w in words):
            continue  # "Site: right upper lobe", "Biopsy site: 2 cm nodule in the RUL": a body's site, no place
        if kind == "place" and len(words) == 1 and words[0].lower() in CAMPUS_WORDS:
            continue  # "Site: Main", "campus=North": which campus, no place's name
        mask(start, end, kind)
    if "age" in text.lower():
        for m in _AGE_BARE.finditer(text):
            if int(m.group(1)) > 89:
                mask(m.start(1), m.end(1), "age")
    if "</" in text:
        for m in _XML_FIELD.finditer(text):
            kind = _KEYS.get(_key(m.group(1)))
            if kind and kind != "age" and not _report_words(m.group(2)):
                mask(m.start(2), m.end(2), kind)
    if "(00" in text:
        for m in _DICOM_FIELD.finditer(text):
            if m.group(2).strip():
                mask(m.start(2), m.end(2), "mrn")
        for m in _DICOM_PERSON.finditer(text):
            if m.group(1).strip():
                mask(m.start(1), m.end(1), "name")


def tagged_names(text: str, mask: Mask) -> None:
    """See the module docstring."""
    if "BB " in text or "BG " in text or "Baby" in text or "BABY" in text or "Twin" in text or "Infant" in text:
        for m in _NEWBORN.finditer(text):
            mask(m.start(1), m.end(1), "name")
        if "Baby" in text:
            for m in _BABY_NICKNAME.finditer(text):
                mask(m.start(1), m.end(1), "name")
    low = text.lower()
    if (
        "transcr" in low
        or "typed" in low
        or "dictated" in low
        or "keyed" in low
        or "checked" in low
        or "proof" in low
        or (_INITIALS_LABEL_HINT.search(low))
    ):
        for m in _TRANSCRIBER.finditer(text):
            mask(m.start(1), m.end(1), "name")
    for sep in _SEPARATOR_CHARS.finditer(text) if ":" in text or "=" in text else ():
        if not _ROLE_BEFORE.search(text, max(0, sep.start() - 24), sep.start()):
            continue
        m = _ROLE_NAME_AT.match(text, sep.start())
        if m:
            words = re.findall(r"[A-Za-zÀ-ÖØ-öø-ÿ'’-]{2,}", m.group(2))
            # an initial, LAST, F., a title, or initials in capitals ("Checked: ROD")
            marked = "." in m.group(2) or "," in m.group(2) or bool(m.group(1))
            marked = marked or (
                m.group(2).isupper() and 2 <= len(m.group(2)) <= 4 and m.group(2).lower() not in _VERDICTS
            )
            if words and any(w.lower() in _ROLE_VALUES for w in words):
                continue  # "Read By: Attending", "Performed by: Technologist": a role, not a person
            if words and not any(word_class(w) == CLINICAL or w.lower() in STOP for w in words):
                # "WET READ: Left ...", "READER: Primary", "QA: Positioning adequate": report words and prose
                alone = _FIELD_END.match(text, m.end(2)) is not None
                if marked or alone and all(zipf(w.lower()) < 4.5 for w in words):
                    mask(m.start(2), m.end(2), "name")
    if ":\n" in text or ": \n" in text:
        for m in _NAME_LINES_AFTER_LABEL.finditer(text):
            pos = m.start(1)
            for line in m.group(1).splitlines():
                words = line.split()
                at = text.index(line, pos)
                pos = at + len(line)
                if words and not any(word_class(w) == CLINICAL or w.lower() in STOP for w in words):
                    mask(at + len(line) - len(line.lstrip()), at + len(line.rstrip()), "name")
    if "(" in text and ("last" in text.lower()):
        for m in _DECLARED_NAME_CELLS.finditer(text):
            mask(m.start(1), m.start(1) + len(m.group(1).rstrip()), "name")
    for m in _QUOTED_HANGUL_NAME.finditer(text) if "'" in text or '"' in text or "‘" in text or "“" in text else ():
        g = 1 if m.group(1) else 2
        if not all(t in KOREAN_CLINICAL for t in m.group(g).split()):
            mask(m.start(g), m.end(g), "name")
    if "국적" in text or "출신" in text:
        for m in _NATIONALITY_NAME.finditer(text):
            if not any(t in KOREAN_CLINICAL or t in _HANGUL_NOT_NAME for t in m.group(1).split()):
                mask(m.start(1), m.end(1), "name")
    if "^" in text and "|" in text:
        for m in _HL7_PERSON.finditer(text):
            if _OBX_ID.search(text, max(0, m.start() - 16), m.start()):
                continue  # "OBX|1|TX|IMP^IMPRESSION|": an observation's coded identifier, not a person
            if not all(word_class(w) == CLINICAL for w in m.group(1).split("^") if w):
                mask(m.start(1), m.end(1), "name")
    if "-" in text or "—" in text or "–" in text:
        for m in _TRAILING_INITIALS.finditer(text):
            w = m.group(1)
            if zipf(w) < 4.0 or word_class(w) not in (WORD, CLINICAL, AMBIGUOUS) or is_first_name(w) and zipf(w) < 4.7:
                mask(m.start(1), m.end(1), "name")  # (not "N/A - male", "- none": a common word, no given name)
    if any(k in text for k in ("años", "anos", "ans", "года", "лет", "год", "ahre", "jaar", "anni", "歳", "岁")):
        for m in _AGE_WORDS_FOREIGN.finditer(text):  # before other scripts are masked: "93 года"
            g = 1 if m.group(1) else 2
            mask(m.start(g), m.end(g), "age")
    if _OTHER_SCRIPT.search(text):
        for m in _OTHER_SCRIPT.finditer(text):
            mask(m.start(), m.end(), "name")
    if "(" in text and _HANGUL.search(text):
        for m in _HANGUL_THEN_LATIN.finditer(text):
            latin = m.group(2).split()
            if sum(len(w.strip(".")) >= 3 and word_class(w) != CLINICAL and zipf(w.lower()) < 4.0 for w in latin) < 2:
                continue  # "흉부 X선(CHEST PA)": report words, not a name
            tokens = m.group(1).split()
            k = len(tokens)
            while k > 0 and tokens[k - 1] not in _HANGUL_NOT_NAME and tokens[k - 1] not in KOREAN_CLINICAL:
                k -= 1
            if k < len(tokens):
                start = m.start(1) + len(" ".join(tokens[:k])) + (1 if k else 0)
                mask(start, m.start(1) + len(m.group(1)), "name")
            mask(m.start(2), m.end(2), "name")
        for m in _LATIN_THEN_HANGUL.finditer(text):
            words = m.group(1).split()
            if any(word_class(w) == CLINICAL for w in words) or all(zipf(w.lower()) >= 4.0 for w in words):
                continue
            mask(m.start(1), m.end(1), "name")
            mask(m.start(2), m.end(2), "name")
    if "/s/" in text:
        for m in _SIGNATURE.finditer(text):
            words = re.findall(r"[A-Za-z'’-]{2,}", m.group(1))
            if words and not all(word_class(w) == CLINICAL for w in words):
                mask(m.start(1), m.end(1), "name")
        for m in _SIGNATURE_INITIALS.finditer(text):  # "/s/ mbp", "/s/ JLM 10/02": a signer's initials
            if m.group(1).lower() not in STOP and word_class(m.group(1)) != CLINICAL:
                mask(m.start(1), m.end(1), "name")
    low_ = text.lower()
    if "née" in low_ or "nee " in low_ or "born " in low_ or "maiden" in low_ or "geb" in low_:
        for m in _MAIDEN.finditer(text):
            if word_class(m.group(1)) != CLINICAL and m.group(1).lower() not in STOP:
                mask(m.start(1), m.end(1), "name")
    if "," in text and _CREDENTIAL_HINT.search(text):
        for m in _CREDENTIAL_PAIR.finditer(text):
            mask(m.start(1), m.end(1), "name")
    if any(k in text for k in ("OO", "○", "**", "ㅇㅇ", "xx", "XX", "◯", "〇")) or _HANGUL_STAR.search(text):
        for m in _HALF_MASKED.finditer(text):
            g = 1 if m.group(1) else 2
            lead = m.group(g).split("*")[0]
            if g == 2 and len(lead) >= 4 and word_class(lead) in (WORD, CLINICAL):
                continue  # "***PRELIMINARY REPORT***": a word set off by stars, not a name starred out
            mask(m.start(g), m.end(g), "name")
    if _HANGUL.search(text):
        for m in _KIN_HANGUL.finditer(text):
            marked = bool(m.group(1))  # "모: ...", "할머니(...": a field or an aside that holds the name
            pos = end = m.start(2)
            tokens = []
            for tok in m.group(2).split():
                at = text.index(tok, pos)
                if tok in KOREAN_CLINICAL or tok[-1] in _PARTICLES and not hangul_name_like(tok, strict=True):
                    break
                tokens.append(tok)
                end = pos = at + len(tok)
                if not marked:
                    break  # one word after a bare kinship word (checked below)
            # a Korean name, a transliterated one, or (in a field) a foreign name of two or three words
            aside = m.group(1) in ("(", "（")  # "할머니(오금순)": what a kinship word holds in parentheses
            named = any(
                (hangul_name_like(t, strict=not aside) or transliterated_token(t) or _unlisted(t, marked))
                and not t.endswith(_NOT_NAME_ENDS)
                for t in tokens
            )
            foreign = marked and len(tokens) >= 2 and not any(t.endswith(_NOT_NAME_ENDS) for t in tokens)
            if tokens and (named or foreign) and (marked or _NAME_END.match(text, end)):
                mask(m.start(2), end, "name")


def tagged_things(text: str, mask: Mask) -> None:
    """See the module docstring."""
    if "/V" in text or "V " in text or "USCGC" in text or "USNS" in text or "HMCS" in text or "CCGS" in text:
        for m in _VESSEL.finditer(text):
            mask(m.start(1), m.end(1), "place")
    elif any(k in text for k in ("fishing vessel", "trawler", "seiner", "tender")):
        for m in _VESSEL.finditer(text):
            mask(m.start(1), m.end(1), "place")
    if "호" in text:
        for m in _KOREAN_VESSEL.finditer(text):
            lead = len(m.group(0)) - len(m.group(0).lstrip(" \t:："))
            mask(m.start() + lead, m.end(), "place")  # the name, not the space after its kind
    if "Children" in text:
        for m in _WOMEN_CHILDREN.finditer(text):
            mask(m.start(1), m.end(1), "place")
    if "host" in text.lower() or "server" in text.lower() or "workstation" in text.lower():
        for m in _HOSTNAME.finditer(text):
            mask(m.start(1), m.end(1), "url")
    if "\t" in text:
        for m in _TAB_ID.finditer(text):
            if any(c.isdigit() for c in m.group(1)):
                mask(m.start(1), m.end(1), "mrn")
    if "NHS " in text:
        for m in _NHS_BOARD.finditer(text):
            words, end = m.group(1).split(), m.start(1) + 3
            for w in words[1:]:  # the board's name: up to a report word ("NHS Fife Lungs are clear")
                if word_class(w) == CLINICAL:
                    break
                end = text.index(w, end) + len(w)
            mask(m.start(1), end, "place")
    if "Embassy" in text or "Consulate" in text or "Commission" in text or "대사관" in text or "영사관" in text:
        for m in _EMBASSY.finditer(text):
            g = 1 if m.group(1) else 2
            mask(m.start(g), m.end(g), "place")
    if "：" in text or ":" in text:
        for m in _CJK_ADDRESS.finditer(text):
            mask(m.start(1), m.end(1), "address")
    if "우" in text:
        for m in _KOREAN_POSTAL.finditer(text):
            mask(m.start(1), m.end(1), "address")
    if "^^^" in text:
        for m in _HL7_AUTHORITY.finditer(text):
            mask(m.start(1), m.end(1), "mrn")
    if text.count(":") >= 5 or text.count("-") >= 5:
        for m in _MAC.finditer(text):
            mask(m.start(), m.end(), "ip")
    if "C.P." in text or "C. P." in text:
        for m in _POSTAL_MX.finditer(text):
            mask(m.start(1), m.end(1), "address")


# a date's field in any layout: "DATE OF BIRTH.....06 15 31", "date of injury: twelfth january", "생년월일 : 52. 11.
# 3.": after a label of a date, the value is a date whatever its shape, when it holds a digit, a month or an ordinal
_DATE_FIELD = re.compile(
    r"(?i)(?<![\w.])(?:date(?:[ \t]+of[ \t]+[a-z]+(?:[ \t]+[a-z]+)?)?|dob|d\.o\.b\.?|birth[ \t]*date|born|"
    r"[a-z]+[ \t]+date|생년월일|생일|출생일|검사일|촬영일|내원일|입원일)"
    r"[ \t]*(?::|=|\.{2,}|[ \t]-[ \t])[ \t]*"
    r"((?:[^\s|;]|\|(?=[ \t]*\d))(?:[^|;\n]|\|(?=[ \t]*\d)){0,39}?)"
    r"(?=[ \t]{2,}|[ \t]*(?:[;\n]|\|(?![ \t]*\d))|[ \t]*$|[ \t]*\((?!\d)"
    # the next sentence's capitalised word ("DOB: 11 02 29 Lungs are clear"), not a month's
    r"|[ \t]+(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[A-Z][a-z]{2,})"
)
_DATE_VALUE = re.compile(
    r"(?i)\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b"
)
_NOT_A_DATE_VALUE = re.compile(r"(?i)\b(?:mm|cm|mg|ml|kg|mas|kvp|hu|views?|images?|series|of)\b|%")


def date_fields(text: str, mask: Mask) -> None:
    """The value of a date's field (``_DATE_FIELD``): a date in a layout no date pattern knows ("10/ 4/86",
    "06 15 31", "thirteenth november twenty twenty-three"), not a measurement or a count."""
    for m in _DATE_FIELD.finditer(text):
        value = m.group(1).rstrip(" \t.,")
        if not value or not value[0].isalnum():
            continue  # "dob=&exam=CHEST2V": an empty field, the next one's separator after it
        if _DATE_VALUE.search(value) and not _NOT_A_DATE_VALUE.search(value) and "_" not in value:
            mask(m.start(1), m.start(1) + len(value), "date")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
