"""Theme tagger benchmark (issue 5): precision and recall on the labelled sample; prints numbers.

The sample (ingest/themes_labels.jsonl) is 145 real corpus chunks, each with the themes a reader
gave it: every chunk of the five reviews and 56 chunks drawn at random (seed 5) from the
guidance documents, split at random into `dev` (83) and `test` (62, held out). Each labelled
text is embedded exactly as ingest embeds a chunk (`embed_text`: title, section, text) with the
real model, then scored by `ingest.themes.ThemeTagger`.

* default: micro precision / recall / F1 over (chunk, theme) pairs on dev and test with the
  configured `TaggerConfig`, per-theme counts on test, and two baselines (vocabulary only,
  similarity only) for context;
* `--calibrate`: grid search of the `TaggerConfig` fields on dev only (best F1, ties broken by
  precision), printing the best settings; copy them into `TaggerConfig` by hand.

Usage: python benchmarks/themes_bench.py [--calibrate] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caselearn.types import Chunk  # noqa: E402
from ingest.chunk import embed_text  # noqa: E402
from ingest.embed import SentenceTransformerEmbedder  # noqa: E402
from ingest.themes import TaggerConfig, ThemeTagger, load_taxonomy  # noqa: E402

LABELS = ROOT / "ingest" / "themes_labels.jsonl"


@dataclass
class Row:
    """One (labelled chunk, theme) pair with the tagger's raw evidence."""

    item: str
    split: str
    theme: str
    gold: bool
    similarity: float
    strong: int
    related: int


@dataclass
class PR:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int


def measure(pairs: list[tuple[bool, bool]]) -> PR:
    """Micro precision/recall/F1 over (predicted, gold) pairs."""
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return PR(round(prec, 3), round(rec, 3), round(f1, 3), tp, fp, fn)


def predict(row: Row, c: TaggerConfig) -> bool:
    """TaggerConfig's rule, exactly as ThemeTagger applies it."""
    score = c.score(row.similarity, row.strong, row.related)
    return c.accepts(score, row.similarity, row.strong + row.related > 0)


def evidence_rows() -> tuple[list[Row], float]:
    """Score every labelled chunk against every theme with the real model."""
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]
    themes = load_taxonomy()
    t0 = time.perf_counter()
    embedder = SentenceTransformerEmbedder()
    tagger = ThemeTagger(themes, embedder)
    chunks = [
        Chunk(
            x["id"], "", x["source"], x["title"], "review", x["section"], None, 0, 0, x["text"], 0
        )
        for x in labels
    ]
    vectors = embedder.embed([embed_text(c) for c in chunks])
    rows = []
    for label, chunk, sims in zip(labels, chunks, tagger.similarities(vectors), strict=True):
        for s in tagger.scores(chunk.text, sims):
            rows.append(
                Row(label["id"], label["split"], s.theme, s.theme in label["themes"],
                    s.similarity, len(s.strong), len(s.related))
            )  # fmt: skip
    return rows, time.perf_counter() - t0


def evaluate(rows: list[Row], config: TaggerConfig, split: str) -> PR:
    return measure([(predict(r, config), r.gold) for r in rows if r.split == split])


def calibrate(rows: list[Row]) -> list[tuple[PR, TaggerConfig]]:
    """Grid search on dev: best F1 first, then precision."""
    grid = itertools.product(
        [round(0.30 + 0.02 * i, 2) for i in range(16)],  # threshold
        [0.05, 0.1, 0.15, 0.2, 0.25],  # term_bonus
        [0.0, 0.25, 0.5, 0.75],  # related_weight
        [1.0, 2.0, 3.0],  # max_evidence
        [0.45, 0.5, 0.55, 0.6, 9.9],  # min_similarity_alone (9.9: never by similarity alone)
    )
    results = []
    for th, bonus, rel, cap, alone in grid:
        config = TaggerConfig(th, bonus, rel, cap, alone)
        results.append((evaluate(rows, config, "dev"), config))
    results.sort(key=lambda r: (-r[0].f1, -r[0].precision))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calibrate", action="store_true", help="grid search on dev")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    rows, seconds = evidence_rows()
    config = TaggerConfig()
    if args.calibrate:
        best = calibrate(rows)
        for pr, c in best[:10]:
            print(f"dev F1 {pr.f1:.3f} P {pr.precision:.3f} R {pr.recall:.3f}  {asdict(c)}")
        return
    items = {r.item: r.split for r in rows}
    out = {
        "config": asdict(config),
        "items": {s: sum(1 for v in items.values() if v == s) for s in ("dev", "test")},
        "positives": {s: sum(r.gold for r in rows if r.split == s) for s in ("dev", "test")},
        "tagger": {s: asdict(evaluate(rows, config, s)) for s in ("dev", "test")},
        "vocabulary_only": {
            s: asdict(measure([(r.strong + r.related > 0, r.gold) for r in rows if r.split == s]))
            for s in ("dev", "test")
        },
        "similarity_only_0.40": {
            s: asdict(measure([(r.similarity >= 0.40, r.gold) for r in rows if r.split == s]))
            for s in ("dev", "test")
        },
        "per_theme_test": {},
        "seconds": round(seconds, 1),
    }
    for theme in dict.fromkeys(r.theme for r in rows):
        pairs = [
            (predict(r, config), r.gold) for r in rows if r.split == "test" and r.theme == theme
        ]
        out["per_theme_test"][theme] = asdict(measure(pairs))
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"labelled chunks: dev {out['items']['dev']}, test {out['items']['test']} (held out); "
          f"positive (chunk, theme) pairs: dev {out['positives']['dev']}, "
          f"test {out['positives']['test']}")  # fmt: skip
    print(f"config: {out['config']}")
    for name in ("tagger", "vocabulary_only", "similarity_only_0.40"):
        for split in ("dev", "test"):
            m = out[name][split]
            print(f"{name:22s} {split:4s}  P {m['precision']:.3f}  R {m['recall']:.3f}  "
                  f"F1 {m['f1']:.3f}  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")  # fmt: skip
    print("per theme on test (tp/fp/fn):")
    for theme, m in out["per_theme_test"].items():
        print(f"  {theme:24s} {m['tp']}/{m['fp']}/{m['fn']}")
    print(f"({out['seconds']} s including model load)")


if __name__ == "__main__":
    main()
