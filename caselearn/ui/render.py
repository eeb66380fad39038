"""Safe rendering of document text: it is escaped before any markup is added, never trusted.

Document text (and anything derived from it: answers, quotes, titles, sections) may contain HTML
(`<script>`) or markdown (`[x](javascript:...)`). Everything here escapes first and only then wraps
the escaped text in our own fixed markup, so the user always sees the characters as written.
"""

from __future__ import annotations

import html
import re

# The ASCII punctuation that starts markdown syntax (links, emphasis, code, headings, lists, tables,
# autolinks, entities, HTML), Streamlit's `:color[...]`/`:emoji:` directives and `$math$`: each is
# backslash-escaped, which CommonMark renders as the plain character.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=^@])")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
CONTEXT_CHARS = 450

MARK_STYLE = "background-color:#fff2a8;padding:0 .1em;border-radius:.2em"
BLOCK_STYLE = "white-space:pre-wrap;line-height:1.55"
MARKER_STYLE = "font-size:.75em;font-weight:600;color:#1f5fa8"


def escape_markdown(text: str) -> str:
    """`text` as markdown that renders exactly these characters (no links, HTML or styling)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def escape_label(text: str) -> str:
    """A one-line escaped label (expander, caption): whitespace collapsed first."""
    return escape_markdown(" ".join(text.split()))


def answer_html(text: str) -> str:
    """An answer as HTML: escaped, line breaks kept, its [n] markers shown as small superscripts."""
    body = _MARKER.sub(
        lambda m: f'<sup style="{MARKER_STYLE}">[{m.group(1)}]</sup>', html.escape(text)
    )
    return f'<div class="caselearn-answer" style="{BLOCK_STYLE}">{body}</div>'


def paragraph_bounds(
    text: str, start: int, end: int, limit: int = CONTEXT_CHARS
) -> tuple[int, int]:
    """The paragraph around text[start:end], at most `limit` characters either side of it."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    breaks = list(_PARAGRAPH_BREAK.finditer(text))
    lo = max((m.end() for m in breaks if m.end() <= start), default=0)
    hi = min((m.start() for m in breaks if m.start() >= end), default=len(text))
    if start - lo > limit:
        cut = text.find(" ", start - limit, start)
        lo = cut + 1 if cut >= 0 else start - limit
    if hi - end > limit:
        cut = text.rfind(" ", end, end + limit)
        hi = cut if cut > end else end + limit
    return lo, hi


def highlight_html(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> str:
    """The quote text[start:end] highlighted inside its paragraph, as safe HTML.

    Each piece is escaped separately and only then wrapped, so the highlight cannot be broken or
    abused by the document's own characters.
    """
    lo, hi = paragraph_bounds(text, start, end, limit)
    before = ("…" if lo > 0 and text[lo - 1] not in "\n" else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) and text[hi] not in "\n" else "")
    return (
        f'<div class="caselearn-context" style="{BLOCK_STYLE}">'
        f"{html.escape(before.lstrip())}"
        f'<mark style="{MARK_STYLE}">{html.escape(text[start:end])}</mark>'
        f"{html.escape(after.rstrip())}</div>"
    )


def quote_html(quote: str) -> str:
    """A quote on its own (no document text at hand), highlighted and escaped."""
    return (
        f'<div class="caselearn-context" style="{BLOCK_STYLE}">'
        f'<mark style="{MARK_STYLE}">{html.escape(quote)}</mark></div>'
    )


def where(page: int | None, section: str | None) -> str:
    """'p. 12', the section, or '' — how a citation says where its quote is."""
    if page is not None:
        return f"p. {page}"
    return " ".join((section or "").split())


def terms_html(text: str, pattern: re.Pattern[str] | None) -> str:
    """A passage as safe HTML with the matches of `pattern` (a theme's vocabulary) marked."""
    out, pos = [], 0
    for m in pattern.finditer(text) if pattern else ():
        out.append(html.escape(text[pos : m.start()]))
        out.append(f'<mark style="{MARK_STYLE}">{html.escape(m.group(0))}</mark>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return f'<div class="caselearn-passage" style="{BLOCK_STYLE}">{"".join(out)}</div>'
