"""Read one file from disk: detect its real type by content and pull out raw text (PDF pages or text)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".pdf", ".txt", ".md", ".markdown"}
# Files that document a corpus folder rather than belong to it.
IGNORED_NAMES = {"readme.md", "readme.txt", "licence.md", "license.md", "license.txt"}


class LoadError(Exception):
    """A file that cannot be ingested; the message is the one-line reason shown to the user."""


@dataclass
class RawFile:
    """Bytes-level facts about a file, cheap enough to compute on every sync."""

    path: Path
    source: str
    content_hash: str
    size: int


@dataclass
class RawDocument:
    """Extracted but uncleaned text: one string per PDF page, or a single text body."""

    raw: RawFile
    fmt: str  # "pdf" | "text" | "markdown"
    pages: list[str] | None = None
    text: str | None = None
    pdf_title: str | None = None


def hash_file(path: Path) -> str:
    """sha256 of the file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _looks_like_html(head: bytes) -> bool:
    probe = head.lstrip()[:200].lower()
    return probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in probe


def load(raw: RawFile) -> RawDocument:
    """Load a file by its content, raising LoadError with a readable reason when it cannot be used."""
    data = raw.path.read_bytes()
    if not data.strip():
        raise LoadError("empty file")
    suffix = raw.path.suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return _load_pdf(raw, data)
    if suffix == ".pdf":
        if _looks_like_html(head):
            raise LoadError("named .pdf but it is an HTML page, not a PDF")
        raise LoadError("named .pdf but it is not a PDF (no %PDF header)")
    return _load_text(raw, data, "markdown" if suffix in {".md", ".markdown"} else "text")


def _load_text(raw: RawFile, data: bytes, fmt: str) -> RawDocument:
    if b"\x00" in data[:8192]:
        raise LoadError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"undecodable text: not UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise LoadError("empty file")
    return RawDocument(raw=raw, fmt=fmt, text=text)


def _load_pdf(raw: RawFile, data: bytes) -> RawDocument:
    import io

    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many published PDFs are "encrypted" with an empty user password: those open fine.
            try:
                if not reader.decrypt(""):
                    raise LoadError("encrypted PDF: a password is required")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise LoadError(f"encrypted PDF: cannot decrypt ({exc})") from None
        n_pages = len(reader.pages)
        if n_pages == 0:
            raise LoadError("PDF has no pages")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except LoadError:
        raise
    except FileNotDecryptedError:
        raise LoadError("encrypted PDF: a password is required") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise LoadError(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pypdf raises a zoo of errors on damaged files
        raise LoadError(f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    if sum(len(p.strip()) for p in pages) < 20:
        raise LoadError(f"no extractable text in {n_pages} page(s): image-only PDF? (no OCR)")
    title = None
    try:
        meta = reader.metadata
        title = (meta.title or "").strip() if meta else None
    except Exception:  # metadata is optional and often malformed
        title = None
    return RawDocument(raw=raw, fmt="pdf", pages=pages, pdf_title=title or None)
