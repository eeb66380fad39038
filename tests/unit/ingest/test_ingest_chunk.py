"""Chunking with the real word-piece counter: offsets, model limits, structure, stable ids."""

from __future__ import annotations

import random
import re

import pytest
from ingest_testkit import CHILD_H, DERBYSHIRE, LIAM, REVIEW_SOURCES

from caselearn.settings import ChunkSettings
from caselearn.types import Document
from ingest.blocks import Block, assemble
from ingest.chunk import embed_text

MODEL_LIMIT = 256  # all-MiniLM-L6-v2 truncates beyond this many word pieces
DERBYSHIRE_LESSONS = "Lessons learned and key messages for current practice"


def synthetic(*blocks: Block, title: str = "A review") -> tuple[Document, list[Block]]:
    text, spans = assemble(list(blocks))
    return Document("f" * 16, "reviews/x.txt", title, "review", text, "f" * 64, spans), list(blocks)


# fmt: off
VOCAB = [
    "the", "child", "was", "seen", "by", "a", "health", "visitor", "who", "noted", "concerns",
    "about", "neglect", "and", "the", "father's", "role", "in", "the", "household", "while",
    "multi-agency", "practitioners", "shared", "information",
]
# fmt: on


def sentence_words(n: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCAB) for _ in range(n))


@pytest.mark.parametrize("source", REVIEW_SOURCES)
def test_chunk_text_is_exactly_the_document_slice(review_doc, chunker, source: str) -> None:
    doc, blocks = review_doc(source)
    chunks = chunker.chunk(doc, blocks)
    assert chunks
    for chunk in chunks:
        assert chunk.text == doc.text[chunk.start : chunk.end]
        assert chunk.text == chunk.text.strip()
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)
    # Nothing of substance falls between chunks.
    covered = "".join(doc.text[c.start : c.end] for c in chunks)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", doc.text)


@pytest.mark.parametrize("source", REVIEW_SOURCES)
def test_every_chunk_fits_the_model(review_doc, chunker, counter, source: str) -> None:
    doc, blocks = review_doc(source)
    chunks = chunker.chunk(doc, blocks)
    recount = counter([embed_text(c) for c in chunks])
    assert [c.n_tokens for c in chunks] == recount
    assert max(recount) <= MODEL_LIMIT


def test_derbyshire_nine_lessons_each_start_a_chunk(review_doc, chunker) -> None:
    doc, blocks = review_doc(DERBYSHIRE)
    chunks = chunker.chunk(doc, blocks)
    lesson_chunks = [c for c in chunks if c.section == DERBYSHIRE_LESSONS]
    assert len(lesson_chunks) == 9
    for n, chunk in enumerate(lesson_chunks, start=1):
        body = chunk.text.removeprefix(DERBYSHIRE_LESSONS + "\n\n")
        assert body.startswith(f"{n}. "), body[:40]
        assert not re.search(r"\n\d\. ", body), "two lessons in one chunk"
    assert "safer sleep" in lesson_chunks[4].text


def test_child_h_recommendations_each_start_a_chunk(review_doc, chunker) -> None:
    doc, blocks = review_doc(CHILD_H)
    chunks = chunker.chunk(doc, blocks)
    for n in range(1, 10):
        heading = f"Recommendation {n}"
        [chunk] = [c for c in chunks if c.text.startswith(heading + "\n")]
        assert chunk.section == heading
        assert f"Recommendation {n + 1}" not in chunk.text


def test_sections_follow_headings(review_doc, chunker) -> None:
    doc, blocks = review_doc(LIAM)
    chunks = chunker.chunk(doc, blocks)
    by_section = {c.section: c.text for c in chunks}
    assert "7. Provision of safer sleeping advice" in by_section
    assert by_section["7. Provision of safer sleeping advice"].startswith(
        "7. Provision of safer sleeping advice\n\nSafer sleeping advice is routinely provided"
    )
    doc, blocks = review_doc(CHILD_H)
    sections = [c.section for c in chunker.chunk(doc, blocks)]
    assert sections.index("PART 2: SUMMARY OF EVENTS") < sections.index("PART 5: RECOMMENDATIONS")


def test_a_3000_word_sentence_is_split_under_the_limit(chunker, counter) -> None:
    text = sentence_words(3000)
    doc, blocks = synthetic(Block("heading", "Findings"), Block("para", text))
    chunks = chunker.chunk(doc, blocks)
    assert len(chunks) > 10
    assert max(counter([embed_text(c) for c in chunks])) <= 254
    for chunk in chunks:
        assert chunk.text == doc.text[chunk.start : chunk.end]
        assert chunk.section == "Findings"
    words = " ".join(c.text for c in chunks).split()
    assert words == doc.text.split()  # every word kept once, in order, none cut in two


def test_a_run_without_spaces_is_still_cut_to_fit(chunker, counter) -> None:
    # A long URL or hyphen chain has no space to split at; the model must still see all of it.
    chain = "-".join(sentence_words(700).split())
    doc, blocks = synthetic(Block("para", f"See the policy at {chain} for details."))
    chunks = chunker.chunk(doc, blocks)
    assert max(counter([embed_text(c) for c in chunks])) <= 254
    assert "".join(c.text for c in chunks).replace(" ", "") == doc.text.replace(" ", "")


def test_a_paragraph_number_stays_with_the_sentence_it_numbers(chunker, counter) -> None:
    # The sentence alone just fits; with its number it does not, and the number must not be
    # left as a chunk of its own.
    words = 170
    while counter([f"A review — {sentence_words(words + 1)}."])[0] <= 200:
        words += 1
    long = sentence_words(words).capitalize() + "."
    more = sentence_words(40, seed=5) + "."
    doc, blocks = synthetic(Block("para", f"135. {long} {more.capitalize()}", numbered=True))
    chunks = chunker.chunk(doc, blocks)
    assert all(re.search(r"[a-z]{2}", c.text) for c in chunks)
    assert chunks[0].text.startswith("135. ")


def test_numbered_points_split_even_when_they_would_fit_together(chunker) -> None:
    one = "1. Think family: " + sentence_words(30, seed=1) + "."
    two = "2. Ask who lives in the household: " + sentence_words(30, seed=2) + "."
    doc, blocks = synthetic(
        Block("heading", "Learning"),
        Block("item", one, numbered=True),
        Block("item", two, numbered=True),
        Block("item", "- a plain bullet stays with its point"),
    )
    texts = [c.text for c in chunker.chunk(doc, blocks)]
    assert texts == [f"Learning\n\n{one}", f"{two}\n- a plain bullet stays with its point"]


def test_a_tiny_trailing_group_joins_its_neighbour(chunker) -> None:
    doc, blocks = synthetic(
        Block("heading", "Learning"),
        Block("item", "1. " + sentence_words(30) + ".", numbered=True),
        Block("item", "2. Escalate.", numbered=True),
    )
    [chunk] = chunker.chunk(doc, blocks)
    assert chunk.text.endswith("\n2. Escalate.")


def test_small_paragraphs_share_a_chunk_and_big_ones_do_not(chunker, counter) -> None:
    paras = [Block("para", sentence_words(60, seed=i) + ".") for i in range(8)]
    doc, blocks = synthetic(Block("heading", "Background"), *paras)
    chunks = chunker.chunk(doc, blocks)
    sizes = counter([embed_text(c) for c in chunks])
    assert 1 < len(chunks) < len(paras)
    assert max(sizes) <= ChunkSettings().max_tokens
    for chunk in chunks:  # paragraphs are not cut when they fit
        assert chunk.text.endswith(".")


def test_a_list_is_not_cut_from_its_lead_in(chunker) -> None:
    lead = "There were four occasions when multi-agency meetings should have taken place:"
    items = ["- Antenatally", "- Postnatally on discharge", "- The move to their own tenancy"]
    doc, blocks = synthetic(
        Block("heading", "Analysis"),
        Block("para", sentence_words(120, seed=1) + "."),
        Block("para", sentence_words(20, seed=2) + ". " + lead),
        *(Block("item", item) for item in items),
    )
    chunks = chunker.chunk(doc, blocks)
    with_lead = [c for c in chunks if lead in c.text]
    assert len(with_lead) == 1, [c.text[-120:] for c in chunks]
    assert all(item in with_lead[0].text for item in items)
    assert not chunks[0].text.endswith(items[0])  # the old cut: the first item left with its lead


def test_chunk_ids_are_stable_unique_and_ordered(review_doc, chunker) -> None:
    doc, blocks = review_doc(CHILD_H)
    first = chunker.chunk(doc, blocks)
    again = chunker.chunk(doc, blocks)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)
    assert [c.ordinal for c in first] == list(range(len(first)))
    assert all(c.chunk_id.startswith(doc.doc_id) for c in first)
    assert all((c.doc_id, c.source, c.title, c.kind) == (doc.doc_id, doc.source, doc.title, "review")
               for c in first)  # fmt: skip


def test_pdf_chunks_carry_their_page(chunker) -> None:
    blocks = [
        Block("heading", "Part one", page=1),
        Block("para", sentence_words(150, seed=1) + ".", page=1),
        Block("heading", "Part two", page=2),
        Block("para", sentence_words(150, seed=2) + ".", page=3),
    ]
    text, spans = assemble(blocks)
    doc = Document("e" * 16, "guidance/g.pdf", "G", "guidance", text, "e" * 64, spans)
    chunks = chunker.chunk(doc, blocks)
    assert [(c.section, c.page) for c in chunks] == [("Part one", 1), ("Part two", 2)]
    assert all(c.kind == "guidance" for c in chunks)


def test_a_contents_title_labels_only_its_own_page(chunker) -> None:
    blocks = [
        Block("heading", "Contents", page=2),
        Block("para", "Foreword ........ 4", page=2),
        Block("para", sentence_words(150, seed=1) + ".", page=4),
        Block("heading", "1 Introduction", page=5),
        Block("para", sentence_words(150, seed=2) + ".", page=5),
    ]
    text, spans = assemble(blocks)
    doc = Document("e" * 16, "guidance/g.pdf", "G", "guidance", text, "e" * 64, spans)
    sections = [c.section for c in chunker.chunk(doc, blocks)]
    assert sections == ["Contents", None, "1 Introduction"]
