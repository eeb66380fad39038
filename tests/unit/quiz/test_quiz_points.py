"""Learning points come out of the real review texts as verbatim, classified, themed spans."""

from __future__ import annotations

from ingest_testkit import BRIEFING, CHILD_H, DERBYSHIRE, LIAM

from assistant.quiz.points import review_name
from assistant.quiz.stems import frame, option_text, point_slice, split_condition


def _points(generator, source):
    return [p for p in generator.points if p.source == source]


def test_every_point_is_the_documents_own_text(generator, catalog):
    assert len({p.source for p in generator.points}) == 5
    for p in generator.points:
        doc = catalog.document(p.source)
        assert doc.text[p.start : p.end] == p.text
        assert p.page == (doc.page_at(p.start) if doc.pages else None)


def test_numbered_recommendations_and_junk(generator):
    recs = [p for p in _points(generator, DERBYSHIRE) if p.kind == "recommendation"]
    texts = [p.text for p in recs]
    assert any(t.startswith("The importance of regular reflective supervision") for t in texts)
    assert any("baby safer sleep awareness" in t for t in texts)
    assert not any(t[:2].rstrip(".").isdigit() for t in texts), "list numbers are stripped"
    every = " ".join(p.text for p in generator.points)
    assert "Click here" not in every and "DSCB website" not in every


def test_case_narrative_is_background_not_a_lesson(generator):
    child_h = _points(generator, CHILD_H)
    intro = next(p for p in child_h if "fell asleep in a chair" in p.text)
    assert intro.kind == "background" and "safe-sleep" in intro.themes
    rec3 = next(p for p in child_h if p.text.startswith("In cases where there are one or more"))
    assert rec3.kind == "recommendation"
    finding = next(p for p in child_h if p.text.startswith("The interventions of most"))
    assert finding.kind == "finding"


def test_topic_headings_and_clauses(generator):
    liam = _points(generator, LIAM)
    co_sleep = next(p for p in liam if "co-sleeping" in p.text)
    assert co_sleep.topic == "Provision of safer sleeping advice"
    assert co_sleep.themes == ("safe-sleep",)
    # Child H recommendation 9 gives its "when a new worker ..." clause as a point of its own.
    handover = next(p for p in _points(generator, CHILD_H) if p.text.startswith("when a new"))
    assert handover.kind == "recommendation" and handover.text.endswith("this process.")


def test_review_names():
    assert review_name({"subject": "Child H", "title": "x"}) == "the Child H review"
    derby = {"subject": "SILR15b", "publisher": "Derbyshire Safeguarding Children Board"}
    assert review_name({**derby, "title": "x"}) == "the Derbyshire SILR15b review"
    note = {"review_type": "briefing note", "date": "December 2020", "title": "x"}
    assert review_name(note) == "the December 2020 briefing note"


def test_condition_stems_ask_about_the_situation_and_key_the_action(generator):
    co_sleep = next(p for p in _points(generator, LIAM) if "co-sleeping" in p.text)
    condition, action = split_condition(co_sleep)
    assert condition.endswith("there are concerns regarding co-sleeping")
    f = frame(co_sleep)
    assert f.stem == (
        "According to the Liam review, what should happen where a child is subject to a child "
        "protection plan and there are concerns regarding co-sleeping?"
    )
    key = option_text(point_slice(co_sleep, f.key_start, f.key_end))
    assert key.startswith("It would be helpful that the advice is tailored")
    assert key.lower() not in f.stem.lower()


def test_stems_without_a_condition_name_topic_or_review(generator):
    supervision = next(
        p for p in _points(generator, DERBYSHIRE) if "reflective supervision" in p.text
    )
    assert frame(supervision, "supervision").stem == (
        "What did the Derbyshire SILR15b review recommend about supervision?"
    )
    assert frame(supervision, "supervision", variant=1).stem != frame(supervision, "x").stem
    clarify = next(p for p in _points(generator, BRIEFING) if p.text.startswith("Always clarify"))
    generic = frame(clarify)
    assert generic.generic and "December 2020 briefing note" in generic.stem
