"""The chat's sidebar filters: reviews or guidance, particular documents, themes."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.retrieve import Filters
from assistant.service import Assistant
from ingest.theme_matrix import document_label
from ingest.themes import TaxonomyError, Theme, load_taxonomy

logger = logging.getLogger(__name__)

KIND_LABELS = {"review": "Reviews", "guidance": "Guidance"}


@st.cache_data(show_spinner=False)
def taxonomy() -> list[Theme]:
    """The theme taxonomy, or none when ingest/themes.yaml is unreadable."""
    try:
        return load_taxonomy()
    except (OSError, TaxonomyError) as exc:
        logger.warning("no themes: %s", exc)
        return []


def sidebar_filters(assistant: Assistant) -> Filters:
    """Draw the filters in the sidebar and return them as the assistant's Filters."""
    sb = st.sidebar
    sb.subheader("Filters")
    kinds = sb.multiselect(
        "Reviews or guidance",
        list(KIND_LABELS),
        format_func=KIND_LABELS.__getitem__,
        key="filter_kinds",
        placeholder="Both",
    )
    docs = [d for d in assistant.docs if not kinds or d["kind"] in kinds]
    labels = {d["source"]: f"{document_label(d)} ({d['kind']})" for d in docs}
    sources = sb.multiselect(
        "Documents",
        list(labels),
        format_func=lambda s: labels.get(s, s),
        key="filter_docs",
        placeholder="All documents",
    )
    themes = {t.id: t.label for t in taxonomy()}
    theme_ids = sb.multiselect(
        "Themes",
        list(themes),
        format_func=lambda t: themes.get(t, t),
        key="filter_themes",
        placeholder="Any theme",
        help="Only passages tagged with these themes.",
    )
    sources = [s for s in sources if s in labels]
    return Filters(
        kinds=kinds or None,
        sources=sources or None,
        themes=theme_ids or None,
    )
