"""The theme taxonomy file, name resolution, vocabulary matching and the tagging rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caselearn.types import Chunk
from ingest.embed import HashingEmbedder
from ingest.themes import (
    THEMES_PATH,
    TaggerConfig,
    TaxonomyError,
    Theme,
    ThemeTagger,
    UnknownThemeError,
    load_taxonomy,
    matched_terms,
    resolve_theme,
    taxonomy_fingerprint,
    term_pattern,
    theme_pattern,
)

# The themes issue 5 asks for, by the ids the YAML gives them.
ISSUE_THEMES = [
    "men-fathers", "neglect", "safe-sleep", "substance-misuse", "mental-health", "domestic-abuse",
    "disguised-compliance", "professional-curiosity", "voice-of-the-child", "escalation",
    "information-sharing", "recording", "supervision", "pre-birth", "thresholds", "early-help",
    "hospital-discharge", "failure-to-thrive", "assessment-tools", "training",
]  # fmt: skip
LABELS = THEMES_PATH.with_name("themes_labels.jsonl")


def test_the_taxonomy_has_the_twenty_issue_themes_each_described_with_vocabulary() -> None:
    themes = load_taxonomy()
    assert [t.id for t in themes] == ISSUE_THEMES
    for t in themes:
        assert t.label and len(t.description.split()) >= 15, t.id
        assert len(t.synonyms) >= 5 and t.colloquial, t.id
        assert t.embed_text.startswith(t.label)
    by_id = {t.id: t for t in themes}
    assert "putative father" in by_id["men-fathers"].synonyms
    assert "dads" in by_id["men-fathers"].colloquial
    assert "co-sleeping" in by_id["safe-sleep"].synonyms


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "themes.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("themes: []", "non-empty 'themes:' list"),
        ("themes:\n  - {id: Safe Sleep, label: x, description: y}", "lower-case slug"),
        ("themes:\n  - {id: a, label: x}", "missing description"),
        (
            "themes:\n  - {id: a, label: x, description: y}\n  - {id: a, label: z, description: w}",
            "duplicate id 'a'",
        ),
        ("themes:\n  - {id: a, label: x, description: y, vocabulary: {synonyms: b}}", "YAML lists"),
    ],
)
def test_malformed_taxonomy_files_are_rejected_with_the_reason(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(_write(tmp_path, body))


def test_themes_resolve_by_id_or_label_in_any_case() -> None:
    themes = load_taxonomy()
    assert resolve_theme("safe-sleep", themes).id == "safe-sleep"
    assert resolve_theme("SAFE_SLEEP", themes).id == "safe-sleep"
    assert resolve_theme("  men, FATHERS and male carers ", themes).id == "men-fathers"
    with pytest.raises(UnknownThemeError) as err:
        resolve_theme("sleepy babies", themes)
    assert "unknown theme 'sleepy babies'" in str(err.value)
    assert "safe-sleep" in str(err.value) and "men-fathers" in str(err.value)


def test_terms_match_whole_words_with_plurals_and_hyphen_or_space() -> None:
    pattern = term_pattern(["co-sleeping", "male carer", "mat"], ["father"])
    strong, related = matched_terms(pattern, "Co sleeping; male carers; a step-father's role")
    assert strong == ["co sleeping", "male carers"] and related == ["father"]
    assert matched_terms(pattern, "the format of the report") == ([], [])
    assert matched_terms(None, "anything") == ([], [])


def test_a_synonym_containing_a_related_term_counts_once_as_strong() -> None:
    men = resolve_theme("men-fathers", load_taxonomy())
    strong, related = matched_terms(theme_pattern(men), "The baby's putative father and his dad.")
    assert strong == ["putative father", "dad"]
    assert related == []


@pytest.mark.parametrize(
    ("similarity", "strong", "related", "tagged"),
    [
        (0.60, [], [], True),  # similarity alone, above min_similarity_alone (0.50)
        (0.45, [], [], False),  # above the threshold but no term: not enough alone
        (0.20, ["overlay"], [], True),  # 0.20 + 0.25 >= 0.42
        (0.10, ["overlay"], [], False),  # a passing mention in an unrelated passage
        (0.43, [], ["sofa"], True),  # a related term lets the threshold suffice
        (0.30, [], ["sofa"], False),
    ],
)
def test_the_calibrated_rule(similarity: float, strong: list, related: list, tagged: bool) -> None:
    c = TaggerConfig()
    score = c.score(similarity, len(strong), len(related))
    assert score == pytest.approx(similarity + 0.25 * min(len(strong), 2))
    assert c.accepts(score, similarity, bool(strong or related)) is tagged


def test_the_tagger_embeds_only_theme_descriptions_and_tags_from_vocabulary() -> None:
    themes = load_taxonomy()
    embedder = HashingEmbedder(dim=256)
    calls: list[list[str]] = []
    original = embedder.embed
    embedder.embed = lambda texts, progress=None: calls.append(list(texts)) or original(texts)  # type: ignore[method-assign]
    tagger = ThemeTagger(themes, embedder, TaggerConfig(threshold=0.1, term_bonus=1.0))
    assert calls == [[t.embed_text for t in themes]]
    texts = {
        "a": "Safer sleeping advice was given; the baby was co-sleeping on a sofa with his father.",
        "b": "The report is based on survey responses from local authorities.",
    }
    chunks = [Chunk(k, "d", "s", "T", "review", None, None, 0, 0, v, 0) for k, v in texts.items()]
    tags = tagger.tag(chunks, embedder.embed(list(texts.values())))
    assert {t for t, _ in tags["a"]} >= {"safe-sleep", "men-fathers"}
    assert tags["b"] == []
    assert all(score > 1.0 for _, score in tags["a"])


def test_terms_in_quotes_and_possessives_match() -> None:
    voice = resolve_theme("voice-of-the-child", load_taxonomy())
    assert matched_terms(theme_pattern(voice), "No evidence of 'child's voice'")[0] == [
        "child's voice"
    ]
    men = resolve_theme("men-fathers", load_taxonomy())
    assert matched_terms(theme_pattern(men), "the father's role")[0] == ["father"]


def test_the_fingerprint_changes_with_vocabulary_and_thresholds() -> None:
    themes = load_taxonomy()
    base = taxonomy_fingerprint(themes)
    assert taxonomy_fingerprint(load_taxonomy()) == base
    extra = Theme("new-theme", "New", "A new theme.", ("novel term",))
    assert taxonomy_fingerprint([*themes, extra]) != base
    assert taxonomy_fingerprint(themes, TaggerConfig(threshold=0.5)) != base


def test_the_labelled_sample_is_well_formed_with_a_held_out_split() -> None:
    ids = {t.id for t in load_taxonomy()}
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert 100 <= len(rows) <= 150
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert sum(r["split"] == "test" for r in rows) >= 40
    for r in rows:
        assert set(r["themes"]) <= ids, r["id"]
        assert r["text"].strip() and r["source"].startswith(("reviews/", "guidance/"))
    # Every review chunk is labelled, so every review's themes are represented.
    assert {r["source"] for r in rows if r["source"].startswith("reviews/")} == {
        f"reviews/{n}" for n in (
            "000_050a913a287adf6b.txt", "001_d1c390feaf5a9631.txt", "002_73cf4f8d1a088ab3.txt",
            "003_52c76c2e1049232f.txt", "004_16a21249cd7d8350.txt",
        )
    }  # fmt: skip
