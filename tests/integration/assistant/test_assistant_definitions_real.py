"""A definition question quotes the sentence that says what the term is, from the real KCSIE."""

from __future__ import annotations

import pytest

from assistant.factory import build_assistant

pytestmark = pytest.mark.integration

QUESTION = "What is a 'low-level concern' about a member of school staff?"
DEFINITION = "A low-level concern is any concern"


def test_a_definition_question_quotes_the_definition(real_library):
    answer = build_assistant(real_library).ask(QUESTION)
    quotes = [c for c in answer.citations if c.quote.startswith(DEFINITION)]
    assert not answer.abstained and quotes
    assert quotes[0].source == "guidance/kcsie_2025.pdf" and quotes[0].page == 108


CME_QUESTION = "What is a child missing education?"
CME_DEFINITION = "Children missing education are children of compulsory school age"


def test_without_the_definition_search_the_sentence_is_missed(real_library):
    # What the search adds: passages that use the term outrank the one that says what it is.
    answer = build_assistant(real_library).ask(CME_QUESTION)
    quotes = [c for c in answer.citations if c.quote.startswith(CME_DEFINITION)]
    assert quotes and quotes[0].source == "guidance/children_missing_education_2024.pdf"
    off = real_library.model_copy(deep=True)
    off.retrieval.definition_chunks = 0
    answer = build_assistant(off).ask(CME_QUESTION)
    assert not answer.abstained
    assert not any(c.quote.startswith(CME_DEFINITION) for c in answer.citations)


QUALIFIED = "What counts as a low-level concern about an adult working in a school?"
EXAMPLES = "Examples of such behaviour could include"


def test_a_definition_ending_its_chunk_brings_its_examples_from_the_next(real_library):
    # KCSIE's definition and its two bullets close one chunk; the examples open the next,
    # which retrieval alone does not bring for this question.
    assistant = build_assistant(real_library)
    answer = assistant.ask(QUALIFIED)
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith(DEFINITION) for q in quotes)
    assert any(q.startswith(EXAMPLES) and "being over friendly" in q for q in quotes)
    assistant.retriever.after_definitions = lambda pinned, term: []
    answer = assistant.ask(QUALIFIED)
    assert not any(c.quote.startswith(EXAMPLES) for c in answer.citations)
