"""clean_pdf on synthetic pypdf page text: page furniture, hyphenation, characters, page spans."""

from __future__ import annotations

from caselearn.types import Document
from ingest.blocks import assemble, looks_like_heading
from ingest.clean_pdf import pdf_blocks, running_title, strip_page_furniture

HEADER = "Working Together to Safeguard Children 2023"
WIDE = "x" * 80  # sets the typical line width, so the body lines below read as full width


def page(n: int, *body: str, footer: str | None = None) -> str:
    """One page as pypdf gives it: running header, body lines, page-number footer."""
    foot = footer if footer is not None else str(n)
    return "\n".join([HEADER, f"Chapter {n}: Multi-agency arrangements", *body, foot]) + "\n"


def document(pages: list[str]) -> tuple[str, Document]:
    blocks = pdf_blocks(pages)
    text, spans = assemble(blocks)
    doc = Document("d" * 16, "guidance/x.pdf", "X", "guidance", text, "h", spans)
    return text, doc


FIVE_PAGES = [
    page(
        1,
        "Introduction",
        "Every practitioner who works with children needs to understand the local safe-",
        "guarding arrangements and how the multi-",
        "agency partners share what they know.",
    ),
    page(
        2,
        "Information sharing",
        "Practitioners should share information early and record the ﬁrst concern about a",
        "child’s “welfare” in the case record.",
    ),
    page(
        3,
        "Assessment",
        "Assessments should be evidence-based and timely, and the safeguarding lead should",
        "make sure that every assessment is evidence-",
        "based and is reviewed when things change.",
    ),
    page(4, "Supervision", "Supervision helps workers notice drift."),
    page(
        5,
        "Conclusion",
        "Good practice depends on curiosity and on challenge between agencies, which the",
        "partners agreed to promote across the whole of the local area from this year.",
        footer="Page 5 of 5",
    ),
]


def test_running_headers_footers_and_page_numbers_are_removed() -> None:
    lines = strip_page_furniture(FIVE_PAGES)
    flat = [line for page_lines in lines for line in page_lines]
    assert HEADER not in flat
    assert not any(line.startswith("Chapter ") for line in flat)  # recurs with a varying number
    assert not any(line.isdigit() or line.startswith("Page ") for line in flat)
    assert [page_lines[0] for page_lines in lines] == [
        "Introduction",
        "Information sharing",
        "Assessment",
        "Supervision",
        "Conclusion",
    ]


def test_a_short_pdf_loses_a_line_on_the_edge_of_every_page() -> None:
    # A two- or three-page learning brief: its header tops every page, so it goes...
    lines = strip_page_furniture(FIVE_PAGES[:3])
    assert not any(HEADER in page_lines for page_lines in lines)
    assert not any(line.isdigit() for page_lines in lines for line in page_lines)
    # ...but a line on only two of three pages may be content, and stays.
    pages = [FIVE_PAGES[0], FIVE_PAGES[1], FIVE_PAGES[2].replace(HEADER, "Assessment overview")]
    kept = strip_page_furniture(pages)
    assert [page_lines[0] for page_lines in kept[:2]] == [HEADER, HEADER]


def test_a_single_page_keeps_its_first_and_last_lines() -> None:
    assert strip_page_furniture(FIVE_PAGES[:1])[0][0] == HEADER


def test_page_number_lines_go_only_at_the_edges_of_a_page() -> None:
    pages = [
        f"Page {i} of 5\nSection {'ABCDE'[i - 1]} text\nfirst line\n{i + 10}\nsecond line\n"
        f"third line on page {i}\nfourth line\nfifth line\n{i}"
        for i in range(1, 6)
    ]
    lines = strip_page_furniture(pages)
    for i, page_lines in enumerate(lines, start=1):
        assert f"Page {i} of 5" not in page_lines
        assert str(i) not in page_lines
        assert str(i + 10) in page_lines  # a bare number mid-page is content (a table cell, say)


def test_word_broken_at_a_line_end_is_joined() -> None:
    text, _ = document(FIVE_PAGES)
    assert "the local safeguarding arrangements" in text
    assert "safe-" not in text


def test_real_compound_broken_at_a_line_end_keeps_its_hyphen() -> None:
    text, _ = document(FIVE_PAGES)
    assert "how the multi-agency partners share" in text
    # "evidence-based" appears unbroken elsewhere, so the broken one keeps its hyphen too.
    assert "every assessment is evidence-based and is reviewed" in text


def test_compound_of_two_words_keeps_its_hyphen_without_other_evidence() -> None:
    # Both halves are words of their own in the document, and "traumainformed" is not.
    body = (
        "Body",
        WIDE,
        "Staff were informed of the trauma. This approach should be trauma-",
        "informed.",
    )
    text, _ = document([*FIVE_PAGES[:4], page(5, *body)])
    assert "This approach should be trauma-informed." in text


def test_soft_hyphen_inside_a_word_is_joined_even_after_a_prefix() -> None:
    # "under" is a compound prefix, but "understands" is a word the document uses elsewhere.
    body = ("Body", WIDE, "Each child understands the plan, and each parent under-", "stands it.")
    text, _ = document([*FIVE_PAGES[:4], page(5, *body)])
    assert "each parent understands it." in text


def test_ligatures_quotes_and_odd_spaces_are_normalised() -> None:
    text, _ = document(FIVE_PAGES)
    assert 'record the first concern about a child\'s "welfare"' in text
    for bad in ("ﬁ", "’", "“", "”", "\u00a0"):
        assert bad not in text


def test_headings_and_paragraphs_are_rebuilt() -> None:
    blocks = pdf_blocks(FIVE_PAGES)
    assert [(b.kind, b.page) for b in blocks if b.kind == "heading"] == [
        ("heading", 1),
        ("heading", 2),
        ("heading", 3),
        ("heading", 4),
        ("heading", 5),
    ]
    paras = [b for b in blocks if b.kind == "para"]
    assert paras[0].text.startswith("Every practitioner who works with children")
    assert paras[0].text.endswith("share what they know.")


def test_bullets_and_numbered_points_become_items() -> None:
    pages = [
        page(
            1,
            "Key learning",
            "• Think family",
            "● Record the voice of the child",
            "1. Escalate concerns that are not resolved, using the escalation policy, so that",
            "nobody waits for another agency to act.",
        ),
        *FIVE_PAGES[1:],
    ]
    items = [(b.text, b.numbered) for b in pdf_blocks(pages) if b.kind == "item"]
    assert items == [
        ("- Think family", False),
        ("- Record the voice of the child", False),
        (
            "1. Escalate concerns that are not resolved, using the escalation policy, so that "
            "nobody waits for another agency to act.",
            True,
        ),
    ]


def test_every_offset_maps_to_the_page_it_came_from() -> None:
    text, doc = document(FIVE_PAGES)
    assert [s.page for s in doc.pages] == [1, 2, 3, 4, 5]
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(text)
    for a, b in zip(doc.pages, doc.pages[1:], strict=False):
        assert a.end == b.start
    for phrase, expected in [
        ("Introduction", 1),
        ("agency partners share", 1),
        ("Information sharing", 2),
        ("in the case record", 2),
        ("reviewed when things change", 3),
        ("Supervision helps workers", 4),
        ("from this year.", 5),
    ]:
        assert doc.page_at(text.index(phrase)) == expected, phrase


def test_paragraph_running_across_a_page_break_records_where_the_page_changes() -> None:
    pages = [
        page(1, "Body", WIDE, "The plan was reviewed by the core group, which met every four"),
        page(2, "weeks and agreed the actions with the family and the school.", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, doc = document(pages)
    sentence = "The plan was reviewed by the core group, which met every four weeks and agreed"
    assert sentence in text
    assert doc.page_at(text.index("The plan was")) == 1
    assert doc.page_at(text.index("weeks and agreed")) == 2
    assert doc.page_at(len(text)) == 4


def test_sentence_carries_on_past_the_footnotes_at_the_foot_of_its_page() -> None:
    pages = [
        page(
            1,
            "Body",
            WIDE,
            "Agency staff numbers have risen every year since 2017, and the latest count is",
            "now the highest on record in the published series of returns, representing nearly",
            "7 Since spring 2023, two countries have been on the red list for recruitment.",
        ),
        page(2, "18% of the children's social work workforce in England.", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, doc = document(pages)
    assert "of returns, representing nearly 18% of the children's social work" in text
    assert "7 Since spring 2023, two countries have been on the red list" in text
    assert doc.page_at(text.index("representing nearly")) == 1
    assert doc.page_at(text.index("18% of the children")) == 2
    assert doc.page_at(text.index("7 Since spring")) == 1
    for a, b in zip(doc.pages, doc.pages[1:], strict=False):
        assert a.end == b.start


def test_a_list_item_carries_on_past_a_footnote_that_opens_on_a_one_letter_word() -> None:
    pages = [
        page(
            1,
            "Body",
            WIDE,
            "- Local authorities should have robust policies and procedures in place, including",
            "ensuring that there",
            "1 A child reaches compulsory school age on or after their fifth birthday. It lasts",
            "until the last Friday of June in the school year that they reach sixteen.",
        ),
        page(2, "are effective tracking and enquiry systems in place for missing children.", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, _ = document(pages)
    assert "ensuring that there are effective tracking and enquiry systems" in text
    assert "reach sixteen.\n" in text


def test_a_sentence_cut_after_i_e_carries_on_past_the_notes() -> None:
    pages = [
        page(
            1,
            "Body",
            WIDE,
            "Teachers must report it to the police. The duty does not apply to suspected cases (i.e.",
            "62 Section 5B(6) states teachers need not report a case another teacher reported.",
        ),
        page(2, "where the teacher does not discover that an act has been carried out).", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, _ = document(pages)
    assert "suspected cases (i.e. where the teacher does not discover" in text
    assert "another teacher reported.\n" in text


def test_a_note_opening_on_an_age_range_is_a_note() -> None:
    pages = [
        page(
            1,
            "Body",
            WIDE,
            "Schools and colleges must verify a candidate's identity and the right to work, and",
            "61 16-19 Academies and Independent Training Providers should verify the identity.",
        ),
        page(2, "check their qualifications before they start work.", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, _ = document(pages)
    assert "the right to work, and check their qualifications" in text
    assert (
        "61 16-19 Academies and Independent Training Providers should verify the identity." in text
    )


def test_a_numbered_list_with_prose_after_it_is_not_notes() -> None:
    steps = [f"{n} Contact the family and record step {n} of the enquiries made" for n in (1, 2, 3)]
    prose = [
        f"Prose line {n} of the paragraph carries on across the page as usual here"
        for n in range(16)
    ]
    pages = [
        page(
            1, "Body", WIDE, "The school should make these enquiries in this order", *steps, *prose
        ),
        page(2, "and the last line of the prose ends on this page.", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, _ = document(pages)
    assert text.index("in this order") < text.index("1 Contact the family")


def test_a_run_of_numbered_notes_longer_than_the_foot_of_the_page_is_still_notes() -> None:
    notes = [
        f"{n} Note {n} of this page says where the regulation applies to providers."
        for n in range(61, 76)
    ]
    pages = [
        page(1, "Body", WIDE, "Note that when using the update service, you still need", *notes),
        page(2, "to obtain the original physical certificate.", WIDE),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, _ = document(pages)
    assert "you still need to obtain the original physical certificate." in text


def test_numbered_line_after_a_finished_paragraph_is_not_taken_for_a_footnote() -> None:
    pages = [
        page(1, "Body", WIDE, "The partners agreed the plan.", "2 Overview of pressures"),
        page(2, "Other", "Text"),
        page(3, "Other", "Text"),
        page(4, "Other", "Text"),
    ]
    text, _ = document(pages)
    assert "The partners agreed the plan.\n\n2 Overview of pressures" in text


def test_a_line_opening_on_a_number_carries_on_an_unfinished_sentence() -> None:
    body = (
        "Body",
        WIDE,
        "Poverty is known to exacerbate the inequalities children face (Ogden et al.,",
        "2023). Further analysis of the combined local authority returns showed that rates per",
        "10,000 children continued to rise in every region of the country this year.",
        "3 Early help",
    )
    text, _ = document([*FIVE_PAGES[:4], page(5, *body)])
    assert "(Ogden et al., 2023). Further analysis of the combined" in text
    assert "showed that rates per 10,000 children continued" in text
    assert "\n\n3 Early help" in text


def test_a_numbered_section_title_does_not_run_on_into_its_first_sentence() -> None:
    body = (
        "Body",
        WIDE,
        "6.1 Education as a fourth statutory safeguarding partner",
        "The government has committed to recognising education as a statutory partner in the",
        "local arrangements, which directors welcomed in their interviews for this report.",
    )
    text, _ = document([*FIVE_PAGES[:4], page(5, *body)])
    heads = [b.text for b in pdf_blocks([*FIVE_PAGES[:4], page(5, *body)]) if b.kind == "heading"]
    assert "6.1 Education as a fourth statutory safeguarding partner" in heads
    assert "safeguarding partner\n\nThe government has committed" in text


def test_a_footnote_citing_an_act_is_not_a_section_title() -> None:
    body = ("Body", WIDE, "Local authorities must keep the register up to date.", "")
    foot = "6 Section 443 of the Education Act 1996"
    blocks = pdf_blocks([*FIVE_PAGES[:4], page(5, *body[:3], foot)])
    assert [b.kind for b in blocks if b.text == foot] == ["para"]


def test_a_blank_line_ends_a_paragraph_even_after_a_full_width_line() -> None:
    body = (
        "Body",
        WIDE,
        "Local authorities may also have contacts with other agencies to help trace children.",
        " ",
        "Children at risk of missing education",
        "There are many circumstances where a child may become missing from education, so it is",
        " ",
        "vital that each case is judged on its own facts.",
    )
    blocks = pdf_blocks([*FIVE_PAGES[:4], page(5, *body)])
    texts = [(b.kind, b.text) for b in blocks]
    assert ("heading", "Children at risk of missing education") in texts
    # A line opening in lower case after a gap still carries on its sentence.
    assert any(
        t.endswith("so it is vital that each case is judged on its own facts.") for _, t in texts
    )


def test_blank_lines_after_nearly_every_line_are_not_paragraph_breaks() -> None:
    lines = [
        f"Line {i} of a double-spaced paragraph that runs on and on across the page width"
        for i in range(8)
    ]
    spaced = [x for line in lines for x in (line, " ")]
    blocks = pdf_blocks([*FIVE_PAGES[:4], page(5, "Body", *spaced)])
    assert any(all(f"Line {i} " in b.text for i in range(8)) for b in blocks)


def test_dates_links_and_table_rows_are_not_section_titles() -> None:
    assert looks_like_heading("2.1 Child and family poverty")
    assert looks_like_heading("Table 9: Number of UAS children in care over time")
    for line in (
        "30 November 2023",
        "1f608546f52b/1721749338168/SEND+report.pdf%20",
        "All other 31% 32% 31% 32% 28%",
        "Phase 5 Phase 6 Phase 7 Phase 8 Phase 9",
    ):
        assert not looks_like_heading(line), line


def test_a_running_header_opening_page_one_is_a_title() -> None:
    assert running_title(FIVE_PAGES) == HEADER
    # A header that first appears on page two, or a one-off first line, is no title.
    assert running_title([page(1, "Body").replace(HEADER, "Draft", 1), *FIVE_PAGES[1:]]) is None
    assert running_title(FIVE_PAGES[:1]) is None  # one page: nothing runs
    assert running_title(FIVE_PAGES[:2]) == HEADER  # a two-page brief's header tops both pages


def test_a_sentence_after_a_charts_axis_labels_starts_its_own_paragraph() -> None:
    axis = "2007–8 2009–10 2011–12 2013–14 2015–16 2017–18 2019–20 2021–22 2023–24 and beyond"
    first = (
        "Body",
        WIDE,
        "Figure 14: Summary of total referrals over time. Source: SP9 respondents",
        axis,
        "Phase 1 Phase 2 Phase 3 Phase 4 Phase 5 Phase 6 Phase 7 Phase 8 Phase 9 and more",
    )
    after = ("Figure 15 illustrates the proportion of referrals by source. The police remain the",)
    pages = [*FIVE_PAGES[:3], page(4, *first, footer=""), page(5, *after)]
    text, _ = document(pages)
    assert "Phase 9 and more\n\nFigure 15 illustrates" in text


FULL = "Practitioners should share what they know with the other agencies working with the"


def test_a_line_the_next_word_would_have_fitted_on_ends_its_paragraph() -> None:
    # No blank line between paragraphs: "The" would have fitted after "…the family."
    body = (
        "Body",
        WIDE,
        FULL,
        "family as a whole and keep a record of what they did and said.",
        "The review found that this did not happen at all during the period under review.",
    )
    texts = [b.text for b in pdf_blocks([*FIVE_PAGES[:4], page(5, *body)])]
    assert any(
        t.endswith(f"{FULL} family as a whole and keep a record of what they did and said.")
        for t in texts
    )
    assert (
        "The review found that this did not happen at all during the period under review." in texts
    )
    # A full line still runs on into the next.
    assert not any(t.startswith("family as a whole") for t in texts)


def test_a_heading_after_a_finished_sentence_stands_apart() -> None:
    body = (
        "Body",
        WIDE,
        FULL,
        "family as a whole and keep a record of it so that all of them can see what was said.",
        "Lessons learned",
        "1. The importance of consistently using an assessment tool to identify neglect early.",
    )
    blocks = pdf_blocks([*FIVE_PAGES[:4], page(5, *body)])
    texts = [(b.kind, b.text) for b in blocks]
    assert ("heading", "Lessons learned") in texts
    assert not any(t.endswith("what was said. Lessons learned") for _, t in texts)


def test_word_symbol_font_bullets_still_make_list_items() -> None:
    body = ("Body", WIDE, "Agencies should:", "\uf0b7 share information early", "\uf0a7 record it")
    blocks = pdf_blocks([*FIVE_PAGES[:4], page(5, *body)])
    items = [b.text for b in blocks if b.kind == "item"]
    assert items == ["- share information early", "- record it"]
