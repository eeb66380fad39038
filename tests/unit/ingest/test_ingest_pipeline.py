"""prepare / Preparer: one file to a Document and chunks, in-process or in worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from ingest_testkit import CORPUS, LIAM, SMALL_PDF

from caselearn.settings import ChunkSettings
from ingest import pipeline
from ingest.load import LoadError, RawDocument, RawFile, hash_file
from ingest.pipeline import Preparer, prepare


def raw_file(path: Path, source: str) -> RawFile:
    return RawFile(path, source, hash_file(path), path.stat().st_size)


@pytest.fixture
def files(tmp_path: Path) -> list[tuple[RawFile, str]]:
    writer = pypdf.PdfWriter()
    for page in pypdf.PdfReader(SMALL_PDF).pages[:3]:
        writer.add_page(page)
    writer.write(tmp_path / "cme.pdf")
    shutil.copy(CORPUS / LIAM, tmp_path / "liam.txt")
    (tmp_path / "bad.pdf").write_bytes(b"<html><body>moved</body></html>")
    return [
        (raw_file(tmp_path / "cme.pdf", "guidance/cme.pdf"), "guidance"),
        (raw_file(tmp_path / "bad.pdf", "guidance/bad.pdf"), "guidance"),
        (raw_file(tmp_path / "liam.txt", "reviews/liam.txt"), "review"),
    ]


def test_prepare_builds_a_cited_document(files, chunker) -> None:
    doc, chunks = prepare(*files[0], chunker)
    assert doc.source == "guidance/cme.pdf" and doc.kind == "guidance"
    assert doc.doc_id == doc.content_hash[:16]
    assert [p.page for p in doc.pages] == [1, 2, 3]
    assert all(c.page in (1, 2, 3) and doc.text[c.start : c.end] == c.text for c in chunks)
    with pytest.raises(LoadError, match="HTML page"):
        prepare(*files[1], chunker)


def test_small_batches_are_prepared_in_process(files) -> None:
    with Preparer(files, ChunkSettings()) as preparer:
        assert not preparer.background
        results = list(preparer.results())
    assert [r[1] for r in results] == [None, "named .pdf but it is an HTML page, not a PDF", None]


def test_worker_processes_give_the_same_results_in_order(
    files, chunker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PDF_BYTES", 0)
    with Preparer(files, ChunkSettings()) as preparer:
        assert preparer.background
        in_workers = list(preparer.results())
        workers = list(preparer._pool._processes.values())  # type: ignore[union-attr]
    assert workers and not any(w.is_alive() for w in workers)  # the pool is shut down on exit
    in_process = list(Preparer(files, ChunkSettings(), chunker).results())
    assert [reason for _, reason in in_workers] == [reason for _, reason in in_process]
    for (got, _), (want, _) in zip(in_workers, in_process, strict=True):
        if want is None:
            assert got is None
            continue
        assert got is not None
        assert got[0] == want[0]
        assert [c.to_dict() for c in got[1]] == [c.to_dict() for c in want[1]]


def test_an_imposed_chunker_keeps_work_in_process(files, chunker, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_PDF_BYTES", 0)
    preparer = Preparer(files, ChunkSettings(), chunker)
    assert not preparer.background
    assert preparer.chunker is chunker


def test_a_pdf_with_no_title_field_is_titled_by_its_running_header(
    files, chunker, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = "Shared Information Database"
    pages = [
        "\n".join(
            [
                header,
                "Thomas Leonard" if n == 1 else f"Part {n}",
                *(
                    f"Line {i} of page {n}: practitioners share information early and record concerns."
                    for i in range(8)
                ),
                str(n),
            ]
        )
        for n in range(1, 6)
    ]
    raw = files[0][0]
    monkeypatch.setattr(pipeline, "load", lambda r: RawDocument(r, "pdf", pages, pdf_title=""))
    doc, _ = prepare(raw, "guidance", chunker)
    assert doc.title == header
