"""One file to a cleaned Document and its Chunks: load -> clean -> metadata -> chunk.

`Preparer` runs that for many files, in worker processes when there are PDFs to parse.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from caselearn.settings import ChunkSettings
from caselearn.types import Chunk, Document, Kind
from ingest.blocks import assemble
from ingest.chunk import Chunker, model_token_counter
from ingest.clean_pdf import pdf_blocks, running_title
from ingest.clean_text import text_blocks
from ingest.load import LoadError, RawFile, load
from ingest.metadata import extract_meta, extract_title, usable_pdf_title

logger = logging.getLogger(__name__)

# Bump when cleaning or chunking changes what a document becomes: stored copies are then re-ingested.
PIPELINE_VERSION = "18"


def prepare(raw: RawFile, kind: Kind, chunker: Chunker) -> tuple[Document, list[Chunk]]:
    """Parse, clean and chunk one file; raises LoadError with a one-line reason."""
    loaded = load(raw)
    blocks = (
        pdf_blocks(loaded.pages or []) if loaded.fmt == "pdf" else text_blocks(loaded.text or "")
    )
    text, spans = assemble(blocks)
    if len(text.strip()) < 20:
        raise LoadError("no usable text after cleaning")
    # A running header is the next best thing to the PDF's own title field.
    usable = loaded.pdf_title and usable_pdf_title(loaded.pdf_title, Path(raw.source).stem)
    stated = (loaded.pdf_title if usable else None) or (
        running_title(loaded.pages or []) if loaded.fmt == "pdf" else None
    )
    title = extract_title(blocks, stated, fallback=Path(raw.source).stem)
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


# (document and chunks, None) or (None, the one-line reason it failed)
PrepareResult = tuple[tuple[Document, list[Chunk]] | None, str | None]


def prepare_one(raw: RawFile, kind: Kind, chunker: Chunker) -> PrepareResult:
    """`prepare`, with a failure turned into its one-line reason instead of an exception."""
    try:
        return prepare(raw, kind, chunker), None
    except LoadError as exc:
        return None, str(exc)
    except Exception as exc:  # one bad file must not sink the run
        logger.exception("unexpected error on %s", raw.source)
        return None, f"unexpected error: {type(exc).__name__}: {exc}"


_worker_chunker: Chunker | None = None
# Below this much PDF, parsing takes about as long as starting a worker process: stay in-process.
PARALLEL_MIN_PDF_BYTES = 1 << 20


def _init_worker(chunk_settings: ChunkSettings, parent: int) -> None:
    def exit_with_parent() -> None:
        # A worker outliving a SIGKILLed ingest would block forever writing its result.
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_with_parent, daemon=True).start()
    global _worker_chunker
    _worker_chunker = Chunker(chunk_settings, model_token_counter())


def _prepare_in_worker(raw: RawFile, kind: Kind) -> PrepareResult:
    assert _worker_chunker is not None
    return prepare_one(raw, kind, _worker_chunker)


class Preparer:
    """Prepares files, yielding results in the order given.

    PDF parsing is slow pure Python, so when there is a megabyte or more of PDF, no chunker is
    imposed and there are CPUs to spare, the files are prepared in worker processes (threads would
    fight over the GIL), leaving the caller free to load the embedding model and to embed the
    first documents while later ones are parsed (`background`).
    """

    def __init__(
        self,
        items: list[tuple[RawFile, Kind]],
        chunk_settings: ChunkSettings,
        chunker: Chunker | None = None,
    ) -> None:
        self.items = items
        self.chunker = chunker
        self._futures: list[Future[PrepareResult]] = []
        self._pool: ProcessPoolExecutor | None = None
        pdf_bytes = sum(raw.size for raw, _ in items if raw.path.suffix.lower() == ".pdf")
        cpus = os.cpu_count() or 1
        if chunker is None and pdf_bytes >= PARALLEL_MIN_PDF_BYTES and cpus > 1:
            self._pool = ProcessPoolExecutor(
                # A core stays free for the model: loading it is on the critical path.
                max_workers=max(1, min(2, cpus - 1, len(items))),
                mp_context=multiprocessing.get_context("spawn"),  # safe beside torch threads
                initializer=_init_worker,
                initargs=(chunk_settings, os.getpid()),
            )
            # In order: the caller embeds each result as it comes, while later files are parsed.
            self._futures = [self._pool.submit(_prepare_in_worker, *item) for item in items]
        elif chunker is None and items:
            self.chunker = Chunker(chunk_settings, model_token_counter())

    @property
    def background(self) -> bool:
        return self._pool is not None

    def results(self) -> Iterator[PrepareResult]:
        if self._pool is None:
            for raw, kind in self.items:
                assert self.chunker is not None
                yield prepare_one(raw, kind, self.chunker)
            return
        for future in self._futures:
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died (e.g. out of memory)
                yield None, f"unexpected error: {type(exc).__name__}: {exc}"

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
