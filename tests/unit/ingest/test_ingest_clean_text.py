"""clean_text: conversion debris in the text reviews becomes prose; lists and headings survive."""

from __future__ import annotations

import re

import pytest
from ingest_testkit import BABY_E, BRIEFING, CHILD_H, DERBYSHIRE, REVIEW_SOURCES, corpus_text

from ingest.blocks import assemble
from ingest.clean_text import text_blocks

DEBRIS = re.compile(r"\*\*|\*\w|\w\*|</?(p|ul|li|div|br)\b|\|\s*-|\]\(|\(#\)|^\s*\|", re.MULTILINE)


def kinds(raw: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in text_blocks(raw)]


def test_bold_markdown_heading_becomes_plain_heading() -> None:
    raw = "## **Lessons learned and key messages for current practice**\n\n1. The importance of it."
    assert kinds(raw)[0] == ("heading", "Lessons learned and key messages for current practice")


def test_bold_spanning_two_lines_is_one_clean_heading() -> None:
    raw = (
        "**LEICESTERSHIRE AND RUTLAND LOCAL SAFEGUARDING\nCHILDREN BOARD**\n\n**EXECUTIVE SUMMARY**"
    )
    assert kinds(raw) == [
        ("heading", "LEICESTERSHIRE AND RUTLAND LOCAL SAFEGUARDING CHILDREN BOARD"),
        ("heading", "EXECUTIVE SUMMARY"),
    ]


def test_bold_italic_spanning_two_lines_reads_as_prose() -> None:
    raw = "December 2020\n\n***Are you sure you know\nwho visits or lives in my house?***\n"
    texts = [t for _, t in kinds(raw)]
    assert "Are you sure you know who visits or lives in my house?" in texts
    assert not any("*" in t for t in texts)


def test_italic_quote_inside_a_sentence_keeps_its_quotes() -> None:
    raw = (
        "At the time the house was very cluttered with '*cannabis, chicken bones, dirty "
        "underwear and dirty nappies*' being found throughout."
    )
    assert kinds(raw) == [
        (
            "para",
            "At the time the house was very cluttered with 'cannabis, chicken bones, dirty "
            "underwear and dirty nappies' being found throughout.",
        )
    ]


def test_markdown_link_keeps_its_words_and_drops_the_target() -> None:
    raw = (
        "  5. Where circumstances make you suspect unsafe sleep arrangements these should be "
        "explored. Click here to access the "
        "[Guidance to Support Safe Sleeping Practices in Babies and Infants](#)."
    )
    [(kind, text)] = kinds(raw)
    assert kind == "item"
    assert text.endswith(
        "Click here to access the Guidance to Support Safe Sleeping Practices in Babies and Infants."
    )
    assert text.startswith("5. Where")


def test_table_rows_become_label_value_lines_and_separators_vanish() -> None:
    raw = (
        "| | |\n|--|--|\n| Theme of SCR | Incoherent early help/neglect |\n"
        "| Date Published | 6 September 2016 |\n"
    )
    assert kinds(raw) == [
        ("para", "Theme of SCR: Incoherent early help/neglect"),
        ("para", "Date Published: 6 September 2016"),
    ]


def test_html_paragraph_and_bullets_in_a_table_cell_become_heading_and_items() -> None:
    raw = (
        "| Case details : | |\n"
        '| <p>Family History</p> <ul style="list-style-type: none"> • The family is White British '
        "• Baby E had 3 older siblings <p>Baby E</p> <ul> • Born 2013 and died in September 2013, "
        "aged 8 months | |\n"
    )
    assert kinds(raw) == [
        ("para", "Case details :"),
        ("heading", "Family History"),
        ("item", "- The family is White British"),
        ("item", "- Baby E had 3 older siblings"),
        ("heading", "Baby E"),
        ("item", "- Born 2013 and died in September 2013, aged 8 months"),
    ]


def test_ul_li_markup_becomes_list_items() -> None:
    raw = "<p>Patterns of Professional Bias</p><ul><li>No challenge of poor practice</li><li>Referrals seen in isolation</li></ul>"  # noqa: E501
    assert kinds(raw) == [
        ("heading", "Patterns of Professional Bias"),
        ("item", "- No challenge of poor practice"),
        ("item", "- Referrals seen in isolation"),
    ]


def test_footnote_superscripts_are_dropped() -> None:
    raw = "- The use of Common Assessment Framework (CAF)¹\n- Independent Management Reviews² have"
    assert [t for _, t in kinds(raw)] == [
        "- The use of Common Assessment Framework (CAF)",
        "- Independent Management Reviews have",
    ]


def test_numbered_and_lettered_points_stay_list_items() -> None:
    raw = (
        "- 1.2. The purpose of a Serious Case Review is as follows:\n"
        " - a. to establish whether there are lessons to be learnt\n"
        " - b. to identify clearly what those lessons are\n"
        "- Parental substance use\n"
    )
    got = [(b.kind, b.numbered, b.text) for b in text_blocks(raw)]
    assert got == [
        ("item", True, "1.2. The purpose of a Serious Case Review is as follows:"),
        ("item", True, "a. to establish whether there are lessons to be learnt"),
        ("item", True, "b. to identify clearly what those lessons are"),
        ("item", False, "- Parental substance use"),
    ]


def test_lines_of_one_paragraph_are_rejoined() -> None:
    raw = "Safer sleeping advice is routinely provided\nby midwives at key points.\n\nNext one."
    assert [t for _, t in kinds(raw)] == [
        "Safer sleeping advice is routinely provided by midwives at key points.",
        "Next one.",
    ]


@pytest.mark.parametrize("source", REVIEW_SOURCES)
def test_no_conversion_debris_left_in_any_review(source: str) -> None:
    text, _ = assemble(text_blocks(corpus_text(source)))
    leftovers = [m.group(0) for m in DEBRIS.finditer(text)]
    assert leftovers == []
    assert "  " not in text


def test_derbyshire_keeps_its_heading_and_nine_numbered_lessons() -> None:
    blocks = text_blocks(corpus_text(DERBYSHIRE))
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings[:2] == [
        "LEARNING THE LESSONS – October 2018",
        "SILR15b: Multi-Agency Serious Incident Learning Review",
    ]
    assert "Lessons learned and key messages for current practice" in headings
    lessons = [b.text for b in blocks if b.kind == "item" and b.numbered]
    assert [t.split(" ", 1)[0] for t in lessons] == [f"{i}." for i in range(1, 10)]


def test_child_h_keeps_parts_and_recommendation_headings() -> None:
    blocks = text_blocks(corpus_text(CHILD_H))
    headings = [b.text for b in blocks if b.kind == "heading"]
    for part in ("PART 1: INTRODUCTION", "PART 5: RECOMMENDATIONS"):
        assert part in headings
    assert [h for h in headings if h.startswith("Recommendation ")] == [
        f"Recommendation {i}" for i in range(1, 10)
    ]
    # The contents list stays a list.
    contents = [b.text for b in blocks if b.kind == "item" and "PART" in b.text]
    assert contents[0] == "- PART 1 INTRODUCTION"


def test_baby_e_table_reads_as_prose() -> None:
    text, _ = assemble(text_blocks(corpus_text(BABY_E)))
    assert "Date Published: 6 September 2016" in text
    assert "\nFamily History\n" in text
    assert "- Baby E is the fourth child to Mother and first to Father\n" in text
    assert "accessed at SSCB Training" in text


def test_briefing_note_items_keep_their_sentences_intact() -> None:
    text, _ = assemble(text_blocks(corpus_text(BRIEFING)))
    assert (
        "- There was no consideration of men associated to the household and whether they "
        "presented any safeguarding concerns for the children or mother." in text
    )
    assert "Are you sure you know who visits or lives in my house?" in text


def test_links_with_parentheses_in_the_target_keep_only_their_text():
    from ingest.clean_text import text_blocks

    blocks = text_blocks("See [the protocol](javascript:alert(1)) and [SSCB Training](#) now.")
    assert [b.text for b in blocks] == ["See the protocol and SSCB Training now."]
