"""Vietnamese text typed in the legacy 8-bit font encodings, decoded cell by cell (and word by word).

Before Unicode, Vietnamese was typed in fonts that put the accented letters on Latin-1 code points:
TCVN3 (the "ABC" fonts, .VnTime) and VNI (VNI-Times). A workbook saved from those years holds such text
as Latin-1 characters: "Gi¸ trÞ s¶n xuÊt c«ng nghiÖp" is "Giá trị sản xuất công nghiệp" (TCVN3),
"Thöïc hieän" is "Thực hiện" (VNI). Clerks later edited some cells in Unicode, so one workbook, and even
one cell ("Ngh×n tấn"), mixes the encodings: the decision is made per word.

A word is decoded only on evidence: it holds a character that Vietnamese Unicode text never holds
(TCVN3's "¸", "Þ", "¶"..., VNI's tone characters after a vowel), or its cell holds such a word and it
has no letter that only Unicode has. Both decodings are tried and the one that yields well-formed
Vietnamese syllables wins; text without evidence is returned unchanged (a Unicode "Tháng" is never
turned into TCVN3's "Thỏng").

The uppercase TCVN3 fonts (.VnTimeH) use the lowercase code points for capital letters, so a word typed
in capitals decodes to lowercase letters among capitals ("TæNG Sè" -> "TổNG Số"); a word whose plain
letters are all capitals is put in capitals ("TỔNG SỐ").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- TCVN3 (TCVN 5712:1993, VN3) --------------------------------------------------------------------
_TCVN3_PAIRS = (
    "µà ¶ả ·ã ¸á ¹ạ ¨ă »ằ ¼ẳ ½ẵ ¾ắ Æặ ©â Çầ Èẩ Éẫ Êấ Ëậ ®đ Ìè Îẻ Ïẽ Ðé Ñẹ ªê Òề Óể Ôễ Õế Öệ "
    "×ì Øỉ Üĩ Ýí Þị ßò áỏ âõ ãó äọ «ô åồ æổ çỗ èố éộ ¬ơ êờ ëở ìỡ íớ îợ ïù ñủ òũ óú ôụ \xadư õừ öử "
    "÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}

# --- VNI (VNI-Windows): base letter followed by modifier characters --------------------------------
# tone marks appended to a vowel
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
              "Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
# a, e, o followed by these: circumflex (â) or breve (ê after a), possibly with a tone
_VNI_HAT = {"â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"), "å": ("\u0302", "\u0309"),
            "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
            "Â": ("\u0302", ""), "Á": ("\u0302", "\u0301"), "À": ("\u0302", "\u0300"), "Å": ("\u0302", "\u0309"),
            "Ã": ("\u0302", "\u0303"), "Ä": ("\u0302", "\u0323")}
_VNI_BREVE = {"ê": ("\u0306", ""), "é": ("\u0306", "\u0301"), "è": ("\u0306", "\u0300"), "ú": ("\u0306", "\u0309"),
              "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
              "Ê": ("\u0306", ""), "É": ("\u0306", "\u0301"), "È": ("\u0306", "\u0300"), "Ú": ("\u0306", "\u0309"),
              "Ü": ("\u0306", "\u0303"), "Ë": ("\u0306", "\u0323")}
# single characters of their own
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ì": "ì", "í": "í", "æ": "ỉ", "Æ": "Ỉ",
               "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}

# Characters that Vietnamese Unicode text never holds: evidence of a legacy encoding. (The accented
# Latin-1 letters that Vietnamese also uses, "á", "è", "Ô"..., are not evidence on their own.)
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_EVIDENCE = {c for c in TCVN3 if c not in _VIETNAMESE_LATIN1}
_VNI_EVIDENCE = set("ñÑöÖøØûÛïÏæÆîÎ")
_EVIDENCE = _TCVN3_EVIDENCE | _VNI_EVIDENCE
_LATIN1_LETTER = re.compile(r"[\u00a1-\u00ff]")
_UNICODE_ONLY = re.compile(r"[\u0100-\u024f\u1e00-\u1eff]")  # ă đ ơ ư ạ ả ấ ...: never in a legacy font's text
_WORD = re.compile(r"(\S+)")

_TONES = set("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = set("aăâeêioôơuưy")
# vowel clusters of Vietnamese syllables (without tone marks), longest first when matching
_CLUSTERS = {
    "a", "ai", "ao", "au", "ay", "âu", "ây", "e", "eo", "ê", "êu", "i", "ia", "iu", "iê", "iêu", "o", "oa", "oai",
    "oay", "oă", "oe", "oi", "oo", "ô", "ôi", "ơ", "ơi", "u", "ua", "uâ", "uây", "uê", "ui", "uô", "uôi", "uơ", "uy",
    "uya", "uyê", "uyu", "ư", "ưa", "ưi", "ưu", "ươ", "ươi", "ươu", "y", "yê", "yêu", "uă", "oao", "oeo", "ueo",
}


def _syllable_ok(word: str) -> bool:
    """Whether a word reads as Vietnamese (or as a plain ASCII word): Vietnamese letters only, one tone mark
    at most, and a vowel cluster Vietnamese has. Punctuation and digits around it are ignored."""
    core = "".join(ch for ch in word if ch.isalpha())
    if not core:
        return True
    d = unicodedata.normalize("NFD", core.lower())
    if sum(ch in _TONES for ch in d) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in d if ch not in _TONES))
    if any(not ("a" <= ch <= "z" or ch in "ăâđêôơư") for ch in base):
        return False
    clusters = re.findall(r"[aăâeêioôơuưy]+", base.replace("qu", "q").replace("gi", "g" if re.search(
        r"gi[aăâeêioôơuưy]", base) else "gi"))
    return all(c in _CLUSTERS for c in clusters)


def _tcvn3_word(word: str) -> str:
    return "".join(TCVN3.get(ch, ch) for ch in word)


def _vni_word(word: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in "aAeEoO" and nxt in _VNI_HAT:
            mark, tone = _VNI_HAT[nxt]
            out.append(unicodedata.normalize("NFC", ch + mark + tone))
            i += 2
            continue
        if ch in "aA" and nxt in _VNI_BREVE:
            mark, tone = _VNI_BREVE[nxt]
            out.append(unicodedata.normalize("NFC", ch + mark + tone))
            i += 2
            continue
        if ch in _VNI_TONES and out and out[-1][-1:].lower() in "aăâeêioôơuưy" + "".join(_VOWELS):
            out[-1] = unicodedata.normalize("NFC", unicodedata.normalize("NFD", out[-1]) + _VNI_TONES[ch])
            i += 1
            continue
        out.append(_VNI_SINGLE.get(ch, ch))
        i += 1
    return "".join(out)


def _capitals(text: str) -> bool:
    """Whether the plain ASCII letters of a cell are all capitals (at least two of them): the cell was typed
    in an uppercase legacy font, whose lowercase code points stand for capital letters."""
    letters = [ch for ch in text if "a" <= ch.lower() <= "z"]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


#: a capital Latin-1 letter inside a word ('phÈm', 'TÊn', 'kú'): TCVN3's lowercase letters, never Unicode's
_MIXED_CASE = re.compile(r"[a-z\u00df-\u00ff][\u00c0-\u00de]|[A-Z][\u00c0-\u00de][a-z]")


def _has_evidence(word: str) -> bool:
    return any(ch in _EVIDENCE for ch in word) or bool(_MIXED_CASE.search(word))


def _decoders(enc: str):
    return _tcvn3_word if enc == "tcvn3" else _vni_word


def _reads_well(word: str) -> bool:
    return _syllable_ok(word) and not _has_evidence(word)


@lru_cache(maxsize=1 << 15)
def decode_legacy(text: str, prior: bool = False) -> str:
    """``text`` with its legacy-encoded words decoded; text without evidence of one comes back unchanged.

    ``prior``: the sheet holds legacy text elsewhere, so a cell with no evidence of its own ('Kú gèc') is
    decoded where that turns words Vietnamese does not have into words it has (:func:`lexicon`)."""
    return decode_with_encoding(text, prior)[0]


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Vietnamese syllables in use (lower case): those of the indicator catalogue's names and aliases and of
    the words of workbook headings (config/statistics_office.yml). Only consulted for a cell without
    evidence in a sheet that holds legacy text."""
    import csv

    from ingestion.config import load_yaml, reference_dir

    words: set[str] = set()
    for path in sorted(reference_dir().glob("indicator*.csv")):
        with open(path, encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row[:2]:
                    words.update(w.lower() for w in re.findall(r"[^\W\d_]+", cell))
    words.update(w.lower() for w in re.findall(r"[^\W\d_]+", str(load_yaml("statistics_office.yml"))))
    return frozenset(unicodedata.normalize("NFC", w) for w in words)


def _by_lexicon(text: str) -> tuple[str, str | None]:
    """A cell without evidence in a sheet with legacy text: its TCVN3 reading, where each changed word is a
    known syllable and the word as written is not."""
    known = lexicon()
    words = _WORD.split(text)
    out, changed = [], False
    for w in words:
        core = "".join(ch for ch in w if ch.isalpha())
        if core and _LATIN1_LETTER.search(w) and not _UNICODE_ONLY.search(w):
            d = _tcvn3_word(w)
            dcore = unicodedata.normalize("NFC", "".join(ch for ch in d if ch.isalpha()).lower())
            if dcore in known and unicodedata.normalize("NFC", core.lower()) not in known:
                out.append(d)
                changed = True
                continue
        out.append(w)
    return (unicodedata.normalize("NFC", "".join(out)), "tcvn3") if changed else (text, None)


@lru_cache(maxsize=1 << 15)
def decode_with_encoding(text: str, prior: bool = False) -> tuple[str, str | None]:
    """(decoded text, 'tcvn3' | 'vni' | None): what :func:`decode_legacy` did, and with which encoding.

    The cell's encoding is the one under which more of its candidate words (those with Latin-1 letters and
    no Unicode-only letter) read as Vietnamese; TCVN3, the common one, on a tie."""
    if not text or not _LATIN1_LETTER.search(text):
        return text, None
    if not any(ch in _EVIDENCE for ch in text) and not _MIXED_CASE.search(text):
        if not prior:
            return text, None
        return _by_lexicon(text)
    words = _WORD.split(text)
    candidate = [bool(w.strip()) and bool(_LATIN1_LETTER.search(w)) and not _UNICODE_ONLY.search(w) for w in words]
    scores = {}
    for enc in ("tcvn3", "vni"):
        fn = _decoders(enc)
        scores[enc] = sum(_reads_well(fn(w)) for w, c in zip(words, candidate, strict=True) if c)
    enc = max(scores, key=lambda e: (scores[e], e == "tcvn3"))
    fn = _decoders(enc)
    upper = _capitals(text)
    out = []
    for w, c in zip(words, candidate, strict=True):
        if not c:
            out.append(w)  # spaces, ASCII words, and words a clerk typed in Unicode
            continue
        d = fn(w)
        if _has_evidence(w) or _reads_well(d):  # ambiguous letters ('Sè' beside 'TæNG'): if it reads well
            out.append(d.upper() if upper else d)
        else:
            out.append(w)
    return unicodedata.normalize("NFC", "".join(out)), enc
