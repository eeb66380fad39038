"""Definition questions: which term is asked about, and which sentences say what it is."""

from __future__ import annotations

import pytest

from assistant.definitions import defined_term, defines


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What is disguised compliance?", "disguised compliance"),
        (
            "As a DSL I need to brief staff - what counts as a 'low-level concern', with examples?",
            "low-level concern",
        ),
        ("New to the team. What is early help?", "early help"),
        ("Quick question: what is county lines?", "county lines"),
        ("What does county lines mean - how does it link to CCE?", "county lines"),
        ("What is a 'low-level concern' about a member of school staff?", "low-level concern"),
        ("What counts as child-on-child abuse according to the guidance?", "child-on-child abuse"),
        ("What does professional curiosity mean?", "professional curiosity"),
        ("What is meant by children missing education?", "children missing education"),
        ("What is the definition of safeguarding in KCSIE?", "safeguarding"),
        ("Define neglect", "neglect"),
        ("What's CME?", "CME"),
        ("Which children count as 'children missing education'?", "children missing education"),
        ("Who counts as a care leaver?", "care leaver"),
        ("Which families qualify as kinship carers?", "kinship carers"),
        ("What counts as a low-level concern about an adult in a school?", "low-level concern"),
        ("Which families qualify as kinship carers when parents cannot cope?", "kinship carers"),
        ("Which children are at risk of missing education?", None),
        ("What did the reviews say about fathers?", None),
        ("What is the learning about fathers and other men in or around the household?", None),
    ],
)
def test_the_term_a_definition_question_asks_about(question: str, term: str | None) -> None:
    assert defined_term(question) == term


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        ("A low-level concern is any concern – no matter how small", "low-level concern"),
        ("33. Child-on-child abuse is most likely to include:", "child-on-child abuse"),
        ("Neglect: the persistent failure to meet a child's basic needs", "neglect"),
        (
            "In this framework the term 'children in care' refers to all children",
            "children in care",
        ),
        (
            "This is sometimes referred to as 'teenage relationship abuse'.",
            "teenage relationship abuse",
        ),
        ("Children missing education (CME) refers to children of compulsory school age", "CME"),
        ("Safeguarding and promoting the welfare of children is defined as:", "safeguarding"),
        (
            "Kinship care can be any situation in which a child is raised by a relative",
            "kinship care",
        ),
        ("When a relative raises a child, we refer to this as kinship care.", "kinship care"),
        (
            "Children's social care exists to support children and families",
            "children's social care",
        ),
    ],
)
def test_sentences_that_say_what_the_term_is(sentence: str, term: str) -> None:
    assert defines(sentence, term)


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        (
            "The term 'low-level' concern does not mean that it is insignificant.",
            "low-level concern",
        ),
        ("Recognition that all child-on-child abuse is unacceptable.", "child-on-child abuse"),
        ("Be aware of disguised compliance and avoidance of engagement.", "disguised compliance"),
        ("Leaders recognise that kinship care can be hard for families.", "kinship care"),
    ],
)
def test_sentences_that_only_use_the_term(sentence: str, term: str) -> None:
    assert not defines(sentence, term)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("How does KCSIE 2025 define neglect?", "neglect"),
        ("How is kinship care defined?", "kinship care"),
        ("What is the purpose of children's social care?", "children's social care"),
        (
            "Under the statutory guidance, what actually counts as a 'child missing education'?",
            "child missing education",
        ),
    ],
)
def test_more_ways_of_asking_for_a_definition(question: str, term: str) -> None:
    assert defined_term(question) == term


def test_a_plural_or_singular_form_of_the_term_is_defined_too() -> None:
    assert defines(
        "Children missing education are children of compulsory school age",
        "child missing education",
    )
