"""Shared text normalisation and tokenisation for the lexical metrics."""

from __future__ import annotations

import re

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+")
# A citation marker such as [3], [1, 2] or [1][2].
MARKER = re.compile(r"\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]")
_MARKER_NUM = re.compile(r"\d+")

_STOPWORDS = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either few for
    from further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just may me might more most must my myself no nor not of off on once
    only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up
    upon us very was we were what when where which while who whom why will with within without
    would you your yours yourself yourselves s t
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def normalise(text: str) -> str:
    """Lower-case, unify curly quotes and dashes, collapse whitespace."""
    return _SPACE.sub(" ", text.translate(_QUOTES).lower()).strip()


def strip_markers(text: str) -> str:
    """Remove [n] citation markers and tidy the whitespace they leave."""
    out = MARKER.sub(" ", text)
    out = re.sub(r"\s+([.,;:!?])", r"\1", out)
    return _SPACE.sub(" ", out).strip()


def marker_numbers(text: str) -> list[int]:
    """Citation numbers referenced by the [n] markers in text, in order, without repeats."""
    nums: list[int] = []
    for m in MARKER.finditer(text):
        nums.extend(int(n) for n in _MARKER_NUM.findall(m.group()))
    return list(dict.fromkeys(nums))


def tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens."""
    return _TOKEN.findall(normalise(text))


def content_tokens(text: str) -> list[str]:
    """Tokens with stopwords and single characters removed."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def word_count(text: str) -> int:
    """Whitespace-separated words after removing citation markers."""
    return len(strip_markers(text).split())


def containment(claim: str, evidence: str) -> float | None:
    """Share of the claim's distinct content words that appear in the evidence; None if none."""
    claim_set = set(content_tokens(claim))
    if not claim_set:
        return None
    return len(claim_set & set(content_tokens(evidence))) / len(claim_set)


def jaccard(a: str, b: str) -> float | None:
    """Jaccard overlap of the two texts' content-word sets; None if both are empty."""
    sa, sb = set(content_tokens(a)), set(content_tokens(b))
    if not sa and not sb:
        return None
    return len(sa & sb) / len(sa | sb)
