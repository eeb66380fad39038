"""Sentence scoring: rare question words count more, back-references less, whole phrases more."""

from __future__ import annotations

import pytest
from test_assistant_extractive import _answerer, _candidates, _passage, _plan

from assistant.candidates import candidates
from assistant.plan import Plan
from ingest.embed import HashingEmbedder


def test_sentence_opening_on_a_back_reference_is_penalised() -> None:
    for penalty, expect_lower in ((0.0, False), (0.2, True)):
        answerer = _answerer(anaphora_penalty=penalty, idf_terms=False)
        these, plain = _candidates(answerer)
        assert these.text.startswith("These")
        answerer.scorer.score(
            _plan(["bruising"]), HashingEmbedder().embed(["bruising"])[0], [these, plain]
        )
        assert (these.score < plain.score - 0.1) is expect_lower


def test_rare_question_terms_weigh_more_with_idf() -> None:
    # "bruising" is rare, "seen" common: a sentence with only the rare word should score higher
    # for lexical overlap under idf weighting than under a plain share of terms.
    idf = {"bruising": 5.0, "seen": 1.0, "marks": 1.0}.get
    scores = {}
    for use_idf in (False, True):
        answerer = _answerer(idf=lambda t: idf(t, 1.0), idf_terms=use_idf, anaphora_penalty=0.0)
        cand = _candidates(answerer)[1]
        answerer.scorer.score(_plan(["bruising", "marks"]), [0.0] * 384, [cand])
        scores[use_idf] = cand.score
    assert scores[True] > scores[False]


def test_a_sentence_holding_a_whole_expansion_phrase_scores_higher() -> None:
    text = (
        "Consider neglect where failure to thrive is identified in a baby.\n\n"
        "The failure of the plan meant the family could not thrive in the flat."
    )
    plan = Plan("baby not putting on weight?", ["weight"], ["failure to thrive"], False, [], 5, 10)
    gaps = {}
    for weight in (0.0, 0.05):
        answerer = _answerer(phrase_weight=weight, idf_terms=False, anaphora_penalty=0.0)
        whole, apart = candidates([_passage(text)])
        answerer.scorer.score(plan, [0.0] * 384, [whole, apart])
        gaps[weight] = whole.score - apart.score
    assert gaps[0.0] == pytest.approx(0.0)
    assert gaps[0.05] == pytest.approx(0.05)


def test_only_an_expansions_content_words_earn_the_expansion_bonus() -> None:
    text = "Nobody asked about the voice of this baby.\n\nThe records of the family were unclear."
    plan = Plan("is the child heard?", ["heard"], ["voice of the child"], False, [], 5, 10)
    scores = {}
    for weight in (0.0, 0.1):
        answerer = _answerer(expansion_weight=weight, idf_terms=False, anaphora_penalty=0.0)
        held, only_the = candidates([_passage(text)])
        answerer.scorer.score(plan, [0.0] * 384, [held, only_the])
        scores[weight] = (held.score, only_the.score)
    # "of" and "the" are stopwords: the second sentence earns nothing, the first its "voice".
    assert scores[0.1][0] - scores[0.0][0] == pytest.approx(0.1 * 0.5 * 0.5)
    assert scores[0.1][1] == pytest.approx(scores[0.0][1])


def test_a_sentence_saying_what_the_asked_term_is_scores_higher() -> None:
    text = (
        "Staff should record every low-level concern in writing.\n\n"
        "A low-level concern is any concern that an adult may have acted inappropriately."
    )
    plan = Plan("What is a low-level concern?", ["low", "level", "concern"], [], False, [], 5, 10)
    plan.defines = "low-level concern"
    gaps = {}
    for weight in (0.0, 0.3):
        answerer = _answerer(definition_weight=weight, idf_terms=False, anaphora_penalty=0.0)
        uses, says = candidates([_passage(text)])
        answerer.scorer.score(plan, [0.0] * 384, [uses, says])
        gaps[weight] = says.score - uses.score
    assert gaps[0.3] - gaps[0.0] == pytest.approx(0.3)


def test_a_number_question_prefers_the_sentence_stating_one() -> None:
    text = (
        "The research evaluated the data fields on every form.\n\n"
        "Across the forms, 1,575 data fields were evaluated."
    )
    plan = Plan("How many data fields were evaluated?", ["fields"], [], False, [], 5, 10)
    gaps = {}
    for numeric in (False, True):
        plan.numeric = numeric
        answerer = _answerer(number_weight=0.1, idf_terms=False, anaphora_penalty=0.0)
        words, number = candidates([_passage(text)])
        answerer.scorer.score(plan, [0.0] * 384, [words, number])
        gaps[numeric] = number.score - words.score
    assert gaps[True] - gaps[False] == pytest.approx(0.1)


def test_a_list_question_prefers_the_lead_in_naming_what_it_lists() -> None:
    text = (
        "The outcomes matter to every family the service works with. There are 4 outcomes:\n\n- Outcome 1: families stay together and get the help they need\n"
        "- Outcome 2: children are supported by their family network\n"
        "- Outcome 3: children are safe in and outside of their homes\n"
        "- Outcome 4: children in care have stable, loving homes"
    )
    plan = Plan("What are the outcomes?", ["outcomes"], [], False, [], 5, 10)
    gaps = {}
    for listed in (None, "outcomes"):
        plan.listed = listed
        answerer = _answerer(list_weight=0.1, idf_terms=False, anaphora_penalty=0.0)
        prose, lead_in, *_items = candidates([_passage(text)])
        assert lead_in.text.startswith("There are 4 outcomes:") and "loving homes" in lead_in.text
        answerer.scorer.score(plan, [0.0] * 384, [prose, lead_in])
        gaps[listed] = lead_in.score - prose.score
    assert gaps["outcomes"] - gaps[None] == pytest.approx(0.1)


def test_an_expletive_it_is_no_back_reference() -> None:
    from assistant.scoring import _ANAPHORA

    assert not _ANAPHORA.match("However, it can be suggested that this led to optimism.")
    assert not _ANAPHORA.match("It is important to ensure that fathers are seen.")
    assert _ANAPHORA.match("It was not followed up.")
    assert _ANAPHORA.match("However, this was missed.")


@pytest.mark.parametrize(
    ("flag", "setting", "question", "text"),
    [
        (
            "recommends",
            "recommend_weight",
            "What did the research recommend about recording?",
            "Recording takes up much of the working week.\n\n"
            "The research recommends that recording principles are agreed.",
        ),
        (
            "finds",
            "finding_weight",
            "What did the research find about referrals?",
            "Referrals arrive every day.\n\n"
            "The main insight emerging from the referrals is that they are useful.",
        ),
        (
            "agent",
            "agent_weight",
            "Who carried out the referrals research?",
            "Referrals research took two years.\n\n"
            "The referrals research was written by Essex County Council and its partners.",
        ),
        (
            "causal",
            "cause_weight",
            "Why are the referrals unhelpful?",
            "Referrals arrive every day.\n\nThey are unhelpful due to duplication of referrals.",
        ),
        (
            "superlative",
            "superlative_weight",
            "Who makes the most referrals?",
            "Referrals come from many agencies.\n\nThe police remain the largest single referrer.",
        ),
    ],
)
def test_a_sentence_of_the_asked_kind_scores_higher(
    flag: str, setting: str, question: str, text: str
) -> None:
    plan = Plan(question, ["referrals"], [], False, [], 5, 10)
    gaps = {}
    for asked in (False, True):
        setattr(plan, flag, asked)
        answerer = _answerer(**{setting: 0.1}, idf_terms=False, anaphora_penalty=0.0)
        other, wanted = candidates([_passage(text)])
        answerer.scorer.score(plan, [0.0] * 384, [other, wanted])
        gaps[asked] = wanted.score - other.score
    assert gaps[True] - gaps[False] == pytest.approx(0.1)


def test_an_overview_asked_for_findings_lifts_a_sentence_announcing_one() -> None:
    text = (
        "The research ran for a year in four councils.\n\n"
        "The research found that all data items collected are helpful."
    )
    gaps = {}
    for finds in (False, True):
        answerer = _answerer(finding_weight=0.1, anaphora_penalty=0.0)
        other, found = candidates([_passage(text)])
        answerer.scorer.score_centrality([other, found], [0.0] * 384, finds=finds)
        gaps[finds] = found.score - other.score
    # The lift, and the one-section spread step moving from the one to the other.
    assert gaps[True] - gaps[False] == pytest.approx(0.1 + 2 * 0.05)
