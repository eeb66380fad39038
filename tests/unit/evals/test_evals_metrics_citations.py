"""Citation precision and validity (exact quote + page)."""

from __future__ import annotations

import pytest

from evals.metrics.citations import (
    check_citation,
    check_citations,
    citation_precision,
    citation_validity,
)


def test_valid_text_citation(fx):
    chk = check_citation(fx.cite(1, fx.REVIEW, "Neglect was not recognised"), fx.lookup)
    assert chk.valid and chk.reason == ""


def test_quote_must_match_exactly(fx):
    good = fx.cite(1, fx.REVIEW, "Neglect was not recognised")
    bad = fx.cite(1, fx.REVIEW, "neglect was not recognised", start=good.start, end=good.end)
    chk = check_citation(bad, fx.lookup)
    assert not chk.valid and "!=" in chk.reason
    shifted = fx.cite(1, fx.REVIEW, good.quote, start=good.start + 1, end=good.end + 1)
    assert not check_citation(shifted, fx.lookup).valid


def test_page_must_match_start_offset(fx):
    quote = "all staff should read Part one"
    assert check_citation(fx.cite(1, fx.GUIDE, quote, page=2), fx.lookup).valid
    wrong = check_citation(fx.cite(1, fx.GUIDE, quote, page=1), fx.lookup)
    assert not wrong.valid and "page 1 but offset" in wrong.reason and "page 2" in wrong.reason
    unpaged = check_citation(fx.cite(1, fx.REVIEW, "father", page=3), fx.lookup)
    assert not unpaged.valid


def test_unknown_source_and_bad_offsets(fx):
    ghost = check_citation(fx.cite(1, "reviews/ghost.txt", "anything"), fx.lookup)
    assert not ghost.valid and "unknown source" in ghost.reason
    oob = check_citation(fx.cite(1, fx.OTHER, "x", start=5, end=10_000), fx.lookup)
    assert not oob.valid and "outside document" in oob.reason


def test_validity_fraction(fx):
    checks = check_citations(
        [fx.cite(1, fx.REVIEW, "father"), fx.cite(2, fx.REVIEW, "nope", start=0, end=4)],
        fx.lookup,
    )
    assert [c.valid for c in checks] == [True, False]
    assert citation_validity(checks) == 0.5
    assert citation_validity([]) is None


def test_precision(fx):
    cites = [
        fx.cite(1, fx.REVIEW, "father"),
        fx.cite(2, fx.OTHER, "Housing"),
        fx.cite(3, "./" + fx.REVIEW, "child"),
    ]
    assert citation_precision(cites, [fx.REVIEW]) == pytest.approx(2 / 3)
    assert citation_precision([], [fx.REVIEW]) is None
    assert citation_precision(cites, []) is None
