"""The reviews as PDFs: how much answer quality the PDF path loses on the same documents.

The five reviews arrive as text; a new review usually arrives as a PDF. This renders each review's
cleaned blocks (headings, paragraphs, bulleted lists) to HTML, prints it to PDF with headless
Chromium (running header and footer included), builds a library of those PDFs plus the guidance,
and runs the golden split on it, review sources renamed .txt -> .pdf, beside the text library.

Usage: python benchmarks/pdf_reviews_bench.py [--split dev] [--drawn-bullets] [--json]
Needs `chromium` (the UI tests' browser) and an ingested text library for the comparison.
Prints numbers; asserts nothing. Takes about three minutes (two ingests' worth of model time).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

METRICS = ("coverage", "citation_precision", "hit@5", "recall@5", "false_refusal_rate")


def review_html(text: str, title: str, drawn_bullets: bool) -> str:
    """The cleaned review as a plain HTML page: headings, paragraphs and lists."""
    from ingest.clean_text import text_blocks

    out: list[str] = []
    in_list = False
    for block in text_blocks(text):
        body = html.escape(block.text)
        if block.kind == "item":
            if not in_list:
                out.append("<ul>")
                in_list = True
            item = body[2:] if body.startswith("- ") else body
            # Chromium draws list bullets as shapes, which pypdf cannot see; most word
            # processors write a bullet character.
            out.append(f"<li>{item}</li>" if drawn_bullets else f"<li>&bull; {item}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<h2>{body}</h2>" if block.kind == "heading" else f"<p>{body}</p>")
    if in_list:
        out.append("</ul>")
    bullets = "" if drawn_bullets else "ul{list-style:none}"
    style = f"body{{font-family:serif;font-size:11pt;line-height:1.4}}h2{{font-size:13pt}}{bullets}"
    return f"<html><head><title>{html.escape(title)}</title><style>{style}</style></head><body>{''.join(out)}</body></html>"


def build_corpus(work: Path, drawn_bullets: bool) -> Path:
    """corpus/ with every review printed to PDF and the guidance PDFs as they are."""
    corpus = work / "corpus"
    (corpus / "reviews").mkdir(parents=True)
    shutil.copytree(ROOT / "corpus" / "guidance", corpus / "guidance")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium not found: install it (make browser) to run this benchmark")
    for src in sorted((ROOT / "corpus" / "reviews").glob("*.txt")):
        page = work / f"{src.stem}.html"
        page.write_text(review_html(src.read_text(encoding="utf-8"), src.stem, drawn_bullets))
        pdf = corpus / "reviews" / f"{src.stem}.pdf"
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--print-to-pdf={pdf}",
                str(page),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
    return corpus


def run_eval(env: dict[str, str], golden: Path, split: str, report: Path) -> dict:
    exe = Path(sys.executable).with_name("caselearn")
    proc = subprocess.run(
        [
            str(exe),
            "eval",
            "--golden",
            str(golden),
            "--split",
            split,
            "--json",
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if not proc.stdout.strip():
        sys.exit(f"caselearn eval failed: {proc.stderr[-2000:]}")
    aggregates = json.loads(proc.stdout)["run"]["aggregates"]
    return aggregates.get(split, aggregates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "holdout", "all"])
    parser.add_argument("--drawn-bullets", action="store_true", help="let Chromium draw bullets")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("caselearn")
    golden = ROOT / "evals" / "golden" / "golden.jsonl"
    with tempfile.TemporaryDirectory(prefix="caselearn-pdf-") as tmp:
        work = Path(tmp)
        corpus = build_corpus(work, args.drawn_bullets)
        renamed = work / "golden.jsonl"
        text = golden.read_text(encoding="utf-8")
        renamed.write_text(re.sub(r"(reviews/[\w.-]+?)\.txt\b", r"\1.pdf", text), encoding="utf-8")
        env = dict(
            os.environ, CASELEARN_CORPUS_DIR=str(corpus), CASELEARN_DATA_DIR=str(work / "data")
        )
        subprocess.run([str(exe), "ingest", str(corpus), "--quiet"], cwd=ROOT, env=env, check=True)
        as_pdf = run_eval(env, renamed, args.split, work / "report-pdf")
        as_text = run_eval(dict(os.environ), golden, args.split, work / "report-text")
    rows = {m: (as_text.get(m), as_pdf.get(m)) for m in METRICS}
    if args.json:
        print(json.dumps({"split": args.split, "text": as_text, "pdf": as_pdf}))
        return
    print(f"golden {args.split} split: reviews as text vs the same reviews printed to PDF")
    for metric, (t, p) in rows.items():
        print(f"  {metric:20} text {t:.3f}   pdf {p:.3f}   ({p - t:+.3f})")


if __name__ == "__main__":
    main()
