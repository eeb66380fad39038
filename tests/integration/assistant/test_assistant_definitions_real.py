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


def test_without_the_definition_search_the_sentence_is_missed(real_library):
    # What the feature adds: similarity alone ranks passages that use the term above this one,
    # once KCSIE gets only its turns among ten documents (retrieval.focused_rounds = 0).
    off = real_library.model_copy(deep=True)
    off.retrieval.definition_chunks = 0
    off.answer.definition_weight = 0.0
    off.retrieval.focused_rounds = 0
    answer = build_assistant(off).ask(QUESTION)
    assert not any(c.quote.startswith(DEFINITION) for c in answer.citations)
    # Letting the best passages in wherever they are finds it even without the search.
    off.retrieval.focused_rounds = 1
    answer = build_assistant(off).ask(QUESTION)
    assert any(c.quote.startswith(DEFINITION) for c in answer.citations)
