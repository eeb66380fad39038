"""Titles and review metadata of the five real reviews: what the text states, never guesses."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from ingest_testkit import BABY_E, BRIEFING, CHILD_H, DERBYSHIRE, LIAM, REVIEW_SOURCES

from ingest.blocks import Block
from ingest.metadata import extract_meta, extract_title

EXPECTED = {
    DERBYSHIRE: dict(
        subject="SILR15b",
        publisher="Derbyshire Safeguarding Children Board",
        date="October 2018",
        year=2018,
        review_type="SILR",
        child_age="3 months",
    ),
    BABY_E: dict(
        subject="Baby E",
        publisher="SSCB",
        date="6 September 2016",
        year=2016,
        review_type="SCR",
        child_age="8 months",
    ),
    LIAM: dict(
        subject="Liam",
        publisher=None,  # the bulletin never names its board
        date=None,
        year=None,
        review_type="SCR",
        child_age="1 month",
    ),
    CHILD_H: dict(
        subject="Child H",
        publisher="Leicestershire & Rutland Local Safeguarding Children Board",
        date=None,  # only the death (2009) and the board's decision are dated, not publication
        year=None,
        review_type="SCR",
        child_age="just over 9 weeks",
    ),
    BRIEFING: dict(
        subject=None,  # "a 6-month-old baby": the note names no one
        publisher=None,
        date="December 2020",
        year=2020,
        review_type="briefing note",
        child_age="6 months",
    ),
}

TITLES = {
    DERBYSHIRE: (
        "LEARNING THE LESSONS – October 2018: "
        "SILR15b: Multi-Agency Serious Incident Learning Review"
    ),
    BABY_E: "Serious Case Review Learning Bulletin Baby E",
    CHILD_H: "EXECUTIVE SUMMARY OF A SERIOUS CASE REVIEW: CHILD H",
    BRIEFING: (
        "Learning Lessons from Serious Cases Briefing Note for Team Meetings: "
        "Are you sure you know who visits or lives in my house?"
    ),
    # The Liam bulletin has no title line; its first heading is what it states.
    LIAM: "The SCR Findings",
}


@pytest.mark.parametrize("source", REVIEW_SOURCES)
def test_review_metadata_is_what_the_review_states(review_doc, source: str) -> None:
    doc, _ = review_doc(source)
    assert asdict(doc.meta) == EXPECTED[source]


@pytest.mark.parametrize("source", REVIEW_SOURCES)
def test_review_title_is_taken_from_the_document(review_doc, source: str) -> None:
    doc, _ = review_doc(source)
    assert doc.title == TITLES[source]
    for part in doc.title.split(": "):
        assert part in doc.text


def test_guidance_has_no_subject_review_type_or_age() -> None:
    text = (
        "Keeping children safe in education 2025\n\nStatutory guidance from the Department for "
        "Education, published July 2025. Child H was 3 months old. Serious Case Review."
    )
    meta = extract_meta(text, "Keeping children safe in education 2025", "guidance")
    assert meta.subject is None
    assert meta.review_type is None
    assert meta.child_age is None
    assert meta.publisher == "Department for Education"
    assert (meta.date, meta.year) == ("July 2025", 2025)


def test_nothing_stated_means_everything_null() -> None:
    meta = extract_meta("Some notes about practice.\n\nNo dates or names here.", "Notes", "review")
    assert all(value is None for value in asdict(meta).values())


def test_uppercase_board_name_is_title_cased() -> None:
    text = "NORTH YORKSHIRE SAFEGUARDING CHILDREN PARTNERSHIP\n\nA review."
    assert extract_meta(text, "A review", "review").publisher == (
        "North Yorkshire Safeguarding Children Partnership"
    )


def test_a_leading_article_is_not_part_of_the_board_name() -> None:
    text = "The Tameside Safeguarding Children Partnership commissioned this review in 2019."
    assert extract_meta(text, "Review", "review").publisher == (
        "Tameside Safeguarding Children Partnership"
    )


def test_publication_date_wins_over_other_dates() -> None:
    text = "Baby Q died in March 2015.\n\nThis review was published on 4 May 2017 by the board."
    meta = extract_meta(text, "Learning brief", "review")
    assert (meta.date, meta.year) == ("4 May 2017", 2017)
    assert meta.review_type == "learning brief"
    assert meta.subject == "Baby Q"


def test_cspr_code_is_a_subject_and_a_review_type() -> None:
    text = "Child Safeguarding Practice Review CSPR21a\n\nThe child was aged 14 years."
    meta = extract_meta(text, "Child Safeguarding Practice Review CSPR21a", "review")
    assert (meta.subject, meta.review_type, meta.child_age) == ("CSPR21a", "CSPR", "14 years")


@pytest.mark.parametrize(
    ("title", "text", "subject"),
    [
        (
            "Local Child Safeguarding Practice Review: ‘Harry’",
            "Harry lived with his mother.",
            "Harry",
        ),
        ("Serious Case Review", "The baby will be referred to as Jack in this report.", "Jack"),
        (
            "Practice Review",
            "It followed the death of Arthur Smith in June 2020. Arthur lived with his father; "
            "Arthur's school knew him well.",
            "Arthur",
        ),
        ("Serious Case Review: Family A", "The family moved often.", "Family A"),
        (
            "Overview report",
            "Concerns about Young Person B were raised by the school.",
            "Young Person B",
        ),
    ],
)
def test_a_review_named_by_pseudonym_or_family_letter_has_that_subject(
    title: str, text: str, subject: str
) -> None:
    assert extract_meta(text, title, "review").subject == subject


@pytest.mark.parametrize(
    "text",
    [
        "Mother was known as Mum to the professionals.",
        "It followed the death of a baby; the family a lot of support was offered.",
        "Following the death of Local Authority funding, the service closed.",
        # a case the review cites, not its own; a model of practice; a GP, not a family letter
        "Lessons from the death of Victoria Climbié are still relevant.",
        "The approach is known as Signs of Safety, and early help as Early Help.",
        "The Family GP saw her. Children I spoke to said little.",
    ],
)
def test_words_that_are_no_pseudonym_make_no_subject(text: str) -> None:
    assert extract_meta(text, "Practice review", "review").subject is None
    assert extract_meta("", "Learning from 'Hidden' men", "review").subject is None


def test_title_prefers_pdf_metadata_then_headings_then_file_name() -> None:
    blocks = [Block("heading", "Contents"), Block("para", "Some text.")]
    assert extract_title(blocks, "Working Together 2023", "wt") == "Working Together 2023"
    assert extract_title(blocks, "Microsoft Word - draft.docx", "wt") == "Contents"
    # A word processor's leftovers or the file's own name say nothing the file name does not.
    for junk in ("SCR_Child_A_final_v3", "Report1", "Learning brief.pdf", "Document", "Untitled"):
        assert extract_title(blocks, junk, "wt") == "Contents", junk
    assert extract_title(blocks, "cspr child a", "CSPR_Child_A") == "Contents"
    assert extract_title(blocks, "Child A Learning Brief", "cspr_a") == "Child A Learning Brief"
    assert extract_title([Block("para", "Only prose.")], None, "file_stem") == "file_stem"
