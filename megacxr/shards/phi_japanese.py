"""Japanese names written in Hangul: a surname and a given name, in either order ("야마모토 다카시", "다카시
야마모토"), as a Korean report writes a Japanese tourist's, worker's or spouse's name.

Korean has no surname list for them and the transliterated syllables are often Korean words on their own (모리,
하라, 사토), so neither the Korean name rules nor the foreign-shape test take them. This pass takes a listed
Japanese surname next to a listed Japanese given name in either order, or a listed surname that is no Korean word
before a word no Korean word list knows and no disease's ending ("야마모토 다카시"; not "하시모토 갑상선염"). A
surname alone, or beside a word in use ("모리 선생님", "작성되어 오타가") is left to the other passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from megacxr.shards.phi_lexicon import KOREAN_CLINICAL
from megacxr.shards.phi_names import NOT_NAME_END, korean_word_zipf
from megacxr.shards.phi_prefilter import gate_patterns

__all__ = ["japanese_hangul_names"]

Mask = Callable[[int, int, str], None]

JAPANESE_SURNAMES_HANGUL = frozenset(
    """
    사토 스즈키 다카하시 다나카 와타나베 이토 야마모토 나카무라 고바야시 가토 요시다 야마다 사사키 야마구치 마쓰모토
    이노우에 기무라 하야시 시미즈 야마자키 모리 아베 이케다 하시모토 야마시타 이시카와 나카지마 마에다 후지타 오가와
    고토 오카다 하세가와 무라카미 곤도 이시이 사이토 사카모토 엔도 아오키 후지이 니시무라 후쿠다 오타 미우라
    후지와라 오카모토 마쓰다 나카가와 나카노 하라다 오노 다무라 다케우치 가네코 와다 나카야마 이시다 우에다 모리타
    하라 시바타 사카이 구도 요코야마 미야자키 미야모토 우치다 다카기 안도 다니구치 오니시 마루야마 이마이 다카다
    후지모토 다케다 무라타 우에노 스기야마 마스다 스가와라 히라노 오쓰카 지바 구보 마쓰이 고지마 이와사키 사쿠라이
    노구치 기쿠치 기노시타 노무라 아라이 스즈끼 마츠모토 마츠다 야마우치 니시다 오사와 가와구치 다케시타 호리
    """.split()
)
JAPANESE_GIVEN_HANGUL = frozenset(
    """
    다카시 히로시 겐지 아키라 하루토 유키 유이 사쿠라 요코 게이코 히로미 나오미 다로 이치로 지로 사부로 겐타 쇼타
    다쿠야 가즈키 료 유타 하나코 미호 아야 에미 마유미 준코 사치코 노리코 도모코 유코 가즈오 마사오 요시오 다케시
    사토시 마코토 히데키 히데오 다이스케 유스케 고헤이 쇼헤이 료타 렌 소타 하루카 미사키 아야카 나쓰미 에리코
    게이타 마사히로 요시코 미치코 가즈코 아키코 에이코 후미코 기요시 이사무 쓰요시 노부오 마나부 하야토 유토
    """.split()
)
_JAPANESE_PAIR = re.compile(  # (the second word in a lookahead: it may open the next pair)
    r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,5})(?=[ \t]+([\uac00-\ud7a3]{1,5}?)"
    r"(?:씨|님|상|이|가|은|는|의|에게|과|와|도)?(?![\uac00-\ud7a3]))"
)


def _unknown(word: str) -> bool:
    return korean_word_zipf(word) == 0 and word not in KOREAN_CLINICAL and len(word) >= 2


def japanese_hangul_names(text: str, mask: Mask) -> None:
    """Mask a Japanese surname and given name written in Hangul (module docstring)."""
    for m in _JAPANESE_PAIR.finditer(text):
        first, second = m.group(1), m.group(2)
        if first in JAPANESE_SURNAMES_HANGUL:
            # a given name no list knows only after a surname that is no Korean word ("하시모토 갑상선염": a disease)
            ok = second in JAPANESE_GIVEN_HANGUL or (
                korean_word_zipf(first) == 0 and _unknown(second) and not second.endswith(NOT_NAME_END)
            )
        else:  # given name first: a listed one only ("작성되어 오타가": a verb's form and a typo, no name)
            ok = second in JAPANESE_SURNAMES_HANGUL and first in JAPANESE_GIVEN_HANGUL
        if ok:
            mask(m.start(1), m.end(2), "name")


gate_patterns(globals())  # (last: importers of these names get them gated; phi_prefilter)
