"""Which documents a question names: aliases from a document's title, subject, publisher and file
name; quoted titles; a description by its own words or its date."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.descriptions import DESCRIPTION, without_descriptions
from assistant.query import REVIEW_INTENT, STOPWORDS, WORD
from assistant.scoring import stem as word_stem
from caselearn.dates import MONTHS
from ingest.metadata import NUMBER_WORDS, normal_age

_GENERIC_ALIASES = {
    "the",
    "local",
    "safeguarding",
    "children",
    "board",
    "partnership",
    "sscb",
    "lscb",
    "department",
}


# What a question calls a document after its title's head ("the DfE Project 2A research").
_HEAD_NOUNS = ("guidance", "framework", "research", "report", "project", "study")
_DOCUMENT_NOUNS = {
    "framework",
    "guidance",
    "guide",
    "handbook",
    "protocol",
    "procedures",
    "standards",
    "strategy",
    "toolkit",
    "report",
}
_QUOTED = re.compile(r"['\"‘“]([^'\"’”]{8,})['\"’”]")


@dataclass
class DocAliases:
    """Names by which a question can point at one document."""

    source: str
    aliases: list[str] = field(default_factory=list)
    # Stems of the distinctive words of a guidance document's title and file name, for a
    # question that describes it ("that study on CMS recording") rather than names it.
    words: set[str] = field(default_factory=set)
    # "6 september 2016": the date it states, for "the bulletin published in September 2016".
    date: str = ""
    # "derbyshire safeguarding children board": said with the name, it says nothing of the topic.
    publisher: str = ""
    # "8 months": the child's age, for "the review about an 8-month-old baby".
    age: str = ""


def document_aliases(doc: dict, text: Callable[[], str] | None = None) -> DocAliases:
    """Subject, publisher's place, title acronym and distinctive file-name word of a document.

    The file-name word counts only where the document's text (read through `text`, only when
    there is such a word) uses it as a name ("Essex", "ADCS") or not at all ("kcsie"):
    "working_together.pdf" must not claim every question about working with families.
    """
    aliases: list[str] = []
    if doc.get("subject"):
        aliases.append(doc["subject"].lower())
    publisher = doc.get("publisher") or ""
    first = next((w for w in publisher.split() if w.lower() not in _GENERIC_ALIASES), "")
    if first and first[0].isupper() and len(first) > 3 and not first.isupper():
        aliases.append(first.lower())
    title = re.sub(r"\b(19|20)\d\d\b", "", doc.get("title") or "").strip()
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", title) if len(w) > 2 or w.isupper())
    year, rtype = doc.get("year"), (doc.get("review_type") or "").lower()
    if year and rtype:
        word = rtype.split()[0]
        aliases += [f"{year} {word}", f"{doc.get('date', '')} {word}".strip().lower()]
    if doc.get("kind") == "guidance":
        # "Children Missing Education - Guidance for..." is called CME, not CMEGLA.
        head = re.split(r"\s[-–—:]\s|:\s", title)[0]
        head_initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", head) if len(w) > 2)
        for acronym in (initials, head_initials):
            if 3 <= len(acronym) <= 6 and (acronym == head_initials or len(acronym) >= 4):
                aliases.append(acronym.lower())
        # "...social care national framework" is "the national framework" to its readers; a
        # title ending on a topic ("...missing education") is not shortened, or the topic alone
        # would name it.
        tail = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z']*", head)[-2:]]
        first = tail[0] if len(tail) == 2 else ""
        plain = first in STOPWORDS or first in _GENERIC_ALIASES
        if len(first) > 3 and not plain and tail[-1] in _DOCUMENT_NOUNS:
            aliases.append(" ".join(tail))
        # A title's head names the document when the question says what it is ("the children
        # missing education guidance", "the DfE Project 2A research"), or alone when it holds a
        # number ("DfE Project 2A"), which no topic does.
        head_words = " ".join(WORD.findall(head.lower()))
        if head != title and len(head_words.split()) >= 2:
            aliases += [f"{head_words} {noun}" for noun in _HEAD_NOUNS]
            if any(ch.isdigit() for ch in head_words):
                aliases.append(head_words)
        # "ADCS Safeguarding Pressures" is "the Safeguarding Pressures report" too.
        rest = head.split()
        if len(rest) >= 3 and rest[0].isupper() and len(rest[0]) >= 3 and len(rest) <= 5:
            aliases.append(" ".join(rest[1:]).lower())
        if len(title.split()) >= 3:
            aliases.append(title.lower())
        stem = Path(doc["source"]).stem.split("_")[0].lower()
        plain = stem in _GENERIC_ALIASES or stem in STOPWORDS
        if len(stem) >= 4 and not plain and (text is None or _used_as_name(stem, text())):
            aliases.append(stem)
    words: set[str] = set()
    if doc.get("kind") == "guidance":
        named_by = f"{doc.get('title') or ''} {Path(doc['source']).stem.replace('_', ' ')}"
        words = {
            word_stem(w) for w in name_words(named_by) if w not in STOPWORDS and not w.isdigit()
        } - _DESCRIBING
    date = str(doc.get("date") or doc.get("year") or "").lower()
    return DocAliases(
        doc["source"],
        list(dict.fromkeys(a for a in aliases if a)),
        words,
        date,
        " ".join(publisher.lower().split()),
        _age(doc.get("child_age") or ""),
    )


def name_words(text: str) -> list[str]:
    """Lower-cased words for matching names: hyphens split, possessive 's dropped."""
    out = []
    for word in WORD.findall(text.lower().replace("-", " ")):
        word = word.removesuffix("'s").strip("'")
        if word:
            out.append(word)
    return out


def _used_as_name(word: str, text: str) -> bool:
    """Does the text never use the word, or write it capitalised at least four times in five?"""
    uses = re.findall(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
    return not uses or sum(u[0].isupper() for u in uses) >= 0.8 * len(uses)


def quoted_titles(question: str, titles: dict[str, str]) -> dict[str, str]:
    """Quoted phrases of the question that are part of a document's title -> that source."""
    hits: dict[str, str] = {}
    for quoted in _QUOTED.findall(question):
        phrase = " ".join(WORD.findall(quoted.lower()))
        for source, title in titles.items():
            if phrase and phrase in " ".join(WORD.findall(title.lower())):
                hits[quoted] = source
    return hits


def topic_text(
    question: str,
    aliases: list[DocAliases],
    named: list[str],
    titles: dict[str, str] | None = None,
) -> str:
    """The question without the names of the documents it points at, for scoring sentences."""
    text = question
    for quoted, source in quoted_titles(question, titles or {}).items():
        if source in named:
            text = re.sub(rf"['\"‘“]?{re.escape(quoted)}['\"’”]?", " ", text)
    # Descriptions first: "the 2020 briefing about the 6 month old who died" is read as one only
    # while its name ("2020 briefing") is still there.
    text = without_descriptions(text)
    for doc in aliases:
        if doc.source in named:
            if doc.publisher:
                text = re.sub(rf"\b{re.escape(doc.publisher)}\b", " ", text, flags=re.IGNORECASE)
            for alias in sorted(doc.aliases, key=len, reverse=True):
                text = re.sub(rf"\b{re.escape(alias)}\b", " ", text, flags=re.IGNORECASE)
    text = REVIEW_INTENT.sub(" ", text)
    return " ".join(text.split()) or question


def named_documents(
    question: str, aliases: list[DocAliases], titles: dict[str, str] | None = None
) -> list[str]:
    """Sources whose alias appears in the question ("Liam's review", "the Essex-led research"),
    whose title contains a quoted phrase, or that the question describes (`described`)."""
    q = f" {' '.join(name_words(question))} "
    hits = list(dict.fromkeys(quoted_titles(question, titles or {}).values()))
    for doc in aliases:
        if doc.source in hits:
            continue
        for alias in doc.aliases:
            norm = " ".join(name_words(alias))
            if norm and f" {norm} " in q:
                hits.append(doc.source)
                break
    if not hits:
        hits = described(question, aliases) or dated(question, aliases) or aged(question, aliases)
    return hits


_MONTH = f"(?:{'|'.join(MONTHS)})"
_KIND = r"(?:reviews?|scrs?|cspr|silr|bulletin|briefing|report|note)"
# "the bulletin published in September 2016", "the review from 2018", "the September 2016 SCR".
_DATED = re.compile(
    rf"\b{_KIND}\s+(?:(?:published|issued|written|dated|from|of)\s+)?(?:in\s+)?"
    rf"(?P<m>{_MONTH}\s+)?(?P<y>(?:19|20)\d\d)\b"
    rf"|\b(?P<m2>{_MONTH}\s+)?(?P<y2>(?:19|20)\d\d)\s+(?:learning\s+)?{_KIND}\b",
    re.IGNORECASE,
)


def dated(question: str, aliases: list[DocAliases]) -> list[str]:
    """The one document of the date a question gives with what it is ("the SSCB learning
    bulletin published in September 2016")."""
    for m in _DATED.finditer(question):
        year = m.group("y") or m.group("y2")
        month = (m.group("m") or m.group("m2") or "").strip().lower()
        fits = [d.source for d in aliases if year in d.date and month in d.date]
        if len(fits) == 1:
            return fits
    return []


_AGE = re.compile(
    rf"\b(\d{{1,2}}|{NUMBER_WORDS})[\s-](week|month|year)s?(?:[\s-]old\b)?", re.IGNORECASE
)


def _age(text: str) -> str:
    """The age as "8 months", read from "8 months", "an 8-month-old" or "eight months old"."""
    m = _AGE.search(text)
    return normal_age(f"{m.group(1)} {m.group(2)}") if m else ""


# "Which review concerned…", "the review of the three month old…": one review is meant; "what do
# case reviews say about 6-month-old babies" asks about babies of that age.
_ONE_REVIEW = re.compile(
    r"\b(?:the|which) (?:\w+ ){0,2}(?:review|scr|cspr|silr|case|briefing|bulletin)\b(?!s)", re.I
)


def aged(question: str, aliases: list[DocAliases]) -> list[str]:
    """The one review whose child was the age a question about a review gives ("Which review
    concerned an 8-month-old baby…"); a question about babies of that age in general names none."""
    if not _ONE_REVIEW.search(question):
        return []
    age = _age(" ".join(m.group(0) for m in _AGE.finditer(question) if "old" in m.group(0)))
    fits = [d.source for d in aliases if age and d.age == age]
    return fits if len(fits) == 1 else []


# Words too common in this library to tell its documents apart.
_DESCRIBING = {
    "child", "children", "young", "people", "famil", "family", "safeguard", "education",
    "guidance", "research", "report", "study", "project", "framework", "national", "local",
    "care", "england", "department", "dfe", "pdf",
}  # fmt: skip
_DESCRIBED_MIN_WORDS = 2


def described(question: str, aliases: list[DocAliases]) -> list[str]:
    """The one guidance document a question describes with two or more of its own title or
    file-name words ("that study on CMS recording" for `essex_social_worker_recording.pdf`)."""
    best: list[tuple[int, str]] = []
    for m in DESCRIPTION.finditer(question):
        asked = {word_stem(w) for w in name_words(m.group(1))} - _DESCRIBING
        best += [(len(asked & d.words), d.source) for d in aliases if d.words]
    best.sort(reverse=True)
    if not best or best[0][0] < _DESCRIBED_MIN_WORDS:
        return []
    if len(best) > 1 and best[1][0] == best[0][0] and best[1][1] != best[0][1]:
        return []  # two documents fit as well: name neither
    return [best[0][1]]
