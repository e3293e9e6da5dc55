"""A light Polish stemmer: cut one inflectional ending so "długi", "długów" and "długu" meet at "dlug".

Polish nouns and adjectives change their endings for case and number (zadłużenie, zadłużenia,
zadłużeniem). Need detection only has to tell that two forms are one word, so removing the longest
known ending (after diacritic folding) is enough and stays explainable. We looked for a maintained
pure-Python Polish stemmer on PyPI; pystempel is the candidate but has had no release since 2024 and
loads a large table, so this suffix list (reviewed with the vocabulary) is used instead.
"""

from __future__ import annotations

# Folded endings (ą -> a, ę -> e, ó -> o), longest first so "ami" wins over "i".
_ENDINGS = tuple(
    sorted(
        """
        owie owi ami ach ach ich ych ego emu iem iej ymi imi owa owe owy owej owych ow om em ej
        ie ia iu io ii a e i o u y
        """.split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM = 4  # shorter stems meet English words ("wife" and "wifi" would both be "wif")


def polish_stem(word: str) -> str:
    """`word` (already folded) without its longest inflectional ending, keeping at least `MIN_STEM` letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word
