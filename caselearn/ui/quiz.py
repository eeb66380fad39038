"""Quiz page: build a quiz from a theme or a review, preview it with keys and sources, export it."""

from __future__ import annotations

import importlib.util
import logging

import streamlit as st

logger = logging.getLogger(__name__)


def quiz_available() -> bool:
    """Has the quiz generator (assistant/quiz/) landed in this install?"""
    try:
        return importlib.util.find_spec("assistant.quiz") is not None
    except (ImportError, ValueError):
        return False


def render() -> None:
    st.title("Quiz")
    if not quiz_available():
        st.info(
            "Quizzes are not available yet: the quiz generator (`assistant/quiz`, "
            "`caselearn quiz`) is still being built. This page will build quizzes from a theme "
            "or a review, preview them with their keys and sources, and export GIFT, CSV, "
            "Markdown and JSON, plus a briefing.",
            icon=":material/construction:",
        )
        return
    st.warning("The quiz generator is installed, but this page does not support it yet.")
