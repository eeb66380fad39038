"""Learning-point coverage."""

from __future__ import annotations

from evals.golden import LearningPoint
from evals.metrics.coverage import learning_point_coverage, phrase_in

POINTS = [
    LearningPoint(("father", "male carer"), "fathers unseen"),
    LearningPoint(("child's voice",), "voice of the child"),
    LearningPoint(("housing",), "housing pressures"),
    LearningPoint(("neglect was not recognised",), "neglect missed"),
]


def test_phrase_normalisation():
    assert phrase_in("Child's Voice", "the child\u2019s   voice was missing")
    assert phrase_in("neglect was not recognised", "Neglect was\nnot recognised [2] early")
    assert phrase_in("neglect was not recognised", "Neglect was not [1] recognised")
    assert not phrase_in("neglect", "negligence")
    assert not phrase_in("   ", "anything")


def test_partial_coverage_lists_missed():
    res = learning_point_coverage(
        POINTS, "The MALE CARER was not seen. The child\u2019s voice [1]."
    )
    assert res.score == 0.5
    assert res.covered == ["fathers unseen", "voice of the child"]
    assert res.missed == ["housing pressures", "neglect missed"]


def test_not_scorable_and_abstained():
    assert learning_point_coverage([], "anything").score is None
    res = learning_point_coverage(POINTS, "father housing", abstained=True)
    assert res.score == 0.0 and len(res.missed) == 4
