"""Understanding a question: vocabulary expansion, named documents, whether it asks about reviews."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
# fmt: off
STOPWORDS = frozenset([
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into",
    "is", "it", "its", "me", "my", "of", "on", "or", "our", "should", "so", "such", "than",
    "that", "the", "their", "them", "there", "these", "they", "this", "those", "to", "was",
    "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would",
    "you", "your", "about", "any", "all", "say", "said", "tell", "reviews", "review", "case",
    "cases", "library", "documents", "document", "learning", "lessons", "actually", "really",
    "anything", "something", "counts", "count", "keeps", "keep", "need", "needs", "know",
    "think", "get", "got", "going", "thing", "things", "ok", "okay", "please", "here", "just",
    "isn't", "aren't", "doesn't", "don't", "didn't", "wasn't", "weren't", "can't", "won't",
    "shouldn't", "it's", "what's", "i'm", "we're", "they're", "i've", "we've", "someone",
    "anyone", "nobody", "somebody", "now", "also", "very"
])
# fmt: on
REVIEW_INTENT = re.compile(
    r"\b(reviews?|scrs?|cspr|silr|serious case|case reviews?|learning (?:brief|bulletin)|briefing note)\b",
    re.IGNORECASE,
)
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


def load_vocabulary(path: Path = VOCABULARY_PATH, themes: bool = True) -> dict[str, list[str]]:
    """Term -> synonyms, lower-cased; with `themes`, the theme taxonomy's vocabulary merged in."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    vocabulary = {str(k).lower(): [str(v).lower() for v in vs] for k, vs in data.items()}
    return merge_theme_vocabulary(vocabulary) if themes else vocabulary


def merge_theme_vocabulary(
    vocabulary: dict[str, list[str]], limit: int = 8
) -> dict[str, list[str]]:
    """Add ingest/themes.yaml: each colloquial term ("dads", "booze") -> its theme's first
    `limit` synonyms ("males", "putative father"), appended to any entry the term already has."""
    from ingest.themes import load_taxonomy

    merged = {k: list(v) for k, v in vocabulary.items()}
    for theme in load_taxonomy():
        synonyms = [s.lower() for s in theme.synonyms[:limit]]
        for term in (c.lower() for c in theme.colloquial):
            entry = merged.setdefault(term, [])
            entry.extend(s for s in synonyms if s != term and s not in entry)
    return merged


def content_words(text: str) -> list[str]:
    """Lower-cased words of a text without stopwords or possessive 's; hyphenated words split."""
    out = []
    for word in _WORD.findall(text.lower()):
        word = re.sub(r"'s$", "", word).strip("'-")
        for part in word.split("-") if "-" in word else [word]:
            if part not in STOPWORDS and len(part) > 1:
                out.append(part)
    return out


_OBJECT = r"(?: (?:us|me|them|him|her|you|it|people|everyone|someone|everybody))?"


def vocabulary_hits(question: str, vocabulary: dict[str, list[str]]) -> list[str]:
    """The vocabulary's terms and phrases that the question uses; a two-word phrase may have an
    object between its words, as phrasal verbs do ("fobbing us off" for "fobbing off")."""
    # "the dad's role" uses "dad"
    lowered = " ".join(w.removesuffix("'s") for w in _WORD.findall(question.lower()))
    words = set(lowered.split())
    hits = []
    for term in vocabulary:
        plain = term.replace("'s ", " ")  # "mum's boyfriend", as the question was read
        parts = plain.split()
        if len(parts) == 1:
            hit = plain in words
        elif len(parts) == 2:
            pattern = rf"\b{re.escape(parts[0])}{_OBJECT} {re.escape(parts[1])}\b"
            hit = re.search(pattern, lowered) is not None
        else:
            hit = f" {plain} " in f" {lowered} "
        if hit:
            hits.append(term)
    return hits


def expand(
    question: str, vocabulary: dict[str, list[str]], hits: list[str] | None = None
) -> list[str]:
    """Synonyms of the question's terms and phrases (`hits`, if already found), not already in
    the question."""
    lowered = " ".join(_WORD.findall(question.lower()))
    extra: list[str] = []
    for term in vocabulary_hits(question, vocabulary) if hits is None else hits:
        extra.extend(s for s in vocabulary[term] if s not in lowered)
    return list(dict.fromkeys(extra))


@dataclass
class DocAliases:
    """Names by which a question can point at one document."""

    source: str
    aliases: list[str] = field(default_factory=list)


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
        head_words = " ".join(_WORD.findall(head.lower()))
        if head != title and len(head_words.split()) >= 2:
            aliases += [f"{head_words} {noun}" for noun in _HEAD_NOUNS]
            if any(ch.isdigit() for ch in head_words):
                aliases.append(head_words)
        if len(title.split()) >= 3:
            aliases.append(title.lower())
        stem = Path(doc["source"]).stem.split("_")[0].lower()
        plain = stem in _GENERIC_ALIASES or stem in STOPWORDS
        if len(stem) >= 4 and not plain and (text is None or _used_as_name(stem, text())):
            aliases.append(stem)
    return DocAliases(doc["source"], list(dict.fromkeys(a for a in aliases if a)))


def _used_as_name(word: str, text: str) -> bool:
    """Does the text never use the word, or write it capitalised at least four times in five?"""
    uses = re.findall(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
    return not uses or sum(u[0].isupper() for u in uses) >= 0.8 * len(uses)


_UNKNOWN_SUBJECT = re.compile(r"\b(?:Baby|Child) [A-Z]{1,2}\b")
_UNKNOWN_NAMED_REVIEW = re.compile(
    r"\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+)(?:'s)?\s+(?:\([^)]*\)\s+)?"
    r"(?:serious case review|case review|safeguarding practice review|review|SCR|inquiry)\b"
)
_NOT_NAMES = {
    "the",
    "a",
    "which",
    "what",
    "this",
    "that",
    "serious",
    "case",
    "learning",
    "national",
    "local",
    "child",
    "baby",
    "practice",
    "safeguarding",
    "any",
    "each",
    "every",
    "other",
}


def quoted_titles(question: str, titles: dict[str, str]) -> dict[str, str]:
    """Quoted phrases of the question that are part of a document's title -> that source."""
    hits: dict[str, str] = {}
    for quoted in _QUOTED.findall(question):
        phrase = " ".join(_WORD.findall(quoted.lower()))
        for source, title in titles.items():
            if phrase and phrase in " ".join(_WORD.findall(title.lower())):
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
    for doc in aliases:
        if doc.source in named:
            for alias in sorted(doc.aliases, key=len, reverse=True):
                text = re.sub(rf"\b{re.escape(alias)}\b", " ", text, flags=re.IGNORECASE)
    text = REVIEW_INTENT.sub(" ", text)
    return " ".join(text.split()) or question


def unknown_review(question: str, aliases: list[DocAliases]) -> str | None:
    """A review the question names (Child Q, the Daniel Pelka review) that the library lacks."""
    known = {a for d in aliases for a in d.aliases}
    for m in _UNKNOWN_SUBJECT.finditer(question):
        if m.group(0).lower() not in known:
            return m.group(0)
    for m in _UNKNOWN_NAMED_REVIEW.finditer(question):
        words = [w for w in m.group(1).split() if w.lower() not in _NOT_NAMES]
        if words and not any(w.lower() in known for w in words):
            return " ".join(words)
    return None


# "the Training, Support and Development Standards", "the Mental Capacity Act": a document
# named by its capitalised title and what kind of document it is. Not "Guidance": "Safer Sleep
# Guidance" is as often a topic, and a question about guidance the library lacks is answered
# from the reviews with a note.
_NAMED_DOCUMENT = re.compile(
    r"\b((?:[A-Z][a-z]+,?\s(?:(?:and|of|for|to|the|in|on)\s)?){1,6}"
    r"(?:Standards|Regulations|Act|Protocol|Handbook|Toolkit))\b"
)


def named_document(question: str) -> str | None:
    """A document the question names by its capitalised title ("…Development Standards")."""
    m = _NAMED_DOCUMENT.search(question)
    if not m:
        return None
    words = m.group(1).split()
    while words and words[0].lower() in _NOT_NAMES | STOPWORDS:
        words = words[1:]  # "What", "The"
    return " ".join(words) if len(words) >= 2 else None


def named_documents(
    question: str, aliases: list[DocAliases], titles: dict[str, str] | None = None
) -> list[str]:
    """Sources whose alias appears in the question, or whose title contains a quoted phrase."""
    q = f" {' '.join(_WORD.findall(question.lower()))} "
    hits = list(dict.fromkeys(quoted_titles(question, titles or {}).values()))
    for doc in aliases:
        if doc.source in hits:
            continue
        for alias in doc.aliases:
            norm = " ".join(_WORD.findall(alias))
            if norm and f" {norm} " in q:
                hits.append(doc.source)
                break
    return hits
