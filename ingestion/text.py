"""Normalising Vietnamese text so that names typed by different clerks compare equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The two tone placements in use on the diphthongs oa, oe, uy ("hóa"/"hoá", "thủy"/"thuỷ").
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_OLD_TONE = re.compile(r"([oO])([" + _TONE_MARKS + r"])([aAeE])|([uU])([" + _TONE_MARKS + r"])([yY])")
_SPACES = re.compile(r"[\s\u00a0\u200b]+")


def nfc(text: str) -> str:
    """``text`` in NFC. Most text is composed already: checking is ten times cheaper than normalising."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold_tones(text: str) -> str:
    """Put the tone mark of oa, oe, uy on the second vowel: 'hóa' -> 'hoá', 'thủy' -> 'thuỷ'.

    Both placements are in everyday use; folding them to one form makes them compare equal.
    Works on the decomposed form so that it does not depend on how the text was composed.
    The result is only a comparison key, never shown to anybody.
    """
    d = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)

    d = _OLD_TONE.sub(move, d)
    return unicodedata.normalize("NFC", d)


def strip_diacritics(text: str) -> str:
    d = unicodedata.normalize("NFD", text)
    d = "".join(ch for ch in d if not unicodedata.combining(ch))
    return d.replace("đ", "d").replace("Đ", "D")


def key(text: object) -> str:
    """Comparison key: NFC, new tone placement, case-folded, underscores as spaces, spaces collapsed."""
    if text is None:
        return ""
    s = str(text).replace("_", " ")
    s = fold_tones(nfc(s)).casefold()
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=1 << 16)
def ascii_key(text: object) -> str:
    """Like :func:`key` but without diacritics, for 'Di An' == 'Dĩ An'."""
    return strip_diacritics(key(text))


#: Python's ``\s`` on text (Unicode spaces, no-break and narrow no-break spaces included), in RE2 syntax.
WHITESPACE_RE2 = r"[\s\v\x{1c}-\x{1f}\x{85}\p{Z}]+"
