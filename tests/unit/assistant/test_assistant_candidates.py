"""Quotable sentences: what an extractive answer may quote from a passage, and what it may not."""

from __future__ import annotations

from assistant.candidates import candidates, introduces_list
from assistant.overlap import overlaps
from caselearn.types import Chunk, Passage


def _passage(text: str) -> Passage:
    chunk = Chunk(
        chunk_id="c", doc_id="d", source="reviews/e.txt", title="Baby E", kind="review",
        section=None, page=None, start=0, end=len(text), text=text, ordinal=0, n_tokens=60,
    )  # fmt: skip
    return Passage(chunk=chunk, score=1.0, dense_score=0.9)


def test_a_short_full_sentence_is_quotable_but_a_short_fragment_is_not() -> None:
    text = "Multiple appointments were missed.\n\nSee the annex for more"
    texts = [c.text for c in candidates([_passage(text)])]
    assert texts == ["Multiple appointments were missed."]


def test_capitals_headings_table_rows_and_contents_lines_are_not_quoted() -> None:
    text = "\n\n".join(
        [
            "PART 3 ANALYSIS OF AGENCY INVOLVEMENT AND OF THEMES",
            "Referral to children's social care 30% 29% 28% 25% 24% 22% Pass to early help 10% 13%",
            "Enabler: Multi-agency working is effective 16 Enabler: leaders drive practice 20 Enabler",
            "The report and accompanying documents can be accessed at SSCB SCR's and Documents",
            "Further details can be found in Part four of this guidance.",
            "DBS guidance on how to check a DBS certificate can be found on GOV.UK.",
            "In Derbyshire the current tool is the Graded Care Profile which can be found on the "
            "DSCB website.",
            "National data showed 7,200 agency social workers in post, up 6.1% since 2022.",
            "If a pupil leaves School A on 28 March and starts at School B on 29 March, add them.",
        ]
    )
    quoted = [c.text for c in candidates([_passage(text)])]
    assert quoted == text.split("\n\n")[-3:]


def _pdf_passage(text: str) -> Passage:
    passage = _passage(text)
    passage.chunk.page = 12
    return passage


def test_captions_and_long_headings_are_not_quoted_but_a_quoted_voice_is() -> None:
    text = "\n\n".join(
        [
            "Figure 14: Summary of total referrals over time.",
            "What school or college staff should do if they have concerns about safeguarding "
            "practices within the school or college",
            '"Please ask my permission to share information" (child in care)',
            "Staff should raise concerns with the designated safeguarding lead.",
        ]
    )
    quoted = [c.text for c in candidates([_passage(text)])]
    assert quoted == text.split("\n\n")[-2:]


def test_a_pdf_footnote_is_quoted_without_its_number() -> None:
    text = "Schools must keep records.\n55 All looked after children must have a personal plan."
    quoted = [c.text for c in candidates([_pdf_passage(text)])]
    assert quoted == [
        "Schools must keep records.",
        "All looked after children must have a personal plan.",
    ]
    # In a text review a line may open on a count; it is never cut.
    quoted = [c.text for c in candidates([_passage("3 Agencies attended the strategy meeting.")])]
    assert quoted == ["3 Agencies attended the strategy meeting."]


def test_a_table_row_run_into_a_sentence_is_left_out_of_the_quote() -> None:
    text = (
        "Number of UAS children in care 1,511 4,524 7,106 370% The absence of safe routes "
        "results in significant pressures.\n\nThe Enabler: The workforce is equipped and "
        "effective.\n\nThere are 3 enablers. The workforce is equipped and effective."
    )
    cands = candidates([_passage(text)])
    assert cands[0].text == "The absence of safe routes results in significant pressures."
    assert text[cands[0].start : cands[0].end] == cands[0].text
    labelled, _, plain = cands[1:]
    assert overlaps(labelled, plain) and not overlaps(cands[0], plain)


def test_a_pdf_heading_run_into_the_paragraph_before_it_is_not_quoted() -> None:
    text = (
        "Staff should share the concern with the designated safeguarding lead. What school or "
        "college staff should do if they have concerns about safeguarding practices\n\n"
        "Leaders drive the conditions for practice. Enabler: the workforce is equipped and effective"
    )
    quoted = [c.text for c in candidates([_pdf_passage(text)])]
    assert quoted == [
        "Staff should share the concern with the designated safeguarding lead.",
        "Leaders drive the conditions for practice.",
        "Enabler: the workforce is equipped and effective",
    ]
    # In a review's plain text an unpunctuated closing line is a finding, not a heading.
    text = "Nobody saw the father. Key practitioners were not supported by supervision"
    assert len(candidates([_passage(text)])) == 2
    # A long sentence cut off by a page break or a chart is still a claim.
    text = (
        "Figure 2 shows the factors. Domestic abuse decreased slightly as a factor in assessments "
        "while survey respondents reported that it drove demand, having substantially increased "
        "since the fourth phase of this research started reporting on it in"
    )
    assert len(candidates([_pdf_passage(text)])) == 2


def _section_passage(text: str, section: str) -> Passage:
    passage = _pdf_passage(text)
    passage.chunk.section = section
    return passage


def test_bibliography_entries_and_chart_axes_are_not_quoted() -> None:
    entries = (
        "Ofsted. (2024b). Fostering in England 1 April 2023 to 31 March 2024.\n\n"
        "Children's social work workforce.\n\n"
        "Rees, G., Timar, E., Dedewanou, F."
    )
    assert candidates([_section_passage(entries, "References")]) == []
    # An employment "References" section cites no years: its guidance is quoted.
    advice = "Schools should obtain references before interview so concerns can be explored."
    assert len(candidates([_section_passage(advice, "References")])) == 1
    # A reference list a PDF titled by one of its entries is known by its author lists.
    untitled = (
        "Greenwood, N., Holley, J. and Cloud, G., 2016. Qualitative focus group study. BMJ open "
        "Hoyle, V., Shepherd, E. and Lomas, E., 2019. Child social-care recording and the "
        "information rights of care-experienced people: A recordkeeping perspective. The British "
        "Journal of Social Work, 49(7), pp.1856-1874"
    )
    assert candidates([_section_passage(untitled, "Barbour, R.S., 2018. Doing focus groups")]) == []
    # Prose citing authors in passing is quoted.
    prose = "Focus groups were used (Barbour and Barbour, 2018). Interviews followed (Smith, 2020)."
    assert len(candidates([_section_passage(prose, "Method")])) == 2
    cited = (
        "Neglect is the most common reason for a plan. Analysis by Brandon, M., Sidebotham, P. "
        "and Belderson, P. (2020) found this, as did Sidebotham, P. (2016)."
    )
    assert len(candidates([_section_passage(cited, "Neglect")])) == 2
    # Outside a reference list an entry opening a line is still no claim.
    assert candidates([_pdf_passage("Rees, G., Timar, E., Dedewanou, F. and Smith, A.")]) == []
    axis = (
        "2022–23 Q1 2022–23 Q2 2022–23 Q3 2022–23 Q4 Keeping Children Safe in Education states "
        "that local authorities should work together."
    )
    [quote] = candidates([_pdf_passage(axis)])
    assert quote.text.startswith("Keeping Children Safe in Education states")
    axis = "Phase 1 Phase 2 Phase 3 Phase 4 Education and health agencies have increased referrals."
    [quote] = candidates([_pdf_passage(axis)])
    assert quote.text.startswith("Education and health agencies")
    row = (
        "Care leavers minus UAS children care leavers 35,122 22,388 44,452 58,037 A report by "
        "East Midlands Councils sets out the extent of the delays."
    )
    [quote] = candidates([_pdf_passage(row)])
    assert quote.text.startswith("A report by East Midlands Councils")


def test_a_short_list_item_is_a_finding_but_a_short_line_is_not() -> None:
    text = "Patterns of practice\n\n- No evidence of 'child's voice'\n- Professionals were too parent-focused"
    # (The list under its heading is a candidate of its own, for list questions only.)
    assert [c.text for c in candidates([_passage(text)]) if not c.headed] == [
        "No evidence of 'child's voice'",
        "Professionals were too parent-focused",
    ]


def test_a_lead_in_on_its_own_line_is_quoted_with_its_list_of_counts() -> None:
    text = (
        "Eighty-three children and young people took part in interview discussions, comprising:"
        "\n\n- Care leavers: 18\n- CLA aged 8 to 12 years: 12\n- CLA aged 13 to 17 years: 32"
        "\n\nKey findings"
    )
    texts = [c.text for c in candidates([_passage(text)])]
    assert texts[0].startswith("Eighty-three children") and texts[0].endswith("13 to 17 years: 32")
    assert "Key findings" not in texts  # a heading with no list after it is still a heading


def test_a_lead_in_on_its_own_line_with_a_very_long_list_is_not_quoted_whole() -> None:
    items = "\n".join(
        f"- Item {i} says something quite long about the practice here" for i in range(12)
    )
    text = f"The aim of the project was to produce evidence to:\n\n{items}"
    texts = [c.text for c in candidates([_passage(text)])]
    assert not any(t.startswith("The aim of the project") for t in texts)
    assert "Item 0 says something quite long about the practice here" in texts


def test_a_lead_in_that_ends_its_chunk_is_quoted_with_the_items_opening_the_next() -> None:
    from caselearn.types import Document

    lead = "The panel reviewed 27 cases. Three groups of children were identified:"
    items = "- Children kept at home who had never been to school\n- Children withdrawn from school"
    full = f"{lead}\n\n{items}\n\nAfter the list."
    passage = _passage(full[: len(lead)])  # the chunk stops at the lead-in
    doc = Document("d" * 16, "reviews/e.txt", "Baby E", "review", full, "h")
    alone = [c.text for c in candidates([passage])]
    assert not any(t.startswith("Three groups") for t in alone)  # a lead-in with nothing to lead
    texts = [c.text for c in candidates([passage], lambda source: doc)]
    assert f"Three groups of children were identified:\n\n{items}" in texts


def test_a_lead_in_to_a_list_of_links_is_navigation() -> None:
    text = (
        "Additional advice on identifying children affected by domestic abuse is available at:"
        "\n\n- NSPCC Signs Symptoms Effects of domestic abuse\n- Refuge what is domestic violence"
    )
    texts = [c.text for c in candidates([_passage(text)])]
    assert not any(t.startswith("Additional advice") for t in texts)


def test_a_lead_in_introduces_a_list_only_when_it_names_the_asked_noun_before_its_items() -> None:
    lead_in = "There are 3 enablers:\n\n- Multi-agency working\n- Leaders drive conditions"
    assert introduces_list(lead_in, "enablers")
    assert not introduces_list(lead_in, "outcomes")
    assert not introduces_list("The enablers are foundational to good practice.", "enablers")


def test_a_sentence_counting_items_set_out_under_headings_introduces_them() -> None:
    counted = "There are four likely scenarios for schools to consider when managing reports."
    # "options" names no topic: any such noun answers it, "scenarios" here.
    assert introduces_list(counted, "options")
    assert introduces_list(counted, "scenarios")
    assert not introduces_list(counted, "outcomes")
    assert not introduces_list("Schools should consider the scenarios carefully.", "options")
    # A year is no count, and a noun that names no topic is matched as a whole word.
    assert not introduces_list("The FGM Act 2003 states teachers need not report.", "teachers")
    assert not introduces_list("Staff should always consider:\n- one\n- two", "ways")


def test_a_sentence_cut_by_its_chunks_end_is_quoted_whole() -> None:
    from caselearn.types import Document

    sentence = (
        "Online risk falls into four areas: content, being exposed to harmful material; contact, "
        "harmful interaction with others; conduct, behaviour that causes harm; and commerce, "
        "risks such as online gambling and phishing."
    )
    full = f"{sentence}\n\nNext paragraph."
    cut = full.index(" online gambling")
    passage = _passage(full[:cut])  # a sentence too long for one chunk, cut at a word
    doc = Document("d" * 16, "reviews/e.txt", "Baby E", "review", full, "h")
    assert not any("gambling" in c.text for c in candidates([passage]))
    texts = [c.text for c in candidates([passage], lambda source: doc)]
    assert sentence in texts


def test_a_cut_lead_in_made_whole_keeps_its_list() -> None:
    from caselearn.types import Document

    lead = (
        "The panel reviewed twenty seven cases in which children educated at home died or were "
        "seriously harmed, and three groups of children were identified:"
    )
    items = "- Children kept at home who had never been to school\n- Children withdrawn from school"
    full = f"{lead}\n\n{items}\n\nAfter the list."
    passage = _passage(full[: full.index(" and three groups")])  # cut inside the lead-in
    doc = Document("d" * 16, "reviews/e.txt", "Baby E", "review", full, "h")
    texts = [c.text for c in candidates([passage], lambda source: doc)]
    assert f"{lead}\n\n{items}" in texts, texts


def test_a_list_under_its_heading_with_no_lead_in_is_quoted_with_the_heading_too() -> None:
    listed = (
        "Principles of children's social care\n\n"
        "- Children's welfare is paramount.\n"
        "- Children's wishes and feelings are sought, heard, and responded to."
    )
    cands = candidates([_passage(listed + "\n\nThe framework applies to all local authorities.")])
    headed = [c for c in cands if c.headed]
    assert [c.text for c in headed] == [listed]
    assert introduces_list(headed[0].text, "principles")
    # Its items are still quoted one by one, and the heading alone never is.
    plain = [c.text for c in cands if not c.headed]
    assert plain[:2] == ["Children's welfare is paramount.", listed.split("- ")[-1]]
    assert "Principles of children's social care" not in plain
    # Numbered paragraphs under a heading are no list.
    numbered = (
        "Forms of abuse\n\n6. Abuse: a form of maltreatment.\n7. Neglect: a failure to meet needs."
    )
    assert not any(c.headed for c in candidates([_passage(numbered)]))
    # A lead-in on a line of its own is no heading: it is quoted with its list as before.
    lead = "Emerging themes included:\n\n- Weak challenge between agencies\n- Poor records kept"
    quoted = candidates([_passage(lead)])
    assert quoted[0].text == lead and not any(c.headed for c in quoted)


def test_a_quotes_attribution_is_no_claim_alone_or_run_into_the_next_sentence() -> None:
    said = "Demand has never been higher in our county."
    text = (
        f"{said}\n\n(Survey, County, South West Region)\n\n"
        "(DCS, County, Eastern Region) Responding to need takes longer each year."
    )
    assert [c.text for c in candidates([_passage(text)])] == [
        said,
        "Responding to need takes longer each year.",
    ]
    # Closing a sentence with no full stop of its own, it is cut off; a citation stays.
    ended = "Success breeds success in our area (DCS, Unitary, Yorkshire and Humber Region)"
    cited = "Schools must keep records of every concern (DfE, 2024)"
    text = f"Demand rose sharply this year. {ended}\n\nRecords matter to children. {cited}"
    assert [c.text for c in candidates([_passage(text)])] == [
        "Demand rose sharply this year.",
        "Success breeds success in our area",
        "Records matter to children.",
        cited,
    ]
    # A parenthesis that is part of the sentence stays.
    kept = "(a) Children who go missing are at risk of harm."
    assert [c.text for c in candidates([_passage(kept)])] == [kept[4:]]


def test_a_heading_asked_as_a_question_is_a_heading_however_long() -> None:
    heading = (
        "What school and college staff should do if they have a safeguarding concern or an "
        "allegation about another staff member who may pose a risk of harm to children"
    )
    said = "Staff should speak to the headteacher or principal at once."
    quoted = [c.text for c in candidates([_passage(f"{heading}\n\n{said}")])]
    assert quoted == [said]
    # A long lead-in opening with "When" still leads its list.
    lead = (
        "When the whereabouts and circumstances of a child is unclear or unknown, it is "
        "reasonable to expect that the local authority and the school will complete and record "
        "one or more of the following actions:"
    )
    listed = f"{lead}\n\n- make contact with the parent\n- check local databases"
    assert candidates([_passage(listed)])[0].text == listed


def test_a_repeated_paragraph_overlaps_but_a_sentence_sharing_its_words_does_not() -> None:
    duty = (
        "Teachers must personally report to the police cases where they discover that an act "
        "of FGM appears to have been carried out."
    )
    # KCSIE's footnote, run into the sentence a page break cut (as the PDF leaves it)
    footnote = (
        "Section 5B(6) of the Female Genital Mutilation Act 2003 states teachers need not report "
        "a case to the police if they have reason to believe that another teacher has already "
        "reported the case. where the teacher does not discover that an act of FGM appears to "
        "have been carried out, either through disclosure by the victim or visual evidence) or "
        "in cases where the woman is 18 or over."
    )
    repeat = duty.replace("cases where", "any cases where")
    text = f"{duty}\n\n{footnote}\n\n{repeat}"
    first, note, again = [c for c in candidates([_passage(text)]) if c.text[0] in "TS"]
    assert not overlaps(first, note)
    assert overlaps(first, again)
