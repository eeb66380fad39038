"""Bad input (issue 2, point 8): every unusable file gets one clear reason; good files still go in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from ingest_testkit import CORPUS, DERBYSHIRE, SMALL_PDF, CountingEmbedder, assert_consistent

from caselearn.cli import cli
from caselearn.settings import Settings
from ingest.library import open_library
from ingest.load import LoadError, RawFile, load
from ingest.sync import sync


def one_page_pdf(path: Path, password: str | None = None) -> Path:
    """Page 1 of a real corpus PDF, optionally encrypted with a user password (RC4)."""
    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(SMALL_PDF).pages[0])
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner-secret")
    writer.write(path)
    return path


def make_bad_files(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; returns file name -> expected reason (a substring)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    data = SMALL_PDF.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    one_page_pdf(folder / "encrypted.pdf", password="s3cret")
    (folder / "empty.pdf").write_bytes(b"")
    blank = pypdf.PdfWriter()
    blank.add_blank_page(width=595, height=842)
    blank.write(folder / "scanned.pdf")
    (folder / "page.pdf").write_text(
        "<!DOCTYPE html>\n<html><head><title>Not found</title></head><body>404</body></html>\n"
    )
    (folder / "junk.pdf").write_bytes(bytes(range(1, 256)) * 16)
    (folder / "latin1.txt").write_bytes(
        "Caf\xe9 meeting notes: na\xefve optimism.".encode("latin-1")
    )
    return {
        "corrupt.pdf": "corrupt or truncated PDF",
        "truncated.pdf": "corrupt or truncated PDF",
        "encrypted.pdf": "encrypted PDF: a password is required",
        "empty.pdf": "empty file",
        "scanned.pdf": "no extractable text in 1 page(s): image-only PDF",
        "page.pdf": "named .pdf but it is an HTML page, not a PDF",
        "junk.pdf": "named .pdf but it is not a PDF",
        "latin1.txt": "undecodable text: not UTF-8",
    }


def raw_file(path: Path) -> RawFile:
    return RawFile(path=path, source=path.name, content_hash="0" * 64, size=path.stat().st_size)


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, make_bad_files(folder)


@pytest.mark.parametrize(
    "name",
    [
        "corrupt.pdf",
        "truncated.pdf",
        "encrypted.pdf",
        "empty.pdf",
        "scanned.pdf",
        "page.pdf",
        "junk.pdf",
        "latin1.txt",
    ],
)
def test_each_bad_file_gets_one_clear_reason(bad_dir, name: str) -> None:
    folder, expected = bad_dir
    with pytest.raises(LoadError) as err:
        load(raw_file(folder / name))
    reason = str(err.value)
    assert expected[name] in reason
    assert "\n" not in reason and len(reason) < 200


def test_pdf_with_only_an_owner_password_opens(tmp_path: Path) -> None:
    path = one_page_pdf(tmp_path / "restricted.pdf", password="")
    doc = load(raw_file(path))
    assert doc.fmt == "pdf" and len(doc.pages or []) == 1
    assert "Statutory guidance for local authorities" in (doc.pages or [""])[0]


def test_good_files_load_by_content(tmp_path: Path) -> None:
    pdf = one_page_pdf(tmp_path / "no_suffix_pdf.txt")  # a PDF named .txt is still a PDF
    assert load(raw_file(pdf)).fmt == "pdf"
    md = tmp_path / "note.md"
    md.write_bytes("\ufeff# Title\n\nCafé text.".encode())  # UTF-8 with a BOM
    loaded = load(raw_file(md))
    assert (loaded.fmt, loaded.text) == ("markdown", "# Title\n\nCafé text.")


def test_text_with_nul_bytes_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc\x00def" * 10)
    with pytest.raises(LoadError, match="binary data, not text"):
        load(raw_file(path))


def good_and_bad_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """corpus/mixed/ with every bad file plus two good documents (a text review and a PDF)."""
    corpus = tmp_path / "corpus"
    expected = make_bad_files(corpus / "mixed")
    shutil.copy(CORPUS / DERBYSHIRE, corpus / "mixed" / "derbyshire.txt")
    one_page_pdf(corpus / "mixed" / "cme.pdf")
    return corpus, expected


def test_sync_ingests_the_good_and_reports_each_bad_file(tmp_path: Path) -> None:
    corpus, expected = good_and_bad_folder(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    lib = open_library(settings)
    embedder = CountingEmbedder()
    report = sync(settings, [corpus], lib.catalog, lib.store, lambda: embedder, progress=False)
    assert sorted(report.added) == ["mixed/cme.pdf", "mixed/derbyshire.txt"]
    failed = dict(report.failed)
    assert sorted(failed) == sorted(f"mixed/{name}" for name in expected)
    for name, reason in expected.items():
        assert reason in failed[f"mixed/{name}"]
    assert report.ok is False
    assert {d["source"] for d in lib.catalog.documents()} == set(report.added)
    assert assert_consistent(lib.catalog, lib.store)


def test_cli_prints_one_error_line_per_bad_file_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, expected = good_and_bad_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    env = {
        "CASELEARN_DATA_DIR": str(tmp_path / "data"),
        "CASELEARN_CORPUS_DIR": str(corpus),
        "CASELEARN_EMBEDDING__BACKEND": "hashing",
    }
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--quiet"], env=env)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(expected)
    for name, reason in expected.items():
        [line] = [e for e in errors if e.startswith(f"error: mixed/{name}: ")]
        assert reason in line
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("2 added, 0 updated, 0 unchanged, 0 removed, 8 failed documents;")
    assert "chunks in the library" in summary and summary.endswith(" s")


def test_cli_json_summary_lists_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, expected = good_and_bad_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    env = {
        "CASELEARN_DATA_DIR": str(tmp_path / "data"),
        "CASELEARN_CORPUS_DIR": str(corpus),
        "CASELEARN_EMBEDDING__BACKEND": "hashing",
    }
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--json"], env=env)
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert len(out["failed"]) == len(expected)
    assert {f["source"] for f in out["failed"]} == {f"mixed/{n}" for n in expected}
    assert out["chunks_written"] == out["total_chunks"] > 0


def test_missing_path_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"CASELEARN_DATA_DIR": str(tmp_path / "data"), "CASELEARN_EMBEDDING__BACKEND": "hashing"}
    missing = str(tmp_path / "nowhere")
    result = CliRunner().invoke(cli, ["ingest", missing], env=env)
    assert result.exit_code == 1
    assert f"error: {missing}: no such file or directory" in result.stderr.splitlines()


def test_unsupported_and_readme_files_are_skipped_not_failed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "reviews").mkdir(parents=True)
    (corpus / "README.md").write_text("# About this corpus\n\nProvenance and licences.")
    (corpus / "reviews" / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus / "reviews" / ".hidden.txt").write_text("Hidden files are ignored entirely.")
    (corpus / "reviews" / "ok.txt").write_text(
        "A short review about safer sleep advice for babies."
    )
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    lib = open_library(settings)
    report = sync(settings, [corpus], lib.catalog, lib.store, CountingEmbedder, progress=False)
    assert report.ok and report.added == ["reviews/ok.txt"]
    assert dict(report.skipped) == {
        "README.md": "README/licence file, not a document",
        "reviews/notes.docx": "unsupported file type .docx",
    }


def test_pdf_reading_is_not_noisy(bad_dir, capfd: pytest.CaptureFixture[str]) -> None:
    folder, _ = bad_dir
    for name in ("corrupt.pdf", "truncated.pdf"):
        with pytest.raises(LoadError):
            load(raw_file(folder / name))
    assert capfd.readouterr().err == ""
