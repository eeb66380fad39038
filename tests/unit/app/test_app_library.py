"""Library page through AppTest: the document table, uploads checked by content, re-ingest."""

import pytest
from app_testkit import build_library, page_script, point_app_at
from ingest_testkit import SMALL_PDF
from streamlit.testing.v1 import AppTest

from caselearn.ui import upload

NEW_REVIEW = (
    b"Learning from the review of Child K\n\n"
    b"Child K was eleven. The school saw repeated absence and hunger and did not share its "
    b"concerns with children's social care.\n\n"
    b"Recommendation: schools should refer persistent absence with signs of neglect.\n"
)


def _page():
    return AppTest.from_string(page_script("library"), default_timeout=120).run()


@pytest.fixture
def fresh_library(tmp_path, monkeypatch):
    lib = build_library(tmp_path, payload=False)
    point_app_at(monkeypatch, lib)
    return lib


def test_app_library_lists_documents_with_chunk_counts(app_env):
    at = _page()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 6
    assert {"Title", "Kind", "Subject", "Chunks", "File"} <= set(table.columns)
    assert (table["Chunks"] > 0).all()
    assert "reviews/003_52c76c2e1049232f.txt" in set(table["File"])
    assert [m.value for m in at.metric][:1] == ["6"]


def test_app_library_upload_saves_and_ingests_with_progress(fresh_library):
    at = _page()
    assert len(at.dataframe[0].value) == 5
    at.file_uploader[0].upload("Child K review.txt", NEW_REVIEW, "text/plain").run()
    next(b for b in at.button if b.label == "Add to the library").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    saved = fresh_library.corpus / "reviews" / "Child_K_review.txt"
    assert saved.read_bytes() == NEW_REVIEW
    assert at.progress and at.progress[-1].value == 100
    assert any("1 added" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert len(table) == 6 and "reviews/Child_K_review.txt" in set(table["File"])

    # A PDF named .txt is a PDF; as guidance it goes to guidance/.
    at.file_uploader[0].upload("cme-download.txt", SMALL_PDF.read_bytes(), "text/plain").run()
    at.radio(key="upload_kind").set_value("guidance").run()
    next(b for b in at.button if b.label == "Add to the library").click().run()
    assert not at.error, [e.value for e in at.error]
    assert (fresh_library.corpus / "guidance" / "cme-download.pdf").is_file()
    kinds = dict(zip(at.dataframe[0].value["File"], at.dataframe[0].value["Kind"], strict=True))
    assert kinds["guidance/cme-download.pdf"] == "guidance"


def test_app_library_rejects_bad_uploads_without_saving(app_env, monkeypatch):
    before = sorted(p.name for p in app_env.corpus.rglob("*"))
    at = _page()
    cases = [
        ("review.pdf", b"<!DOCTYPE html><html>Access denied</html>", "web page"),
        ("review.docx", b"PK\x03\x04" + b"\x00" * 32, "Word document"),
        ("NEW_REVIEW.txt", (app_env.corpus / "reviews/003_52c76c2e1049232f.txt").read_bytes(),
         "already holds this file as reviews/003_52c76c2e1049232f.txt"),
    ]  # fmt: skip
    for name, data, message in cases:
        at.file_uploader[0].upload(name, data, "application/octet-stream").run()
        next(b for b in at.button if b.label == "Add to the library").click().run()
        assert at.error and message in at.error[0].value.replace("\\", ""), name
        assert not at.progress
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 1000)
    at.file_uploader[0].upload("long.txt", b"word " * 300, "text/plain").run()
    next(b for b in at.button if b.label == "Add to the library").click().run()
    assert "MB limit" in at.error[0].value.replace("\\", "")
    assert sorted(p.name for p in app_env.corpus.rglob("*")) == before


def test_app_library_reingest_button_reports_unchanged(app_env):
    at = _page()
    at.expander[0].button[0].click().run()
    assert not at.exception
    assert at.progress[-1].value == 100
    summary = at.success[0].value.replace("\\", "")
    assert "0 added, 0 updated, 5 unchanged, 0 failed" in summary
