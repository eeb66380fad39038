"""Chat page: a conversation with follow-ups, each answer with its numbered, expandable sources."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import streamlit as st

from assistant.factory import EmptyLibraryError
from assistant.retrieve import Filters
from assistant.service import Assistant, Session
from caselearn.types import Answer, Citation
from caselearn.ui import state
from caselearn.ui.filters import sidebar_filters
from caselearn.ui.render import (
    answer_html,
    escape_label,
    escape_markdown,
    highlight_html,
    quote_html,
    where,
)

logger = logging.getLogger(__name__)

STARTERS = (
    "What did the reviews say about fathers and men in the household?",
    "What did the reviews learn about safe sleep?",
    "How did disguised compliance show up in the reviews?",
    "What went wrong with information sharing between agencies?",
)
KIND_NAMES = {"review": "review", "guidance": "guidance"}


@dataclass
class Conversation:
    """The chat in st.session_state: the assistant's Session and what was said, in order."""

    session: Session = field(default_factory=Session)
    turns: list[Answer] = field(default_factory=list)


def conversation() -> Conversation:
    if "chat" not in st.session_state:
        st.session_state["chat"] = Conversation()
    return st.session_state["chat"]


def _ask_starter(question: str) -> None:
    st.session_state["chat_pending"] = question


def _new_conversation() -> None:
    st.session_state["chat"] = Conversation()


def show_citation(c: Citation, assistant: Assistant) -> None:
    """One source: an expander with where it is, and the quote highlighted in its paragraph."""
    place = where(c.page, c.section)
    label = " · ".join(
        x for x in (f"[{c.n}] {c.title}", KIND_NAMES.get(c.kind, c.kind), place) if x
    )
    with st.expander(escape_label(label)):
        facts = [c.source, c.kind]
        if c.page is not None:
            facts.append(f"page {c.page}")
        if c.section:
            facts.append(f"section: {c.section}")
        st.caption(escape_label(" · ".join(facts)))
        doc = assistant.lookup.get(c.source)
        if doc is not None and doc.text[c.start : c.end] == c.quote:
            st.html(highlight_html(doc.text, c.start, c.end))
        else:
            st.html(quote_html(c.quote))


def show_answer(answer: Answer, assistant: Assistant) -> None:
    """An answer: abstentions as a warning; otherwise the text with [n] markers, then sources."""
    if answer.standalone_question:
        st.caption("Understood as: " + escape_label(answer.standalone_question))
    if answer.abstained:
        st.warning(escape_markdown(answer.answer), icon=":material/block:")
    else:
        st.html(answer_html(answer.answer))
    for note in answer.notes:
        st.caption("Note: " + escape_label(note))
    if answer.citations:
        st.markdown("**Sources**")
        for c in answer.citations:
            show_citation(c, assistant)


def _llm_toggle(settings) -> bool:
    """Generative mode, offered only when an LLM is there to use."""
    if not state.llm_available(settings):
        if settings.answer.mode == "llm":
            st.sidebar.caption("The configured LLM is not reachable: answers are extractive.")
        return False
    return st.sidebar.toggle(
        "Generative answers (LLM)",
        value=settings.answer.mode == "llm",
        help="Answers written by the configured LLM from the same passages, streamed as they come.",
    )


def _ask(assistant: Assistant, chat: Conversation, question: str, filters: Filters, llm: bool):
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        live = st.empty()
        tokens: list[str] = []

        def on_token(tok: str) -> None:
            tokens.append(tok)
            live.html(answer_html("".join(tokens)))

        with st.spinner("Searching the library…"):
            answer = assistant.ask(
                question, filters=filters, session=chat.session, llm=llm,
                on_token=on_token if llm else None,
            )  # fmt: skip
        live.empty()
        chat.turns.append(answer)
        show_answer(answer, assistant)


def render() -> None:
    st.title("Ask the reviews")
    settings = state.app_settings()
    try:
        assistant = state.assistant(settings)
    except EmptyLibraryError:
        st.info("The library is empty. Add documents on the Library page (or run `make run`).")
        return
    filters = sidebar_filters(assistant)
    llm = _llm_toggle(settings)
    st.sidebar.button("New conversation", on_click=_new_conversation, icon=":material/refresh:")
    chat = conversation()
    typed = st.chat_input("Ask about the reviews, e.g. “What about the school?”")
    question = (typed or st.session_state.pop("chat_pending", None) or "").strip()
    for answer in chat.turns:
        with st.chat_message("user"):
            st.text(answer.question)
        with st.chat_message("assistant"):
            show_answer(answer, assistant)
    if not chat.turns and not question:
        st.caption(
            "Every answer quotes the reviews and guidance word for word, with its sources. "
            "Try one of these, or ask your own:"
        )
        cols = st.columns(2)
        for i, q in enumerate(STARTERS):
            cols[i % 2].button(q, on_click=_ask_starter, args=(q,), width="stretch")
    if question:
        _ask(assistant, chat, question, filters, llm)
