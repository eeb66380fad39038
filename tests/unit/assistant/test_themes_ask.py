"""`ask --theme`: retrieval restricted to tagged chunks; the taxonomy feeds query expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.factory import build_assistant
from assistant.query import expand, load_vocabulary, merge_theme_vocabulary
from assistant.retrieve import Filters
from caselearn.settings import Settings
from ingest.embed import HashingEmbedder
from ingest.library import open_library
from ingest.retag import retag
from ingest.themes import TaggerConfig, ThemeTagger, UnknownThemeError, load_taxonomy

VOCAB = TaggerConfig(threshold=0.9, term_bonus=1.0, max_evidence=1.0, min_similarity_alone=9.0)
QUESTION = "What should professionals have done differently?"


@pytest.fixture(scope="module")
def themed(review_settings: Settings):
    """The five-review library tagged from the taxonomy's vocabulary, and an assistant on it."""
    lib = open_library(review_settings, HashingEmbedder())
    report = retag(lib.catalog, lib.store, ThemeTagger(load_taxonomy(), HashingEmbedder(), VOCAB))
    assert report.documents == 5 and report.tags > 20
    return lib, build_assistant(review_settings, embedder=HashingEmbedder())


def test_a_theme_filter_keeps_only_tagged_passages(themed) -> None:
    lib, assistant = themed
    tagged = lib.catalog.theme_chunk_ids(["safe-sleep"])
    free = assistant.ask(QUESTION)
    assert {p.chunk.chunk_id for p in free.passages} - tagged  # unfiltered: other passages too
    answer = assistant.ask(QUESTION, Filters(themes=["safe-sleep"]))
    ids = [p.chunk.chunk_id for p in answer.passages]
    assert ids and set(ids) <= tagged
    assert {c.source for c in answer.citations} <= {p.chunk.source for p in answer.passages}
    by_label = assistant.ask(
        QUESTION, Filters(themes=["SAFE SLEEP and sudden unexpected infant death"])
    )
    assert [p.chunk.chunk_id for p in by_label.passages] == ids


def test_several_themes_are_a_union(themed) -> None:
    lib, assistant = themed
    allowed = lib.catalog.theme_chunk_ids(["safe-sleep", "men-fathers"])
    answer = assistant.ask(QUESTION, Filters(themes=["safe-sleep", "Men, fathers and male carers"]))
    sources = {p.chunk.source for p in answer.passages}
    assert {p.chunk.chunk_id for p in answer.passages} <= allowed and len(sources) >= 2


def test_an_unknown_theme_is_an_error_naming_the_valid_ones(themed) -> None:
    _, assistant = themed
    with pytest.raises(UnknownThemeError, match="valid themes: men-fathers, neglect"):
        assistant.ask(QUESTION, Filters(themes=["sleepy babies"]))


def test_a_theme_nothing_is_tagged_with_abstains(themed) -> None:
    lib, assistant = themed
    with lib.catalog.db:
        lib.catalog.db.execute("DELETE FROM chunk_themes WHERE theme='hospital-discharge'")
    try:
        answer = assistant.ask(QUESTION, Filters(themes=["hospital-discharge"]))
        assert answer.abstained and not answer.passages and not answer.citations
        assert "no passage in the library is tagged with that theme" in answer.notes
    finally:
        retag(lib.catalog, lib.store, ThemeTagger(load_taxonomy(), HashingEmbedder(), VOCAB))


def test_retrieval_widens_its_candidates_to_reach_deep_tagged_chunks(themed) -> None:
    lib, assistant = themed
    retriever = assistant.retriever
    vec = assistant.embedder.embed([QUESTION])[0]
    shallow = {c for c, _ in lib.store.query(vec, retriever.settings.dense_k, None)}
    shallow |= {c for c, _ in lib.catalog.keyword_search(QUESTION, retriever.settings.lexical_k)}
    deep = sorted(lib.catalog.chunk_ids() - shallow)[0]  # not a candidate without a filter
    passages = retriever.retrieve(QUESTION, QUESTION, None, query_vec=vec, allowed_ids={deep})
    assert [p.chunk.chunk_id for p in passages] == [deep]
    assert retriever.retrieve(QUESTION, QUESTION, None, query_vec=vec, allowed_ids=set()) == []


def test_the_taxonomy_alone_expands_dads_to_males_and_putative_father(tmp_path: Path) -> None:
    empty = tmp_path / "vocabulary.yaml"
    empty.write_text("{}\n", encoding="utf-8")
    assert load_vocabulary(empty, themes=False) == {}
    vocabulary = load_vocabulary(empty)
    extra = expand("What did the reviews say about dads?", vocabulary)
    assert "males" in extra and "putative father" in extra
    assert "alcohol misuse" in expand("is booze a problem", vocabulary)
    assert "co-sleeping" in expand("he nodded off with the baby", vocabulary)


def test_merging_keeps_the_existing_vocabulary_first_and_adds_no_repeats() -> None:
    base = load_vocabulary(themes=False)
    merged = merge_theme_vocabulary(base)
    for term, synonyms in base.items():
        assert merged[term][: len(synonyms)] == synonyms
        assert len(merged[term]) == len(set(merged[term]))
    assert merged["telly"] == base["telly"]  # not a theme term: untouched
    assert "male carer" in merged["dads"] and "male carer" not in base["dads"]
    assert "blokes" not in base and "males" in merged["blokes"]


def test_a_colloquial_question_counts_as_covered_and_is_expanded(themed) -> None:
    _, assistant = themed
    plan, _, _ = assistant.plan("What did the reviews learn about blokes in the house?", None)
    assert "males" in plan.expansions
    assert "blokes" not in plan.uncovered
