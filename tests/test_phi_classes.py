"""The PHI screen by class (issue 26): every identifier class is found wherever a window cut falls and whatever
invisible characters an export puts inside it; report language (eponyms, scores, Korean disease words) stays.

The examples here are written for these tests in other wordings than the development and held-out sets of
``tests/data/phi/`` (which ``test_phi_recall.py`` measures).
"""

from __future__ import annotations

import pytest

from megacxr.reports.textclean import strip_controls
from megacxr.shards.phi import OVERLAP_CHARS, WINDOW_CHARS, PhiScreen, windows
from megacxr.shards.phi_eval import caught_in

SCREEN = PhiScreen()

# (class, text, identifier): one or more per class, cue and identifier side by side
CLASSES = [
    ("name", "Critical result phoned to Dr. Imogen Achterberg at 09:10.", "Imogen Achterberg"),
    ("name", "Patient Teodoro Villalobos is a 61 year old man with fever.", "Teodoro Villalobos"),
    ("name", "COMPARISON: 1/2/2024 (STRAUSSER, HELGA M)", "STRAUSSER, HELGA M"),
    ("name", "Electronically signed by: PRZEMYSLAW WOJCIK MD", "PRZEMYSLAW WOJCIK"),
    ("name", "Wheatcroft reviewed the outside images.", "Wheatcroft"),
    ("name", "seen at bedside with pt rosalind abernathy", "rosalind abernathy"),
    ("name", "Family meeting with niece Oluwaseun Adeyemi-Hart at 16:00.", "Oluwaseun Adeyemi-Hart"),
    ("name", "images reviewed with nephew bartholomew quigley present", "bartholomew quigley"),
    ("name", "Verbal report given to Ximena Ortega Villarreal, NP.", "Ximena Ortega Villarreal"),
    ("name", "Second opinion from Dr. Abdulrahman bin Saeed Al-Qahtani.", "Abdulrahman bin Saeed Al-Qahtani"),
    ("name", "Reviewed with O'Sullivan, who agrees.", "O'Sullivan"),
    ("name", "report phoned to registrar okonjo-iweala before noon", "okonjo-iweala"),
    ("name", "Reviewed by Chinụ́a Ọ̀kẹ́kẹ́, MD.", "Chinụ́a Ọ̀kẹ́kẹ́"),
    ("name", "Read by Dr. van der Linde and Dr. Omar al-Rashidi.", "van der Linde"),
    ("name", "Read by Dr. van der Linde and Dr. Omar al-Rashidi.", "Omar al-Rashidi"),
    ("name", "Family spokesperson Tevita ʻAkau'ola was present.", "Tevita ʻAkau'ola"),
    ("name", "Results given to Autumn, the charge nurse, at 02:10.", "Autumn"),
    ("name", "The patient goes by Bongani at home.", "Bongani"),
    ("name", "REFERRING: HAMPTON, DELANEY R", "HAMPTON, DELANEY R"),
    ("name", "Verified by: Dr. Grant, Eleanor", "Grant, Eleanor"),
    ("name", "Rad: Marcus Whitfield Sr., MD", "Marcus Whitfield Sr."),
    ("name", "NICU portable: Baby Girl Okwuosa, twin A.", "Okwuosa"),
    ("name", "d/w nguyen, fellow on call, who agrees", "nguyen"),
    ("korean_name", "판독의: 곽도현", "곽도현"),
    ("korean_name", "보호자(모): 석다인", "석다인"),
    ("korean_name", "검수: 편하람", "편하람"),
    ("korean_name", "환자: 윤솔, 81세 여, 입원", "윤솔"),
    ("korean_name", "옥분례 할머니, 기침 2주.", "옥분례"),
    ("korean_name", "촬영 기사 국말례 확인.", "국말례"),
    ("korean_name", "맹주원 (F/52) 흉부 촬영.", "맹주원"),
    ("korean_name", "검진자: 탁승연", "탁승연"),
    ("korean_name", "보호자 남궁선희 님과 통화함.", "남궁선희"),
    ("korean_name", "환자 이름이 손예린으로 확인됨.", "손예린"),
    ("date", "Compared to the radiograph of 11-27-2023.", "11-27-2023"),
    ("date", "Prior study: September 9th, 2022.", "September 9th, 2022"),
    ("date", "이전 검사 2022년 11월 3일과 비교함.", "2022년 11월 3일"),
    ("date", "Seen Fri 9/23 in clinic.", "9/23"),
    ("date", "Exam date: Wednesday, February 8, 2023 06:40.", "Wednesday, February 8, 2023"),
    ("date", "Fell at home on Thanksgiving Day 2021.", "Thanksgiving Day 2021"),
    ("date", "COMPARED WITH THE FILM OF THE 3RD OF JUNE.", "3RD OF JUNE"),
    ("date", "Prior from 9 Feb 22 unchanged.", "9 Feb 22"),
    ("date", "Fell on September the twenty-second.", "September the twenty-second"),
    ("date", "Compared with the film of the ninth of May.", "ninth of May"),
    ("date", "[Exam: 2023 Dec 11 (Mon) 07:02]", "2023 Dec 11"),
    ("date", "Prior: 07|04|2021", "07|04|2021"),
    ("date", "Compared to the study from\n11/02/\n2020, stable.", "11/02/\n2020"),
    ("id", "Acc No. RX-20231107-0042 for this exam.", "RX-20231107-0042"),
    ("id", "MRN#: 004417728", "004417728"),
    ("id", "Medicaid No. 7731 20984 3; plan 00419.", "7731 20984 3"),
    ("id", "Trial participant code TX-0092-B enrolled.", "TX-0092-B"),
    ("id", "UHID: KL0091-334512   IP No: 24/00917", "KL0091-334512"),
    ("id", "Acc. no.: DX.24.117302", "DX.24.117302"),
    ("id", "MRN 7731\n0094 (wrapped)", "7731\n0094"),
    ("id", "주민등록번호 850417-2345678 확인.", "850417-2345678"),
    ("id", "Study UID 1.2.840.113619.2.55.3.604688.12 archived.", "1.2.840.113619.2.55.3.604688.12"),
    # a UID's later segments are as identifying as its root (a timestamp-like segment ends many vendors' UIDs)
    (
        "id",
        "Instance UID 1.2.392.200036.9116.2.6.1.48.1214833767.1718012345.123456 sent",
        "1.2.392.200036.9116.2.6.1.48.1214833767.1718012345.123456",
    ),
    (
        "id",
        "(0020,000D) 1.2.826.0.1.3680043.8.498.10231.1699123456.77",
        "1.2.826.0.1.3680043.8.498.10231.1699123456.77",
    ),
    (
        "id",
        "series uid 1.3.12.2.1107.5.1.4.95021.30000024081512345678900012.",
        "1.3.12.2.1107.5.1.4.95021.30000024081512345678900012",
    ),
    # international numbers in two-digit groups (not an SSN's shape), ids after a label's note, a serial's letters
    ("contact", "Cousin in Pokhara: +977 98 4412 3390 (WhatsApp)", "+977 98 4412 3390"),
    ("id", "Alien Reg. No. (USCIS): A097 553 218", "A097 553 218"),
    ("id", "Pacemaker serial no. 4K7Q 20981 read back.", "4K7Q 20981"),
    # Korean lot addresses without a district, apartment complexes and lettered buildings
    ("contact", "주소: 정읍시 수성동2가 118-4 (지번)", "정읍시 수성동2가 118-4"),
    ("contact", "주소 : 여수시 학동 45-2 푸른솔아파트 203동 804호", "여수시 학동 45-2 푸른솔아파트 203동 804호"),
    ("contact", "현주소: 청주시 흥덕구 복대로 77, 은하빌라 C동 302호", "은하빌라 C동 302호"),
    # Korean names: given syllables of older names, Vietnamese names in Hangul without spaces or spaced
    ("korean_name", "진료 중 류경구는 흉통을 호소함.", "류경구"),
    ("korean_name", "결과는 팜티흐엉에게 통역을 통해 설명함.", "팜티흐엉"),
    ("korean_name", "Patient: LE VAN HUNG (한글 표기: 레 반 훙)", "레 반 훙"),
    # times of fax headers and exports, Korean dates relative to a holiday
    ("date", "Faxed 04/17/25 09:41P, page 2 of 3", "04/17/25 09:41P"),
    ("date", "audit_ts: 2024-11-30 08:15:42.907 KST", "2024-11-30 08:15:42.907"),
    ("date", "재작년 설날 다음 날 외부에서 촬영한 CT와 비교함.", "재작년 설날 다음 날"),
    # sites by their kind, a direction before a town
    ("place", "Works the ramp at Tweed airport, nights.", "Tweed"),
    ("place", "Lives in the Eastgate neighborhood with family.", "Eastgate"),
    ("place", "Crossed at the Nogales port of entry before the film.", "Nogales"),
    ("place", "Found near Carrington Quad at 0100 by campus security.", "Carrington Quad"),
    ("place", "Grew up in South Bakersfield near the rail yard.", "South Bakersfield"),
    # scanned and faxed text: letters and digits OCR confused
    ("date", "D0B: O3-l9-l948  Sex: F", "O3-l9-l948"),
    ("contact", "Fax 5O2.7l4.88O3  Attn: imaging", "5O2.7l4.88O3"),
    ("name", "Ordering Phys1cian: Ju1ian Brad1ey", "Ju1ian Brad1ey"),
    # short dates after an exam at a sentence's end, a form's boxed date, days named for an event
    ("date", "Compared with CXR 2/17. Stable.", "2/17"),
    ("date", "Prior PET 4/9, no new uptake.", "4/9"),
    ("date", "Date of Birth\n  07   04   1938\n  MM   DD   YYYY", "07   04   1938"),
    ("date", "Fell the week before, around Election Day, per son.", "Election Day"),
    # ages in apposition, a Korean licence number, a fraternity, a research unit
    ("age", "Her aunt, ninety-seven, lives with the family.", "ninety-seven"),
    ("age", "The widower, 99, still drives.", "99"),
    ("id", "전문의 자격번호: 제 30417 호", "30417"),
    ("place", "Injured at a party at the Sigma Phi Delta house.", "Sigma Phi Delta"),
    ("place", "Enrolled via the Larchmont Clinical Research Unit.", "Larchmont Clinical Research Unit"),
    # a pasted table: the values under identifying columns
    # (each table on lines of its own: the cut tests put their filler before and after the text, on its lines)
    ("id", "Worklist:\nAcc|Exam|Age\n|RX88412|CXR PA/LAT|97|\nEnd.", "RX88412"),
    ("age", "Worklist:\nAcc|Exam|Age\n|RX88412|CXR PA/LAT|97|\nEnd.", "97"),
    ("name", "Export:\nMRN,Last,First,Exam\n00044817,DUBROVNIK,TEODORA,CT CHEST\nEnd.", "DUBROVNIK,TEODORA"),
    # audit logs: a login alone in a pipe cell or in parentheses after a name; quoted CSV tables; FHIR ages
    ("name", "EVENT | 2025-01-07T08:02:11Z | mkowalczyk7 | PRINT_REPORT", "mkowalczyk7"),
    ("name", "조회자=정하람(radres12) 조회시각=08:40", "radres12"),
    ("age", 'Rows:\n"MRN","AGE","SEX"\n"0088123","093","F"\nEnd.', "093"),
    ("age", '{"resourceType": "Observation", "valueAge": {"value": 101, "unit": "a"}}', "101"),
    ("id", "VA claim file C-31 442 907 on record.", "C-31 442 907"),
    ("name", "Signed: Anne-Sophie Leblanc-Saint-Cyr, MD", "Anne-Sophie Leblanc-Saint-Cyr"),
    ("name", "Typed by: jlm/tkr  Job 5521", "jlm/tkr"),
    ("place", "followed at clinica de la sierra in salinas for her asthma", "clinica de la sierra"),
    # month and day after an admission, a surgery or "today"; an apostrophe year; a Korean spaced date
    ("date", "Admit 11/02, intubated; today 11/06 worse.", "11/06"),
    ("date", "Surgery 09/21 (lobectomy); film is POD 2.", "09/21"),
    ("date", "Compare with the 4/17/'23 study.", "4/17/'23"),
    ("date", "검사일: 24. 7. 15.", "24. 7. 15."),
    ("date", "흉부 CT는 2023년 9월 셋째 주에 시행됨.", "2023년 9월 셋째 주"),
    # an age opening a sentence; a numbered mine; an offshore block; a Korean school
    ("age", "At 96 she still gardens daily.", "96"),
    ("place", "Roof-bolter at the Stony Fork No. 3 mine for 30 years.", "Stony Fork No. 3"),
    ("place", "Roustabout on Ship Shoal block 214 since 2019.", "Ship Shoal block 214"),
    ("place", "학교: 광명하안초등학교 5학년", "광명하안초등학교"),
    ("korean_name", "성명: 선우 하은    성별/나이: F/61", "선우 하은"),
    ("id", "Refugee intake, A-number: A118 402 663.", "A118 402 663"),
    # Korean doctor-role labels ending in 의; a Korean name's English spelling after (영문); a spoken date with its year
    ("korean_name", "처방의: 길서윤 / 마취의: 표하람", "표하람"),
    ("name", "수검자 성명 (한글) ___   (영문) SEOK MINJAE", "SEOK MINJAE"),
    ("date", "compared with the study of june third two thousand twenty four", "june third two thousand twenty four"),
    # shops and trades, union locals, rural route boxes
    ("place", "Cook at Saleh's Corner Diner for twenty years.", "Saleh's Corner Diner"),
    ("place", "Longtime member of Boilermakers Local 154, retired.", "Boilermakers Local 154"),
    ("contact", "Mailing: Rural Route 4, Box 77 (no street address)", "Rural Route 4, Box 77"),
    ("contact", "Home: 41 Marine Dr, Unit 2, Dededo, Guam 96929", "96929"),
    ("korean_name", "서명: 전 하윤 (판독의)", "전 하윤"),
    # DICOM times, a spaced DOB with a two-digit year, grid addresses, a mobile-home space
    ("date", '{"seriesDate": "20240611", "seriesTime": "093015.250"}', "093015.250"),
    ("date", "DOB 11 / 3 / 52 per the intake sheet.", "11 / 3 / 52"),
    ("contact", "Home: 2150 E 3300 S, Unit 4, Millcreek", "2150 E 3300 S"),
    ("contact", "Lives at 9018 W Tropicana Ave Spc 42 with her son.", "Spc 42"),
    # ages said of a relative, of a gentleman, in a worklist's cells
    ("age", "Per son: dad turned ninety-eight in May.", "ninety-eight"),
    ("age", "a frail lady of one hundred and one from the memory unit", "one hundred and one"),
    ("age", "XR CHEST | 97 Y | F | ROUTINE", "97"),
    # Korean: a lawyer's letter, beaches and airports, a company and its particle, a branch office, a code label
    ("korean_name", "수신: 법무사 길태웅 귀하", "길태웅"),
    ("place", "관광 중 함덕해수욕장에서 익수 사고 발생.", "함덕해수욕장"),
    ("place", "김해국제공항 화물터미널에서 근무 중 낙상.", "김해국제공항 화물터미널"),
    ("place", "시화공단 내 한솔금속에서 15년간 연마 작업.", "한솔금속"),
    ("place", "산재 관할: 경인북부지사 (재해조사 중)", "경인북부지사"),
    ("id", "사업장코드 77821 / 검진번호 HK-2023-114", "77821"),
    # places by their kind or particles, a greeting's name
    ("place", "Her family lives in the village of Kykotsmovi on Third Mesa.", "Kykotsmovi"),
    ("place", "Treated for TB in Cap-Haïtien in 2019.", "Cap-Haïtien"),
    ("place", "Previously seen at a Cobb urgent care for cough.", "Cobb"),
    ("place", "Born in Santiago de los Caballeros, moved in 2010.", "Santiago de los Caballeros"),
    ("place", "Member of the Rexburg 9th Ward; bishop aware.", "Rexburg 9th Ward"),
    ("name", "Hi Naomi! Your chest x-ray is ready in the portal.", "Naomi"),
    (
        "date",
        "Hearing set for the fourth day of June, two thousand twenty-five.",
        "fourth day of June, two thousand twenty-five",
    ),
    ("korean_name", "환자이름|나이|성별\n탁지훈|63|M\n끝", "탁지훈"),
    ("age", "NINETY-FOUR YEAR OLD FEMALE WITH FALL.", "NINETY-FOUR"),
    ("age", "History: 96yo with dyspnea.", "96"),
    ("age", "만 92세 여자 환자.", "92"),
    ("age", "ninety two y.o. man from a group home", "ninety two"),
    ("age", "Edad: 94 años. Disnea.", "94"),
    ("age", "Clinical details: (M, 99) fall.", "99"),
    ("age", "pt is 101 per daughter, r/o aspiration", "101"),
    ("age", "HISTORY: Age ninety-six, confusion.", "ninety-six"),
    ("place", "Outside films from Lakeshore Regional Medical Center.", "Lakeshore Regional Medical Center"),
    ("place", "Patient resides in Beaverton, OR 97005.", "Beaverton, OR 97005"),
    ("place", "주소: 대구광역시 수성구 달구벌대로 2503", "대구광역시 수성구 달구벌대로 2503"),
    ("place", "Films sent from the Tuba City clinic.", "Tuba City"),
    ("place", "Deployed to Camp Lejeune last spring.", "Camp Lejeune"),
    ("place", "Prior CT at Riverbend Surgical Hospital - Eastgate campus.", "Riverbend Surgical Hospital - Eastgate"),
    ("place", "From Pinecrest Nursing and Rehabilitation Center.", "Pinecrest Nursing and Rehabilitation Center"),
    ("place", "영월군 보건소에서 의뢰됨.", "영월군 보건소"),
    ("place", "Films from Ninewells Hospital, Dundee DD1 9SY.", "Dundee DD1 9SY"),
    ("place", "Home: 18 Larch Crescent, Nanaimo BC V9R 5K2", "Nanaimo BC V9R 5K2"),
    ("place", "Transferred from Wagga Wagga NSW 2650.", "Wagga Wagga NSW 2650"),
    ("place", "Native of Tralee, County Kerry.", "Tralee, County Kerry"),
    ("place", "Home: 2210 E. Camino Seco, Tucson", "2210 E. Camino Seco"),
    ("place", "Referral from Hospice of the Bluegrass.", "Hospice of the Bluegrass"),
    ("place", "pt lives in kayenta az with family", "kayenta"),
    ("place", "Resides in McPherson County.", "McPherson County"),
    ("place", "Hospital San Rafael Arcángel, Ciudad de Guatemala.", "Hospital San Rafael Arcángel"),
    ("place", "Befund: Klinikum am Steinenberg, Reutlingen", "Klinikum am Steinenberg"),
    ("place", "Outside films from Greenbrier Valley Medical Center, Ronceverte.", "Ronceverte"),
    ("place", "Transferred from Mount Carmel East overnight.", "Mount Carmel East"),
    ("contact", "Reach the reading room at (412) 555-0187 x2201.", "(412) 555-0187 x2201"),
    ("contact", "Questions: radreads@northvale-health.org", "radreads@northvale-health.org"),
    ("contact", "Images at pacs.northvale-health.org/study/99812", "pacs.northvale-health.org/study/99812"),
    ("contact", "보호자 연락처 010-4821-7735", "010-4821-7735"),
    ("contact", "영상의학과 02-2228-5800 으로 문의.", "02-2228-5800"),
    ("contact", "Call +44 20 7946 0321 for the outside report.", "+44 20 7946 0321"),
    ("contact", "Call 617-732-\n5500 with questions.", "617-732-\n5500"),
    ("contact", "판독실 031-787-2114 (내선 4410)", "031-787-2114"),
    ("contact", "판독실 031-787-2114 (내선 4410)", "4410"),
    # from the tenth held-out round (Spanish-English reports, dictation without capitals, Korean districts)
    ("date", "Radiografía previa del 3 de noviembre de 2021 sin cambios.", "3 de noviembre de 2021"),
    ("date", "Vorbefund vom 14. März 2022 zum Vergleich.", "14. März 2022"),
    ("date", "comparado con estudio de julio de 2020", "julio de 2020"),
    ("id_number", "Cédula: 0917-4432-11", "0917-4432-11"),
    ("id_number", "Seguro social: 5512", "5512"),
    ("contact", "Fax (0033) 1 42 16 00 00 for the outside report.", "(0033) 1 42 16 00 00"),
    ("name", "transport by orderly giuseppe santangelo to radiology", "giuseppe santangelo"),
    ("place", "Envío desde Centro de Salud de Vega Baja.", "Centro de Salud de Vega Baja"),
    ("place", "patient resides in unalakleet with her daughter", "unalakleet"),
    ("place", "Mailing address: Avenida Fernández Juncos 1550, Santurce", "Avenida Fernández Juncos 1550"),
    ("place", "Pickup at Kalanianaole Hwy. by family.", "Kalanianaole Hwy"),
    ("place", "일산 밝은내과의원에서 의뢰됨", "일산 밝은내과의원"),
    # from the ninth held-out round
    ("name", "READ BY: SEO, MIN-JI", "SEO, MIN-JI"),
    ("name", "Lovelace read the outside CT with us.", "Lovelace"),
    ("name", "Repeat film: pt (okonkwo) could not stand.", "okonkwo"),
    ("name", "Images reviewed with Fairbanks at the console.", "Fairbanks"),
    ("date", "Device placed on the third of March, 2021 per the card.", "third of March, 2021"),
    # from an identifier stress set: cues, roles in parentheses, compound surnames, ids, employers, handles
    ("name", "Prelim by Baker overnight; final agrees.", "Baker"),
    ("name", "Film obtained by Juniper (RT) after repositioning.", "Juniper"),
    ("name", "Consent from Marisol (daughter, HCP) by phone.", "Marisol"),
    ("korean_name", "황보민과 상의함.", "황보민"),
    ("korean_name", "독고 준 교수님께 보고함.", "독고 준"),
    ("date", "Seen Thursday the 9th in clinic.", "Thursday the 9th"),
    ("date", "Scan time 2022-11-02T14:05:33+09:00.", "2022-11-02T14:05:33+09:00"),
    ("date", "Last chest CT Sep-21 (outside).", "Sep-21"),
    ("date", "지난달 12일 외부 CT 시행.", "지난달 12일"),
    ("id_number", "DeviceSerialNumber 55120", "55120"),
    ("id_number", "Film jacket # 40771", "40771"),
    ("place", "Transferred from OHSU for ECMO.", "OHSU"),
    ("place", "Outside read (KUMC) agrees.", "KUMC"),
    ("place", "Works at the Perdue plant in Salisbury.", "Perdue"),
    ("place", "두산중공업 창원 공장 근무 25년.", "두산중공업"),
    ("contact", "email: t.nguyen [at] uwmc [dot] org", "t.nguyen [at] uwmc [dot] org"),
    ("contact", "KakaoTalk: minji_0412", "minji_0412"),
    ("contact", "PACS at 172.16.4.20:11112", "172.16.4.20:11112"),
    ("contact", "응급실 02)2072-2114", "02)2072-2114"),
    # from the eleventh held-out round: foreign names in Hangul, suffixes and second given names, countries
    ("korean_name", "성명: 올가 스미르노바", "올가 스미르노바"),
    ("korean_name", "드미트리 쿠즈네초프 님께 결과 설명함.", "드미트리 쿠즈네초프"),
    ("korean_name", "보리스 오를로프 환자 흉부 촬영.", "보리스 오를로프"),
    ("name", "READ BY: KOWALCZYK SR, TADEUSZ J", "KOWALCZYK SR, TADEUSZ J"),
    ("name", "Outside report signed by WHITAKER, MARY BETH.", "WHITAKER, MARY BETH"),
    ("name", "Patient's daughter Faith called for the results.", "Faith"),
    ("place", "Recently arrived from Tashkent, Uzbekistan.", "Tashkent, Uzbekistan"),
    ("place", "Records from General Hospital, Winnipeg, reviewed.", "General Hospital, Winnipeg"),
    ("place", "몽골 울란바토르 출신 근로자.", "몽골 울란바토르"),
    ("place", "Migrant worker from Kandal Province, Cambodia.", "Kandal Province, Cambodia"),
    ("id_number", "Passport (KZ): N12345678", "N12345678"),
    # from the twelfth held-out round: future-date cues, state codes and acronyms after a masked place
    ("date", "Repeat film planned for 7/28.", "7/28"),
    ("place", "Records from Essentia Health, Duluth MN, reviewed.", "Duluth MN"),
    ("place", "Outside facility: Denver Health Medical Center (DHMC).", "DHMC"),
    ("place", "근로복지공단 동해병원에서 의뢰.", "근로복지공단 동해병원"),
    # from the thirteenth held-out round: role labels, 'identified as', employers, county and state codes
    ("name", "Attending of record: Pemberton. No change.", "Pemberton"),
    ("name", "Patient identified as Rowan Castellanos-Reyes by two identifiers.", "Rowan Castellanos-Reyes"),
    ("place", "Employer: Allegheny Tool and Die. Annual surveillance.", "Allegheny Tool and Die"),
    ("place", "Prior CXR was performed at OhioHealth Riverside.", "OhioHealth Riverside"),
    ("place", "Resides in Lake County, OH, with spouse.", "Lake County, OH"),
    ("place", "Pre-employment film for Tri-State Masonry workers.", "Tri-State Masonry"),
    ("contact", "Call back 414/555/0199 after 5 pm.", "414/555/0199"),
    # from the fourteenth held-out round: an age's words, a second date, sign-offs, yards, work places
    ("age", "Patient is 97 years old, from a nursing facility.", "97 years old"),
    ("age", "Female, aged 102, with cough.", "aged 102"),
    ("date", "COMPARISON: 11/04 and 10/30, both portable.", "10/30"),
    ("name", "Final: Whitcombe. Prelim: Ferreira.", "Whitcombe"),
    ("name", "No change from prior. Agree. Lindqvist", "Lindqvist"),
    ("place", "Former welder at the Charleston Navy Yard.", "Charleston Navy Yard"),
    ("place", "lives in Somerville, works in Chelsea at a bakery.", "Chelsea"),
    # identifiers found by their neighbours (``phi_context``)
    ("name", "DICT: 02/11/2025  TRANS: 02/12/2025  PQW/jnb", "PQW"),
    ("name", "DICT: 02/11/2025  TRANS: 02/12/2025  PQW/jnb", "jnb"),
    ("name", "Preliminary read: VKT; final read pending.", "VKT"),
    ("name", "Transcriptionist: hgw", "hgw"),
    ("name", "TX: 05/06/2024 14:02 rqf", "rqf"),
    ("name", "cc: Dr. Ingrid Solberg, Abernathy and Quarshie.", "Quarshie"),
    ("name", "Case reviewed with Dr. Yevgenia Shostak and Mbeki at the multidisciplinary conference.", "Mbeki"),
    ("name", "Patient: Harlan Two Crows Jr 58 M  chest pain", "Harlan Two Crows Jr"),
    ("name", "Indication: Rosario Quintanilla, 44F, fever.", "Rosario Quintanilla"),
    ("korean_name", "崔秀賢 님 외부 필름 판독.", "崔秀賢"),
    ("korean_name", "Outside film of 黃仁哲 reviewed.", "黃仁哲"),
    ("korean_name", "변지호 (卞智浩) 환자 전원.", "卞智浩"),
    ("korean_name", "한서진으로부터 전원 요청.", "한서진"),
    ("date", "Sat., 7/19 fall at home.", "Sat"),
    ("id_number", "Dictation #A8812074 voice file", "A8812074"),
    ("id_number", "Job No: 7703418", "7703418"),
    ("contact", "Reading room x6620 for questions.", "x6620"),
    ("contact", "Call back x3-4471.", "x3-4471"),
    ("contact", "Beeper: #5127 overnight.", "5127"),
    ("name", "PT NAME: LITTLE HAWK, ROSALIE J   DOB: 02/02/1961", "LITTLE HAWK, ROSALIE J"),
    ("name", "Prior film (SITS TALL, BERNARD) reviewed.", "SITS TALL, BERNARD"),
    ("name", "Patient: Nadine Many Horses, seen in clinic.", "Nadine Many Horses"),
    ("name", "Positioning by orval begay, x-ray tech, limited by habitus.", "orval begay"),
    ("name", "Consent witnessed by Seo Ha-eun, charge nurse.", "Seo Ha-eun"),
    ("name", "Views obtained by ji-woo han (RT).", "ji-woo han"),
    ("name", "TECH: marlene tso", "marlene tso"),
    ("korean_name", "Patient 오건 (67/F) for follow-up.", "오건"),
    ("korean_name", "촬영: 장민서 / 검토: 배하린", "배하린"),
    ("place", "Referred by 평창군 대화보건지소.", "대화보건지소"),
    ("place", "Lives in Gapyeong-eup, Gapyeong-gun, Gyeonggi-do 12422.", "Gapyeong-eup, Gapyeong-gun, Gyeonggi-do"),
    ("place", "Outside CXR of 11 Sep 2020 (Wahpeton) for comparison.", "Wahpeton"),
    ("name", "Chaplain Doe Htoo Wah present during the exam.", "Doe Htoo Wah"),
    ("name", "Identity confirmed with applicant Ma. Corazon Villaruel.", "Ma. Corazon Villaruel"),
    ("name", "Signature of Md. Shafiqul Islam obtained.", "Md. Shafiqul Islam"),
    ("name", "Statement taken from Quispe, Eustaquio (claimant).", "Quispe, Eustaquio"),
    ("korean_name", "검진자명 여운철", "여운철"),
    ("date", "Exam date (dd/mm/yyyy): 21 / 06 / 2022", "21 / 06 / 2022"),
    ("age", "(93 y) female, fall", "93"),
    ("place", "Outside read from Cumberland Valley Medical Services.", "Cumberland Valley Medical Services"),
    ("place", "Roof bolter at the Twin Forks No. 7 Mine for 22 years.", "Twin Forks No. 7 Mine"),
    ("place", "반월국가산업단지 내 도금 공장 근무.", "반월국가산업단지"),
    ("name", "Images reviewed with Kou Chee Xiong, father, at bedside.", "Kou Chee Xiong"),
    ("name", "Lee Seo-yeon's father signed the consent.", "Lee Seo-yeon"),
    ("name", "Dictated by Reginald Ashworth Jr., MD", "Reginald Ashworth Jr"),
    ("korean_name", "보호자: 모 방지수, 부 엄태준", "엄태준"),
    ("date", "Unchanged from the prior film (9/28).", "9/28"),
    ("place", "Mailing address: HC 64 Box 12, Beattyville, KY", "HC 64 Box 12"),
    ("place", "Transferred from Children's Mercy Kansas City overnight.", "Children's Mercy Kansas City"),
    ("place", "Outside films from Shriners Hospital for Children were reviewed.", "Shriners Hospital for Children"),
    ("place", "Family from Phillips, Minneapolis, MN 55404.", "Phillips"),
    ("place", "Lives on Busan-si Haeundae-gu Centum-ro 55.", "Busan-si Haeundae-gu Centum-ro 55"),
    ("contact", "카카오톡 ID: doyun_appa77 로 연락 요망.", "doyun_appa77"),
    ("name", "Seen by nurse practitioner Juniper Sky Whitecloud today.", "Juniper Sky Whitecloud"),
    ("name", "Mr. Min-ho Gu was repositioned.", "Gu"),
    ("korean_name", "Fellow 탁서윤, Attending 변지훈", "탁서윤"),
    ("korean_name", "병장 옥태민 흉부 촬영 시행.", "옥태민"),
    ("korean_name", "담당 간호사 육하린에게 전달.", "육하린"),
    ("date", "Finalized 2023-11-02 08:14:55 EST", "08:14:55"),
    ("id_number", "Service No. AF 12 345 678 on the old record.", "AF 12 345 678"),
    ("id_number", "EDIPI: 1234567890", "1234567890"),
    ("place", "Home address 87-15 Parsons Blvd, Jamaica, NY 11432", "87-15 Parsons Blvd"),
    ("place", "부산광역시 해운대구 센텀중앙로 79 (우동)", "우동"),
    ("place", "Old films from Tacoma General Hospital.", "Tacoma General Hospital"),
    ("place", "Deployed to Bagram Airfield in 2011.", "Bagram"),
    ("place", "Followed at the Bend CBOC for COPD.", "Bend CBOC"),
    ("place", "Outside study from Presbyterian-St. Luke's, CD imported.", "Presbyterian-St. Luke's"),
    ("contact", "KakaoTalk ID mokpo_gran55 for updates.", "mokpo_gran55"),
    ("name", "Registered as UNKNOWN, BRAVO 2231 until identified.", "BRAVO 2231"),
    ("name", "Trooper Kowalczyk accompanied the patient.", "Kowalczyk"),
    ("name", "Vietnamese interpreter #5521 (Thuy) assisted.", "Thuy"),
    ("place", "Held by the Maricopa County Sheriff's Office.", "Maricopa County Sheriff's Office"),
    ("place", "Records requested by Law Offices of Brennan & Vogel.", "Brennan & Vogel"),
    ("place", "Claim filed with Erie Insurance; employer Gulf Coast Fabricators.", "Gulf Coast Fabricators"),
    ("place", "Sleeps at the Union Gospel Mission most nights.", "Union Gospel Mission"),
    ("place", "(주)한솔정밀 생산직 근로자 검진.", "한솔정밀"),
    ("name", "pt name: delia r. winterbourne   portable", "winterbourne"),
    ("name", "order placed by carla ostrowski, np, for cough", "carla ostrowski"),
    ("name", "The insurer's case manager, Celeste Rainwater, requested films.", "Celeste Rainwater"),
    ("korean_name", "Compared with the outside CT (방서진) from 2022.", "방서진"),
    ("korean_name", "Ref. Dr.: 탁윤서 / Rad.: 편도윤", "편도윤"),
    ("korean_name", "성 명 : 육태호", "육태호"),
    ("korean_name", "구급대원 엄재석 동승.", "엄재석"),
    ("age", "나이: 93", "93"),
    ("date", "Comparison: Feb 9 2022, Nov 30 2021.", "Feb 9 2022"),
    ("id_number", "Social security number (last four digits): 7731", "7731"),
    ("place", "Letterhead: 1840 US-41 S, Naples, FL 34102", "1840 US-41 S"),
    ("place", "Lives in the Fishtown section of Philadelphia.", "Fishtown"),
    ("place", "Referred by General Hospital, Camden, NJ 08103.", "General Hospital"),
    ("place", "검진기관: 새봄건강검진센터 분당점", "분당점"),
    ("place", "Retired to Cary, North Carolina last year.", "Cary"),
    ("place", "Lives at Willow Creek Retirement Community.", "Willow Creek Retirement Community"),
    ("place", "Sleeping at the House of Hope shelter.", "House of Hope"),
    ("name", "Per Grace, the patient's wife, the cough started last week.", "Grace"),
    ("name", "History from son-in-law (Tunde Bakare) at the bedside.", "Tunde Bakare"),
    ("korean_name", "환자명: 바야르마 (BAYARMAA), 몽골 협력병원", "BAYARMAA"),
    ("korean_name", "보호자: 뚜언안 (아내)", "뚜언안"),
    ("korean_name", "판독의 서명: 용재혁", "용재혁"),
    ("date", "Outside study of 4.XI.2022 for comparison.", "4.XI.2022"),
    ("id_number", "Nursing Council Reg. No. 44821", "44821"),
    ("place", "Cover from Hobart, Tasmania overnight.", "Hobart"),
    ("place", "Born in Erdenet, Mongolia.", "Erdenet"),
    ("place", "Referral from Bệnh viện Nhi Đồng for review.", "Nhi Đồng"),
    ("place", "Drive from Visalia to Lemoore took an hour.", "Lemoore"),
    ("place", "Reported from our Dunedin office.", "Dunedin"),
    ("place", "Patient is in Room 214, Building B of the facility.", "214"),
    ("contact", "Priors: radshare.vn/case?id=HN-2231", "radshare.vn/case?id=HN-2231"),
    ("korean_name", "환자: 투르순바예바 굴나라 흉부 촬영", "투르순바예바 굴나라"),
    ("place", "다르항 협력병원에서 전원된 환자.", "다르항"),
    ("contact", "Reading room 614.293.8812, after hours.", "614.293.8812"),
    ("place", "Resides on the Fort Berthold reservation.", "Fort Berthold reservation"),
    # heldout25/26 studied by class (each in other wordings than the set's)
    ("name", "Agree with the resident's read.\n— Vasquez-Tull", "Vasquez-Tull"),
    ("name", "Final read by Dr. Zia ud Din Qureshi.", "Zia ud Din Qureshi"),
    ("name", "Called to Abdullah bin Nasser, the on-call pulmonary fellow.", "Abdullah bin Nasser"),
    ("name", "Films reviewed with Okonjo, the covering night float intern.", "Okonjo"),
    ("name", "PV1|1|I|4W^412^B||||88123^FARRUGIA^DANIELA^R^^^MD", "FARRUGIA^DANIELA"),
    ("name", "PV1|1|I|4W^412^B||||88123^FARRUGIA^DANIELA^R^^^MD", "88123"),
    ("korean_name", "흉부외과 레지던트 반소율입니다. 확인 부탁드립니다.", "반소율"),
    ("korean_name", "신청자명: 편서준 (아들)", "편서준"),
    ("age", "Her son says she is now 97 and still gardens.", "97"),
    ("age", "Celebrated his 101st birthday last month.", "101"),
    ("contact", "Questions: text Vocera 51882 or page #3307.", "51882"),
    ("contact", "Questions: text Vocera 51882 or page #3307.", "3307"),
    ("id_number", "Signed: Radiologist, GMC 6104432", "6104432"),
    ("id_number", "판독의 면허번호 81234", "81234"),
    ("place", "Resident of Bethany Home for the Blind since the stroke.", "Bethany Home for the Blind"),
    ("place", "Transferred from Sequoia Healthcare District by ambulance.", "Sequoia Healthcare District"),
    ("place", "Prior CT at PeaceHealth, Eugene OR.", "PeaceHealth"),
    ("place", "Prior CT at PeaceHealth, Eugene OR.", "Eugene"),
    ("place", "ORDERING SITE: MERCY GENERAL HOSPITAL, SACRAMENTO, CA", "SACRAMENTO"),
    ("place", "Retired to Sault Ste. Marie; prior films from Eau Claire, WI 54701.", "Eau Claire"),
    # heldout27/28 studied by class (each in other wordings than the set's)
    ("name", "Per the chart, Wendell 'Sonny' Thibodeaux was the driver.", "Wendell 'Sonny' Thibodeaux"),
    ("name", "Mother Rosalind (Roz) Abernathy consented by phone.", "Rosalind (Roz) Abernathy"),
    ("name", "Addendum entered by Fontenot, Clarisse, DO after review.", "Fontenot, Clarisse"),
    ("name", "FINAL REPORT SIGNED BY: BOUDREAUX MD, LUCIEN", "BOUDREAUX MD, LUCIEN"),
    ("name", "Tech initials: KJB, PTW.", "KJB, PTW"),
    ("name", "Goes by his chosen name Teddy at the clinic.", "Teddy"),
    ("name", "Read by: Ines Q. Haraldsen\nApproved: IQH; final.", "IQH"),
    ("name", "Story per shift supervisor Dolph Arceneaux at the plant.", "Dolph Arceneaux"),
    ("name", "Addendum by Dr. Marguerite St. Amour regarding the line.", "Marguerite St. Amour"),
    ("korean_name", "Patient: CHOI, MI-RAE (walk-in)", "CHOI, MI-RAE"),
    ("korean_name", "Romanised on the wristband as SEO YOON HA.", "SEO YOON HA"),
    ("korean_name", "작성자 탁유진, 승인자 변하람", "탁유진"),
    ("korean_name", "작성자 탁유진, 승인자 변하람", "변하람"),
    ("korean_name", "팜 반 득(Pham Van Duc) 님, 통역 동반.", "팜 반 득"),
    ("date", "Stamp: 19 Aug 2024, 06:40 EDT.", "06:40"),
    ("date", "Prior film 2024-07-30 (화) 09:12 reviewed.", "09:12"),
    ("date", "Portable obtained 11FEB2025 2315 in the unit.", "2315"),
    ("date", "Compared with the film of the fourth of May two thousand twenty three.", "two thousand twenty three"),
    ("date", "Discharged the weekend of Labor Day 2024.", "weekend of Labor Day 2024"),
    ("date", "Imaged in late summer 2023 at the outside clinic.", "2023"),
    ("date", "Listed on 3.iv.2024 for transplant.", "3.iv.2024"),
    ("date", "Rapport du 14 février 2025 joint.", "14 février 2025"),
    ("date", "추석 연휴 직전(2024년) 촬영분과 비교.", "2024"),
    ("id_number", "Transport ID: QWRT519 logged.", "QWRT519"),
    ("id_number", "Truck plate TX 884 KLM noted in the EMS run sheet.", "TX 884 KLM"),
    ("id_number", "Sent from station AE title RAD_PORT2 overnight.", "RAD_PORT2"),
    ("contact", "Call center 504-555-0199 poste 21.", "21"),
    ("age", "Son notes he is now ninety-six.", "ninety-six"),
    ("age", "Living alone in his ninety-third year.", "ninety-third"),
    ("age", "Nonagenarian (97) with hip fracture; CXR preop.", "97"),
    ("age", "아흔세 살 할아버지, 기침.", "아흔세"),
    ("place", "Welder for Bayside Shipbuilders since 1990.", "Bayside Shipbuilders"),
    ("place", "Lives at Shady Oaks Mobile Home Park, lot 9.", "Shady Oaks Mobile Home Park"),
    ("place", "Flown in from Port Sulphur by helicopter.", "Port Sulphur"),
    ("place", "Deckhand on the M/V Lady Gretchen.", "Lady Gretchen"),
    ("place", "Crew member on the Eugene Island 330 platform.", "Eugene Island 330"),
    ("place", "Slipped on the dock at Jumunjin harbor.", "Jumunjin"),
    ("place", "Outside films: Sacred Heart Hospital - Pensacola campus.", "Pensacola"),
    ("place", "Former teacher at P.S. 87 in Astoria.", "87"),
    ("place", "Daughter lives in Zürich.", "Zürich"),
    ("place", "Referred from the Hôpital de soins palliatifs de Laval.", "Laval"),
    ("address", "Domicile: 2240 rue Sherbrooke, Montréal.", "2240"),
    ("address", "주소 부산 해운대구 우동 1408-2번지", "번지"),
    # heldout29 studied by class (each in other wordings than the set's)
    ("name", 'Emergency contact: Dolores "Dee Dee" Arrieta (sister)', 'Dolores "Dee Dee" Arrieta'),
    ("name", "Agree with the findings above. Joy Price, MD", "Joy Price"),
    ("name", "Typed by kmw on the evening shift.", "kmw"),
    ("name", "Film reviewed and signed J. Tsosie before discharge.", "J. Tsosie"),
    ("name", '"2026-01-09","ACC551","ETCHEVERRY M","XR CHEST 1V"', "ETCHEVERRY M"),
    ("korean_name", "곽말자 환자 흉부 촬영 시행.", "곽말자"),
    ("date", "Injured on the Fourth of July 2024 by a firework.", "Fourth of July 2024"),
    ("date", "Kicked by a horse at the county fair on Frontier Day 2023.", "Frontier Day 2023"),
    ("date", "2025년 추석 연휴 중 낙상.", "2025"),
    ("age", "Admitted after her 97th birthday dinner.", "97th birthday"),
    ("place", "Hauler for Black Butte Coal & Minerals since 2001.", "Black Butte Coal & Minerals"),
    ("place", "Thrown from a horse at the Double Diamond Ranch.", "Double Diamond Ranch"),
    ("place", "Tree well immersion at Big Sky Resort.", "Big Sky Resort"),
    ("place", "Climbing accident near Hetch Hetchy Valley.", "Hetch Hetchy"),
    ("place", "Seasonal worker in Kanab; desert dust exposure.", "Kanab"),
    ("place", "공군 제19전투비행단 의무대에서 의뢰.", "제19전투비행단"),
    ("place", "소속: 동해제강 압연부", "동해제강"),
    # heldout30 studied by class (each in other wordings than the set's)
    ("name", "REFERRING: van der Berg, Anneke MD", "van der Berg"),
    ("name", "FELLOW: Haugen, Will\nINDICATION: cough.", "Will"),
    ("name", 'Booked as ROY "DUKE" STANKIEWICZ at intake.', 'ROY "DUKE" STANKIEWICZ'),
    ("name", "She asks to be called Waabigwan (preferred name).", "Waabigwan"),
    ("name", "DICT: R. Oyelaran  T: 0715/kjh", "kjh"),
    ("name", "Legacy name field: Ma*** Ko******ka", "Ma*** Ko******ka"),
    ("name", "Patient Naomi Fisher-Yoder (Old Order) seen after a buggy accident.", "Naomi Fisher-Yoder"),
    ("name", "Patient Name: Vang, Pa Nhia\nHISTORY: cough.", "Pa Nhia"),
    ("korean_name", "환자명: 쿠즈네초바 안나", "안나"),
    ("korean_name", "환자 에르덴바타르 바트자르갈 (몽골) 내원.", "에르덴바타르 바트자르갈"),
    ("korean_name", "통역사 김스베틀라나 선생님과 함께 촬영.", "김스베틀라나"),
    ("korean_name", "환자 왕 팡 (王芳) 님 추적 촬영.", "왕 팡"),
    ("date", "Prior from mid-March 2023 not available.", "mid-March 2023"),
    ("date", "Hurt the Sunday after Easter 2024 on the farm.", "Sunday after Easter 2024"),
    ("id_number", "Pacemaker interrogation 55127 reviewed; lead impedance normal.", "55127"),
    ("age", "Resident is ninety-two, per the nursing note. Ninety Four male in bed 2.", "Ninety Four"),
    ("age", "Age: ***** (97 on the intake form)", "97"),
    ("place", "Hometown: Cloquet; works at the Brainerd paper mill.", "Cloquet"),
    ("place", "Ice-fishing 6 miles off Isle Royale when he fell through.", "Isle Royale"),
    ("place", "Outside report header: Karaganda Regional Hospital No. 3", "3"),
    ("place", "Seen at the Cedar Rapids free clinic last week.", "Cedar Rapids"),
    ("place", "Transferred from Red Lake Indian Health Service hospital.", "hospital"),
    ("address", "거주지: 연수구 송도과학로 85, C동 305호", "C동 305호"),
    ("address", "Farm on State Hwy 61 north of town.", "State Hwy 61"),
    # names that are also in the Korean word list (famous people): a word inside them is no common word first
    ("korean_name", "환자 박지성 확인.", "박지성"),
    ("korean_name", "Dr. 이승기 판독.", "이승기"),
    # classes of the misses of heldout31 and heldout32, in other wordings
    ("name", 'Spoke with her brother, Tesfaye ("Tess") Woldemariam, at bedside.', 'Tesfaye ("Tess") Woldemariam'),
    ("name", "Case reviewed with Dr. Grant Church before discharge.", "Grant Church"),
    ("name", "MOTHER AT BEDSIDE: LUCIA FERNANDA ORTIZ DE LA CRUZ.", "LUCIA FERNANDA ORTIZ DE LA CRUZ"),
    ("name", "ordering md: reyes, tomas j", "reyes, tomas j"),
    ("name", "Old films are filed under maiden name OKONKWO.", "OKONKWO"),
    ("name", 'Patient states her name as "Miss Dottie" today.', "Miss Dottie"),
    ("date", "Last film was three weeks after Thanksgiving 2023.", "three weeks after Thanksgiving 2023"),
    ("date", "Prior exam over the Labor Day weekend 2024.", "Labor Day weekend 2024"),
    ("date", "Comparison: Lunar New Year's Day 2025 portable film.", "Lunar New Year's Day 2025"),
    ("date", "cough since october 2021 per family", "october 2021"),
    ("date", "Read at 09:15 on 2024-07-04 (Independence Day).", "2024-07-04 (Independence Day)"),
    ("date", "촬영일시 2025-03-09 오전 9:40", "2025-03-09 오전 9:40"),
    ("date", "YOB: 1928", "1928"),
    ("contact", "Cell 617•555•0142 (daughter)", "617•555•0142"),
    ("contact", "라인 아이디 nurse_kim82 으로 연락", "nurse_kim82"),
    ("place", "Works at the Ocean Bay Container Terminal loading cranes.", "Ocean Bay Container Terminal"),
    ("place", "Injured in the pit lane at Magnolia Raceway.", "Magnolia Raceway"),
    ("place", "Crew member, docked at Port of Tacoma last week.", "Port of Tacoma"),
    (
        "place",
        "MOUNTAIN VIEW REGIONAL MEDICAL CENTER OF THE NORTH VALLEY - IMAGING",
        "MOUNTAIN VIEW REGIONAL MEDICAL CENTER OF THE NORTH VALLEY",
    ),
    ("place", "거주지 인근 은빛호수공원에서 산책 중 넘어짐", "은빛호수공원"),
    ("place", "직장: 새솔바이오연구소 (실험실 근무)", "새솔바이오연구소"),
    ("place", "캠프 케이시 인근 거주", "캠프 케이시"),
    ("place", "from st. augustine beach, shrimp boat deckhand", "st. augustine beach"),
    ("place", "port of savannah dock worker, asbestos exposure", "port of savannah"),
    ("place", "Assigned to the 82nd Airborne at the time of injury.", "82nd Airborne"),
    ("place", "Works the night shift at Tallwood poultry processing, Okeechobee.", "Okeechobee"),
    ("age", "A widow in her mid nineties (95), bedbound.", "mid nineties (95)"),
    ("korean_name", "보호자 예서준 동석하에 촬영", "예서준"),
    ("korean_name", "환자 본인(봉지아)에게 결과 설명", "봉지아"),
    # heldout33/34's classes (issue 26), in other wordings: field values, newborn tags, half-masked and kinship
    # names, vessels, HL7 authorities, MAC addresses, the edges of a masked name, place or number
    (
        "name",
        "Collateral history from the grandson, Sunny Halvorsen-Tuilagi, at the bedside.",
        "Sunny Halvorsen-Tuilagi",
    ),
    ("name", "Supervising: Field, Grace -- addendum to follow", "Field, Grace"),
    ("name", '{"patient": "Hawk, Joseph Running", "exam": "CXR"}', "Hawk, Joseph Running"),
    ("name", "Pt: Rosalinda (Rosie) Quinones-Batista, cannery worker", "Rosalinda (Rosie) Quinones-Batista"),
    ("name", "Approved by: Dr. Minh Khoa Pham-Okafor", "Minh Khoa Pham-Okafor"),
    ("name", "MORALES QUINTERO, ANA DE LAS MERCEDES   M   XR CHEST", "MORALES QUINTERO, ANA DE LAS MERCEDES"),
    ("name", "Typed by: rkq | reviewed", "rkq"),
    ("name", "Scribe present: Holly Frost, RN.", "Holly Frost"),
    ("name", "PATIENT: BG ABERNATHY-COLE (TWIN A)", "ABERNATHY-COLE"),
    ("name", "Babyboy Tuimavave, day of life 3, on CPAP.", "Tuimavave"),
    ("name", 'Mother calls her Baby "Peanut" at the bedside.', "Peanut"),
    ("name", "first_name=Faith last_name=STONEBRIDGE view=PA", "Faith"),
    ("name", "first_name=Faith last_name=STONEBRIDGE view=PA", "STONEBRIDGE"),
    ("name", "Transcribed by: mvo (Marisol Vega-Ortiz)", "Marisol Vega-Ortiz"),
    ("korean_name", "신생아 이OO 아기 인큐베이터 내 촬영.", "이OO"),
    ("korean_name", "엄마 응웬티투 (다문화가정) 통역 동반.", "응웬티투"),
    ("korean_name", "연락: 외할머니(채순덕)", "채순덕"),
    ("korean_name", "부: 카림 아흐마디, 모: 박소연", "카림 아흐마디"),
    ("korean_name", "남편 Nguyen Van Long (응우옌반롱) 씨 동의서 작성.", "응우옌반롱"),
    ("date", "Fell off the porch on Thanksgiving '24, films today.", "Thanksgiving '24"),
    ("date", "Comparison film from Labor Day is unchanged.", "Labor Day"),
    ("date", "Symptoms since Cinco de Mayo 2023.", "Cinco de Mayo 2023"),
    ("mrn", "Band ID: TLK 4471 0923", "TLK 4471 0923"),
    ("mrn", "PID|1||K7720041^^^NWMC^MR", "NWMC"),
    ("mrn", "Modality AET=PORTABLE_DR3 sent the images", "PORTABLE_DR3"),
    ("ip", "Detector MAC 3C-52-82-1F-9A-04 replaced.", "3C-52-82-1F-9A-04"),
    ("phone", "Callback tel:+1-907-555-0142;ext=27", "+1-907-555-0142;ext=27"),
    ("phone", "Celular de la abuela: 045 656 204 8813", "045 656 204 8813"),
    ("url", "Softphone: sips:night-read@172.16.4.20", "sips:night-read@172.16.4.20"),
    ("place", "Hometown: Unalakleet", "Unalakleet"),
    ("place", "zip=99576|city=Dillingham|sex=F", "Dillingham"),
    ("place", 'addr="14 Harbor View Rd|Sitka|AK|99835"', "14 Harbor View Rd|Sitka|AK|99835"),
    ("place", "Deckhand aboard F/V Kestrel Bay since spring.", "Kestrel Bay"),
    ("place", "Crew of the M/V Aurora Spirit out of Cordova.", "Cordova"),
    ("place", "선박: 제12 동성호 선원, 갑판 작업 중 낙상.", "제12 동성호"),
    ("place", "거제시 일운면 보건진료소에서 의뢰.", "거제시 일운면 보건진료소"),
    ("place", "별빛어린이집 원아, 발열.", "별빛어린이집"),
    ("place", "Transferred from Bayside Women's and Children's Hospital.", "Bayside Women's and Children's Hospital"),
    ("place", "Employer: Chatham Salmon & Smoke", "Chatham Salmon & Smoke"),
    ("place", "Prior films at Peace Arch Hospital (White Rock, BC).", "White Rock, BC"),
    ("address", "Domicilio: Av. Juarez 118, Col. Centro, C.P. 87000, Ciudad Victoria.", "87000"),
    ("age", "age=96|sex=F|loc=4W", "96"),
    ("age", "Patient age: 90.2 years", "90.2"),
    ("age", "NINETYTWO y/o female, fall.", "NINETYTWO"),
    # heldout35/36's classes (issue 26), in other wordings: role labels, HL7 persons, other scripts, Hangul and Latin
    # writings of one name, week numbers and quarters, spelled dates, DICOM dumps and XML fields, towns and states
    ("name", "Reviewed: K. Nakamura / B. Oyelaran (adjudication).", "B. Oyelaran"),
    ("name", "Physician of record:\nFORTUNE\nA HOLLOWAY", "FORTUNE"),
    ("name", "/s/ Noa bat Shimon, MD", "Noa bat Shimon"),
    ("name", "Tech: Mason; QA: Carter.", "Carter"),
    ("name", "Verified by: J. Church", "J. Church"),
    ("name", "OBR|1|||71045|||||||||||PRICE^T^R|", "PRICE^T^R"),
    ("name", "Film repeated for motion. —kmw", "kmw"),
    ("name", "Worker (last | first | MI): Combs | Arlo | J", "Combs | Arlo | J"),
    ("name", "READER: Whitt-\nHammond, B.", "Whitt-\nHammond, B."),
    ("name", "Client: Pt Thet Thet Oo (Karen refugee) for TB screen.", "Thet Thet Oo"),
    ("name", "Patient (from outside CD): Mar***la Kowalczyk", "Mar***la Kowalczyk"),
    ("name", "Interpreter note: محمد الأمين signed consent.", "محمد الأمين"),
    ("name", "Family contact: Олег Петренко (brother)", "Олег Петренко"),
    ("korean_name", "판독의: 황보 지훈 / 확인: 독고 은비", "황보 지훈"),
    ("korean_name", "미얀마 국적 아웅 산 흘라 환자 입국 검진.", "아웅 산 흘라"),
    ("korean_name", "근로자 타파 수만(THAPA SUMAN) 씨 채용 검진.", "타파 수만"),
    ("korean_name", "Nepali worker THAPA Suman (타파 수만) for pre-employment film.", "THAPA Suman"),
    ("date", "Screened wk 22 / 2024 at the county fair unit.", "wk 22 / 2024"),
    ("date", "Compare with the Q1 FY23 surveillance film.", "Q1 FY23"),
    ("date", "Annual film, 3rd quarter of fiscal 2023.", "3rd quarter of fiscal 2023"),
    ("date", "Disc received on the twelfth of October, twenty twenty-four.", "twelfth of October, twenty twenty-four"),
    ("date", "Portable CXR 11/2 2315 after line placement.", "11/2 2315"),
    ("date", "5월 중순 타 병원 CT 있음.", "5월 중순"),
    ("date", "DATE OF EXAM: 07 | 14 | 24", "07 | 14 | 24"),
    ("date", "2024년 11월 2일(토) 오후 3시 15분 촬영", "2024년 11월 2일(토) 오후 3시 15분"),
    ("date", "Prior CXR from Thanksgiving last year.", "Thanksgiving last year"),
    ("age", "AGE 097   SEX M", "097"),
    ("age", "Age at screening: 91 years 7 months", "91 years 7 months"),
    ("age", "아흔세 살 할머니, 낙상 후 촬영.", "아흔세 살"),
    ("age", '{"AGE": 93, "SEX": "M"}', "93"),
    ("mrn", "(0010,0020) LO [PT-55810-K]", "PT-55810-K"),
    ("place", "(0008,0080) LO [LAKESIDE PULMONARY GROUP]", "LAKESIDE PULMONARY GROUP"),
    ("mrn", "CPF 521.408.913-07 informado", "521.408.913-07"),
    (
        "phone",
        "Callback read back as four-one-two, five-five-five, zero-one-nine-eight.",
        "four-one-two, five-five-five, zero-one-nine-eight",
    ),
    ("url", "Images pushed from host pacs-gw-02.hosp.internal overnight.", "pacs-gw-02.hosp.internal"),
    ("mrn", "Accession\tXR24\t118203", "118203"),
    ("mrn", "Case ref: WV-BL-2291/24", "WV-BL-2291/24"),
    ("place", "Tbilisi cell +995 555 12 34 56", "Tbilisi"),
    ("place", "Fell at home in Hazard, Perry County.", "Hazard"),
    ("place", "Mobile unit at the Paintsville site (Johnson Co. fairgrounds).", "Johnson Co."),
    ("place", "Attended P.S. 89 in Elmhurst.", "P.S. 89"),
    ("place", "Former employer: Ridgeline Hosiery Co., Mount Airy NC", "Mount Airy NC"),
    ("place", "<City>Hazard</City><State>KY</State>", "Hazard"),
    ("place", '{"facility": "Cumberland Valley Lung Program", "city": "Harlan"}', "Cumberland Valley Lung Program"),
    ("place", '{"facility": "Cumberland Valley Lung Program", "city": "Harlan"}', "Harlan"),
    ("place", "Referred from Pike County Health Department.", "Pike County Health Department"),
    ("place", "Transferred from Rambam Health Care Campus, Haifa.", "Haifa"),
    ("place", "사북광업소 근무 18년.", "사북광업소"),
    ("place", "Adres: ul. Piotrkowska 104 m. 7, 90-006 Łódź; tel. domowy", "ul. Piotrkowska 104 m. 7, 90-006 Łódź"),
    # heldout37/38's classes (issue 26), in other wordings: Gaelic and Welsh particles, maiden names, a name in two
    # scripts, UK bleeps and phones, NHS boards, embassies, CJK and Korean postal addresses, ages in other languages
    ("name", "Discussed with Patience Okoro, RN, at the bedside.", "Patience Okoro"),
    ("name", "Reporter: Dr Cathal Ó Murchú", "Cathal Ó Murchú"),
    ("name", '"ACC","PATIENT"\n"RX5521","DOYLE, SIOBHAN ""SHIVVY"""', "SHIVVY"),
    ("name", "Passport name: TSERENDORJ BOLD / Цэрэндорж Болд", "TSERENDORJ BOLD"),
    ("name", "Passport name: TSERENDORJ BOLD / Цэрэндорж Болд", "Цэрэндорж Болд"),
    ("name", "Mrs. Leilani Akana (née Kahale) seen today.", "Kahale"),
    ("name", "/s/ Gwenllian ap Rhys MB BCh FRCR", "Gwenllian ap Rhys"),
    ("date", "Compared with the Burns Night film, unchanged.", "Burns Night"),
    ("date", "Seen on Día de los Muertos 2024 at the clinic.", "Día de los Muertos 2024"),
    ("date", "Previous: 12.xi.24, stable.", "12.xi.24"),
    ("age", "Edad: noventa y cuatro años", "noventa y cuatro"),
    ("age", "Возраст: 95 лет", "95"),
    ("mrn", "CHI: 170455 3321 (board)", "170455 3321"),
    ("mrn", "Passport\t81\t5520931", "5520931"),
    ("phone", "If urgent, bleep 5521 (on-call SpR).", "5521"),
    ("phone", "Tel. (01970) 623 131 — reception", "(01970) 623 131"),
    ("place", "Ordering: Dr Ewan Baird, NHS Fife", "NHS Fife"),
    ("place", "Referred via the Embassy of Kazakhstan in Seoul.", "Embassy of Kazakhstan"),
    ("place", "주한 카자흐스탄 대사관 통해 의뢰.", "주한 카자흐스탄 대사관"),
    ("address", "제주시 연동 12길 7, 201호 (우: 63125)", "63125"),
    ("address", "户籍地址：中国吉林省长春市朝阳区88号", "中国吉林省长春市朝阳区88号"),
    # heldout39's classes (Francophone and Latin-American exports): foreign month abbreviations, ids with a check
    # character, extension words after a phone
    ("date", "Comparé au cliché du 9 janv. 2024, stable.", "9 janv. 2024"),
    ("date", "F. nac.: 14/dic/1951", "14/dic/1951"),
    ("date", "Raio-X anterior de 03-out-2023 sem alterações.", "03-out-2023"),
    ("mrn", "RUT: 9.876.543-K (paciente)", "9.876.543-K"),
    ("mrn", "NIE del paciente 4567890-L", "4567890-L"),
    ("phone", "Llamar al (02) 2345-6789 int. 431 para resultados.", "(02) 2345-6789 int. 431"),
    ("phone", "Bip de garde : 418-555-0199 #2210", "418-555-0199 #2210"),
    ("age", "Madame de quatre-vingt-seize ans, chute à domicile.", "quatre-vingt-seize"),
    ("age", "Paciente de noventa y cuatro años con disnea.", "noventa y cuatro"),
    ("age", "Senhora de cem anos, acamada.", "cem anos"),
    # a French institution with the adjective of its kind before a hyphenated place name
    ("place", "Transféré du Centre Hospitalier régional Saint-Aubin-des-Bois hier.", "Saint-Aubin-des-Bois"),
    ("place", "Prior film from Hôpital universitaire Mont-Joli-Est, no change.", "Mont-Joli-Est"),
    ("place", "Vue à la Clinique d'imagerie des Trois-Pistoles ce matin.", "Trois-Pistoles"),
    ("place", "Teaches at École primaire Sainte-Luce-sur-Mer.", "Sainte-Luce-sur-Mer"),
    ("place", "Employed at Scierie Bouchard et Frères since the spring.", "Bouchard et Frères"),
    ("place", "Suivi au Centre de santé de Lamèque pour la toux.", "Lamèque"),
    ("place", "Works at the Chantier naval de Petit-Rocher as a welder.", "Petit-Rocher"),
    # a part of a name after its label, a common word too
    ("name", "Surname: Baker. Given name: Rose.", "Baker"),
    ("name", "Given name: Rose, surname on file.", "Rose"),
    ("name", "nombre Lucía, apellidos Rosa Blanco", "Rosa Blanco"),
    ("name", "Maiden name Glass per the old chart.", "Glass"),
    # the time of a masked date in French, Spanish and Portuguese, and military time after "@"
    ("date", "Cliché fait le 12 avril 2025 à 14 h 10, comparé.", "14 h 10"),
    ("date", "Placa del 8/9/2025 a las 23:40 sin cambios.", "23:40"),
    ("date", "Film obtained 11/02/2025 @ 2215 after the fall.", "2215"),
    # a weekday before a date in French, Spanish and Portuguese
    ("date", "Radiographie du jeudi 16 octobre 2025 : normale.", "jeudi"),
    ("date", "Control del miércoles 5 de noviembre estable.", "miércoles"),
    ("date", "Exame de quinta-feira 9 de outubro de 2025 normal.", "quinta-feira"),
    # holidays of other countries, a national adjective before one, and a day counted from one
    ("date", "Cough since the Fête nationale 2024, worse now.", "Fête nationale 2024"),
    ("date", "Dolor desde la Semana Santa de 2025.", "Semana Santa de 2025"),
    ("date", "Seen the week after American Thanksgiving 2024 for fever.", "American Thanksgiving 2024"),
    # a unit of an address in French, Spanish and Portuguese, and Colombian and kilometre addresses
    ("place", 'Domicilio: Calle Ayacucho 1540, depto 3 "C", Rosario.', "depto 3"),
    ("place", "Adresse : 55 rue Notre-Dame, appartement 12, Gatineau.", "appartement 12"),
    ("place", "Reside na Rua Augusta 900, apto 71, São Paulo.", "apto 71"),
    ("place", "Dirección: Calle 45 Sur No. 23-18, Medellín", "Calle 45 Sur No. 23-18"),
    ("place", "Finca El Roble, km 8 Carretera a Tepic.", "km 8"),
    # a campus, a floor or room in Korean, and a facility's head noun after an institution's masked name
    ("place", "Seen at Hospital Regional de Alta Especialidad, sede oriente, for cough.", "sede oriente"),
    ("place", "주소: 대전광역시 유성구 대학로 99, 12층 (궁동)", "12층"),
    ("place", "Referred from the Pondera County jail infirmary for cough.", "infirmary"),
    # a hotel named in Hangul with its room, and a region code after a foreign postal code
    ("place", "숙소: 해운대 오션뷰 호텔 907호", "해운대 오션뷰 호텔"),
    ("place", "Domicilio: Av. Santa Fe 2200, C1123AAF CABA", "CABA"),
    # a Quebec health card in letters and digit groups, a DICOM node's AE title
    ("mrn", "Carte santé : BOUC 6810 2244 (expire 2027)", "BOUC 6810 2244"),
    ("ip", "Images pushed to 10.20.30.40:11112 (AE NORTHSTAR_PACS)", "NORTHSTAR_PACS"),
    ("mrn", "Cartão Nacional de Saúde 702 4051 8862 3317", "702 4051 8862 3317"),
    # Chinese, Japanese-era, Taiwanese and Vietnamese dates, a two-digit year in Korean text, and their times
    ("date", "撮影日: 令和7年11月20日", "令和7年11月20日"),
    ("date", "上次检查 2025年12月3日 对比", "2025年12月3日"),
    ("date", "來院日 民國114年5月6日", "民國114年5月6日"),
    ("date", "前回: H29.7.15 と比較", "H29.7.15"),
    ("date", "Chụp lại vào ngày 12 tháng 5 năm 2025.", "12 tháng 5 năm 2025"),
    ("date", "직전 검사 25.11.20과 비교 시 호전.", "25.11.20"),
    ("date", "复查 2025/11/20 上午9:40", "上午9:40"),
    ("date", "Fever since the weekend after Lunar New Year last year.", "weekend after Lunar New Year last year"),
    # ages over 89 in Vietnamese, Tagalog, Chinese and Japanese units
    ("age", "Cụ ông 94 tuổi, khó thở.", "94 tuổi"),
    ("age", "Lolo is 96 anyos gulang.", "96 anyos gulang"),
    ("age", "患者 91岁 男性, 咳嗽。", "91岁"),
    # a Korean name before a military rank, military offices and units, a student residence with its rooms
    ("korean_name", "정태윤 소령 판독 후 협진.", "정태윤"),
    ("place", "부산지방병무청 신체검사 시 촬영.", "부산지방병무청"),
    ("place", "제12보병사단 의무대에서 후송.", "제12보병사단"),
    ("place", "주소: 광주광역시 북구 용봉로 77, 제2생활관 5동 302호", "5동 302호"),
    # the name a patient also goes by, a business named with report words, "ngày" before a date
    ("name", "Mr. Tran Van Minh (Vietnamese name; English name Kevin) seen.", "Kevin"),
    ("place", "Employed at Golden Lung Herbal Supply for 10 years.", "Golden Lung Herbal Supply"),
    ("date", "Phim cũ ngày 15/08/2025 không thay đổi.", "ngày 15/08/2025"),
    # Islamic, Persian, Hebrew and Turkish months with a day or a year; Solar Hijri numbers; Hebrew years
    ("date", "Outside film of 3 Jumada al-Akhirah 1446 AH reviewed.", "3 Jumada al-Akhirah 1446 AH"),
    ("date", "Prior CT Farvardin 22, 1403 per the translation.", "Farvardin 22, 1403"),
    ("date", "Symptoms since 7 Kislev 5785.", "7 Kislev 5785"),
    ("date", "Önceki tetkik 11 Ağustos 2025 ile karşılaştırıldı.", "11 Ağustos 2025"),
    ("date", "Fever began in early Shawwal 1446, per son.", "early Shawwal 1446"),
    ("date", "Outside report dated 1403/09/21 (Iran).", "1403/09/21"),
    ("date", "Admitted over Yom Kippur 5785 with dyspnea.", "Yom Kippur 5785"),
    ("date", "Cough since returning from Umrah 2025.", "Umrah 2025"),
    # Arabic-Indic and Persian digits read as the digits they are
    ("mrn", "Iqama no. ٢٣٤٥٦٧٨٩٠١", "٢٣٤٥٦٧٨٩٠١"),
    ("age", "Outside note: سن ۹۷", "۹۷"),
    ("age", "Hasta 95 yaşında, yatağa bağımlı.", "95"),
    # a year/serial number, address units of the Gulf (villa, flat, tower, office), a house number after a street,
    # and a region or district named before its kind
    ("mrn", "Dosya no: 2025/118204", "2025/118204"),
    ("place", "Residence: Al Barsha South, Villa C-7, Dubai", "Villa C-7"),
    ("place", "Work: Khalifa Street, Tower 2, Office 905, Abu Dhabi", "Office 905"),
    ("place", "Abai Ave 150, flat 12, Astana", "flat 12"),
    ("place", "Family farm in the Fergana region since 2010.", "Fergana region"),
    # a label with a note in parentheses, a name after a title that starts with a particle in lower case
    ("name", "Guardian (per consent form): Farida Nazarova", "Farida Nazarova"),
    ("name", "Read with Dr. d'Almeida-Khan before sign-out.", "d'Almeida-Khan"),
    # a town after a sentence-initial "From", a town's numbered subdivision, a given name after more staff roles
    ("place", "From Llanidloes; referred for a chest film.", "Llanidloes"),
    ("place", "Address: Chingeltei district, khoroo 7, Ulaanbaatar", "khoroo 7"),
    ("name", "Positioned by radiographer Eluned for the lateral view.", "Eluned"),
    # line and paragraph separators end a line; a facility's kind between its name and its noun; lodging; typists'
    # and checkers' initials; a given name in capitals after a masked surname; in-law kin; an id's last segment
    ("name", "Signed\u2028Dr. Orsolya\u2028Vandermeulen", "Vandermeulen"),
    ("place", "Films brought from the Blue Heron family clinic.", "Blue Heron"),
    ("place", "Referred by the Silver Fern outpatient dispensary.", "Silver Fern"),
    ("place", "Staying at the Sea Breeze motel with family.", "Sea Breeze"),
    ("place", "Accommodation: Blue Lagoon Suites", "Blue Lagoon Suites"),
    ("name", "Keyed: tmw   Proofed: LBR", "tmw"),
    ("name", "Checked: RJV", "RJV"),
    ("name", "AL-HARBI, NASSER -- portable", "NASSER"),
    ("name", "Call daughter-in-law Precious with results.", "Precious"),
    ("mrn", "Accession: 2025.11.0932.DX", "2025.11.0932.DX"),
    # a town before a colon and a phone, ages said by a birthday verb or in words with digits, routes in
    # capitals, a town of a name's shape after "from"
    ("place", "Brother in Coimbatore: +91 94430 12345", "Coimbatore"),
    ("age", "Turned 96 last week; cough.", "96"),
    ("age", "Ninety-one (91) years of age, frail.", "Ninety-one (91)"),
    ("place", "RESIDES OFF STATE HWY 118 NEAR TOWN", "STATE HWY 118"),
    ("place", "Elderly man from Kaʻū, fever and cough.", "Kaʻū"),
    # numbers read out digit by digit; staff after role labels and credentials (records, sonography); short
    # surnames after a sign verb; a particle surname before a masked given name; a given name before a fixed-width
    # field's gap; quoted nicknames; an alias of an animal or a colour and its number
    ("mrn", "MRN per caller: six two zero one four four eight", "six two zero one four four eight"),
    ("phone", "callback at nine one nine, five five five, two two four zero", "nine one nine, five five five"),
    ("name", "Prepared by: Lucinda Redcloud, RHIA", "Lucinda Redcloud"),
    ("name", "Sonographer: MAPLE LEAF STANDINGBEAR, RDMS", "MAPLE LEAF STANDINGBEAR"),
    ("name", "Transport: Bing; RN: Marisol Tantoco", "Bing"),
    ("name", "fellow prelim: k. oduya / staff: m. reinholt", "reinholt"),
    ("name", "Verified A. Ma / signed J. Wu", "Ma"),
    ("name", "Attending: van den Berg, Willem, MD", "van den Berg"),
    ("name", "PATIENT: Kowal***, Teresa    ACC: 55512", "Teresa"),
    ("name", 'Reviewed with Dr. Rosalind "Roz" Abernethy.', "Abernethy"),
    ("name", 'Pt: Okafor, Chidi ("CJ") seen today', "CJ"),
    ("name", 'Band reads "UNKNOWN, ZEBRA 14"', "ZEBRA 14"),
    ("name", "Referred by Dr. Gianna Cannella.", "Cannella"),
    # a firm named for its trade; a town of a town's shape (in capitals, in lower case) or opened by a compass
    # word; numbered streets and sites; a police report's block; addresses in lower case; a zip told as such;
    # a cruise ship; a hyphenated place's second half; labels of unions and campuses; spelled dates in lower case
    ("place", "Drives for Halvorsen Freight out of Fargo.", "Halvorsen Freight"),
    ("place", "RETIRED FARMER FROM NEAR CASSELTON, ND", "CASSELTON"),
    ("place", "seen last month at a clinic in estherville; cough", "estherville"),
    ("place", "Camping near North Fork Kaweah when cough began.", "North Fork Kaweah"),
    ("place", "Works nights at the 145th Street Depot.", "145th Street Depot"),
    ("place", "Injured at Hangar 14 during a tire change.", "Hangar 14"),
    ("place", "Apartment at 3300 block of Burnside Ave.", "3300 block of Burnside Ave"),
    ("place", "home: 412 pine hollow rd apt 2c, salem or 97301", "412 pine hollow rd apt 2c"),
    ("place", "home: 412 pine hollow rd apt 2c, salem or 97301", "salem or 97301"),
    ("place", "Lives in the 98109 zip code.", "98109"),
    ("place", "Crew of the cruise ship MS Coral Dawn.", "Coral Dawn"),
    ("place", "Transfer from Raleigh-Durham International Airport clinic.", "Raleigh-Durham International Airport"),
    ("place", "Union: SEIU Local 1199", "SEIU Local 1199"),
    ("date", "seen at the outside clinic on october second twenty twenty four", "october second twenty twenty four"),
    # HL7 segments' identifying fields by position; readers' initials after "by"; a time before or after a date;
    # a given name opening a parenthesis; a login; a local number after a call cue; a prison by its state code;
    # spelled dates in capitals; a month with an apostrophe year; a month and day after a verb of time; religious
    # hospitals and an institution's "of the" tail; a county in lower case; d' places; towns of a town's shape that
    # are rare words; a town's particles before a masked state and zip
    ("place", "PID|1||55123^^^MERCYHOSP^MR||HALVORSEN^INGRID^M||19410212|F|||77 Elm Rd^^Decorah^IA^52101", "Decorah"),
    ("name", "NK1|1|HALVORSEN^PER|SPO|77 Elm Rd^^Decorah^IA^52101|(563)555-0142", "HALVORSEN^PER"),
    ("name", "OBR|1|||71046^XR CHEST 2V|||||||||||||5522^OYELOWO^FUNMI^^^DR|", "OYELOWO^FUNMI"),
    ("name", "Preliminary read by KTM (fellow); final by DWR.", "KTM"),
    ("date", "Paged the team at 14:22 on 2/11/2026.", "14:22"),
    ("date", "Comparison: radiograph March 2, 2026 at 06:40.", "06:40"),
    ("name", "History from the group home (Darlene at the desk).", "Darlene"),
    ("name", "Exported by: kvoss | Page 2", "kvoss"),
    ("phone", "PLEASE CALL 555 0199 X14", "555 0199"),
    ("place", "Transferred from MCF-Stillwater intake.", "Stillwater"),
    ("date", "EXAM DATE: JUNE NINTH, 2025", "JUNE NINTH, 2025"),
    ("date", "Last CT in Sept '23 was stable.", "Sept '23"),
    ("date", "Portable film repeated 11/14 after line placement.", "11/14"),
    ("place", "Transferred from Good Samaritan of the Valley overnight.", "Good Samaritan of the Valley"),
    ("place", "farm in rural mahaska county", "mahaska"),
    ("place", "Referred from Kootenai Health, Coeur d'Alene.", "Coeur d'Alene"),
    ("place", "Lives in Carrington.", "Carrington"),
    ("place", "Mailing: PO Box 9, Prairie du Chien, WI 53821", "Prairie du Chien"),
    # a Hangul name in quotes before an honorific or after a spelling label; the first word of a foreign name after
    # a role; a two-syllable name after 판독의사; given-name syllables of newer names (가, 봄, 설, ...)
    ("korean_name", "몽골 국적 '바트 에르덴' 님 내원.", "바트 에르덴"),
    ("korean_name", "한글 표기 '카리모프 자수르' 확인함.", "카리모프 자수르"),
    ("korean_name", "통역사 나디아 페트로바 선생님 입회.", "나디아 페트로바"),
    ("korean_name", "판독의사 석훈 (영상의학과)", "석훈"),
    ("korean_name", "보호자 문가영 씨에게 설명함.", "문가영"),
    # a kin's name before a reporting verb; a surname and an initial after a sign verb; reader/typist initials on a
    # D:/T: footer; Korean native ages; more holidays; Mon-DD-YYYY; area/number phones; an option after a phone;
    # "identifier" labels; Spanish universities; a month and day after a procedure verb; a month and an apostrophe
    # year after "of"; an island before a phone; a port after "out of"
    ("name", "Mother Xiomara Quintanilla reports a fever.", "Xiomara Quintanilla"),
    ("name", "Read by Oyelowo T | Verified Brandt K", "Oyelowo T"),
    ("name", "D: 04/01/2026 08:10  T: 04/01/2026 09:02  jrw/km", "jrw"),
    ("age", "아흔넷 되신 할아버지 내원.", "아흔넷"),
    ("date", "Fall at home on Good Friday; films the next day.", "Good Friday"),
    ("date", "Comparison: Nov-19-2025", "Nov-19-2025"),
    ("phone", "Callback 919/555-0142", "919/555-0142"),
    ("phone", "Scheduling: (505) 555-0177, option 3", "option 3"),
    ("mrn", "Clinic identifier: K7731", "K7731"),
    ("place", "Visiting scholar at Universidad de Guanajuato.", "Universidad de Guanajuato"),
    ("date", "Chest tube placed 09/14 and removed 09/17.", "09/14"),
    ("date", "Symptoms since oct. of '24.", "oct. of '24"),
    ("place", "Daughter on Terceira +351 295 555 010", "Terceira"),
    ("place", "Crab boat out of Bandon, chronic cough.", "Bandon"),
    # a listed given name that is a common word before a credential; a rare surname before 환자분; Korean
    # addresses by their units without a number; a date's parts in cells after its label; sites named by their kind
    # (waterfront, ski patrol); a VA hospital by its town
    ("name", "Ordered per Grant Holloway, PA; attending", "Grant Holloway"),
    ("korean_name", "정서윤 환자분 재촬영 예정.", "정서윤"),
    ("place", "거주지 양양군 현북면 하광정리", "양양군 현북면 하광정리"),
    ("place", "광주광역시 북구 거주", "광주광역시 북구"),
    ("date", "Study date 2025\t11\t09", "2025\t11\t09"),
    ("place", "Deckhand; injured on the Gloucester waterfront.", "Gloucester"),
    ("place", "Mad River ski patrol member, fell.", "Mad River"),
    ("place", "Referred from the Omaha VA clinic.", "Omaha"),
    # an id's trailing letters and its opening segments; a date-time's zone; a week of a masked month (English
    # and Korean); a vessel by its kind; a union's local; a club's hall; a jail's name; an age in one word; a UDI
    ("id_number", "Provincial card 4410 228 391 QX on file.", "4410 228 391 QX"),
    ("id_number", "Authorization # PA/26/118204 approved.", "PA/26/118204"),
    ("date", "Finalized Tue 11/04/25 06:18 AM EST by the attending.", "Tue 11/04/25 06:18 AM EST"),
    ("date", "Recheck planned for the second week of August 2026.", "second week of August 2026"),
    ("date", "2026년 2월 넷째 주 재검 예정.", "2026년 2월 넷째 주"),
    ("place", "Cook on the tanker Marigold Spirit, anchored offshore.", "Marigold Spirit"),
    ("place", "Referred by IBEW Local 98 for asbestos screening.", "IBEW Local 98"),
    ("place", "Fell at the Croatian Hall dance on Saturday night.", "Croatian Hall"),
    ("place", "Intake film from the Suffolk County House of Correction.", "Suffolk County House of Correction"),
    ("age", "A supercentenarian, per her granddaughter; frail.", "supercentenarian"),
    (
        "id_number",
        "Implant UDI (01)10884521062856(17)281130(10)LT7741 scanned.",
        "(01)10884521062856(17)281130(10)LT7741",
    ),
    # a DICOM dump's attribute with its keyword before the value, any person-name (PN) attribute; a Hangul name
    # written as JSON escapes; a login with digits; a Korean two-digit-year date with one-digit month and day
    ("name", "(0008,0090) ReferringPhysicianName PN [OYELARAN^TEMITOPE^A]", "OYELARAN^TEMITOPE^A"),
    ("name", "(0040,A075) VerifyingObserverName PN [HALVORSEN^INGRID]", "HALVORSEN^INGRID"),
    ("place", "(0008,0080) InstitutionName LO [ST BRENDAN VALLEY HOSPITAL]", "ST BRENDAN VALLEY HOSPITAL"),
    ("korean_name", '{"name": "\\ubc15\\uc9c0\\uc6b0", "age": 44}', "\\ubc15\\uc9c0\\uc6b0"),
    ("name", "Report viewed by user: mtorrance22 at the kiosk.", "mtorrance22"),
    ("date", "직전 검사: 24.7.9 흉부 사진과 비교.", "24.7.9"),
    ("place", "어머니는 햇살가득 주야간보호센터를 다니심.", "햇살가득 주야간보호센터"),
    # a form's shape with an id's length stays an id, document words after it or not
    ("mrn", "Worklist: CR-204117 Chest X-ray 2 views, portable.", "CR-204117"),
    ("mrn", "Order QX-58213 Chest PA/LAT scheduled.", "QX-58213"),
    # a small town whose words are English words, after a place cue (phi_towns: every town over 500 people)
    ("place", "Retired teacher who lives outside Cut Bank; no asbestos exposure.", "Cut Bank"),
    ("place", "Grain elevator worker from Glen Ullin, dust exposure.", "Glen Ullin"),
    ("place", "Place of birth: Liberty\nEXAM: CXR PA/LAT", "Liberty"),
    # a small town of one rare English word after a strong cue, in capitals too
    ("place", "Sheep rancher who lives north of Tonopah; dust exposure.", "Tonopah"),
    ("place", "PATIENT LIVES IN ROUNDUP, TRANSPORTED BY AIR.", "ROUNDUP"),
    # a work site named before its kind, the kind's words with it
    ("place", "Customs officer at the Tornillo port of entry; TB screening.", "Tornillo port of entry"),
    ("place", "Loader at the Sheyenne Valley elevator, grain dust exposure.", "Sheyenne Valley elevator"),
    ("place", "Welded hulls at the Bath Iron yard for 20 years.", "Bath Iron"),
    # Korean apartments, and a county or island with its village
    ("place", "햇빛마을아파트 203동 거주, 계단에서 미끄러짐.", "햇빛마을아파트"),
    ("place", "완도군 노화읍 출신 어민으로 흡연력 있음.", "완도군 노화읍"),
    # dates: a weekday before a month/day, a month between slashes, other languages' months, a range's year
    ("date", "Fever began Thurs 11/9 per mother, worse since.", "Thurs 11/9"),
    ("date", "OUTSIDE FILM DATED 17/MAR/2023, NOT AVAILABLE.", "17/MAR/2023"),
    ("date", "Certificate shows 4 janvye 2019; Philippine card: 12 Hunyo 2020.", "4 janvye 2019"),
    ("date", "Hospitalised Aug 3-9, 2022 for pneumonia.", "Aug 3-9, 2022"),
    # dictated and other dates: a day in words with its month and year, a year after "born", "the 3RD", "19. 9. 2024"
    ("date", "dob four march nineteen thirty-eight per son", "four march nineteen thirty-eight"),
    ("date", "Patient born nineteen twenty-nine in a village abroad.", "nineteen twenty-nine"),
    ("date", "COMPARISON: OCTOBER THE 21ST, UNCHANGED.", "OCTOBER THE 21ST"),
    ("date", "Prethodni nalaz od 3. 11. 2023. bez promjena.", "3. 11. 2023"),
    # an age in a worklist's cell before the sex's cell, an age in quotes after a copula
    ("age", "| 4 | 97 | M | XR CHEST 1V | ED |", "97"),
    ("age", 'Daughter says she is "nearly 95" and lives alone.', "95"),
    # contacts: a national prefix before an area code, a military address, a box before its town and zip
    ("phone", "Tel. casa 01 (871) 555 2290, hermana.", "01 (871) 555 2290"),
    ("address", "Ship films to PSC 473 Box 12, FPO AE 09618.", "PSC 473 Box 12, FPO AE 09618"),
    ("address", "Mailing: Box 118, Kivalina AK 99750", "Box 118"),
    # ages of the people around the patient, after a copula or in apposition at a sentence's end
    ("age", "Lives with great-grandpa, who is 96; grandma is 93 too.", "96"),
    ("age", "Lives with grandma, who is ninety-two.", "ninety-two"),
    ("age", "Primary caregiver is her aunt, 94.", "94"),
    # contacts: a number's last group and a pager's pin after it, a state's zip after a masked town
    ("phone", "Daughter's cell: 011 63 (917) 553 0192", "011 63 (917) 553 0192"),
    ("phone", "On-call pager 1-800-555-0166 pin 3391.", "3391"),
    # Plains and Southwest nations' surnames of two English words, after the given name or before it
    ("name", "PER RN TAMMY STANDING ELK PT PULLED THE LINE", "TAMMY STANDING ELK"),
    ("name", "Two Bulls, Marcus -- portable chest, ETT check", "Two Bulls, Marcus"),
    # a place named before its kind: a settlement, a shelter in an armory, a market after a masked name
    ("place", "Grew up at the Molokai settlement, later moved.", "Molokai"),
    ("place", "Staying at the Fort-Washington Armory shelter since May.", "Fort-Washington Armory"),
    ("place", "Forklift driver at the Jessup Point Seafood Market, cold exposure.", "Jessup Point Seafood Market"),
    # in capitals, a city after "TO" that is a rare word; a Philippine city by its name without "City"
    ("place", "PATIENT COMMUTES DAILY TO TIJUANA FOR DIALYSIS.", "TIJUANA"),
    ("place", "Mother lives in Iloilo and sends remittances.", "Iloilo"),
    # a Hutterite colony by its kind, the year of a move after the masked place, a Korean farm by its kind
    ("place", "Transferred from Rosedale Colony, Mitchell area.", "Rosedale Colony"),
    ("date", "Raised in Batangas, immigrated to Daly City in 2004.", "2004"),
    ("place", "상주시 거주, 햇살포도농원 운영 중 농약 노출.", "햇살포도농원"),
    # the rest of a Korean address after its masked units: a village, a complex, a market, a range
    ("place", "고양시 일산동구 별빛마을 9단지에서 낙상.", "별빛마을 9단지"),
    ("place", "홍천군 서석면 풍암리 거주, 옥수수 농사.", "풍암리"),
    ("place", "대구 중구 남산동 서문시장 상인, 먼지 노출.", "서문시장"),
    # a capitalised word between two masked parts of a name, the rest of a name before a colon
    ("name", "Interpreter: Chan Dara Mony Sok (Khmer) present for consent.", "Chan Dara Mony Sok"),
    # a given name joined by "and" to a masked full name
    ("name", "Obinna and Adaeze Okoro brought the twins in for films.", "Obinna"),
    ("name", "Consent from grandmother Zuleika and grandfather Teodor Wisniewski.", "Zuleika"),
    # a signer's initials, or surname and initial, after a signing verb and "by"
    ("name", "FINAL REPORT SIGNED BY TQW AFTER REVIEW.", "TQW"),
    ("name", "Addendum entered by WILLOUGHBY K at 1400.", "WILLOUGHBY K"),
    # the rest of a name between the masked part and a delimiter
    ("name", "Per charge nurse Talia Whitebird-Redhorse; tube advanced 2 cm.", "Talia Whitebird-Redhorse"),
    ("name", "Please call me back re the outside films. thanks, Marisela", "Marisela"),
    # a rarer surname's full name after 환자 or 보호자 with a particle glued to it
    ("korean_name", "환자 채수아는 기침 2주로 내원함.", "채수아"),
    ("korean_name", "보호자 엄규식은 설명 듣고 귀가함.", "엄규식"),
    # a tribal nation by what follows its name
    ("place", "He is an enrolled Hualapai tribal citizen and ranch hand.", "Hualapai"),
    ("place", "Member of the Pechanga Band of Indians, works at the resort.", "Pechanga"),
    # a chat or call log's speaker column: after a time stamp, or on two or more lines
    ("name", "[16:40] tsegaye: films uploaded\n[16:41] marisa: thanks", "tsegaye"),
    ("name", "thread:\nOyelaran: can you re-read the portable?\nMbatha: on it", "Oyelaran"),
    # a name after a role before a colon (what the person said follows), after any staff role
    ("name", "Per night RN Okafor-Lutz: patient desatted to 84%.", "Okafor-Lutz"),
    ("name", "Line position confirmed by RT Abernathy-Cole at 0415.", "Abernathy-Cole"),
    ("name", "Discussed with case manager Ifeoma Chukwu re placement.", "Ifeoma Chukwu"),
    # a day in words before a month and a year in digits
    ("date", "pt born seven august 1934 per family", "seven august 1934"),
    # a named lodging, halfway house, subdivision or school by its kind; a business's name after its ampersand
    ("place", "Family placed at the Cedar Ridge Extended Stay after the fire.", "Cedar Ridge Extended Stay"),
    ("place", "Released to the Harborview halfway house on Monday.", "Harborview halfway house"),
    ("place", "Grew up in the Whispering Pines Subdivision near the plant.", "Whispering Pines Subdivision"),
    ("place", "Senior at Okolona Central High, plays linebacker.", "Okolona Central High"),
    ("place", "Night clerk at the Sandpiper Motor Inn & Suites.", "Sandpiper Motor Inn & Suites"),
    # an age under a key of any form
    ("age", "AGE AT TIME OF STUDY: 98", "98"),
    ("age", "PATIENT_AGE=101;SEX=F", "101"),
    ("age", "the caller said her father's ninety-three and very frail", "ninety-three"),
    # a surname opening a sentence before what only a person does
    ("name", "Ekwueme denies hemoptysis or weight loss.", "Ekwueme"),
    ("name", "Szczepanski was transferred to the step-down unit overnight.", "Szczepanski"),
    # a name in brackets right after a role or a relation, any case
    ("name", "plan cleared with the nocturnist (okpara) at 0300", "okpara"),
    ("name", "left a voicemail for the daughter (bronwyn) re: results", "bronwyn"),
    # a typed given name before a masked surname; a romanised Korean name written as one word
    ("name", "portable taken by tech gary abernathy-mills at the bedside", "gary abernathy-mills"),
    ("korean_name", "worklist: choi seoyeon | f | chest 2v", "choi seoyeon"),
    # Korean: a full name before a role after it, a rarer surname before a particle only a person takes, a named
    # village's complex
    ("korean_name", "권태윤 병장 흉부 X선 이상 없음.", "권태윤"),
    ("korean_name", "추연희에게 결과 설명함.", "추연희"),
    ("place", "별내마을 3단지 아파트 거주, 흡연력 없음.", "별내마을 3단지 아파트"),
    # a lower-case town of common words after a cue of residence
    ("place", "she moved from castle rock last spring", "castle rock"),
    # a village's co-op after its masked name, a street's kind after a masked street, in any case
    ("place", "영동군 양강면 농협 하나로마트 직원, 분진 노출", "영동군 양강면 농협"),
    ("place", "apartment on magazine st near the bus stop", "magazine st"),
    # a given name in capitals before a worklist's gap, a Karen name's first word, an initial and a typed surname
    ("name", "BRANDVOLD-ASHE, WINIFRED M      F      DX CHEST 2V", "BRANDVOLD-ASHE, WINIFRED M"),
    ("name", "Interpreter Saw Ler Wah present for consent.", "Saw Ler Wah"),
    ("name", "wound care per the note by t. vandermolen this am", "t. vandermolen"),
    # a place named after its kind, a compass word before a masked town, a town of the table around a masked word,
    # a workplace's kind after its masked name
    ("place", "Weekends at Lake of the Woods, otherwise at home.", "Lake of the Woods"),
    ("place", "Retired shrimper from Port Lavaca, lives alone.", "Port Lavaca"),
    ("place", "Address: 41 Elm, (south Tulsa) per intake.", "south Tulsa"),
    ("place", "home: dell rapids, sd per the face sheet", "dell rapids"),
    ("place", "Hauls cattle for the Hereford Feed Yard, dust exposure.", "Hereford Feed Yard"),
    # Korean religious names before their title (a dharma name has no surname), brand-named apartment complexes
    ("korean_name", "법운 스님께 검사 결과를 설명드림.", "법운"),
    ("korean_name", "베로니카 수녀님 흉부 촬영, 이상 없음.", "베로니카"),
    ("place", "힐스테이트 3단지 아파트 경비원, 분진 노출 없음.", "힐스테이트 3단지 아파트"),
    # churches and congregations by their form, a band's nation, a lower-case park by its kind
    ("place", "Ushers at Our Lady of Perpetual Help parish on Sundays.", "Our Lady of Perpetual Help parish"),
    ("place", "Cantor at Congregation Ohev Sholom, lives nearby.", "Congregation Ohev Sholom"),
    ("place", "Citizen of the Sycuan Band of the Kumeyaay Nation.", "Sycuan Band of the Kumeyaay"),
    ("place", "pt staying at the desert willow rv park since the fire", "desert willow rv park"),
    ("place", "Lives at Cielo Azul mobile home park with two sons.", "Cielo Azul mobile home park"),
    # an age of "hundred" without "one", an extension alone, an area code glued on, a date after a verb of
    # sending, a name after a message left for someone
    ("age", "a hundred-and-four year old resident of the home", "hundred-and-four"),
    ("phone", "Reach the daughter at work, ext. 318, afternoons.", "318"),
    ("phone", "text only: (915)5550143", "(915)5550143"),
    ("date", "Outside disc mailed 10/14 by the sending hospital.", "10/14"),
    ("name", "lvm for rosalind re: results, will retry", "rosalind"),
    # a rural box before its route, a rig's or a berth's number, a typed given name before a field's gap, a typist's
    # initials, an apartment community by its form
    ("address", "Mail to: Box 41, Rural Route 3, Wakita OK 73771", "Box 41, Rural Route 3"),
    ("place", "Derrickhand on the Copper Basin Rig 14, fell from the board.", "Copper Basin Rig 14"),
    ("name", "pt: hostetler, miriam   ref: dr. yoder   cxr 2v", "hostetler, miriam"),
    ("name", "Dictated by: Dr. Ames, MD / typed by jq", "jq"),
    ("place", "Moved into the Cottages at Willow Bend after the fall.", "Cottages at Willow Bend"),
    # a Korean county written without its unit, a name before 씨 and a particle
    ("place", "홍천에서 산불 진화 중 연기 흡입.", "홍천"),
    ("place", "영월 주천면 거주, 농사일.", "영월 주천면"),
    ("korean_name", "옥필순씨가 기침으로 내원함.", "옥필순"),
    # a clause of residence, work or origin: what follows a place preposition names a place unless its words are
    # all generic ("in a tent", "the shelter", "rural kansas")
    ("place", "Lives out on Pelican Key with her husband.", "Pelican Key"),
    ("place", "Found down behind the Marigold Laundromat by outreach.", "Marigold Laundromat"),
    ("place", "Works nights at the Kessler Ridge quarry.", "Kessler Ridge"),
    ("place", "A retired welder from Tunkhannock, here for cough.", "Tunkhannock"),
    ("place", "MEMBER OF THE QUINAULT NATION; LIVES NEAR TAHOLAH.", "TAHOLAH"),
    ("place", "Staying with her cousin at the Bluejay Court apartments, Fairhope.", "Bluejay Court"),
    ("place", "Came up from Cotulla for the harvest.", "Cotulla"),
    ("place", "Member of the Yurok community.", "Yurok"),
    ("place", "Sleeps in a doorway on Halsted near the bus depot.", "Halsted"),
    ("place", "A Matinicus resident, came by the mail boat.", "Matinicus"),
    # a field of residence and its towns, a direction from a town
    ("place", "HOMETOWN: WAPELLA  SCHOOL: ---", "WAPELLA"),
    ("place", "Housing: Quarry Hill trailer court, Ottumwa", "Ottumwa"),
    ("place", "Rolled his tractor 3 miles north of Pipestem on the county road.", "Pipestem"),
    # a phrase that holds a masked place holds its kind words too; the corner's other street; a road's number
    ("place", "Lives over the laundromat on Dumont and Halsey.", "Halsey"),
    ("place", "stays in a camper on cr 118 past the grain bins", "cr 118"),
    # a listed English word rarer than common use is a loanword or a name: a Spanish village's name
    ("place", "she is from los ojitos and herds sheep on the mesa", "los ojitos"),
    ("place", "Pt from Otter Landing, works at the cannery.", "Otter Landing"),
    ("date", "tube placed on the 9th of march per the flowsheet", "9th of march"),
    # a Korean clause of living or working: a place-shaped noun that is no common word
    ("place", "창신동 봉제공장 2층 거주, 분진 노출.", "창신동"),
    ("place", "부평역 지하상가에서 노숙 중 발견.", "부평역"),
    ("place", "자갈치시장 건어물 가게 근무 20년.", "자갈치시장"),
    ("place", "성주농협 하나로마트 근무.", "성주농협"),
    # a name before a parenthesised role of the people around a patient, its pair before "and"
    ("name", "Temirlan (driver) waited in the lobby.", "Temirlan"),
    ("name", "Odgerel and Batbayar (parents) at bedside.", "Odgerel"),
    ("name", "Novak, R. (tech) repeated the lateral.", "Novak"),
    # a name before what only a person does or is: translating, a person's age
    ("name", "Tserendorj translated; the patient held her breath well.", "Tserendorj"),
    ("name", "Kabongo wa Mutombo is a 61 y/o man with cough.", "Mutombo"),
    # a date's field in any layout, an id after dot leaders or a spaced dash
    ("date", "BIRTH DATE......11 02 29", "11 02 29"),
    ("date", "date of fall: second of march", "second of march"),
    ("date", "검사일 : 98. 7. 14.", "98. 7. 14"),
    ("date", "EXAM DATE: 3/ 9/91      TECH: ___", "3/ 9/91"),
    ("id_number", "Account No......A77120458", "A77120458"),
    ("id_number", "member id - K330 18 2204 (primary)", "K330 18 2204"),
    # a full Korean name of any surname and any given syllables next to a noun of a person
    ("korean_name", "편말순 환자 흉부 촬영 결과 확인 바랍니다.", "편말순"),
    ("korean_name", "간병인 탁끝녀는 야간에만 상주함.", "탁끝녀"),
    # foreign names in Hangul: before a kin's noun, a sex in brackets, a bare label, or opening a sentence
    ("korean_name", "쏙 찬티의 남편이 동의서에 서명함.", "쏙 찬티"),
    ("korean_name", "니샨 구룽(남), 기숙사 거주, 기침 3주.", "니샨 구룽"),
    ("korean_name", "성명 아지즈 카리모프 (우즈베키스탄)", "아지즈 카리모프"),
    ("korean_name", "통역 필요. 쁘라윗 분마는 태국어 통역을 요청함.", "쁘라윗 분마"),
    # an age after its key and a form's leaders; a weekday and its ordinal in lower case; a day after "w/"
    ("age", "Pt age (years) ...... 97", "97"),
    ("age", "Y/O: 101", "101"),
    ("date", "follow-up film planned thursday the 22nd", "thursday the 22nd"),
    ("date", "stable compared w/ 3/17, lines unchanged", "3/17"),
    ("name", "Findings reviewed w/ Szczepanski at 14:00.", "Szczepanski"),
    ("contact", "pgr 617-555-0190 then #3321", "3321"),
    # a place after a workplace or a trade ("a processing plant in", "a deckhand on a tug out of"), a lodge by its
    # number, a Korean county by its short name (in Hangul and romanised), a district's name before a complex
    ("place", "She packs shrimp at a processing plant in Bayou La Batre.", "Bayou La Batre"),
    ("place", "Works as a deckhand on a tug out of Cordova.", "Cordova"),
    ("place", "Pt is a dealer at the casino in Tunica.", "Tunica"),
    ("place", "Drinks at VFW Post 8870 most nights.", "VFW Post 8870"),
    ("place", "영덕 거주 어민, 기침 2주.", "영덕"),
    ("place", "outside films from yeongdeok reviewed", "yeongdeok"),
    ("place", "숙소: 오포 대림아파트, 동료와 동거", "오포 대림아파트"),
    # names by their position: before a credential, a surname and its initial between delimiters, initials
    # around a reader's role, a sign-off after a slash, a spelling correction, a Korean row or copula
    ("name", "spoke w/ haskins np about the line", "haskins"),
    ("name", "PRELIM -- OYELARAN T. -- NO ACUTE FINDINGS", "OYELARAN T."),
    ("name", "Wet read by resident (K.M.T.), no change.", "K.M.T."),
    ("name", "No interval change.  /RBW", "RBW"),
    ("name", "Note: last name is spelled Szewczyk, not Shevchik.", "Szewczyk"),
    ("korean_name", "성명/성별/나이: 변옥례/F/71", "변옥례"),
    ("korean_name", "주치의는 탁민서입니다.", "탁민서"),
    ("name", "Tech: RWB / Rad: pkn", "pkn"),
    ("name", "dw np lindqvist re: the line tip", "lindqvist"),
    ("date", "no rads since sun the 14th per family", "sun the 14th"),
    ("date", "INJURED ON MEMORIAL DAY 2022 AT THE LAKE", "MEMORIAL DAY 2022"),
    ("age", "DOB: MAR 3,1929 (95)", "95"),
    ("contact", "Celular (33) 1847-22-90, la hija", "(33) 1847-22-90"),
    ("contact", "HOME PHONE: (217) 555 - 0131", "(217) 555 - 0131"),
    ("contact", "Rte 2 Box 14, Oquawka IL", "Rte 2 Box 14, Oquawka IL"),
    (
        "place",
        "FORMER INMATE, HOLLIDAYSBURG STATE CORRECTIONAL INSTITUTION, TB CONTACT",
        "HOLLIDAYSBURG STATE CORRECTIONAL INSTITUTION",
    ),
    ("date", "mother says he was born may 9th, 1931 at home", "may 9th, 1931"),
    ("date", "Year of birth on the old chart - 1930", "1930"),
    ("contact", "pg 4471 when the film is up", "4471"),
    ("name", "d/w rn carla mooney, she agrees", "carla mooney"),
    ("name", "Prior echo read by cardiology (R. Oyelowo), EF 40%.", "R. Oyelowo"),
    ("name", "CXR requested per site manager Dilrukshi for the work permit.", "Dilrukshi"),
    ("korean_name", "통역사 나탈리야 페트렌코와 함께 설명함.", "나탈리야 페트렌코"),
    ("date", "repeat film planned for 3 march 2025 at the clinic", "3 march 2025"),
    ("date", "수술 예정일 4/17, 금식 안내함", "4/17"),
    ("date", "Appendectomy in the fall of '88, no sequelae.", "'88"),
    ("age", "The patient, aged 97, lives with her son.", "97"),
    ("age", "Daughter says she is around 94 and still gardens.", "94"),
    ("id_number", "Patient no. 20417 in the paper log", "20417"),
    ("name", "Tech: rsolis   QC: kpham3   Status: final", "kpham3"),
    ("name", "Oduya K.M. (fellow) reviewed the line position.", "Oduya K.M."),
    # a town whose name is also a drug's brand stays a town when no dose follows it
    ("place", "Lives in Norco with her daughter.", "Norco"),
    # a town that is a common word, named with its state's code after a place cue, any case
    ("place", "patient from plain, wi; dairy farmer", "plain, wi"),
    ("place", "RETIRED MINER FROM SUPERIOR, AZ.", "SUPERIOR, AZ"),
    # a phone's note of where it rings
    ("place", "Home phone 406-555-0188 (cell, Noxon)", "Noxon"),
    ("place", "연락처 010-5555-0198 (일산)", "일산"),
    # a birth year right after "born"; a month and day after "comparison with" or a Korean event's label
    ("date", "Born 1924 in a farmhouse, per daughter.", "1924"),
    ("date", "in comparison with 9/28 radiograph the line is unchanged", "9/28"),
    ("date", "퇴원: 3/15 예정, 외래 추적", "3/15"),
    ("age", "나이: 아흔하나, 보행 불가", "아흔하나"),
    # Korean islands by name, a Jeju volcanic cone, a post office box, a postal code after an address
    ("place", "보길도에서 배편으로 내원.", "보길도"),
    ("place", "흑산도 출신 어민, 기침 3주", "흑산도"),
    ("place", "새별오름 근처 목장에서 일함", "새별오름"),
    ("contact", "우편물: 완도우체국 사서함 27호로 발송", "완도우체국 사서함 27호"),
    ("contact", "주소: 경기도 성남시 분당구 판교역로 235 (13494)", "13494"),
    # names by a trade after them, a cue before lower-case given names, a credential, a checker's label, a
    # possessive before a relative, a hyphenated romanised given name after its surname
    ("name", "김순자 해녀가 물질 중 쓰러짐", "김순자"),
    ("name", "esigned by anne marie roy md", "anne marie roy"),
    ("name", "report called to Joy Hammer, RN at 14:10", "Joy Hammer"),
    ("name", "Tech: RB   QA: MKT   Retake approved", "MKT"),
    ("name", "Abdullah Saleh's daughter will bring the CD.", "Abdullah Saleh"),
    ("name", "CHOI, MI-SOOK    F    PORTABLE CHEST", "CHOI, MI-SOOK"),
    # a chat line's speaker, a told given name, a dash or "by" sign-off, a name opening a note before its frame
    ("name", "[07:15] Marisol: portable is up, pls look", "Marisol"),
    ("name", "line looks good, i paged kendra about it", "kendra"),
    ("name", "Study is on PACS now -- Lupe", "Lupe"),
    ("name", "Duplicate order removed by Chuy", "Chuy"),
    ("name", "ngozi okafor-bello presents with fever and cough", "ngozi okafor-bello"),
    ("name", "winnie longfellow is a 93 yo female with dyspnea", "winnie longfellow"),
    ("name", "VERIFIED: K. LONGBOTTOM", "K. LONGBOTTOM"),
    ("name", "fellow: dana r. / attending: m. iqbal", "dana r."),
    ("name", "Ruth Ann Beiler's prior films were reviewed.", "Ruth Ann Beiler"),
    ("name", "Interpreter Samira al-Khatib present.", "Samira al-Khatib"),
    ("name", "wet read by 하나 at 0300", "하나"),
    ("name", "dad (kevin doucet) at bedside", "kevin doucet"),
    # places: a Korean romanised unit, a lodging called its name, a Hangul place after an English cue, a villa and
    # its room, a common word's county after a cue, a listed town before "pt"
    ("place", "Resides in SEONGJU-GUN with son.", "SEONGJU-GUN"),
    ("place", "Lives at a trailer park called Pine Haven Estates.", "Pine Haven Estates"),
    ("place", "Fell near the 왜관 train station.", "왜관"),
    ("contact", "주소지: 구미시 그린빌 204호", "그린빌 204호"),
    ("place", "Kicked by a steer at the clay county fairgrounds.", "clay county"),
    # dates and ages: "b." before a year, a Korean birth year, a birth month and year, a month's day after an ordinal
    # in capitals, a lower-case "mar" with its day and year, a worded age in French or after a Spanish label, "100+"
    ("date", "Pt b. 1933, widowed.", "1933"),
    ("date", "1941년생 남자, 객혈.", "1941"),
    ("date", "DOB (mm/yy): 11/39", "11/39"),
    ("date", "INJURED ON THE 3RD OF MAY AT WORK", "3RD OF MAY"),
    ("date", "d.o.b. 12 mar 41 per wristband", "12 mar 41"),
    ("age", "elle a quatre-vingt-quinze ans", "quatre-vingt-quinze"),
    ("age", "Edad: noventa y cinco", "noventa y cinco"),
    ("age", "101+ years old per her church", "101"),
    ("age", "Veteran, 97, from the VA home", "97"),
    # round three's classes in other wordings: a read's reader in brackets, a typist pair before the times, a
    # nickname and surname in a form, a county after a masked town, a phone's owner's office, a callback pin, a
    # prisoner's number, a worded age set off by commas, a named workplace before its kind, a spoken birth year
    ("name", "Prelim read (Okonjo): small effusion.", "Okonjo"),
    ("name", 'Patient: Rosario "Chayo" Villanueva   MRN: 0041', 'Rosario "Chayo" Villanueva'),
    ("place", "Lives in Ragland, Pike County; farms cattle.", "Pike County"),
    ("place", "+1-505-555-0111 (daughter's office, Crownpoint)", "Crownpoint"),
    ("id_number", "OFFENDER # B-55-1190, escorted by two officers", "B-55-1190"),
    ("age", "Grandfather, a hundred and one, lives with his son.", "a hundred and one"),
    ("place", "He sorts parcels at the Riverbend distribution center.", "Riverbend"),
    ("date", "DOB: nineteen thirty-one, per daughter", "nineteen thirty-one"),
    # round four's: a highway contract route, a box's postcode, a preferred name, a hyphenated nickname in capitals,
    # a surname before "jr.", a role's lower-case given name and surname after "by", a second tech's initials, a
    # community or lease by its name, a Korean school, a company building, a shop run in a 동, a name before "was
    # brought in"
    ("contact", "Mail to HCR 71 Box 9, Smithville OK 74957", "HCR 71 Box 9, Smithville OK 74957"),
    ("contact", "우편: 부산우체국 사서함 88호 (48900)", "48900"),
    ("name", "Patient identifies as Jordy; legal name on file.", "Jordy"),
    ("name", "amos plenty jr. presents with chest pain", "amos plenty"),
    ("name", "ordered by physician assistant wren mccready for cough", "wren mccready"),
    ("place", "He lives in the Pawnee Bill community near the lake.", "Pawnee Bill"),
    ("place", "자녀 학교: 솔빛국제학교 재학", "솔빛국제학교"),
    ("place", "근무지: 광교사옥 12층", "광교사옥"),
    ("place", "신흥동에서 세탁소 운영", "신흥동"),
    ("name", "Cheveyo Tsosie was brought in after a fall from a horse.", "Cheveyo Tsosie"),
    # round five's: a Korean birth year with 년생, a spoken birth year after "Birthdate:", an officer's name
    ("date", "출생: 1929년생 (호적상)", "1929년생"),
    ("date", "Date of birth: nineteen thirty-eight, June the fifth", "nineteen thirty-eight"),
    ("name", "escorted; per officer marcus delacroix the cuffs stay on", "marcus delacroix"),
    # round six's: a rarer surname's full name after a person's role or before a record, at a sentence's start;
    # named Korean gathering places and the 동 before them, numbered districts, unlisted islands by a resident's
    # word, firms after an employer's cue; a lower-case source or subject of what was said; Korean month.day after
    # an exam; pagers, number labels and employees' numbers; ordinal streets, town before a checkpoint, barrios
    ("korean_name", "작업반장 탁민경과 면담 후 귀가 조치.", "탁민경"),
    ("korean_name", "의뢰자 편승우 / 연락: 병동", "편승우"),
    ("korean_name", "변정호의 이전 영상과 비교하여 호전.", "변정호"),
    ("korean_name", "묵은 필름 없음. 옥서윤은 외부 CD 지참.", "옥서윤"),
    ("place", "망원시장 상인, 기침 3주.", "망원시장"),
    ("place", "출석: 갈현동 새빛교회", "갈현동"),
    ("place", "솔향기 고시원 3층 거주", "솔향기"),
    ("place", "장위4구역 철거민 임시거처", "장위4구역"),
    ("place", "어청리 건너 소두방도 주민으로 배편 내원", "소두방도"),
    ("place", "하청업체 대양마린 소속 용접공", "대양마린"),
    ("place", "동백항운 하역 작업 중 추락", "동백항운"),
    ("name", "per tenzing, pain began after lifting", "tenzing"),
    ("name", "nurse states Oyunbileg was up all night coughing", "Oyunbileg"),
    ("date", "지난번 촬영(11.04)보다 음영 증가.", "11.04"),
    ("contact", "야간 삐삐 6620 으로 호출", "6620"),
    ("id_number", "일련번호 kx31-7702 확인", "kx31-7702"),
    ("id_number", "payroll # (cannery) 55813 on the intake form", "55813"),
    ("id_number", "DICOM UID tail ...1.3.12.2.1107.5.2.30.2201", "1.3.12.2.1107.5.2.30.2201"),
    ("place", "grew up off East 104th by the projects", "East 104th"),
    ("place", "detained at the Sarita checkpoint overnight", "Sarita"),
    ("place", "family still in zona 18 of guatemala city", "zona 18"),
    ("place", "hometown la esperanza, came north in 2009", "la esperanza"),
    # round seven's: a short word between two masked parts of a name, Burmese, Chin and Karen syllable names,
    # two transliterated Hangul words before a person's particle, the unit after a masked Korean county, any
    # Korean day label, a weekday in brackets after M/D, a region's kind after its name (State, Inlet), a cross
    # street after a masked one, federal prisons, three-digit pagers, a month and day after a masked spoken year
    ("name", "called nurse nguyen thi lan about the line", "nguyen thi lan"),
    ("name", "Interpreter Saw Ler Htoo Paw arrived at 10.", "Saw Ler Htoo Paw"),
    ("name", "ko zaw min htet says cough for 2 weeks", "ko zaw min htet"),
    ("korean_name", "토크토로바 아이게림에게 검사 결과 설명", "토크토로바 아이게림"),
    ("place", "전라북도 고창군 해리면에서 거주", "해리면"),
    ("date", "발생일 2/27 야간 발열", "2/27"),
    ("date", "Return visit 4/9 (Thu) for repeat film", "4/9"),
    ("place", "fish camp at Tenakee Inlet.", "Tenakee Inlet"),
    ("place", "family from Kachin State, Myanmar.", "Kachin State"),
    ("place", "near the bus stop (Lawrence/Pulaski).", "Pulaski"),
    ("place", "transferred from FMC Rochester yesterday", "FMC Rochester"),
    ("contact", "pager no. 318 overnight", "318"),
    ("date", "born nineteen forty-one, june 12", "june 12"),
    # round eight's: a nickname in quotes after a relation or between a name's parts, a lower-case double-barrelled
    # surname after a given name, an initial after a lower-case title, recruits' and detainees' names, a form's
    # bare LAST: and FIRST: labels, ID labels with words before their colon, "pt #", neighbourhoods before "area",
    # school districts, named tunnels and collieries, a foreign town and its Hangul unit written apart, a known
    # district before a masked place, a Korean extension after a word, a URL after a social site's label
    ("name", 'brother "tank" came with him to the ED', "tank"),
    ("name", 'per wife, martin "bud" oja is allergic to contrast', "bud"),
    ("name", "left a message for alicia kostelnik-hrib re: results", "kostelnik-hrib"),
    ("name", "faxed to dr j. van wyk at the clinic", "van wyk"),
    ("name", "detainee omar a. haddad brought by officers", "omar"),
    ("name", "LAST: TSERENDORJ  FIRST: BOLORMAA", "TSERENDORJ"),
    ("id_number", "Badge number of escorting officer: K7731", "K7731"),
    ("id_number", "patient #  448 207 on the old card", "448 207"),
    ("place", "Family rents in the Black Rock-Riverside area.", "Black Rock-Riverside"),
    ("place", "Nurse from the Mahanoy Area School District called.", "Mahanoy Area School District"),
    ("place", "Worked underground at the Lattimer colliery for years.", "Lattimer"),
    ("place", "오클랜드 시 프룻베일 동 거주", "오클랜드 시"),
    ("place", "거주지 수성 래미안 아파트", "수성"),
    ("contact", "보호자 연락: 055-291-4410 (주간 내선 27)", "27"),
    ("contact", "family reachable on Instagram: instagram.com/tio.beto.seafood", "instagram.com/tio.beto.seafood"),
    # round nine's: Korean academies, daycares and their classes, an apartment complex's block and building,
    # Burmese names with a doubled syllable, Vietnamese names by Thi and Van, a spelled age after a relation, a
    # second date after "and later", New York Medicaid's CIN, the other street at a corner
    ("place", "아이는 솔빛영어학원 다녀온 뒤 기침.", "솔빛영어학원"),
    ("place", "어린이집: 푸른숲어린이집 햇님반", "햇님반"),
    ("place", "시영아파트 3단지 207동 거주", "3단지 207동"),
    ("name", "Interpreter: Win Win Aye from the agency", "Win Win Aye"),
    ("name", "spouse PHAM THI MAI at bedside", "PHAM THI MAI"),
    ("age", "grandma ninety-six, lives with family", "ninety-six"),
    ("date", "Seen 2/3 and later 2/17 in clinic.", "2/17"),
    ("id_number", "medicaid cin xy54321z on file", "xy54321z"),
    ("place", "meets at the corner of Grand and Kedzie Ave.", "Grand"),
    # round ten's: Korean carers', guardians' and officials' roles before a name, the rarer surnames (견, 낭, 묵),
    # a facility after a masked Korean place and co-operatives and public offices by their town, a romanised
    # native given name after a rarer surname, a hyphenated given name after a surname, a nonagenarian's age
    # and sex before "from", a birth year before a period, a UID's tail of three long groups, an eponym's
    # surname after a title and one name, a capitals surname after "by" before a masked given name, the
    # town after a masked institution's "of"
    ("korean_name", "성년후견인 묵찬별과 통화 후 촬영.", "묵찬별"),
    ("korean_name", "담당 요양보호사 낭은솔이 휠체어로 이송.", "낭은솔"),
    ("korean_name", "교도관 견다온 입회 하에 촬영.", "견다온"),
    ("place", "숙소: 영덕 강구 외국인 선원 합숙소", "강구"),
    ("place", "근무지: 삼척수협 공판장", "삼척수협"),
    ("place", "연락 주소: 사서함 12호, 봉화우체국", "봉화우체국"),
    ("korean_name", "NAME: SEOL HANEUL, transferred from the shelter", "SEOL HANEUL"),
    ("korean_name", "Pt: KANG MI-RAE, prior films requested", "MI-RAE"),
    ("age", "91 F from the nursing home, fall.", "91"),
    ("date", "Widower, born 1928. Lives alone.", "1928"),
    ("id_number", "Series UID tail ...7713.5521.90412 kept for audit", "7713.5521.90412"),
    ("name", "Results conveyed to Dr. Ingrid Ganz.", "Ganz"),
    ("name", "Seen by WINTER, ROSALIND (nocturnist)", "WINTER"),
    ("place", "Resides at MAGNOLIA TERRACE OF OKEECHOBEE with her son.", "OKEECHOBEE"),
    # and: a house number before a masked street at a label's start, a rural grid number glued to its direction,
    # a Vietnamese house number and lane, condominiums by name, a numbered phase of a Korean apartment complex,
    # an island's or a village's residents, a French place's name with "du"
    ("contact", "Address line 1: 412 Hollow Poplar Fork\nCity: Hindman.", "412"),
    ("contact", "Mailing address: W10422 Birch Hollow Rd, Crivitz WI 54114.", "W10422"),
    ("contact", "Home: so 22 ngo 5 Tran Phu, Hue.", "so 22 ngo 5"),
    ("place", "HOA: Pelican Landing Condominium Association, Naples.", "Pelican Landing"),
    ("place", "Address: 대소면 한빛3차아파트 101동.", "한빛3차아파트"),
    ("place", "외연도 주민, 여객선으로 내원.", "외연도"),
    ("place", "Originally from Prairie du Chien, moved for work.", "Prairie du Chien"),
    # round eleven's: a surname and a native given name that is a word beside a person's cue (a title after it,
    # a subject at a sentence's start), a Filipino Sta./Sto. surname, romanised Korean addresses in capitals,
    # a number of a year, an office's word and a serial, Spanish titles, a nickname known to the staff, a
    # card's last four digits, a nonagenarian in words after "mr.", Texas loops and spurs, "LAST, GIVEN" of a
    # romanised Korean name
    ("korean_name", "남궁하늘 교수가 최종 판독함.", "남궁하늘"),
    ("korean_name", "연구름은 어제 저녁부터 기침 시작.", "연구름"),
    ("korean_name", "면회 온 딸 탁새벽과 통화.", "탁새벽"),
    ("name", "Interpreter per STO. TOMAS, ROWENA B at bedside.", "TOMAS"),
    ("contact", "ADDR: 27, SINHEUNG-RI, JEOLLANAM-DO 58820.", "SINHEUNG"),
    ("id_number", "보건소 신고 번호 2023-광주-77121 확인함.", "2023-광주-77121"),
    ("name", "La Srta. Quintanilla llegó con tos.", "Quintanilla"),
    ("name", 'Known to nursing as "Chivo" on the unit.', "Chivo"),
    ("id_number", "Medicaid card ending in 8830, verified.", "8830"),
    ("age", "mrs. was ninety-two at her last visit.", "ninety-two"),
    ("place", "Lives off Spur 137 near the gin.", "Spur 137"),
    ("korean_name", "Reader: CHOI, MINSEO at the workstation.", "MINSEO"),
    # round twelve's: a Korean name in an export's fields, a given syllable 렬, a hyphenated given name after a label's
    # masked surname, lower-case romanised names, Hmong clans that are words, the Central Highlands' names, a
    # community's health workers, a typist's initials after a name, dates of spaces, misspelled ordinals, slashed
    # Spanish months, Jewish and Korean holidays, an HL7 phone's components, dashes set apart, a computer's name,
    # PV1 locations, stations, ports, public corporations, a plant's town, hospital ships, rivers, a city's sides,
    # lower-case urgent cares, county jails, lakes and transfer towns, a farm after a masked place
    ("korean_name", "환자명|엄순례|F|82", "엄순례"),
    ("korean_name", "남궁재렬 환자 흉통으로 내원.", "남궁재렬"),
    ("korean_name", "NAME: YOON SEO-AH", "YOON SEO-AH"),
    ("korean_name", "read by ye eunji at night", "ye eunji"),
    ("korean_name", "ris shows jang seo yun as the patient", "jang seo yun"),
    ("name", "Seen with Mai Hang, her aunt.", "Mai Hang"),
    ("name", "Interpreter Kou Lor assisted.", "Kou Lor"),
    ("name", "Husband Y Kuan Eban at bedside.", "Y Kuan Eban"),
    ("name", "Daughter H'Mai came with her.", "H'Mai"),
    ("name", "Per promotora Lupita Arambula: cough for weeks.", "Lupita Arambula"),
    ("name", "dictated by doctor alma redcloud transcribed by jkw", "jkw"),
    ("date", "Prior film 7 3 2022 reviewed.", "7 3 2022"),
    ("date", "since april thirtyth 2023 no change", "april thirtyth 2023"),
    ("date", "Estudio previo: 3/agosto/2023", "3/agosto/2023"),
    ("date", "control del 9 de sept. de 2023", "9 de sept. de 2023"),
    ("date", "Fell on Tisha B'Av 5783 at synagogue.", "Tisha B'Av 5783"),
    ("date", "2022년 정월 대보름 전날 흉통.", "2022년 정월 대보름 전날"),
    ("contact", "Home phone    (XTN): ^PRN^PH^^1^608^2416650", "608^2416650"),
    ("contact", "Daughter: 412 – 555 – 0187    (cell)", "412 – 555 – 0187"),
    ("contact", "Computer name: ER-XR-PORT2, logged in", "ER-XR-PORT2"),
    ("place", "PV1|1|I|ICU^4^B^MERCY WEST^^^", "MERCY WEST"),
    ("place", "동대구역 대합실에서 실신.", "동대구역"),
    ("place", "목포항 여객터미널에서 넘어짐.", "목포항"),
    ("place", "한국가스공사 직원, 기침.", "한국가스공사"),
    ("place", "구미 반도체 공장 근무 중 흡입.", "구미"),
    ("place", "병원선 충남501호 순회진료 시 촬영.", "충남501호"),
    ("place", "Swept down the Missouri River near the dam.", "Missouri River"),
    ("place", "Grew up on the Lower West Side.", "Lower West Side"),
    ("place", "last seen at pikeville urgent care", "pikeville"),
    ("place", "released from tioga county jail today", "tioga county jail"),
    ("place", "fishing on lake winnebago when he fell", "lake winnebago"),
    ("place", "transferred from sparta by ems", "sparta"),
    ("place", "화천군 상서면 송어 양식장 근무", "송어 양식장"),
    # round thirteen's: a Korean holiday's eve, a name label with a topic particle, in-laws in words, slashed month
    # abbreviations, an HL7 phone's type codes, URL schemes of imaging nodes, hex groups OCR must not read, a stamp's
    # time before its date, a surname after a masked initial, a spelled name, a typist after a credential,
    # structured ages, a town's fire service, a Korean health post's village, a labelled Korean short date
    ("date", "2022년 12월 24일 성탄 이브에 흉통.", "성탄 이브"),
    ("korean_name", "확인 결과 보호자명은 탁순애입니다.", "탁순애"),
    ("name", "per sister in law wanjiru and her son", "wanjiru"),
    ("date", "Estudio comparativo: 12/ago/2023", "12/ago/2023"),
    ("date", "prior on 7/sep/2021 unchanged", "7/sep/2021"),
    ("contact", "NK1 phone ^WPN^PH^^1^515^2298841", "515^2298841"),
    ("contact", "Sent via sftp://10.4.2.17/rad/inbox", "10.4.2.17"),
    ("contact", "Modality MAC fe80::a1b2:3c4d:5e6f:7a8b", "fe80::a1b2:3c4d:5e6f:7a8b"),
    ("date", "Finalized 09:41 12.11.2019", "09:41"),
    ("name", "Pt: M*** Okonkwo seen today", "Okonkwo"),
    ("name", "she spelled it D-U-P-L-E-S-S-I-S for us", "D-U-P-L-E-S-S-I-S"),
    ("name", "ROBERT T. LANGE, M.D./kmr", "kmr"),
    ("age", '<PatientAge units="a">104</PatientAge>', "104"),
    ("age", "OBX|2|NM|30525-0^AGE^LN||96|a", "96"),
    ("place", "Brought in by Cotulla Volunteer Fire Dept.", "Cotulla"),
    ("place", "연평 보건지소에서 의뢰됨.", "연평"),
    ("date", "촬영일: 23. 11. 2.", "23. 11. 2."),
    ("korean_name", "담당 김 선생 아닌 환자명이 표미란임.", "표미란"),
    # round fourteen's: JSON and camelCase name keys and a person's login after a person's key, aliases (goes by,
    # 태명), a transcriptionist's bracketed correction, a surname before an opinion's verb, a hand-off arrow, a full
    # name before a role in the possessive, Korean roles and ranks beside a rare surname, a Latin name before 씨,
    # a masked initial before a capitals surname, a label's source (Name as per ...), a season's year, a month-day-yy
    # date, an XML time, a holiday's last day, a LOINC age, a hundred and one, card numbers in groups, a Korean
    # subject number, an id cut at its hyphen, road marks (mile markers, exits, interchanges, 휴게소, 나들목), a town
    # and its state's code without a comma, a county written Co., a town's films, a town in brackets after a ZIP,
    # firms' and practices' heads (Services, Pediatric Partners, Bureau, Trampoline Park), a 동 before 소재, a named
    # apartment, the floor of an address
    ("name", '{"subject":{"name":{"family":"Adeyemi","given":["Tolu"]}}}', "Adeyemi"),
    ("name", '{"lastName": "Brzezinski", "firstName": "Ola"}', "Brzezinski"),
    ("name", "signer_id=mrakowski|status=F", "mrakowski"),
    ("name", "verifiedBy=tnakamura result=final", "tnakamura"),
    ("name", 'Resident goes by "Sonny" on the ward.', "Sonny"),
    ("korean_name", "생후 3일, 태명은 복덩이, 산모 보호자 동반.", "복덩이"),
    ("name", "Spoke with Dr. Lyle [Lisle] about the line.", "Lisle"),
    ("name", "Sign-out: Okafor -> Lindqvist, line check at 0700.", "Lindqvist"),
    ("name", "Imaging ordered at the request of Teodora Vasquez's daughter.", "Teodora Vasquez"),
    ("korean_name", "현장 구급대원 편도윤 소방교 인계", "편도윤"),
    ("korean_name", "결과는 탁미령 님으로 전달", "탁미령"),
    ("korean_name", "접수자 견하율, 서류 확인", "견하율"),
    ("name", "NGUYEN THI HOA 씨 흉부 촬영", "NGUYEN THI HOA"),
    ("name", "Patient: K*** ABERNATHY-COLE", "ABERNATHY-COLE"),
    ("name", "Name as per insurance card: DESMOND OKORO", "DESMOND OKORO"),
    ("name", "left a message with dispatcher Rolanda", "Rolanda"),
    ("date", "Fall 2021: outside CT, no comparison available.", "Fall 2021"),
    ("date", "2019년 겨울 폐렴으로 입원", "2019년 겨울"),
    ("date", "apr 9 22 two views of the chest", "apr 9 22"),
    ("date", "<SeriesTime>1447</SeriesTime>", "1447"),
    ("date", "2023년 추석 연휴 마지막 날 내원", "마지막 날"),
    ("age", "OBX|4|NM|21612-7^Age^LN||97|a", "97"),
    ("age", "She is a hundred and one and lives alone.", "a hundred and one"),
    ("id_number", "Union card no. 4410 2287 9015 3364 on file", "4410 2287 9015 3364"),
    ("id_number", "대상자번호 KMC-118 등록", "KMC-118"),
    ("id_number", "Claim number faxed as\nWC-2024-\n553910", "WC-2024-"),
    ("place", "Rollover at mile marker 112 on I-70.", "mile marker 112"),
    ("place", "Struck by a car near Exit 34B.", "Exit 34B"),
    ("place", "Pileup by the Eastex Interchange, three cars.", "Eastex Interchange"),
    ("place", "중부고속도로 음성휴게소 인근 사고", "음성휴게소"),
    ("place", "영동고속도로 여주나들목 부근 전복", "여주나들목"),
    ("place", "Transferred from a clinic, Greeneville TN, for hypoxia.", "Greeneville TN"),
    ("place", "from the hollow, letcher co, by ambulance", "letcher co"),
    ("place", "PT FROM LOGAN CO.; RETIRED MINER", "LOGAN CO."),
    ("place", "Outside study: compare with the Viroqua films.", "Viroqua"),
    ("place", "Billing ZIP 54665 (Viroqua).", "Viroqua"),
    ("place", "Worked as a welder for Tri-County Pipe Services in Gillette.", "Tri-County Pipe Services"),
    ("place", "Seen last year by Lakeshore Pediatric Partners.", "Lakeshore Pediatric Partners"),
    ("place", "Fell at Airtime Trampoline Park last night.", "Airtime Trampoline Park"),
    ("place", "압구정동 소재 병원 검진 후 의뢰", "압구정동"),
    ("place", "푸르지오시티 오피스텔 화재로 연기 흡입", "푸르지오시티"),
    ("place", "Statistician at the Labor Statistics Bureau downtown.", "Labor Statistics Bureau"),
    ("address", "Lives at 220 Birch St, 4th fl, alone.", "4th fl"),
    # round fifteen's: a town's imaging office, a town's hospital by one word (ALTOONA REGIONAL), a ward of the
    # Latter-day Saints, an institute of two fields, a Korean tower's brand, a cédula, a radiologist's login after
    # rad=, a film label's LAST/FIRST, Korean dental and imaging roles before a rarer surname, a month's name one
    # edit off, a stamp's time in the next field
    ("place", "Records requested from the Kittanning imaging office, fax pending.", "Kittanning"),
    ("place", "Prior CXR at ALTOONA REGIONAL, no change.", "ALTOONA REGIONAL"),
    ("place", "Bishop of the Sugar House 3rd Ward drove him in.", "Sugar House 3rd Ward"),
    (
        "place",
        "Student at Kumoh Institute of Science and Technology, on exchange.",
        "Kumoh Institute of Science and Technology",
    ),
    ("place", "마린시티 타워 거주, 야간 흉통.", "마린시티"),
    ("id_number", "Cédula de identidad E-21.337.410 en archivo", "E-21.337.410"),
    ("name", "qa_reviewer=mkowalczyk rad=tnguyen-obi status=P", "tnguyen-obi"),
    ("name", "Cassette label: DZURILLA/MARGARET ANN   PA", "MARGARET ANN"),
    ("korean_name", "치위생사 편다온, 담당 교정의 확인", "편다온"),
    ("korean_name", "방사선사 탁은서 촬영", "탁은서"),
    ("date", "Outside comparison dated Feburary 12th, 2023 reviewed.", "Feburary 12th, 2023"),
    ("date", "Prior exam Spetember 3 2021, no change.", "Spetember 3 2021"),
    ("date", "Date: 14-Jun-2023   Time: 07:55   Tech: rb", "07:55"),
    ("date", "exam_date=2023/11/02 exam_time=14:07:31 modality=DX", "14:07:31"),
    ("place", "Longshoreman, Port of Everett, diesel exposure.", "Port of Everett"),
    ("address", "mailing address 2210 31st st astoria", "2210 31st st"),
    # round sixteen's: a holiday in lower case before its year, a feast's day, foreign month abbreviations month
    # first and months between dots, an age's JSON key, a trial's site number, letters in parts before an id's
    # digits, a machine's name before its address, Korean titles with 가 and a client's 고객님, a chat's speaker by
    # role, Korean JSON keys, a spaced compound surname, a capital title before a lower-case name, St./Sh. inside
    # a name, more labels (Rad:, EMPLOYER REP:, Absent:), a greeting in capitals, Burmese syllables, calls him,
    # filed as, names in brackets after a requisition or a prelim, a neighbourhood's alias, a place's alias after
    # its masked words, a county's corrections, a city's field before the next, small towns and towns of common
    # words after a residence cue, a town's satellite, a Korean site's kind apart from its name
    ("date", "Seen on christmas eve 2022 after a fall, CT negative.", "christmas eve 2022"),
    ("date", "Fell off a float on Mardi Gras day 2023, rib films.", "Mardi Gras day 2023"),
    ("date", "FECHA DEL EXAMEN: ABR 3 2022", "ABR 3 2022"),
    ("date", "Control previo: dic. 9, 2021, sin cambios.", "dic. 9, 2021"),
    ("date", "ADMIT: 07.MAR.2023  WARD: 4B", "07.MAR.2023"),
    ("age", '{"sexo": "F", "age": 97, "unit": "ER"}', "97"),
    ("id_number", "Site #: 2218 / Subject #: 2218-044", "2218"),
    ("id_number", "참여자번호: H-PK-07-112 (2차 방문)", "H-PK-07-112"),
    ("contact", "Route studies to node ARCHGW02 @ 10.40.8.17:11112 nightly", "ARCHGW02"),
    ("contact", "PACS server: MERCYPACS3 offline since the upgrade", "MERCYPACS3"),
    ("korean_name", "모은솔 교수가 결과를 직접 설명함.", "모은솔"),
    ("korean_name", "[알림] 제가윤 고객님, 검사 결과가 나왔습니다.", "제가윤"),
    ("korean_name", "[09:41] 방사선사 수빈: 촬영 끝났어요", "수빈"),
    ("korean_name", '{"담당의":"변우석","구분":"외래"}', "변우석"),
    ("korean_name", "결과를 선우 하늘 선생님께 전달함.", "선우 하늘"),
    ("korean_name", "보호자: 김순자 / 담당: 도혜린", "도혜린"),
    ("name", "Findings relayed to Dr. okonkwo-bell by phone.", "okonkwo-bell"),
    ("name", "Discussed with Dr. ST. CLAIR at 0700.", "ST. CLAIR"),
    ("name", "Reviewed by Dr. Sh. Qureshi before discharge.", "Sh. Qureshi"),
    ("name", "Portable AP. Tech: Minh. Rad: Thibodeaux.", "Thibodeaux"),
    ("name", "CLAIMANT: OKORO, EMEKA\tEMPLOYER REP: Darlene Pruitt\tVISIT: DOT", "Darlene Pruitt"),
    ("name", "Present: J. Alvarez, M. Chen. Excused: T. Okonkwo.", "T. Okonkwo"),
    ("name", "Portal message: Hi ADEBOLA, your chest film is normal.", "ADEBOLA"),
    ("name", "Collateral from Daw Khin Thin via the interpreter.", "Daw Khin Thin"),
    ("name", "Family calls him Tavita at home.", "Tavita"),
    ("name", "Chart also filed as Nguyen Thi Lan under the old number.", "Nguyen Thi Lan"),
    ("name", "Label on the requisition (Delphine Ardoin) differs from the band.", "Delphine Ardoin"),
    ("name", "Resident prelim (Yusuf Karimov) called the tube satisfactory.", "Yusuf Karimov"),
    ("place", "Grew up in the Bottoms (Frogtown) section of Macon.", "Frogtown"),
    ("place", "From Daufuskie Island (Bloody Point), came by ferry.", "Bloody Point"),
    ("place", "Transferred from Harlan County Corrections for cough.", "Harlan County Corrections"),
    ("place", "CITY: DOTHAN  STATE: AL  ZIP: 36301", "DOTHAN"),
    ("place", "Poultry worker from albertville, no TB contacts.", "albertville"),
    ("place", "Evacuated from pass christian after the storm.", "pass christian"),
    ("place", "Labs drawn at the tupelo satellite.", "tupelo"),
    ("place", "장호 해수욕장 물놀이 중 익수.", "장호 해수욕장"),
    ("place", "솔섬 마을 주민, 어업 종사", "솔섬 마을"),
    # round seventeen's: a known town before its clinic, its EMS or its health station, Plains surnames of two
    # English words after a given name, a label or a role and before ", GIVEN", mister and an initial without its
    # dot after a lower-case title, perfusionist, a Medicare MBI, a count of weeks before a holiday, a Spanish day
    # before a masked month, a cooperative
    ("place", "Sent up from the Wanblee clinic overnight.", "Wanblee"),
    ("place", "Moorhead EMS reports a fall from a grain bin.", "Moorhead"),
    ("place", "Picked up at the Mandaree health station at dusk.", "Mandaree"),
    ("name", "Interpreter: Loretta Kills Enemy, by phone.", "Loretta Kills Enemy"),
    ("name", "PATIENT: SPOTTED HORSE, MARVIN J\nROOM: ER 4", "SPOTTED HORSE, MARVIN"),
    ("name", "Ordering: NP Delia Little Hawk", "Delia Little Hawk"),
    ("name", "the patient mister haugland could not hold still for the lateral", "haugland"),
    ("name", "read by: dr k lindqvist", "lindqvist"),
    ("name", "perfusionist j. almeida ccp called about the post pump film", "almeida"),
    ("id_number", "Medicare MBI: 3RT7 YH2 KQ41 on file", "3RT7 YH2 KQ41"),
    ("date", "onset ~2 wks after Thanksgiving 2023, productive cough", "2 wks after Thanksgiving 2023"),
    ("date", "Ingresó el 14 de ago. 2022 con disnea.", "14 de ago. 2022"),
    ("place", "Seasonal packer at Red River Valley Cooperative, sugar beets.", "Red River Valley Cooperative"),
    # round eighteen's: a misspelt ninety, a field quoted by its HL7 reference, parts joined by "~", a record's key,
    # a login after any "<done> by:" label, a role before the next name of a list, a surname ending in "-ment", a
    # nickname in quotes after "answers to", a crossing's name, an offshore lease block, a town whose first word is
    # a report word, a trade's word before a plant or mill, a community's association, an acronym before a clinic
    # after a masked place, a Latin acronym before a Korean institution, a town (읍) alone, a builder before an
    # apartment brand and the block's number, a Korean given name in brackets after its person
    ("age", "Pt is a nintey-four yr old man, fall at home.", "nintey-four yr"),
    ("age", "NINTY SEVEN YEAR OLD FEMALE, SOB", "NINTY SEVEN"),
    ("name", "Attending of record (PV1-7): 55021^NAKASHIMA^KEN^^^DR", "NAKASHIMA^KEN"),
    ("id_number", "PID.3 = 88123~MR~SJH", "88123"),
    ("id_number", "Legacy key: 0412~77310~DX", "0412~77310~DX"),
    ("name", "Checked in by: frontdesk3    Completed by: tnakamura", "tnakamura"),
    ("name", "Discussed with Dr. Ferreira, Dr. Osei and RN Gallagher.", "Gallagher"),
    ("name", "Spoke with her NP, Colette Thibodeaux-Clement.", "Colette Thibodeaux-Clement"),
    ("name", "Bedside nurse reports he answers to 'Tank' only.", "Tank"),
    ("place", "Rear-ended on the Chesapeake Bay Bridge this morning.", "Chesapeake Bay Bridge"),
    ("place", "Helicopter transfer from rig Eugene Island 330.", "Eugene Island 330"),
    ("place", "RETIRED LONGSHOREMAN FROM PORT HURON", "PORT HURON"),
    ("place", "Thirty years at the Cone Mills denim plant, no mask.", "Cone Mills"),
    ("place", "Referred by the Bhutanese Community Association of Akron.", "Bhutanese Community Association"),
    ("place", "MORGAN COUNTY HEALTH DEPT TB CLINIC REFERRAL", "TB CLINIC"),
    ("place", "POSTECH 기숙사 거주 대학원생, 결핵 접촉자 검진.", "POSTECH"),
    ("place", "증도면 아닌 지도읍에서 조업 중 부상.", "지도읍"),
    ("address", "주소: 롯데캐슬 207동 1502호", "207동 1502호"),
    ("korean_name", "어머니(서윤)께서 동반하여 검사 진행함.", "서윤"),
    # round nineteen's: a double-barrelled surname after a given name, a name on the line after its label, the
    # facilities of an HL7 message header, an observed age in an OBX segment, an age in brackets before a sex, an
    # age the patient states, "licence", a number after a name, a people's New Year, a depot or a garage after its
    # name, a military unit, a place's initials beside its name, the town after "neighbourhood of", a block number
    # (블록), "X 지역 주민"
    ("name", "Consent signed by her son, Darnell Begay-Yazzie, at the bedside.", "Begay-Yazzie"),
    ("name", "PRIMARY CONTACT: LORETTA M. KINGBIRD-HOWE", "KINGBIRD-HOWE"),
    ("name", "Translator:\nPaj Ntaub Xiong-Hart", "Paj Ntaub Xiong-Hart"),
    ("place", "MSH|^~\\&|PACS|STVINCENT|EMR|STVINCENT|20240407091500||ORU^R01|", "STVINCENT"),
    ("age", "OBX|3|NM|PATIENT AGE||97|a|||||F", "97"),
    ("age", "Label: (101) M, upright PA", "101"),
    ("age", "Daughter states she is ninety-six this spring.", "ninety-six"),
    ("id_number", "Radiographer licence no. 77120, on duty", "77120"),
    ("id_number", "Somali interpreter Hodan Farah, #4471, by video.", "4471"),
    ("date", "Cough began around Khmer New Year 2024.", "Khmer New Year 2024"),
    ("place", "Mechanic at the Flatbush Avenue depot; diesel exhaust for years.", "Flatbush Avenue"),
    ("place", "Assigned to 1st Bn, 75th Ranger Regiment before discharge.", "75th Ranger Regiment"),
    ("place", "Follow up at NMMC lung clinic (North Mississippi Medical Center).", "NMMC"),
    ("place", "lives near the eastside neighborhood of spokane", "spokane"),
    ("place", "경기 시흥시 정왕동 3다 215블록 공장 기숙사 거주", "215블록"),
    ("place", "평택 팽성 지역 주민, 기지 인근 식당 근무.", "팽성"),
    # round twenty's: a login after any label ending in "ID", a PIN or passcode, a half-masked name with letters
    # after its stars, a month and day after a study's own verb or a signature, a signer's initials after "/s/", a
    # lower-case initial and surname after "<verb> by", a foreign name in Hangul with a Central Asian Korean surname
    # (리, 림), a Spanish month's abbreviation and a year, a misspelt month and a year after a preposition of time, a
    # grid city's quadrant street, a Space Force or Air National Guard base, a given name in capitals ending a
    # person's field, a given name opening a sentence before a person's verb, a name before a comma and a role
    ("id_number", "Ordered under NTID: rkowalski2", "rkowalski2"),
    ("id_number", "Callback via operator, PIN 40917 required.", "40917"),
    ("name", "Guardian on file: L***e Hadžić (aunt)", "Hadžić"),
    ("date", "Portable chest scanned 11/04 after line placement.", "11/04"),
    ("date", "/s/ TRM 03/11 1420", "03/11"),
    ("name", "/s/ kdw", "kdw"),
    ("name", "report typed by m okonjo and reviewed", "m okonjo"),
    ("korean_name", "통역사 올가 림 선생님 동석하에 설명함.", "올가 림"),
    ("date", "Radiografía comparativa: dic. 2023, sin cambios.", "dic. 2023"),
    ("date", "Wheezing since Ocotber 2022 per mother.", "Ocotber 2022"),
    ("address", "works nights at a warehouse on se 44th near the rail yard", "se 44th"),
    ("place", "Deployed from Buckley Space Force Base in 2019.", "Buckley Space Force Base"),
    ("place", "Crew chief at Selfridge Air National Guard Base.", "Selfridge"),
    ("name", "Interpreting physician: NAMGOONG, IN", "IN"),
    ("name", "Marisol phoned at 0800 for the results.", "Marisol"),
    ("name", "Chanthy Keo, our Khmer interpreter, stayed for the exam.", "Chanthy Keo"),
    ("place", "Sleeps at a mission in downtown okc most nights.", "okc"),
    ("place", "Resides in fishtown with her daughter.", "fishtown"),
    # round twenty-one's: a day, a month's three letters and a year glued together, an ordinal before a lower-case
    # march, a Korean date with a two-digit year, a town's port of entry, a town before a lower-case imaging centre,
    # a verb or a few words between an ID's label and its value, a name opening a sentence in a person's frame, a
    # lower-case initial and surname opening a note before a person's verb
    ("date", "Film stamped 17Sep23 1422 on the jacket.", "17Sep23 1422"),
    ("date", "seen last on 2nd march per daughter", "2nd march"),
    ("date", "다음 외래 25. 11. 20. 예정", "25. 11. 20."),
    ("place", "Walked across at the Nogales Port of Entry before the cough.", "Nogales Port of Entry"),
    ("place", "Prior films at Gallatin imaging center were unchanged.", "Gallatin"),
    ("id_number", "Her account number is ab7730192 at the outside clinic.", "ab7730192"),
    ("id_number", "Chart ID from referring office: 5521 907", "5521 907"),
    ("name", "Tesfaye from pharmacy called about the contrast.", "Tesfaye"),
    ("name", "Abena and the patient agreed to a repeat film.", "Abena"),
    ("name", "k. mensah escorted the patient back to the ward.", "k. mensah"),
    # round twenty-two's: a surname that dictation split in two after a title
    ("name", "Findings called to Mr. hutch ington in the cath lab.", "hutch ington"),
    ("name", "Result relayed to Doctor Fair field by phone.", "Fair field"),
    # a day in words after a month, a year after an apostrophe or read out in two halves, "del" before a Spanish
    # year, a named day's year, a qualifier between an address's label and its colon, a ZIP after a masked town,
    # a cross street, a site's numbered area, a site's name before a lower-case clinic, a payer or an employer
    # opening an ID's label; Korean: a district before a base, a nuclear plant's name, a branch of an institution
    ("date", "Prior chest film apr twelfth 23 per outside report.", "apr twelfth 23"),
    ("date", "Outside CT dated Jun 9 '22 reviewed.", "Jun 9 '22"),
    ("date", "follow up from october 2nd 20 23 stable", "october 2nd 20 23"),
    ("date", "Estudio del 14 de sept. del 2022 comparado.", "14 de sept. del 2022"),
    ("date", "Chest struck by a float at the Mardi Gras Day 2022 parade.", "Day 2022"),
    ("place", "Mailing address of record: Ashburn 20147", "Ashburn 20147"),
    ("place", "Rents a room near Jefferson Avenue and Utica, walks everywhere.", "Utica"),
    ("place", "Pipefitter for years in the 400 Area, now retired.", "400 Area"),
    ("place", "Annual physical done at the Presidio health clinic.", "Presidio"),
    ("place", "Molina subscriber # W8812290 verified.", "Molina"),
    ("place", "오산 공군기지에서 근무 중 기침 시작.", "오산 공군기지"),
    ("place", "고리원전 협력업체 용접공.", "고리원전"),
    ("place", "서울의료원 강남분원에서 의뢰됨.", "강남분원"),
    # the time field after a masked date, a Spanish given name's particle (not the city), a company's acronym before
    # its masked plant, a site's numbered area after its masked name
    ("date", "Film date: 4/2/23   Time: 1415", "1415"),
    ("name", "Guarantor: REYES MOLINA, ANA DE LA LUZ", "ANA DE LA LUZ"),
    ("place", "Retired from the GE Schenectady turbine works.", "GE Schenectady"),
    ("place", "Welder at the Savannah River Site 700 Area for a decade.", "Savannah River Site 700 Area"),
    ("place", "Wellcare Medicaid plan\nAmerigroup Member ID: TX55128809", "Amerigroup"),
    # round twenty-three's: an account of a portal, a chat or a meeting tool after its label or "from user"
    ("contact", "MyChart username: TPETROVIC7 (son manages)", "TPETROVIC7"),
    ("contact", "Zoom: dr.okafor_peds joined the huddle", "dr.okafor_peds"),
    ("contact", "Reply sent by user m.gonzalez21 at 14:02", "m.gonzalez21"),
    ("contact", "Slack: radsnight.bui2 pinged reading room", "radsnight.bui2"),
    # a named day's year though the day's name was read as a person's, at a sentence's end too
    ("date", "Slipped on ice on Martin Luther King Day 2023.", "2023"),
    ("date", "Chest pain since Presidents Day 2022; ED visit.", "2022"),
    # a surname before "family" after a greeting; a name's other spelling on file
    ("name", "Hello Gurung family! Your results are ready.", "Gurung"),
    ("name", "Chart merged (previous spelling: Abdulahi), MRN retained.", "Abdulahi"),
    ("name", "Registered under Nguyenn, formerly spelled Nguyen on old films.", "Nguyen"),
    # a month and day after a study's verb and its colon; a house number on a county's numbered road
    ("date", "DICTATED: 10/14 by night resident", "10/14"),
    ("address", "Residence: 11870 Avenue 416, Dinuba", "11870 Avenue 416"),
    ("address", "ranch at 3305 ROAD 68 outside town", "3305 ROAD 68"),
    # a local clinic named before its specialty after its masked neighbourhood; a French or Spanish home's head word
    # before the name it bears; a Sikh given name before Kaur or Singh; a US route with its hyphen
    ("place", "수성구 범어동 맑은숨내과 의뢰서 지참.", "맑은숨내과"),
    ("place", "Chute au Foyer Lapointe hier soir; no fracture.", "Foyer"),
    ("name", "pt gurmeet kaur sidhu here with son", "gurmeet"),
    ("place", "Found down on the shoulder of US-441 south of town.", "US-441"),
    # a town noted in brackets after a masked place: "(Lamont area)"
    ("place", "Packing-house worker, Kern County (Arvin area), no TB contacts.", "Arvin"),
    # from the pending sets' misses: a social security number's last four, before or after "last four"; a study
    # UID's tail quoted alone; a Korean postcode in brackets before its address; a Latin American post box; a
    # Canadian postcode in lower case after its province
    ("ssn", "Identity confirmed: social security last 4 - 8812.", "8812"),
    ("ssn", "Gave the last four digits of her SSN, 3094, at check-in.", "3094"),
    ("mrn", "Outside CD, study UID ending 55.2041.9 (no accession)", "55.2041.9"),
    ("address", "보호자 주소 (48059) 부산 해운대구 센텀중앙로 97", "48059"),
    ("address", "Mail to Apartado Postal 2207, Mexicali.", "Apartado Postal 2207"),
    ("address", "forward films to 80 queen st, halifax ns b3h 1w2", "b3h 1w2"),
    # seventeenth session, from the pending sets' misses: a second age over 89 on the line of a masked one
    ("age", "Stated age 94; granddaughter thinks he is nearer 97.", "97"),
    ("age", "93 y/o per intake (96 per church records)", "96"),
    ("age", "Edad: 92 años, la hija dice 95", "95"),
    # round twenty-four's: a patient portal's account after "portal" and its "user", "login" or colon
    ("email", "Results released to the patient portal; portal login hnguyen.77", "hnguyen.77"),
    ("email", "MyChart user: bwashington_3", "bwashington_3"),
    # eighteenth session, from the pending sets' misses: a military unit whose last words a place pass masked first
    ("place", "Deployed with the 305th Air Mobility Wing before retiring.", "305th Air Mobility Wing"),
    # a charity or a stop named after its place ("___ soup kitchen", "___ food bank")
    ("place", "Helps out at the Holy Rosary parish soup kitchen on weekends.", "Holy Rosary parish soup kitchen"),
    ("place", "Slipped on ice outside the Harmon Street food bank.", "Harmon Street food bank"),
    # a milepost without its "marker" after a masked road, a Korean site's numbered berth
    ("place", "Tractor rollover on Route 97 near mile 214, airlifted.", "mile 214"),
    ("place", "부산신항 제3부두 야간 작업자, 분진 노출.", "제3부두"),
    # a staff member's number after the masked name; a credential's number after its label
    ("mrn", "Sign-language interpreter Odalys Brenner #20417 present for consent.", "20417"),
    ("mrn", "NIOSH B Reader certificate no. 30482 on file.", "30482"),
    ("mrn", "Echo registry # 551207 for the sonographer.", "551207"),
    # a surname and its initial after a signing verb's "by", whatever word the surname is
    ("name", "Consent form verified by Fisher, L.", "Fisher"),
    ("name", "Sedation given by Sterling, M. K. per protocol.", "Sterling"),
    # a person after a verb and its object: "faxed the final report to Hunter"
    ("name", "Faxed the final report to Hunter at the county office.", "Hunter"),
    ("name", "Called the wet read results to Dolores on 5 West.", "Dolores"),
    # round twenty-five's: a given name and an initial, or a reader's initials, before a masked surname
    ("name", "ordering provider ravi s mehta, hospitalist service", "ravi"),
    ("name", "rad: jt okafor / ref: b. lindqvist", "jt"),
    # the other doctors after a plural title; a surname that is a word after a title and a given name
    ("name", "earlier films were read by drs. okonkwo and haverford", "haverford"),
    ("name", "Called RN Tasha Meek at the nursing station.", "Meek"),
    # a second given name in capitals after "LAST, FIRST"; given names between a label and the surname
    ("name", "Patient: VANG, MAI KOU  (Hmong interpreter)", "KOU"),
    ("name", "Interpreter: Bao Chau Nguyen (Vietnamese), by phone.", "Bao Chau"),
    # a hospital's rank after a Korean name; a holding or training centre by its town
    ("name", "cc: 남궁선 과장, 도하린 수간호사", "도하린"),
    ("place", "청주외국인보호소에서 이송됨.", "청주외국인보호소"),
    # a ship's hull number after its masked name; a practice named by its town and specialty; a town after an ED
    ("place", "Serves aboard USS Gravely (DDG 107) out of Norfolk.", "DDG 107"),
    ("place", "Referred by Bozeman Pulmonology Associates.", "Pulmonology Associates"),
    ("place", "Transferred from Mercy Regional ED, Altoona.", "Altoona"),
    # a street written kind first, its house number after the name; a Russian date and phone
    ("address", "Home: ul. Sadovaya 12-4, Vladivostok", "Sadovaya 12-4"),
    ("date", "Дата осмотра: 15 марта 2023 г.", "15 марта 2023"),
    ("phone", "Контактный тел.: 8 (3912) 22-41-07", "8 (3912) 22-41-07"),
    # a pager's number after its cue and "#"; a reference made of slash-separated parts after its label
    ("phone", "Page the covering resident #3377 for questions.", "3377"),
    ("mrn", "Claim reference INS/KG/2023/00418 pending.", "INS/KG/2023/00418"),
    # round twenty-six's: a saint's surname after a title; a given name that is a word right after a title
    ("name", "films reviewed with dr st. pierre at tumor board", "pierre"),
    ("name", "prelim read by dr. june okafor, final pending", "june"),
    # an Air Force group by its number alone; the corner of a numbered street and a named one
    ("place", "Seen first at the base clinic (60 AMDS), then transferred.", "60 AMDS"),
    ("address", "Lives with her sister near 38th and Wornall.", "38th and Wornall"),
    # the last four of a social security number after its label; a building's room after its number
    ("mrn", "Verified by last 4 of SSN: 7730 and DOB.", "7730"),
    ("place", "Works in Bldg 2-114 of the rail yard, diesel exposure.", "2-114"),
    # a town's hall in Korean
    ("place", "홍천군청 민원실 근무 중 흉통 발생.", "홍천군청"),
    # round twenty-seven's: a Navy squadron; a military health plan's sponsor number; "SSN ends in"
    ("place", "Assigned to VFA-106 at Oceana; jet mechanic.", "VFA-106"),
    ("mrn", "TRICARE sponsor no. 30 448211907", "30 448211907"),
    ("mrn", "Pt says her SSN ends in 5521.", "5521"),
    # a worklist row's date after its status; a player's number; a nickname before the full name in brackets
    ("date", "A-4471  CT CHEST  SIGNED  11/14", "11/14"),
    ("mrn", "Jersey #17 on the soccer roster, struck in the chest.", "17"),
    ("name", "per coach joe (Joseph Amadi) the athlete collapsed", "joe"),
    # the other day before a masked date; a place's first word in capitals; a sports ground in Korean
    ("date", "Films from 3 and 17 March 2024 compared.", "3 and 17 March 2024"),
    ("place", "LIVES IN GREAT FALLS, NEAR THE RIVER.", "GREAT FALLS"),
    ("place", "잠실종합운동장 경기 중 흉부 타박.", "잠실종합운동장"),
    # nineteenth session, from round twenty-seven's misses: a middle initial and a surname after a masked given name
    ("name", "runner keisha m. odonnell reports cough", "odonnell"),
    ("name", "Pt marisol t. vanderbeek-howe seen for cough", "vanderbeek-howe"),
    # an age after a titled person's copula, whatever the name's length
    ("age", "Mrs. Q was 96 when she moved in.", "96"),
    ("age", "Mr. Tanaka is 103 and still walks daily.", "103"),
    # a date after a phone's cue goes as a date, with its time
    ("date", "Fax received 04-22-2024 at 1745 from outside clinic.", "1745"),
    # a number written in groups: its short last group, and its first groups before a masked one
    ("mrn", "Courier tracking 7700 1234 5678 9012 34 for the films", "7700 1234 5678 9012 34"),
    ("mrn", "UPS tracking 1Z 4F7 X92 03 1145 2209, CD sent", "1Z 4F7 X92 03 1145 2209"),
    # a drive by its abbreviation, with no name after it; a practice named by a region's hyphenated name
    ("place", "Clinic is on Parkside Dr. near the school", "Parkside Dr"),
    ("place", "lives off Sycamore Hill Dr, behind church", "Sycamore Hill Dr"),
    ("place", "Referred by Tri-Valley Cardiology for chest pain", "Tri-Valley Cardiology"),
    # round twenty-eight's: an age with its fraction of a year; a three-digit Korean extension
    ("age", "Age at visit: 91.5 years", "91.5"),
    ("phone", "원무과 내선 412로 문의", "412"),
    # a county named like a finding's eponym; a Korean port, bay and air base by names no word list knows
    ("place", "Moved from Hampton County last year.", "Hampton County"),
    ("place", "대진항 인근 어선에서 작업 중 흉통", "대진항"),
    ("place", "송지포 인근에서 민박 운영", "송지포"),
    ("place", "소속: 충주공군기지 정비대대", "충주공군기지"),
    # a Plains nation's surname of a verb, "the" and its object, or of an adjective and a noun, in any case
    ("name", "Translator: Marlene Kills The Bear assisted.", "Kills The Bear"),
    ("name", "Copy to: RIDES THE HORSE, DARLENE", "RIDES THE HORSE"),
    ("name", "veteran mr harold medicine horse here for films", "medicine horse"),
    # an Indian Health Service clinic's town in lower case; a medical centre's acronym after its department
    ("place", "old films at the wolf point ihs clinic", "wolf point"),
    ("place", "Copy faxed to Cardiology, NWMC.", "NWMC"),
    # an institution named for what it is for; an id's parts joined by asterisks; a nickname in lower case
    ("place", "Sent to the Valley Institute for Lung Health today.", "Valley Institute for Lung Health"),
    ("mrn", "Member ID: KBX*5512093*02", "KBX*5512093*02"),
    ("name", "he goes by tommy on the unit", "tommy"),
    # round twenty-nine's: a service's word before a masked Korean unit; a site named for a person in Korean
    ("place", "해군 제5전단 의무실에서 의뢰됨.", "해군 제5전단"),
    ("place", "윤동주 기념관 근처 거주", "윤동주 기념관"),
    ("place", "새만금풍력발전단지 공사 현장에서 추락", "새만금풍력발전단지"),
    # an in-house number after "dial"; a lodging's reservation number; two namesakes' birth years
    ("phone", "Dial 52218 for the CT control room.", "52218"),
    ("mrn", "Hotel reservation #552190 under the family's name.", "552190"),
    ("date", "민원인 확인: 박철수(1948) 보호자 동행", "1948"),
    # a hyphenated given name after "SURNAME,"; a lower-case name after its part's label; a lower-case day, march
    # and a two-digit year
    ("name", "Signed: Thibodeaux, Marie-Claire", "Marie-Claire"),
    ("name", "maiden name is broussard per daughter", "broussard"),
    ("date", "ct on 9 march 23 showed no change", "9 march 23"),
    # round thirty's: a user name after "user", quoted or after a colon, or after a messenger's name and a space
    ("email", 'Chat from user "rkalani1987": when are results ready', "rkalani1987"),
    ("email", "WhatsApp pedro_gz41 for the family", "pedro_gz41"),
    ("email", "PACS login user: TNGUYEN07", "TNGUYEN07"),
    # an airport by its code; a training area or centre; a Korean private clinic named before its specialty
    ("place", "Worked baggage at Terminal 4, LAX International Airport.", "LAX International"),
    ("place", "Injured at Yakima Training Center during exercise.", "Yakima Training Center"),
    ("place", "외부 의원: 해운대밝은내과 의뢰", "해운대밝은내과"),
    # a worded age in brackets after the person; a name in brackets after a role; an attending's short label;
    # the next "SURNAME, I." of a cc list
    ("age", "frail woman (ninety-four) from home", "ninety-four"),
    ("name", "Per RT (Malia), SpO2 92%.", "Malia"),
    ("name", "ATT: NGUYEN   XR CHEST 1V", "NGUYEN"),
    # round thirty-one's (twentieth session): phones with slashes set apart or keypad letters, a line's extension,
    # a paging system's star, a portal's login id
    ("phone", "Daughter's cell 913 / 555 / 0187, call after 5", "913 / 555 / 0187"),
    ("phone", "Scheduling hotline 1-800-555-SCAN for appointments", "1-800-555-SCAN"),
    ("phone", "ward clerk phone x212, ask for the charge nurse", "x212"),
    ("phone", "Please page *44190 when the read is final", "44190"),
    ("email", "MyChart login ID: delia.worthington", "delia.worthington"),
    # a short date "on or about"; "may", an ordinal and a year read out; feasts of other calendars and their week
    ("date", "Repeat film on or about 11/14 per pulmonology.", "11/14"),
    ("date", "prior exam dated may third twenty nineteen", "may third twenty nineteen"),
    ("date", "cough since Lunar New Year 2024, worse at night", "Lunar New Year 2024"),
    ("date", "fell during Diwali week at the temple", "Diwali week"),
    # a Korean signer's name that is also a word, at its field's end; "담당" alone before a full name at a line's end
    # (the line ends: a signature's line)
    ("korean_name", "판독의 정다운\n", "정다운"),
    ("korean_name", "의뢰의: 한가득 (인)\n", "한가득"),
    ("korean_name", "cc: 영상의학과 / 담당 채송화\n", "채송화"),
    # a function word as a surname in a labelled "SURNAME, GIVEN"; a newborn's registered name; Plains surnames of
    # a count and a noun; a nickname before a surname after a friend's cue
    ("name", "NAME: HER, CHOUA   DOB on file", "HER, CHOUA"),
    ("name", "Infant: Baby Girl Two Bulls, 36 weeks", "Baby Girl Two Bulls"),
    ("name", "patient Delbert Many Wounds admitted overnight", "Delbert Many Wounds"),
    ("name", "her friend manny ortega drove her in", "manny ortega"),
    # Korean sites by unknown names before a place's word, a township's long name before its health post, a
    # numbered industrial park with its town
    ("place", "미륵사지 인근에서 농사지음", "미륵사지"),
    ("place", "가막만 조업 중 부상", "가막만"),
    ("place", "삼국유사면 보건지소 의뢰", "삼국유사면"),
    ("place", "구미 제1국가산업단지 근무", "구미 제1국가산업단지"),
    # a unit with its arm's words, a seat of government, a hospital's name before a department, a quadrant house
    ("place", "Assigned to 2-5th Field Artillery Regiment", "2-5th Field Artillery Regiment"),
    ("place", "Collapsed at the Nebraska State Capitol during a tour", "Nebraska State Capitol"),
    ("place", "Prior film from the Colquitt ER last spring", "Colquitt"),
    ("address", "Home: 2210 NW Taylor, Apt 4", "2210 NW Taylor"),
    # a Spanish shop named after its kind, a nail salon
    ("place", "Works at Panadería La Esperanza on Fifth.", "Panadería La Esperanza"),
    ("place", "Manicurist at Golden Lily Nail Salon, acetone exposure", "Golden Lily Nail Salon"),
    # an employee's id, an encounter's short label, a licence's letters and digits, a Korean car's plate
    ("mrn", "EID: 770213 on the badge", "770213"),
    ("mrn", "Encntr 88301277", "88301277"),
    ("mrn", "Driver license: OR HARDWICK442KL", "HARDWICK442KL"),
    ("mrn", "차량번호 34나 7781 주차", "34나 7781"),
    # a lower-case surname that is a word after a masked lower-case given name; short dates by their frames
    ("name", "d/w wilma sparrow at the front desk", "wilma sparrow"),
    ("date", "hx: fell 6/22 off a ladder at work", "6/22"),
    ("date", "s/p MVR 04/97, wires intact", "04/97"),
    ("date", "2/14 - family called for results", "2/14"),
    ("date", "23.11.2 촬영 영상과 비교함", "23.11.2"),
    ("date", "퇴원 예정 11.07", "11.07"),
    ("date", "last visit: thursday, 9 may", "9 may"),
    # a Lithuanian surname's "-aitis" (no inflammation's ending), a technologist's label after "by", a nurse
    # practitioner's; an enclave named for a land; a known town before a masked apartment, ending like a particle
    ("name", "Tech: AUDRIUS BUTKAITIS, RT", "AUDRIUS BUTKAITIS"),
    ("name", "EXAM PERFORMED BY RT: LINA VASKELAITIS", "LINA VASKELAITIS"),
    ("name", "NP: Shantel Okafor", "Shantel Okafor"),
    ("place", "from little haiti, drives for a ride-share app", "little haiti"),
    ("place", "주소: 송도 센트럴파크 아파트 5층", "송도"),
    # a worded number from ninety up, anywhere but a reading's frame; ninety in native Korean numbers
    ("age", "Mr. Oakes is one hundred and one, lives alone.", "one hundred and one"),
    ("age", 'she says she is "ninety and a half"', "ninety and a half"),
    ("age", "할머니 올해 아흔둘, 낙상 후 내원", "아흔둘"),
    # round thirty-two's: a lower-case surname of any word after a title and a given name; a title and an
    # initial before a surname that is a word; a signer's initials before the name in brackets; "dictating:"
    ("name", "pcp dr walter london", "walter london"),
    ("name", "FINAL READ -- DR K. HILL", "K. HILL"),
    ("name", "prelim -- jt (Jordan Tafoya, R1)", "jt"),
    ("name", "dictating: lou harmon for dr. vance", "lou harmon"),
    # a national body's office by its town, a military school by its service, a Latin name before a resort,
    # a garden or a theme park before a place's word
    ("place", "근로복지공단 대전지역본부 심사용 판독", "대전지역본부"),
    ("place", "공군교육사령부 교육생 발열", "공군교육사령부"),
    ("place", "vivaldi 리조트 직원", "vivaldi"),
    ("place", "소쇄원 인근 거주", "소쇄원"),
    ("place", "고흥우주랜드 매표소 근무", "고흥우주랜드"),
    # a unit's word, a year and a serial; a prisoner's cell; a firm's kind after "Bros." and a trucking firm
    ("mrn", "관리번호 홍천-23-0457 환자", "홍천-23-0457"),
    ("mrn", "Housing: Cell: C-118, lower bunk", "C-118"),
    ("place", "works at the Dhillon Bros. truck stop", "Dhillon Bros. truck stop"),
    ("place", "Employer: Bains Freight Lines", "Bains Freight Lines"),
    ("name", "cc: BOONE, REX; HATFIELD, S.", "HATFIELD"),
    # round thirty-three's: a town's or a school's yearly event with its year, a Korean festival with its year or
    # its day
    ("date", "Wheezing since the Hilltop Rhubarb Festival weekend 2022.", "Hilltop Rhubarb Festival weekend 2022"),
    ("date", "Kicked at the 2023 Tri-County Rodeo, rib pain", "2023 Tri-County Rodeo"),
    ("date", "burns at Oakdale Homecoming 2024 bonfire", "Oakdale Homecoming 2024"),
    ("date", "2022 보령머드축제 둘째 날 넘어짐", "2022 보령머드축제 둘째 날"),
    ("date", "금강벚꽃문화제(2023) 자원봉사 중 호흡곤란", "금강벚꽃문화제(2023)"),
    # a school by its letters or as "<Word> State" before its students' words
    ("place", "NWSU freshman with fever", "NWSU"),
    ("place", "Wichita State student, dorm outbreak of flu", "Wichita State"),
    # a mountain or a lake by its name before what is done on it
    ("place", "설봉산 하산 중 미끄러져 넘어짐", "설봉산"),
    ("place", "용담호에서 20년째 낚시", "용담호"),
    # an address's unit after a masked place, a dial string after a phone, an area code before one
    ("address", "resides at Maple Terrace Apartments, Apt 12B, with daughter", "Apt 12B"),
    ("phone", "Dial in: 415-555-0123,,44012#", "44012"),
    ("phone", "cell given as (909) 555-21 47", "(909) 555-21 47"),
    # a vehicle's plate, a card's number, a corrections department's number, an SSN's last four after dashes
    ("mrn", "tractor-trailer, TX plate KLM 2291", "KLM 2291"),
    ("mrn", "union card no. 447120", "447120"),
    ("mrn", "IDOC # 2231907 transfer", "2231907"),
    ("ssn", "SSN last four -- 2209", "2209"),
    # a day of the month said as an ordinal, a Korean day of this or next month, ninety in Sino-Korean numbers
    ("date", "drain removed on the nineteenth, no recurrence", "nineteenth"),
    ("date", "오는 15일 추적 촬영 예정", "오는 15일"),
    ("age", "구십육 세 여자, 낙상", "구십육"),
    # a name said with its copula, a foreign name in Hangul after a role, a RIS's physician label, a name's field
    # before the next field's label on its line
    ("name", "아빠 이름은 권도윤이에요", "권도윤"),
    ("name", "담당자 레베카 오설리번 (통역 동반)", "레베카 오설리번"),
    ("name", "REF PHYS: KAMINSKI", "KAMINSKI"),
    ("name", "PT: ODUYA, FEMI      SEX: M", "ODUYA, FEMI"),
    # an event's opening or closing day before it, a city alone in parentheses after a study's or a clinic's word
    ("date", "hurt on closing night of the Lakeside Harvest Fair 2021, rib pain", "closing night of the Lakeside"),
    ("place", "outside chest film (Saskatoon) reviewed", "Saskatoon"),
    # round thirty-four's: a given name before the post where the writer reached them, an interpreter's name
    # before their language, a surname that is a report word after a title and a given name
    ("name", "per jolene at the nursing station, family is on the way", "jolene"),
    ("name", "통역: 아웅 초 민 (미얀마어) 동석", "아웅 초 민"),
    ("name", "Results phoned to Dr. Maribel Chest.", "Maribel Chest"),
    # an event's concert, opening night or first weekend; a school's day before a date; a holiday "of this year"
    ("date", "Syncope at the Riverfront Jazz Festival concert, Sept 2022.", "Riverfront Jazz Festival concert"),
    ("date", "산천어축제 첫 주말(2023) 빙판에서 넘어짐", "산천어축제 첫 주말(2023)"),
    ("date", "cough since graduation weekend, May 2024", "graduation weekend"),
    ("date", "Last seen on Thanksgiving Day of last year.", "Thanksgiving Day of last year"),
    # a Korean tunnel, beach, temple's grounds, stream or pass by its name; a course or a dam after its name
    ("place", "광명동굴터널 매표소 직원", "광명동굴터널"),
    ("place", "송정비치 앞 식당 운영", "송정비치"),
    ("place", "봉정사 경내에서 넘어짐", "봉정사"),
    ("place", "홍천강 상류에서 익수", "홍천강"),
    ("place", "배후령 넘어오던 중 사고", "배후령"),
    ("place", "Hit by a cart at Silver Lakes Golf Course.", "Silver Lakes Golf Course"),
    # an operator's licence and a boat's registration
    ("mrn", "TN OL# M22-481-907 on file", "M22-481-907"),
    ("mrn", "boat reg. FL 8812 PD, capsized", "FL 8812 PD"),
    # round thirty-five's: a local number after "reach", an extension at a sentence's end, a login told in a
    # sentence, an age in the cell after the sex's, a week of a month, a Korean plate wherever it is told
    ("phone", "Reach the foreman at 555.0147 after six.", "555.0147"),
    ("phone", "Main line 402-555-0191, press 2, then ext 3318.", "3318"),
    ("contact", "Her MyChart username is delia.ruiz.77; locked out.", "delia.ruiz.77"),
    ("age", "| 7730211 | 박말순 | 여 | 94 |", "94"),
    ("date", "4월 둘째 주 토요일부터 기침.", "4월 둘째 주"),
    ("mrn", "트럭과 충돌, 상대 차량 152러 7781 운전자 무사.", "152러 7781"),
    # a county's grid road, a public-land survey's section, a unit and a rank, an IHS service unit, a
    # teleradiology firm
    ("address", "Camp is on Road 88 by the river.", "Road 88"),
    ("address", "Farmworker housing on avenue 56, no running water.", "avenue 56"),
    ("place", "Well pad location Sec. 9, T12N R61W, dust exposure.", "Sec. 9, T12N R61W"),
    ("name", "TSgt Darnell Whitcomb, aircraft mechanic, fell from a stand.", "Darnell Whitcomb"),
    ("name", "PFC Ostrowski was carried in from the range.", "Ostrowski"),
    ("place", "12사단 수색대대 병사, 훈련 중 흉통", "12사단 수색대대"),
    ("place", "Records requested from the Pine Hill Service Unit.", "Pine Hill Service Unit"),
    ("place", "Wet read by Vanterpool Teleradiology overnight.", "Vanterpool Teleradiology"),
    # an event's celebration or night market, a year and a name's weekend, a festival's week, a festival's
    # name with a brand's letter
    ("date", "Burn from a grill at the Riverside Night Market 2023.", "Riverside Night Market 2023"),
    ("date", "Fainted during the 2022 Kolache weekend parade.", "2022 Kolache weekend"),
    ("date", "2022 보령머드축제 주간에 발생한 화상.", "2022 보령머드축제 주간"),
    ("date", "2023 강진K청자축제 첫날 어지러움", "2023 강진K청자축제 첫날"),
    # a foreign given name before a Korean surname and a title; an XCN's family name of words, with its id
    ("korean_name", "외래 담당 제니 김 선생님께 전달.", "제니 김"),
    ("name", "PV1|1|O|||||5521^DE LA CRUZ^MARISOL", "5521^DE LA CRUZ^MARISOL"),
    # round thirty-six's: an age in brackets after a person's word, a year spelled in Sino-Korean numbers, a
    # messenger's short link, a tag after its state, a surname that is an eponym before a function word
    ("age", "Frail widow (96) living alone, found down.", "96"),
    ("date", "촬영일: 이천이십삼년 시월 이십구일", "이천이십삼년 시월 이십구일"),
    ("contact", "Family reachable on t.me/rosalind_okoye88 only.", "t.me/rosalind_okoye88"),
    ("mrn", "Driver's vehicle, GA tag RKT 5512, towed.", "RKT 5512"),
    ("name", "Case reviewed with Dr. Colette Fallot at the tumor board.", "Colette Fallot"),
    # a market, a hot spring, a valley, a shelter, a forest or a dam by its name and kind; a recreation area
    ("place", "구례오일장터에서 장사하시는 할머니.", "구례오일장터"),
    ("place", "백암온천 숙박 중 호흡곤란.", "백암온천"),
    ("place", "연곡계곡 물놀이 중 익수.", "연곡계곡"),
    ("place", "Found at the Piney Grove Recreation Area boat ramp.", "Piney Grove Recreation Area"),
    # a name, its weekend and the year; a festival's head after a space; a festival's word and its days
    ("date", "Fell from the bleachers on Bristol Night Race weekend 2022.", "Bristol Night Race weekend 2022"),
    ("date", "2023년 딸기 축제 첫날 비닐하우스에서 쓰러짐.", "2023년 딸기 축제 첫날"),
    ("date", "2022 국악제 기간 무대 설치 중 낙상.", "2022 국악제 기간"),
    # a religious name after its label; a foreign given name and its surname; an id's letters before its number
    ("korean_name", "주지 스님(법명 도원) 기침 3주.", "도원"),
    ("korean_name", "보호자 엘레나 코발렌코, 통역 필요.", "엘레나 코발렌코"),
    ("mrn", "Prior MRN (outside): K-7781042", "K-7781042"),
    # round thirty-seven's: a prison's unit by its name in a record of custody, a season's opener with its year,
    # a holiday's weekend with a short year in lower case, an event's name with its year before its kind
    ("place", "Inmate arrived from the Ferguson Unit in restraints.", "Ferguson Unit"),
    (
        "date",
        "Rib pain since the opening weekend of pheasant season, 2022.",
        "opening weekend of pheasant season, 2022",
    ),
    ("date", "cough since duck opener 2024, hunts the river bottoms", "duck opener 2024"),
    ("date", "fell off the porch labor day weekend '22", "labor day weekend '22"),
    ("date", "Syncope during the Sweetwater Rattlesnake 2023 roundup weekend.", "Sweetwater Rattlesnake 2023"),
    # a named storm, an ordinal day of this month, a date after "d/c", a page or an extension at a sentence's end
    ("date", "Roof fell in during Hurricane Ida, chest wall pain since.", "Hurricane Ida"),
    ("date", "Onset on the 21st of last month per wife.", "21st of last month"),
    ("date", "Adm 11/02 d/c 11/07, readmitted today.", "11/07"),
    ("phone", "Questions: page the night fellow at #5520.", "5520"),
    # a tag of letters and digits, "will turn" before an age, a colleague's initials after "reviewed with",
    # a name before a function word in a list after a title
    ("mrn", "Pt was the driver, TX tag KLM-9X2, per trooper.", "KLM-9X2"),
    ("age", "She will turn 92 in June, per son.", "92"),
    ("name", "Images reviewed with DKR and PLT at the QA meeting.", "DKR"),
    ("name", "Seen with Dr. Okonjo and NP Vasquez-Lind before the drain.", "Vasquez-Lind"),
    # a bridge, a ranch, a farming cooperative; a foreign given name in Hangul
    ("place", "남해·창선대교 아래 낚시 중 실족.", "남해·창선대교"),
    ("place", "백운목장 관리인으로 근무 중 말에 차임.", "백운목장"),
    ("korean_name", "브랜든 콜리어(캐나다 국적) 흉통으로 내원.", "브랜든 콜리어"),
    # round thirty-eight's: an age's leading zero in a form's field; a Korean festival's name with a holiday's
    # word inside and its grounds; a museum, a memorial hall, a tea garden and a scholar's cottage by their names
    ("age", "Sex/Age: M/097", "097"),
    ("date", "2022 강릉단오제 기간 중 인파에 밀려 넘어짐.", "2022 강릉단오제 기간"),
    ("place", "섬진강 재첩축제장에서 미끄러짐.", "재첩축제장"),
    ("place", "옹기민속박물관 해설사, 계단에서 실족.", "옹기민속박물관"),
    ("place", "보성녹차다원 찻잎 따다 벌에 쏘임.", "보성녹차다원"),
    ("place", "여유당초당 방문 중 넘어짐.", "여유당초당"),
    # a surname that is a report word after a cue and a given name; a vanity number's digits; a business before
    # the street it stands on; a western county's grid coordinate; an employer's acronym before a worker's word
    ("name", "Per charge nurse Hope Mask the drain was flushed.", "Hope Mask"),
    ("phone", "After hours call 1-800-555-LUNG (5864).", "5864"),
    ("place", "Syncope at the Dollar General on N Maple St.", "Dollar General on N Maple St"),
    ("address", "Rollover on the county road at 3200 W and 600 S.", "3200 W"),
    ("place", "Retired SRS canyon machinist, 30 pack-years.", "SRS"),
    ("place", "ORNL badge 448120, annual beryllium screening.", "ORNL"),
    # a tab-separated row's next cell after a name; a plate of a digit and letters, letters and digits; a
    # Korean vessel's office and serial after its label; an account's handle; an event's name with joining words
    ("name", "Patient\tGarza-Lindqvist, Ana\tReader\tPerez, Omar", "Garza-Lindqvist, Ana"),
    ("mrn", "Other driver's plate 4CX M2281 per deputy.", "4CX M2281"),
    ("mrn", "어선 등록번호 경남통영-1183 선원, 갑판에서 넘어짐.", "경남통영-1183"),
    ("name", "Son set up her portal account as lupe.r71 last week.", "lupe.r71"),
    ("date", "Fell off a float at Rhythm on the Bay weekend 2022.", "Rhythm on the Bay weekend 2022"),
    # a name inside brackets after a capitalised trade with a label or "per" inside; LAST, FIRST before the next
    # field's report words; an HL7 person with an empty id; a rarer word alone after a person's label; a name
    # after "the attention of"; an installation by its kind's letters
    ("name", "Welder (per shift log: Darnell Ray Quick) inhaled fumes.", "Darnell Ray Quick"),
    ("name", "Wells, Hunter K   XR CHEST 1V   ROUTINE", "Wells, Hunter K"),
    ("name", "PV1|1|O|||||^Tibbets^Norah^^^NP", "Tibbets^Norah"),
    ("name", "Tech: MJ / Ordering: Thistle", "Thistle"),
    ("name", "Copy sent to the attention of Marisol in employee health.", "Marisol"),
    ("place", "Avionics tech at MCAS Cherry Point, dyspnea on exertion.", "MCAS Cherry Point"),
    # a Vietnamese name in Hangul; a full name after a worker's role whose given syllables are a word; a Hangul
    # tag of a name; a named site with its kind apart; a mountain's peak before 부근
    ("korean_name", "통역 동반, 쩐 반 남 씨 흉통 호소.", "쩐 반 남"),
    ("korean_name", "양식장 근로자 변성우, 그물 작업 중 넘어짐.", "변성우"),
    ("korean_name", "<환자성명>곽말순</환자성명>", "곽말순"),
    ("place", "땅끝 전망대 계단에서 실족.", "땅끝 전망대"),
    ("place", "월출산 천황봉 부근에서 구조됨.", "월출산 천황봉"),
    # a landmark by one rarer word and its kind; a Korean tea garden's kind apart
    ("place", "Capsized a kayak below Oxbow Dam on Saturday.", "Oxbow Dam"),
    ("place", "Groundskeeper at Thistlewood Speedway, fell from the stands.", "Thistlewood Speedway"),
    ("place", "보림 다원 찻잎 작업 중 벌 쏘임.", "보림 다원"),
    # round thirty-nine's: a Korean native age over a hundred; a river's lock by its number; a Korean military
    # school by its name; a login on file and a chat's handle; a school's or an employer's acronym around a
    # student's or a worker's word; a campus by its system's letters
    ("age", "백두 살 되신 할아버지, 기침.", "백두"),
    ("place", "Deckhand hurt at Lock and Dam 14 on the Mississippi.", "Lock and Dam 14"),
    ("place", "3사관학교 훈육관, 구보 중 흉통.", "3사관학교"),
    ("name", "MyChart login on file: okiegran1941", "okiegran1941"),
    ("name", "Teams chat handle: jbeltz2", "jbeltz2"),
    ("place", "Transfer student at NDSU, lives off campus.", "NDSU"),
    ("place", "Retired TVA lineman with dyspnea.", "TVA"),
    ("place", "UNC-Pembroke groundskeeper, pre-employment film.", "UNC-Pembroke"),
    # May's day with a two-digit year; a phone menu's option; an event by its edition's ordinal; a Korean
    # festival with its year after it; an island before its boat
    ("date", "Exam time: 14 May 23 @ 0715", "14 May 23"),
    ("phone", "Scheduling: 252.555.0190 option 2", "option 2"),
    ("date", "Crashed his trike at the 83rd Sturgis Rally.", "83rd Sturgis Rally"),
    ("date", "보성다향대축제 2023 첫날 넘어짐.", "보성다향대축제 2023 첫날"),
    ("place", "노화도 여객선 타고 내원.", "노화도"),
    # round forty's: a village's hall, a bridge, a tunnel or a guard post with its kind apart; an island's named
    # road and a theme park glued to their kinds; a township's name now, in brackets
    ("place", "송정리 경로당에서 이동검진 중 실신.", "송정리 경로당"),
    ("place", "월악산 출렁다리 위에서 넘어짐.", "월악산 출렁다리"),
    ("place", "도동 터널 부근 교통사고.", "도동 터널"),
    ("place", "제주해안도로 자전거 낙차.", "제주해안도로"),
    ("place", "가든스타파크 입구에서 넘어짐.", "가든스타파크"),
    ("place", "하평리 (현 평화면) 거주.", "평화면"),
    # a foreign given name and a surname in Hangul before a rank, or after a name read as Korean; a Vietnamese
    # given name that is a word; a soldier's or a migrant's word before a foreign name stays
    ("korean_name", "주한미군 케빈 앤더슨 중위 동행.", "케빈 앤더슨"),
    ("korean_name", "관광객 조나단 브라운 (캐나다) 자전거 사고.", "조나단 브라운"),
    ("korean_name", "응우옌 티 마이 (베트남 출신) 통역 필요.", "응우옌 티 마이"),
    ("korean_name", "담당 전공의: 이상 (R3)", "이상"),
    # a town's main street alone; a town line; a state's highway by its letters; a landmark's kind after its
    # name; a plate of mixed groups; a number shown by its tail; a research id of words; a person's composite in
    # an HL7 field meant for something else
    ("address", "Found sleeping in a doorway on Main.", "Main"),
    ("place", "Tractor rollover near the Lansing/Groton line.", "Lansing"),
    ("address", "Trailer off AR-7 past the bait shop.", "AR-7"),
    ("place", "Fell from a ladder stand in the Verdigris River bottoms.", "Verdigris River bottoms"),
    ("id_number", "Kansas plate KT9 4RW noted by the deputy.", "KT9 4RW"),
    ("id_number", "Nebraska plate 7TRX 44B at the scene.", "7TRX 44B"),
    ("id_number", "Acct: ****7702", "7702"),
    ("id_number", "Subject ID: NSU-COAL-044", "NSU-COAL-044"),
    ("name", "OBR|1||RX771|71046^XR CHEST 2 VIEWS|||||||||||5521^Okonkwo^Chidi^A^^^MD", "Okonkwo^Chidi"),
    # an event whose kind comes first, or a championship, with its year; a pipeline's numbered site; a river in
    # lower case; a faith's place of prayer in Korean; a duty's word and a report word with its particle stay
    ("date", "Cough since the Festival of Whales 2023.", "Festival of Whales 2023"),
    ("date", "Hurt at the Yukon Quest Championships 2022.", "Yukon Quest Championships 2022"),
    ("place", "Mechanic at Pump Station 4, fell from a catwalk.", "Pump Station 4"),
    ("place", "Trailer near the tallahala creek floods every spring.", "tallahala creek"),
    ("place", "무슬림 예배처 계단에서 넘어짐.", "무슬림 예배처"),
    ("place", "김삿갓면 고추 농가, 기침 2주.", "김삿갓면"),
    # round forty-one's: a temple before its monks' life; an island or a cape glued to its kind; a town (읍) by its
    # name alone before where; a river before its clams; a market or a unit's medical post after a masked place;
    # a Korean holiday; a glued Vietnamese name after an interpreter's label
    ("place", "운문사 승가대학에서 수행 중 객혈.", "운문사"),
    ("place", "선유도 옆 무녀섬에서 낚시 중 낙상.", "무녀섬"),
    ("place", "호미곶 해맞이 광장에서 쓰러짐.", "호미곶"),
    ("place", "벌교에서 꼬막 작업 20년.", "벌교"),
    ("place", "영산강 재첩 채취 중 익수.", "영산강"),
    ("place", "합천읍 5일장 상인, 기침 2주.", "합천읍 5일장"),
    ("date", "스승의 날(2024.5.15) 행사 후 흉통.", "스승의 날"),
    ("korean_name", "통역: 쩐티투엣 (가족센터)", "쩐티투엣"),
    # a research subject's or a record's locator code; a season's opener after its year; a name's opening weekend
    # and its year; a prison's unit by its numeral; a town before "area" or between two; a quoted nickname
    # before a surname
    ("id_number", "Research subject NMU-COPD-112, no charge.", "NMU-COPD-112"),
    ("id_number", "Booking locator 9XK-44T-210", "9XK-44T-210"),
    ("date", "Cut his hand on the 2023 pheasant opener.", "2023 pheasant opener"),
    ("date", "Fell at the Winter Carnival opening weekend 2024.", "Winter Carnival opening weekend 2024"),
    ("place", "Inmate from the Ellis II Unit, cough for a month.", "Ellis II Unit"),
    ("place", "Rancher, Lovell area, kicked by a horse.", "Lovell"),
    ("place", "Hauls hay between Powell and Lovell weekly.", "Powell"),
    ("name", 'Bystander "Bubba" Thibodeaux pulled him out.', '"Bubba" Thibodeaux'),
    ("date", "Seen here on the fourteenth of last month for the same cough.", "fourteenth of last month"),
    ("name", "Read with Dr. Naomi Crane of thoracic imaging.", "Naomi Crane"),
    # round forty-two's: a temple before its guide's word; a holy site, an observatory, a battlefield's memorial;
    # a township's name before its plant; a hospital's handset; a state's lettered highway and "Rt" with its
    # number after where; a numbered trail and a county's lane; a lighthouse and a boat harbor after their names;
    # a year with an event's kind and its weekend; a season's opening day with its year inside; a festival's
    # name apart from its head with its day and year; a state's technological university; the Fourth; a month
    # and day before "at" and a time
    ("place", "봉정사 문화해설사로 근무, 기침.", "봉정사"),
    ("place", "배론성지 순례 중 흉통.", "배론성지"),
    ("place", "소백산천문대 숙소에서 넘어짐.", "소백산천문대"),
    ("place", "사원번호 K-3312, 봉동 공장 조립라인.", "봉동"),
    ("phone", "당직 호출 PHS 5521", "5521"),
    ("address", "Rollover on K-10 west of the river.", "K-10"),
    ("address", "Deer strike on Rt 219 after dark.", "Rt 219"),
    ("place", "Sled crash on Trail 11 near the lodge.", "Trail 11"),
    ("address", "Lives at 1820 Lane 9, ditch rider.", "1820 Lane 9"),
    ("place", "Kayak flipped off the Grand Marais lighthouse.", "Grand Marais lighthouse"),
    ("place", "Crewman out of the Dillingham small boat harbor.", "Dillingham small boat harbor"),
    ("date", "Collapsed at the 2022 rodeo weekend, dehydrated.", "2022 rodeo weekend"),
    ("date", "Hurt on opening day of the 2023 moose season.", "opening day of the 2023 moose season"),
    ("date", "영덕 대게 축제 둘째 날(2024) 넘어짐.", "대게 축제 둘째 날(2024)"),
    ("place", "Texas Tech junior, cough for a week.", "Texas Tech"),
    ("date", "Burn from a sparkler on the Fourth, seen next day.", "the Fourth"),
    ("date", "Fell 11/26 at approx 0130 on the ice.", "11/26"),
    # round forty-three's: two words of a foreign name before the country in brackets; a foreign pair before a
    # student's word; a power plant by its town; a dictator's or a typist's initials; a dosimeter's number; a
    # study's subject by number
    ("korean_name", "바흐롬 유수포프 (우즈베키스탄), 창고 근무.", "바흐롬 유수포프"),
    ("korean_name", "제시카 브라운 교환학생, 흉부 PA.", "제시카 브라운"),
    ("place", "태안발전본부 석탄 야적장에서 넘어짐.", "태안발전본부"),
    ("name", "D: KLR   T: mvb   DD: 03/02/2024", "mvb"),
    ("id_number", "Dosimeter #55120 badge returned.", "55120"),
    ("id_number", "Protocol COPD-EX, subject 017 of the cohort.", "017"),
    # round forty-four's: a house number and a ZIP around a masked street; a landmark's kind, a facility's code and
    # a religious house's kind around a masked name; a camp's word; an event's week; a festival's period; an alley
    # and a landmark after a masked township; a kin's town; an arrival's town; a message for a capitalised given
    # name; dictated initials one after another; a hyphenated surname in capitals; a Korean name alone in a role's
    # field or quoted after a name's word; a Japanese name in Hangul
    ("address", "Pt lives at 4471 Juniper, 59301 per intake.", "4471"),
    ("address", "Staying at 603 Cottonwood, Gillette, 82716 with a cousin.", "82716"),
    ("place", "Dizzy after climbing the Bismarck Tower steps.", "Bismarck Tower"),
    ("place", "Capsized near Fort Peck, Rock Creek recreation area.", "Rock Creek recreation area"),
    ("place", "Shift at the Garrison Dam powerhouse, inhaled fumes.", "powerhouse"),
    ("place", "Roustabout at Prudhoe DS-15, fell from catwalk.", "DS-15"),
    ("place", "Slipped on the steps of the Cathedral of St. Helena.", "Cathedral of St. Helena"),
    ("place", "Guard medic from Camp Guernsey, cough.", "Camp Guernsey"),
    ("date", "Sick since the Sturgis Rally week (Aug 2023).", "Sturgis Rally week"),
    ("date", "2024 강진 청자축제 기간 중 넘어짐.", "청자축제 기간"),
    ("date", "Prior exam 12 JAN 23 / 1415 reviewed.", "1415"),
    ("place", "구례읍 장터골목에서 좌판 운영.", "장터골목"),
    ("place", "화개면 쌍계사 근처에서 식당 운영.", "쌍계사"),
    ("place", "he is staying with his daughter in kotzebue for now", "kotzebue"),
    ("place", "Pt arrived by floatplane from Kasilof this morning.", "Kasilof"),
    ("place", "pt flew to bethel for the ct", "bethel"),
    ("name", "Left message for Delphine regarding the CT.", "Delphine"),
    ("name", "RAD: J. Quintanilla\nTECH: rk / tj", "tj"),
    ("name", "Ordering: MARY GRACE SWIFT-THUNDERHAWK, NP", "SWIFT-THUNDERHAWK"),
    ("korean_name", "방사선사: 윤슬", "윤슬"),
    ("korean_name", "작성자: 도하린", "도하린"),
    ("korean_name", "보호자 성함을 '구봉자'로 정정함.", "구봉자"),
    ("korean_name", "통역: 다나카 유코 (일본인 유학생)", "다나카 유코"),
    ("korean_name", "남편 사이토 겐타 씨와 함께 내원.", "사이토 겐타"),
    # and: a weekday after a masked holiday's word; an event's head before its masked words and year; a street
    # by its name after a masked place on it; a works and a farm stand after their masked names; a port's market;
    # a festival after its edition; a bayou; a joint name's other towns and its station; an initial and a surname
    # after "signed"; a login at a host; a rare word's clinic; a nursing hospital's long name; a town abroad
    ("date", "CT done 2022-04-15 (Good Friday), rib pain.", "Good Friday"),
    ("date", "Burned at the Sioux Empire Fair Rodeo weekend 2022.", "Sioux Empire Fair Rodeo weekend 2022"),
    ("address", "Found at the Hope Center shelter on West Broadway.", "West Broadway"),
    ("place", "Millwright at the Pfaltzgraff works for 30 years.", "Pfaltzgraff works"),
    ("place", "Fainted at the Pulaski farm stand in Hadley.", "Pulaski farm stand"),
    ("place", "목포항 어시장 앞에서 넘어짐.", "어시장"),
    ("date", "제15회 강진청자축제 첫째 날 화상.", "강진청자축제 첫째 날"),
    ("place", "lives down past bayou teche in a trailer", "bayou teche"),
    ("place", "EMT from Sauvie-Scappoose station 4 started the line.", "Sauvie-Scappoose station 4"),
    ("name", "Outside read signed T. Bird, no priors.", "T. Bird"),
    ("contact", "User: mkoski@RADWS2 (reading room)", "mkoski@RADWS2"),
    ("place", "Wheelwright Clinic referral for cough.", "Wheelwright Clinic"),
    ("place", "은빛슬로요양병원 입원 중 폐렴.", "은빛슬로요양병원"),
    ("place", "캐나다 새스커툰에 사는 아들과 통화함.", "새스커툰"),
    # round forty-five's: a name after "/s/"; an order's number; a month and day in brackets before "at" and a
    # time; a lettered county road; a chain's store on a street with no kind; a direction with Main; a festival by
    # its edition; initials before the name in brackets; a congregation by its order; a family's crew; an export's
    # lower-case last,first; an institution's lower-case town; a mountain's trail; a river's side; a cable car
    ("name", "Signed: /s/ r. t. van der berg", "van der berg"),
    ("id_number", "Acc# 24-CT-00912 / Ord# 77310", "77310"),
    ("date", "Compared with the film from Tuesday (11/14) at 0630.", "11/14"),
    ("address", "Tractor rollover on County Road JJ near the creek.", "County Road JJ"),
    ("address", "Slipped on ice outside the Dollar General on Maple.", "Dollar General on Maple"),
    ("address", "Shelter resident, sleeps at the depot on West Main.", "West Main"),
    ("date", "제18회 함평나비축제 개막일에 넘어짐.", "제18회 함평나비축제 개막일"),
    ("name", "X-ray tech rb (Rhonda Bertrand) obtained the views.", "rb"),
    ("place", "Deacon at Second Baptist Church, chest pain.", "Second Baptist Church"),
    ("name", "Fell from the boat with the Ahkivgak crew.", "Ahkivgak"),
    ("name", "pid: kowalczyk,anna  sex:F", "kowalczyk"),
    ("place", "biopsy done at the marshfield clinic in wausau", "wausau"),
    ("place", "설악산 대청봉 등산로에서 넘어짐.", "등산로"),
    ("place", "섬진강 변 산책 중 쓰러짐.", "섬진강"),
    ("place", "여수해상케이블카 매표소 근무.", "여수해상케이블카"),
    # round forty-six's: a typist's initials after a signer and a slash; an initial and a surname that is a word
    # after "by" or "read"; a swing bridge and a court after their masked names; a Korean name written
    # "surname, given" after a role; "she's" and an age; a temple's lay member; a stateroom; a lower-case high
    # school; a foundation
    ("name", "Signed: Haugland / tmr", "tmr"),
    ("name", "prelim read by j. fox, final by the attending", "j. fox"),
    ("name", "final read r. rivers, agree", "r. rivers"),
    ("place", "ATV rollover near the Cass Lake swing bridge.", "swing bridge"),
    ("place", "Case #: 23-CV-00417, Beltrami District Court", "District Court"),
    ("korean_name", "판독 의사: 진, 소율", "진, 소율"),
    ("age", "She's 96 and lives alone.", "96"),
    ("place", "법주사 신도, 산행 중 낙상.", "법주사"),
    ("id_number", "Passenger in stateroom 6120, ship's doctor referral.", "6120"),
    ("place", "junior at lakeview high, sports physical", "lakeview high"),
    ("place", "Staff at the Bonneville Foundation archive.", "Foundation"),
    # round forty-seven's: a phone's extension or option after a number read as an id, its area code read out; a
    # part of a month; a date in words with slashes; a plate after its state's letters or name; a U.S. highway with
    # its dots, a farm road in lower case; a surname that is a word after a masked initial; a hospital by one word
    # before its town; a building, a trail after "the"; an event's year before or after it; a Korean festival
    # after its place, a weekday after a festival's week
    ("contact", "Reach the shop at 5550177 x22 any day.", "x22"),
    ("contact", "Call the clinic line 5550148 opt 4 for imaging.", "opt 4"),
    ("contact", "Shop line (three oh seven) five five five, oh one four eight", "three oh seven"),
    ("date", "Cough since mid-August.", "mid-August"),
    ("date", "seen early sept for follow-up", "early sept"),
    ("date", "Onset the first week of October.", "first week of October"),
    ("date", "ED visit eleven/four/twenty-two per chart", "eleven/four/twenty-two"),
    ("id_number", "Pickup, plate MT 4KT 882, rolled on gravel.", "4KT 882"),
    ("id_number", "Nebraska tag 22 HRV on the trailer.", "22 HRV"),
    ("place", "Rollover on U.S. 212 east of the river.", "U.S. 212"),
    ("place", "Hit a deer along fm 2810 at dusk.", "fm 2810"),
    ("name", "Tech: D. Fields   Views: PA", "Fields"),
    ("place", "Transferred to Mercy in Ardmore by air.", "Mercy"),
    ("place", "Burned in a lab in the Gaines building.", "Gaines building"),
    ("date", "Sauna burn on Midsommar (St. John's Eve) 2022.", "2022"),
    ("date", "Thrown at the 2023 Wibaux Rodeo Days; rib pain.", "2023"),
    ("date", "작년 갈대축제 셋째 주 일요일에 다녀옴.", "셋째 주 일요일"),
    ("date", "장항읍 갈대축제 다녀온 뒤 기침.", "갈대축제"),
    # and: a head's "of the" name; a town after its masked institution; the last four of an SSN "given as"; a
    # spelled e-mail with dots in its name; a Korean portal's login; a town's five-day market, a river's bank, a
    # township's garden; a festival's own word after its masked name; a town's image archive; a lower-case surname
    # that is a word before "pt"
    ("place", "Syncopal episode while volunteering at the Museum of the Rockies.", "Museum of the Rockies"),
    ("place", "Patient is a student at College of the Redwoods, lives in the dorms.", "College of the Redwoods"),
    ("place", "Resident of Pine Bluff Care Center in Lead; sent for aspiration concern.", "Lead"),
    ("place", "Pre-placement exam at the Homestake Lab, Lead.", "Lead"),
    ("id_number", "Last four of SSN given as 6632 for phone verification.", "6632"),
    ("contact", "contact: mary.kay.rn at yahoo dot com", "mary.kay.rn"),
    ("contact", "환자 포털 아이디: leesh1971", "leesh1971"),
    ("place", "홍산 5일장에서 좌판 운영.", "5일장"),
    ("place", "백마강 둔치에서 자전거 타다 넘어짐.", "둔치"),
    ("place", "금산군 남이면 하늘물빛정원 직원으로 근무함.", "하늘물빛정원"),
    ("date", "동백꽃 주꾸미 축제(2024년 3월) 방문 후 발열 시작.", "축제"),
    ("place", "Read remotely; images on the Spearfish PACS.", "Spearfish"),
    ("name", "per ed doc lyle walker pt fell off hay wagon", "walker"),
    ("place", "Critical result called to the nurse at the Circle clinic; read-back confirmed.", "Circle"),
    # and (the twenty-sixth session's second part): a business by its capitalised words before its masked street; a
    # Korean dig's or office's word after its masked site; a temple before "near"; a truck stop after its town
    ("place", "Works nights at the Town Pump on N 7th; smoker.", "Town Pump"),
    ("place", "반남면 고분군 발굴현장 작업자, 흙먼지 흡입", "발굴현장"),
    ("place", "보석사 인근 농가에서 거주하며 인삼 재배.", "보석사"),
    ("place", "Works nights at the Big Springs truck stop off the interstate.", "truck stop"),
    # round forty-eight's: an area code told after a masked phone; a dotted local number after a line's cue; the
    # last group of an id in groups; an EMS run's number; a PIN before a sentence's stop; "ends in" and the last
    # four; a town's fire or police service; a role in lower case before a capitalised surname, or initials and a
    # surname in lower case; "doc" and a surname; a county's lane with a half; a town's days by its year; an
    # event's weekend "in" a year; a generic hospital before its masked town; Korean: a train's line before its
    # station, a zoo, a bike path, a mart after a masked place, a festival's year, a town's five-day market
    ("contact", "Pt's son's cell: 555-0143 (area code 307)", "area code 307"),
    ("contact", "Call-back line 555.0172 after hours", "555.0172"),
    ("id_number", "Member ID: K40 5521 8830", "8830"),
    ("id_number", "Ambulance run # 23-1187 attached.", "23-1187"),
    ("id_number", "Transfer desk: option 3, then PIN 5530.", "5530"),
    ("id_number", "Medicare number on the card ends in 4471.", "4471"),
    ("place", "Extricated by Kimball VFD after the rollover.", "Kimball"),
    ("name", "Per EMS (medic Fox): found down in the barn.", "Fox"),
    ("name", "prelim reviewed by attending j. r. wolfenbarger, agree", "wolfenbarger"),
    ("name", "her pcp is doc langenfeld in town", "langenfeld"),
    ("place", "lives on lane 11 1/2 past the beet dump", "lane 11 1/2"),
    ("date", "Cough since Frontier Days of '97 weekend.", "Days of '97"),
    ("date", "Fell at the Rhubarb Festival weekend in 2023; rib pain.", "2023"),
    ("place", "Outside films from Memorial Hospital, Ogallala, NE on CD.", "Memorial Hospital"),
    ("place", "SRT 수서역 근처 공사현장 근로자.", "SRT"),
    ("place", "계룡대 복지마트 직원, 물품 하역 중 흉부 압박 손상.", "복지마트"),
    ("date", "군포 철쭉 축제 2024 행사 중 넘어져 내원함.", "2024"),
    ("place", "홍산 5일장에서 넘어진 후 흉벽 통증.", "홍산"),
    ("place", "광명동굴 관리사무소 근무, 갱내 분진 노출 가능성.", "광명동굴"),
    ("name", "pt name wyatt colter stone dob 4 9 68 per the req", "stone"),
    ("name", "Ref: lindgren, marta (FNP)", "lindgren, marta"),
    # twenty-seventh session (round forty-nine's classes)
    ("place", "근무지: 솔뫼양조장 (포장 담당)", "솔뫼양조장"),
    ("place", "다온와이너리에서 시음 중 어지러움", "다온와이너리"),
    ("place", "crew chief of the Farson EMS reported GCS 14", "Farson"),
    ("place", "EMT with Hulett Ambulance gave the report", "Hulett"),
    ("place", "patient brought in by the kaycee ambulance crew", "kaycee"),
    ("date", "Seen in clinic on the 19th, then lost to follow-up", "19th"),
    ("date", "The CT on the twenty-fourth was stable.", "twenty-fourth"),
    ("date", "Repeat film scheduled on the 5th.", "5th"),
    ("date", "comparison: outside film read 07/12", "07/12"),
    ("age", "she marks her one hundred and first birthday today", "one hundred and first"),
    ("id_number", "Ord 771203 / Acc pending", "771203"),
    ("korean_name", "말순 할머니께서 어제부터 열이 남", "말순"),
    ("korean_name", "채온 어린이, 기침 3일", "채온"),
    ("name", "asks everyone to call him Skeeter.", "Skeeter"),
    ("name", "ask for Marlys on 3 West", "Marlys"),
    ("place", "봉선사 참배 후 어지러움", "봉선사"),
    ("place", "직장: 평택LNG 기지", "평택LNG"),
    ("place", "운정신도시아이파크 3단지 거주", "운정신도시아이파크"),
    ("place", "Collapsed at the Moose Lodge bingo night", "Moose Lodge"),
    ("place", "Home: 118 1/2 W Pine St", "118 1/2 W Pine St"),
    ("name", "SURNAME: REDHAWK    GIVEN: JUNE", "REDHAWK"),
    ("name", "SURNAME: REDHAWK    GIVEN: JUNE", "JUNE"),
    ("place", "Works the counter at the Big Piney post office.", "Big Piney"),
    ("place", "cleaning a bin at the shoshoni elevator", "shoshoni"),
    ("place", "from the lusk area, lives alone", "lusk"),
    ("date", "Adm Dt: 6/14  Disch Dt: 6/19", "6/14"),
    ("date", "Adm Dt: 6/14  Disch Dt: 6/19", "6/19"),
    ("date", "found down new year's eve, brought in by neighbor", "new year's eve"),
    ("date", "23/11/7 목요일 재촬영", "23/11/7"),
    ("date", "treestand fall on opening day 2022", "opening day 2022"),
    ("place", "fell while hiking on Crowheart Bench.", "Crowheart Bench"),
    ("korean_name", "이솔 환아, 발열로 촬영", "이솔"),
    (
        "date",
        "Tree stand fall on the opening weekend of pheasant season, Oct 2024.",
        "opening weekend of pheasant season",
    ),
    ("name", "ranch hand for the Oberholtzer family, lives in their bunkhouse", "Oberholtzer"),
    ("place", "lives at 3rd and broadway over the pharmacy", "3rd and broadway"),
]
# Dictated, lower-case text (speech recognition, a lower-cased export): what a capital marks elsewhere is read
# here from the gazetteer, a street's kind, a holiday's name after its cue and numbers read out with their
# separators. Tested in a lower-case report (a dictated report is lower case throughout).
LOWER_CLASSES = [
    ("name", "history per ordering np yesenia quispe: fever and cough x5 days", "yesenia quispe"),
    ("place", "pt from unalaska, dutch harbor area, fish processing worker", "dutch harbor"),
    ("address", "send films to 17 sugar camp rd, coalwood, wv 24824 attn records", "24824"),
    ("address", "rural address 20417 hwy 85, watford city", "20417 hwy 85"),
    ("name", "rosalind called back about the outside films, wants a copy", "rosalind"),
    ("date", "dob october ninth nineteen thirty one per son", "nineteen thirty one"),
    ("place", "lives in a camper on dry creek rd with her son", "dry creek rd"),
    ("place", "moved to an apartment on calle luna last year, works nights", "calle luna"),
    ("place", "works at a dairy outside tillamook, dust and ammonia exposure", "tillamook"),
    ("name", "transcribed by dkw, no changes to the impression", "dkw"),
    ("name", "message left for tran thi ngoc, she will call back", "tran thi ngoc"),
    ("name", "ok per dr.kowalczyk to proceed without contrast", "kowalczyk"),
    ("place", "transferred from eagle butte ihs for cough", "eagle butte"),
    ("place", "she moved here from cherry hill last spring and smokes", "cherry hill"),
    ("place", "he lives alone on ventnor avenue near the boardwalk", "ventnor avenue"),
    (
        "place",
        "transferred from pine barrens regional medical center by ambulance",
        "pine barrens regional medical center",
    ),
    ("place", "worked as a rigger at the port of baltimore for years", "port of baltimore"),
    ("date", "compared with the film from memorial day no change", "memorial day"),
    (
        "date",
        "prior study dated one one slash two two slash twenty four shows the same",
        "one one slash two two slash twenty four",
    ),
    ("date", "date of birth four nineteen forty eight per the face sheet", "four nineteen forty eight"),
    ("contact", "call the charge nurse at extension four four one six today", "four four one six"),
    (
        "id_number",
        "account number seven seven one dash four four dash two nine read back",
        "seven seven one dash four four dash two nine",
    ),
    ("date", "similar to the ct from september of last year per the patient", "september of last year"),
    ("place", "she lives alone in brigantine shores and walks daily", "brigantine shores"),
    ("place", "a millville new jersey native here for follow up", "millville"),
    ("name", "odessa pruitt comma the patient's niece comma asked for a copy", "odessa pruitt"),
    ("place", "lives in the hollyoak heights neighborhood with her son", "hollyoak heights"),
    ("place", "lives up sugartree hollow with her brother", "sugartree hollow"),
    ("place", "pt sleeps by the tannery creek trestle most nights", "tannery creek trestle"),
    ("place", "works at the okemah feed mill, grain dust", "okemah"),
    ("place", "a fisherman from chignik, here for cough", "chignik"),
]
_IDS = [f"{c}-{i}" for i, (c, _, _) in enumerate(CLASSES)]
FILLER = "Lungs are clear. No pleural effusion or pneumothorax. Heart size is normal. "

# Invisible characters an export leaves inside an identifier (each one hid identifiers before issue 26).
INVISIBLE = {
    "ansi_bold": ("\x1b[1m", "\x1b[0m"),
    "nul": ("\x00", ""),
    "lrm": ("\u200e", ""),
    "zwsp": ("\u200b", ""),
    "soft_hyphen": ("\u00ad", ""),
    "bom": ("\ufeff", ""),
}


def _hide(text: str, secret: str, kind: str) -> str:
    """``text`` with an invisible character inside ``secret`` (ANSI bold around it)."""
    start, end = INVISIBLE[kind]
    if kind == "ansi_bold":
        return text.replace(secret, start + secret + end, 1)
    mid = len(secret) // 2
    return text.replace(secret, secret[:mid] + start + secret[mid:], 1)


@pytest.mark.parametrize("cls,text,secret", CLASSES, ids=_IDS)
def test_each_class_is_found(cls, text, secret):
    r = SCREEN.screen(text)
    assert caught_in(secret, text, r.text), r.counts
    assert r.residual == 0 and r.total >= 1


# every class under every kind in `make test`; under `make test-fast` ("not slow") each class under one kind, the
# kinds taken in turn, so that every kind still meets a sixth of the classes
_HIDDEN_CASES = [
    pytest.param(
        cls, text, secret, kind, id=f"{kind}-{case}", marks=() if i % len(INVISIBLE) == k else pytest.mark.slow
    )
    for i, (case, (cls, text, secret)) in enumerate(zip(_IDS, CLASSES, strict=True))
    for k, kind in enumerate(sorted(INVISIBLE))
]


@pytest.mark.parametrize("cls,text,secret,kind", _HIDDEN_CASES)
def test_invisible_characters_hide_nothing(cls, text, secret, kind):
    hidden = _hide(text, secret, kind)
    assert hidden != text
    r = SCREEN.screen(hidden)
    assert caught_in(secret, text, r.text), (kind, r.counts)
    assert "\x1b" not in r.text and "\x00" not in r.text and "\u200b" not in r.text


# The cuts are the same code at any window size (the overlap is the production one): a window of 600 characters
# makes each report a sixth as long as at 4,096 (this test was half the PHI tests' time); the production size is
# kept for every tenth class. After the text, the filler runs just past the second window's overlap.
SMALL_WINDOW = 600
TAIL = FILLER * (2 * OVERLAP_CHARS // len(FILLER) + 1)
SMALL_WINDOW_SCREEN = PhiScreen(window_chars=SMALL_WINDOW)


def _cut_reports(text: str, secret: str, size: int):
    """Reports placing ``text`` so that the first window's core (of ``size``) ends between the cue and the
    identifier, at the identifier's start and in its middle (the cuts that separated a cue from its identifier);
    the text opens a sentence, as it does in its report."""
    at = text.index(secret)
    for cut in sorted({at - 1, at, at + len(secret) // 2}):
        if cut < 0:
            continue
        # the filler's last sentence ends right before the text (cut short at the report's start instead)
        head = (FILLER * (size // len(FILLER) + 2))[-(size - cut) :]
        report = head + text + " " + TAIL  # past the first window and its overlap (the cut is in the first)
        assert len(report) > size + 2 * OVERLAP_CHARS  # screened in windows
        assert len(head) + cut == size  # the first core ends here
        yield cut, report


@pytest.mark.parametrize("cls,text,secret", CLASSES, ids=_IDS)
def test_a_window_cut_never_separates_a_cue_from_its_identifier(cls, text, secret):
    """The sentence is placed at the cuts of ``_cut_reports`` (a window of ``SMALL_WINDOW``)."""
    for cut, report in _cut_reports(text, secret, SMALL_WINDOW):
        r = SMALL_WINDOW_SCREEN.screen(report)
        assert caught_in(secret, report, r.text), (cut, r.counts)
        assert r.text.count("Lungs are clear.") == report.count("Lungs are clear."), "filler altered"


@pytest.mark.parametrize("cls,text,secret", CLASSES[::10], ids=_IDS[::10])
def test_a_cut_of_the_production_window_never_separates_a_cue_from_its_identifier(cls, text, secret):
    for cut, report in _cut_reports(text, secret, WINDOW_CHARS):
        r = SCREEN.screen(report)
        assert caught_in(secret, report, r.text), (cut, r.counts)
        assert r.text.count("Lungs are clear.") == report.count("Lungs are clear."), "filler altered"


LOWER_FILLER = "lungs are clear period no pleural effusion or pneumothorax period heart size is normal period "


@pytest.mark.parametrize(
    "cls,text,secret", LOWER_CLASSES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(LOWER_CLASSES)]
)
def test_dictated_lower_case_classes_are_found_at_any_cut(cls, text, secret):
    r = SCREEN.screen(text)
    assert caught_in(secret, text, r.text), r.counts
    at = text.index(secret)
    for cut in sorted({at, at + len(secret) // 2}):
        head = (LOWER_FILLER * (WINDOW_CHARS // len(LOWER_FILLER) + 1))[: WINDOW_CHARS - cut - 1] + " "
        report = head + text + " " + LOWER_FILLER * 10
        r = SCREEN.screen(report)
        assert caught_in(secret, report, r.text), (cut, r.counts)
        assert r.text.count("lungs are clear") == report.count("lungs are clear"), "filler altered"


@pytest.mark.parametrize(
    "text",
    [
        "there is a three dash four mm nodule in the right upper lobe",
        "grade one slash two systolic murmur per the referring note",
        "ejection fraction fifty five dash sixty percent on the echo",
        "patient was seen in the emergency department and admitted to medicine",
        "no change since the study in march period lungs are clear",
        "transferred from the outside hospital for higher level of care",
        "air in the right pleural space near the minor fissure comma the patient's heart is normal",
        "moved to rural kansas last year and lives in the same city",
        "lives with wife in a mobile home, works in sales at the local dealership",
        "pt works at the mill and lives in the same town as her sister",
    ],
)
def test_dictated_report_language_survives(text):
    assert SCREEN.screen(text).text == text


def test_windows_cover_the_text_with_overlap():
    assert windows(100) == [(0, 100, 0, 100)]
    n = 3 * WINDOW_CHARS + 17
    ws = windows(n)
    assert [c for _, _, c, _ in ws] == [0, WINDOW_CHARS, 2 * WINDOW_CHARS, 3 * WINDOW_CHARS]
    assert ws[-1][3] == n and all(b - a <= WINDOW_CHARS + 2 * OVERLAP_CHARS for a, b, _, _ in ws)
    assert all(a == max(0, c - OVERLAP_CHARS) for a, _, c, _ in ws)


@pytest.mark.parametrize(
    "phone", ["010-1234-5678", "02-123-4567", "02-1234-5678", "031-123-4567", "+82-10-9876-5432", "1588-1234"]
)
def test_korean_phone_numbers_are_redacted_not_quarantined(phone):
    """Regression of issue 26: Korean mobile and Seoul numbers quarantined the study as phi_residual."""
    for text in (f"보호자 연락처: {phone}", f"Call the family at {phone} with results.", f"{phone} (휴대폰)"):
        r = SCREEN.screen(text)
        assert caught_in(phone, text, r.text), r.text
        assert r.residual == 0 and r.counts["phone"] >= 1


# Report language that looks like names, dates or ids; each sentence must come back unchanged.
CLINICAL = [
    "Exam name: Chest PA and lateral. The name of the device is Port-A-Cath.",  # "name" without a name's label
    "Kerley B lines at the bases, compatible with interstitial edema.",
    "KERLEY B LINES. SWAN-GANZ CATHETER TIP IN THE RIGHT PULMONARY ARTERY.",
    "Swan-Ganz catheter, Port-A-Cath and Dobbhoff tube in standard position.",
    "Westermark sign and Hampton hump raise concern for pulmonary embolism.",
    "Morgagni hernia anteriorly; no Bochdalek hernia.",
    "Findings suggest a Pancoast tumor; an Ivor Lewis esophagectomy is noted.",
    "Hilar fullness (Garland triad pattern) and Lofgren syndrome were considered.",
    "Discussed with the Interventional Radiology team at 14:05.",
    "GCS 7/15 on arrival. Grade 2/4 murmur. BP 132/85. FiO2 40%.",
    "Atelectasis, Bibasilar. Effusion, Left Pleural. Cardiomegaly, Mild.",
    "폐렴 환자에서 우하엽 경화 소견. 결핵 환자 추적 검사.",
    "유도선 및 심박동기 위치 이상 없음. 좌상엽 무기폐 호전.",
    "Tc-99m MAA perfusion scan recommended. Lung-RADS 4A.",
    "Rocky Mountain spotted fever and West Nile virus were considered.",
    "Bileaflet St. Jude mechanical aortic valve prosthesis.",
    "Follow-up PA and lateral radiograph in 6-8 weeks. FOLLOW-UP PA AND LATERAL.",
    "O2 sat 88-92% on room air. Sat 94%.",
    "Hashimoto thyroiditis. Wegener granulomatosis. Denver pleuroperitoneal shunt catheter.",
    "Young adult with cough. Case reviewed at conference.",
    "EXAM: DX CHEST PA/LAT   PRIORITY: ROUTINE   STATUS: FINAL",
    "임상의와 상의 바람. 호흡기내과 진료 권유. 잠복결핵 검사 양성자.",
    "Lines and tubes: Dobbhoff, Swan-Ganz, Foley, Jackson-Pratt drains.",
    "Hospice Care team and Palliative Care service following. Nodules range from 10-15 mm.",
    "NO FOCAL CONSOL, EFF OR PTX. SMALL L PTX. LARGE R EFF. Small R-sided eff.",
    "DISCUSSED WITH THE ICU TEAM AT 14:05 BY TELEPHONE.",
    "Vent settings: AC 450/16/8/40%. ABG 7.31/58/62 on arrival.",
    "Results discussed with the attending radiologist prior to release.",
    "Boston Scientific CRT-D and a Medtronic ICD. 담당 전공의와 결과 상의함. 고혈압 환자, 폐렴 환자.",
    "Opacification of 3/4 of the right hemithorax. Quinton dialysis catheter. Philadelphia chromosome-positive.",
    "안정적인 소견으로 1년 후 추적 검사 권유. 경과 관찰로 6개월 후 재검.",
    "Lines/tubes: Swan-Ganz, Dobbhoff, Foley (partially imaged), PleurX catheter. Agent Orange exposure.",
    "Per RECIST 1.1, stable. Post-Anesthesia Care Unit. Lines 1-\n3 unchanged.",
    # device makers and brands, triple-barrelled eponyms, Spanish report text, acronyms, Korean "word + case ending"
    "Medtronic Evolut PRO valve and a Biotronik dual-chamber pacemaker; Amplatzer occluder across the ASD.",
    "HEARTWARE HVAD AND CENTRIMAG CANNULAE IN PLACE. IMPELLA CP TIP IN THE LEFT VENTRICLE.",
    "History of Charcot-Marie-Tooth disease; Klippel-Trenaunay-Weber syndrome was excluded.",
    "IMPRESIÓN: CAMBIOS POSTQUIRÚRGICOS. DERRAME PLEURAL DERECHO PEQUEÑO.",
    "paciente con tos y fiebre de tres días, sin disnea; se recomienda control radiológico.",
    "Per NCCN and ACCP guidance, follow-up chest CT is suggested.",
    "의뢰의에게 전화로 보고함. 환자에게 구두로 설명함.",
    "Sternal Dall-Miles cables and Harrington rods are unchanged.",
    "Patient lives alone; resident of assisted living, moved to the area recently.",
    # from a clinical stress set (eponym heads, "X of Name" anatomy, brands in parentheses, plurals, capitals)
    "Pores of Kohn, the ligament of Treitz and a vein of Galen malformation were discussed.",
    "Azithromycin (Zithromax, Zmax) and dronedarone (Multaq) are listed in the history.",
    "STATUS POST THORACENTESIS, STABLE. CHEST WALL COLLATERALS. STATUS POST ORTHOTOPIC HEART TRANSPLANT.",
    "Status post CABG x3 (SVG-OM, SVG-RCA) with intact sternal wires.",
    "Ivor Lewis 식도절제술 후 상태. 위치 조정이 필요함. 마르판증후군 환자로 대동맥 확장 소견.",
    "Weaned to 1/2 L nasal cannula overnight; on 3/4 L NC now.",
    "PER FLEISCHNER SOCIETY GUIDELINES, NO FOLLOW-UP IS NEEDED.",
    "Embolization coils (Nester, Tornado) in the bronchial artery; Magill forceps and a Huber needle noted.",
    # from the ninth held-out round: professional bodies, services, Korean report endings
    "Per American College of Chest Physicians and European Respiratory Society guidance, no follow-up.",
    "Discussed with Interventional Pulmonology and Cardiothoracic Surgery at 10:15.",
    "흉부 X선 소견은 정상임. 특이 소견 관찰됨. 추적 검사 권고함.",
    # cue words that also begin report text
    "Line: right IJ central venous catheter, tip at the cavoatrial junction.",
    "Foley (RN placed) and a Dobbhoff (IR) are noted. Transferred from ICU to the floor.",
    "Seen at ED triage; admitted to Medicine. Previously treated at an outside hospital.",
    # departments, diseases and modifiers before 환자
    "Recommend Thoracic Surgery consultation; Interventional Radiology is aware.",
    "류마티스 관절염 환자, 간질성 폐질환 추적. 와파린 복용 중인 환자. 베체트병 환자.",
    # a common word is no given name; care teams are not places
    "HISTORY: FEVER X 3 DAYS, WEAKNESS. SOB X 2 WEEKS, SMOKER.",
    "Results sent to the Primary Care Team and the Home Based Primary Care service.",
    # verbs after 'patient', report words in capitals after an institution word, acronyms after 'per'
    "Port terminates at the cavoatrial junction; the patient remains intubated. Pt tolerates the exam.",
    "OCCUPATIONAL MEDICINE B READ: NO PLEURAL PLAQUES. B Reader classification per ILO and NIOSH guidance.",
    # 'in' is no state code in lower case, medical suffixes, procedure codes, ranges of fractions
    "Kerley B lines radiate from the hila, in keeping with edema.",
    "CLINICAL HISTORY: SEPSIS, HYPOTENSION. INDICATION: BACTEREMIA, TACHYCARDIA.",
    "PROCEDURE CODE: 71046 XR CHEST 2 VIEWS. CPT code 71045.",
    "Kerley B lines and Hampton hump; Swan-Ganz and Dobbhoff tubes in place.",
    "Final: no change. Prelim: PA/LAT views; read by: CT technologist.",
    "Portable AP 72 M: stable cardiomegaly.",
    "兩側 肋膜 肥厚 및 石灰化, 高血壓 및 肺結核 病歷.",
    "Discussed with Cardiothoracic Surgery and Radiology; Fleischner and Lung-RADS criteria apply.",
    "Magnification x2 views; 2 x 3 cm nodule; WBC 12.1 x10^9/L.",
    "Referral to the Smoking Cessation Clinic and the Weight Loss Management Program.",
    "PRELIMINARY REPORT -- CONFIDENTIAL RADIOLOGY REPORT FOLLOWS.",
    "항암화학요법 후 종괴 크기 감소. 장기요양 시설 입소 중. 고위험군 검진 대상.",
    "Mach bands along the heart border mimic a pneumothorax.",
    "Respirator Fit Testing and Spirometer Calibration are documented elsewhere.",
    "국민건강보험공단 일반건강검진 흉부 촬영.",
    "STATUS POST FONTAN, GLENN AND NORWOOD PROCEDURES.",
    "S/P GLENN. Status post Ravitch, Nuss bar in place.",
    "기관지폐이형성증 소견 지속. 만성폐질환 환자.",
    "Per Children's Oncology Group guidelines.",
    "의사 소통이 어려움. 소통이 원활하지 않음. 이하 소견 없음.",
    "Venogram and esophagram are unremarkable. NG tube in the stomach.",
    "At 14:30 the tube was advanced; repeat at 16:05.",
    "Echo shows normal EF. Delta of 2 mm from prior. Agent Orange exposure.",
    "Insurance: Medicare. Mission: lung screening. Officer of the day not applicable.",
    "Lungs, New York Heart Association class II symptoms. Apex, clear.",
    "Category: normal B (경계); follow-up (추적) in one year.",
    "HISTORY: Dysphagia. Aphasia. FiO2 35% via Venturi mask. Reported to the Director of Nursing.",
    "치매 환자로 AP 좌위로 촬영함. 판독의 소견: 이상 없음.",
    "Room air saturation 94%. Grade II-III reflux. Stage IV disease. CXR 2 views.",
    "Agatston percentile from the MESA database; on room air; 5 units of blood.",
    "Effusion increased from 1/3 to 1/2 of the hemithorax; now 2/3 filled.",
    "History of latent TB: positive IGRA, BCG in childhood.",
    "중환자실 고정형 장비로 촬영함.",
    "See page 2 of 4 for the prior comparison; page 12 lists the technique.",
    "Uses HomeCare oxygen concentrator at night; SelfCare teaching given.",
    "The fellow, the attending and the charge nurse were at the bedside.",
    "Meniscus sign of fluid with a Damoiseau curve laterally.",
    "Transfer Center notified; Access Center to arrange the bed.",
    "Detector 35 x 43 cm, grid 12:1, SID 180 cm.",
    "Port placement planned; the Hickman port is flushed; access port in place.",
    "Point tenderness over the left seventh rib; grand mal seizure history.",
    "The patient is 90% adherent; she is 95 kg.",
    "장기이식센터 코디네이터팀과 암센터 외래에 전달함.",
    "Since spring the nodule is stable; winter dosing unchanged.",
    "HISTORY: Coal Mine Worker, Black Lung Surveillance.",
    "Outside Imaging Review requested by Thoracic Surgery.",
    "Pulmonology (Interstitial Lung Disease Service) to follow.",
    "Comparison: Chest Radiograph, Prior Exam Unavailable.",
    "Positive PPD, BCG vaccinated in childhood; no active disease.",
    "결핵 환자 접촉자 검진으로 시행한 흉부 촬영.",
    "환자 협조가 어려워 흡기가 불충분함.",
    "진단명: 급성 기관지염. 장기요양 진단서 발급용.",
    "통역 서비스 이용하여 호흡 지시함.",
    "Patient May Require repeat imaging. Patient Education Materials given.",
    # report language beside heldout33/34's classes
    "Halo vest in place; cervical alignment maintained.",
    "Milwaukee brace limits assessment of the lower thorax.",
    "Pierre Robin sequence with glossoptosis; airway patent.",
    "Berlin Heart cannulas unchanged in position.",
    "CT ANGIOGRAPHY WITH CONTRAST, LOW DOSE PROTOCOL",
    "Exposure index 980 (target range 800-1000).",
    "보호자 동반 하에 촬영함.",
    "가골 형성이 관찰됨.",
    "어린이집 등원 중 발열.",
    "가족력: 부: 고혈압, 모: 당뇨",
    "모: 특이사항 없음",
    "조모: 치매 진단",
    "아빠 동의 하에 재촬영.",
    "Christmas disease (hemophilia B) history noted.",
    # report language beside heldout35/36's classes
    "WET READ: Right IJ line tip in the SVC.",
    "READER: Secondary (adjudication)",
    "ECOG PS 2; weight loss.",
    "통역 서비스 이용하여 설명함.",
    "조영제 주입 후 조영증강 없음.",
    "임상시험센터 요청으로 재촬영.",
    "Research Pharmacy contacted about contrast premedication.",
    '<Section name="Findings">',
    "Target range 1800-2200 for exposure index.",
    "Q2 of the tube current curve is flat.",
    "Week 12 of chemotherapy; no new nodule.",
    "3/4 of the right lung is opacified.",
    # report language beside heldout37/38's classes
    "Klippel-Feil fusion at C2-3.",
    "Servicio de Urgencias avisado.",
    "DOB: [REDACTED]   MRN: [REDACTED]",
    "Military Treatment Facility radiology to follow.",
    # report language beside this session's classes (heldout39)
    "Épanchement pleural; le piso 4 mm mesuré au scanner.",
    "환자는 호텔에서 넘어진 후 흉통 호소.",
    "Dose given at 0300 mg? No: 300 mg at bedtime.",
    "Pulmonary AE noted on the trial form.",
    "Osler-Weber-Rendu syndrome with AVMs.",
    # report language beside heldout40's classes
    "학생건강센터 담당 간호사에게 결과 전달.",
    "소속 부대에 결과 통보 예정.",
    "The day after surgery the effusion decreased.",
    "Works at the lung clinic as a nurse.",
    "Version 2 of the protocol; lesion 26.5 mm.",
    # report language beside heldout41's classes
    "Outside measurement ١٢ mm; our measurement 12 mm.",
    "Tir 2 cm nodule is unchanged.",
    "Opacity in the perihilar region and the retrocardiac region.",
    "Findings (PA view): clear lungs.",
    "From Monday the ward will use the new protocol.",
    "From Kerley B lines to frank edema in two days.",
    "Subcarinal region is again seen; Perihilar region haziness.",
    # report language beside heldout42/43's classes
    "Seen in the Heart Failure clinic.",
    "Line position checked: OK",
    "route 2 of administration",
    "turned 90 degrees for the lateral",
    "보호자에게 결과 설명은 주치의가 시행 예정.",
    "Hickman, Groshong and Broviac catheters in place.",
    "Followed in the Lung Nodule clinic; Checked: no pneumothorax.",
    "Feeding tube (Corflo) tip in the stomach.",
    "The Peer Review Committee agreed.",
    "Acquired By: Technologist   Read By: Attending",
    "INDICATION: TRAUMA, FALL FROM HEIGHT",
    "신주위 혈종 및 장간막 손상 의심.",
    "흉부외과 상의 요함.",
    "판독문 수정 (Addendum) 추가함.",
    "권역외상센터 외상팀에 공유함.",
    "Schatzker II tibial plateau fracture.",
    "Gustilo-Anderson IIIA open femoral shaft fracture.",
    "Ottawa knee rules negative.",
    "Sager traction splint in place.",
    "Microbiology grew Klebsiella and Moraxella.",
    "one or two small nodules, three to four mm",
    "Lesions may first appear in the upper lobes.",
    "3 mm nodule in the left lower lobe on ct",
    "Opacity in the skeleton; no change from the outside films.",
    "Freight elevator injury; rib fractures.",
    "history of MS with new cough",
    "Post Glenn circulation unchanged.",
    "Pain 8/10 since admission.",
    "Done on 2/3 of the images.",
    "Reviewed by ACR guidelines.",
    "Dose 5 mg at 10:00 on day 3.",
    "the county hospital referred the films",
    "Findings of the Lung are stable.",
    "Pipe table: a | b | c",
    "'폐렴' 환자 입원 중.",
    "우측 '결절' 소견.",
    "Framingham risk score elevated.",
    "Norwalk agent suspected; lungs clear.",
    "Gray-white soft tissue density at the apex.",
    "Transport: Stretcher",
    "Mother reports fever since Monday.",
    "Lake Louise score 5 at altitude.",
    "당시 정면 사진과 비교함.",
    "측면 거리 측정상 변화 없음.",
    "Left VA normal per ophthalmology.",
    "Tug of war injury; the Lung Club support group meets weekly.",
    "Local anesthesia; ED visit for pain; MRN on the label.",
    "Recommend discussion with Hospice and Palliative Medicine.",
    "주간보호센터 이용 중 발생한 기침.",
    "Seen first week of illness; second week of antibiotics.",
    '"system": "http://loinc.org", "code": "24627-2"; units per http://unitsofmeasure.org',
    "(0008,1030) StudyDescription LO [XR CHEST 2 VIEWS]",
    "ACCESSION,MRN,DOB,EXAM,STATUS",
    '{"finding": "\\ud3d0\\ub834", "site": "RUL"}',
    "Name: [PATIENT NAME]   DOB: [DOB]   Acc: {{accession}}",
    "주간보호센터 이용 중이며 보호자가 운영하는 노인전문병원은 아님.",
    "Within normal limits for the patient's age; pt's chart reviewed.",
    "Paired diameters 11/16 mm and 14/19 mm on axial images.",
    "Stations per the IASLC map (Mountain-Dresler modification).",
    # empty form fields: the next label is no value; blanks and nulls of an export are no names
    "Name:            Chart number:            Sex/Age:",
    "Dictated by:        Date/Time:        Signed:",
    "성명:          병록번호:          생년월일:          서명",
    '{"referring_physician": null, "ordering_provider": NULL}',
    "Primary Payer    Secondary Insurance    Copay",
    # capitals disclaimers and decorations, services shaped like institutions, versions
    "THIS MESSAGE INCLUDES PROTECTED HEALTH INFORMATION; DESTROY IF MISDIRECTED.",
    "*****ADDENDUM REPORT*****",
    "Reviewed by the Quantitative Imaging Core before release.",
    "Reconstructed with software version 7.11.4; CAD release 3.2.10.",
    "영상처리 버전 4.12.7 적용 후 재구성함.",
    # Korean report words and classification eponyms
    "좌하엽에 8 mm 간유리 결절과 망상 음영이 관찰됨.",
    "의심 소견 있어 상급종합병원 진료 권유함.",
    "Left renal cyst, Bosniak I; Modic type 1 endplate change at L4-5.",
    # OCR-confusable report words and codes stay as they are
    "CO2 retention; O2 sat 91% on 2L; T1 and T2 signal; IL-6 elevated; I-131 therapy; Iodinated contrast.",
    "Lateral view at 120 kVp, bolus tracking at 150 HU, 1O mm slices.",
    "OBX|1|CE|36643-5^XR Chest 2 Views^LN||RID5350^Normal^RADLEX||||||F",
    "Finding,Location,Size\nNodule,RUL,4 mm\nEffusion,Left,small",
    "Prelims Are Reviewed By The Day Team; CXR 2/3 views obtained.",
    "담당 교수 확인 후 최종 판독 예정. 실버타운 거주 노인으로 정기 검진 목적 촬영.",
    "| series | t2w | flair2 | dwi1000 | stir3 |",
    "Heart Failure Clinic to follow; Lung Nodule Clinic in 3 months.",
    "Compared with today, 1/2 of the effusion has resolved; 2:1 AV block on the ECG.",
    "검사 전 금식하여 주시기 바랍니다. 전공의 예비 판독과 교수 최종 판독 일치.",
    "Refugee Health nursing team will arrange follow-up.",
    "판독의:          확인일시:          서명:",
    "Case referred to the Multidisciplinary Lung Nodule Clinic; films obtained in the trauma bay.",
    "PRIOR AUTHORIZATION REQUEST; Prior Authorization team resubmitted; Prior Studies reviewed.",
    "판독의 서명 전 예비 판독임. CASE CONFERENCE: Chest Imaging Teaching File",
    "Protocol: 0.625 mm axial; [ ] Radiology reports  [ ] Images on CD",
    "PATIENT NAME:            DOB:            MRN:",
    "Patient Name: [ ]  MRN: [ ]  DOB: [ ]   Interpreter needed: Y / N",
    "Date of Service | CPT | Description | Charges",
    "가정의학과 주치의와 결과 상담하시기 바랍니다. 정밀 검사 후 추적.",
    "Mechanical valve, likely Starr-Edwards or Bjork-Shiley; island of Reil normal.",
    "Thank you, Doctor. Hi team, the prelim is in.",
    "Claimant Name:\nCarrier Case No.:\nRendering Facility:\nRequested CPT:",
    "보호자 성명:        주민등록번호:        연락처:",
    "PRIOR AUTHORIZATION REQUEST — ADVANCED IMAGING",
    # a form's number before its document words or after "Form" (not an accession): SF-600, DD-2808, CA-16
    "Findings entered on the SF-600 medical record; Form DD-2808 pending; CA-16 authorization attached.",
    # workflow nouns after a role: documents, not surnames
    "Charge Nurse Flowsheet updated; Technologist Checklist and Radiologist Worklist reviewed at Huddle.",
    "Scanned into chart: Resident Signoff sheet, Physician Questionnaire, Sonographer Logbook.",
    # generic words naming what a desk does or whom it serves: a service, not a place
    "Visitor Registration Desk and Patient Billing Office closed; Newcomer Screening Program to call.",
    "Referral Management Center will fax the order; Infection Prevention Program notified.",
    # units after a number ("452 ms" is milliseconds, not a title), a TNM stage of a postcode's shape
    "Tracing: PR 180 ms, QRS 96 ms noted on telemetry; QTc 452 ms reviewed with cardiology.",
    "Staging: T3N1M0 (stage IIIA); ypT0N0M0 after neoadjuvant therapy.",
    # procedures and murmurs named for people, after their qualifier
    "Classic Glenn shunt and fenestrated Fontan; no Graham Steell murmur or pericardial rub.",
    # roles ending in "worker", and a form's empty labels whose last word is a town's name
    "Social Worker: ______   Case Worker: ______   Date of Reading: ______   Township: ______",
    # Korean: a town's name inside a longer word, industries, departments, diseases, generic units
    "대동맥궁의 동맥경화성 석회화. 석유화학 및 정밀화학 업종 종사자 특수검진.",
    "수두 의심 환아, 흉부외과 전공의와 상의함. 홍역 접촉력 없음.",
    "산업보건센터 및 보훈병원 호흡기센터와 협진 예정.",
    # a form's empty fields: the next line's label, an OCR'd label cut at a digit, "N/A", a Korean "blank"
    "Patient Name:\nDate of Service:\nOrdering Physician:",
    "PAT1ENT NAME :      D0B :      MRN :",
    "Referring provider: N/A   Interpreter: none",
    "보호자명 : (미기재)   연락처 : 공란",
    # an observation's coded identifier in HL7, a version after an id's label, a document's section in capitals
    "OBX|2|TX|FIND^FINDINGS||Lungs are clear.||||||F",
    "Protocol v4.1.2 applied; Protocol rev3.2 for pediatric dose.",
    "TRANSFER PACKET - RADIOLOGY SECTION",
    # a verb after a role, and a disease named for a valley
    "The ICU attending concurs; radiologist agrees with the prelim.",
    "Rift Valley fever and Ohio Valley disease are not suspected.",
    "Moved to the ICU in 2019 for sepsis; came to the ED in 2021 with dyspnea.",
    # from heldout77-80: a unit before "at", a version with four parts, generic programmes and facilities in
    # capitals, a prefixed verb at a sentence's start, French report words, a kind of terminal
    "Creatinine 1.4 mg/dL at 0500; lactate 2.1 mmol/L.",
    "DICOM router version 10.3.2.4; workstation build 3.1.0.22.",
    "COAL WORKERS' HEALTH SURVEILLANCE PROGRAM FORM; FREE CLINIC INTAKE FORM; ASSISTED LIVING FACILITY REQUEST",
    "Recheck requested after the holiday; Reimage ordered for rotation.",
    "RAPPORT DE RADIOLOGIE - RADIOGRAPHIE THORACIQUE",
    "Pilot boarded at the container terminal; crew transferred from the ferry terminal.",
    # a modal verb in capitals, before its verb: not a given name
    "OFFICIAL READ WILL BE ISSUED AFTER REVIEW. CLINICAL CORRELATION MAY BE HELPFUL.",
    # a tribe's words without a name, a log's labels and roles before a colon, a Korean word and its particle
    "Not a tribal member; Native American tribal health program referral offered.",
    "10:15 Tech: repeat lateral obtained\n10:20 RN: patient back to room\nImpression: no change.",
    "Findings: clear lungs.\nImpression: normal.\nRecommendation: none.",
    "Per RT: tube advanced 2 cm. Per RN Note: sats stable.",
    "환자 예후는 양호함. 보호자 설명은 완료됨.",
    # departments in capitals, unknown clinical words, culture media and classifications named for people
    "FORENSIC RADIOLOGY WORKLIST; HYPERBARIC MEDICINE AND BARIATRIC SURGERY CONSULTS.",
    "Mycobacterial culture on Lowenstein-Jensen slants; Salter-Harris II fracture of the distal radius.",
    "SpO2 nadir 84% on exertion.",
    # school and lodging words without a name, chat roles, an empty signature block
    "Pretest probability: Intermediate High. Risk category: Very High.",
    "[10:02] Rads: reviewing now\n[10:03] Ortho: thanks",
    "Signed by:\nDate signed:\nTime signed:",
    # sizes in a slashed triple, a protocol's section, Korean disease and anatomy words, a game
    "Lymph nodes measuring 8/9/11 mm; managed per protocol 4.2.",
    "전신성 홍반성 루푸스 병력. 부비동 내 액체 없음. 경기 중 충돌 후 흉통.",
    "배구 선수 흉부 촬영. 노인 수용자 흉부 촬영.",
    # a port, a mount or a lake that is a device, a named entity of medicine or a common word
    "Port Access via the right subclavian; Port Placement confirmed. Mount Sinai criteria not met.",
    # a DICOM export's keys, a form's or a programme's title of common words, classifications and burn charts
    "Columns: PatientName, PatientID, StudyDate, AccessionNumber, SOPInstanceUID",
    "CHW Home Visit Form; Spiritual Care Referral; FIELD HOSPITAL WORKLIST; HOSPICE PLAN OF CARE",
    "Billroth II anatomy. Gleason 4+3 adenocarcinoma. Burn area by the Lund and Browder chart.",
    "Interpreters available: Somali, Nepali, Pennsylvania Dutch. Extension 12 mm beyond the carina.",
    # Korean titles and roles, report words with a copula, the end of life
    "담당 목사님 방문 예정. 초기 사진은 정상일 수 있음. 임종기 환자로 추가 검사 없음. 통역사 배정을 요청함.",
    # a campus by its direction, a protocol's code with its version, a form's title after a role
    "Modality: DX | Site: Main | Campus: North | Protocol THORAX-PA-v2.4 | Nurse Navigator Intake Form",
    # a Spanish report's headings, services and first words, eponyms in Spanish word order
    "Este estudio fue comparado con el previo. Medicina Interna y Cuidado Intensivo informados por teléfono.",
    "Signo de Westermark ausente; líneas B de Kerley en ambas bases, sin cambios.",
    # billing codes after "code", questionnaires and pores named for people and places, Korean generic workplaces
    "Billed with revenue code 0324 and diagnosis code J18.9; code C34.90 on the claim.",
    "Berlin questionnaire positive. Pores of Kohn and canals of Lambert. 물류센터 근무자. 심박동 규칙적.",
    # clauses of residence, work or origin whose places are generic: a kind of place, a role, a clinical word
    "Lives in a tent near the river; sleeps in his car in winter.",
    "Works in construction and lives alone in an apartment.",
    "The attending agreed with the resident on call.",
    "Surgical clips from the prior cholecystectomy; needle 35 degrees from the axial plane.",
    "Patient from the nursing home with cough; found down in the bathroom.",
    "Came in from the ICU; returned to the floor after the study.",
    "Works at the shipyard; lives on the third floor of the shelter.",
    "Patient is from out of state and staying at a hotel near the hospital.",
    "Lives at home with her daughter; works from home.",
    "Member of the care team reviewed the film with the Chief Resident.",
    "Home: alone, no stairs. Origin: right coronary artery. Nodule just west of the hilum.",
    "Stays in a camper past the grain bins; raised on a farm, moved to the city for work.",
    "Runs cattle on the mesa in summer. Will march in the parade; 3 of may be normal.",
    "항만 하역 작업 중 추락, 흉부 외상 평가 목적. 활동 시 호흡곤란 있으며 요양원 거주 중.",
    "면역 저하 상태로 시설 입소. 지역 보건소 근무 간호사 의뢰. 구제역 방역 작업 후 기침.",
    "보호자 동반하에 촬영함. 간병인 도움으로 좌위 촬영. 영상 사본은 환자 본인에게만 발급. 선천성 심질환 환자.",
    "Pleurx and Foley (catheter) in place. Grade A (ICU) protocol.",
    "The heart is a normal size. Pleurx is a tunneled catheter.",
    "Date: see above. Update: 3 views obtained. Dose date: 2 of 3 vials. Series no. 3, image 45.",
    # an image, a page or a film numbered in its series, a count before what it counts, a lab reference range
    "Image 7/30 reviewed for the line tip.",
    "10/13 nodules stable since the baseline.",
    "Film 1/3: AP supine.",
    "Fusion across 3-4 levels noted.",
    "chloride 96 (ref 98-107).",
    # the x-ray room and the machine by their numbers, beside the equipment's words
    "Portable unit 3 used; grid ratio 8:1.",
    "XR room 1, cassette 4, detector 2.",
    "Patient came in by Emergency Medical Services after a fall.",
    # a drug's brand before its dose is no town ("Norco", "Mesa"), a procedure after "s/p" no person or place
    "Home meds: Norco 10/325 q6h prn, Lasix 20 mg daily, Coumadin 5 mg.",
    "Takes Norco 7.5 mg for back pain.",
    "S/P NORWOOD, GLENN AND FONTAN; status post Ravitch repair.",
    # a language after its label; a device list; eponym complexes and guidelines; capitals of common words
    "Idioma preferido: Español. Interpreter: Tigrinya.",
    "Drains: Hemovac and Jackson-Pratt x2.",
    "RANKE COMPLEX, CALCIFIED. GHON FOCUS, LEFT APEX. Meets Tokyo guidelines for grade II.",
    "** READ BACK REQUIRED ** (RESIDENT READ)",
    "History of grand mal seizures; mechanical st. jude valve.",
    "Case presented to the tumor board. Night radiographers asked to repeat. Interpreter Services present for exam.",
    "B READER CLASSIFICATION - ILO",
    "Community Health Aide Program supervisor notified.",
    "Altitude 1,100 m; 8-10-12 Fr catheters; no pleural line identified; Murphy eye at the carina.",
    "진폐 병형 1형, 심폐기능 경도 장해 (F1). 직업환경의학과 진폐 검진팀 요청.",
    "Toxicology recommends observation. Room 3, exposure index 1420. BP 128/76, RR 22, SpO2 91% on 2 L NC.",
    "Lasix 20 mg IV given by RN per order. Outreach to the Hispanic community and the Deaf community.",
    "유두 표지자 부착 후 재촬영 권유. 금속 장신구를 제거해 주십시오. 채용 신체검사 / 배치전 건강진단",
    "결핵 환자 접촉력 있으나 활동성 결핵 소견 없음.",
    "Room 3, table 2. Glasgow 15; Wells score 4. Pectus carinatum, Harrison sulcus. 기관 정중선 위치.",
    # an empty form field: its value is the next label or a word for none
    "Employer:          Supervisor:\nEmployer: (not provided)   Phone: (none)\nLocation:\nBed:",
    # a score's total, imaging adjectives in capitals, a technique's factors
    "Total score 14/20; severity 9/24.",
    "HYPERDENSE FOCUS WITH A HYPERLUCENT SMALL RIGHT LUNG.",
    "EXPOSURE: 90 KVP, 4 MAS, SID 72 IN.",
    # a Korean word and its particle after a weak cue, generic centres' names
    "환자 상태로 보아 재촬영 어려움. 보호자 부재로 설명 못함.",
    "원격협진센터 및 외국인근로자 지원센터 연계.",
    # a Korean disease word ending in 병 before 환자 is no name
    "조현병 환자로 요양병원 장기 입원 중. 파킨슨병 환자, 흡인성 폐렴 의심. 당뇨병 환자 추적.",
    # round six's: a plan after "patient is", services by their lab or unit, a verb after a role in capitals,
    # double-barrelled eponyms without their head, a side and a report word in Korean, forms' words, lab brands,
    # kinds of place with no name ("동네 교회"), economies' markets
    "Per palliative, patient is comfort care only. Patient is hope for discharge tomorrow per team.",
    "Schedule at the Pulmonary Function Laboratory; results to the Sleep Medicine Unit.",
    "ICU RESIDENT NOTIFIED AT 0215. CHARGE NURSE PAGED.",
    "Hx of Churg-Strauss and remote Guillain-Barre; no Stevens-Johnson.",
    "우견갑 하방 음영, 좌하엽에 경미한 무기폐.",
    "검진 결과표 및 보험청구용 소견서 발급.",
    "GeneXpert MTB/RIF negative; QuantiFERON indeterminate.",
    "일요일마다 교회 봉사. 동네 경로당 이용. 재래시장 방문 후 발열. 노동시장 복귀 상담.",
    # round seven's: a language named for a place, a word in use before a title, loanwords in Hangul, English
    # words that are also Burmese syllables, a state of a patient
    "Needs a Tedim Chin interpreter; Haitian Creole for the mother.",
    "감염 전담 간호사에게 보고. 야간 당직 간호사 확인.",
    "마이코플라스마 폐렴은 배제. 페이스메이커 리드가 정상 위치. 프레드니솔론 감량은 보류.",
    "I saw the patient at 10 min past. LA and RA normal. Win for the team; say no to smoking.",
    "Patient in a hypercoagulable State; mental State unchanged.",
    # round eight's: lists of signs and report words in capitals, verbs after a label in Korean, services of
    # surveillance, lymph node maps, tube sizes, kinds of institution in Hangul
    "Westermark, Hampton and Fleischner signs absent. CHILAIDITI SIGN, COLON INTERPOSED.",
    "1차 판독: 이상 없음 / 2차 판독: 동의함. 확인: 통보됨.",
    "Black Lung Health Surveillance Program -- B reader classification attached.",
    "Mountain-Dresler station 4R and 7 sampled; Size 12/14 chest tube.",
    "위탁병원 영상 재판독 요청 건. Sent to the referring 위탁병원 clinic.",
    "FIRST: OBTAIN PA VIEW. SECOND: LATERAL.",
    # round nine's: a word after a trailing dash, a preliminary read after a label, a kind of facility after a
    # dash, a certificate's name, tribal health services, Korean projections and anatomy, English before "van"
    "Pregnancy status: N/A - male. 판독: 예비 판독.",
    "INTAKE SCREENING CXR - JUVENILE FACILITY. DOT / USCG MEDICAL CERTIFICATE - CHEST IMAGING.",
    "Tribal Health department notified per protocol.",
    "크룹 의심, 경부 전후면에서 성문하 협착. 수학학원 끝나고 기침. 아파트 놀이터에서 넘어짐.",
    "Do van lines show on the film? Very very low density.",
    # round ten's: a document's word and its suffix, a verb form after a carer's role, a report word and its
    # particle after a title, a score out of its scale, a form kept by a carer, the police who brought a patient
    "진단서 발급용 흉부 촬영. 보험청구용 사본 1부.",
    "보호자 동행하여 내원. 간병인 상주하며 관찰.",
    "판독의 의견에 따름. 담당의 소견에 준함.",
    "GCS: Glasgow 14/15 on arrival; Apgar 9/10.",
    "요양보호사 기록지 첨부.",
    "Unidentified man brought by police from the bus station.",
    "Referred to the TB Clinic for sputum; HIV Clinic follow-up per routine.",
    "Cri du Chat syndrome, known. NIOSH B READER CLASSIFICATION FORM ATTACHED.",
    "마을 주민 건강검진 및 지역 주민 결핵 검진.",
    # round eleven's: a cue word inside a longer word, an occupational exposure after "worker with", the ILO
    # classification's words, a time after "time of", a lab's reference range, a field's label on the next line,
    # a density in Hounsfield units, a disease's loanword before 환자, report words after a masked name
    "The foreman reported the fall. Worker with silica exposure and coal dust.",
    "ILO Profusion: 1/1   Shape/size: q/t   Zones: upper and middle.",
    "Time of callback 0412. Ref range 0.0-0.5.",
    "Employer:\nJob title:\nShift:",
    "Mean attenuation of 38 Hounsfield units; Hounsfield unit 45 on prior CT.",
    "쯔쯔가무시 환자, 렙토스피라 의심 환자 흉부 촬영.",
    # round twelve's: a common word and its particle after Latin text or alone, an organ's syllable before a report
    # word, a product's plant, words that end like a station or a port (통역, 사항, 징역), a preposition inside a
    # lower-case site, diseases and criteria named for places, a generic location, a count of days after a place,
    # a city's river in a disease's name, a side of the chest, a device's kind, a pronoun after a verb
    "손 상처로 드레싱 시행 후 흉부 촬영함.",
    "문진상 흡연력 있음. 순환기내과 심초음파 예정.",
    "Nodule 8 mm, 경계가 매끈함.",
    "굴 양식장 작업자, 흉부 특이소견 없음.",
    "젓갈 공장 근무, 기침 2주.",
    "수어통역 담당 부서 확인함. 특이사항 없음. 징역 복역 중 입소.",
    "Relayed to the nurse at the correctional facility clinic.",
    "History of Coxsackie viral myocarditis. Meets the Berlin radiographic criterion for ARDS.",
    "Reading location: Reading Room",
    "Booked at the jail 3 days ago; seen at outside urgent care.",
    "Ross River virus serology negative. Fluid on the left side; the right side is clear.",
    "Device name: Portable. Told Her about the result. A Large effusion.",
    # round thirteen's: a chair's or a bay's placeholder, syndromes of two surnames, the weather's temperature,
    # a mnemonic spelled with hyphens, a health post without its village, a fire service without its town, an age
    # under 90 in a structured field
    "Patient Location: Bay ___   Shift: ___",
    "Williams-Campbell syndrome and Swyer-James lung are in the differential.",
    "Ambient heat index over 108 F during the shift; temp 37.1 C.",
    "A-B-C-D-E primary survey completed.",
    "관할 보건지소 및 인근 보건진료소에 연락함.",
    "Seen by the Volunteer Fire Department crew.",
    "<age>67</age> OBX|1|NM|30525-0^AGE^LN||67|a",
    # round fourteen's: an eponym's disease after a label, a template's variables and a form's empty date slots,
    # an eponym's fragment, hospital services (Chaplaincy, Case Management Services), Korean fracture, airway,
    # projection and subspecialty words, a crash's witnesses, a road's direction, services' abbreviations before
    # a verb, arrhythmias and gases before codes that are also states', a report's films, a disease's other name
    "Differential for this patient: Ewing sarcoma or osteomyelitis.",
    "DOB: ${PT_DOB}   MRN: %MRN%",
    "Date of birth:   /   /",
    "Salter II injury; note the Thurston Holland fragment laterally.",
    "Chaplaincy and Social Work updated.",
    "Case Management Services and Interpreter Services notified.",
    "비전위 골절로 보존적 치료 권고. 골절편의 전위는 경미함.",
    "성문위 기도기 삽입 상태. 후전방 및 측면 촬영.",
    "소아영상 판독 후 전달.",
    "운전자 진술상 안전벨트 착용, 동승자 무증상.",
    "상행 방향 휴게소 인근에서 발생한 사고로 내원.",
    "Nephro would like a renal ultrasound; Peds agrees.",
    "Pulseless VT. Sustained VT on telemetry. 2L NC. Renal TX candidate. Elevated CO.",
    "Compared with the Portable films and the Outside images.",
    "Exit wound in the left flank.",
    "A condition known as Kartagener syndrome; also called Mounier-Kuhn.",
    "He is a hundred percent compliant with CPAP.",
    "Summer camp physical; spring training clearance.",
    "오래된 빌라 3층에서 추락. 고층 아파트 화재.",
    "Radiology recommends CT. Surgery feels it is stable. Family would like a call.",
    '"given": ["RUL", "PA"], "author": "CR"',
    # round fifteen's: dental appliances named for people, a hernia of Petit, Korean words of a foreign body and of
    # care staff, empty date slots in brackets, a form's options after their boxes, General and Regional as words,
    # a person's keys holding numbers and codes
    "Nance appliance and Hawley retainer noted in the oral cavity; a Hyrax expander overlies the palate.",
    "Hernia of Petit versus lumbar hernia of Grynfeltt is favored.",
    "이물 제거 후 추적 촬영: 이물질 없음, 이물감 호소.",
    "사회복지사와 간호조무사 면담 후 방사선사 재촬영.",
    "DOB: [  /  /    ]   MRN: [          ]",
    "ANESTHESIA: [ ] Oral [x] IV [ ] General",
    "General Surgery and Regional Anesthesia consulted; Memorial service held.",
    "rad=5 md=CR exam_time=NA",
    "Port of Entry screening film; the 5th rib and the 2nd st segment.",
    # round sixteen's: an anatomical site after a site's label, a report's name before a department's, a Harrison
    # groove, two Korean report words made one, a polite verb's ending, an object before its verb, a claim's reason
    # and remark codes, a status after listed as, Korean determiners before a kind of place, a wife in brackets
    "Site: right lower lobe, posterior segment.",
    "SITE: LEFT CHEST WALL   SIDE: LEFT",
    "Biopsy site: 1.5 cm nodule in the RUL.",
    "ADVERSE EVENT REPORT - CONTRAST REACTION",
    "Bilateral Harrison grooves with pectus deformity.",
    "호흡재활 및 운동치료 프로그램 권고.",
    "[문자 알림] 검사 결과를 확인해 주세요.",
    "기관지 확장을 시사하는 소견 없음.",
    "Appeal: reason code CO-16, remark code M127.",
    "Order listed as Pending in the worklist; severity charted as Moderate.",
    "인근 마을 주민 건강검진, 해당 산업단지 근로자 검진.",
    "시골 마을 거주, 흡연력 없음.",
    "PACS node: 4 images sent.",
    "History from the wife (interpreter present).",
    # round seventeen's: a vital sign after an id's label, an English word after a hyphen in lower case, a class's
    # roman numeral before an acronym, a label on the line after a contact verb's label
    "Vitals per order: BP 118/76, HR 88.",
    "Large-bore IV and small-bore chest tube in place.",
    "NYHA class III, INTERMACS profile 3.",
    "Notified:\nRead back: [x]",
    # round eighteen's: a reading in Fahrenheit after one in Celsius, a kind of area before 거주, a role after "and"
    # after a name, a power plant's worker, an anatomical tunnel or bridge, bodies named after a disease
    "Temp 39.4 C (103 F) on arrival.",
    "산간 지역 거주로 추적 검사가 어려움.",
    "Power plant worker, asbestos exposure decades ago.",
    "Cubital Tunnel and Myocardial Bridge noted in the history.",
    "Family given Alzheimer's Association materials.",
    "환자(치매)로 협조 불가, 보호자(딸) 동반.",
    # round nineteen's: an English word ending a clause after "the patient is", an empty field before the next,
    # hospice and comfort care, a service's loanword before its team, a unit's ordinal words in a report
    "The patient is elderly; consider aspiration.",
    "dob=&sex=&exam=CXR2V",
    "HOSPICE COMFORT CARE PORTABLE - LIMITED",
    "호스피스 완화의료팀에 의뢰함.",
    "Fracture of the 4th and 5th metacarpals; 2nd Floor portable.",
    # round twenty's: a clinical instrument named for an institution, a Korean device word before its particle, a
    # verb's form before 있다, a surgeon's pin and its size, "ago." before a year, an article after "by"
    "Risk by the Cleveland Clinic score and the Mayo Clinic model is low.",
    "정중 흉골절개술 후 강선은 온전함.",
    "기관은 우측으로 편위되어 있음. 종격동이 이동해 있는 소견.",
    "Steinmann pin 3.2 mm and pin 2 of 3 are intact.",
    "Symptoms began two years ago. 2023 CT was normal.",
    "Study reviewed by a senior resident.",
    "Lives in a group home; in downtown areas smoke exposure is common.",
    # round twenty-one's: a kin's or a role's word (and its particle) as a Korean label's value, a compound of two
    # common words after a Korean cue
    "보호자: 부모님 (어머니 동반), 통역: 친구가 도움.",
    "보호자: 미동반. 통역: 화상통역 이용.",
    "연락 보호자: 간병인이 대신 확인함.",
    # a fractured rib's ordinal before "may", lab abbreviations in mixed case, Kerley lines in Hangul, a risk group
    # before 환자 and its particle, a department or a service opening a sentence in a person's frame
    "Repeat 5th rib views; the 4th may be fractured.",
    "Labs: aPTT 38 s, Hgb 10.2, eGFR 55.",
    "양측 하폐야에 커리 B선 관찰됨.",
    "저위험군 환자로 분류되어 추적 불필요.",
    "Transport from the floor states the line was pulled.",
    "Nursing and the patient were instructed on incentive spirometry.",
    # round twenty-two's: a title before a word and a word that could end a surname
    "Dr. on call and the ED team aware; no mass effect.",
    "Lesion may first appear as ground-glass; repeat in 20 24 hours if symptoms persist.",
    "병원전 처치 후 내원하였으며 입원전 검사에서 이상 소견 없음.",
    "Screened at the Refugee health clinic; no acute findings.",
    "Insurance Member ID: ____   Group #: ____",
    "Right lung field clear; small area of scarring, 300 mg given.",
    "CT and MRI reviewed; ED physician aware. Time: 1415 per tech log.",
    "Consolidation in the 2 cm Area of interest; no effusion.",
    "화상판독 후 영상전송 완료, 자료보관 요청함.",
    # round twenty-three's: account and user words without a handle, a study day, a family and a spelling
    "Account: self-pay; user reports no pain today.",
    "Teams: ICU and respiratory therapy notified.",
    "Post-op Day 2 film; tube in place.",
    "Dear Patient family, please see the attached instructions.",
    "Report corrected for spelling: pneumothorax, not pneumonia.",
    "Dictated: 3/4 views obtained; 1/2 the lung volume.",
    "Lesion measures 1200 mm2 on Avenue view? No; 14 Road traffic collisions reviewed.",
    "본원 호흡기내과 및 흉부외과 협진 예정; 외부 영상의학과 판독 참고.",
    "US-guided thoracentesis planned; US 2 days ago showed a small effusion.",
    "Maison-style ward layout noted in the transfer summary.",
    "Patchy opacity in the left lower lobe (Retrocardiac area), likely atelectasis.",
    "Last 4 views of the series are degraded; compare with the last four studies.",
    "Study UID not available; accession pending.",
    "CT (2023년) 비교 시 (10 mm) 결절 변화 없음.",
    # round twenty-four's: the portal vein and the patient portal without an account
    "Portal vein: patent. Portal venous phase images reviewed.",
    "Portal: hepatopetal flow. Results released to the patient portal.",
    # eighteenth session's: a verb and its object before a service or a role, a mile and a form's number
    "Results discussed with Pulmonology at the bedside.",
    "Findings phoned to the ordering clinician at 14:10.",
    "Sent images to Radiology for over-read; reviewed the images with the thoracic surgery team.",
    "Reported findings to ED attending, read back confirmed.",
    "Treadmill protocol completed to mile 3 without symptoms.",
    "Certificate of medical necessity no. 2 attached.",
    "Performed by technologist, reviewed by radiologist.",
    "Tube station at the 4th rib; nursing station platform scale used for weight.",
    # round twenty-five's: numbers after a call's cue that are a picture's, a guideline's year, a service's name
    "Call back requested; see image #1234 of series 3.",
    "Follow-up per Fleischner 2017 guidelines.",
    "Dr. on call paged; images #1102-1110 reviewed.",
    "Reviewed with Interventional Pulmonology; Pulmonology consult placed.",
    "판독: 실장 확인 후 재촬영함; 방사선사 확인.",
    "동물보호소 봉사 중 물림, 흉부 외상 없음.",
    "Via the right IJ, catheter tip at the cavoatrial junction.",
    "Tube placed via Left nare 2 times before success.",
    # round twenty-six's: ordinals joined by "and" that are ribs or attempts; audio-visual in Korean
    "Fractures of the 4th and 5th ribs; at 3rd and final attempt the tube advanced.",
    "시청각 자료로 흡기 교육 시행; 보호자 교육 완료.",
    # round twenty-seven's: a range of degrees, ribs or pressure; views and surgery named for a place or a person
    "Coronal alignment: curve of 12-15 degrees, stable; tube at 3-4 ribs level; 10-12 mmHg gradient.",
    "Grashey and axillary views; West Point views not obtained; dedicated West Point view recommended.",
    "학교 운동장에서 넘어져 흉부 타박.",
    # nineteenth session's: a place's word and its particle before a finding; a doctor's role before the title
    "좌측에 식도열공탈장이 보이며 우측으로 결절이 있음.",
    "Discussed on Attending Dr. rounds; Covering Dr. aware.",
    "SpO2 is 94 and HR was 96 on arrival; Mrs. and Mr. columns blank.",
    # from the pending sets' altered sentences: a ward's room and bed, a schedule's intervals, a score out of ten,
    # a shift's hours, a Glasgow coma score's parts, a stent's size in capitals
    "Room 4, bed 1; portable obtained.",
    "Surveillance at 6/12/24 months per protocol.",
    "Pain 6/10 earlier, now 3/10.",
    "Night float covers the 1900-0700 shift.",
    "GCS 11 (E3V3M5) on arrival.",
    "PLACED 12 X 60 MM STENT IN THE LEFT BRONCHUS.",
    # scores, staging and guidelines named for people; a device's descriptor between its name and its kind
    "Braden 14; Norton 12; Karnofsky 40%.",
    "Follow Fleischner Society recommendations.",
    "Codman programmable valve in place.",
    "Status post Norwood and Glenn palliation.",
    "Lugano staging pending.",
    # a pneumoconiosis reading after "판독:" and a doctor's title alone after the role
    "판독: 대음영 B형, 진폐 의증.",
    "주치의 선생님께 결과 전달.",
    # round twenty-nine's: a number then a clause or a duration is no lower-case address; "dial" and one digit
    "Injured on 22 rollover on the highway; the 12 hour drive on the highway was tolerated.",
    "Dial 9 for an outside line.",
    "해상풍력발전단지 공사 중 추락, 늑골 골절 의심.",
    "last name unknown; first name basis with staff.",
    # round thirty's: departments named by organs, and a role's unit in brackets
    "외과 외래 추적, 내과 협진; 이식혈관외과와 대장항문외과 상의; 구강악안면외과 협진 의뢰함.",
    "RN (Neuro) aware; tech (Portable) done.",
    "ATTN: Medical Records; Att: 2 images attached.",
    # round thirty-one's: a score named for its author before its maximum, a time around a procedure, a report
    # word's compound before a place's word, an extension's lookalikes
    "Brixia 9/18 on today's radiograph.",
    "Pt is post-op day 3 after the Nissen; pre-op film reviewed.",
    "판독의 정확도를 높이기 위해 측면 촬영 추가.",
    "소세포암 인근 림프절 비대 소견.",
    "PICC line x2 attempts; company safety protocol reviewed.",
    "EID not on file; check # of views with the tech.",
    "Clubbed Nails noted bilaterally.",
    "1/2 - strength in the right hand; 5/6 - 1 cm nodules.",
    "Pain 4/10 - improved from 7/10.",
    "입원 중 3.05 mg 투여함.",
    "mild pharyngitis and laryngitis; RT: clear. LT: small effusion.",
    "RT: Kerley B lines at the right base.",
    "sats ninety-two percent on RA; rotated ninety degrees; recheck within ninety days; one hundred views reviewed.",
    "BP one hundred over sixty; seen in nineteen ninety-five per old chart.",
    # round thirty-two's: a trailhead is a kind of place; altitude's words before a resident
    "EMS brought him down from the trailhead for altitude illness.",
    "고지대 거주자에서 흔한 적혈구 증가증과 관련된 폐혈관 음영 증가.",
    # round thirty-three's: a unit's level of care, diameters, a team and a verb after a role, a year before a word
    # of the language, a spine's levels after a plate, a guideline's year, an ordinal before a noun, counts of days,
    # programmes' and roles' letters before "student"
    "PEDIATRIC INTENSIVE CARE UNIT PORTABLE",
    "Cardiac Intermediate Care Unit, bed assignment pending.",
    "흉곽 좌우경 및 전후경 비율 증가 소견.",
    "통역 지원팀 동행하여 설명함.",
    "2019 조영제 과민반응 병력 있음.",
    "2023 물놀이 중 익수 병력.",
    "ACDF plate C5-C6 without loosening.",
    "Per the 2017 Fleischner Society guidelines, no follow-up is needed.",
    "seen on the twentieth image of the series.",
    "지난 3일간 발열과 기침. 지난 12일 동안 기침 지속.",
    "ESL student; EMT student observed the exam.",
    "Sex: M   Age:   Location:",
    "comparison (Normal) unchanged; Chest X-ray (Mobile) reviewed.",
    "의뢰사 판독 양식에 따라 기록함.",
    # round thirty-four's: a clause's words are no foreign name, a kind of care or clinic, a label's words after
    # a masked word, a worker's "for" before a service
    "방사선사 보고에 의하면 환자 협조 불량. 서혜부 탈장과는 무관함.",
    "모르가니 탈장으로 생각되는 우측 심횡격막각의 지방성 종괴.",
    "DOMICILIARY CARE PROGRAM; RURAL HEALTH CLINIC; FRONTIER HEALTH CLINIC",
    "Forwarded to the employee health nurse for TB screening.",
    "통역 요청함 (영어). 간호사 근처 대기. 심장 근처 결절.",
    # round thirty-five's: a long word of medical Greek or Latin, a capitals possessive, a seed's size, a
    # county's name that is a finding's word, a road's hours, a margin's R0, weeks and volumes in Korean
    "Immunoelectrophoresis pending; Electrocardiographic changes noted.",
    "FARMER'S LUNG PANEL SENT",
    "수박씨 크기의 석회화 결절이 좌상엽에 보임.",
    "위 고창 소견 없음. 장 고창 증가.",
    "Truck driver, on the road 14 hours a day.",
    "Right lower lobe mass, T2N1 R0 after resection.",
    "3월 2주간 입원 후 호전. 수술 후 3주 1500 mL 배액.",
    # round thirty-six's: a particle after 구, a follow-up's and a fellow's words, last week's study, an
    # instrument named for a city
    "요추 압박골절, 진구성으로 판단됨.",
    "추시 검사 필요. 호흡기내과 전임의와 상의함.",
    "전주 검사와 비교하여 변화 없음.",
    "Geneva prediction score of 3; Ottawa ankle rules negative.",
    # round thirty-seven's: a radiologist's overread, services' acronyms after "discussed with", a care unit
    "Night radiologist overread agrees with the prelim.",
    "Discussed with ICU, ENT and CTS at the bedside.",
    "Transferred from the Intensive Care Unit to the Step-down Unit in stable condition.",
    "태풍 피해 복구 작업 후 기침.",
    # round thirty-eight's: a margin's and a fungus ball's Korean words, a pneumoconiosis B read
    "우상엽 결절, 변연이 매끈함. 공동 내 진균구 의심됨.",
    "OCCUPATIONAL HEALTH - ILO B READ; B reader classification 1/0.",
    # round thirty-eight's: an adjective's form before a report word; a common word's possessive before a site's kind
    "한미한 음영이 우하엽에 보임.",
    "Result faxed to the nurse at the patient's nursing home.",
    "Per nurse the Swan-Ganz catheter was removed.",
    "Plate C5-C6 intact; no hardware loosening.",
    # a half's word after 도 and a disease after a role; drugs' brands in brackets; report words in a Hangul tag
    "좌하엽 음영은 도 반 이상 감소함.",
    "검진자 심질환 의심 소견 없음.",
    "Amiodarone (Cordarone, Pacerone) held.",
    "<소견>폐렴</소견>",
    "Mine Worker, Black Lung Surveillance program film.",
    # a disease named for a place; a trade's kind of site before its worker
    "Rocky Mountain spotted fever serology pending.",
    "OCCUPATION: Copper Smelter Worker, 22 years.",
    # round thirty-nine's: a time after "of record at"; a device's lock; degrees before 배; a programme's students
    "Discussed with the attending of record at 1425.",
    "Lock 2 of the PICC engaged.",
    "온도 배로 상승하지 않음.",
    "EMT students observed the study.",
    # round forty's: a role's noun before a reporting verb; a country's 랜드; a kind of park; glass before its
    # fragment; spine levels after a plate; a catheter's line; ultrasound before a size; an HL7 code and its text
    "Clinician reports a Hamman crunch; a lucent stripe along the heart border.",
    "뉴질랜드 여행 후 기침.",
    "워터파크 미끄럼틀에서 넘어짐.",
    "유리 조각이 흉벽에 박혀 있음.",
    "Anterior plate T10 T11 intact.",
    "The Swan-Ganz line was removed.",
    "Seen on US 2 cm below the capsule.",
    "OBR|1|||71046^XR CHEST 2 VIEWS^CPT",
    "IL-6 and CA-125 pending; on IL-6 blockade.",
    "주한미군 군의관 동행, 영어 통역 불필요.",
    "흉부외과 당직 교수에게 긴장성 기흉 의심 소견 즉시 보고함.",
    "대동맥 박리가 임상적으로 의심되면 CT angiography 필요.",
    "우폐동맥 분지에 충만결손이 관찰됨.",
    "The 2017 Fleischner Society guidelines apply; no festival of symptoms.",
    "Swims in the river daily; no creek exposure.",
    "서면 동의서 받음; 정면 및 측면 촬영 시행.",
    "흡기가 강하면 재촬영 요함; 민감도는 낮음.",
    # round forty-one's: severity words; a doctor's or a company's word before a monk's word; an island's kind
    # alone; a cape's fruit; a unit with no numeral; quoted common words before a capital; days between
    "소견 설명: 경증 폐렴, 항생제 치료 후 추적 촬영 권고.",
    "의사 스님 진료 의뢰 없음; 회사 스님 면담 없음.",
    "곶감 섭취 후 복통.",
    "Transferred from the Intensive Care Unit; Step-down Unit bed assigned.",
    'The "Swiss Cheese" Model of error applies.',
    "Pain between Monday and Friday; tenderness in the Hilar area.",
    "Research subject consented; protocol COPD-2 followed.",
    "Repeat on the second of the month if symptoms persist.",
    # round forty-two's: a score before "at" and a time; right's abbreviation before ribs and a size; a lane or a
    # trail of a study; the fourth of a bone; a pilgrimage's word alone
    "Pain 7/10 at 1400 dose; strength 4/5 at 0800.",
    "Rt 2 ribs fractured; nodule on Rt 12 mm.",
    "Lane 2 of the CT reviewed; Trail 2 sign absent.",
    "Fracture of the fourth metacarpal on the fourth film.",
    "성지 순례 다녀온 후 기침.",
    # round forty-three's: a travel history's country in brackets; a temperature after "T:"; a finding after "D:"
    "좌측 폐렴 (베트남 여행력), 기침.",
    "T: 37.2 C; BP stable.",
    "D: no change from prior.",
    # round forty-four's: an arrival in a rhythm, a means of travel, a kin's word before a common phrase; a pacer,
    # Simpson's biplane, Korean tumours and lupus; a report word and its two-syllable particle; a field's value
    "Transported by ambulance; arrived in Afib with RVR.",
    "Son in law at bedside; family in the waiting room.",
    "Pacer leads intact; interrogate pacer per EP.",
    "LVEF by modified Simpson biplane 40%.",
    "진주종 및 혈관종 병력, 흉부 소견과 무관.",
    "흉수는 체위 변화에도 변함없음.",
    "보고: 유선; 판독: 정상",
    "전신성홍반성루푸스 환자의 흉막 비후.",
    "Patient flew in from overseas last week.",
    "Brought in by wheelchair from triage.",
    # and: a clinic's service and its referral; a country's region; a signature's words; weekdays
    "Pain Clinic referral placed; Chest Clinic referral for follow-up.",
    "캐나다 현지에 사는 딸과 통화함.",
    "Signed per protocol; read by the attending.",
    "Lungs clear on Friday and stable on Monday.",
    # round forty-five's: an apical cap, a liver's and a spleen's lower surface, a pain questionnaire, a Baker cyst;
    # a modality and its views; ordinals, crews and a highway in report prose
    "APICAL CAP ASYMMETRY, NO MASS.",
    "간 하면 및 비장 하면 정상.",
    "McGill Pain Questionnaire score recorded.",
    "Popliteal Baker cyst noted incidentally.",
    "CR PA and LAT views of the chest.",
    "First rib fracture; Second opinion requested.",
    "The night crew and the EMS crew arrived.",
    "Road traffic accident, Highway trauma protocol.",
    # round forty-six's: negative and positive in short; a read's words; a contraction before a word; high in prose;
    # a nose's bridge; a role's field left for later
    "Wet read: neg for ptx; pos for effusion.",
    "Repeat read: no change. Final read agrees.",
    "She's comfortable and lives with family.",
    "High school athlete; risk is at the very high end.",
    "Nasal bridge fracture; bridge of the nose intact.",
    "판독 의사: 추후 기재",
    # round forty-seven's: views and sizes with x; a month's part of a phase or a zone; a plate and its screws;
    # a transfer to a unit; the first week of a treatment; a trail of contrast; a cath lab; an exam's location;
    # a double-barrelled eponym; Korean screws and a chemo port; a society "of the" surgeons
    "Views: PA x2, lateral x1.",
    "Mid-lung zone opacity; late arterial phase.",
    "Early changes of fibrosis; late sequelae in the mid to late phase.",
    "Plate and screws at C5-C6, plate intact.",
    "Transferred to ICU in stable condition.",
    "Follow-up CT in the first week of treatment.",
    "Trail of contrast along the catheter; the building artifact.",
    "CARDIAC CATH LAB",
    "CARDIOLOGY / CATH LAB",
    "Exam location: Inpatient",
    "May-Thurner anatomy noted on the prior venogram per history.",
    "우측 견관절 부위에 이전 수술로 인한 금속 나사가 보임.",
    "좌측 전흉벽에 케모포트가 있으며 카테터 끝은 상대정맥에 위치함.",
    "Per the Society of the Thoracic Surgeons guidelines.",
    "Center of the lesion is necrotic.",
    # and: a kind of workplace after "the" that is a town's name too; a fruit's seed aspirated; a clinic named for a
    # drug; a town's clinic word in lower case after a service's word
    "Worked 31 years at the kiln; 12-hour shifts.",
    "사과 씨 흡인 의심되었으나 방사선 비투과성 이물은 보이지 않음.",
    "Referred to the Coumadin clinic.",
    "Seen at the Sleep clinic for OSA.",
    "회사 근처에서 넘어짐. 검사 입구에서 대기 중 실신.",
    "Infusion pump on the left; port on the right.",
    # round forty-eight's: a TB program's contact tracing; a surgeon's pin; a series' run; a measure with a dot; a
    # procedure named for a town's namesake; a lane of a tray; a market in general
    "Results sent to the infection prevention nurse for TB contact tracing.",
    "Steinmann pin 4.0 mm in place.",
    "Scout run #2 shows the tube; value 555.0194 mg.",
    "Chamberlain procedure in childhood; no PD.",
    "ETT in lane 2 of the tray; changed lanes 3 times.",
    "전통 5일장에서 장사함. 매주 5일장 다님.",
    "Spoke with nurse Practitioner: agrees.",
    "석회동굴 탐사 중 낙상. 자연동굴 탐험.",
    "patient name and dob verified; hx: copd, chf (md aware)",
    # twenty-seventh session: a time of day without its date, units' levels of care, ribs' ordinals, elders
    "Exam time: 1315.",
    "LONG TERM CARE",
    "Newborn Intensive Care Unit",
    "transferred to Memory Care",
    "fractures on the 7th, 8th and 9th ribs",
    "catheter tip on the 13th image",
    "치매 할머니 낙상 후 흉부 촬영",
    "Ordered 2 views of the chest",
    "보험사 방문 후 서류 제출",
    "흉부CT 시행 후 추적 관찰",
    "tumor measures 2 1/2 cm",
    "we need to call him back with results",
    "Contact Radiology at the main desk",
    "의사 방문 진료 예정",
    "정자세 흉부 사진 재촬영 요청",
    "ONCOLOGY INFUSION CENTER",
    "the ortho clinic will follow",
    "works at the grain elevator",
    "Born in 1960s; no known TB exposure.",
    "좌측 신결석 의심.",
    "History of Stuart-Prower factor deficiency.",
    "Bird Mark 8 ventilator in use",
    "the Lynch family pedigree was reviewed",
]


@pytest.mark.parametrize(
    "text,secret",
    [
        ("Recon redone, no change. —TWK", "TWK"),  # initials signing off after a dash, at the end
        ("pettigrew called twice about the read", "pettigrew"),  # a surname opening a note before "called"
        ("Portable is on PACS now. -- Lupe", "Lupe"),
        ("bethel pt, medevaced for hypoxia", "bethel"),  # a listed town opening a note before "pt"
        ("kmt/rjs  d: 1412  t: 1500", "kmt/rjs"),  # the dictator's and the typist's initials opening the line
        ("Page the fellow at 617-555-0190, callback pin 5521", "5521"),  # a pin completing a masked phone
        ('SEEN BY OUTREACH WORKER LUIS "PAPO-J" RIVERA', 'LUIS "PAPO-J" RIVERA'),  # a hyphenated nickname
        ("Techs: KB / ML. Portable.", "ML"),  # the second tech's initials after a slash
        ("Repeat image, pt moved. — kt ward", "kt ward"),  # a lower-case sign-off after a dash
        ("Vandermolen thinks the tube is too deep.", "Vandermolen"),  # a surname opening a note before an opinion
    ],
)
def test_names_framed_by_a_note_s_start_or_end(text, secret):
    """Frames anchored at a note's start or end (not the window-cut test's: its filler cuts mid-sentence)."""
    r = SCREEN.screen(text)
    assert caught_in(secret, text, r.text) and r.residual == 0, r.counts


def test_a_health_card_s_letters_are_a_name_s_not_a_word():
    assert SCREEN.screen("Carte RAMQ: TREM 7711 0423").text == "Carte RAMQ: ___"
    assert SCREEN.screen("CT HEAD 2024 1833").text == "CT HEAD 2024 1833"  # a report word, then numbers


@pytest.mark.parametrize("text", CLINICAL)
def test_report_language_survives(text):
    r = SCREEN.screen(text)
    assert r.text == text, r.counts
    assert r.residual == 0


@pytest.mark.parametrize(
    "text,kept",
    [
        ("Discussed with Dr. Wu and Cardiothoracic Surgery at 10:00.", "and Cardiothoracic Surgery at"),
        ("Seen by Dr. Ferreira, Radiology and the ICU team.", ", Radiology and the ICU team."),
        ("Reviewed with Dr. Oyelaran and Hampton hump was confirmed.", "and Hampton hump"),
        ("Dr. Castellanos and Swan-Ganz catheter team", "Swan-Ganz catheter"),
        ("Discussed with Dr. Hamid and RN staff at the bedside.", "and RN staff at"),  # a role, then a word
        ("paged dr. zabludowicz in the ICU about the tube", "in the ICU about the tube"),  # a function word
        ("Mr. Reyes (nephew) brought the films", "(nephew)"),  # a kin word in brackets is who, not a name
    ],
)
def test_a_list_after_a_name_stops_at_report_words(text, kept):
    """``listed_names`` takes the next members of a list of names, never a service or an eponym after it."""
    r = SCREEN.screen(text)
    assert r.total >= 1 and kept in r.text, r.text


def test_a_second_age_is_never_a_reading():
    """A number over 89 on a masked age's line is a second age only when nothing makes it a reading: a unit, a
    percent, a ratio, a decimal, a vital sign's or a numbering label, a count or a range."""
    text = "92 y/o F, SpO2 95% RA, HR 98, BP 110/70, T 99.1, image 100 of 120, 2 to 110 nodules, 96 bpm"
    out = SCREEN.screen(text).text
    assert out.startswith("___ F,")
    for kept in ("95%", "HR 98", "110/70", "99.1", "100 of 120", "2 to 110", "96 bpm"):
        assert kept in out, (kept, out)
    assert "97" in SCREEN.screen("No age given. Heart size normal; 97 views reviewed.").text


@pytest.mark.parametrize(
    "text",
    ["accession number cr 4 4 0 2 9 1 7 3 no comparison", "MRN 5 5 1 2 0 8 9 3, prior none", "acc: dx-3 0 1 7 7 2"],
)
def test_an_id_read_out_digit_by_digit_after_its_label_is_masked(text):
    """An id spoken digit by digit after its label leaves no digit behind (single digits are no identifying part
    to ``caught_in``, so this test reads the output itself)."""
    r = SCREEN.screen(text)
    assert r.total >= 1 and sum(c.isdigit() for c in r.text) == 0, r.text


def test_cleaning_removes_zero_width_characters():
    """Issue 28: U+200B and U+FEFF survived cleaning (and joined identifiers back together after a screen)."""
    assert strip_controls("a\u200bb\ufeffc\u00add\u200de\u2060f\u200eg") == "abcdefg"
    assert strip_controls("line one\nline\ttwo") == "line one\nline\ttwo"


def test_a_korean_city_takes_no_common_word_after_it():
    """A city goes, the common word after it that ends in a unit's syllable stays ("관리": management, "거리":
    distance), where a district after it goes with it."""
    r = SCREEN.screen("서울 관리 지침에 따라 추적 검사 권고. 부산 거리 기준 적용 안 됨. 대구 중구 거주.")
    assert "관리 지침" in r.text and "거리 기준" in r.text
    assert "서울" not in r.text and "부산" not in r.text and "중구" not in r.text


@pytest.mark.parametrize(
    "text,gone,kept",
    [
        ("Patient: Orval Tenpenny. Tenpenny reports worse dyspnea.", "Tenpenny", "reports worse dyspnea"),
        ("lived in seoul until 2019, then back to seoul", "seoul", "until"),
        ("신영길 환자. 신영길입니다 라고 함.", "신영길", "라고 함"),
        ("MRN 88213377 noted; 88213377 also on the old film.", "88213377", "also on the old film"),
        ("Dr. Baker reviewed. Pt works as a baker.", "Baker", "works as a baker"),
    ],
)
def test_a_masked_word_is_masked_where_it_recurs(text, gone, kept):
    """``phi_repeats``: a name, a place or an id masked once goes wherever it recurs, however each mention is
    framed; a common word recurs only in the case it was masked in ("Baker", not "a baker")."""
    out = SCREEN.screen(text).text
    assert gone not in out and kept in out, out
