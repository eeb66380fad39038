"""Structure-aware chunking: split at headings and numbered points, then by size in word pieces."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from caselearn.settings import ChunkSettings
from caselearn.types import Chunk, Document
from ingest.blocks import Block
from ingest.sentences import split_sentences

logger = logging.getLogger(__name__)

TokenCounter = Callable[[list[str]], list[int]]


def model_token_counter() -> TokenCounter:
    """Count word pieces exactly as all-MiniLM-L6-v2 sees them ([CLS] and [SEP] included)."""
    from tokenizers import Tokenizer

    from ingest.embed import model_path

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()

    def count(texts: list[str]) -> list[int]:
        return [len(e.ids) for e in tok.encode_batch(texts)]

    return count


def embed_text(chunk: Chunk) -> str:
    """What the model embeds: title and section give a bare passage its context."""
    heading = f"{chunk.title} — {chunk.section}" if chunk.section else chunk.title
    return f"{heading}\n{chunk.text}"


_CONTENTS = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)


@dataclass
class _Group:
    blocks: list[Block] = field(default_factory=list)
    section: str | None = None
    only_headings: bool = True

    @property
    def start(self) -> int:
        return self.blocks[0].start

    @property
    def end(self) -> int:
        return self.blocks[-1].end


class Chunker:
    """Turns a cleaned document and its blocks into chunks that fit the embedding model."""

    def __init__(self, settings: ChunkSettings, count_tokens: TokenCounter) -> None:
        self.settings = settings
        self.count = count_tokens

    def chunk(self, doc: Document, blocks: list[Block]) -> list[Chunk]:
        groups = self._group(doc, blocks)
        chunks: list[Chunk] = []
        for group in groups:
            chunks.extend(self._fit(doc, group.start, group.end, group.section))
        self._number(doc, chunks)
        return chunks

    def _tokens(self, doc: Document, start: int, end: int, section: str | None) -> int:
        probe = Chunk("", "", "", doc.title, doc.kind, section, None, start, end, "", 0)
        probe.text = doc.text[start:end]
        return self.count([embed_text(probe)])[0]

    def _group(self, doc: Document, blocks: list[Block]) -> list[_Group]:
        """Blocks gathered into sections and points, each group at most max_tokens."""
        groups: list[_Group] = []
        cur = _Group()
        section: str | None = None
        section_page: int | None = None
        limit = self.settings.max_tokens
        for block in blocks:
            is_heading = block.kind == "heading"
            starts_point = is_heading or (block.kind == "item" and block.numbered)
            # A contents page's title says nothing about the pages after it, whose own first
            # heading the PDF may not mark.
            left_contents = (
                not is_heading and section_page != block.page and _CONTENTS.match(section or "")
            )
            if (
                cur.blocks
                and not cur.only_headings
                and (
                    starts_point
                    or left_contents
                    or self._tokens(doc, cur.start, block.end, cur.section) > limit
                )
            ):
                carried = 0 if starts_point else self._list_run(doc, cur, block)
                groups.append(cur)
                cur = _Group()
                if carried:
                    # A list is not cut from its lead-in ("…should have taken place:" and then
                    # "- Antenatally" alone): the lead-in and its items so far move on with it.
                    prev = groups[-1]
                    cur.blocks = prev.blocks[-carried:]
                    del prev.blocks[-carried:]
                    cur.section, cur.only_headings = prev.section, False
            if is_heading:
                section, section_page = block.text, block.page
            elif left_contents:
                section = None
            if not cur.blocks or cur.only_headings:
                cur.section = section
            cur.blocks.append(block)
            cur.only_headings = cur.only_headings and is_heading
        if cur.blocks:
            groups.append(cur)
        return self._merge_small(doc, groups)

    def _list_run(self, doc: Document, cur: _Group, block: Block) -> int:
        """How many of `cur`'s last blocks are a list's lead-in and its items so far, when `block`
        carries the list on and they fit a chunk with it; else 0."""
        if block.kind != "item":
            return 0

        def leads(b: Block) -> bool:
            return b.text.rstrip().endswith(":")

        i = len(cur.blocks) - 1
        while i > 0 and cur.blocks[i].kind == "item" and not leads(cur.blocks[i]):
            i -= 1
        if i < 1 or not leads(cur.blocks[i]) or cur.blocks[i].kind == "heading":
            return 0
        start = cur.blocks[i].start
        if self._tokens(doc, start, block.end, cur.section) > self.settings.max_tokens:
            return 0
        return len(cur.blocks) - i

    def _merge_small(self, doc: Document, groups: list[_Group]) -> list[_Group]:
        """Fold tiny groups into their neighbour in the same section when the result still fits."""
        out: list[_Group] = []
        for group in groups:
            if out:
                prev = out[-1]
                small = self._tokens(doc, group.start, group.end, group.section)
                if small < self.settings.min_tokens and prev.section == group.section:
                    merged = self._tokens(doc, prev.start, group.end, prev.section)
                    if merged <= self.settings.max_tokens:
                        prev.blocks.extend(group.blocks)
                        continue
            out.append(group)
        return out

    def _fit(self, doc: Document, start: int, end: int, section: str | None) -> list[Chunk]:
        """Split a span at sentences (then words) until every piece fits the model."""
        hard = self.settings.hard_max_tokens
        if self._tokens(doc, start, end, section) <= min(hard, self.settings.max_tokens + 20):
            return [self._make(doc, start, end, section)]
        pieces: list[tuple[int, int]] = []
        cur_start: int | None = None
        cur_end = start
        for s, e in _glue_markers(doc.text, split_sentences(doc.text[start:end], start)):
            for ps, pe in self._split_long(doc, s, e, section):
                if cur_start is None:
                    cur_start, cur_end = ps, pe
                elif self._tokens(doc, cur_start, pe, section) <= self.settings.max_tokens:
                    cur_end = pe
                else:
                    pieces.append((cur_start, cur_end))
                    cur_start, cur_end = ps, pe
        if cur_start is not None:
            pieces.append((cur_start, cur_end))
        return [self._make(doc, s, e, section) for s, e in pieces]

    def _split_long(
        self, doc: Document, start: int, end: int, section: str | None
    ) -> list[tuple[int, int]]:
        """A single sentence over the limit is cut at word boundaries."""
        if self._tokens(doc, start, end, section) <= self.settings.max_tokens:
            return [(start, end)]
        out: list[tuple[int, int]] = []
        piece_start = start
        last_fit = start
        pos = start
        text = doc.text
        while pos < end:
            nxt = text.find(" ", pos + 1, end)
            nxt = end if nxt == -1 else nxt
            if self._tokens(doc, piece_start, nxt, section) > self.settings.max_tokens:
                if last_fit == piece_start:  # one enormous "word": cut it anyway
                    last_fit = nxt
                out.append((piece_start, last_fit))
                piece_start = last_fit + 1 if text[last_fit : last_fit + 1] == " " else last_fit
            last_fit = nxt
            pos = nxt
        if piece_start < end:
            out.append((piece_start, end))
        fitted: list[tuple[int, int]] = []
        for s, e in out:
            if self._tokens(doc, s, e, section) > self.settings.max_tokens:
                fitted.extend(self._cut_chars(doc, s, e, section))  # no space to cut at
            else:
                fitted.append((s, e))
        return [(s, e) for s, e in fitted if doc.text[s:e].strip()]

    def _cut_chars(
        self, doc: Document, start: int, end: int, section: str | None
    ) -> list[tuple[int, int]]:
        """Last resort for a run without spaces (a long URL or hyphen chain): cut mid-run."""
        out: list[tuple[int, int]] = []
        limit = self.settings.max_tokens
        while start < end:
            if self._tokens(doc, start, end, section) <= limit:
                out.append((start, end))
                break
            lo, hi = start + 1, end - 1  # the longest prefix that fits, by bisection
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self._tokens(doc, start, mid, section) <= limit:
                    lo = mid
                else:
                    hi = mid - 1
            out.append((start, lo))
            start = lo
        return out

    def _make(self, doc: Document, start: int, end: int, section: str | None) -> Chunk:
        text = doc.text[start:end]
        lead = len(text) - len(text.lstrip())
        start, text = start + lead, text.strip()
        return Chunk(
            chunk_id="",
            doc_id=doc.doc_id,
            source=doc.source,
            title=doc.title,
            kind=doc.kind,
            section=section,
            page=doc.page_at(start),
            start=start,
            end=start + len(text),
            text=text,
            ordinal=0,
        )

    def _number(self, doc: Document, chunks: list[Chunk]) -> None:
        counts = self.count([embed_text(c) for c in chunks]) if chunks else []
        for i, (chunk, n) in enumerate(zip(chunks, counts, strict=True)):
            chunk.ordinal = i
            chunk.n_tokens = n
            digest = hashlib.sha256(f"{doc.doc_id}:{i}:{chunk.start}:{chunk.end}".encode())
            chunk.chunk_id = f"{doc.doc_id[:16]}-{i:04d}-{digest.hexdigest()[:8]}"
            if n > 256:
                logger.warning(
                    "chunk %s has %d word pieces: the model will cut it", chunk.chunk_id, n
                )


_WORDY = re.compile(r"[A-Za-z]{2}")


def _glue_markers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph number standing alone ("135.") belongs to the sentence after it: split off,
    it would become a chunk of its own that says nothing."""
    out: list[tuple[int, int]] = []
    held: int | None = None
    for s, e in spans:
        if held is not None:
            s, held = held, None
        if not _WORDY.search(text[s:e]):
            held = s
            continue
        out.append((s, e))
    if held is not None:
        out.append((held, spans[-1][1]))
    return out
