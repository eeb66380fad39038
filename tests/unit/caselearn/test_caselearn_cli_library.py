"""`caselearn ingest` and `caselearn library` through click, on a temporary library (hashing embedder)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from ingest_testkit import BABY_E, BRIEFING, CHILD_H, DERBYSHIRE, LIAM


def test_library_json_shape(invoke, workspace: SimpleNamespace) -> None:
    assert invoke("ingest", str(workspace.corpus), "--quiet").exit_code == 0
    result = invoke("library", "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert list(out) == ["documents"]
    docs = out["documents"]
    assert [d["source"] for d in docs] == [DERBYSHIRE, BABY_E, LIAM, CHILD_H, BRIEFING]
    for doc in docs:
        for key in ("source", "title", "kind", "chunks", "doc_id", "subject", "review_type"):
            assert key in doc
        assert doc["kind"] == "review"
        assert isinstance(doc["chunks"], int) and doc["chunks"] > 0
        assert not Path(doc["source"]).is_absolute()
    by_source = {d["source"]: d for d in docs}
    assert by_source[BABY_E]["title"] == "Serious Case Review Learning Bulletin Baby E"
    assert by_source[BABY_E]["subject"] == "Baby E"
    assert by_source[BRIEFING]["subject"] is None
    ingest_json = json.loads(invoke("ingest", str(workspace.corpus), "--json").stdout)
    assert sum(d["chunks"] for d in docs) == ingest_json["total_chunks"]


def test_sources_are_relative_to_the_corpus_root_whatever_path_is_given(
    invoke, workspace: SimpleNamespace
) -> None:
    # Ingesting one sub-folder or one file still names documents from the corpus root.
    assert invoke("ingest", str(workspace.corpus / "reviews"), "-q").exit_code == 0
    assert invoke("ingest", str(workspace.corpus / LIAM), "-q").exit_code == 0
    docs = json.loads(invoke("library", "--json").stdout)["documents"]
    assert sorted(d["source"] for d in docs) == sorted(workspace.sources)


def test_library_text_listing(invoke, workspace: SimpleNamespace) -> None:
    assert "The library is empty" in invoke("library").stdout
    invoke("ingest", "-q")  # no PATH: the configured corpus folder
    out = invoke("library").stdout
    assert f"{CHILD_H}  [" in out
    assert "EXECUTIVE SUMMARY OF A SERIOUS CASE REVIEW: CHILD H" in out
    assert "review · Child H · SCR · just over 9 weeks" in out
    assert out.strip().splitlines()[-1].startswith("5 documents, ")


def test_ingest_lines_and_summary(invoke, workspace: SimpleNamespace) -> None:
    first = invoke("ingest", str(workspace.corpus))
    assert first.exit_code == 0
    added = [line for line in first.stderr.splitlines() if line.startswith("added ")]
    assert len(added) == 5
    assert first.stdout.startswith(
        "5 added, 0 updated, 0 unchanged, 0 removed, 0 failed documents;"
    )
    again = invoke("ingest", str(workspace.corpus))
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout.startswith("0 added, 0 updated, 5 unchanged")
    assert "(0 written)" in again.stdout


def test_prune_flag_removes_documents(invoke, workspace: SimpleNamespace) -> None:
    invoke("ingest", str(workspace.corpus), "-q")
    (workspace.corpus / LIAM).unlink()
    result = invoke("ingest", str(workspace.corpus), "--prune", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["removed"] == [LIAM]
    docs = json.loads(invoke("library", "--json").stdout)["documents"]
    assert LIAM not in {d["source"] for d in docs}


def test_data_dir_option_overrides_the_environment(invoke, workspace: SimpleNamespace) -> None:
    other = workspace.tmp / "elsewhere"
    assert invoke("--data-dir", str(other), "ingest", "-q").exit_code == 0
    assert (other / "catalog.sqlite3").exists()
    assert not workspace.settings.data_dir.exists()
