"""Indonesian number words: "empat", "dua belas", "sembilan puluh sembilan", "seratus dua puluh",
"tiga puluh sembilan miliar lima ratus dua puluh empat juta".

Reports write a count twice, "4 (empat) indikator", and an amount in words beside its figures; a
reader compares the two. Only whole numbers are read: a word string that is not a well-formed
Indonesian numeral gives None, never a guess.
"""

from __future__ import annotations

import re

DIGITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
          "delapan": 8, "sembilan": 9}
#: Words that stand for a whole small number on their own ("se-" is "one").
SMALL = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
SCALES = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12,
          "trilyun": 10**12}
ONE_SCALE = {"seribu": 10**3, "sejuta": 10**6, "semiliar": 10**9, "semilyar": 10**9}
WORDS = frozenset(DIGITS) | frozenset(SMALL) | frozenset(SCALES) | frozenset(ONE_SCALE) | {"belas", "puluh", "ratus"}
#: A run of number words, as a pattern for finding them in a sentence.
WORD_RUN = r"(?:%s)(?:[\s-]+(?:%s))*" % (("|".join(sorted(WORDS, key=len, reverse=True)),) * 2)


def words_value(text: str) -> int | None:
    """The whole number a run of Indonesian number words names; None if it is not one."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t]
    if not tokens or any(t not in WORDS for t in tokens):
        return None
    total, group, small = 0, 0, 0  # total: done scales; group: < 1000; small: digits before puluh/belas
    last_scale = None
    previous = None
    for token in tokens:
        if token in DIGITS:
            if previous in DIGITS:
                return None  # "dua tiga" is no numeral
            small += DIGITS[token]
        elif token in SMALL:
            if small:
                return None  # "dua sepuluh", "sebelas seratus"
            if token == "seratus":
                if group:
                    return None
                group = 100
            else:
                small += SMALL[token]
        elif token in ("puluh", "belas"):
            if previous not in DIGITS or small not in range(1, 10):
                return None
            small = small * 10 if token == "puluh" else small + 10
        elif token == "ratus":
            if previous not in DIGITS or group or small not in range(1, 10):
                return None
            group, small = small * 100, 0
        else:  # a scale word: ribu, juta … (or seribu, sejuta …)
            scale = SCALES.get(token) or ONE_SCALE[token]
            if last_scale is not None and scale >= last_scale:
                return None  # "seribu juta" or "dua juta tiga juta": not how a numeral is written
            count = group + small if token in SCALES else 1
            if token in SCALES and count == 0:
                return None
            if token in ONE_SCALE and (group or small):
                return None
            total += count * scale
            group, small, last_scale = 0, 0, scale
        previous = token
    return total + group + small
