"""The catalog: documents, chunks and the persisted keyword (FTS5/BM25) index in one SQLite file.

A document's rows are written in one transaction, so after a crash the catalog either has the
whole document or none of it; the vector store is reconciled against it (see ingest/sync.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from caselearn.types import Chunk, DocMeta, Document, PageSpan
from ingest import sentence_vectors
from ingest.sentence_vectors import SentenceVector

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT UNIQUE NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    meta TEXT NOT NULL,
    pages TEXT NOT NULL,
    text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    section TEXT,
    page INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    n_tokens INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    chunk_id UNINDEXED, title, section, text, tokenize = 'porter unicode61'
);
CREATE TABLE IF NOT EXISTS chunk_themes (
    chunk_id TEXT NOT NULL REFERENCES chunks(chunk_id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (chunk_id, theme)
);
CREATE INDEX IF NOT EXISTS chunk_themes_theme ON chunk_themes(theme, score);
CREATE TABLE IF NOT EXISTS theme_tagging (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    taxonomy TEXT NOT NULL
);
"""

# chunk_id -> [(theme id, score)], as ingest.themes.ThemeTagger.tag returns them.
ThemeTags = dict[str, list[tuple[str, float]]]

_WORD = re.compile(r"[A-Za-z0-9]+")
_PHRASE = re.compile(r'"([^"]+)"')


class Catalog:
    """SQLite-backed record of what is ingested, plus the BM25 keyword index."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA + sentence_vectors.SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- documents -----------------------------------------------------------------------------
    def fingerprints(self) -> dict[str, tuple[str, str, str]]:
        """source -> (doc_id, content_hash, pipeline_version) for every stored document."""
        rows = self.db.execute(
            "SELECT source, doc_id, content_hash, pipeline_version FROM documents"
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def replace_document(
        self,
        doc: Document,
        chunks: list[Chunk],
        version: str,
        tags: ThemeTags | None = None,
        taxonomy: str | None = None,
        sentences: list[SentenceVector] | None = None,
    ) -> None:
        """Swap in a document, its chunks, sentence vectors and theme tags atomically.

        `taxonomy` fingerprints the themes the tags come from; without tags the document is
        left untagged, and `untagged_sources` lists it until it is re-tagged.
        """
        with self.db:
            self._delete(doc.source)
            self.db.execute(
                "INSERT INTO documents (doc_id, source, title, kind, content_hash, pipeline_version,"
                " meta, pages, text, n_chunks) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.doc_id,
                    doc.source,
                    doc.title,
                    doc.kind,
                    doc.content_hash,
                    version,
                    json.dumps(asdict(doc.meta)),
                    json.dumps([[p.page, p.start, p.end] for p in doc.pages]),
                    doc.text,
                    len(chunks),
                ),
            )
            self.db.executemany(
                'INSERT INTO chunks (chunk_id, doc_id, source, ordinal, section, page, start, "end",'
                " text, n_tokens) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (c.chunk_id, c.doc_id, c.source, c.ordinal, c.section, c.page, c.start, c.end,
                     c.text, c.n_tokens)
                    for c in chunks
                ],
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO chunks_fts (chunk_id, title, section, text) VALUES (?,?,?,?)",
                [(c.chunk_id, c.title, c.section or "", c.text) for c in chunks],
            )
            if sentences:
                sentence_vectors.write(self.db, sentences)
            if tags is not None and taxonomy is not None:
                self._write_tags(doc.doc_id, tags, taxonomy)

    def sentence_vectors(self, chunk_ids: Iterable[str]) -> dict[str, list[SentenceVector]]:
        """Stored sentence vectors of these chunks (ingest/sentence_vectors.py)."""
        return sentence_vectors.read(self.db, chunk_ids)

    def delete_source(self, source: str) -> None:
        with self.db:
            self._delete(source)

    def _delete(self, source: str) -> None:
        ids = [
            r[0] for r in self.db.execute("SELECT chunk_id FROM chunks WHERE source=?", (source,))
        ]
        self.db.executemany("DELETE FROM chunks_fts WHERE chunk_id=?", [(i,) for i in ids])
        self.db.executemany("DELETE FROM chunk_themes WHERE chunk_id=?", [(i,) for i in ids])
        self.db.execute(
            "DELETE FROM theme_tagging WHERE doc_id IN (SELECT doc_id FROM documents WHERE source=?)",
            (source,),
        )
        self.db.execute("DELETE FROM chunks WHERE source=?", (source,))
        self.db.execute("DELETE FROM documents WHERE source=?", (source,))

    def documents(self) -> list[dict]:
        """Every stored document with its metadata and chunk count, ordered by source."""
        rows = self.db.execute(
            "SELECT doc_id, source, title, kind, content_hash, meta, n_chunks, ingested_at"
            " FROM documents ORDER BY source"
        )
        return [
            {
                "doc_id": r[0],
                "source": r[1],
                "title": r[2],
                "kind": r[3],
                "content_hash": r[4],
                **json.loads(r[5]),
                "chunks": r[6],
                "ingested_at": r[7],
            }
            for r in rows
        ]

    def document(self, source: str) -> Document | None:
        row = self.db.execute(
            "SELECT doc_id, source, title, kind, text, content_hash, pages, meta FROM documents"
            " WHERE source=?",
            (source,),
        ).fetchone()
        if row is None:
            return None
        pages = [PageSpan(*p) for p in json.loads(row[6])]
        return Document(
            row[0], row[1], row[2], row[3], row[4], row[5], pages, DocMeta(**json.loads(row[7]))
        )

    # -- chunks --------------------------------------------------------------------------------
    def chunk_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT chunk_id FROM chunks")}

    def fts_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0]

    def chunks(self, ids: Iterable[str] | None = None) -> list[Chunk]:
        """Chunks by id (in the order asked), or all of them."""
        sql = (
            'SELECT c.chunk_id, c.doc_id, c.source, d.title, d.kind, c.section, c.page, c.start, c."end",'
            " c.text, c.ordinal, c.n_tokens FROM chunks c JOIN documents d USING (doc_id)"
        )
        if ids is None:
            return [Chunk(*r) for r in self.db.execute(sql + " ORDER BY c.source, c.ordinal")]
        wanted = list(ids)
        found: dict[str, Chunk] = {}
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            marks = ",".join("?" * len(part))
            for r in self.db.execute(f"{sql} WHERE c.chunk_id IN ({marks})", part):
                found[r[0]] = Chunk(*r)
        return [found[i] for i in wanted if i in found]

    def term_frequency(
        self, term: str, sources: list[str] | None = None, prefix: bool = False
    ) -> int:
        """How many chunks (of `sources`, or all) contain the (stemmed) term or phrase, or with
        `prefix` a word beginning with it."""
        words = _WORD.findall(term.lower())
        if not words:
            return 0
        sql = "SELECT count(*) FROM chunks_fts f"
        args: list = ['"' + " ".join(words) + '"' + (" *" if prefix else "")]
        if sources is not None:
            sql += " JOIN chunks c ON c.chunk_id = f.chunk_id"
        sql += " WHERE chunks_fts MATCH ?"
        if sources is not None:
            sql += f" AND c.source IN ({','.join('?' * len(sources))})"
            args.extend(sources)
        return int(self.db.execute(sql, args).fetchone()[0])

    def keyword_search(
        self, query: str, k: int, sources: list[str] | None = None
    ) -> list[tuple[str, float]]:
        """BM25 over title, section and text (text weighted highest); best first, score > 0.

        Words are OR-ed; a "quoted phrase" in the query also counts as a term of its own, so a
        chunk holding the whole phrase ("failure to thrive") outranks one with its words apart.
        """
        phrases = [" ".join(_WORD.findall(p.lower())) for p in _PHRASE.findall(query)]
        terms = [t for t in _WORD.findall(query.lower()) if len(t) > 1]
        terms += [p for p in phrases if " " in p]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in dict.fromkeys(terms))
        sql = (
            "SELECT f.chunk_id, -bm25(chunks_fts, 0.0, 0.5, 1.0, 1.0) AS s FROM chunks_fts f"
            " JOIN chunks c ON c.chunk_id = f.chunk_id WHERE chunks_fts MATCH ?"
        )
        args: list = [match]
        if sources is not None:
            if not sources:
                return []
            sql += f" AND c.source IN ({','.join('?' * len(sources))})"
            args.extend(sources)
        sql += " ORDER BY s DESC LIMIT ?"
        args.append(k)
        return [(r[0], float(r[1])) for r in self.db.execute(sql, args)]

    # -- themes --------------------------------------------------------------------------------
    def replace_tags(self, doc_id: str, tags: ThemeTags, taxonomy: str) -> None:
        """Swap one document's theme tags atomically (re-tagging without re-ingesting)."""
        with self.db:
            self._write_tags(doc_id, tags, taxonomy)

    def _write_tags(self, doc_id: str, tags: ThemeTags, taxonomy: str) -> None:
        self.db.execute(
            "DELETE FROM chunk_themes WHERE chunk_id IN (SELECT chunk_id FROM chunks WHERE doc_id=?)",
            (doc_id,),
        )
        self.db.executemany(
            "INSERT INTO chunk_themes (chunk_id, theme, score) VALUES (?,?,?)",
            [(cid, theme, score) for cid, pairs in tags.items() for theme, score in pairs],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO theme_tagging (doc_id, taxonomy) VALUES (?,?)",
            (doc_id, taxonomy),
        )

    def untagged_sources(self, taxonomy: str) -> list[str]:
        """Documents whose tags are missing or come from another taxonomy (or thresholds)."""
        rows = self.db.execute(
            "SELECT d.source FROM documents d LEFT JOIN theme_tagging t USING (doc_id)"
            " WHERE t.taxonomy IS NULL OR t.taxonomy != ? ORDER BY d.source",
            (taxonomy,),
        )
        return [r[0] for r in rows]

    def chunks_of(self, source: str) -> list[Chunk]:
        """One document's chunks in reading order."""
        ids = self.db.execute(
            "SELECT chunk_id FROM chunks WHERE source=? ORDER BY ordinal", (source,)
        )
        return self.chunks([r[0] for r in ids])

    def next_chunk(self, chunk: Chunk) -> Chunk | None:
        """The chunk after this one in its document, or None at its end."""
        row = self.db.execute(
            "SELECT chunk_id FROM chunks WHERE source=? AND ordinal=?",
            (chunk.source, chunk.ordinal + 1),
        ).fetchone()
        return self.chunks([row[0]])[0] if row else None

    def chunks_for_theme(self, theme_id: str) -> list[tuple[Chunk, float]]:
        """Every chunk tagged with a theme and its score, best first."""
        rows = self.db.execute(
            "SELECT chunk_id, score FROM chunk_themes WHERE theme=? ORDER BY score DESC, chunk_id",
            (theme_id,),
        ).fetchall()
        chunks = {c.chunk_id: c for c in self.chunks(r[0] for r in rows)}
        return [(chunks[cid], score) for cid, score in rows if cid in chunks]

    def theme_chunk_ids(self, theme_ids: Iterable[str]) -> set[str]:
        """Ids of the chunks tagged with any of the themes."""
        wanted = list(theme_ids)
        marks = ",".join("?" * len(wanted))
        sql = f"SELECT chunk_id FROM chunk_themes WHERE theme IN ({marks})"
        return {r[0] for r in self.db.execute(sql, wanted)} if wanted else set()

    def theme_tags(self) -> list[tuple[str, str, str, float]]:
        """(source, theme, chunk_id, score) for every tag."""
        rows = self.db.execute(
            "SELECT c.source, t.theme, t.chunk_id, t.score FROM chunk_themes t"
            " JOIN chunks c USING (chunk_id) ORDER BY c.source, t.theme, t.score DESC"
        )
        return [(r[0], r[1], r[2], float(r[3])) for r in rows]
