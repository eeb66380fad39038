"""One file to a cleaned Document and its Chunks: load -> clean -> metadata -> chunk."""

from __future__ import annotations

from pathlib import Path

from caselearn.types import Chunk, Document, Kind
from ingest.blocks import assemble
from ingest.chunk import Chunker
from ingest.clean_pdf import pdf_blocks
from ingest.clean_text import text_blocks
from ingest.load import LoadError, RawFile, load
from ingest.metadata import extract_meta, extract_title

# Bump when cleaning or chunking changes what a document becomes: stored copies are then re-ingested.
PIPELINE_VERSION = "2"


def prepare(raw: RawFile, kind: Kind, chunker: Chunker) -> tuple[Document, list[Chunk]]:
    """Parse, clean and chunk one file; raises LoadError with a one-line reason."""
    loaded = load(raw)
    blocks = (
        pdf_blocks(loaded.pages or []) if loaded.fmt == "pdf" else text_blocks(loaded.text or "")
    )
    text, spans = assemble(blocks)
    if len(text.strip()) < 20:
        raise LoadError("no usable text after cleaning")
    title = extract_title(blocks, loaded.pdf_title, fallback=Path(raw.source).stem)
    doc = Document(
        doc_id=raw.content_hash[:16],
        source=raw.source,
        title=title,
        kind=kind,
        text=text,
        content_hash=raw.content_hash,
        pages=spans,
        meta=extract_meta(text, title, kind),
    )
    chunks = chunker.chunk(doc, blocks)
    if not chunks:
        raise LoadError("no chunks produced")
    return doc, chunks
