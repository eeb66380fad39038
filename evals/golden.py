"""Golden question set: the GoldenItem record and a strict JSONL loader that names bad lines."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

logger = logging.getLogger(__name__)

Split = Literal["dev", "holdout"]
SplitChoice = Literal["dev", "holdout", "all"]
SPLITS: tuple[Split, ...] = ("dev", "holdout")
CRITICAL_TAG = "critical"
OUT_OF_SCOPE_TAG = "out-of-scope"

_REQUIRED = ("id", "version", "split", "question", "answerable")
_KNOWN = frozenset(
    _REQUIRED
    + ("review_coverage", "expected_sources", "expected_passages", "learning_points", "tags")
)


class GoldenError(ValueError):
    """A golden file line that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class ExpectedPassage:
    """A passage the answer should draw on."""

    source: str
    text: str


@dataclass(frozen=True)
class LearningPoint:
    """A point a good answer makes; covered when any phrase appears in the answer."""

    phrases: tuple[str, ...]
    reference: str


@dataclass(frozen=True)
class GoldenItem:
    """One golden question with what a correct answer must retrieve and say."""

    id: str
    version: str
    split: Split
    question: str
    answerable: bool
    review_coverage: bool = False
    expected_sources: tuple[str, ...] = ()
    expected_passages: tuple[ExpectedPassage, ...] = ()
    learning_points: tuple[LearningPoint, ...] = ()
    tags: tuple[str, ...] = field(default_factory=tuple)
    line: int = 0

    @property
    def critical(self) -> bool:
        """Must-never-regress item."""
        return CRITICAL_TAG in self.tags

    @property
    def out_of_scope(self) -> bool:
        """Question outside what the corpus covers."""
        return OUT_OF_SCOPE_TAG in self.tags


def normalise_source(path: str) -> str:
    """Corpus-relative posix path without a leading './'."""
    out = path.strip().replace("\\", "/")
    while out.startswith("./"):
        out = out[2:]
    return out


def _str_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    """A list of non-empty strings, or a GoldenError."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GoldenError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(value)


def _source_list(value: Any, where: str) -> tuple[str, ...]:
    """Expected sources as normalised corpus-relative paths."""
    out = tuple(normalise_source(s) for s in _str_list(value, "expected_sources", where))
    for src in out:
        if src.startswith("/") or ".." in src.split("/"):
            raise GoldenError(f"{where}: expected source {src!r} must be corpus-relative")
    return out


def _passages(value: Any, where: str) -> tuple[ExpectedPassage, ...]:
    """Expected passages as {"source", "text"} objects."""
    if not isinstance(value, list):
        raise GoldenError(f"{where}: 'expected_passages' must be a list")
    out = []
    for i, p in enumerate(value):
        ok = isinstance(p, dict) and all(isinstance(p.get(k), str) for k in ("source", "text"))
        if not ok:
            raise GoldenError(f"{where}: expected_passages[{i}] needs string 'source' and 'text'")
        out.append(ExpectedPassage(normalise_source(p["source"]), p["text"]))
    return tuple(out)


def _points(value: Any, where: str) -> tuple[LearningPoint, ...]:
    """Learning points as {"phrases": [...], "reference": str} objects."""
    if not isinstance(value, list):
        raise GoldenError(f"{where}: 'learning_points' must be a list")
    out = []
    for i, p in enumerate(value):
        if not isinstance(p, dict):
            raise GoldenError(f"{where}: learning_points[{i}] must be an object")
        phrases = _str_list(p.get("phrases"), f"learning_points[{i}].phrases", where)
        if not phrases:
            raise GoldenError(f"{where}: learning_points[{i}] has no phrases; it can never match")
        ref = p.get("reference", "")
        if not isinstance(ref, str):
            raise GoldenError(f"{where}: learning_points[{i}].reference must be a string")
        out.append(LearningPoint(phrases, ref))
    return tuple(out)


def parse_item(obj: Any, where: str, line: int = 0) -> GoldenItem:
    """Validate one decoded JSON object into a GoldenItem."""
    if not isinstance(obj, dict):
        raise GoldenError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    missing = [k for k in _REQUIRED if k not in obj]
    if missing:
        raise GoldenError(f"{where}: missing required field(s) {', '.join(missing)}")
    unknown = sorted(set(obj) - _KNOWN)
    if unknown:
        logger.warning("%s: ignoring unknown field(s) %s", where, ", ".join(unknown))
    if not isinstance(obj["id"], str) or not obj["id"].strip():
        raise GoldenError(f"{where}: 'id' must be a non-empty string")
    if not isinstance(obj["version"], str | int) or isinstance(obj["version"], bool):
        raise GoldenError(f"{where}: 'version' must be a string or integer")
    if obj["split"] not in SPLITS:
        raise GoldenError(f"{where}: 'split' must be 'dev' or 'holdout', got {obj['split']!r}")
    if not isinstance(obj["question"], str) or not obj["question"].strip():
        raise GoldenError(f"{where}: 'question' must be a non-empty string")
    for key in ("answerable", "review_coverage"):
        if key in obj and not isinstance(obj[key], bool):
            raise GoldenError(f"{where}: {key!r} must be true or false")
    item = GoldenItem(
        id=obj["id"],
        version=str(obj["version"]),
        split=obj["split"],
        question=obj["question"],
        answerable=obj["answerable"],
        review_coverage=obj.get("review_coverage", False),
        expected_sources=_source_list(obj.get("expected_sources", []), where),
        expected_passages=_passages(obj.get("expected_passages", []), where),
        learning_points=_points(obj.get("learning_points", []), where),
        tags=_str_list(obj.get("tags", []), "tags", where),
        line=line,
    )
    if item.answerable and not item.expected_sources:
        logger.warning("%s: answerable item %s has no expected_sources", where, item.id)
    if not item.answerable and (item.expected_sources or item.learning_points):
        logger.warning("%s: unanswerable item %s lists expected answers", where, item.id)
    return item


def load_golden(path: str | Path, split: SplitChoice = "all") -> list[GoldenItem]:
    """Load and validate a golden JSONL file, keeping one split or both ("all")."""
    if split not in ("dev", "holdout", "all"):
        raise ValueError(f"split must be dev, holdout or all, got {split!r}")
    path = Path(path)
    items: list[GoldenItem] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise GoldenError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
            item = parse_item(obj, where, line=n)
            if item.id in seen:
                first = seen[item.id]
                raise GoldenError(f"{where}: duplicate id {item.id!r} (first on line {first})")
            seen[item.id] = n
            items.append(item)
    if not items:
        raise GoldenError(f"{path}: no golden items")
    kept = [it for it in items if split == "all" or it.split == split]
    logger.info("loaded %d golden items from %s (%d in %s)", len(items), path, len(kept), split)
    return kept


def missing_sources(items: list[GoldenItem], corpus_dir: Path) -> list[str]:
    """Messages for expected sources that do not exist under corpus_dir."""
    out = []
    for it in items:
        sources = it.expected_sources + tuple(p.source for p in it.expected_passages)
        out += [
            f"{it.id} (line {it.line}): expected source {src} not found under {corpus_dir}"
            for src in dict.fromkeys(sources)
            if not (corpus_dir / src).is_file()
        ]
    return out
