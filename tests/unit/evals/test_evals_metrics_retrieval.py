"""Retrieval metrics over ranked distinct sources."""

from __future__ import annotations

import math

import pytest

from evals.metrics.retrieval import (
    hit_at_k,
    ndcg_at_k,
    ranked_sources,
    recall_at_k,
    reciprocal_rank,
    retrieval_scores,
)

RANKED = ["a", "b", "c", "d"]


def test_ranked_sources_dedups_in_rank_order(fx):
    ans = fx.answer("x", sources=[fx.OTHER, fx.REVIEW, fx.OTHER, "./" + fx.GUIDE])
    assert ranked_sources(ans) == [fx.OTHER, fx.REVIEW, fx.GUIDE]


def test_hand_computed_values():
    expected = ["b", "e"]
    assert hit_at_k(RANKED, expected, 1) == 0.0
    assert hit_at_k(RANKED, expected, 2) == 1.0
    assert recall_at_k(RANKED, expected, 5) == 0.5
    assert recall_at_k(RANKED, ["a", "d"], 3) == 0.5
    assert recall_at_k(RANKED, ["a", "d"], 4) == 1.0
    assert reciprocal_rank(RANKED, expected) == 0.5
    assert reciprocal_rank(RANKED, ["z"]) == 0.0
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at_k(RANKED, expected) == pytest.approx((1 / math.log2(3)) / ideal)
    assert ndcg_at_k(RANKED, ["a"]) == 1.0
    assert ndcg_at_k(RANKED, ["d"], k=3) == 0.0


def test_nothing_expected_is_not_scorable():
    for fn in (lambda: hit_at_k(RANKED, [], 5), lambda: recall_at_k(RANKED, [], 5)):
        assert fn() is None
    assert reciprocal_rank(RANKED, []) is None
    assert ndcg_at_k(RANKED, []) is None


def test_retrieval_scores_item_level(fx):
    ans = fx.answer("x", sources=[fx.OTHER, fx.REVIEW])
    scores = retrieval_scores(ans, [fx.REVIEW], answerable=True)
    assert scores["hit@1"] == 0.0 and scores["hit@5"] == 1.0 and scores["mrr"] == 0.5
    assert set(scores) >= {"recall@5", "recall@10", "ndcg@10"}
    unanswerable = retrieval_scores(ans, [fx.REVIEW], answerable=False)
    assert all(v is None for v in unanswerable.values())
    assert all(v is None for v in retrieval_scores(ans, [], answerable=True).values())
    empty = retrieval_scores(fx.answer("x", sources=[]), [fx.REVIEW], answerable=True)
    assert empty["hit@5"] == 0.0 and empty["recall@10"] == 0.0
