"""Prompt templates read from `settings.prompts_dir`, and fencing of document text as data."""

from __future__ import annotations

import html
import logging
import re
from functools import lru_cache
from pathlib import Path

from caselearn.types import Passage

logger = logging.getLogger(__name__)

ANSWER_SYSTEM = "answer_system.md"
ANSWER_USER = "answer_user.md"
REWRITE = "rewrite.md"

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Anything that could open or close one of our fences from inside the fenced text.
_FENCE_TAG = re.compile(r"<(\s*/?\s*(?:passages?|history)\b)", re.IGNORECASE)


def load_prompt(prompts_dir: Path | str, name: str) -> str:
    """The template `name` from prompts_dir (cached; a missing file names the path)."""
    path = Path(prompts_dir) / name
    try:
        return _read(str(path.resolve()))
    except FileNotFoundError as exc:
        raise FileNotFoundError(f"prompt template not found: {path}") from exc


@lru_cache(maxsize=32)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8").strip() + "\n"


def render(template: str, **values: str) -> str:
    """Fill {name} placeholders in one pass; values are never re-scanned, unknown names stay.

    Unlike str.format, braces inside the values (document text) or unknown braces in the
    template cannot break rendering or inject new placeholders.
    """
    missing = {m.group(1) for m in _PLACEHOLDER.finditer(template)} - set(values)
    if missing:
        logger.debug("template placeholders left unfilled: %s", sorted(missing))
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def defuse(text: str) -> str:
    """Neutralise fence tags inside untrusted text so it cannot close or open a fence."""
    return _FENCE_TAG.sub(r"&lt;\1", text)


def format_passages(passages: list[Passage]) -> str:
    """Each passage as <passage n=... source=... page=...>text</passage>, numbered from 1."""
    blocks = []
    for n, passage in enumerate(passages, start=1):
        chunk = passage.chunk
        attrs = {
            "n": str(n),
            "source": chunk.source,
            "title": chunk.title,
            "kind": chunk.kind,
            "page": "" if chunk.page is None else str(chunk.page),
            "section": chunk.section or "",
        }
        attr_text = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items() if v)
        blocks.append(f"<passage {attr_text}>\n{defuse(chunk.text.strip())}\n</passage>")
    return "\n".join(blocks)


def format_history(history: list[tuple[str, str]], max_turns: int = 3, max_chars: int = 600) -> str:
    """The last few (question, answer) turns as User:/Assistant: lines, answers shortened."""
    lines = []
    for question, answer in history[-max_turns:]:
        short = answer if len(answer) <= max_chars else answer[:max_chars].rsplit(" ", 1)[0] + " …"
        lines.append(f"User: {defuse(question.strip())}")
        lines.append(f"Assistant: {defuse(short.strip())}")
    return "\n".join(lines)
