"""The PHI screen's pass for a Korean given name alone in brackets after the person it names.

A note names the patient or a relative by the given name only, in brackets after the word for the person:
"환자분(하윤)께서", "학생 본인(한결)과 통화", "보호자 어머니(지은)". No surname opens it, so the name shapes of
``phi_names`` do not take it; the brackets after a person are the cue. What else such brackets hold is a note on
the person, a class of its own: sex and age group ("남", "여아", "고령"), a state ("치매", "금식", "와상"), who spoke
("본인", "대리", "보호자") and the kind of name ("가명", "영문"). Those stay, as do report words; a word of two or
three syllables that are all given-name syllables goes.

Nothing here returns or logs the text's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import HANGUL_GIVEN, KOREAN_CLINICAL
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["bracketed_given_names"]

Mask = Callable[[int, int, str], None]

_PERSON = (
    "환자분|환자|본인|학생|보호자|어머니|아버지|어머님|아버님|엄마|아빠|할머니|할아버지|남편|아내|부인|배우자|딸|아들|"
    "자녀|손녀|손자|아이|아동|원아|수검자|검진자|피검자|내원객|고객님|고객|산모|아기"
)
_BRACKETED = re.compile(rf"(?<![\uac00-\ud7a3])(?:{_PERSON})[ \t]*[(（][ \t]*([\uac00-\ud7a3]{{2,3}})[ \t]*[)）]")
# what brackets after a person say of the person (sex, age group, state, who answered, the name's kind)
_NOTES = frozenset(
    """
    남 여 남성 여성 남자 여자 남아 여아 소아 성인 고령 노인 영아 유아 신생아 미성년 미성년자 학생 청소년 임산부 임신
    수유 수유부 치매 금식 와상 거동 거동불가 협조 협조불가 의식저하 청각장애 시각장애 난청 휠체어 침상 이동식 본인 대리
    보호자 가족 통역 외국인 내국인 가명 영문 실명 무명 미상 신원미상 익명 동명 동명이인 재촬영 재검 추가 응급 외래 입원
    """.split()
)


def bracketed_given_names(text: str, mask: Mask) -> None:
    """See the module docstring; cost: one scan, only when a bracket follows Hangul in the text."""
    for m in _BRACKETED.finditer(text):
        word = m.group(1)
        if word in _NOTES or word in KOREAN_CLINICAL or not all(c in HANGUL_GIVEN for c in word):
            continue
        mask(m.start(1), m.end(1), "name")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
