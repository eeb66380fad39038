"""A small, strict GIFT reader for the quiz tests (enough of Moodle's format to check ours).

Imported by name from unit and integration tests (tests/ is on sys.path; see tests/conftest.py).
"""

from __future__ import annotations

from assistant.quiz.items import BLANK

SPECIAL = "~=#{}:"


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
        else:
            assert text[i] not in SPECIAL, f"unescaped {text[i]!r} in {text!r}"
            out.append(text[i])
            i += 1
    return "".join(out)


def _split(text: str, seps: str) -> list[tuple[str, str]]:
    """(separator, piece) at every unescaped separator character."""
    parts, cur, sep, i = [], [], "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            cur.append(text[i : i + 2])
            i += 2
            continue
        if ch in seps:
            parts.append((sep, "".join(cur)))
            cur, sep = [], ch
        else:
            cur.append(ch)
        i += 1
    parts.append((sep, "".join(cur)))
    return parts


def _find(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def parse_gift(text: str) -> list[dict]:
    questions = []
    lines = [ln for ln in text.splitlines() if not ln.startswith(("//", "$CATEGORY"))]
    for block in "\n".join(lines).split("\n\n"):
        block = block.strip()
        if not block:
            continue
        assert block.startswith("::")
        end_title = _find(block, "::", 2)
        title = unescape(block[2:end_title])
        body = block[end_title + 2 :]
        open_, close = _find(body, "{"), _find(body, "}")
        assert 0 <= open_ < close, "one answer block"
        assert _find(body, "}", close + 1) == -1 and _find(body, "{", open_ + 1) == -1
        before, block_text, after = body[:open_], body[open_ + 1 : close], body[close + 1 :]
        gf = _find(block_text, "####")
        general = unescape(block_text[gf + 4 :].strip()) if gf >= 0 else None
        answers_text = (block_text[:gf] if gf >= 0 else block_text).strip()
        q = {"title": title, "general": general, "answers": []}
        if answers_text in ("TRUE", "FALSE"):
            q["kind"], q["tf"] = "tf", answers_text == "TRUE"
        elif not answers_text:
            q["kind"] = "essay"
        else:
            q["kind"] = "choice"
            for sep, piece in _split(answers_text, "=~"):
                if not sep:
                    assert not piece.strip()
                    continue
                pieces = _split(piece, "#")
                feedback = unescape(pieces[1][1].strip()) if len(pieces) > 1 else None
                q["answers"].append((sep == "=", unescape(pieces[0][1].strip()), feedback))
        stem = unescape(before.strip())
        if after.strip():  # missing word: the answer block stands where the blank is
            q["kind"] = "missing"
            stem = unescape(before) + BLANK + unescape(after)
        q["stem"] = stem
        questions.append(q)
    return questions
