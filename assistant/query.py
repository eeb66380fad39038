"""Understanding a question: its content words, vocabulary expansion, whether it asks about reviews."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yaml")
WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
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
    "anyone", "nobody", "somebody", "now", "also", "very",
    "he", "she", "him", "her", "his", "hers", "us", "myself", "himself", "herself", "themselves",
    # typed without the apostrophe: "im the new DSL", "hasnt been in for weeks"
    "im", "ive", "dont", "doesnt", "didnt", "couldnt", "wouldnt", "shouldnt", "isnt", "arent",
    "wasnt", "werent", "hasnt", "havent", "hadnt", "thats", "whats", "theres", "theyre",
    "youre", "hasn't", "haven't", "hadn't", "couldn't", "wouldn't", "that's", "there's",
    "you're", "i'd",
    # when and how fast, said in passing: "what was known beforehand", "quick one -"
    "beforehand", "afterwards", "afterward", "partway", "meanwhile", "nowadays", "currently",
    "quick", "quickly", "already", "ever",
])
# fmt: on
# Not "a rapid review": the safeguarding partners' first step after an incident, not a case review;
# nor "the child death review", the statutory process after every child's death.
REVIEW_INTENT = re.compile(
    r"\b(?<!rapid )(?<!child death )(reviews?|scrs?|cspr|silr|serious case|case reviews?|learning (?:brief|bulletin)"
    r"|briefing note|(?:these|those|across) cases)\b",
    re.IGNORECASE,
)


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
    for word in WORD.findall(text.lower()):
        word = re.sub(r"'s$", "", word).strip("'-")
        for part in word.split("-") if "-" in word else [word]:
            if part not in STOPWORDS and len(part) > 1:
                out.append(part)
    return out


_OBJECT = r"(?: (?:us|me|them|him|her|you|it|people|everyone|someone|everybody))?"
_NEGATING = ("non-", "anti-", "un-", "counter-")


def vocabulary_hits(question: str, vocabulary: dict[str, list[str]]) -> list[str]:
    """The vocabulary's terms and phrases that the question uses; a two-word phrase may have an
    object between its words, as phrasal verbs do ("fobbing us off" for "fobbing off")."""
    # "the dad's role" uses "dad"
    lowered = " ".join(w.removesuffix("'s") for w in WORD.findall(question.lower()))
    words = set(lowered.split())
    # "over-optimism" uses "optimism", "step-dad" uses "dad"; "anti-social" is not "social",
    # nor is "mother-in-law" a mother.
    words |= {
        w.rsplit("-", 1)[1]
        for w in words
        if "-" in w and not w.startswith(_NEGATING) and "-in-law" not in w
    }
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
    lowered = " ".join(WORD.findall(question.lower()))
    extra: list[str] = []
    for term in vocabulary_hits(question, vocabulary) if hits is None else hits:
        extra.extend(s for s in vocabulary[term] if s not in lowered)
    return list(dict.fromkeys(extra))


# "we lean heavily on agency staff", "I reckon", "they keep cancelling": the asker's own verbs
# tell the situation, not the topic; a library that never writes "lean" may still answer it.
_SITUATION_VERB = re.compile(
    r"\b(?:i|we|they|you)(?:'ve|'re|'m)?\s+(?:(?:really|just|often|always|never|sometimes|still"
    r"|now|also|do|don't|can't|kind of|sort of)\s+)?([a-z]+)\b",
    re.IGNORECASE,
)


# "parents who only pretend to engage", "mum just ignores us": a word after such an adverb is
# what someone does, told in everyday words, not a topic the library must name.
_ADVERB_VERB = re.compile(
    r"\b(?:only|just|never|keep)\s+([a-z]+)\b",
    re.IGNORECASE,
)


def situation_verbs(question: str) -> set[str]:
    """Words right after "I", "we", "they" or "you", or after "only", "just", "never"…: verbs
    about the asker or the family, not what is asked."""
    found = {m.group(1).lower() for m in _SITUATION_VERB.finditer(question)}
    return found | {m.group(1).lower() for m in _ADVERB_VERB.finditer(question)}
