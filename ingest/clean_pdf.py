"""Clean pypdf page text: drop running headers/footers and page numbers, join hyphenation, rebuild blocks."""

from __future__ import annotations

import re
from collections import Counter

from ingest.blocks import (
    BULLET,
    CLOSING,
    NUMBERED,
    Block,
    is_number_run,
    looks_like_heading,
    normalise_chars,
    tidy,
)

PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
EDGE_LINES = 3
HYPHEN_PREFIXES = {
    "multi", "pre", "non", "co", "self", "well", "post", "inter", "cross", "anti", "ex", "sub",
    "long", "short", "over", "under", "semi", "re", "high", "low", "face", "decision", "child",
}  # fmt: skip
# A footnote at the foot of a page ("7 Since spring 2023, ..."), within this many last lines.
# A note may open on an age range: "61 16-19 Academies … should verify…".
_NOTE_START = r"^(\d{1,3})\s+(?:\d{1,2}-\d{1,2}\s+)?[A-Z]"
_FOOTNOTE = re.compile(_NOTE_START + r"[A-Za-z\s'’]")
_NOTE_NUMBER = re.compile(_NOTE_START)
_FOOTNOTE_LINES = 12
# A note runs on over at most this many lines before the next note or the page's foot.
_NOTE_LINES = 8
# "…suspected cases (i.e." ends on a full stop and not a sentence.
_ABBREVIATION_END = re.compile(r"\b(?:i\.e|e\.g|cf|viz|incl|approx|para|paras|pp?)\.$")
_SECTION_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s+[A-Z][a-z]")
# A footnote citing an Act or a page ("6 Section 443 of the Education Act 1996"), not a title.
_REFERENCE = re.compile(
    r"\b(?:Act|Regulations?)\b.*\b(?:19|20)\d\d\b|\.gov\.uk|^\d+\s+(?:See|Under)\b"
)
_MAX_BLANK_SHARE = 0.3
# Lines are measured in characters, not points: a full line of a proportional font can run this
# far below the typical line's character count.
_FITS = 0.85
_DIGIT_CONTINUATION = re.compile(r"^\d[\d,.]*(?:[%;,)]|\s+[a-z])")
_HYPHENATED = re.compile(r"\b([A-Za-z]+)-([a-z]+)\b")
# A word not touching a hyphen: evidence that a half of a line-end break is a word of its own.
_STANDALONE = re.compile(r"(?<![-\w])[A-Za-z]+(?![-\w])")


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _boilerplate_keys(pages: list[list[str]]) -> set[str]:
    """Lines that recur at the top or bottom of many pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        counts.update({_edge_key(line) for line in edge})
    # A two- or three-page learning brief has furniture too ("Learning brief: Child A | page 2");
    # with so few pages only a line on the edge of every page counts.
    threshold = len(pages) if len(pages) < 4 else max(3, int(0.3 * len(pages)))
    return {key for key, n in counts.items() if n >= threshold and len(key) > 1}


def running_title(pages: list[str]) -> str | None:
    """The running header that opens page one ("Shared MIME-info Database" atop every page):
    stripped as page furniture everywhere, it is the document's title when nothing else says."""
    split = [[tidy(normalise_chars(raw)) for raw in page.splitlines()] for page in pages]
    split = [[line for line in lines if line] for lines in split]
    if not split or not split[0]:
        return None
    first = split[0][0]
    if _edge_key(first) in _boilerplate_keys(split) and looks_like_heading(first):
        return first
    return None


def strip_page_furniture(pages: list[str]) -> list[list[str]]:
    """Per page, the content lines without running headers, footers or page numbers."""
    return _page_lines(pages)[0]


def _page_lines(pages: list[str]) -> tuple[list[list[str]], list[set[int]]]:
    """Content lines per page, and per page the indices of lines that follow a blank line."""
    split: list[list[str]] = []
    after_blank: list[list[bool]] = []
    for page in pages:
        lines, gaps, gap = [], [], False
        for raw in page.splitlines():
            line = tidy(normalise_chars(raw))
            if not line:
                gap = True
                continue
            lines.append(line)
            gaps.append(gap)
            gap = False
        split.append(lines)
        after_blank.append(gaps)
    keys = _boilerplate_keys(split)
    cleaned: list[list[str]] = []
    breaks: list[set[int]] = []
    for lines, gaps in zip(split, after_blank, strict=True):
        n = len(lines)
        keep: list[str] = []
        marked: set[int] = set()
        for i, line in enumerate(lines):
            at_edge = i < EDGE_LINES or i >= n - EDGE_LINES
            if at_edge and (PAGE_NUMBER.match(line) or _edge_key(line) in keys):
                continue
            if gaps[i] and keep:
                marked.add(len(keep))
            keep.append(line)
        cleaned.append(keep)
        breaks.append(marked)
    return cleaned, breaks


def _join_hyphen(left: str, right: str, known: set[str], words: set[str] | None = None) -> str:
    """Join a word broken across lines, keeping the hyphen where it is a real compound.

    Evidence from the rest of the document decides: the hyphenated form used elsewhere keeps the
    hyphen; the joined word used elsewhere drops it; otherwise a compound prefix, or two halves
    that are each words of their own ("trauma-informed", "case-by-case"), keep it.
    """
    words = words or set()
    m = re.search(r"([A-Za-z]+)-$", left)
    first = right.split(" ", 1)[0]
    word = re.match(r"[a-z]+", first)
    if not m or not word:
        return f"{left} {right}"
    prefix, rest = m.group(1), word.group(0)
    if f"{prefix}-{rest}".lower() in known:
        keep = True
    elif f"{prefix}{rest}".lower() in words:
        keep = False
    else:
        keep = prefix.lower() in HYPHEN_PREFIXES or (prefix.lower() in words and rest in words)
    return f"{left}{right}" if keep else f"{left[:-1]}{right}"


def _typical_width(pages: list[list[str]]) -> int:
    lengths = sorted(len(line) for lines in pages for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 80


def pdf_blocks(pages: list[str]) -> list[Block]:
    """Rebuild headings, paragraphs and list items from pypdf's line-broken page text."""
    lines_per_page, blank_before = _page_lines(pages)
    # A blank line is a paragraph break, unless the PDF puts one after every line or so.
    n_lines = sum(len(lines) for lines in lines_per_page) or 1
    if sum(len(b) for b in blank_before) > _MAX_BLANK_SHARE * n_lines:
        blank_before = [set() for _ in lines_per_page]
    joined = " ".join(" ".join(lines) for lines in lines_per_page)
    known = {f"{a}-{b}".lower() for a, b in _HYPHENATED.findall(joined)}
    # Line-end breaks glued back with their hyphen, so their halves do not count as words.
    probe = re.sub(r"-\n", "-", "\n".join(line for lines in lines_per_page for line in lines))
    words = {w.lower() for w in _STANDALONE.findall(probe)}
    width = _typical_width(lines_per_page)
    blocks: list[Block] = []
    prev_line = ""
    # A paragraph left unfinished at the foot of a page, under its footnotes: (block, last line).
    pending: tuple[Block, str] | None = None
    for page_no, lines in enumerate(lines_per_page, start=1):
        for line_no, line in enumerate(lines):
            if line_no == 0 and pending is not None:
                held, held_line = pending
                pending = None
                if not BULLET.match(line) and _continues(held, held_line, line, width):
                    # The footnotes go before the paragraph, so pages still run in order.
                    blocks.remove(held)
                    blocks.append(held)
                    prev_line = held_line
            cur = blocks[-1] if blocks else None
            bullet = BULLET.match(line)
            if (
                cur is not None
                and pending is None
                and cur.kind in ("para", "item")
                and _FOOTNOTE.match(line)
                and _unfinished(prev_line)
                and _footnote_zone(lines, line_no)
            ):
                pending = (cur, prev_line)
                blocks.append(Block("para", line, page_no))
            elif (
                _SECTION_HEADING.match(line)
                and not _cites_law(line)
                and looks_like_heading(line, max_words=12)
                and len(line) < 0.9 * width
            ):
                # "2 Overview of safeguarding pressures" / "6.1 Education as a partner": a numbered
                # section title, which the next capitalised line must not run on from.
                blocks.append(Block("heading", line, page_no))
            elif bullet and len(line) > bullet.end():
                blocks.append(Block("item", "- " + line[bullet.end() :], page_no))
            elif NUMBERED.match(line):
                blocks.append(Block("item", line, page_no, numbered=True))
            elif (
                cur is not None
                and (line_no not in blank_before[page_no - 1] or line[0].islower())
                and not _standalone(prev_line, line, lines[line_no + 1 : line_no + 2], width)
                and _continues(cur, prev_line, line, width)
            ):
                sep_text = (
                    _join_hyphen(cur.text, line, known, words) if cur.text.endswith("-") else None
                )
                text = sep_text if sep_text is not None else f"{cur.text} {line}"
                if line_no == 0 and cur.page != page_no:
                    breaks = cur.page_breaks or []
                    breaks.append((len(text) - len(line), page_no))
                    cur.page_breaks = breaks
                cur.text = text
            else:
                blocks.append(Block("para", line, page_no))
            prev_line = line
    for block in blocks:
        promotable = block.kind == "para" or (block.kind == "item" and block.numbered)
        short = looks_like_heading(block.text) and len(block.text) < 0.75 * width
        if promotable and short and not _cites_law(block.text):
            block.kind = "heading"
    return [b for b in blocks if b.text.strip(" -")]


def _unfinished(line: str) -> bool:
    """Does the line stop mid-sentence: no closing mark, or a full stop ending "i.e."?"""
    line = line.rstrip()
    return not line.endswith(CLOSING) or bool(_ABBREVIATION_END.search(line))


def _footnote_zone(lines: list[str], line_no: int) -> bool:
    """Is the line at `line_no` the first of a page's footnotes: within the last few lines, or
    the first of notes numbered one after another down to the page's foot ("61 …", … "65 …"),
    not a numbered list with prose after it?"""
    if line_no >= len(lines) - _FOOTNOTE_LINES:
        return True
    notes = [
        (i, int(m.group(1)))
        for i in range(line_no, len(lines))
        if (m := _NOTE_NUMBER.match(lines[i]))
    ]
    if len(notes) < 3 or len(lines) - notes[-1][0] > _NOTE_LINES:
        return False
    pairs = zip(notes, notes[1:], strict=False)
    return all(b - a == 1 and j - i <= _NOTE_LINES for (i, a), (j, b) in pairs)


def _cites_law(text: str) -> bool:
    """A numbered line citing an Act, Regulations or a .gov.uk page: a footnote, not a title."""
    return bool(_SECTION_HEADING.match(text) and _REFERENCE.search(text))


def _standalone(prev_line: str, line: str, after: list[str], width: int) -> bool:
    """A heading set between a finished sentence and the next block ("…in the future." /
    "Lessons learned" / "1. The importance of…"): short, unpunctuated, and ended on purpose."""
    if not after or not prev_line.rstrip().endswith((".", "!", "?")):
        return False
    if line.endswith(CLOSING) or not looks_like_heading(line):
        return False
    return _ended_early(line, after[0], width)


def _ended_early(line: str, nxt: str, width: int) -> bool:
    """The next line's first word would have fitted on this one: the line was ended on purpose."""
    return len(line) + 1 + len(nxt.split(" ", 1)[0]) < _FITS * width


def _continues(cur: Block, prev_line: str, line: str, width: int) -> bool:
    """Does `line` carry on the block that `prev_line` ended?"""
    if line[0].islower() or cur.text.endswith("-"):
        return True
    if cur.kind == "heading":
        return False
    if is_number_run(prev_line.split(), at_least=4):
        # A chart's axis labels ("2007–8 2009–10 …", "Phase 1 Phase 2 …") end the chart; the
        # sentence after them, often atop the next page, starts a paragraph of its own.
        return False
    # A short line, or one ended on purpose (a list item whose bullet is a drawn shape, a
    # paragraph with no blank line after it).
    short_prev = len(prev_line) < 0.6 * width or _ended_early(prev_line, line, width)
    ends = prev_line.rstrip().endswith((".", "!", "?", ":"))
    if not ends and not short_prev and _DIGIT_CONTINUATION.match(line):
        # "(Ogden et al.," / "2023). Further..." or "rates per" / "10,000 children": a number
        # carrying on the sentence, not a numbered heading.
        return True
    if ends:
        # A full-width line ending a sentence is usually mid-paragraph.
        return not short_prev and cur.kind != "heading" and not line[0].isdigit()
    # No closing punctuation: a short line before a capitalised one is a heading or a label.
    return not short_prev and not line[0].isdigit()
