"""Upload checks: the type comes from the content, not the name; clear errors; safe file names."""

import pytest
from ingest_testkit import SMALL_PDF

from caselearn.ui.upload import (
    MAX_UPLOAD_BYTES,
    UploadError,
    check_upload,
    safe_filename,
    save_upload,
)

TEXT = b"Learning from the review of Child K\n\nThe school did not share its concerns.\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"   \n", "empty"),
        ("review.pdf", b"<!DOCTYPE html><html><body>Not found</body></html>", "web page"),
        ("review.txt", b"<html><body>saved page</body></html>", "web page"),
        ("review.pdf", b"Plain text pretending", "not a PDF"),
        ("review.docx", b"PK\x03\x04" + b"\x00" * 64, "Word document"),
        ("scan.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
        ("data.txt", b"abc\x00def" * 10, "binary data"),
        ("latin1.txt", "Caf\u00e9 r\u00e9sum\u00e9".encode("latin-1"), "not UTF-8"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer", "PDF"),
    ],
)
def test_app_upload_rejects_with_a_clear_reason(name, data, message):
    with pytest.raises(UploadError, match=message) as err:
        check_upload(name, data)
    assert str(err.value).startswith(name)


def test_app_upload_size_limit():
    with pytest.raises(UploadError, match="over the 25 MB limit"):
        check_upload("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert check_upload("small.txt", b"a" * 100).size == 100


def test_app_upload_type_comes_from_content_not_name():
    pdf = SMALL_PDF.read_bytes()
    checked = check_upload("guidance-download.txt", pdf)
    assert (checked.fmt, checked.filename) == ("pdf", "guidance-download.pdf")
    text = check_upload("Child K review.md", TEXT)
    assert (text.fmt, text.filename) == ("markdown", "Child_K_review.md")
    assert check_upload("notes", TEXT).filename == "notes.txt"


def test_app_upload_file_names_cannot_escape_the_folder():
    assert safe_filename("../../etc/passwd.txt", "text") == "passwd.txt"
    assert safe_filename("..\\..\\win.ini", "text") == "win.txt"
    assert safe_filename("...", "pdf") == "document.pdf"
    assert safe_filename("<script>.pdf", "pdf") == "script.pdf"


def test_app_upload_save_never_overwrites(tmp_path):
    checked = check_upload("k.txt", TEXT)
    first = save_upload(tmp_path, "review", checked, TEXT)
    assert first == tmp_path / "reviews" / "k.txt"
    other = TEXT + b"More.\n"
    second = save_upload(tmp_path, "review", check_upload("k.txt", other), other)
    assert second.name == "k-2.txt" and first.read_bytes() == TEXT
    with pytest.raises(UploadError, match="already in reviews/"):
        save_upload(tmp_path, "review", checked, TEXT)
    assert save_upload(tmp_path, "guidance", checked, TEXT).parent.name == "guidance"
