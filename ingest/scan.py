"""Find ingestible files under the given paths and name each by its path relative to the corpus root."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from caselearn.types import Kind
from ingest.load import IGNORED_NAMES, SUPPORTED_SUFFIXES, RawFile, hash_file


@dataclass
class ScanResult:
    files: list[tuple[RawFile, Kind]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def kind_of(source: str) -> Kind:
    """`guidance/` documents are guidance; everything else is a review."""
    parts = [p.lower() for p in Path(source).parts[:-1]]
    return "guidance" if "guidance" in parts else "review"


def relative_source(path: Path, corpus_root: Path, given: Path) -> str:
    """Path relative to the corpus root, or to the folder above the path given on the command line."""
    path = path.resolve()
    for root in (corpus_root.resolve(), given.resolve().parent):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.name


def scan(paths: list[Path], corpus_root: Path) -> ScanResult:
    """Every supported file under `paths`, hashed, in a stable order."""
    result = ScanResult()
    seen: set[Path] = set()
    for given in paths:
        if not given.exists():
            result.missing.append(str(given))
            continue
        candidates = (
            sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        )
        for path in candidates:
            real = path.resolve()
            if real in seen or any(part.startswith(".") for part in path.relative_to(given).parts):
                continue
            seen.add(real)
            source = relative_source(path, corpus_root, given)
            if path.name.lower() in IGNORED_NAMES:
                result.skipped.append((source, "README/licence file, not a document"))
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                result.skipped.append((source, f"unsupported file type {path.suffix or '(none)'}"))
                continue
            raw = RawFile(
                path=path, source=source, content_hash=hash_file(path), size=path.stat().st_size
            )
            result.files.append((raw, kind_of(source)))
    return result
