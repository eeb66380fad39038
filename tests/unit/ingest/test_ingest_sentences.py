from ingest.sentences import split_sentences


def _pieces(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_and_lines_are_split_and_abbreviations_are_not() -> None:
    text = "Staff met the GP, e.g. Dr. Patel, twice. Nothing changed.\nRecords were poor."
    assert _pieces(text) == [
        "Staff met the GP, e.g. Dr. Patel, twice.",
        "Nothing changed.",
        "Records were poor.",
    ]


def test_a_footnote_number_after_a_full_stop_ends_the_sentence_and_is_quoted_by_neither() -> None:
    text = (
        "A senior member of staff is appointed as lead.31 It is not appropriate for the proprietor."
    )
    assert _pieces(text) == [
        "A senior member of staff is appointed as lead.",
        "It is not appropriate for the proprietor.",
    ]


def test_numbers_that_are_not_footnotes_stay_inside_their_sentence() -> None:
    text = "See paragraph 5.3 The Act applies. In 2019.20 data were late."
    assert _pieces(text) == ["See paragraph 5.3 The Act applies.", "In 2019.20 data were late."]
