"""Quiz page: a quiz on a theme or a review, previewed with keys and sources, exported; briefings."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import streamlit as st

from caselearn.ui import state
from caselearn.ui.filters import taxonomy
from caselearn.ui.render import escape_label, escape_markdown, highlight_html, quote_html, where

logger = logging.getLogger(__name__)

TYPE_LABELS = {"mcq": "Multiple choice", "tf": "True or false", "short": "Short answer",
               "cloze": "Fill the gap"}  # fmt: skip
EXPORTS = (("gift", "GIFT (Moodle)", "txt", "text/plain"), ("csv", "CSV", "csv", "text/csv"),
           ("md", "Markdown", "md", "text/markdown"), ("json", "JSON", "json", "application/json"))  # fmt: skip


def quiz_api() -> Any | None:
    """The quiz package's entry points, or None while it has not landed in this install."""
    try:
        from assistant.quiz.briefing import build_briefing
        from assistant.quiz.generate import QuizGenerator, QuizRequest
        from assistant.quiz.scope import ScopeError
        from caselearn.quiz_command import render as export
    except ImportError as exc:
        logger.info("quizzes not available: %s", exc)
        return None
    return {"generator": QuizGenerator, "request": QuizRequest, "error": ScopeError,
            "briefing": build_briefing, "export": export}  # fmt: skip


@st.cache_resource(show_spinner="Reading the learning points…", max_entries=2)
def _generator(key: str, version: str):
    from caselearn.settings import Settings

    api = quiz_api()
    return api["generator"](state.library(Settings.model_validate_json(key)).catalog, taxonomy())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "quiz"


def show_source(item, catalog) -> None:
    c = item.citation
    label = " · ".join(x for x in (f"Source: {item.review}", where(c.page, c.section)) if x)
    with st.expander(escape_label(label)):
        st.caption(escape_label(f"{c.source} · {' '.join(c.title.split())}"))
        doc = catalog.document(c.source)
        if doc is not None and doc.text[c.start : c.end] == c.quote:
            st.html(highlight_html(doc.text, c.start, c.end))
        else:
            st.html(quote_html(c.quote))


def show_item(n: int, item, catalog) -> None:
    """One question with its key marked, the explanation and the cited passage."""
    kind = TYPE_LABELS.get(item.type, item.type)
    st.markdown(f"**{n}\\.** " + escape_markdown(item.stem) + f"  \n:gray[{kind}]")
    if item.options:
        for i, option in enumerate(item.options):
            key = i == item.answer_index
            mark = ":green[**✓**]" if key else "◦"
            st.markdown(f"{mark} " + escape_markdown(option) + (" **(key)**" if key else ""))
    else:
        st.markdown("**Answer:** " + escape_markdown(item.answer))
        if item.accept:
            st.caption("Accept: " + escape_label("; ".join(item.accept)))
    if item.explanation:
        st.caption(escape_label(item.explanation))
    show_source(item, catalog)


def quiz_form(api, generator, settings) -> None:
    themes = {t.id: t.label for t in taxonomy()}
    reviews = {d["source"]: d for d in state.library(settings).catalog.documents()
               if d["kind"] == "review"}  # fmt: skip
    from ingest.theme_matrix import document_label

    with st.form("quiz_form"):
        scope = st.radio("Quiz on", ["theme", "review"], horizontal=True, key="quiz_scope",
                         format_func={"theme": "A theme", "review": "A review"}.__getitem__)  # fmt: skip
        cols = st.columns(2)
        theme = cols[0].selectbox("Theme", list(themes), format_func=themes.__getitem__,
                                  key="quiz_theme")  # fmt: skip
        review = cols[1].selectbox("Review", list(reviews), key="quiz_review",
                                   format_func=lambda s: document_label(reviews[s]))  # fmt: skip
        cols = st.columns(3)
        n = cols[0].number_input("Questions", 1, 50, 10, key="quiz_n")
        types = cols[1].multiselect("Types", list(TYPE_LABELS), default=["mcq"], key="quiz_types",
                                    format_func=TYPE_LABELS.__getitem__)  # fmt: skip
        difficulty = cols[2].select_slider("Difficulty", ["easy", "medium", "hard"], "medium",
                                           key="quiz_difficulty")  # fmt: skip
        seed = st.number_input("Seed (same seed, same quiz)", 1, 10_000, 1, key="quiz_seed")
        if not st.form_submit_button("Make the quiz", type="primary"):
            return
    if not types:
        st.error("Choose at least one question type.")
        return
    try:
        req = api["request"](theme=theme if scope == "theme" else None,
                             review=review if scope == "review" else None,
                             n=int(n), types=tuple(types), difficulty=difficulty, seed=int(seed))  # fmt: skip
        with st.spinner("Making and checking the questions…"):
            st.session_state["quiz"] = generator.generate(req)
    except api["error"] as exc:
        st.session_state.pop("quiz", None)
        st.error(escape_label(str(exc)))


def show_quiz(api, quiz, catalog) -> None:
    st.subheader(escape_label(quiz.title))
    covered = len(quiz.covered)
    st.caption(
        f"{len(quiz.items)} questions from {covered} review{'s' if covered != 1 else ''}; "
        f"{len(quiz.dropped)} dropped in validation. Every key is quoted from its review."
    )
    for note in quiz.notes:
        st.warning(escape_label(note))
    if not quiz.items:
        return
    cols = st.columns(len(EXPORTS))
    for col, (fmt, label, ext, mime) in zip(cols, EXPORTS, strict=True):
        col.download_button(label, api["export"](quiz, fmt), file_name=f"{_slug(quiz.title)}.{ext}",
                            mime=mime, icon=":material/download:", key=f"quiz_dl_{fmt}")  # fmt: skip
    for n, item in enumerate(quiz.items, start=1):
        show_item(n, item, catalog)


def briefing_panel(api, generator) -> None:
    st.subheader("Team briefing")
    st.caption("One page for a team meeting: what each review found on a theme, quoted, "
               "with three discussion questions.")  # fmt: skip
    themes = {t.id: t.label for t in taxonomy()}
    theme = st.selectbox("Briefing theme", list(themes), format_func=themes.__getitem__,
                         key="briefing_theme")  # fmt: skip
    try:
        briefing = api["briefing"](generator.catalog, theme, taxonomy(), generator.points)
    except api["error"] as exc:
        st.info(escape_label(str(exc)))
        return
    md = briefing.to_markdown()
    cols = st.columns(2)
    cols[0].download_button("Briefing (Markdown)", md, file_name=f"briefing-{theme}.md",
                            mime="text/markdown", icon=":material/download:")  # fmt: skip
    cols[1].download_button("Briefing (JSON)", json.dumps(briefing.to_dict(), indent=2),
                            file_name=f"briefing-{theme}.json", mime="application/json",
                            icon=":material/download:")  # fmt: skip
    with st.expander("Preview the briefing"):
        st.code(md, language=None, wrap_lines=True)


def render() -> None:
    st.title("Quiz")
    api = quiz_api()
    if api is None:
        st.info("Quizzes are not available yet: the quiz generator (`assistant/quiz`) is not "
                "installed.", icon=":material/construction:")  # fmt: skip
        return
    settings = state.app_settings()
    if not state.library(settings).catalog.documents():
        st.info("The library is empty: add documents on the Library page.")
        return
    generator = _generator(state.settings_key(settings), state.library_version(settings))
    quiz_form(api, generator, settings)
    quiz = st.session_state.get("quiz")
    if quiz is not None:
        show_quiz(api, quiz, generator.catalog)
    st.divider()
    briefing_panel(api, generator)
