"""Checking an uploaded document by its content (not its name) and saving it into the corpus."""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from caselearn.types import Kind
from ingest.load import LoadError, RawFile, load

logger = logging.getLogger(__name__)

MAX_UPLOAD_MB = 25
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
KIND_FOLDERS: dict[Kind, str] = {"review": "reviews", "guidance": "guidance"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Magic numbers of files people mistake for documents, with what to tell them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a Word document or other zip archive: save it as PDF first"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word or Excel file: save it as PDF first"),
    (b"\x89PNG", "a PNG image: caselearn needs text (it has no OCR)"),
    (b"\xff\xd8\xff", "a JPEG image: caselearn needs text (it has no OCR)"),
    (b"GIF8", "a GIF image: caselearn needs text (it has no OCR)"),
    (b"{\\rtf", "an RTF document: save it as PDF or plain text first"),
)


class UploadError(ValueError):
    """An upload that cannot go into the library; the message is shown to the user."""


@dataclass
class CheckedUpload:
    """An upload that passed: its real format and the file name it will be saved under."""

    filename: str
    fmt: str  # "pdf" | "text" | "markdown"
    size: int
    content_hash: str


def _looks_like_html(data: bytes) -> bool:
    probe = data.lstrip()[:512].lower()
    return probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in probe


def sniff(name: str, data: bytes) -> str:
    """The document format the bytes really are: "pdf", "markdown" or "text"; else UploadError."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise UploadError(f"{name}: this is {what}")
    if _looks_like_html(head):
        raise UploadError(f"{name}: this is a web page (HTML), not a PDF or text document")
    if name.lower().endswith(".pdf"):
        raise UploadError(f"{name}: named .pdf but it is not a PDF (no %PDF header)")
    if b"\x00" in data[:8192]:
        raise UploadError(f"{name}: binary data, not a PDF or text document")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError(f"{name}: not UTF-8 text (undecodable byte at {exc.start})") from None
    return "markdown" if name.lower().endswith((".md", ".markdown")) else "text"


def safe_filename(name: str, fmt: str) -> str:
    """A plain file name (no folders, no odd characters) with the suffix its content deserves."""
    base = re.split(r"[\\/]", name)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = _UNSAFE.sub("_", stem).strip("._-")[:80] or "document"
    return stem + {"pdf": ".pdf", "markdown": ".md"}.get(fmt, ".txt")


def check_upload(name: str, data: bytes, max_bytes: int | None = None) -> CheckedUpload:
    """Is this upload a document caselearn can ingest? Checks size, real type and readability."""
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    if not data.strip():
        raise UploadError(f"{name}: the file is empty")
    if len(data) > max_bytes:
        raise UploadError(
            f"{name}: {len(data) / 1048576:.1f} MB is over the {max_bytes / 1048576:.0f} MB limit"
        )
    fmt = sniff(name, data)
    filename = safe_filename(name, fmt)
    with tempfile.TemporaryDirectory() as tmp:  # the ingest loader's own checks, on a copy
        path = Path(tmp) / filename
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        try:
            load(RawFile(path=path, source=filename, content_hash=digest, size=len(data)))
        except LoadError as exc:
            raise UploadError(f"{name}: {exc}") from None
    return CheckedUpload(filename=filename, fmt=fmt, size=len(data), content_hash=digest)


def save_upload(corpus_dir: Path, kind: Kind, checked: CheckedUpload, data: bytes) -> Path:
    """Write the upload under corpus/reviews/ or corpus/guidance/, never over another file."""
    folder = corpus_dir / KIND_FOLDERS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / checked.filename
    stem, suffix = target.stem, target.suffix
    n = 1
    while target.exists():
        if target.read_bytes() == data:
            raise UploadError(f"{checked.filename} is already in {folder.name}/")
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    target.write_bytes(data)
    logger.info("saved upload %s (%d bytes)", target, len(data))
    return target
