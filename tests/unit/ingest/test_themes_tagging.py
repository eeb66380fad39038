"""Theme tags at ingest, re-tagging without re-embedding, crash safety, and the theme matrix.

The hashing embedder's similarities are noise, so these tests tag with a vocabulary-driven
TaggerConfig (a synonym is enough, similarity alone never is): what is tagged is then decided
by the real taxonomy's vocabulary on the real review texts.
"""

from __future__ import annotations

import json
import sqlite3
from types import SimpleNamespace

import pytest
from ingest_testkit import BABY_E, BRIEFING, CHILD_H, DERBYSHIRE, LIAM, CountingEmbedder

from caselearn.types import Chunk
from ingest.catalog import Catalog
from ingest.chunk import Chunker, TokenCounter
from ingest.library import Library, open_library
from ingest.retag import retag
from ingest.sync import sync
from ingest.theme_matrix import best_quote, theme_matrix
from ingest.themes import (
    TaggerConfig,
    Theme,
    ThemeTagger,
    load_taxonomy,
    matched_terms,
    resolve_theme,
    taxonomy_fingerprint,
    theme_pattern,
)

# A synonym or colloquial term tags (similarity + 1 >= 0.9); related terms or similarity never do.
VOCAB = TaggerConfig(threshold=0.9, term_bonus=1.0, max_evidence=1.0, min_similarity_alone=9.0)


class Lib:
    """A temporary library of the five reviews, synced on demand with a counting embedder."""

    def __init__(self, ws: SimpleNamespace, counter: TokenCounter) -> None:
        self.ws = ws
        self.chunker = Chunker(ws.settings.chunking, counter)
        self.lib: Library = open_library(ws.settings)
        self.embedder = CountingEmbedder()
        self.themes = load_taxonomy()

    @property
    def catalog(self) -> Catalog:
        return self.lib.catalog

    def sync(self, themes: bool = True, prune: bool = False):
        self.embedder.calls, self.embedder.texts = 0, []
        return sync(
            self.ws.settings, [self.ws.corpus], self.catalog, self.lib.store,
            lambda: self.embedder, prune=prune, progress=False, chunker=self.chunker,
            themes=self.themes if themes else None, theme_config=VOCAB,
        )  # fmt: skip

    def tags(self) -> set[tuple[str, str, str]]:
        return {(s, t, c) for s, t, c, _ in self.catalog.theme_tags()}

    def sources_with(self, theme: str) -> set[str]:
        return {c.source for c, _ in self.catalog.chunks_for_theme(theme)}


@pytest.fixture
def lib(workspace: SimpleNamespace, counter: TokenCounter) -> Lib:
    return Lib(workspace, counter)


def _orphan_tags(catalog: Catalog) -> int:
    sql = "SELECT count(*) FROM chunk_themes WHERE chunk_id NOT IN (SELECT chunk_id FROM chunks)"
    return catalog.db.execute(sql).fetchone()[0]


def test_ingest_tags_every_chunk_from_the_vocabulary(lib: Lib) -> None:
    report = lib.sync()
    assert report.ok and report.retagged == 0  # tagged inside each document's transaction
    fp = taxonomy_fingerprint(lib.themes, VOCAB)
    assert lib.catalog.untagged_sources(fp) == []
    assert {DERBYSHIRE, LIAM, CHILD_H} <= lib.sources_with("safe-sleep")
    assert {BABY_E, BRIEFING, CHILD_H} <= lib.sources_with("men-fathers")
    safe_sleep = resolve_theme("safe-sleep", lib.themes)
    ranked = lib.catalog.chunks_for_theme("safe-sleep")
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    for chunk, _ in ranked:  # with VOCAB, a tag means a synonym or colloquial term is there
        assert matched_terms(theme_pattern(safe_sleep), chunk.text)[0], chunk.text
    tagged = {c for _, _, c in lib.tags()}
    for chunk in lib.catalog.chunks():
        if chunk.chunk_id not in tagged:
            for theme in lib.themes:
                assert not matched_terms(theme_pattern(theme), chunk.text)[0], chunk.text


def test_a_changed_or_removed_document_takes_its_tags_with_it(lib: Lib) -> None:
    lib.sync()
    old_liam = {c.chunk_id for c in lib.catalog.chunks_of(LIAM)}
    path = lib.ws.corpus / LIAM
    path.write_text(path.read_text() + "\n\n10. Unsafe co-sleeping on a sofa was not explored.\n")
    assert lib.sync().updated == [LIAM]
    assert not {c for _, _, c in lib.tags()} & old_liam
    new_chunk = lib.catalog.chunks_of(LIAM)[-1]
    assert ("safe-sleep", LIAM) in {(t, s) for s, t, c in lib.tags() if c == new_chunk.chunk_id}
    (lib.ws.corpus / BABY_E).unlink()
    assert lib.sync(prune=True).removed == [BABY_E]
    assert BABY_E not in {s for s, _, _ in lib.tags()}
    assert _orphan_tags(lib.catalog) == 0
    rows = lib.catalog.db.execute("SELECT count(*) FROM theme_tagging").fetchone()[0]
    assert rows == 4


def test_an_untagged_library_is_tagged_later_without_reembedding(lib: Lib) -> None:
    lib.sync(themes=False)
    fp = taxonomy_fingerprint(lib.themes, VOCAB)
    assert lib.catalog.untagged_sources(fp) == sorted(lib.ws.sources)
    assert lib.tags() == set()
    report = lib.sync()
    assert report.retagged == 5 and report.chunks_written == 0
    # Only the 20 theme descriptions were embedded: no chunk text.
    assert lib.embedder.texts == [t.embed_text for t in lib.themes]
    assert lib.catalog.untagged_sources(fp) == []
    assert lib.sync().retagged == 0 and lib.embedder.calls == 0


def test_retag_after_adding_a_theme_never_reembeds_a_chunk(lib: Lib) -> None:
    lib.sync()
    ids = sorted(lib.catalog.chunk_ids())
    vectors = lib.lib.store.embeddings(ids)
    before = lib.tags()
    added = Theme("chaotic-lifestyle", "Chaotic lifestyle", "Parents living chaotic lives.",
                  ("chaotic",))  # fmt: skip
    themes = [*lib.themes, added]
    assert lib.catalog.untagged_sources(taxonomy_fingerprint(themes, VOCAB)) == sorted(
        lib.ws.sources
    )
    embedder = CountingEmbedder()
    report = retag(lib.catalog, lib.lib.store, ThemeTagger(themes, embedder, VOCAB))
    assert (report.documents, report.chunks, report.skipped) == (5, len(ids), [])
    assert embedder.texts == [t.embed_text for t in themes]
    assert lib.sources_with("chaotic-lifestyle") == {LIAM, CHILD_H}
    assert {x for x in lib.tags() if x[1] != "chaotic-lifestyle"} == before
    assert lib.lib.store.embeddings(ids) == vectors
    assert lib.catalog.untagged_sources(taxonomy_fingerprint(themes, VOCAB)) == []


def test_a_retag_killed_half_way_leaves_each_document_whole(
    lib: Lib, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib.sync()
    before = lib.tags()
    themes = [t for t in lib.themes if t.id != "safe-sleep"]  # the new taxonomy drops a theme
    original, calls = lib.catalog._write_tags, []

    def write_then_die(doc_id: str, tags: dict, taxonomy: str) -> None:
        calls.append(doc_id)
        original(doc_id, tags, taxonomy)  # the rows are written ...
        if len(calls) == 3:
            raise RuntimeError("killed")  # ... but the transaction never commits

    monkeypatch.setattr(lib.catalog, "_write_tags", write_then_die)
    with pytest.raises(RuntimeError):
        retag(lib.catalog, lib.lib.store, ThemeTagger(themes, CountingEmbedder(), VOCAB))
    done, rest = sorted(lib.ws.sources)[:2], sorted(lib.ws.sources)[2:]
    assert lib.catalog.untagged_sources(taxonomy_fingerprint(themes, VOCAB)) == rest
    after = lib.tags()
    assert {x for x in after if x[0] in rest} == {x for x in before if x[0] in rest}
    assert not {x for x in after if x[0] in done and x[1] == "safe-sleep"}
    monkeypatch.undo()
    assert lib.sync(themes=False).unchanged  # a plain sync does not touch tags ...
    lib.themes = themes
    assert lib.sync().retagged == 3  # ... a themed one finishes the job


def test_the_matrix_counts_tagged_passages_and_quotes_the_strongest(lib: Lib) -> None:
    lib.sync()
    m = theme_matrix(lib.catalog, "review", lib.themes, VOCAB)
    assert [d.source for d in m.documents] == [DERBYSHIRE, BABY_E, LIAM, CHILD_H, BRIEFING]
    assert [d.label for d in m.documents] == [
        "SILR15b (Derbyshire)", "Baby E", "Liam", "Child H (Leicestershire)",
        "Briefing note (December 2020)",
    ]  # fmt: skip
    assert m.untagged == []
    per_cell: dict[tuple[str, str], list[float]] = {}
    for source, theme, _, score in lib.catalog.theme_tags():
        per_cell.setdefault((source, theme), []).append(score)
    assert set(m.cells) == set(per_cell)
    for (source, theme), cell in m.cells.items():
        assert cell.count == len(per_cell[(source, theme)])
        assert cell.score == max(per_cell[(source, theme)])
        doc = lib.catalog.document(source)
        assert doc is not None
        assert doc.text[cell.evidence.start : cell.evidence.end] == cell.evidence.quote
        quote = " ".join(cell.evidence.quote.lower().replace("-", " ").split())
        assert cell.evidence.terms and all(t in quote for t in cell.evidence.terms)
    assert m.count(DERBYSHIRE, "safe-sleep") >= 2 and m.count(LIAM, "safe-sleep") >= 1
    assert "males" in m.cells[(BABY_E, "men-fathers")].evidence.quote
    out = json.loads(json.dumps(m.to_dict()))
    assert [t["id"] for t in out["themes"]] == [t.id for t in lib.themes]
    assert len(out["cells"]) == len(m.cells) and out["kind"] == "review"
    assert theme_matrix(lib.catalog, "guidance", lib.themes, VOCAB).documents == []
    assert theme_matrix(lib.catalog, "review", lib.themes).untagged == sorted(lib.ws.sources)


def test_best_quote_prefers_sentences_to_headings_and_keeps_list_lead_ins() -> None:
    themes = {t.id: t for t in load_taxonomy()}
    text = (
        "7. Provision of safer sleeping advice\n\nSafer sleeping advice is given by midwives. "
        "Where there are concerns regarding co-sleeping the advice should be tailored."
    )
    chunk = Chunk("c1", "d", "s", "T", "review", "7. Provision of safer sleeping advice", 3,
                  100, 100 + len(text), text, 0)  # fmt: skip
    ev = best_quote(chunk, themes["safe-sleep"])
    # The first sentence with a term, not the heading; short, so the next sentence joins it.
    assert ev.quote == text[text.index("Safer") :]
    assert text[ev.start - 100 : ev.end - 100] == ev.quote and ev.page == 3
    items = "Meetings should have taken place at these points:\n- Antenatally\n- Postnatally"
    chunk = Chunk("c2", "d", "s", "T", "review", None, None, 0, len(items), items, 0)
    ev = best_quote(chunk, themes["pre-birth"])
    assert ev.quote == "Meetings should have taken place at these points:\n- Antenatally"


def test_tags_need_their_chunks(lib: Lib) -> None:
    lib.sync()
    with pytest.raises(sqlite3.IntegrityError):
        lib.catalog.replace_tags("nope", {"no-such-chunk": [("neglect", 1.0)]}, "x")
