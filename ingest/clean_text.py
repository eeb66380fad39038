"""Clean converted text/markdown reviews: strip markdown, HTML and table debris, keep list and heading structure."""

from __future__ import annotations

import re

from ingest.blocks import NUMBERED, Block, looks_like_heading, normalise_chars, tidy

# Link targets may hold one level of parentheses: [x](javascript:alert(1)).
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_TABLE_SEP = re.compile(r"^\|?[\s:|-]+\|?$")
_TAG_BREAK = re.compile(r"</?(p|div|br|tr|table|ul|ol)\b[^>]*>", re.IGNORECASE)
_TAG_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG_ANY = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STARS = re.compile(r"\*{2,3}|(?<![\w*])\*(?=\w)|(?<=[\w.?!])\*(?![\w*])")
_SUPERSCRIPT = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_LIST = re.compile(r"^\s*(?:[-*+•●▪]|\d{1,2}\.(?!\d))\s+")
_INLINE_BULLET = re.compile(r"\s+[•●▪]\s+")
_ROW = "\x1e"  # marks a `label: value` table row, which is never a heading


def _inline(text: str) -> str:
    """Strip inline markup from one line of text."""
    text = _LINK.sub(r"\1", text)
    text = _TAG_ANY.sub(" ", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _STARS.sub("", text)
    text = _SUPERSCRIPT.sub("", text)
    return tidy(text)


def _table_row(line: str) -> list[str]:
    """A markdown table row as lines: `label: value`, or the label as a heading then its content."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    cells = [c for c in cells if _inline(c)]
    if not cells:
        return []
    if len(cells) == 1:
        return ["", cells[0], ""]
    label, rest = cells[0], " ".join(cells[1:])
    if _TAG_BREAK.search(rest) or _TAG_ITEM.search(rest) or "•" in rest:
        return ["", "# " + _inline(label).rstrip(" :"), "", rest, ""]
    return ["", f"{_ROW}{_inline(label).rstrip(' :')}: {rest}", ""]


def _expand_html(text: str) -> str:
    text = _TAG_ITEM.sub("\n- ", text)
    text = _TAG_BREAK.sub("\n\n", text)
    return _INLINE_BULLET.sub("\n- ", text)


def text_blocks(raw: str) -> list[Block]:
    """Blocks of a converted review: headings, paragraphs (re-joined lines) and list items."""
    lines: list[str] = []
    for line in normalise_chars(raw).replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("|"):
            if _TABLE_SEP.match(line.strip()):
                continue
            lines.extend(_table_row(line))
        else:
            lines.append(line)
    expanded = _expand_html("\n".join(lines)).split("\n")

    blocks: list[Block] = []
    open_block: Block | None = None
    for line in expanded:
        if not line.strip():
            open_block = None
            continue
        heading = _MD_HEADING.match(line)
        listed = _LIST.match(line)
        if heading:
            text = _inline(line[heading.end() :])
            if text:
                blocks.append(Block("heading", text))
            open_block = None
            continue
        if listed:
            body = _inline(line[listed.end() :])
            marker = listed.group(0).strip()
            if not body:
                continue
            if marker[0].isdigit():
                body = f"{marker} {body}"
            numbered = bool(NUMBERED.match(body))
            open_block = Block("item", body if numbered else f"- {body}", numbered=numbered)
            blocks.append(open_block)
            continue
        is_row = line.startswith(_ROW)
        text = _inline(line.lstrip(_ROW))
        if not text:
            continue
        if open_block is not None and open_block.kind != "heading":
            open_block.text = f"{open_block.text} {text}"
        else:
            open_block = Block("para", text, numbered=bool(NUMBERED.match(text)))
            blocks.append(open_block)
            if is_row:
                open_block.kind = "row"
    for block in blocks:
        body = block.text[2:] if block.text.startswith("- ") else block.text
        promotable = block.kind == "para" or (block.kind == "item" and block.numbered)
        if promotable and looks_like_heading(body) and not body.endswith(":"):
            block.kind = "heading"
        if block.kind == "row":
            block.kind = "para"
    return blocks
