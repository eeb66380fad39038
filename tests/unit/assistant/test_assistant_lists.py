"""Lists of long items: a list question quotes each item's first sentence."""

from __future__ import annotations

from assistant.lists import list_items

LONG = " ".join(["They may move often and at short notice across the country."] * 3)
TEXT = (
    "Children at risk\n\n"
    "There are many circumstances where a child may go missing. The list below presents some:\n\n"
    f"- Children of Service Personnel – Families of the Armed Forces move often. {LONG}\n"
    f"- Children of Traveller families – Many can become disengaged from education. {LONG}\n"
    "\n29 Wilkins, A et al (2010) Improving the outcomes for Traveller pupils\n\n"
    f"- Children of new migrant families – They may not have a fixed address yet. {LONG}\n"
    "\nAfter the list, prose carries on.\n"
)


def _firsts(start_at: str) -> list[str]:
    i = TEXT.index(start_at)
    return [TEXT[s:e] for s, e in list_items(TEXT, i, i + len(start_at))]


def test_a_lead_in_paragraph_gives_each_items_first_sentence_past_a_footnote() -> None:
    assert _firsts("There are many circumstances") == [
        "Children of Service Personnel – Families of the Armed Forces move often.",
        "Children of Traveller families – Many can become disengaged from education.",
        "Children of new migrant families – They may not have a fixed address yet.",
    ]


def test_a_lead_in_quoted_with_its_first_item_still_gives_every_item() -> None:
    # A chunk may end after the first item; the lead-in's quote then carries that item.
    i = TEXT.index("There are many circumstances")
    end = TEXT.index("\n", TEXT.index("- Children of Service"))
    assert len(list_items(TEXT, i, end)) == 3


def test_an_item_of_a_labelled_list_speaks_for_the_list() -> None:
    assert len(_firsts("Children of Traveller families")) == 3


def test_an_item_after_a_page_break_footnote_still_speaks_for_the_whole_list() -> None:
    # The list is read back over the footnote a page break left, not from the item's page on.
    firsts = _firsts("Children of new migrant families")
    assert [f.split(" –")[0] for f in firsts] == [
        "Children of Service Personnel",
        "Children of Traveller families",
        "Children of new migrant families",
    ]


def test_prose_before_a_blank_line_ends_the_list_going_back() -> None:
    two = (
        "School A will:\n\n"
        + TEXT.split("There are many circumstances")[1].split("- Children of new")[0]
    )
    two += f"Prose between the lists.\n\n- Children of B – b b. {LONG}\n- Children of C – c c. {LONG}\n"
    two += f"- Children of D – d d. {LONG}\n"
    i = two.index("Children of C")
    assert [two[s:e].split(" –")[0] for s, e in list_items(two, i, i + 5)] == [
        "Children of B",
        "Children of C",
        "Children of D",
    ]


def test_unlabelled_short_or_unintroduced_lists_give_nothing() -> None:
    unlabelled = TEXT.replace(" – ", ": ")
    i = unlabelled.index("Children of Traveller")
    assert list_items(unlabelled, i, i + 10) == []
    short = "Lead in:\n\n- one thing here\n- another thing\n- a third thing\n"
    assert list_items(short, 0, 8) == []
    assert _firsts("After the list") == []


def _answerer_over(text: str):
    """An extractive answerer over one guidance document holding `text`, and its one passage."""
    from assistant.extractive import ExtractiveAnswerer
    from caselearn.settings import AnswerSettings
    from caselearn.types import Chunk, Document, Passage
    from ingest.embed import HashingEmbedder

    source = "guidance/cme.pdf"
    doc = Document("d", source, "CME guidance", "guidance", text, "h")
    chunk = Chunk(
        chunk_id="c", doc_id="d", source=source, title="CME guidance", kind="guidance",
        section=None, page=None, start=0, end=len(text), text=text, ordinal=0, n_tokens=99,
    )  # fmt: skip
    answerer = ExtractiveAnswerer(
        AnswerSettings(abstain_min_dense=0.0), HashingEmbedder(), lambda s: doc, lambda s: s
    )
    return answerer, Passage(chunk=chunk, score=1.0, dense_score=0.9)


def _list_plan(question: str, terms: list[str], listed: str):
    from assistant.extractive import Plan

    plan = Plan(question, terms, [], False, ["guidance/cme.pdf"], 5, 10)
    plan.listed = listed
    return plan


def test_a_list_question_about_a_named_document_is_answered_item_by_item() -> None:
    from ingest.embed import HashingEmbedder

    answerer, passage = _answerer_over(TEXT)
    question = "Which groups of children are at risk?"
    plan = _list_plan(question, ["groups", "children", "risk"], "groups")
    answer = answerer.answer(plan, HashingEmbedder().embed([question])[0], [passage])
    quotes = [c.quote for c in answer.citations]
    # The items in order, after the lead-in when the lead-in is what ranked.
    lead = quotes[:1] if quotes[0].startswith("There are many circumstances") else []
    assert [q.split(" –")[0] for q in quotes[len(lead) :]] == [
        "Children of Service Personnel",
        "Children of Traveller families",
        "Children of new migrant families",
    ]
    assert all(TEXT[c.start : c.end] == c.quote for c in answer.citations)
    plan.listed = None  # not asked for a list: the usual sentences
    assert len(answerer.answer(plan, [0.0] * 384, [passage]).citations) != len(quotes)


def test_a_list_of_short_items_is_found_but_gives_no_item_sentences() -> None:
    from assistant.lists import list_at

    short = "Lead in:\n\n- one thing here\n- another thing\n- a third thing\n"
    assert [short[s:e] for s, e in list_at(short, 0, 8)] == [
        "- one thing here",
        "- another thing",
        "- a third thing",
    ]
    assert list_items(short, 0, 8) == []


def test_the_best_ranked_list_answers_even_when_its_items_are_short() -> None:
    # A long list further down must not answer for the short list the question asked about.
    from ingest.embed import HashingEmbedder

    text = (
        "When the whereabouts of a child are unknown, the school and the local authority will "
        "complete these actions:\n\n- contact the parent and relatives;\n- check local databases;"
        "\n- make a home visit.\n\n" + TEXT
    )
    answerer, passage = _answerer_over(text)
    question = (
        "What actions will the school and the local authority complete when the whereabouts of "
        "a child are unknown?"
    )
    terms = ["actions", "school", "local", "authority", "complete", "whereabouts", "child"]
    plan = _list_plan(question, terms + ["unknown"], "actions")
    answer = answerer.answer(plan, HashingEmbedder().embed([question])[0], [passage])
    assert "check local databases" in answer.answer
    assert "Children of Service Personnel" not in answer.answer
