"""Learning points: the reviews' own recommendations and findings, as verbatim spans of their text.

A review is read line by line. Headings switch a "learning region" on (lessons, findings,
recommendations, key learning, conclusions, patterns) or off (introduction, background, next
steps); numbered headings ("7. Provision of safer sleeping advice", "Recommendation 9") are
sub-points that keep the region and name the point's topic. Inside a region a sentence is a
recommendation (must/should, "the importance of", an imperative, a recommendations section) or a
finding; outside it, a sentence is background (case facts), used only when a theme needs it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from caselearn.types import Document
from ingest.sentences import split_sentences
from ingest.themes import Theme, matched_terms, theme_pattern

PointKind = Literal["recommendation", "finding", "background"]

_LEARNING = re.compile(
    r"\b(lessons?|learning points?|key learning|points of learning|findings?|recommendations?"
    r"|key messages?|improving practice|conclusions?|patterns?|analysis)\b",
    re.IGNORECASE,
)
_RECOMMEND_SECTION = re.compile(
    r"\b(recommendations?|improving practice|key messages?)\b", re.IGNORECASE
)
_NUMBERED = re.compile(r"^\(?(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+(\S.*)$")
_RECOMMENDATION_N = re.compile(r"^recommendation\s+\d+$", re.IGNORECASE)
_MARKER = re.compile(r"^(?:[-•*]\s+)?(?:\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]\s+)?")
_MODAL = re.compile(
    r"\b(must|should|needs? to|ought to|it would be helpful|the importance of|it is important"
    r"|it is essential|to ensure|ensure that)\b",
    re.IGNORECASE,
)
_PAST_MODAL = re.compile(r"\b(should|must|could|would) have\b", re.IGNORECASE)
_IMPERATIVE = re.compile(
    r"^(Always|Never|Consider|Ask|Keep|Build|Be|Don't|Do not|Remember|Ensure|Seek|Think|Listen"
    r"|Talk|Discuss|Clarify|Escalate)\b"
)
_DEPENDENT = re.compile(
    r"^(This|These|They|He|She|Such|That|Thereafter|Again|Also|However|Therefore|Similarly)\b"
    r"|^It(?:'s|’s)|^It (?!was|is|would|can|could|may|might|appears|appeared)"
)
_JUNK = re.compile(
    r"click here|can be (?:found|accessed)|website|webpage|available (?:at|from)|\bpublished\b"
    r"|\brecommendations\b|for further information|\.{4,}|^[\"“”']?(?:\.\.\.|…)"
    r"|briefing note|\byour team\b",
    re.IGNORECASE,
)
_DANGLING = re.compile(r"\b(and|or|the|of|to|which|these|a|an|with|for|in)$", re.IGNORECASE)
_CONDITION_START = re.compile(r"^(when|where|whenever|if|in cases where)\b", re.IGNORECASE)
_TRIM = "\"'“”‘’ \t"
MIN_WORDS, MAX_WORDS, MAX_LIST_WORDS = 6, 70, 45


@dataclass(frozen=True)
class LearningPoint:
    """One learning point; `text` is exactly the document's text[start:end]."""

    source: str
    title: str
    review: str  # how a question names the review: "the Child H review"
    label: str  # short display label: "Child H (Leicestershire)"
    kind: PointKind
    text: str
    start: int
    end: int
    page: int | None
    section: str | None  # the nearest heading
    topic: (
        str | None
    )  # the numbered heading it sits under, e.g. "Provision of safer sleeping advice"
    themes: tuple[str, ...] = ()  # themes whose specific vocabulary the text uses
    heading_themes: tuple[str, ...] = ()  # ... that only its topic heading uses
    related: tuple[str, ...] = ()  # themes only its broader (related) vocabulary touches
    terms: tuple[str, ...] = ()  # the specific theme terms found in the text
    names: tuple[str, ...] = ()  # what names the review: ("Derbyshire", "SILR15b"), ("Child H",)

    @property
    def words(self) -> int:
        return len(self.text.split())


def review_names(doc: dict) -> tuple[str, ...]:
    """What a stem calls the review: its subject, with the publisher's place for a code such as
    SILR15b; for a briefing without a subject, its date."""
    subject = doc.get("subject")
    if subject:
        if re.search(r"[a-z]{2}", subject):
            return (subject,)
        place = next(
            (
                w
                for w in re.findall(r"[A-Za-z']+", doc.get("publisher") or "")
                if w[0].isupper() and not w.isupper() and len(w) > 3 and w != "The"
            ),
            None,
        )
        return (place, subject) if place else (subject,)
    return (doc["date"],) if doc.get("date") else ()


def review_name(doc: dict) -> str:
    """'the Child H review', 'the Derbyshire SILR15b review', 'the December 2020 briefing note'."""
    rtype = (doc.get("review_type") or "").lower()
    noun = rtype if ("brief" in rtype or "bulletin" in rtype) else "review"
    names = review_names(doc)
    if doc.get("subject") or (names and noun != "review"):
        return f"the {' '.join(names)} {noun}"
    return f"the review “{' '.join(doc['title'].split())[:60]}”"


@dataclass
class _Line:
    start: int
    end: int
    text: str
    heading: bool


def _lines(text: str) -> list[_Line]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e, line = m.start(), m.end(), m.group(0).strip()
        if not line:
            continue
        alone = (s == 0 or text[max(0, s - 2) : s] == "\n\n") and (
            e == len(text) or text[e : e + 2] == "\n\n"
        )
        words = len(line.split())
        colon_ok = not line.endswith(":") or words <= 5
        heading = (
            alone and words <= 14 and colon_ok and not line.endswith((".", "!", "?", ";", ",", '"'))
        )
        heading = heading and not line.startswith(("- ", "• "))
        out.append(_Line(s, e, line, heading))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop list markers and surrounding quote marks from a span."""
    piece = text[start:end]
    m = _MARKER.match(piece)
    if m and m.end() < len(piece):
        start += m.end()
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if text[start:end].endswith(("...", "…")):
        end -= 3 if text[start:end].endswith("...") else 1
    return start, end


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long recommendation with several "; when ... must" clauses gives one point per clause."""
    piece = text[start:end]
    if ";" not in piece or len(piece.split()) < 25:
        return [(start, end)]
    parts: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer(r";\s+", piece):
        cut = start + m.start()
        nxt_start = start + m.end()
        nxt = text[nxt_start:end].split(";")[0]
        if len(nxt.split()) >= 8 and (_MODAL.search(nxt) or _CONDITION_START.match(nxt)):
            parts.append((pos, cut))
            pos = nxt_start
    parts.append((pos, end))
    return parts


def _kind(sentence: str, region: bool, recommend_section: bool) -> PointKind:
    if not region:
        return "background"
    if recommend_section or _IMPERATIVE.match(sentence):
        return "recommendation"
    if _MODAL.search(sentence) and not _PAST_MODAL.search(sentence):
        return "recommendation"
    return "finding"


def _usable(sentence: str, clause: bool) -> bool:
    words = len(sentence.split())
    if words < MIN_WORDS or words > MAX_WORDS or sentence.endswith("?"):
        return False
    if (sentence[0].islower() and not clause) or _DEPENDENT.match(sentence):
        return False
    if sentence.isupper() or sentence.count("/") >= 3 or "|" in sentence:
        return False
    if _JUNK.search(sentence):
        return False
    return not _DANGLING.search(sentence.rstrip(".;:,"))


class _Matcher:
    def __init__(self, themes: Sequence[Theme]) -> None:
        self.patterns = [(t.id, theme_pattern(t)) for t in themes]

    def match(self, text: str, topic: str | None) -> dict[str, tuple[str, ...]]:
        themes, heading, related, terms = [], [], [], []
        for tid, pattern in self.patterns:
            strong, rel = matched_terms(pattern, text)
            if strong:
                themes.append(tid)
                terms.extend(t for t in strong if t not in terms)
            elif topic and matched_terms(pattern, topic)[0]:
                heading.append(tid)
            elif rel:
                related.append(tid)
        return {
            "themes": tuple(themes),
            "heading_themes": tuple(heading),
            "related": tuple(related),
            "terms": tuple(terms),
        }


def extract_points(doc: Document, info: dict, themes: Sequence[Theme]) -> list[LearningPoint]:
    """Every learning point of one review, in reading order; `info` is its catalog row."""
    text = doc.text
    matcher = _Matcher(themes)
    name, label, names = review_name(info), _label(info), review_names(info)
    points: list[LearningPoint] = []
    region = recommend = False
    section: str | None = None
    topic: str | None = None
    lines = _lines(text)
    skip_until = -1
    for i, line in enumerate(lines):
        if line.heading:
            section = line.text.rstrip(":").strip()
            numbered = _NUMBERED.match(line.text)
            if _RECOMMENDATION_N.match(line.text):
                region, recommend, topic = True, True, None
            elif numbered:
                topic = numbered.group(2).strip()
            else:
                region = bool(_LEARNING.search(line.text))
                recommend = region and bool(_RECOMMEND_SECTION.search(line.text))
                topic = None
            continue
        if line.start < skip_until:
            continue
        spans = split_sentences(text[line.start : line.end], line.start)
        if line.text.endswith(":"):
            # A lead-in and its short list items read as one point, or not at all.
            items = [ln for ln in lines[i + 1 : i + 10] if ln.text.startswith(("- ", "• "))]
            run = []
            for ln in items:
                if run and text[run[-1].end : ln.start].strip():
                    break
                run.append(ln)
            if run:
                skip_until = run[-1].end
                last_start = spans[-1][0] if spans else line.start
                if len(text[last_start : run[-1].end].split()) <= MAX_LIST_WORDS:
                    spans = spans[:-1] + [(last_start, run[-1].end)]
                else:
                    spans = spans[:-1]
        for s0, e0 in spans:
            s0, e0 = _trim(text, s0, e0)
            for s, e in _clauses(text, s0, e0):
                s, e = _trim(text, s, e)
                sentence = text[s:e]
                if not sentence or not _usable(sentence, clause=(s != s0)):
                    continue
                kind = _kind(sentence, region, recommend)
                page = doc.page_at(s) if doc.pages else None
                points.append(
                    LearningPoint(
                        doc.source, doc.title, name, label, kind, sentence, s, e, page,
                        section, topic, **matcher.match(sentence, topic), names=names,
                    )
                )  # fmt: skip
    return points


def _label(info: dict) -> str:
    from ingest.theme_matrix import document_label

    return document_label(info)
