"""The PHI screen's closing passes: what stands next to an identifier already masked and belongs to it, and a few
identifiers named by their role in lower case. Read the window's text as the earlier passes left it (masked spans
are runs of ``_``; ``ends`` maps the end of each masked span to its kind), like ``phi_around``.

``masked_neighbours``:

* the head noun of a masked place ("___ Terminal", "___ Motor Speedway", "___ General Annex", "___ free clinic",
  "___ 기흥공장", "___ 조선소") and the words that open its name ("Port of ___", "University of the ___", "Joint
  Base ___", "the MS ___", "캠프 ___");
* a particle between two masked parts of one name ("___ de ___", "___ van der ___");
* a capitalised word that no vocabulary knows right after a masked name or place ("___ Yuma flight-line",
  "Dr. ___ Law at", "___ LEON, PRESENT"): the rest of the name or the town (a known English or clinical word
  stays, except a surname after a title and one given name);
* a surname that dictation split in two after a title ("Dr. strict land", "doctor ___ itch"); a Spanish given
  name's particle and its word ("MARIA DE LOS ANGELES", "___ de la Cruz");
* a ZIP code after a masked town ("___ 20166"), a site's numbered area ("___ 300 Area"), a cross street after a
  masked one ("near ___ and Ferry"), a branch after its masked institution ("___ 진해분원"), a company's acronym
  before its masked plant ("GM ___");
* a town after a comma at the end of a clause that names a masked place ("___ poultry processing, Hazlehurst.");
* a date's neighbours: a holiday in parentheses after a masked date ("___ (Christmas Day)"), a Korean time
  ("___ 오후 3:20"), date arithmetic before one ("two days before ___"), the house number of a masked street
  ("1412 ___ ___, ___").

``role_names``: a lower-case "last, first m" after a role label ("ref phys: stone, gary w", "attending: king,
may"), a Korean place written as a compound that ends in a place word ("호수공원", "한빛에너지연구원",
"오송생명과학단지"; the bare place word stays: "연구원" is also a researcher), a district's short name before a base
or a site ("진해 해군기지"), a nuclear plant's name ("월성원전"), a military unit ("437th AW", "2nd Battalion"), a
name stated by the patient ('states his name as "Mister Will"') and a birth year after its label ("Year of birth:
1931").

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import (
    CLINICAL,
    KOREAN_CLINICAL,
    NAME,
    SERVICES,
    UNKNOWN,
    WORD,
    is_first_name,
    word_class,
    zipf,
)
from megacxr.shards.phi_names import STOP, common_korean_word, eponym_after, named_phrase
from megacxr.shards.phi_places import korean_districts
from megacxr.shards.phi_prefilter import gate_patterns
from megacxr.shards.phi_spans import masked_runs

_HANGUL_CHAR = re.compile("[\uac00-\ud7a3]")  # (one C scan; a generator over the characters is far slower)

__all__ = ["masked_neighbours", "role_names", "voted_neighbours"]

_SPLIT_ID_HEAD = re.compile(r"(?<![\w-])([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-)[ \t]*\n[ \t]*$")
# a Hangul word (Latin letters may close it: 한국GM) right before a masked place, set off by one space
_KOREAN_WORD_BEFORE_PLACE = re.compile(r"(?<![\w])([\uac00-\ud7a3]{2,8}[A-Z]{0,4})[ \t](?=_)")
# a particle or an ending closing the word (a word of the sentence, not a place's part), or a time or an order word
_KOREAN_NOT_PLACE = re.compile(
    r"(?:에서|에게|으로|부터|까지|[에의을를은는이가과와로도고며서])$|^(?:현재|이전|과거|최근|당시|이후|작년|올해|전년|동일|같은|다른)$"
)

Mask = Callable[[int, int, str], None]

_HEAD_AFTER = re.compile(  # the kind of a masked place goes with its name
    r"(?<=_)[ \t]*((?i:(?:free|community|mobile|urgent[ \t]+care|walk-in|satellite|outpatient)[ \t]+clinic|"
    r"motor[ \t]+speedway|speedway|raceway|race[ \t]+track|stadium|arena|coliseum|ballpark|"
    r"(?:marine|container|cruise|ferry|freight)?[ \t]*terminal|general(?:[ \t]+(?:hospital|annex))?|annex|"
    r"pavilion|tower|campus|plant|mill|mine|refinery|depot|warehouse|factory|shipyard|dockyard|"
    r"church|cathedral|temple|mosque|synagogue|academy|prison|jail|penitentiary|correctional[ \t]+(?:facility|center)|"
    r"air[ \t]+(?:force[ \t]+)?(?:base|station)|naval[ \t]+(?:base|station|air[ \t]+station)|base|"
    r"(?:international[ \t]+|regional[ \t]+|municipal[ \t]+|county[ \t]+)?airport|casino|hotel|resort|"
    r"high[ \t]+school|middle[ \t]+school|elementary(?:[ \t]+school)?|college|"
    r"university|poultry[ \t]+(?:plant|processing)|processing[ \t]+plant|packing[ \t]+plant)"
    # a firm named for its trade after its name: "___ Freight", "___ Tire & Axle", "___ Roofing"
    r"|(?:Freight|Trucking|Logistics|Transport|Transportation|Lumber|Supply|Motors|Auto|Automotive|Construction|"
    r"Roofing|Plumbing|Electric|Farms?|Dairy|Foods|Feed|Grain|Express|Industries|Manufacturing|Tire|Hauling|Towing|"
    r"Excavating|Landscaping|Welding|Machine|Steel|Concrete|Trucking[ \t]+Co\.?)"
    r"(?:[ \t]*&[ \t]*[A-Z][a-z]+)?)(?![\w'’-])"
    r"|(?<=_)[ \t]*([\uac00-\ud7a3]{0,4}(?:공장|공원|단지|조선소|중공업|연구원|연구소|연구단지|산업단지|캠퍼스|"
    r"기지|부대|교회|성당|사찰|학교|대학교|대학|터미널|항|공항|물류센터|센터|보건진료소|보건지소|보건소|복지회관|회관|복지관|"
    r"어린이집|유치원|요양원|선적))"
    r"(?=(?:에서|에게|에|의|을|를|은|는|이|가|으로|로|과|와|까지|부터|내)?(?![\uac00-\ud7a3]))"  # a particle may follow
)
_OF_THE_TAIL = re.compile(  # "___ of the Valley", "___ OF HOMESTEAD": the rest of a place's name, its town
    r"[ \t]+((?:of|OF)[ \t]+(?:(?:the|THE)[ \t]+)?)([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?|[A-Z]{3,}(?:[ \t]+[A-Z]{3,})?)"
    r"(?=[ \t]*(?:[,.;:)]|$)|[ \t]+[a-z])",
    re.M,
)
_HYPHEN_REST = re.compile(r"-([A-Z][A-Za-z'’]+)(?![\w'’])")


def _known_place_word(word: str) -> bool:
    return word_class(word) == CLINICAL or word.lower() in STOP


_HEAD_BEFORE = re.compile(  # the words that open the name of a masked place
    r"(?:(?<![\w'’-])(?i:port|university|college|bank|city|county|town|state|isle|bay|gulf|lake|mount|cape|district|"
    r"province|republic|church|diocese|school|academy)[ \t]+of[ \t]+(?:the[ \t]+)?"
    r"|(?<![\w'’-])(?:Joint[ \t]+Base|Air[ \t]+Force[ \t]+Base|Naval[ \t]+Air[ \t]+Station|Naval[ \t]+Station|"
    r"Marine[ \t]+Corps[ \t]+(?:Air[ \t]+Station|Base)|Fort|Camp|Lake|Mount|Port|San|Santa|Santo|São|Sao|"
    r"Saint|St\.?|Ste\.?|Los|Las|El)[ \t]+"
    r"|(?<=\bthe[ \t])(?:MS|SS|MT|RV|MY|MV)[ \t]+(?:[A-Z][A-Za-z'’-]+[ \t]+){0,2}"
    r"|(?<![\uac00-\ud7a3])캠프[ \t]*"
    r"|(?<![\w'’-])[A-Z][a-z]+[ \t]+(?:du|de|des|la|le|del|di|da)[ \t]+)(?=_)"  # "Lac du ___", "Prairie du ___"
)
_WORDS_BETWEEN_PLACES = re.compile(  # "___ OF THE NORTH ___": the middle of one institution's name
    r"(?<=_)[ \t]+((?:of|OF)(?:[ \t]+(?:the|THE))?(?:[ \t]+[A-Z][A-Za-z'’&.-]*){0,2}|(?:[A-Z][A-Z'’&.-]*[ \t]+){0,2}"
    r"[A-Z][A-Z'’&.-]*)[ \t]+(?=_)"
)
_PARTICLE_BETWEEN = re.compile(
    r"(?<=_)[ \t]+(?i:de|del|de[ \t]+la|de[ \t]+los|da|do|dos|das|di|du|des|van|von|van[ \t]+der|van[ \t]+den|y|e|"
    r"la|le|al|el|bin|ibn|ter|ten)[ \t]+(?=_)"
)
_CAP_AFTER = re.compile(  # (a word before a colon is the next field's label: "___   Proofed: LBR")
    r"(?<=_)[ \t]+((?:d['’]|l['’])?[A-Z][A-Za-z'’]{2,}(?:-[A-Z][A-Za-z'’]+){0,3})(?![\w'’-]|\.\w|[ \t]*[:=])"
)
_CAP_NEXT_LINE = re.compile(  # "Dr. ___\nHollingsworth at 1605": the surname wrapped onto the next line
    r"(?<=_)[ \t]*\n[ \t]*([A-Z][A-Za-z'’]{2,}(?:-[A-Z][A-Za-z'’]+){0,2})(?![\w'’-]|\.\w|[ \t]*[:=])"
)
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;)]|$)", re.M)
_TOWN_BEFORE_PLACE = re.compile(
    r"(?:\b(?:in|near|from|of|at|to|outside|around|In|Near|From)[ \t]+)"
    r"((?:[A-Z][a-z'’-]+[ \t]+){0,2}[A-Z][a-z'’-]{2,}),[ \t]*$"
)
_TITLE_FIRST = re.compile(r"(?:Dr|Mr|Mrs|Ms|Mx|Prof|Mister|Miss)\.?[ \t]+_+$")  # "Dr. ___": a title and one name
# a surname that dictation split in two after a title: "Dr. strict land" (Strickland), "doctor ___ itch" (Hodgeitch),
# "Dr. ___ son" (the title masked with the name too: "___ ___ field"): the second half is a surname's ending that
# reads as no report word after a name
_SPLIT_SURNAME = re.compile(
    r"(?<![\w'’-])(?:Dr|Mr|Mrs|Ms|Mx|Prof|Doctor|DR|MR|MRS|MS|dr|mr|mrs|ms|doctor|(_+))\.?[ \t]+"
    r"((?:_+|[A-Za-z][a-z'’]{1,12})[ \t]+(?:son|sen|sson|land|itch|ich|vich|ton|ington|ford|field|wood|berg|burg|"
    r"stein|ski|sky|ley|worth|ridge|stone|baum|man|mann|ham|dale|mond|wick|holm|strom|quist|enko|ova|ovic|ez|chick|hart))"
    r"(?![\w'’-])"
)
_ZIP_AFTER_PLACE = re.compile(  # "Address on file: ___ 20166": a ZIP code after a masked town
    r"[ \t]*,?[ \t]+(\d{5}(?:-\d{4})?)(?![\d./:-]|[ \t]*(?i:units?|mg|ml|cells|copies|iu|cpm)\b)"
)
_AREA_AFTER_SITE = re.compile(
    r"[ \t]*,?[ \t]+(\d{2,4}[ \t]+(?:(?:East|West|North|South)[ \t]+)?Area)\b"
)  # "___ 300 Area"
# a company's acronym before its masked plant or office: "GM ___ Engine", "GE ___" (no report abbreviation: "CT ___")
_AREA_WORD = re.compile(r"[ \t]+((?:(?:East|West|North|South)[ \t]+)?Area)\b")
_ACRONYM_BEFORE = re.compile(r"(?<![\w&.-])([A-Z]{2,4}|\d[A-Z])[ \t]+$")
_NOT_COMPANY = frozenset("PT OT DR MR MRS MS ST NO RE CC FYI ATTN TO FROM PER".split())
# a Spanish given name's particle and its word: "MARIA DE LOS ANGELES", "José de la Cruz" (not the city)
_SPANISH_GIVEN_PARTICLE = re.compile(
    r"(?<![\w'’-])([A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñ]+)[ \t]+"
    r"((?:DE|De|de)[ \t]+(?:LOS|LAS|LA|Los|Las|La|los|las|la)[ \t]+[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñ]+)(?![\w'’-])"
)
_CROSS_STREET = re.compile(r"[ \t]+(?:and|&)[ \t]+([A-Z][A-Za-z'’]+(?:[ \t]+(?:St|Ave|Rd|Blvd|Dr)\.?)?)(?![\w'’-])")
_CROSS_CUE = re.compile(r"\b(?:near|corner[ \t]+of|intersection[ \t]+of|off[ \t]+of|by)[ \t]+(?:the[ \t]+)?$", re.I)
_TOWN_KINDS = frozenset(
    "BAY BEACH CITY SPRINGS FALLS HEIGHTS PARK LAKE LAKES GROVE HILLS VILLAGE ISLAND KEY HARBOR HARBOUR POINT CREEK "
    "GARDENS ACRES JUNCTION LANDING".split()
)
_TOWN_AT_CLAUSE_END = re.compile(  # (in capitals, two words: "___ CONDOMINIUM NO. 3, CUTLER BAY")
    r",[ \t]*([A-Z][a-z'’-]{3,}|[A-Z]{3,}(?:[ \t]+[A-Z]{3,})?)(?=[ \t]*(?:[.;)]|--|$))", re.M
)
_PAREN_HOLIDAY = re.compile(  # "___ (Christmas Day)", "___ (Halloween)": the day a masked date was
    r"(?<=_)[ \t]*\((?:Christmas(?:[ \t]+(?:Eve|Day))?|New[ \t]+Year['’]?s(?:[ \t]+(?:Eve|Day))?|Thanksgiving|"
    r"Halloween|Easter|Independence[ \t]+Day|July[ \t]+4th|Labor[ \t]+Day|Memorial[ \t]+Day|Valentine['’]?s[ \t]+Day|"
    r"Chuseok|Seollal|Lunar[ \t]+New[ \t]+Year|[\uac00-\ud7a3]{2,5})\)"
)
_OFFSET_BEFORE = re.compile(  # "two days ___", "3 weeks after ___": date arithmetic on a masked date
    r"(?<![\w-])(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a[ \t]+few|several|a|an)[ \t]+"
    r"(?:days?|nights?|weeks?|months?)(?:[ \t]+(?:before|after|prior[ \t]+to|following|ahead[ \t]+of))?[ \t]+$",
    re.I,
)
_KOREAN_TIME_AFTER = re.compile(  # "___ 오후 3시", and in Chinese and Japanese "___ 下午3:15", "___ 午前9時"
    r"(?<=_)[ \t]*((?:오전|오후|새벽|밤|上午|下午|晚上|凌晨|中午|午前|午後)[ \t]*\d{1,2}"
    r"(?:[:시時时点點][ \t]*\d{0,2}[분分]?)?)"
)
_NUMBER_BEFORE_STREET = re.compile(  # a house number (a grid one too: "N5521") at a line's or a label's start
    r"(?:^|[:：])[ \t]*([NSEW]?\d{1,6}[A-Z]?)[ \t]*,?[ \t]+$"  # "주소: 151, ___": a comma after it too
)
_HOUSE_NUMBER = re.compile(r"(?<![\w.#/-])(\d{1,6}[A-Z]?)[ \t]+(?=_+(?:[ \t]+_+)*[ \t]*,[ \t]*_)")
_ROLE_LOWER = re.compile(  # "ref phys: stone, gary w", "attending: king, may": a role label and a lower-case name
    r"(?i:\b(?:ref(?:erring)?[ \t]*(?:phys(?:ician)?|md|dr|provider)|attending|resident|fellow|radiologist|"
    r"technologist|tech|sonographer|interpreting[ \t]+(?:md|physician)|read[ \t]+by|signed[ \t]+by|dictated[ \t]+by|"
    r"ordering[ \t]+(?:md|provider|physician)|pcp|np|pa|staff|prelim|final|reader|student|rn|rt)[ \t]*[:=-][ \t]*)"
    r"([a-z][a-z'’-]+,[ \t]*[a-z][a-z'’-]+(?:[ \t]+[a-z]\.?)?|_+,[ \t]*[a-z][a-z'’-]+(?:[ \t]+[a-z]\.?)?"
    r"|[a-z]\.[ \t]*[a-z][a-z'’-]{2,})(?![\w'’-])"  # "staff: b. hensley": an initial and a surname
)
_KOREAN_PLACE_COMPOUND = re.compile(  # "호수공원", "한빛에너지연구원", "오송생명과학단지": a name and its place word
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,10}(?:\d{1,2}차(?=아파트|빌라|맨션))?(?:공원|연구원|연구소|연구단지|과학단지|산업단지|국가산업단지|"
    r"일반산업단지|중공업|조선소|공장|반도체|전자|화학|물산|건설|어린이집|유치원|보건진료소|복지회관|요양원|광업소|탄광|광산|"
    r"제철소|발전소|제련소|호텔|모텔|게스트하우스|레지던스|아파트|빌라|맨션|오피스텔|빌리지|하이츠|연립|주공|"
    r"농원|농장|과수원|목장|양식장|양계장|축사))"
    r"(?=(?:에서|에게|에|의|을|를|은|는|이|가|으로|로|과|와|까지|부터|내)?(?![\uac00-\ud7a3]))"  # a particle may follow
)
_FRENCH_PARTICLE_PLACE = re.compile(  # a French place's name in an English text: two capitalised words and "du"
    r"(?<![\w'’-])(([A-Z][a-z]{2,})[ \t]+(?:du|des|de[ \t]+la)[ \t]+([A-Z][a-z]{2,}))(?![\w'’-])"
)
_FRENCH_PLACE_HEADS = frozenset(
    "Lac Fond Prairie Bois Eau Isle Grand Grande Petit Petite Pointe Bayou Riviere Rivière Mont Belle Cote Côte "
    "Port Vieux Baie Portage Terre Ville Coeur Creve Cap Anse Chute Chutes Val Plaine".split()
)
_KOREAN_PARTICLE_AHEAD = (
    r"(?=(?:에서|에게|에|의|을|를|은|는|이|가|으로|로|과|와|까지|부터|내|인근|주변)?(?![\uac00-\ud7a3]))"
)
# a district's short name and a base or a site after it, set off by a space: "진해 해군기지", "오산 공군기지 근무"
_KOREAN_DISTRICT_SITE = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,3})[ \t]+"
    r"((?:해군|공군|육군|미군|주한미군|해병대)?기지|비행장|(?:국가)?산단|공단|조선소|원전|발전소|항)"
    + _KOREAN_PARTICLE_AHEAD
)
# a nuclear plant's name: "월성원전", "한빛원자력본부" (not "병원전", "입원전", "내원전": before a hospital or a visit)
_KOREAN_NUCLEAR = re.compile(
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,2}[^\W\d_병입내퇴래외전](?:원전|원자력발전소|원자력본부|원자력))"
    + _KOREAN_PARTICLE_AHEAD
)
# a branch after its masked institution's name: "___ 진해분원", "___ 동탄캠퍼스"
_KOREAN_BRANCH_AFTER = re.compile(
    r"[ \t]+([\uac00-\ud7a3]{1,4}(?:분원|분소|지사|출장소|캠퍼스))" + _KOREAN_PARTICLE_AHEAD
)
_KOREAN_RESIDENTS = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,4}(?:도|리|섬|마을))[ \t]*주민")
_KOREAN_PLACE_GENERIC = frozenset(  # a compound that names no place: the kind of place, not its name
    "연구원 연구소 공장 공원 조선소 중공업 반도체 전자 화학 건설 물산 국립공원 근린공원 어린이공원 협력공장 하청공장 "
    "제조공장 자동차공장 식품공장 화학공장 외국인연구원 책임연구원 선임연구원 수석연구원 박사후연구원 객원연구원 "
    "반도체공장 반도체단지 산업단지 국가산업단지 일반산업단지 조선공장 건설현장 어린이집 유치원 국공립어린이집 "
    "민간어린이집 가정어린이집 직장어린이집 사립유치원 병설유치원 보건진료소 복지회관 노인복지회관 요양원 노인요양원 "
    "주간보호센터 광업소 탄광 광산 제철소 발전소 제련소 폐광산 호텔 모텔 게스트하우스 레지던스 "
    "비즈니스호텔 관광호텔 석유화학 정밀화학 생화학 유기화학 무기화학 석탄화학 고분자화학 의약화학 전기전자 "
    "가전 전자 소재화학 석유화학공장 화학공장 아파트 빌라 맨션 오피스텔 연립 주공 임대아파트 고층아파트 "
    "신축아파트 노후아파트 주공아파트 영구임대 공공임대 다세대 다가구 농원 농장 과수원 목장 양식장 양계장 축사 "
    "개인농장 가족농장 관광농원 주말농장 체험농장".split()
)
_MILITARY_UNIT = re.compile(  # "437th AW", "2nd Battalion", "1st MEU", "82nd Airborne": where a service member serves
    r"(?<![\w-])(\d{1,4}(?:st|nd|rd|th)[ \t]+(?:AW|ABW|FW|OG|MXG|MDG|MDOS|AMW|ARW|MEU|MEF|BCT|CAB|SFG|MLG|MAW|"
    r"Airborne|Infantry|Armor(?:ed)?|Cavalry|Marines|Wing|Squadron|Battalion|Brigade|Regiment|Division|Group|"
    r"Fighter[ \t]+Wing|Air[ \t]+Wing|Medical[ \t]+(?:Group|Battalion|Brigade)|Signal[ \t]+Battalion)\b"
    # a battalion of its regiment and the arm's words before the unit: "1-14th Aviation Regiment", "190th Air
    # Refueling Wing", "3rd Combat Aviation Brigade"
    r"|(?:\d{1,2}-)?\d{1,4}(?:st|nd|rd|th)[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}(?:Regiment|Battalion|Brigade|Division|"
    r"Squadron|Wing|Group|Company|Battery|Troop|Detachment|Command|Fleet|Corps)\b)"
)
_STATED_NAME = re.compile(  # 'states his name as "Mister Will"', "goes by Sonny": a name the patient gives
    r"(?i:\b(?:(?:his|her|their|my)[ \t]+name[ \t]+(?:is|as)|calls?[ \t]+(?:him|her)self|goes[ \t]+by))"
    r"[ \t]+[\"“'‘]?((?:Mister|Miss|Missus|Mr\.?|Ms\.?|Mrs\.?)?[ \t]*[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)"
)
_MONTH_BEFORE_YEAR = re.compile(  # "since march 2019", "sept. of 2021": a month before its year, in lower case
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|mar\.|april|apr\.|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?[ \t]+(?:of[ \t]+)?$"
)
_HANGUL_ANY = re.compile("[\uac00-\ud7a3]")
_VENUE = re.compile(  # "Piedmont Motor Speedway", "Garden City Terminal": a named venue or works
    r"(?<![\w'’-])((?:[A-Z][a-z'’-]+[ \t]+){1,3}(?:Motor[ \t]+)?(?:Speedway|Raceway|Stadium|Arena|Coliseum|Ballpark|"
    r"Terminal|Shipyard|Refinery|Casino|Resort|Mall|Fairgrounds|Racetrack|Dragway|"
    # a seat of government by its state's or town's name: "Kansas Statehouse", "Shawnee County Courthouse"
    r"Statehouse|State[ \t]+Capitol|Capitol|Courthouse|City[ \t]+Hall|Town[ \t]+Hall|Armory))\b"
)
# a hospital by its own name before one of its departments: "in the Stormont Vail emergency department", "at the
# Darnall ER" (the words must be no report word and no common word: "the Pediatric ER", "the Main ED" stay)
_HOSPITAL_DEPARTMENT = re.compile(
    r"\b(?i:the)[ \t]+((?:[A-Z][a-z'’-]+[ \t]+){1,3})(?=(?:emergency[ \t]+(?:department|room)|ED|ER|ICU|MICU|SICU|NICU|"
    r"urgent[ \t]+care|cath[ \t]+lab|radiology[ \t]+department|trauma[ \t]+bay)\b)"
)
# a town's enclave by the land its people came from, any case: "little haiti", "Little Saigon", "Koreatown"
_ENCLAVE = re.compile(
    r"(?i:\blittle[ \t]+(?:haiti|saigon|havana|italy|manila|tokyo|india|mexico|armenia|ethiopia|odessa|portugal|"
    r"poland|ukraine|korea|bangladesh|guyana|senegal|somalia|kabul|lagos|persia|beirut|cambodia|phnom[ \t]+penh|laos|"
    r"syria|yemen|liberia|jamaica|brazil|colombia|pakistan|seoul|taipei|arabia|lebanon|sweden|norway|bohemia|"
    r"mogadishu|addis|dominican[ \t]+republic|san[ \t]+salvador|tijuana)\b|\b(?:china|korea|japan|manila|thai)town\b)"
)
_KOREAN_CAMP = re.compile(r"(?<![\uac00-\ud7a3])캠프[ \t]*[\uac00-\ud7a3]{2,6}(?![\uac00-\ud7a3])")  # "캠프 험프리스"
_SAINT_LOWER = re.compile(  # "from st. helena island": a saint's town written in lower case
    r"\bst\.[ \t]+([a-z]{3,})(?:[ \t]+(?:island|county|parish|city|beach|bay|lake))?\b"
)
_PORT_LOWER = re.compile(  # "port of baltimore", "dundalk marine terminal": a port or a works in lower case
    r"\bport[ \t]+of[ \t]+([a-z]{3,}(?:[ \t]+[a-z]{3,})?)\b"
    r"|\b([a-z]{3,})[ \t]+(?:marine|container|cruise|ferry)[ \t]+terminal\b"
)
_NINETIES = re.compile(  # "in her late nineties (98)", "a man in his 90s": an age over 89 said by its decade
    r"(?i:\bin[ \t]+(?:his|her|their)[ \t]+)((?:(?:late|mid|early)[ \t-]+)?(?:nineties|90s|90's|hundreds)"
    r"(?:[ \t]*\(\d{2,3}\))?)"
)
_KOREAN_PLACE_AFTER = re.compile(  # "___ 고덕 반도체 단지": the rest of a masked Korean place up to its place word
    r"(?<=_)(,?(?:[ \t]+[\uac00-\ud7a3○●◯]{1,8}){0,3}[ \t]+(?:\d{1,3}|[\uac00-\ud7a3○●◯]{0,8}(?:\d{1,2}차)?)"
    r"(?:단지|공장|조선소|캠퍼스|공원|기지|연구소|부대|보건진료소|보건지소|회관|복지관|어린이집|유치원|요양원|"
    # "___ 운정 해솔마을 7단지", "___ 삼송리", "___ 서면시장", "___ 로드리게스 사격장", "___, 마린시티 ○○아파트"
    r"마을|리|시장|사격장|농원|농장|아파트|빌라|맨션|오피스텔|타운|하우스|교회|성당|사찰|"
    # a facility of the masked place: "___ 쉼터", "___ 위판장", "___ 하나로마트", "___ 협력업체 합숙소", "___ 기숙사"
    r"연립|주택|상가|쉼터|합숙소|기숙사|숙소|위판장|공판장|어판장|선착장|덕장|하나로마트|마트|경로당|회관|분교|지점|"
    # a farm of the masked place, its product before it: "___ 은어 양식장", "___ 한우 목장", "___ 염전"
    r"양식장|양계장|양돈장|목장|어장|축사|과수원|염전|작업장|"
    # a firm's site after the masked town: "___ 삼성 반도체 사업장"
    r"사업장|사업소|본사|지사|물류센터))"
    r"(?=(?:에서|에게|에|의|을|를|은|는|이|가|으로|로|과|와|까지|부터|내)?(?![\uac00-\ud7a3]))"
)
_LOOSE_KINDS = ("리", "시장", "마을", "타운", "하우스")  # endings of common words too ("관리", "거리", "시장")
_CAPS_LINE_BEFORE = re.compile(  # "UNIVERSITY HOSPITAL OF THE HIGH ___": a letterhead's words before a masked place
    r"((?:[A-Z][A-Z'’&.-]*[ \t]+){1,8})$"
)
_INSTITUTION_CAPS = re.compile(r"\b(?:HOSPITAL|MEDICAL|CENTER|CENTRE|CLINIC|UNIVERSITY|COLLEGE|HEALTH|INSTITUTE)\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_ROLE_HINT = re.compile(r"[:=][ \t]*(?:[a-z][a-z'’-]+,[ \t]*[a-z]|[a-z]\.[ \t]*[a-z]{3})")  # "stone, g", "b. hensley"
_BIRTH_YEAR = re.compile(
    r"(?i:\b(?:year[ \t]+of[ \t]+birth|birth[ \t]*year|yob|born[ \t]+in|출생[ \t]*연도|출생년도)[ \t]*[:=-]?[ \t]*)"
    r"((?:19|20)\d{2})(?![\d/.-]|['’]?s\b)"  # (not a decade: "born in 1950s")
)


def _ends_after(text: str, ends: dict[int, str], kinds: tuple[str, ...]) -> list[int]:
    return sorted(e for e, k in ends.items() if k in kinds and 0 < e < len(text) and text[e - 1] == "_")


def _next_end(text: str, start: int) -> int:
    """The end of the masked run that starts at ``start``."""
    end = start
    while end < len(text) and text[end] == "_":
        end += 1
    return end


def _unknown(word: str) -> bool:
    """A capitalised word no vocabulary knows as English or clinical (a rare word counts as unknown)."""
    w = word.strip("'’")
    if w.lower() in STOP or len(w) < 3:
        return False
    c = word_class(w)
    if c == CLINICAL:
        return False
    return c != WORD or zipf(w.lower()) < 3.0


def masked_neighbours(text: str, mask: Mask, ends: dict[int, str]) -> None:
    """See the module docstring; cost: a few anchored matches per masked span."""

    def take(start: int, end: int, kind: str) -> None:
        nonlocal text
        if end > start:
            mask(start, end, kind)
            ends[end] = kind
            text = text[:start] + "_" * (end - start) + text[end:]

    for m in _SPLIT_SURNAME.finditer(text):
        first = m.group(2).split()[0]
        named = not m.group(1) or ends.get(m.end(1)) == "name" and word_class(first) != CLINICAL  # "___ hat field"
        if first.startswith("_") or named and first.lower() not in STOP and first.lower() not in SERVICES:
            take(m.start(2), m.end(2), "name")  # (the first half may be no name of its own: "strict land")
    if "_" not in text:
        return

    for e in _ends_after(text, ends, ("place",)):
        m = _OF_THE_TAIL.match(text, e)
        if m and not _known_place_word(m.group(2)):
            take(m.start(1), m.end(2), "place")  # "___ of the Valley": the rest of an institution's name
    for e in _ends_after(text, ends, ("place",)):
        m = _HYPHEN_REST.match(text, e)
        if m and not _known_place_word(m.group(1)):
            take(m.start(1), m.end(1), "place")  # "___-Tacoma": the rest of a hyphenated place
    for e in _ends_after(text, ends, ("place", "address")):
        m = _HEAD_AFTER.match(text, e)
        if m:
            g = 1 if m.group(1) else 2
            take(m.start(g), m.end(g), "place")
    for s, _, kind in masked_runs(text, ends, ("place", "name", "address")):
        m = _HEAD_BEFORE.search(text, max(0, s - 40), s + 1)
        if m and m.end() == s and (kind != "name" or not m.group(0).lower().startswith(("port", "city", "bank"))):
            take(m.start(), m.end(), "place")
    for e in _ends_after(text, ends, ("place",)):
        m = _WORDS_BETWEEN_PLACES.match(text, e)
        if m and "\n" not in m.group(0) and ends.get(_next_end(text, m.end()), "place") == "place":
            take(m.start(1), m.end(1), "place")
    for s, _, _kind in masked_runs(text, ends, ("place",)):
        m = _TOWN_BEFORE_PLACE.search(text, max(0, s - 60), s)
        words = m.group(1).split() if m else []
        if words and all(w.lower() not in STOP and word_class(w) != CLINICAL for w in words):
            take(m.start(1), m.end(1), "place")  # "in Keystone, ___ County": the town before its masked county
    for e in _ends_after(text, ends, ("name", "place")):
        m = _PARTICLE_BETWEEN.match(text, e)
        if m:
            take(m.start(), m.end(), ends[e])
    for e in _ends_after(text, ends, ("name", "place")):
        m = _CAP_AFTER.match(text, e)
        if not m:
            continue
        word = m.group(1)
        # "Dr. ___ Law": a title and ONE given name (a short run) before a word that is no report word
        title = _TITLE_FIRST.search(text, max(0, e - 40), e)
        after_title = ends[e] == "name" and title is not None and e - text.rfind(" ", 0, e) - 1 <= 10
        reportish = word.lower() in SERVICES or word.lower() in STOP
        reportish = reportish or (word_class(word) == CLINICAL and zipf(word.lower()) < 5.0)
        rare_after_place = ends[e] == "place" and word_class(word) == WORD and zipf(word) < 3.5 and not reportish
        # "Dr. ___ Swan.": a rarer report word (an eponym's surname) that ends the clause after a title and one name
        closing = after_title and zipf(word.lower()) < 4.0 and _CLAUSE_END.match(text, m.end(1)) is not None
        reportish = reportish and not (closing and word.lower() not in STOP and word.lower() not in SERVICES)
        if (after_title and not reportish) or _unknown(word) or rare_after_place:  # "___ Tahoe": a rare word too
            take(m.start(1), m.end(1), ends[e])
    for e in _ends_after(text, ends, ("name",)):
        m = _CAP_NEXT_LINE.match(text, e)
        title = m and _TITLE_FIRST.search(text, max(0, e - 40), e)
        if title and e - text.rfind(" ", 0, e) - 1 <= 10 and word_class(m.group(1)) in (NAME, UNKNOWN):
            take(m.start(1), m.end(1), "name")
    for e in _ends_after(text, ends, ("place",)) if _HANGUL_ANY.search(text) else ():
        m = _KOREAN_BRANCH_AFTER.match(text, e)
        if m:
            take(m.start(1), m.end(1), "place")
    for e in _ends_after(text, ends, ("place",)):
        m = _ZIP_AFTER_PLACE.match(text, e)
        if m:
            take(m.start(1), m.end(1), "address")
    for s, _, _kind in masked_runs(text, ends, ("place", "address")):
        m = _CROSS_CUE.search(text, max(0, s - 30), s)
        n = m and _CROSS_STREET.match(text, _next_end(text, s))
        word = n.group(1).split()[0] if n else ""
        if n and word.lower() not in STOP and word.lower() not in SERVICES and word_class(word) != CLINICAL:
            take(n.start(1), n.end(1), "place")  # "near ___ and Ferry": the cross street of a masked one
    if any(k == "place" for k in ends.values()):
        for m in _TOWN_AT_CLAUSE_END.finditer(text):
            clause = text[max(0, text.rfind("\n", 0, m.start()) + 1) : m.start()]
            words = m.group(1).split()
            kind = len(words) == 2 and words[1] in _TOWN_KINDS and words[0].lower() not in STOP  # "CUTLER BAY"
            if "_" in clause and (kind or any(_unknown(w.title() if w.isupper() else w) for w in words)):
                take(m.start(1), m.end(1), "place")
    for e in _ends_after(text, ends, ("place", "address")):
        m = _KOREAN_PLACE_AFTER.match(text, e)
        last = m.group(1).split()[-1] if m else ""
        if m and not (last.endswith(_LOOSE_KINDS) and (common_korean_word(last) or last in KOREAN_CLINICAL)):
            g = m.group(1)
            take(m.start(1) + len(g) - len(g.lstrip(", \t")), m.end(1), "place")
    for s, _, _kind in masked_runs(text, ends, ("mrn", "ssn")) if "-\n" in text else ():
        m = _SPLIT_ID_HEAD.search(text, max(0, s - 40), s)
        if m and any(c.isdigit() for c in m.group(1)):
            take(m.start(1), m.end(1), "mrn")  # "NBO-2023-\n___": an id's head cut by a line break at its hyphen
    for s, _, _kind in masked_runs(text, ends, ("place",)) if _HANGUL_CHAR.search(text) else ():
        m = _KOREAN_WORD_BEFORE_PLACE.search(text, max(0, s - 16), s + 1)
        word = m.group(1) if m else ""
        if m and word not in KOREAN_CLINICAL and not common_korean_word(word) and not _KOREAN_NOT_PLACE.search(word):
            take(
                m.start(1), m.end(1), "place"
            )  # "반포 ___", "근로복지공단 ___": the area or the body of a masked branch
    for s, _, _kind in masked_runs(text, ends, ("place",)):
        line_start = text.rfind("\n", 0, s) + 1
        m = _CAPS_LINE_BEFORE.search(text, line_start, s)
        if m and _INSTITUTION_CAPS.search(m.group(1)):
            take(m.start(1), m.end(1), "place")
    for e in _ends_after(text, ends, ("date",)):
        m = _PAREN_HOLIDAY.match(text, e) or _KOREAN_TIME_AFTER.match(text, e)
        if m:
            take(m.start(), m.end(), "date")
    for s, _, _kind in masked_runs(text, ends, ("date",)):
        m = _OFFSET_BEFORE.search(text, max(0, s - 40), s)
        if m:
            take(m.start(), m.end(), "date")
    for m in _HOUSE_NUMBER.finditer(text):
        take(m.start(1), m.end(1), "address")
    for s, _, _kind in masked_runs(text, ends, ("address", "place")):
        m = _NUMBER_BEFORE_STREET.search(text, text.rfind("\n", 0, s) + 1, s)
        if m:
            take(m.start(1), m.end(1), "address")  # "Address Line 1: 77 ___", "Mailing: N5521 ___ ___": its number


_POSTCODE_BEFORE = re.compile(r"(?<![\w(])\([ \t]*(\d{5})[ \t]*\)[ \t]*$")
_AREA_NOTE_AFTER = re.compile(
    r"[ \t]*\([ \t]*([A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)[ \t]+(?:area|region|vicinity|outskirts)[ \t]*\)"
)
_BEFORE_KAUR_SINGH = re.compile(r"(?<![\w'’-])([A-Za-z][a-z]{2,14}|[A-Z]{3,15})[ \t]+(?=_)")
# a French or Spanish care home's or clinic's head word, before the (masked) name it bears: "Maison ___", "Résidence
# ___", "Hogar ___" (English "Villa ___" or "Hospital ___" are read by the institution passes)
_HOUSE_BEFORE = re.compile(
    r"(?<![\w'’-])(Maison|Résidence|Foyer|Manoir|Pavillon|Clinique|Hôpital|CHSLD|Hogar|Residencia|Casa|Clínica|Asilo)"
    r"[ \t]+(?:(?:de|du|des|la|le|del|de[ \t]+la)[ \t]+)?$"
)


def voted_neighbours(text: str, masked: str, ends: dict[int, str], mask: Mask) -> None:
    """What stands next to a span the voter masked too (it runs after the voter): a Spanish given name's particle
    and its word ("MARIA DE LOS ANGELES", "___ de la Cruz": the name's, not the city), a company's acronym before
    its masked plant or name ("GM ___ Engine"; no report abbreviation), a site's numbered area ("___ 300 Area")."""
    upper = text.upper()
    for m in _SPANISH_GIVEN_PARTICLE.finditer(text) if " LA" in upper or " LOS " in upper else ():
        if masked[m.start(1)] == "_" or is_first_name(m.group(1).title()):  # a masked word or a given name before
            mask(m.start(2), m.end(2), "name")
    for m in _BEFORE_KAUR_SINGH.finditer(masked) if "aur" in text or "ingh" in text or "AUR" in text else ():
        if masked[m.end()] == "_" and text[m.end() : m.end() + 5].lower() in ("kaur", "kaur ", "singh", "kour "):
            word = m.group(1)  # "kashmir kaur mann": a Sikh given name before Kaur or Singh, whatever else it means
            if word.lower() not in STOP and word_class(word) != CLINICAL:
                mask(m.start(1), m.end(1), "name")
    for s, _e, _kind in masked_runs(masked, ends, ("place", "address")) if "(" in text else ():
        m = _POSTCODE_BEFORE.search(masked, max(0, s - 12), s)  # "(54387) ___": a Korean postcode before its address
        if m and "\uac00" <= text[s] <= "\ud7a3":
            mask(m.start(1), m.end(1), "address")
    for s, e, _kind in masked_runs(masked, ends, ("place", "name", "mrn")):
        m = _ACRONYM_BEFORE.search(masked, max(0, s - 6), s)
        if m and word_class(m.group(1)) == WORD and m.group(1) not in _NOT_COMPANY and m.group(1).lower() not in STOP:
            mask(m.start(1), m.end(1), "place")
        m = _HOUSE_BEFORE.search(masked, max(0, s - 14), s)  # "Maison ___", "Hogar ___": a home named for a person
        if m:
            mask(m.start(1), m.end(1), "place")
        m = _AREA_NOTE_AFTER.match(masked, e) if _kind == "place" else None  # "___ (Swanton area)": the town too
        if m and word_class(m.group(1).split()[0]) not in (WORD, CLINICAL):
            mask(m.start(1), m.end(1), "place")
        m = _AREA_AFTER_SITE.match(masked, e) if "Area" in text else None
        if m is None and "Area" in text and text[s:e].isdigit():
            m = _AREA_WORD.match(masked, e)  # "Site ___ Area": the area's number masked alone
        if m:
            mask(m.start(1), m.end(1), "place")


def role_names(text: str, mask: Mask) -> None:
    """See the module docstring."""
    low = text.lower()
    if (":" in text or "=" in text) and _ROLE_HINT.search(text):
        for m in _ROLE_LOWER.finditer(text):
            mask(m.start(1), m.end(1), "name")
    if _HANGUL_ANY.search(text):
        for m in _KOREAN_PLACE_COMPOUND.finditer(text):
            if m.group(1) not in _KOREAN_PLACE_GENERIC:
                mask(m.start(1), m.end(1), "place")
        for m in _KOREAN_DISTRICT_SITE.finditer(text):
            if m.group(1) in korean_districts():
                mask(m.start(1), m.end(2), "place")
        for m in _KOREAN_NUCLEAR.finditer(text):
            if not common_korean_word(m.group(1)) and m.group(1) not in KOREAN_CLINICAL:
                mask(m.start(1), m.end(1), "place")
        if "주민" in text:
            for m in _KOREAN_RESIDENTS.finditer(text):
                word = m.group(1)
                if not common_korean_word(word) and word not in KOREAN_CLINICAL:
                    mask(m.start(1), m.end(1), "place")  # "죽도 주민", "상리 주민": an island's or a village's people
    if " du " in text or " des " in text or " de la " in text:
        for m in _FRENCH_PARTICLE_PLACE.finditer(text):
            if m.group(2) not in _FRENCH_PLACE_HEADS and eponym_after(text, m.end(1)):
                continue  # "Cri du Chat syndrome": a syndrome's name (but "Lac du Flambeau band member")
            if not any(word_class(w) == CLINICAL or w.lower() in STOP for w in (m.group(2), m.group(3))):
                mask(m.start(1), m.end(1), "place")  # "Lac du Flambeau", "Prairie du Chien", "Fond du Lac"
    if any(s in text for s in ("st ", "nd ", "rd ", "th ")):
        for m in _MILITARY_UNIT.finditer(text):
            mask(m.start(1), m.end(1), "place")
    if "name" in low or "calls" in low or "goes by" in low:
        for m in _STATED_NAME.finditer(text):
            mask(m.start(1), m.end(1), "name")
    for y in _YEAR.finditer(text):  # anchored on the year: a month word just before it
        m = _MONTH_BEFORE_YEAR.search(text, max(0, y.start() - 16), y.start())
        if m and text[y.end() : y.end() + 1] not in ("/", ".", "-"):
            mask(m.start(), y.end(), "date")
    if any(
        k in text
        for k in ("Speedway", "Raceway", "Stadium", "Arena", "Terminal", "Shipyard", "Casino", "Mall", "Statehouse")
        + ("Capitol", "Courthouse", " Hall", "Armory")
    ):
        for m in _VENUE.finditer(text):
            mask(m.start(1), m.end(1), "place")
    if "the " in text or "The " in text or "THE " in text:
        for m in _HOSPITAL_DEPARTMENT.finditer(text):
            words = m.group(1).split()
            kinds = [word_class(x) for x in words]
            if (
                CLINICAL not in kinds
                and any(k != WORD for k in kinds)
                and all(k != WORD or zipf(x) < 3.5 for x, k in zip(words, kinds, strict=True))
                and not any(x.lower() in STOP for x in words)
            ):
                mask(m.start(1), m.start(1) + len(m.group(1).rstrip()), "place")
    if "ittle" in text or "ITTLE" in text or "town" in text.lower():
        for m in _ENCLAVE.finditer(text):
            mask(m.start(), m.end(), "place")
    if "캠프" in text:
        for m in _KOREAN_CAMP.finditer(text):
            mask(m.start(), m.end(), "place")
    if "st." in text:
        for m in _SAINT_LOWER.finditer(text):
            if word_class(m.group(1)) != CLINICAL and not named_phrase(text, m.start(), m.end()):  # "st. jude valve"
                mask(m.start(), m.end(), "place")
    if "port of" in text or "terminal" in text:
        for m in _PORT_LOWER.finditer(text):
            g = 1 if m.group(1) else 2
            words = m.group(g).split()
            if (
                words[0] not in ("entry", "call")
                and words[0] not in STOP
                and all(word_class(w) != CLINICAL and (word_class(w) != WORD or zipf(w) < 4.5) for w in words)
            ):
                mask(m.start(g), m.end(g), "place")
    if "ninet" in low or "90" in low or "hundreds" in low:
        for m in _NINETIES.finditer(text):
            mask(m.start(1), m.end(1), "age")
    if "birth" in low or "yob" in low or "born" in low or "출생" in text:
        for m in _BIRTH_YEAR.finditer(text):
            mask(m.start(1), m.end(1), "date")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
