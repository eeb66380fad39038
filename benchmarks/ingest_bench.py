"""Ingest benchmark (issue 2, point 11): prints numbers, asserts nothing.

On a fresh temporary data folder with the real model:

* full-corpus ingest wall time and chunks/s, next to the raw model-encode rate on the same chunk
  texts (`SentenceTransformer.encode` of `embed_text(c)`, same batch size) and their ratio
  (target >= 0.9);
* where the ingest time goes: model load, load+clean+chunk, embedding, store writes;
* unchanged re-ingest time, in-process and as a `caselearn ingest` subprocess;
* chunk sizes in word pieces as the model sees them (min, p50, p90, p99, max; max must be <= 256);
* HNSW check: Chroma's top-10 against exact brute-force cosine top-10 for 50 queries (recall@10).

Usage: python benchmarks/ingest_bench.py [--corpus corpus/] [--json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caselearn.settings import Settings  # noqa: E402
from ingest import pipeline  # noqa: E402
from ingest import sync as sync_module  # noqa: E402
from ingest.chunk import embed_text, model_token_counter  # noqa: E402
from ingest.embed import Embedder, make_embedder  # noqa: E402
from ingest.library import open_library  # noqa: E402
from ingest.pipeline import Preparer  # noqa: E402

N_QUERIES = 50
TOP_K = 10


class Clock:
    """Accumulates seconds per phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def timed(self, phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - t0

        return wrapper


class _Proxy:
    """Forwards everything to `inner`, with some methods replaced by timed ones."""

    def __init__(self, inner: Any, clock: Clock, phase: str, methods: Sequence[str]) -> None:
        self._inner = inner
        for name in methods:
            if hasattr(inner, name):
                setattr(self, name, clock.timed(phase, getattr(inner, name)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def queries_for(chunks: list[Any], golden: Path) -> list[str]:
    """Up to 50 queries: golden-set questions when present, then opening words of sample chunks."""
    out: list[str] = []
    if golden.exists():
        for line in golden.read_text(encoding="utf-8").splitlines():
            try:
                question = json.loads(line).get("question")
            except (json.JSONDecodeError, AttributeError):
                continue
            if isinstance(question, str) and question.strip():
                out.append(question)
    rng = random.Random(7)
    for chunk in rng.sample(chunks, min(len(chunks), N_QUERIES)):
        if len(out) >= N_QUERIES:
            break
        out.append(" ".join(chunk.text.split()[:16]))
    return out[:N_QUERIES]


def hnsw_recall(lib: Any, embedder: Embedder, queries: list[str]) -> dict[str, Any]:
    """Chroma top-k against exact cosine top-k over every stored embedding."""
    import numpy as np

    got = lib.store.collection.get(include=["embeddings"])
    ids = list(got["ids"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    qvecs = np.asarray(embedder.embed(queries), dtype=np.float32)
    recalls, misses = [], []
    t_hnsw = 0.0
    for query, vec in zip(queries, qvecs, strict=True):
        exact = {ids[i] for i in np.argsort(-(matrix @ vec))[:TOP_K]}
        t0 = time.perf_counter()
        approx = {cid for cid, _ in lib.store.query(vec.tolist(), TOP_K)}
        t_hnsw += time.perf_counter() - t0
        recalls.append(len(exact & approx) / TOP_K)
        if approx != exact:
            misses.append(query)
    return {
        "queries": len(queries),
        "recall_at_10_mean": round(statistics.mean(recalls), 4),
        "recall_at_10_min": round(min(recalls), 4),
        "queries_not_exact": len(misses),
        "hnsw_query_ms_mean": round(1000 * t_hnsw / len(queries), 2),
        "settings": lib.settings.store.model_dump(
            include={"hnsw_ef_construction", "hnsw_ef_search", "hnsw_max_neighbors"}
        ),
    }


def _themes() -> list | None:
    """The theme taxonomy `caselearn ingest` tags with, when this checkout has one."""
    try:
        from ingest.themes import load_taxonomy
    except ImportError:
        return None
    return load_taxonomy()


def run(corpus: Path, data_dir: Path, backend: str) -> dict[str, Any]:
    settings = Settings(data_dir=data_dir, corpus_dir=corpus, embedding={"backend": backend})
    themes = _themes()
    clock = Clock()
    holder: dict[str, Embedder] = {}

    def factory() -> Embedder:
        t0 = time.perf_counter()
        embedder = make_embedder(settings.embedding)
        clock.seconds["model_load"] = time.perf_counter() - t0
        holder["model"] = embedder
        return _Proxy(embedder, clock, "embed", ["embed", "token_embeddings"])

    # 1. Full ingest into a fresh folder, as `caselearn ingest` runs it (theme tagging included).
    # "prepare_wait" is the time sync spends getting load+clean+chunk results: all of the work
    # when it runs in-process, only what the model load did not hide when worker processes do it.
    original_results = Preparer.results

    def timed_results(self: Preparer) -> Iterator[Any]:
        it = original_results(self)
        while True:
            t0 = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                clock.seconds["prepare_wait"] = (
                    clock.seconds.get("prepare_wait", 0.0) + time.perf_counter() - t0
                )
            yield item

    Preparer.results = timed_results  # type: ignore[method-assign]
    tagger_cls = getattr(sync_module, "ThemeTagger", None)
    original_tag = getattr(tagger_cls, "tag", None)
    if tagger_cls is not None and original_tag is not None:
        tagger_cls.tag = clock.timed("theme_tagging", original_tag)
    try:
        t0 = time.perf_counter()
        lib = open_library(settings)
        clock.seconds["open_library"] = time.perf_counter() - t0
        store = _Proxy(lib.store, clock, "store_writes", ["upsert", "delete_source", "delete_ids"])
        catalog = _Proxy(lib.catalog, clock, "catalog_writes", ["replace_document"])
        kwargs: dict[str, Any] = {"themes": themes} if themes is not None else {}
        report = sync_module.sync(
            settings,
            [corpus],
            catalog,
            store,
            factory,
            progress=False,
            **kwargs,  # type: ignore[arg-type]
        )
        wall = time.perf_counter() - t0
    finally:
        Preparer.results = original_results  # type: ignore[method-assign]
        if tagger_cls is not None and original_tag is not None:
            tagger_cls.tag = original_tag
    if not report.ok:
        print(f"warning: failed documents: {report.failed}", file=sys.stderr)
    n_chunks = report.chunks_written
    chunks = lib.catalog.chunks()
    texts = [embed_text(c) for c in chunks]

    # 2. Raw model rate on exactly the chunk texts that were embedded, same batch size, warm model.
    raw_seconds = None
    model = getattr(holder["model"], "model", None)
    if model is not None:
        model.encode(texts[:32], batch_size=settings.embedding.batch_size)  # warm-up
        t0 = time.perf_counter()
        model.encode(
            texts,
            batch_size=settings.embedding.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        raw_seconds = time.perf_counter() - t0

    # 3. Chunk sizes: a fresh tokenizer over what the model sees, against the stored counts.
    sizes = model_token_counter()(texts)
    stored_sizes = [c.n_tokens for c in chunks]

    # 4. HNSW against exact search, on the store as built.
    recall = hnsw_recall(
        lib, holder["model"], queries_for(chunks, ROOT / "evals/golden/golden.jsonl")
    )

    # 5. Unchanged re-ingest: in-process (a new Library, as a fresh command opens one), then as a
    # `caselearn ingest` subprocess (last: another process on the same Chroma folder).
    calls = {"n": 0}

    def counting_factory() -> Embedder:
        calls["n"] += 1
        return holder["model"]

    t0 = time.perf_counter()
    lib2 = open_library(settings)
    again = sync_module.sync(
        settings, [corpus], lib2.catalog, lib2.store, counting_factory, progress=False, **kwargs
    )
    rerun_in_process = time.perf_counter() - t0
    env = {
        **os.environ,
        "CASELEARN_DATA_DIR": str(data_dir),
        "CASELEARN_CORPUS_DIR": str(corpus),
        "CASELEARN_EMBEDDING__BACKEND": backend,
    }
    exe = Path(sys.executable).parent / "caselearn"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "caselearn.cli"]
    t0 = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "ingest", str(corpus), "--quiet", "--json"],
        env=env,
        capture_output=True,
        text=True,
        cwd=str(ROOT),
    )
    rerun_subprocess = time.perf_counter() - t0
    sub_report = json.loads(proc.stdout) if proc.returncode == 0 else {"error": proc.stderr[-500:]}

    phases = {k: round(v, 3) for k, v in sorted(clock.seconds.items())}
    accounted = sum(
        clock.seconds.get(k, 0.0)
        for k in (
            "open_library",
            "model_load",
            "embed",
            "prepare_wait",
            "theme_tagging",
            "store_writes",
            "catalog_writes",
        )
    )
    raw_rate = len(texts) / raw_seconds if raw_seconds else None
    load = clock.seconds.get("model_load", 0.0)
    return {
        "corpus": str(corpus),
        "embedder": backend,
        "parallel_prepare": pipeline.PARALLEL_MIN_PDF_BYTES < 1 << 62,
        "documents": len(report.added),
        "failed": report.failed,
        "chunks": n_chunks,
        "cpu_count": os.cpu_count(),
        "torch_threads": _torch_threads(),
        "load_average": list(os.getloadavg()),
        "ingest": {
            "wall_seconds": round(wall, 3),
            "chunks_per_second": round(n_chunks / wall, 2),
            "phases_seconds": phases,
            "other_seconds": round(wall - accounted, 3),
        },
        "raw_encode": {
            "seconds": round(raw_seconds, 3) if raw_seconds else None,
            "chunks_per_second": round(raw_rate, 2) if raw_rate else None,
            "batch_size": settings.embedding.batch_size,
        },
        "ratio_ingest_to_raw": round(n_chunks / wall / raw_rate, 3) if raw_rate else None,
        "ratio_excluding_model_load": (
            round(n_chunks / (wall - load) / raw_rate, 3) if raw_rate else None
        ),
        "unchanged_reingest": {
            "in_process_seconds": round(rerun_in_process, 3),
            "in_process_unchanged": len(again.unchanged),
            "in_process_embedder_loads": calls["n"],
            "subprocess_seconds": round(rerun_subprocess, 3),
            "subprocess_exit": proc.returncode,
            "subprocess_unchanged": len(sub_report.get("unchanged", [])),
            "subprocess_chunks_written": sub_report.get("chunks_written"),
        },
        "chunk_word_pieces": {
            "min": min(sizes),
            "p50": percentile(sizes, 50),
            "p90": percentile(sizes, 90),
            "p99": percentile(sizes, 99),
            "max": max(sizes),
            "over_256": sum(s > 256 for s in sizes),
            "stored_counts_match": sizes == stored_sizes,
        },
        "hnsw": recall,
    }


def _torch_threads() -> int | None:
    try:
        import torch

        return torch.get_num_threads()
    except ImportError:  # pragma: no cover
        return None


def show(r: dict[str, Any]) -> None:
    ing, raw, re_, cw, h = (
        r["ingest"],
        r["raw_encode"],
        r["unchanged_reingest"],
        r["chunk_word_pieces"],
        r["hnsw"],
    )
    print(f"corpus {r['corpus']}: {r['documents']} documents, {r['chunks']} chunks")
    print(f"machine: {r['cpu_count']} CPUs, torch threads {r['torch_threads']}, load average "
          f"{' '.join(f'{x:.1f}' for x in r['load_average'])} (at the end)")  # fmt: skip
    print(
        f"full ingest          {ing['wall_seconds']:8.1f} s   {ing['chunks_per_second']:7.2f} chunks/s"
    )
    if raw["seconds"] is not None:
        print(f"raw model encode     {raw['seconds']:8.1f} s   {raw['chunks_per_second']:7.2f} "
              f"chunks/s   (batch {raw['batch_size']})")  # fmt: skip
        print(f"ratio ingest/raw     {r['ratio_ingest_to_raw']:8.3f}     (target >= 0.9; "
              f"{r['ratio_excluding_model_load']:.3f} without the one-off model load)")  # fmt: skip
    else:
        print(f"raw model encode     n/a (embedder {r['embedder']})")
    print("ingest time by phase (s):")
    for phase, secs in ing["phases_seconds"].items():
        print(f"    {phase:16s} {secs:8.2f}")
    print(f"    {'other':16s} {ing['other_seconds']:8.2f}   (scan, hashing, reconcile)")
    print(f"unchanged re-ingest  {re_['in_process_seconds']:8.2f} s in-process "
          f"({re_['in_process_unchanged']} unchanged, model loads {re_['in_process_embedder_loads']}); "
          f"{re_['subprocess_seconds']:.2f} s as `caselearn ingest` "
          f"(exit {re_['subprocess_exit']}, {re_['subprocess_unchanged']} unchanged, "
          f"{re_['subprocess_chunks_written']} written)")  # fmt: skip
    print(f"chunk word pieces    min {cw['min']}  p50 {cw['p50']}  p90 {cw['p90']}  p99 {cw['p99']}  "
          f"max {cw['max']}  (>256: {cw['over_256']}; stored counts match: "
          f"{cw['stored_counts_match']})")  # fmt: skip
    print(f"HNSW recall@10       mean {h['recall_at_10_mean']:.4f}  min {h['recall_at_10_min']:.4f}  "
          f"over {h['queries']} queries ({h['queries_not_exact']} not identical to exact); "
          f"{h['hnsw_query_ms_mean']:.1f} ms/query; {h['settings']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--keep", type=Path, help="build the library here (must not exist)")
    parser.add_argument(
        "--sequential",
        action="store_true",
        help="prepare files in-process, before loading the model (the pre-overlap behaviour)",
    )
    parser.add_argument(
        "--embedder",
        choices=["sentence-transformers", "hashing"],
        default="sentence-transformers",
        help="hashing: a quick smoke run of the script itself (no model numbers)",
    )
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if args.sequential:
        pipeline.PARALLEL_MIN_PDF_BYTES = 1 << 62
    if args.keep:
        if args.keep.exists():
            parser.error(f"{args.keep} exists: the benchmark needs a fresh data folder")
        result = run(corpus, args.keep.resolve(), args.embedder)
    else:
        with tempfile.TemporaryDirectory(prefix="caselearn-bench-") as tmp:
            result = run(corpus, Path(tmp) / "data", args.embedder)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)


if __name__ == "__main__":
    main()
