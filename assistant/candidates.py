"""Quotable sentences: the spans of retrieved passages an extractive answer may quote.

Headings, navigation, table rows, contents lines and fragments are not claims; a list's lead-in
is quoted with its items.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.intent import KINDS_OF_THINGS
from caselearn.types import Document, Passage
from ingest.blocks import CLOSING, is_number_run
from ingest.sentences import split_sentences

_MARKER = re.compile(r"^(?:[-•]\s+|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s+|\(?[a-z][.)]\s+)")
# Navigation, contents lines and fragments are not quotable claims. "X can be found on GOV.UK"
# points elsewhere; "the current tool is X, which can be found on..." still says something.
_JUNK = re.compile(
    r"^(click here|see (also )?(page|para|annex|section|chapter)|available (at|from)|for further information"
    r"|visit (our|the)\b)|(?<!which )(?<!that )can be (accessed|found|downloaded) (at|via|from|on|in)\b"
    r"|\s\d{1,3}$|\.{4,}"
    r"|^(further|more) (details|information|guidance|advice)\b[^.]{0,80}\b(can|is|are|will) (be )?"
    r"(found|available|provided|set out)\b"
    # a lead-in to a list of links: "Additional advice ... is available at:"
    r"|\b(?:available|found|accessed|obtained|downloaded) (?:at|from|here|on|via|online)\s*:$",
    re.IGNORECASE,
)
# A contents line runs entries together: "...is effective 16 Enabler: leaders drive... 20 Enabler:"
_CONTENTS_ENTRY = re.compile(r"[a-z,)] \d{1,3} (?=[A-Z])")
_LIST_LINE = re.compile(r"\n(?:[-•]\s|\(?[a-z0-9]{1,3}[.)]\s)")
# A count, not a year or a figure: "four likely scenarios", not "Act 2003 states teachers".
_HOW_MANY = r"\b(?:[2-9]|1[0-2]|two|three|four|five|six|seven|eight|nine|ten)"
LEADING_LABEL = re.compile(r"^\s*[\w' ]{1,30}:\s+")
# A table row run into the sentence after it: "...at period end 1,511 4,524 7,106 370% The absence"
# (also a chart's axis: "2022–23 Q1 2022–23 Q2 …", "Phase 1 Phase 2 … Phase 9 Education and…")
_NUMBER_RUN = re.compile(
    r"(?:(?:[(£]?\d[\d,.–-]*%?\)?|Q[1-4]|[A-Z][a-z]{2,9} \d{1,2})\s+){3,}(?=[A-Z](?:[a-z]|\s))"
)
# A bibliography entry: "Rees, G., Timar, E.", "(2023) Home education…", "Ofsted. (2024b). Fostering"
_CITATION = re.compile(
    r"^(?:[A-Z][A-Za-z'’-]+,\s(?:[A-Z]\.\s?){1,3}|\(\d{4}[a-z]?\)|[^()]{0,80}\(\d{4}[a-z]?\)\.\s)"
)
_YEAR_CITED = re.compile(r"\((?:19|20)\d\d[a-z]?\)|,\s(?:19|20)\d\d[a-z]?\.\s")
_LINK = re.compile(r"https?://|www\.")
# "Greenwood, N., Holley, J. and Cloud, G., 2016.": an author list, as reference entries open.
_AUTHOR = re.compile(r"\b[A-Z][A-Za-z'’-]+, (?:[A-Z]\.\s?){1,3}")
# "(Survey, Metropolitan, Yorkshire and Humber Region)": who said the quote before it.
# No digits: "(DfE, 2024)" cites a source and stays.
_ATTRIBUTION = re.compile(r"\([A-Z][^()\d]{0,60},[^()\d]{1,80}\)\s*(?=[A-Z]|$)")
_ATTRIBUTION_AFTER = re.compile(r"\s+\([A-Z][^()\d]{0,60},[^()\d]{1,80}\)$")
_CAPTION = re.compile(r"^(?:Figure|Table|Chart|Graph|Diagram)\s+\d+[a-z]?\s*[:.–-]")
# A PDF footnote opens its line with its number: "55 All looked after children must have a PEP."
_FOOTNOTE = re.compile(r"^\d{1,3} (?=[A-Z])")


# A heading may ask what its section answers; such a line runs longer than other headings.
_ASKED_HEADING = re.compile(r"(?:What|How|Why|When|Where|Who|Which)\s")


@dataclass
class Candidate:
    passage: Passage
    start: int  # absolute offsets into the document text
    end: int
    text: str
    score: float = 0.0
    # A list quoted with the heading above it, having no lead-in: an answer to a question asking
    # for what the heading names ("What are the principles…"), else its items are quoted alone.
    headed: bool = False


def _is_heading(text: str, start: int, end: int) -> bool:
    """A standalone short line without closing punctuation: a heading, not a finding."""
    alone = (start == 0 or text[max(0, start - 2) : start] == "\n\n") and (
        end == len(text) or text[end : end + 2] == "\n\n"
    )
    line = text[start:end]
    # A heading asked as a question runs longer: "What school and college staff should do if
    # they have a safeguarding concern or an allegation about another staff member who may…"
    longest = 40 if _ASKED_HEADING.match(line) and not line.endswith(":") else 25
    return (
        alone
        and len(line.split()) <= longest
        and line[-1] not in ".!\"'"
        and line[0] not in "\"'‘“"  # a quoted voice ("Please ask my permission") is no heading
    )


def _not_prose(text: str) -> bool:
    """A capitals heading, a table row or chart axis, or a run of contents entries."""
    words = text.split()
    letters = [ch for ch in text if ch.isalpha()]
    if len(words) >= 3 and sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
        return True
    if _CAPTION.match(text):
        return True
    if is_number_run(words, at_least=4):
        return True
    return len(_CONTENTS_ENTRY.findall(text)) >= 2 and not text.rstrip().endswith(".")


def introduces_list(text: str, noun: str) -> bool:
    """Is the quote a list lead-in with its items, naming `noun` ("outcomes") before them, or
    a sentence counting them ("There are three outcomes")? A noun that names no topic
    ("options") is matched by any such noun ("scenarios")."""
    generic = noun in KINDS_OF_THINGS
    nouns = KINDS_OF_THINGS if generic else (noun,)
    m = _LIST_LINE.search(text)
    if m:
        lead = text[: m.start()].lower()
        if not generic:
            return noun.rstrip("s") in lead
        # Whole words: "always" is no "way", "information" no "form".
        return any(re.search(rf"\b{n.rstrip('s')}s?\b", lead) for n in nouns)
    # Items set out under headings of their own: the sentence counts them ("There are four
    # likely scenarios…").
    said = "|".join(re.escape(n) for n in nouns)
    return bool(re.search(rf"{_HOW_MANY}(?: [a-z-]+){{0,2}} (?:{said})\b", text.lower()))


def candidates(
    passages: list[Passage], document: Callable[[str], Document | None] | None = None
) -> list[Candidate]:
    """Every quotable sentence (or list lead-in with its items) of the passages. With `document`
    a lead-in that ends its chunk is quoted with the items that open the next one."""
    out: list[Candidate] = []
    for p in passages:
        chunk = p.chunk
        if _is_bibliography(chunk.section, chunk.text):
            continue
        spans = split_sentences(chunk.text, chunk.start)
        for i, (s, e) in enumerate(spans):
            text = chunk.text[s - chunk.start : e - chunk.start]
            heading = _is_heading(chunk.text, s - chunk.start, e - chunk.start) or (
                chunk.page is not None
                and _run_in_heading(chunk.text, s - chunk.start, e - chunk.start)
            )
            marker = _MARKER.match(text)
            item = marker is not None
            headed = False
            if (
                marker is None
                and chunk.page is not None
                and _at_line_start(chunk.text, s - chunk.start)
            ):
                marker = _FOOTNOTE.match(text)
            if marker:
                s += marker.end()
                text = text[marker.end() :]
            # A quote's attribution, "(DCS, County, Eastern Region)", is no claim: alone it is
            # skipped below, run into the next sentence it is cut off.
            said = _ATTRIBUTION.match(text)
            if said and said.end() < len(text):
                s += said.end()
                text = text[said.end() :]
            said = _ATTRIBUTION_AFTER.search(text)
            if said and said.start() > 0:  # "…Success breeds success (DCS, Unitary, …)"
                e -= len(text) - said.start()
                text = text[: said.start()]
            runs = list(_NUMBER_RUN.finditer(text))
            if runs and len(text[runs[-1].end() :].split()) >= 6:
                s += runs[-1].end()
                text = text[runs[-1].end() :]
            # A list is judged by its lead-in: items of counts ("- Care leavers: 18") would read
            # as a table row or a trailing page number.
            lead = text
            doc = document(chunk.source) if document and e == chunk.end else None
            if doc is not None and doc.text[e : e + 1] == " " and not text.endswith(CLOSING):
                # A sentence too long for one chunk was cut at a word ("…sharing of nudes" |
                # "and/or pornography, … and commerce: risks such as online gambling…"): quote
                # it whole from the document, its second half being no sentence of its own.
                whole = split_sentences(doc.text[s : e + _LOOK_PAST], s)[0][1]
                if whole > e and len(doc.text[s:whole].split()) <= _LONG_SENTENCE_WORDS:
                    e, text, heading = whole, doc.text[s:whole], False
                    lead = text
            standalone = _is_heading(chunk.text, s - chunk.start, e - chunk.start)
            if heading and standalone and not text.endswith(":"):
                # A list under its heading and no lead-in ("Principles of children's social
                # care" / "- Children's welfare is paramount." …): the heading leads it.
                end = _list_end(chunk.text, chunk.start, spans, i)
                listed = chunk.text[s - chunk.start : end - chunk.start]
                # Bullets, two or more: KCSIE's numbered paragraphs under every heading
                # ("41. Staff should…") are no list.
                items = listed.split("\n")[1:]
                bullets = [ln for ln in items if ln.strip()]
                if (
                    len(bullets) >= 2
                    and all(ln.startswith(("-", "•")) for ln in bullets)
                    and len([w for w in listed.split() if w not in "-•"]) <= _LONG_LIST_WORDS
                ):
                    e, text, heading, headed = end, listed, False, True
            if text.endswith(":"):
                # A lead-in is only worth quoting with the list it introduces; on a line of its
                # own it is no heading when a list follows.
                # A lead-in made whole from the document above already reaches past the chunk.
                end = e if e > chunk.end else _list_end(chunk.text, chunk.start, spans, i)
                doc = document(chunk.source) if document and end >= chunk.end else None
                if doc is not None:
                    # "Three groups of children were identified:" closing the chunk, its
                    # items opening the next.
                    after = split_sentences(doc.text[end : end + _LOOK_PAST], end)
                    past = _list_end(doc.text, 0, [(end, end), *after], 0)
                    # Unless the list would take most of an answer's words.
                    if len(doc.text[s:past].split()) <= _LONG_LIST_WORDS:
                        end = past
                source = doc.text if doc is not None else chunk.text
                base = 0 if doc is not None else chunk.start
                listed = source[s - base : end - base]
                heading = heading and (end == e or len(listed.split()) > _LONG_LIST_WORDS)
                e, text = end, listed
            if (
                # A short list item is a finding ("- No evidence of 'child's voice'").
                len(text.split()) < (4 if text.endswith(".") or item else 6)
                or text == chunk.section
                or heading
                or text[0].islower()
                or _JUNK.search(lead)
                or _CITATION.match(text)
                or _ATTRIBUTION.fullmatch(text.rstrip())
                or _not_prose(lead)
                or text.endswith(":")
            ):
                continue
            out.append(Candidate(p, s, e, text, headed=headed))
    return out


# A sentence cut by its chunk's end is quoted whole up to this many words.
_LONG_SENTENCE_WORDS = 200
# How far past a chunk's end to look for the items of a lead-in that ends it.
_LOOK_PAST = 3000
# A lead-in on a line of its own is quoted with a list up to this long: a longer one would take
# most of an answer's words.
_LONG_LIST_WORDS = 80


def _run_in_heading(text: str, start: int, end: int) -> bool:
    """A PDF heading the extraction ran into the end of the paragraph before it: "...in Part four
    of this guidance. What school or college staff should do if they have concerns" closes its
    paragraph without a full stop, after a sentence that had one."""
    closes = end == len(text) or text[end : end + 2] == "\n\n"
    after_sentence = start >= 2 and text[start - 1] == " " and text[start - 2] in ".!?"
    # Short, like a standalone heading: a long unended sentence was cut by a page or a chart.
    unended = not text[start:end].endswith(CLOSING) and len(text[start:end].split()) <= 25
    # "Enabler: the workforce is equipped and effective" is labelled: a statement, kept.
    return closes and after_sentence and unended and not LEADING_LABEL.match(text[start:end])


def _is_bibliography(section: str | None, text: str) -> bool:
    """A reference list: titled so, and citing a year ("(2024)") or a link. KCSIE's section on
    employment "References" has neither. Untitled, when a PDF took an entry for the section's
    heading: it opens with an author list, and has three and two years cited."""
    titled = (section or "").strip().lower().startswith(("references", "bibliography"))
    if titled and bool(_YEAR_CITED.search(text) or _LINK.search(text)):
        return True
    opens = _AUTHOR.match(text.lstrip()) is not None  # prose citing authors does not
    return opens and len(_AUTHOR.findall(text)) >= 3 and len(_YEAR_CITED.findall(text)) >= 2


def _at_line_start(text: str, i: int) -> bool:
    """Whether position i opens a line of text."""
    return i == 0 or text[i - 1] == "\n"


def _list_end(text: str, base: int, spans: list[tuple[int, int]], i: int) -> int:
    """End of the list items that follow the lead-in sentence `i`, within the chunk."""
    end = spans[i][1]
    for s, e in spans[i + 1 : i + 8]:
        gap = text[end - base : s - base]
        item = text[s - base : e - base]
        if "\n" not in gap or not _LIST_LINE.match("\n" + item[:4]):
            break
        end = e
    return end
