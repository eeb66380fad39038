"""Safe rendering: document text is escaped before any markup is added."""

import re

from caselearn.ui.render import (
    answer_html,
    escape_label,
    escape_markdown,
    highlight_html,
    paragraph_bounds,
    terms_html,
)

PAYLOAD = "<script>alert(1)</script> [x](javascript:alert(1)) **b** :red[c] $m$ &amp; <img src=x onerror=alert(2)>"


def _unescape_md(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s.replace("  \n", "\n"))


def test_escape_markdown_neutralises_every_markdown_and_html_construct():
    out = escape_markdown(PAYLOAD)
    bare = re.sub(r"\\.", "", out)  # drop every backslash-escaped character
    assert not re.search(r"[<>\[\]()*:$&=]", bare), bare
    assert _unescape_md(out) == PAYLOAD  # CommonMark shows exactly the original characters


def test_escape_label_collapses_whitespace():
    assert escape_label("Child  H\n review") == "Child  H review".replace("  ", " ")


def test_highlight_html_escapes_then_wraps_the_quote_in_its_paragraph():
    text = (
        "Intro paragraph.\n\nBefore <b>bold</b> QUOTE <script>x</script> after.\n\nNext paragraph."
    )
    start = text.index("QUOTE <script>")
    end = start + len("QUOTE <script>x</script>")
    out = highlight_html(text, start, end)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out
    mark = re.search(r"<mark[^>]*>(.*?)</mark>", out).group(1)
    assert mark == "QUOTE &lt;script&gt;x&lt;/script&gt;"
    assert "Intro paragraph" not in out and "Next paragraph" not in out
    assert out.count("<mark") == 1


def test_a_quote_cannot_close_the_highlight_early():
    text = "A</mark><script>alert(1)</script>B"
    out = highlight_html(text, 0, len(text))
    assert out.count("</mark>") == 1 and "<script>" not in out


def test_paragraph_bounds_trim_long_paragraphs_at_word_boundaries():
    words = " ".join(f"w{i}" for i in range(600))
    start = words.index("w300")
    lo, hi = paragraph_bounds(words, start, start + 4, limit=50)
    assert lo > 0 and hi < len(words)
    assert start - lo <= 50 and hi - (start + 4) <= 50
    assert words[lo - 1] == " " and words[hi] == " "
    out = highlight_html(words, start, start + 4, limit=50)
    assert out.count("…") == 2


def test_answer_html_marks_citations_and_escapes_the_rest():
    out = answer_html("Quote <i>one</i> [1]\nQuote two [2]")
    assert "&lt;i&gt;one&lt;/i&gt;" in out
    assert re.findall(r"<sup[^>]*>\[(\d)\]</sup>", out) == ["1", "2"]


def test_terms_html_marks_vocabulary_without_unescaping():
    pattern = re.compile(r"father")
    out = terms_html("The father <b>left</b>", pattern)
    assert re.search(r"<mark[^>]*>father</mark>", out)
    assert "&lt;b&gt;left&lt;/b&gt;" in out
