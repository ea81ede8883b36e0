"""Word classes for the PHI screen's allow-list layer: what a capitalised token is, by vocabulary, not by example.

Philter's lesson (UCSF, 2020): recall comes from knowing the words that are safe, not the names that are not;
every capitalised or unknown token in a name position that no safe list claims is redacted. Our classes:

* ``CLINICAL``: the radiology lexicon below (anatomy, findings, devices, eponyms and their heads, report
  vocabulary) and words with a medical suffix (``-itis``, ``-ectomy``, ``-megaly``, ...): always safe; a short
  abbreviation of it (``CAPS_ONLY``: PA, AP, ED) only when written in capitals.
* ``NAME``: a first or last name of one of Faker's Latin-script locales (US, UK, Irish, Indian, Nigerian,
  Kenyan, Pakistani, Spanish and Latin American, Portuguese, French, Italian, German, Dutch, Scandinavian,
  Polish, Czech, Turkish, Filipino, Indonesian, ...), romanised Korean, Chinese, Vietnamese, Hmong, Navajo and
  Japanese surnames and given names (``ROMANISED``), or a word of a name's shape (O'Brien, D'Angelo,
  McAllister, DeBakey), that English text does not commonly use as a word (``wordfreq`` Zipf frequency under
  ``NAME_MAX_ZIPF``).
* ``AMBIGUOUS``: a name that is also a common English word (John, Young, Hope, Park, Price): a name when a
  neighbour is one.
* ``WORD``: an English word of ``wordfreq``'s large list at Zipf frequency ``WORD_MIN_ZIPF`` or above (about
  29,000 words, names excluded).
* ``UNKNOWN``: anything else (a rare surname, a misspelling, a rare medical word): a name in a name position.

Korean: ``HANGUL_SURNAMES`` (the common one- and two-syllable surnames), ``HANGUL_GIVEN`` (syllables of
given names, Faker's ko_KR names included), ``NATIVE_GIVEN`` (native given names that are words: 하늘, 노을) and
``KOREAN_CLINICAL`` (report words a name rule must never take).

The vocabularies load once per process (about a second); nothing is downloaded.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
import unicodedata
from functools import lru_cache

from megacxr.shards.phi_drugs import drugs
from megacxr.shards.phi_prefilter import gate_patterns

CLINICAL, NAME, AMBIGUOUS, WORD, UNKNOWN = "clinical", "name", "ambiguous", "word", "unknown"
WORD_MIN_ZIPF = 3.0  # an English word at least this frequent is ordinary (a name list can still claim it)
NAME_MAX_ZIPF = 4.3  # a listed name more frequent than this as an English word is ambiguous

# Radiology vocabulary a name rule must never take, written for this screen (lower case). Eponym heads
# ("sign", "syndrome") are listed in ``EPONYM_HEADS``: a capitalised word before one is an eponym.
RADIOLOGY = frozenset(
    """
aptt ptt inr egfr gfr hgb hct wbc rbc plt crp esr ldh ggt bnp probnp nt-probnp d-dimer procalcitonin troponin
abg vbg pao2 paco2 sao2 fio2 hba1c tsh
coxsackie coxsackievirus powassan hantaan hantavirus zika chikungunya lassa
williams-campbell mounier-kuhn swyer-james birt-hogg-dube hermansky-pudlak erdheim-chester rosai-dorfman churg-strauss
klippel-feil ehlers-danlos loeys-dietz kasabach-merritt osler-weber-rendu bland-white-garland dandy-walker
profusion ilo pneumoconiosis silicosis anthracosis asbestosis progressive-massive-fibrosis
legionella moraxella salmonella shigella klebsiella bordetella brucella francisella bartonella pasteurella coxiella
kingella gardnerella prevotella veillonella morganella nocardia
sonographer sonographers radiographer radiographers transcriptionist transcriptionists phlebotomist phlebotomists
mammographer dosimetrist perfusionist intensivist proceduralist polysomnographer hospitalists technologists
peer tibial femoral pelvic sacral iliac ankle knee wrist elbow shoulder hip plateau traction shaft condyle condylar
metaphyseal diaphyseal epiphyseal physeal metadiaphyseal malleolus malleolar calcaneal talar lunate radial ulnar
olecranon patellar symphyseal comminuted avulsion spinal thoracolumbar teardrop facet laminar hepatic renal mesenteric
perinephric retroperitoneal hemoperitoneum contusion hematoma immobilizer backboard femur tibia fibula radius ulna
pelvis sacrum coccyx acetabulum calcaneus talus metacarpal metatarsal phalanx phalanges carpal tarsal injury injuries
polytrauma myocardial endocardial epicardial cubital antecubital intercostal paravertebral alzheimer alzheimers
contrast noncontrast non-contrast dose low-dose protocol pediatric paediatric unenhanced enhanced
servicio neumologia radiologia cardiologia urgencias emergencias emergencia cirugia pediatria hospitalizacion consulta
unidad departamento
radiologie radiographie thoracique pulmonaire poumons examen radiografia radiografía torax tórax informe laudo
cardiothoracic interventional pulmonology pulmonary hospitalist intensivist otolaryngology gastroenterology
neurosurgery nephrology hepatology rheumatology endocrinology hematology oncology neonatology cardiology
colon heart mitral tricuspid pulmonic bicuspid biventricular doppler mechanical bileaflet bioprosthetic prosthetic
porcine hemophilia hepatitis influenza sputum smear culture cultures dialysis hemodialysis introducer
feeding drainage suction biliary recist mrecist irecist percist lugano anesthesia alara ra rr hr bp
consol eff effs ptx pna atx cardiomeg pulm vasc nml sev lg sm hx tx dx sx rx fx sob doe bilat
overread overreads overreading prelim prelims wetread wetreads pcp
opac opacs interstit mediast mrn dob dos csn accession
radiology pathology neurology urology pediatrics orthopedics anesthesiology dermatology psychiatry
starr-edwards bjork-shiley carpentier-edwards medtronic-hall omnicarbon hancock-jones
bosniak breslow neer hinchey balthazar spetzler todani rockwood kellgren tossy mallampati masaoka couinaud mirizzi
klatskin caprini ranson judet letournel pipkin schatzker lisfranc galeazzi monteggia gustilo tscherne ficat catterall
paprosky brooker outerbridge modic pfirrmann meyerding risser lenke rockall blatchford cognard hijdra scheltens
koedam greulich tonnis tönnis harcke kasabach fontan senning rastelli
abdomen abdominal aberrant abnormal abnormality abscess accessory acinar acromioclavicular acute adenopathy
adenocarcinoma adjacent aerated aeration air airspace airway alveolar angle anterior anteroposterior aorta aortic
aortopulmonary apex apical apices appendage arch arteriosum artery ascending aspiration atelectasis atelectatic
atrial atrium avium azygos azygoesophageal basal basilar base bases bibasal bibasilar bilateral bilaterally
biapical blunting bowel brachiocephalic bronchi bronchial bronchiectasis bronchiolitis bronchitis bronchogram
bronchovascular bronchus bulla bullae bullous calcification calcified calcifications cannula cardiac
cardiomediastinal cardiomegaly cardiopericardial cardiophrenic cardiopulmonary carina carinal cavitary cavitation
cavity cavoatrial central centrilobular cephalization cervical cervicothoracic chest clavicle clavicles
collapse collateral congestion consolidation consolidative contour contours coronary costochondral
costophrenic costovertebral cp crus cyst cystic decubitus deformity degenerative dependent descending
diaphragm diaphragmatic diffuse dilated dilatation displaced distal distended dorsal ectasia edema effusion
effusions elevated elevation emphysema emphysematous empyema endobronchial endotracheal enlarged enlargement
esophageal esophagus etiology exam examination expiratory extrapleural exudate fibrosis fibrotic fissural
fissure fissures fluid focal fracture fractures frontal fundoplication fundus gastric gastroesophageal glenoid
granuloma granulomas granulomatous haziness hazy hemidiaphragm hemidiaphragms hemithorax hemothorax hernia hiatal
hilar hila hilum humeral humerus hydropneumothorax hyperexpanded hyperexpansion hyperinflated hyperinflation
hyperlucency hypoinflation hypoventilatory ij impression increased indication infection infiltrate infiltrates
inferior infrahilar inspiratory interlobar interstitial interstitium intrathoracic jugular juxtaphrenic kyphosis
kyphotic lateral lingula lingular lobar lobe lobes lobectomy lobulated loculated lordotic lucency lucent lumbar
lung lungs lymph lymphadenopathy lymphangitic malignancy manubrium margin mass masses mediastinal mediastinum
metastases metastasis metastatic midline miliary minor multifocal nasogastric neoplasm nodular nodularity nodule
nodules oblique obscured obscuration opacification opacified opacities opacity orogastric osseous osteopenia
osteophyte osteophytes paraesophageal paramediastinal paraspinal paratracheal parenchyma parenchymal patchy
pectus perihilar pericardial pericardium peribronchial peripheral pleura pleural pleuritic pneumatocele
pneumomediastinum pneumonia pneumonitis pneumopericardium pneumoperitoneum pneumothoraces pneumothorax portable
posterior posteroanterior postoperative prominence prominent proximal pulmonary radiodense radiograph
radiographic radiographs radiopaque reticular reticulonodular retrocardiac retrosternal rib ribs right sarcoidosis
scapula scapular scarring scoliosis segment segmental septal silhouette silhouetting spine spinous splenic
sternal sternotomy sternum subclavian subcutaneous subdiaphragmatic subpleural subsegmental superior supine
suprahilar surgical thoracic thoracotomy thorax tortuosity tortuous trachea tracheal tracheostomy transverse
tuberculosis tubular unremarkable upright vascular vasculature venous ventricle ventricular vertebra vertebrae
vertebral volume wedge widened widening pa ap lat cxr ct mri pet spect us xr cr dx ett ngt ogt picc cvc ivc svc
rul rml rll lul lll ll ul icd aicd lvad iabp ecmo tavr tavi cabg copd chf ards ild ipf ncip uip nsip covid sars
bipap cpap peep fio2 o2 spo2 abg ed er icu ccu micu sicu nicu picu pacu cticu csru ir ivr ent gi gu ob gyn
findings impression technique comparison history indication recommendation recommendations addendum report triage
neg negs
reports wet read final preliminary procedure clinical exam view views image images study studies series
catheter catheters tube tubes line lines drain drains lead leads wire wires clip clips stent stents valve valves
port pacemaker pacer pacers cath caths biplane popliteal asymmetry asymmetric defibrillator electrode electrodes sump
graft grafts coil coils filter prosthesis prostheses
hardware screws plate plates rod rods cerclage staples sutures mesh device devices generator pigtail sheath
mediport portacath tracheostomy endotracheal gastrostomy jejunostomy nephrostomy thoracostomy pleurx impella
watchman mitraclip dobhoff dobbhoff swan ganz kerley hampton westermark fleischner golden luftsichel pancoast
morgagni bochdalek bochdaleck macklin hickman foley salem sengstaken blakemore jackson pratt heimlich harrington
nissen whipple ivor lewis starr edwards jude mounier kuhn boerhaave mallory weiss zenker hodgkin wegener marfan
ehlers danlos chiari eustachian valsalva trendelenburg hounsfield kartagener swyer poland lemierre loeffler
caplan churg strauss goodpasture kaposi ewing wilms askin sjogren behcet castleman erdheim chester langerhans
pneumocystis jirovecii carinii mycobacterium aspergillus klebsiella pseudomonas staphylococcus streptococcus
aureus pneumoniae legionella nocardia cryptococcus histoplasma coccidioides blastomyces candida mendelson
kussmaul cheyne stokes horner tietze schatzki barrett ebstein fallot scimitar kommerell ortner bland garland
shone eisenmenger dressler takayasu kawasaki hamman rich lofgren meigs chilaiditi rigler monod felson
silhouette spinnaker deep sulcus thymic sail tram keystone gram lyme klinefelter crohn raynaud sjögren guillain
barré barre brock bankart sachs colles segond hangman
worksheet worksheets flowsheet flowsheets checklist checklists logbook handoff handoffs hand-off signoff sign-off
requisition requisitions screener printout worklist worklists questionnaire questionnaires attestation timeout
time-out e-signature esignature
fontan blalock taussig jatene senning konno damus stansel waterston ravitch nuss clagett
eloesser hemi-fontan hemifontan echo echos tte tee
hyperbaric bariatric neurointerventional perinatal physiatry geriatrics podiatry optometry chiropractic undersea
postmortem erythematosus nadir
löwenstein-jensen lowenstein-jensen loewenstein-jensen kinyoun auramine rhodamine sabouraud macconkey thayer-martin
bordet-gengou ziehl-neelsen salter-harris
rads ortho onc neph surg nocturnist pharm resus heme nsgy neurosurg gensurg ctsurg hemonc urol derm fib afib
soot billroth gleason
chaplaincy dietitian dietitians biomed orthotics telehealth telemedicine midwifery doula doulas orthopaedics
vt vf svt pvc pvcs rosc dosimetry perfusion nephro rheum peds ophtho optho uro slp onco cardio pulmo gastro
neuro-onc hemeonc
""".split()
)

# Words after which a capitalised word is an eponym, not a person: "Westermark sign", "Kerley B lines".
# clinical services and departments: what follows "Dr. <first name>" and is not the surname, what a list after a
# name ends in ("Dr. Ferreira, Radiology and the ICU team"); never a person or a place alone
SERVICES = frozenset(
    "radiology cardiology oncology surgery medicine pulmonology neurology urology pediatrics paediatrics anesthesia "
    "orthopedics nephrology hospitalist hospital clinic service team department dept office group associates center "
    "centre icu ed er or pacs reading room toxicology hematology haematology gastroenterology endocrinology "
    "rheumatology dermatology psychiatry pathology immunology virology microbiology".split()
)

EPONYM_HEADS = frozenset(
    """
sign signs band bands mask masks
criterion myocarditis carditis pericarditis encephalitis
syndrome syndromes disease diseases hernia hernias tumor tumors tumour tumours lines line catheter
catheters tube tubes valve valves hump procedure operation repair esophagectomy fundoplication maneuver manoeuvre
reconstruction reconstructions palliation
position sarcoma lymphoma anomaly diverticulum tear ring esophagus effect criteria classification score scale
stage grade view method technique fracture fractures lesion nodule body bodies triangle space fissure lobe
artery vein ligament node nodes complex index drain pouch shunt stent device prosthesis pump reflex test ratio
type cell cells granulomatosis arteritis network units unit breathing respiration respirations sump rods rod
clip clips cannula port society appropriateness bundle foramen duct canal sinus angle law phenomenon pattern
stripe line's peak window zone zones area areas appearance configuration deformity ulcer varices organism
curve curves meniscus fragment fragments appliance appliances retainer retainers expander expanders
sulcus sulci groove grooves
splint splints
organisms spp species infection pneumonia triad aneurysm stain stains virus bacillus palsy association
class classes shadow shadows artifact artifacts definition fever ultrasound imaging projection procedure
wire wires pin pins nail nails screw screws plate plates principle principles
pacemaker pacemakers defibrillator defibrillators cable cables lead leads filter filters coil coils graft grafts
balloon sheath generator electrode electrodes occluder closure implant implants mesh staples sutures reservoir
recorder monitor assist extent crystals conduit dystrophy spot spots wave waves remnant mechanism forceps
blocker needle blade blades airway blanket reflector marker markers endograft trichrome region regions vaccine
vaccination malformation blades laryngoscope factor factors respirator respirators ventilator ventilators
views projections procedures operations techniques methods osteotomy osteotomies
chromosome translocation
operation anastomosis reader readers shunts
maneuvre
sequence sequences collar collars brace braces jacket splint orthosis tongs halo vest fusion
injury injuries rule rules calcification calcifications dislocation risk outbreak equation agent
modification modifications
murmur murmurs rub gallop snap click knock guidelines guideline consensus sulcus
""".split()
)

# Makers and product names of the devices chest films show (lower case; those that are also English words, such
# as Resolute or Melody, are words already): a report names them where a person's name could stand.
DEVICE_BRANDS = frozenset(
    """
medtronic abbott biotronik sorin livanova guidant zoll lifevest boston sapien evolut corevalve portico navitor
acurate micra aveir nanostim linq heartmate heartware hvad jarvik syncardia centrimag tandemheart cardiohelp
rotaflow protek maquet datascope teleflex angiodynamics groshong broviac powerline powerport bardport mahurkar
permcath tesio denali celect optease trapease cortrak corpak combitube shiley bivona portex tracoe
dumon ultraflex wallstent amplatzer helex cardioform cardioseal starflex lariat atriclip angioseal perclose
starclose mynx exoseal xience promus taxus cypher orsiro carbomedics perimount hancock trifecta mitroflow
inspiris perceval intuity carillon cardiomems barostim sternalock zipfix luque magec triclip pascal amulet
kimray aspira thal cormatrix viabahn endurant zenith excluder gore cook bard arrow edwards lifesciences
carpentier bacille calmette guerin rhizopus mucor lichtheimia burkholderia stenotrophomonas achromobacter
siemens philips medrad hologic carestream fujifilm agfa konica cordis terumo penumbra angiojet
inari flowtriever ekos pleurevac atrium oasis sahara dall miles abiomed levitronix
berlin excor hemopump optimizer emblem reveal confirm biosense webster watchman flx
xpert genexpert cepheid quantiferon t-spot tspot biofire filmarray cobas alinity binaxnow
nester tornado interlock concerto azur hilal vortx microplex
jackson-pratt hemovac
""".split()
)

# Languages by their own and their English names, as an interpreter's or a preferred language's field writes them
# (some are surnames too in the name lists: "Español")
LANGUAGES = frozenset(
    """
español espanol inglés ingles francés frances portugués portugues português portugues kreyòl kreyol criollo
tagalog ilocano cebuano visayan vietnamita mandarín cantonés cantonese
árabe arabe somali swahili kiswahili amharic tigrinya oromo nepali bengali bangla hindi urdu punjabi farsi dari
pashto ukrainian polaco russo ruso mixteco triqui quiché k'iche' q'anjob'al zapoteco náhuatl nahuatl garifuna
lingala kirundi kinyarwanda haitian-creole
""".split()
)

# Named entities of medicine that hold a person's or a place's name (lower case; a run starting one is kept).
EPONYM_PHRASES = tuple(
    """
grand mal|petit mal|ranke complex|ghon complex|ghon focus|ghon lesion|murphy eye|murphy's eye|referred care|
rocky mountain spotted fever|west nile|new york heart association|lady windermere|st. jude|st jude|
mount sinai criteria|valley fever|legionnaires|q fever|hong kong|spanish flu|middle east respiratory|
christmas disease|fleischner society|american college of radiology|acr appropriateness|lung-rads|
world health organization|new york|los angeles|san francisco|boston scientific|st. jude medical|
edwards lifesciences|cook medical|abbott vascular|siemens healthineers|ge healthcare|philips healthcare|agent orange|
berlin heart|pierre robin|miami j|glasgow coma|geneva score|berlin definition|boston brace|philadelphia collar|
lund and browder|lund-browder|pennsylvania dutch|pennsylvania german|berlin questionnaire|
pores of kohn|canals of lambert|ann arbor stag|ann arbor classification|lugano stag|lugano classification|
hakha chin|falam chin|tedim chin|matu chin|zophei chin|mara chin|sgaw karen|pwo karen|haitian creole|
cape verdean creole|brazilian portuguese|egyptian arabic|moroccan arabic|levantine arabic|iraqi arabic|
sudanese arabic|syrian arabic|western armenian|eastern armenian|mexican sign language|american sign language|
black lung|brown lung|white lung|farmer's lung|bird fancier's lung|hot tub lung|baker's lung|miner's lung|
ilo b read|b read|b reader|b-read|b-reader|simpson biplane|simpson's biplane|simpson method|
simpson's method|modified simpson|mcgill pain questionnaire|mcgill pain|baker cyst|baker's cyst
""".replace("\n", "").split("|")
)

# Scores and scales named for their authors, written with the score alone after the name ("Braden 12", "Norton
# 10", "Karnofsky 30%"): the name before a number is the instrument, not a person
SCORE_EPONYMS = frozenset(
    "braden norton morse karnofsky apgar glasgow wells caprini padua ranson killip borg ramsay waterlow aldrete "
    "mallampati brixia berg barthel lawton katz geneva forrester lansky hunt hess fisher spetzler mcgeer "
    "dripps goldman lee charlson elixhauser".split()
)

EPONYM_PHRASE_SET = frozenset(EPONYM_PHRASES)

# Double-barrelled eponyms, written without their head as often as with it ("Mallory-Weiss history", "hx of
# Guillain-Barre"): each half is a surname, the pair is a disease, a sign or a device.
EPONYM_COMPOUNDS = frozenset(
    """
mallory-weiss swan-ganz churg-strauss ehlers-danlos guillain-barre guillain-barré stevens-johnson wolff-parkinson-white
osler-weber-rendu charcot-marie-tooth creutzfeldt-jakob cheyne-stokes jackson-pratt starr-edwards sengstaken-blakemore
bland-white-garland hamman-rich swyer-james mounier-kuhn erdheim-chester birt-hogg-dube birt-hogg-dubé klippel-feil
klippel-trenaunay sturge-weber peutz-jeghers budd-chiari dandy-walker arnold-chiari legg-calve-perthes
osgood-schlatter brown-sequard brown-séquard hand-schuller-christian letterer-siwe zollinger-ellison wiskott-aldrich
chediak-higashi hermansky-pudlak kasabach-merritt waterhouse-friderichsen fitz-hugh-curtis lambert-eaton
austin-flint graham-steell blalock-taussig lund-browder levine-edwards roux-en-y kikuchi-fujimoto
rendu-osler-weber von-hippel-lindau mayer-rokitansky-kuster-hauser bernard-soulier glanzmann-naegeli mountain-dresler
brock-naruke may-thurner paget-schroetter paget-schrötter paget-von-schroetter kimmelstiel-wilson
""".split()
)

# Medical suffixes no person's name carries (checked on words of 6+ letters).
# (not "-aitis": a Lithuanian surname's ending, "Petraitis", "Butkaitis"; no inflammation's name ends so)
_MEDICAL_SUFFIX = re.compile(
    r"(?:(?<!a)itis|osis|oses|ectomy|ectomies|otomy|ostomy|plasty|megaly|pathy|graphy|scopy|emia|ectasis|"
    r"trophy|plegia|algia|oid|oids|ular|ulary|ical|ically|ology|ologic|ological|ologist|ologists|omas|ectatic|"
    r"otic|atic|ation|ations|(?<![aeiou])ities|(?<![aeiou])ity|ism|isms|ized|ous|coccus|cocci|bacter|"
    r"bacterium|bacteria|plasma|"
    r"ophila|myces|monas|idium|spora|mycosis|aceae|virus|viruses|"  # organisms: Mycoplasma (-ella ones are listed)
    r"centesis|ptysis|uresis|poiesis|phoresis|stasis|kinesis|lysis|plasia|rrhea|rrhage|pnea|topic|eria|psis|"
    r"tension|cardia|uria|phagia|phasia|kinesia|esthesia|"
    r"(?:pir|til|ill|ul|il|ygen|gener)ators?|meters?|scopes?|"  # respirator, spirometer
    r"mycin|cillin|azole|prazole|statin|sartan|olol|parin|tinib|zumab|ximab|umab|platin|taxel|oxacin|cycline|"
    r"tidine|vudine|navir|afil|triptan|dronate|semide|thiazide|"
    # an imaging or anatomical adjective: "hyperlucent", "subcarinal", "osteopenic", "apicolateral"
    r"lucent|lucency|lucencies|(?:hyper|hypo|iso|radio)dense|opaque|penic|penia|lytic|blastic|carinal|perihilar|"
    r"basilar|pleural|phrenic|"
    r"pulmonic|obstructive|segmental|sublobar|interlobar|sternal|cardiac|thoracic|clavicular|bronchial|tracheal|hepatic|"
    r"renal|aortic|venous|arterial|lateral|medial)$"  # procedures, signs, drug classes
)  # no "-ly", "-ed", "-ence", "-ary": Benally, Reed, Florence, Rosemary are names
# A disease or procedure word after a capitalised word makes it an eponym ("Hashimoto thyroiditis").
DISEASE_SUFFIX = re.compile(r"(?:itis|osis|oma|omas|pathy|emia|ectomy|plasty|ostomy|otomy|scopy|graphy|trophy)$")
# Name shapes no English word has: O'Brien, D'Angelo, McAllister, MacLeod, DeBakey, LeBlanc, VanDyke, DiMaggio.
# Lower-case particles too ("deBrum", "vanDyke", "daSilva": Marshallese and Dutch spellings).
NAME_SHAPE = re.compile(
    r"^(?:[ODL]['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+|(?:De|La|Le|Van|Von|Di|Du|Da|de|la|le|van|von|di|du|da)[A-Z][a-z]+)$"
)
# Clinical abbreviations that are report words only in capitals ("PA view"; "Pa Nhia Xiong", "Ed" are names).
CAPS_ONLY = frozenset("pa ap lat ct us cr dx ed er ir or do md rn np ll ul cp ij ra rr hr bp gu ng kvp mas sid".split())

# Korean: the common surnames (one syllable; compound ones first), syllables of given names, report words.
HANGUL_SURNAMES = frozenset(
    """
남궁 황보 제갈 선우 독고 사공 서문 동방
김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍 유 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구
민 류 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 왕 금 옥 육 인 맹 제
모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 계 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 림 노 류
견 궉 낭 란 량 려 묵 빙 엽 옹 즙 어금 망절 무본 소봉
""".split()
)
# the surnames a bare Hangul word may start with (the rarer ones - 간, 심, 좌, 용 - start report words too)
HANGUL_BARE_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍 유 고 문 양 손 배 "
    "백 허 남 노 하 곽 성 차 주 구 민 류 나 진 남궁 황보 제갈 선우 독고 사공".split()
)
HANGUL_GIVEN = frozenset(
    """
가 봄 설 여 노 류 교 렬 륜 련
민 수 지 현 영 준 서 연 우 진 호 은 경 희 정 윤 성 혜 주 동 상 재 태 하 예 도 유 승 원 훈 석 철 미 숙 자 순 옥 선
화 명 규 환 범 기 용 광 종 한 빈 아 나 다 소 채 람 솔 별 늘 율 온 결 찬 건 혁 욱 식 근 택 완 웅 열 일 효 인 형 중
곤 길 남 덕 란 래 령 록 룡 린 림 만 모 무 문 배 백 병 보 봉 분 비 삼 새 섭 세 송 슬 시 신 실 심 안 애 양 오 옥
요 운 울 원 위 융 을 의 이 임 장 전 제 조 준 직 창 천 청 초 총 춘 충 치 탁 표 필 학 항 해 향 헌 협 홍 황 회 후 휘
흠 흥 혜 겸 규 균 근 기 길 낙 단 담 대 돈 두 득 들 라 로 루 리 마 매 명 목 미 바 반 방 번 벽 복 빛 사 산 새 색
례 막 말 점 분 녀 간 귀 꽃 월 춘 섭 칠 팔 쇠 돌 봉 갑 을 병 정 무 기 경 신 임 계 구 국 금 익 평 권
""".split()
)
# native Korean given names (순우리말 이름): words in use that make a name after a surname ("양구름", "연나무",
# "좌마루", "현봄"); a bare Hangul word may only be taken with a person's cue beside it, since most are words too
NATIVE_GIVEN = frozenset(
    """
하늘 바다 나무 사랑 마음 구름 노을 하얀 마루 누리 나라 보람 슬기 새봄 고운 이슬 단비 아름 다운 여름 가을 겨울 소리
미리내 은하수 시내 빛나 초롱 새벽 보라 다솜 소담 가람 한울 아라 해솔 나래 한비 두리 미소 햇살 한결 한별 다온 가온
라온 은솔 별님 달님 봄이 꽃님 예슬 새롬 아롱 다롱 초아 하람 바름 여울 도담 푸름 푸른 늘봄 봄비 들꽃 샛별 윤슬
봄 달 별 샘 솔 빛 결 담
""".split()
)
KOREAN_CLINICAL = frozenset(
    """
전임의 수련의 담당의 인턴 레지던트 임상강사 추시 추적관찰 추적검사 추시검사
변연 변연부 진균 진균구 국균종 희미한 미만성 국소성
박리 민감도 특이도 정확도 당직 밭일 논일 농작업 경증 경미 고도 중증도
내원 퇴원 귀가 귀원 재원 입소 퇴소 출소 입실 퇴실 면회 출정 호송 수감 이송 방문 동행 동반 수용
문진 문진상 시진 촉진 청진 타진 심초음파 심전도 폐기능 간기능 신기능 심기능
쯔쯔가무시 쯔쯔가무시증 렙토스피라 렙토스피라증 브루셀라 톡소플라즈마 아스페르길루스 크립토코쿠스 노카르디아
마이코플라즈마 레지오넬라 클렙시엘라 슈도모나스 칸디다 뉴모시스티스 히스토플라즈마 콕시디오이데스 스트렙토코쿠스
스타필로코쿠스 아시네토박터
성문 성문하 성문상 흉선 세기관지 폐포 폐저 심방 심실 판막 경부 전후면 후전면 전후방향 후전방향 측와위 앙와위 크룹
조영제 조영증강 조영 임상 임상시험 연구간호사 피험자 서비스 통역 이용
심박동 장시간 스님 수녀 신부 목사 전도사 장로 집사 권사 예후 예후가 예후는 임종 임종기 배정 배정을 공동생활
홍반 홍반성 루푸스 전신성 부비동 부비강 비강 인두 후두 편도
경추 요추 흉추 천추 방광염 신우신염 심근염 심내막염
흉부 폐야 폐문 폐첨 폐엽 폐렴 폐결핵 결핵 기흉 흉수 흉막 늑막 늑골 심장 심비대 종격동 기관 기관지 횡격막 대동맥 폐동맥
정맥 동맥 음영 침윤 결절 종괴 공동 무기폐 경화 간질 부종 석회화 섬유화 비후 확장 협착 폐쇄 삼출 이상 정상 소견 판독
결석 신결석 요로결석 요관결석 신장결석 방광결석 담석 담낭결석 총담관결석
검사 결과 영상 촬영 사진 비교 이전 최근 현재 호전 악화 변화 없음 있음 관찰 확인 권고 필요 추적 외래 입원 응급 수술
시술 환자 보호자 담당 의사 교수 간호사 전공의 주치의 우측 좌측 양측 상엽 중엽 하엽 설엽 상부 하부 중부 전방 후방
측면 정면 후전 전후 기관내관 중심정맥관 비위관 흉관 심박동기 삽입 제거 위치 끝 말단 고음영 저음영 음영증가
폐기종 기관지확장증 간질성 폐섬유화 늑막비후 흉막비후 심낭 심낭삼출 폐부종 울혈 폐울혈 폐색전 색전 혈전 종양 전이
전이성 원발성 악성 양성 암 폐암 유방암 위암 간암 대장암 갑상선 당뇨 고혈압 결핵성 진폐증 규폐증 석면폐 코로나
폐쇄성 만성 급성 아급성 경미한 경도 중등도 중증 심한 미만성 국소성 다발성 단발성 양측성 편측성 대칭성 비대칭
정상적 전반적 이전에 이전과 동일 유사 감소 증가 진행 안정 지속 새로운 신규 잔존 잔여 의심 가능성 배제 감별 고려 시사
권유 요망 추가 평가 임상 상관 관계 재검 재촬영 흡기 호기 자세 누운 선 앉은 이동식 휴대용 병실 외부 본원 타원
아들 딸 배우자 남편 아내 며느리 사위 손자 손녀 어머니 아버지
진료 상태 소견상 결과상
선생 간호 전공 외래 입원 응급 임상의 전문의 양성자 음성자
대상자 수진자 피검자 내원자
박동기 심박동기 심장박동기 제세동기 유도선 리드 전극 이전보다 이전의 이전에서 상기와 양성으로 음성으로
장기간 상기 하기 기타 특이 사항 특이소견 이상소견 무소견 판독의 촬영자 의뢰의 판독소견 결론 임상정보 검사명
강선 흉골강선
나사 금속나사 스크류 플레이트 와이어 케모포트 히크만 페이스메이커 포트카테터
유도선 도관 카테터 전극 전극선 심박조율기 제세동기 인공판막 스텐트 봉합사 클립 배액관 기관절개관 위루관 중심정맥
우상엽 우중엽 우하엽 좌상엽 좌하엽 설상엽 상종격동 하종격동 전종격동 후종격동 견갑골 쇄골 흉골 척추 흉추 요추
경추 늑연골 횡격막하 심외막 심내막 수정 정정 재판독 추가판독 예비판독 최종판독 야간 주간 응급실 병동 중환자실
주소지 거주지 소재지 근무지 출신지 본적 연락처
복부 복강 복막 후복막 장간막 신주위 신장 비장 췌장 담낭 담도 방광 자궁 난소 전립선 대장 소장 십이지장 식도 골반
골반골 천골 장골 치골 좌골 대퇴골 경골 비골 상완골 요골 척골 견관절 고관절 슬관절 족관절 주관절 척추체 추간판 골절
탈구 아탈구 열상 혈종 타박상 좌상 출혈 활동성 혈복강 기복증 유리가스 장폐색 장손상 장벽 천공 손상 외상 다발성외상
주호소 현병력 과거력 가족력 사회력 증상 호소 기침 발열 호흡곤란 객혈 흉통 가래 객담 양상 형태 크기 모양 경계 분포
범위 정도 음영 주위 주변 인접 내부 하방 상방 내측 외측 근위부 원위부 협진 회신 상의 호출 공유 전달 설명 통보 보고
기록 참조 기술 시행 예정 요함 판독문 판독지 결과지 회송서 소견서 진단서 처방 투약 수액 산소 인공호흡기 기도삽관
삽관 발관 심폐소생술 혈관조영술 색전술 배액술 흉강천자 천자 생검 조직검사 초음파 전산화단층촬영 자기공명영상
간유리 간유리음영 간유리결절 반고형 부분고형 고형 비고형 소엽 소엽중심성 소엽간중격 중격 망상 망상음영 망상결절 벌집
벌집모양 나뭇가지발아 모자이크 선상 선상음영 판상 판상무기폐 반흔 흉터 폐문부 폐문주위 폐저부 폐기저부 폐첨부
늑골횡격막각 늑횡격막각 심횡격막각 기관분기부 대동맥궁 하행대동맥 상행대동맥 폐정맥 상대정맥 하대정맥 우심방 좌심방
우심실 좌심실 심첨부 심음영 심흉비 종격동기종 피하기종 기복 유리공기 공기기관지조영 기관지벽 기관지주위 폐실질
흉막삼출 흉막액 흉막유착 흉막석회화 흉막반 늑막유착 위치이상 적절 적절한 적정
등록번호 환자번호 병록번호 접수번호 검사번호 처방번호 생년월일 성별 나이 연령 주소 전화번호 휴대폰 휴대전화 진료과
병실 의뢰과 판독일 판독일시 검사일 검사일시 촬영일 촬영일시 접수일 서명 날인 성명 환자명 보험 보험유형 건강보험
의료급여 상급병원 상급종합병원 종합병원 요양병원 협력병원 전원 회송 의뢰 진료의뢰서 처방의 판독자 검사자 담당자
내과 외과 소아과 소아청소년과 소아외과 흉부외과 신경외과 정형외과 성형외과 신경과 정신과 정신건강의학과 피부과 안과
이비인후과 비뇨기과 비뇨의학과 산부인과 재활의학과 가정의학과 응급의학과 영상의학과 방사선과 마취과 마취통증의학과
호흡기내과 순환기내과 심장내과 소화기내과 감염내과 종양내과 혈액종양내과 내분비내과 신장내과 류마티스내과 알레르기내과
직업환경의학과 예방의학과 핵의학과 병리과 진단검사의학과 방사선종양학과 치과 한방과 신생아과 중환자의학과
백일해 수두 홍역 풍진 성홍열 천식 크룹 세기관지염 모세기관지염 기관지염 후두염 인두염 편도염 중이염 부비동염
가와사키병 폐렴구균 마이코플라스마 아데노바이러스 인플루엔자 독감 감기 폐농양 농흉 혈흉 폐색전증 심부전 심근경색
협심증 부정맥 심방세동 동맥경화 동맥경화성 대동맥류 대동맥박리 폐고혈압 만성폐쇄성폐질환 간경화 간경변 편마비
조현병 당뇨병 파킨슨병 알츠하이머병 심장병 정신병 신장병 폐병 고산병 잠수병 크론병 베체트병 조울증 공황장애
소음영 대음영 불규칙음영 원형음영 선상음영 망상음영 결절음영 흉막반 흉막비후
진폐 진폐증 장해 장애 병형 검진팀 판정 정중선 팀장 표지자 표지 장신구 배치전 신체검사 건강진단 일반건강진단 특수건강진단
패혈증 신부전 빈혈 백혈병 림프종 유육종증 사르코이드증 호흡곤란증후군 태변흡인 선천성 횡격막탈장 식도폐쇄
공란 빈칸 미기재 미입력 미상 불명 해당없음 무기재 기재없음 확인불가 추후기재
가족 가족들 본인 부모 부모님 형제 자매 친구 지인 이웃 간병인 후견인 불필요 미동반 무보호자 필요없음
커리 커를리 리드선 유도선 고위험군 저위험군 중위험군 대조군 환자군 치료군 위험군
전위 비전위 전후방 후전방 복와위 기립위 반좌위 측면상 사위상 분쇄 분쇄골절 분절 각형성 각변형 견열 골편 골절편
골절선 가골 가골형성 유합 불유합 부정유합 골막 골막반응 골피질 골수 연골 성장판 골단 골간단 골간 골단판
병적골절 피로골절
압박골절 성문위 성문하부 후두개 후두개염 기도기 성문위기도기 기관튜브 인두기도기 구인두 비인두 후인두 설골 혈기흉 폐좌상
폐열상 동요흉 흉골골절 신생아 미숙아 영아 소아 유아 소아영상 흉부영상 복부영상 신경영상 근골격영상 유방영상 심장영상
인터벤션 중재시술 중재영상 제대정맥 제대동맥 제대정맥관 제대동맥관 구위관 보존적 수술적 비수술적 경과관찰 골격검사
전신골격 전신골격검사 아동학대 학대 비우발적 손상기전 외상성 둔상 관통상 자상 추락 교통사고
운전자 동승자 보행자 탑승자 승객 목격자 신고자 가해자 피해자 진술 진술상 안전벨트 착용 미착용 에어백 구급대원 구조대원
이물 이물질 이물감 사회복지사 치위생사 위생사 교정의 방사선사 임상병리사 물리치료사 작업치료사 영양사
간호조무사 주재원 외국인 거주 거주자 응급구조사 접수자 수검자 피검자 방향 방면 상행 하행 인근 부근 근처
고속도로 국도 지방도
전후경 좌우경 상하경 횡경 장경 단경 내경 외경 직경 최대경 최소경 장축경 단축경 흉곽 흉곽경 흉곽내 흉곽외 횡경막
탈장 서혜부 서혜 대퇴탈장 제대탈장 모르가니 보흐달렉 횡격막면 횡격막하 심횡격막각 횡격막각
소세포암 비소세포암 소세포폐암 비소세포폐암 선암 폐선암 편평상피세포암 편평세포암 대세포암 선편평상피암 유방암 위암 간암
식도암 갑상선암 대장암 췌장암 신장암 전립선암 방광암 자궁경부암 난소암 흑색종 육종 림프종 중피종
하면 외면 저면
진주종 혈관종 지방종 섬유종 신경초종 신경섬유종 선종 낭종 과오종 기형종 흉선종 연골종 골종 골연골종 수막종 교종
거대세포종 점액종 갈색세포종 근종 평활근종 섬유선종 횡문근육종 지방육종 골육종 연골육종 혈관육종 림프관종 유피낭종
루푸스 전신홍반루푸스 전신성홍반성루푸스 홍반성루푸스 루푸스신염 루푸스폐렴
""".split()
)

_NAME_LOCALES_EXCLUDED = re.compile(r"^(?:ar|bg|bn|el|fa|gu|he|hi|hy|ja|ka|ko|mk|mr|ne|or|ru|si|ta|th|uk|zh)_")
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ'’-]{2,}$")

# Romanised East Asian surnames and Korean given-name syllables (Faker's Asian locales write names in their own
# scripts; these are how the names appear in English-language reports).
ROMANISED = """
kim lee park choi jung jeong kang cho jo yoon yun jang chang lim im han oh seo suh shin sin kwon hwang ahn an song
jeon jun hong yoo yu ko go moon mun yang son sohn bae baek paek heo hur nam shim sim noh roh ha kwak sung seong
cha joo ju woo koo ku min ryu yoo na jin ji eom um chae won cheon chun bang gong kong hyun hyeon ham byun yeom
choo do so seok sun sul ma gil yeon wi pyo myung ki ban ra wang keum kum ok yook in maeng je mo tak kook eo eun
pyeon yong ye kyung bong sa boo ga bok tae mok hyung gye pi doo gam eum bin dong on ho beom jwa paeng seung gan
sang gal namgung hwangbo jegal sunwoo dokgo sagong
minjun minjoon seojun seoyeon jiwoo jiwon jihoon jihun jiho hyunwoo hyunjun doyoon siwoo yejun yuna seoyun
minseo hayoon jimin soyeon eunji minji subin yerin jiyeon hyejin sujin jinwoo sungmin junho youngho dongwook
jaehyun taehyun sanghoon kyungsoo seungho wonjin haneul yi ri rhee rim pak bak ryoo yeo kweon kwak gwak
thi thu hang lan mai linh anh tuan hung dung hoa huong ngoc phuong thao trang quang duc hai nam thanh trung hieu
khanh vy yen nhung hien hue loan oanh tam thuy xuan binh cuong dat dinh duy khoa kien luan nhat phat phuc quan
tai thang thinh toan vinh bao chau giang hanh huyen lien nga nhi nhu quynh tham thoa trinh tuyet uyen
xiong vang thao moua lor vue kue khang yia nhia pao tou chue neng txong choua
begay benally yazzie tsosie nez tso etsitty yellowhorse tsinajinnie bitsui manygoats harjo chee attakai
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang
xu deng feng han cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao
lu jiang cui zhong tan wang fan jin shi liao jia xia fu fang zou xiong bai meng qin qiu hou
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly thi van minh thanh huong linh
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki yamaguchi
matsumoto inoue kimura hayashi shimizu yamazaki mori abe ikeda hashimoto ishikawa ogawa okada goto hasegawa
murakami kondo ishii saito sakamoto endo aoki fujii nishimura fukuda ota miura fujiwara okamoto matsuda
nakagawa nakano harada ono tamura takeuchi kaneko wada nakayama ishida ueda morita hara shibata sakai kudo
yokoyama miyazaki miyamoto uchida takagi ando taniguchi ohno maruyama imai takada fujita kawano
hiroshi takeshi kenji yuki haruto yui akira satoshi kenta daiki sakura yuko keiko naoko aiko
hye hee soo su yeon hoon woo hyun seon kyu gyu jae joon jun hwan wook eun ah rin bin chan chul cheol dae deok geun
gi gyeong hak hyuk il jeong jong kwang mi myeong sang seok sik tae yeong young
wei ling mei xiao hui jing yan ying hong hao xin jie qiang ming tao chao fei hua jian lan peng qing rong ting wen
xia xue zhen zhi yong
""".split()
_ROMANISED_SET = frozenset(ROMANISED)


def ascii_fold(word: str) -> str:
    """``word`` with Latin diacritics removed (the screen folds the text the same way)."""
    base = unicodedata.normalize("NFD", word)
    return "".join(c for c in base if not unicodedata.combining(c)).translate(_EXTRA_FOLD)


_EXTRA_FOLD = str.maketrans("łŁøØđĐßæÆœŒþÞı", "lLoOdDsaAoOtTi")


@lru_cache(maxsize=1)
def _english() -> dict[str, float]:
    """English words (lower case) -> Zipf frequency, from ``wordfreq``'s large list (Zipf >= 1)."""
    import wordfreq  # a second of loading: only when a screen first classifies a word

    return {w: math.log10(f) + 9 for w, f in wordfreq.get_frequency_dict("en", "large").items() if f >= 1e-8}


@lru_cache(maxsize=1)
def _spanish() -> dict[str, float]:
    """Spanish words (lower case, diacritics folded as the screen folds them) -> Zipf frequency (``wordfreq``)."""
    import wordfreq  # loaded with the English list, once per process

    out: dict[str, float] = {}
    for w, f in wordfreq.get_frequency_dict("es", "large").items():
        if f >= 1e-6:  # Zipf >= 3
            key = ascii_fold(w)
            out[key] = max(out.get(key, 0.0), math.log10(f) + 9)
    return out


@lru_cache(maxsize=1)
def _faker_names() -> frozenset[str]:
    """First and last names (lower case) of every Latin-script locale Faker ships."""
    return _faker_lists()[0] | _faker_lists()[1]


@lru_cache(maxsize=1)
def _faker_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names), lower case, of every Latin-script locale Faker ships."""
    import faker.providers.person as person

    first: set[str] = set()
    last: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        if _NAME_LOCALES_EXCLUDED.match(mod.name + "_") or _NAME_LOCALES_EXCLUDED.match(mod.name):
            continue
        provider = importlib.import_module(f"{person.__name__}.{mod.name}").Provider
        attrs = [a for a in dir(provider) if a.endswith(("_names", "_names_male", "_names_female")) and "name" in a]
        for attr in [a for a in attrs if "first" in a or "last" in a]:  # male_last_names, unisex_last_names, ...
            names = getattr(provider, attr, ())
            if not isinstance(names, (tuple, list, dict, set, frozenset)):
                continue  # some locales compute a list through a property
            found = last if "last" in attr else first
            for name in names:
                for part in re.split(r"[\s-]+", str(name)):
                    if _LATIN_NAME.match(part):
                        found.add(part.lower())
                        found.add(ascii_fold(part.lower()))
    return frozenset(first), frozenset(last)


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a listed first name (any case)."""
    return word.strip(".,;:()'’").lower() in _faker_lists()[0]


@lru_cache(maxsize=1)
def _nicknames() -> frozenset[str]:
    """The short forms of English given names (``nicknames``' hand-curated table: "manny", "jen", "becca"), lower
    case; the table's own given names are Faker's already."""
    from nicknames import NickNamer  # (here, not at the top: the table loads once, with the vocabularies)

    forms = {n for names in NickNamer().nickname_lookup.values() for n in names if n.isalpha() and len(n) >= 3}
    # (not a word in use nor a report word: the table holds "dob", "duty", "west" as some name's short form)
    return frozenset(n for n in forms if zipf(n) < 3.8 and word_class(n) != CLINICAL)


def is_nickname(word: str) -> bool:
    """Whether ``word`` is a listed short form of a given name (any case): "Manny", "jen", "Becca"."""
    return word.strip(".,;:()'’").lower() in _nicknames()


def is_last_name(word: str) -> bool:
    """Whether ``word`` is a listed last name (any case)."""
    return word.strip(".,;:()'’").lower() in _faker_lists()[1]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    english = _english()
    names = listed_names()
    classes: dict[str, str] = {}
    for w, z in english.items():
        if z >= WORD_MIN_ZIPF and w not in names:
            classes[w] = WORD
    for w in names:
        # a listed name that is also a report word ("Foley") or a common English word ("Young") is a name only
        # beside another name
        common = english.get(w, 0.0) >= NAME_MAX_ZIPF or w in RADIOLOGY
        classes[w] = AMBIGUOUS if common else NAME
    for w in (RADIOLOGY | DEVICE_BRANDS | EPONYM_HEADS) - names:
        classes[w] = CLINICAL
    for w in drugs():  # "Amiodarone", "Xarelto": a drug no other list knows (the table leaves names and words out)
        classes.setdefault(w, CLINICAL)
    for w in DEVICE_BRANDS & names:  # "Edwards SAPIEN", "Cook catheter": a maker's name is a name only beside one
        classes[w] = AMBIGUOUS
    for w, z in _spanish().items():  # PadChest, Puerto Rico, Mexico: Spanish report words (see word_class)
        if z >= WORD_MIN_ZIPF and w not in names and w not in classes:
            _SPANISH_ONLY.add(w)
    for w in CAPS_ONLY:  # what "Pa", "Ed" are when not written in capitals
        _NAMES_ONLY[w] = NAME if w in names else (WORD if english.get(w, 0.0) >= WORD_MIN_ZIPF else UNKNOWN)
        classes[w] = CLINICAL
    return classes, names


def spanish_zipf(word: str) -> float:
    """A word's Zipf frequency in Spanish (``wordfreq``, diacritics folded; 0 for none)."""
    return _spanish().get(ascii_fold(word.lower()), 0.0)


_SPANISH_HINT = re.compile(r"\b(?:de|del|con|sin|en|por|para|los|las|una?|que|se|y|el|la)\b")


def spanish_hint(text: str) -> bool:
    """A Spanish function word is in ``text`` (the cheap gate before ``spanish_text``)."""
    return _SPANISH_HINT.search(text) is not None


def spanish_text(text: str) -> bool:
    """Whether ``text`` reads as Spanish: two or more words only Spanish has ("Emergencia", "informado")
    beside Spanish function words, so that a Title-Case run of Spanish words there is a service's or a
    heading's words ("Sala de Emergencia notificada"), not a name."""
    if len(_SPANISH_HINT.findall(text)) < 1:
        return False
    _tables()
    n = 0
    for w in re.findall(r"\b[A-Za-záéíóúñüÁÉÍÓÚÑ]{3,}\b", text):
        if ascii_fold(w.lower()) in _SPANISH_ONLY:
            n += 1
            if n >= 2:
                return True
    return False


_NAMES_ONLY: dict[str, str] = {}
_SPANISH_ONLY: set[str] = set()  # Spanish words that are neither English words nor listed names


_CAMEL = re.compile(r"[A-Z][a-z]+|[A-Z]{2,}(?![a-z])")  # (an acronym part: "PatientID", "SOPInstanceUID")
_KEY_ACRONYMS = frozenset("ID IDS UID SOP DICOM MRN DOB HL PACS RIS".split())


def _key_word(part: str) -> bool:
    """A part of a field's key: a report or English word, or a common word a name list also has ("Date")."""
    c = word_class(part)
    return c in (WORD, CLINICAL) or c == AMBIGUOUS and zipf(part) >= 4.5


_SAINT_PARTS = frozenset("saint sainte st ste san santa santo sao".split())
_PLACE_PARTICLES = frozenset("des du de la le les sur sous en aux d l lès".split())  # inside French place names


_CLINICAL_PREFIXES = frozenset("post pre peri intra".split())
# a medical word's Greek or Latin opening: a long word that opens with one is a report's (no name does)
_MEDICAL_PREFIXES = (
    "immuno", "electro", "cardio", "broncho", "thoraco", "pneumo", "angio", "hemato", "haemato", "fluoro", "echocardio",
    "radiograph", "pleuro", "tracheo", "esophago", "oesophago", "gastro", "hepato", "nephro", "osteo", "myelo",
)  # fmt: skip


def word_class(word: str) -> str:
    """The class of one token (any case; a possessive "'s" and edge punctuation ignored)."""
    bare = word.strip(".,;:()[]'’\"")
    w = bare.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if not w:
        return WORD
    if NAME_SHAPE.match(bare):
        return NAME
    if w in EPONYM_COMPOUNDS:
        return CLINICAL
    if w in LANGUAGES:
        return WORD  # "Idioma preferido: Español", "Interpreter: Tigrinya": a language names no one
    classes, _ = _tables()
    c = classes.get(w)
    if c is not None:
        if c == CLINICAL and w in CAPS_ONLY and not bare.isupper():
            return _NAMES_ONLY.get(w, UNKNOWN)
        return c
    if "-" in w:  # "Swan-Ganz", "Port-A-Cath", "Mary-Jane", "Ji-hoon"
        parts = [p for p in w.split("-") if p]
        inner = [p for p in parts[1:-1] if p in _PLACE_PARTICLES]
        if inner and not any(classes.get(p) == CLINICAL for p in parts if p not in _PLACE_PARTICLES):
            return UNKNOWN  # "Baie-des-Chaleurs", "Saint-Jean-sur-Richelieu": a French place, no eponym has "des"
        caps_parts = [p for p, q in zip(parts, bare.split("-"), strict=False) if q.isupper() and len(q) >= 3]
        if any(classes.get(p) == WORD and zipf(p) >= 3.5 and p not in _ROMANISED_SET for p in caps_parts):
            return CLINICAL  # "MELD-Na", "SMART-COP": a score's acronym of a common word (a name's parts are names)
        if (
            bare.isupper()
            and any(len(p) <= 3 and p not in _tables()[1] for p in parts)
            and not any(p in _ROMANISED_SET for p in parts)
        ):
            return CLINICAL  # "LIMA-LAD", "SVG-OM", "SMART-COP": grafts and scores (a name's parts are names)
        if len(parts) >= 3 and all(len(p) >= 3 for p in parts) and not _SAINT_PARTS & set(parts):
            return CLINICAL  # "Osler-Weber-Rendu", "Charcot-Marie-Tooth": people's names are not triple-barrelled
            # (but "Dupont-Saint-Amour", "Marie-Sainte-Croix": a French name or place with its saint)
        if len(parts) == 2 and parts[0] in _CLINICAL_PREFIXES:
            return (
                CLINICAL  # "post-op", "peri-op", "pre-procedure": a time around a procedure ("Post" is a surname too)
            )
        kinds = [word_class(p) for p in parts]
        if any(k == CLINICAL for k in kinds):
            return CLINICAL  # "Swan-Ganz", "Port-A-Cath", "Lung-RADS"
        if any(k == WORD for k in kinds) and not all(k in (NAME, AMBIGUOUS) for k in kinds):
            return WORD  # "Post-op", "Low-Dose" (but "Smith-Jones" is a name)
        if all(_english().get(p, 0.0) >= 5.0 for p in parts):
            return WORD  # "Follow-up", "Set-up": common words, whatever names they also are
        later = bare.split("-")[1:]
        if (
            bare[:1].isupper()
            and all(q[:1].islower() for q in later)
            and all(_english().get(p, 0.0) >= 4.0 for p in parts)
        ):
            return WORD  # "Gray-white", "Well-defined": a compound of common words (a name's parts are capitalised)
        if any(k in (NAME, AMBIGUOUS) for k in kinds):
            return NAME  # "Mary-Jane", "Ji-hoon"
        return UNKNOWN
    if len(w) >= 5 and w.endswith("s") and classes.get(w[:-1]) == CLINICAL:
        return CLINICAL  # "COLLATERALS", "opacities" via "opacity" is listed; plurals of report words
    if w in _SPANISH_ONLY:  # "SIN HALLAZGOS AGUDOS", "con fiebre y tos"; but "Hospital Auxilio Mutuo", "Condori"
        return WORD if bare.islower() or bare.isupper() else UNKNOWN
    if (
        (len(w) >= 6 and _MEDICAL_SUFFIX.search(w) and not w.endswith("vious"))
        or len(w) >= 8
        and w.endswith(("gram", "grams"))
        or _ment_noun(w)
        or len(w) >= 10
        and w.startswith(_MEDICAL_PREFIXES)  # "Immunodiffusion", "Electrocardiographic", "Bronchoalveolar"
    ):  # (not "-vious": "Dontavious", "Octavious" are given names)
        return CLINICAL  # "venogram", "esophagram" (but "Ingram", "Bagram")
    if any(c.isdigit() for c in w):
        return CLINICAL  # T4, L1, 6th, COVID-19: never a name
    parts = _CAMEL.findall(bare)
    words = [p for p in parts if not p.isupper()]
    if (
        len(parts) >= 2
        and "".join(parts) == bare
        and words
        and all(len(p) >= 3 and _key_word(p) for p in words)
        and all(p in _KEY_ACRONYMS for p in parts if p.isupper())
    ):
        return WORD  # "StudyDescription", "PatientID": a field's key of English words ("McAllister" is no such)
    if derived_word(w):
        return WORD  # "Reschedule", "Reimage": a prefix on a common word ("Reinhardt" has none)
    return UNKNOWN


_MENT_PREFIX = re.compile(r"(?:mal|mis|non|hyper|hypo|re|pre|sub|over|under|dis|de|en|un)")


def _ment_noun(w: str) -> bool:
    """A noun of a verb and "-ment" ("enhancement", "malalignment", "hyperenhancements"): its stem, a prefix taken
    off, is an English word. A surname that ends so has none ("Authement")."""
    if len(w) < 7 or not w.endswith(("ment", "ments")):
        return False
    stem = w[: -5 if w.endswith("s") else -4]
    prefix = _MENT_PREFIX.match(stem)
    stems = (stem, stem[prefix.end() :]) if prefix else (stem,)
    english = _english()
    return any(english.get(s, 0.0) >= 1.0 or english.get(s + "e", 0.0) >= 1.0 for s in stems if len(s) >= 3)


_VERB_PREFIX = re.compile(r"(?:re|pre)")  # (not "un", "under": "Unalaska", "Underhill" are places and names)


def derived_word(word: str) -> bool:
    """A verb's prefix (re-, pre-) on a common English word of four letters or more: "reschedule", "recheck",
    "reimage" are words wordfreq may not list, not names."""
    w = word.lower()
    prefix = _VERB_PREFIX.match(w)
    return bool(prefix) and len(w) - prefix.end() >= 4 and _english().get(w[prefix.end() :], 0.0) >= 3.5


@lru_cache(maxsize=1)
def full_name_parts() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names) that are names only, lower case: listed, not a common English word (class
    ``NAME``, not ``AMBIGUOUS``) nor a report word, at least three letters. Two of them in a row are a name in any case
    ("per nursing carlos mendoza pulled his tube")."""
    classes, _ = _tables()
    first, last = _faker_lists()
    pure = {w for w, c in classes.items() if c == NAME and len(w) >= 3}
    return frozenset(pure & first), frozenset(pure & (last | frozenset(ROMANISED)))


@lru_cache(maxsize=1)
def listed_names() -> frozenset[str]:
    """The first and last names the classes read as names (lower case): Faker's and the romanised lists."""
    return (_faker_names() | frozenset(ROMANISED)) - EPONYM_HEADS


def english_zipf(word: str) -> float:
    """The Zipf frequency of a lower-case ``word`` in the English list, as the classes read it (0.0 if absent)."""
    return _english().get(word, 0.0)


def zipf(word: str) -> float:
    """``wordfreq``'s Zipf frequency of ``word`` in English (0.0 when it is not in the large list)."""
    return _english().get(word.strip(".,;:()'’").lower(), 0.0)


def load() -> None:
    """Load the vocabularies now (a builder calls this before forking its workers)."""
    _tables()
    full_name_parts()
    _nicknames()


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
