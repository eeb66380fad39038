"""`caselearn themes`, `caselearn ingest --retag` and `ask --theme` through click (hashing embedder)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from ingest_testkit import BRIEFING, DERBYSHIRE, LIAM

from caselearn.themes_command import short_quote
from ingest.catalog import Catalog
from ingest.library import open_library
from ingest.theme_matrix import theme_matrix
from ingest.themes import load_taxonomy


def _catalog(workspace: SimpleNamespace) -> Catalog:
    return Catalog(workspace.settings.data_dir / "catalog.sqlite3")


def test_ingest_tags_and_themes_json_is_the_matrix(invoke, workspace: SimpleNamespace) -> None:
    assert invoke("ingest", "-q").exit_code == 0
    catalog = _catalog(workspace)
    assert catalog.theme_tags()  # tagged at ingest
    result = invoke("themes", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == json.loads(json.dumps(theme_matrix(catalog, "review").to_dict()))
    assert out["untagged"] == [] and len(out["themes"]) == 20 and len(out["documents"]) == 5
    for cell in out["cells"]:
        doc = catalog.document(cell["source"])
        assert doc is not None and doc.text[cell["start"] : cell["end"]] == cell["quote"]
        assert cell["count"] >= 1
    assert json.loads(invoke("themes", "--json", "--kind", "guidance").stdout)["documents"] == []


def test_themes_text_shows_counts_and_quotes(invoke, workspace: SimpleNamespace) -> None:
    invoke("ingest", "-q")
    text = invoke("themes").stdout
    assert "[1] SILR15b (Derbyshire) — " + DERBYSHIRE in text
    assert "Briefing note (December 2020) — " + BRIEFING in text
    row = next(line for line in text.splitlines() if line.startswith("Safe sleep and sudden"))
    counts = theme_matrix(_catalog(workspace), "review")
    expected = [counts.count(s, "safe-sleep") for s in workspace.sources]
    assert row.split()[-5:] == [str(n) if n else "." for n in expected]
    assert f"— {LIAM}" in text and '      "' in text


def test_heatmap_png_and_svg(invoke, workspace: SimpleNamespace) -> None:
    invoke("ingest", "-q")
    png, svg = workspace.tmp / "out" / "themes.png", workspace.tmp / "themes.svg"
    result = invoke("themes", "--png", str(png), "--svg", str(svg))
    assert result.exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    body = svg.read_text(encoding="utf-8")
    assert body.lstrip().startswith("<?xml") and "<svg" in body
    for label in ("Safe sleep and sudden unexpected infant death", "Baby E", "Liam"):
        assert label in body
    m = theme_matrix(_catalog(workspace), "review")
    top = max(c.count for c in m.cells.values())
    assert f">{top}<" in body  # the counts are written in the cells


def test_retag_rewrites_tags_without_touching_vectors(invoke, workspace: SimpleNamespace) -> None:
    invoke("ingest", "-q")
    catalog = _catalog(workspace)
    with catalog.db:  # as if the library predated the taxonomy
        catalog.db.execute("DELETE FROM chunk_themes")
        catalog.db.execute("DELETE FROM theme_tagging")
    store = open_library(workspace.settings).store
    ids = sorted(catalog.chunk_ids())
    vectors = store.embeddings(ids)
    assert json.loads(invoke("themes", "--json").stdout)["untagged"] == sorted(workspace.sources)
    result = invoke("ingest", "--retag", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["documents"], report["chunks"], report["skipped"]) == (5, len(ids), [])
    assert report["tags"] == len(catalog.theme_tags()) > 0
    assert store.embeddings(ids) == vectors
    assert json.loads(invoke("themes", "--json").stdout)["untagged"] == []
    assert "documents re-tagged with 20 themes" in invoke("ingest", "--retag", "-q").stdout


def test_retag_takes_no_paths(invoke, workspace: SimpleNamespace) -> None:
    result = invoke("ingest", "--retag", str(workspace.corpus))
    assert result.exit_code == 2 and "--retag re-tags the stored library" in result.output


def test_themes_on_an_empty_library_says_what_to_do(invoke) -> None:
    result = invoke("themes")
    assert result.exit_code == 1 and "caselearn ingest corpus/" in result.output


def test_ask_with_an_unknown_theme_fails_before_loading_anything(invoke) -> None:
    result = invoke("ask", "--theme", "sleepy", "what about sleep?")
    assert result.exit_code == 2
    assert "unknown theme 'sleepy'" in result.output
    assert all(t.id in result.output for t in load_taxonomy())


def test_ask_with_a_theme_cites_only_tagged_passages(invoke, workspace: SimpleNamespace) -> None:
    invoke("ingest", "-q")
    result = invoke("ask", "--json", "--theme", "Safe Sleep", "What should practitioners do?")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    tagged = {c.source for c, _ in _catalog(workspace).chunks_for_theme("safe-sleep")}
    assert out["retrieved_sources"] and set(out["retrieved_sources"]) <= tagged


def test_short_quote_keeps_the_term_in_view() -> None:
    quote = "word " * 80 + "management oversight matters here. " + "tail " * 20
    short = short_quote(quote, ["management oversight"], limit=120)
    assert "management oversight" in short and short.startswith("…") and len(short) <= 121
    assert short_quote("A short quote.", ["quote"]) == "A short quote."


def test_an_invalid_taxonomy_is_a_clean_error(invoke, monkeypatch, tmp_path: Path) -> None:
    import ingest.themes as themes_module

    bad = tmp_path / "themes.yaml"
    bad.write_text("themes: [{id: Bad Id}]\n", encoding="utf-8")
    monkeypatch.setattr(themes_module, "THEMES_PATH", bad)
    monkeypatch.setattr(themes_module.load_taxonomy, "__defaults__", (bad,))
    result = invoke("ingest", "-q")
    assert result.exit_code == 1 and "lower-case slug" in result.output
