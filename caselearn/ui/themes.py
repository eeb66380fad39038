"""Themes page: the document × theme heatmap; choosing a cell shows its passages."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import altair as alt
import streamlit as st

from caselearn.ui import state
from caselearn.ui.filters import taxonomy
from caselearn.ui.render import escape_label, highlight_html, terms_html, where
from ingest.theme_matrix import ThemeMatrix, theme_matrix
from ingest.themes import theme_pattern

logger = logging.getLogger(__name__)

KINDS = {"review": "Reviews", "guidance": "Guidance", "all": "All documents"}
NOUNS = {"review": "reviews", "guidance": "guidance documents", "all": "documents"}
MAX_PASSAGES = 25


@st.cache_data(show_spinner="Reading the theme tags…", max_entries=6)
def _matrix(key: str, version: str, kind: str) -> ThemeMatrix:
    from caselearn.settings import Settings

    settings = Settings.model_validate_json(key)
    return theme_matrix(state.library(settings).catalog, kind, taxonomy())  # type: ignore[arg-type]


def matrix_for(settings, kind: str) -> ThemeMatrix:
    return _matrix(state.settings_key(settings), state.library_version(settings), kind)


def unique_labels(matrix: ThemeMatrix) -> dict[str, str]:
    """source -> a column label no other document shares."""
    out: dict[str, str] = {}
    for d in matrix.documents:
        label, n = d.label, 1
        while label in out.values():
            n += 1
            label = f"{d.label} ({n})"
        out[d.source] = label
    return out


def heatmap(matrix: ThemeMatrix) -> alt.LayerChart:
    """Themes (rows) × documents (columns), coloured and labelled by tagged passages."""
    labels = unique_labels(matrix)
    rows = [
        {"theme_id": t.id, "theme": t.label, "source": d.source, "document": labels[d.source],
         "passages": matrix.count(d.source, t.id)}
        for t in matrix.themes for d in matrix.documents
    ]  # fmt: skip
    pick = alt.selection_point(name="cell", fields=["theme_id", "source"], on="click")
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("document:N", sort=list(labels.values()), title=None,
                axis=alt.Axis(orient="top", labelAngle=-30, labelLimit=180)),
        y=alt.Y("theme:N", sort=[t.label for t in matrix.themes], title=None,
                axis=alt.Axis(labelLimit=260)),
    )  # fmt: skip
    top = max((r["passages"] for r in rows), default=0) or 1
    rect = base.mark_rect(stroke="white", strokeWidth=1.5, cursor="pointer").encode(
        color=alt.condition(
            "datum.passages > 0",
            alt.Color("passages:Q", scale=alt.Scale(scheme="yelloworangered", type="sqrt",
                                                    domain=[0, top]), title="Tagged passages"),
            alt.value("#f2f2f2"),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
        tooltip=[alt.Tooltip("theme:N", title="Theme"), alt.Tooltip("document:N", title="Document"),
                 alt.Tooltip("passages:Q", title="Tagged passages")],
    ).add_params(pick)  # fmt: skip
    text = base.mark_text(fontSize=11).encode(
        text=alt.condition("datum.passages > 0", "passages:Q", alt.value("")),
        color=alt.condition(
            f"datum.passages > {top * 0.5}", alt.value("white"), alt.value("black")
        ),
    )
    return (rect + text).properties(height=28 * len(matrix.themes) + 40)


def _pick_from_chart() -> None:
    """The clicked cell becomes the theme and document chosen below the chart."""
    event = st.session_state.get("theme_heatmap") or {}
    cells = (event.get("selection") or {}).get("cell") or []
    if cells:
        st.session_state["theme_pick"] = cells[0].get("theme_id")
        st.session_state["theme_doc_pick"] = cells[0].get("source")


def heatmap_png(matrix: ThemeMatrix) -> bytes:
    from caselearn.theme_heatmap import render_heatmap

    with tempfile.TemporaryDirectory() as tmp:
        return render_heatmap(matrix, Path(tmp) / "themes.png").read_bytes()


def show_cell(settings, matrix: ThemeMatrix, theme_id: str, source: str) -> None:
    theme = next(t for t in matrix.themes if t.id == theme_id)
    doc = next(d for d in matrix.documents if d.source == source)
    found = sum(1 for d in matrix.documents if matrix.count(d.source, theme_id))
    st.subheader(escape_label(theme.label))
    st.markdown(f"Found in **{found} of {len(matrix.documents)}** {NOUNS[matrix.kind]}.")
    st.caption(escape_label(theme.description))
    cell = matrix.cell(source, theme_id)
    title = escape_label(f"{doc.label} — {doc.title}")
    if cell is None:
        st.info(f"No passage of {title} is tagged with this theme.")
        return
    st.markdown(f"**{cell.count}** tagged passage{'s' if cell.count != 1 else ''} in {title}")
    catalog = state.library(settings).catalog
    text = catalog.document(source)
    ev = cell.evidence
    place = where(ev.page, ev.section)
    st.caption("Strongest passage" + (" · " + escape_label(place) if place else ""))
    if text is not None and text.text[ev.start : ev.end] == ev.quote:
        st.html(highlight_html(text.text, ev.start, ev.end))
    pattern = theme_pattern(theme)
    passages = [(c, s) for c, s in catalog.chunks_for_theme(theme_id) if c.source == source]
    for chunk, score in passages[:MAX_PASSAGES]:
        label = " · ".join(x for x in (where(chunk.page, chunk.section), f"score {score:.2f}") if x)
        with st.expander(escape_label(label)):
            st.html(terms_html(chunk.text, pattern))
    if len(passages) > MAX_PASSAGES:
        st.caption(f"…and {len(passages) - MAX_PASSAGES} more.")


def render() -> None:
    st.title("Themes")
    settings = state.app_settings()
    if not state.library(settings).catalog.documents():
        st.info("The library is empty: add documents on the Library page.")
        return
    if not taxonomy():
        st.error("The theme taxonomy (ingest/themes.yaml) could not be read.")
        return
    kind = st.radio("Documents", list(KINDS), format_func=KINDS.__getitem__, horizontal=True,
                    key="theme_kind")  # fmt: skip
    matrix = matrix_for(settings, kind)
    if not matrix.documents:
        st.info(f"The library holds no {NOUNS[kind]}.")
        return
    if matrix.untagged:
        st.warning(
            f"{len(matrix.untagged)} documents are untagged or tagged from an older theme list: "
            "re-ingest them on the Library page."
        )
    st.caption("Tagged passages per theme and document. Click a cell, or choose one below.")
    st.altair_chart(heatmap(matrix), on_select=_pick_from_chart, selection_mode="cell",
                    key="theme_heatmap", width="stretch")  # fmt: skip
    st.download_button("Heatmap (PNG)", lambda: heatmap_png(matrix), file_name="themes.png",
                       mime="image/png", icon=":material/download:")  # fmt: skip
    themes = {t.id: t.label for t in matrix.themes}
    labels = unique_labels(matrix)
    if st.session_state.get("theme_doc_pick") not in labels:
        st.session_state.pop("theme_doc_pick", None)
    if "theme_pick" not in st.session_state and matrix.cells:  # open on the fullest cell
        best = max(matrix.cells.values(), key=lambda c: (c.count, c.source, c.theme))
        st.session_state["theme_pick"], st.session_state["theme_doc_pick"] = best.theme, best.source
    cols = st.columns(2)
    theme_id = cols[0].selectbox("Theme", list(themes), format_func=themes.__getitem__,
                                 key="theme_pick")  # fmt: skip
    source = cols[1].selectbox("Document", list(labels), format_func=labels.__getitem__,
                               key="theme_doc_pick")  # fmt: skip
    show_cell(settings, matrix, theme_id, source)
