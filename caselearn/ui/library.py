"""Library page: what the library holds, adding a document, re-ingesting with progress."""

from __future__ import annotations

import logging

import streamlit as st

from caselearn.ui import state
from caselearn.ui.reingest import reingest
from caselearn.ui.render import escape_label
from caselearn.ui.upload import MAX_UPLOAD_MB, UploadError, check_upload, save_upload

logger = logging.getLogger(__name__)

COLUMNS = {
    "title": "Title",
    "kind": "Kind",
    "subject": "Subject",
    "review_type": "Review type",
    "date": "Date",
    "publisher": "Publisher",
    "child_age": "Child's age",
    "chunks": "Chunks",
    "source": "File",
    "ingested_at": "Ingested",
}


def show_documents(settings) -> None:
    docs = state.library(settings).catalog.documents()
    if not docs:
        st.info("The library is empty: add a document below, or put files in the corpus folder.")
        return
    n_reviews = sum(d["kind"] == "review" for d in docs)
    cols = st.columns(3)
    cols[0].metric("Reviews", n_reviews)
    cols[1].metric("Guidance documents", len(docs) - n_reviews)
    cols[2].metric("Chunks", sum(d["chunks"] for d in docs))
    rows = [{label: d.get(key) for key, label in COLUMNS.items()} for d in docs]
    st.dataframe(
        rows, hide_index=True, column_config={"Title": st.column_config.TextColumn(width="large")}
    )


def run_reingest(settings) -> None:
    """Sync the corpus folder into the library, with a progress bar and a per-document log."""
    bar = st.progress(0.0, text="Reading and chunking documents…")
    log = st.container()

    def on_progress(done: int, total: int) -> None:
        frac = done / total if total else 1.0
        bar.progress(min(frac, 1.0), text=f"Embedding passages: {done} of {total}")

    def on_event(msg: str) -> None:
        if msg.startswith("FAILED "):
            log.error(escape_label(msg[len("FAILED ") :]))
        else:
            log.caption(escape_label(msg))

    with st.spinner("Re-ingesting the library…"):
        report = reingest(settings, on_progress, on_event)
    bar.progress(1.0, text="Done")
    summary = (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
        f"{report.total_chunks} chunks in the library ({report.chunks_written} written) "
        f"in {report.seconds:.1f} s"
    )
    (st.success if report.ok else st.warning)(escape_label(summary))
    for source, reason in report.skipped:
        if not reason.startswith(("README", "unsupported")):
            st.caption(escape_label(f"skipped {source}: {reason}"))


def upload_form(settings) -> None:
    st.subheader("Add a document")
    st.caption(
        f"A PDF or a UTF-8 text/markdown file, up to {MAX_UPLOAD_MB} MB. The type is checked by "
        "the file's content, not its name. The file is saved in the corpus folder and ingested."
    )
    uploaded = st.file_uploader("Document", key="upload_file")
    kind = st.radio(
        "Kind",
        ["review", "guidance"],
        format_func={"review": "Case review", "guidance": "Guidance"}.__getitem__,
        horizontal=True,
        key="upload_kind",
    )
    if not st.button("Add to the library", type="primary", disabled=uploaded is None):
        return
    data = uploaded.getvalue()
    try:
        checked = check_upload(uploaded.name, data)
        stored = state.library(settings).catalog.fingerprints()
        twin = next((src for src, fp in stored.items() if fp[1] == checked.content_hash), None)
        if twin:
            raise UploadError(f"{uploaded.name}: the library already holds this file as {twin}")
        path = save_upload(settings.corpus_dir, kind, checked, data)
    except UploadError as exc:
        st.error(escape_label(str(exc)), icon=":material/error:")
        return
    rel = path.relative_to(settings.corpus_dir).as_posix()
    st.success(escape_label(f"Saved as {rel} ({checked.fmt}, {checked.size:,} bytes)"))
    run_reingest(settings)


def render() -> None:
    st.title("Library")
    settings = state.app_settings()
    table = st.container()  # filled last, so it shows what an upload or re-ingest just added
    upload_form(settings)
    with st.expander("Re-ingest the corpus folder"):
        st.caption(
            escape_label(f"Adds new and re-embeds changed files under {settings.corpus_dir}.")
        )
        if st.button("Re-ingest now"):
            run_reingest(settings)
    with table:
        show_documents(settings)
