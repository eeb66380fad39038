"""Build an Assistant from Settings: the one place that wires stores, model and answerers together."""

from __future__ import annotations

import logging

from assistant.retrieve import Retriever
from assistant.sentence_index import SentenceIndex
from assistant.sentence_keywords import SentenceKeywords
from assistant.service import Assistant
from caselearn.settings import Settings
from ingest.embed import Embedder
from ingest.library import open_library

logger = logging.getLogger(__name__)


class EmptyLibraryError(RuntimeError):
    """Raised when asking questions of a library nothing has been ingested into."""


def build_assistant(
    settings: Settings, embedder: Embedder | None = None, with_llm: bool = False
) -> Assistant:
    """An Assistant over the stored library; the LLM is only wired when asked for."""
    lib = open_library(settings, embedder)
    if not lib.catalog.documents():
        raise EmptyLibraryError(
            f"the library in {settings.data_dir} is empty: run `caselearn ingest corpus/` first"
        )
    emb = lib.query_embedder()
    sentences = SentenceIndex(lib.catalog.db) if settings.retrieval.sentence_k else None
    keywords = SentenceKeywords(lib.catalog.db) if settings.retrieval.sentence_keyword_k else None
    retriever = Retriever(lib.catalog, lib.store, emb, settings.retrieval, sentences, keywords)
    generative = rewriter = None
    if with_llm or settings.answer.mode == "llm":
        generative, rewriter = _llm_parts(settings, emb)
    return Assistant(settings, lib.catalog, retriever, emb, generative, rewriter)


def _llm_parts(settings: Settings, embedder: Embedder):
    """The generative answerer and follow-up rewriter over the configured chat model."""
    from assistant.chat_models import make_chat_model
    from assistant.generative import GenerativeAnswerer
    from assistant.rewrite_llm import llm_rewrite

    model = make_chat_model(settings.llm)
    generative = GenerativeAnswerer(model, settings.prompts_dir, embedder)

    def rewriter(history: list[tuple[str, str]], question: str) -> str:
        return llm_rewrite(model, settings.prompts_dir, history, question)

    return generative, rewriter
