"""Sentence support against cited quotes (lexical and embedding routes)."""

from __future__ import annotations

from evals.metrics.support import SupportConfig, answer_support, split_sentences
from ingest.embed import HashingEmbedder

QUOTE = "Neglect was not recognised early enough by the health visitor."


class MapEmbedder:
    """Embeds listed texts to given vectors and everything else to [0, 1]."""

    name = "map"
    dim = 2

    def __init__(self, vecs: dict[str, list[float]]) -> None:
        self.vecs = vecs
        self.calls = 0

    def embed(self, texts, progress=None):
        self.calls += 1
        return [self.vecs.get(t, [0.0, 1.0]) for t in texts]


def test_split_sentences_keeps_markers_and_drops_reference_list():
    text = (
        "Key points:\n- The father was unseen. [1] Neglect was missed [2].\n"
        "* e.g. the health visitor did not act [3]\n\n[1] reviews/001.txt p. 2"
    )
    assert split_sentences(text) == [
        "Key points:",
        "The father was unseen. [1]",
        "Neglect was missed [2].",
        "e.g. the health visitor did not act [3]",
    ]


def test_verbatim_sentence_is_supported(fx):
    ans = fx.answer(f"{QUOTE} [1]", [fx.cite(1, fx.REVIEW, QUOTE)])
    res = answer_support(ans)
    assert res.score == 1.0
    assert res.sentences[0].lexical == 1.0 and res.sentences[0].cosine is None


def test_unrelated_claim_and_uncited_claim_fail(fx):
    text = (
        "Here is what the reviews say:\n"
        f"{QUOTE} [1]\n"
        "Schools exclude pupils too quickly after incidents [1].\n"
        "Police were slow to share chronologies with children's services."
    )
    res = answer_support(fx.answer(text, [fx.cite(1, fx.REVIEW, QUOTE)]))
    statuses = [s.status for s in res.sentences]
    assert statuses == ["skipped", "supported", "unsupported", "unsupported"]
    assert res.score == 1 / 3
    assert res.sentences[3].reason == "claim without a citation"
    assert len(res.unsupported) == 2


def test_dangling_marker_is_unsupported(fx):
    res = answer_support(fx.answer(f"{QUOTE} [9]", [fx.cite(1, fx.REVIEW, QUOTE)]))
    assert res.score == 0.0 and "no such citation" in res.sentences[0].reason


def test_cosine_route_and_thresholds(fx):
    sentence = "Health professionals overlooked chronic deprivation signs."
    emb = MapEmbedder({sentence: [1.0, 0.0], QUOTE: [0.8, 0.6]})
    ans = fx.answer(f"{sentence} [1]", [fx.cite(1, fx.REVIEW, QUOTE)])
    assert answer_support(ans).score == 0.0  # lexical alone: too little overlap
    res = answer_support(ans, emb)
    assert res.score == 1.0 and abs(res.sentences[0].cosine - 0.8) < 1e-9
    strict = answer_support(ans, emb, SupportConfig(cosine_threshold=0.9))
    assert strict.score == 0.0 and "below thresholds" in strict.sentences[0].reason
    assert emb.calls == 2  # one batched call per scored answer


def test_lexical_threshold_parameter(fx):
    ans = fx.answer("Neglect was missed by the school nurse [1].", [fx.cite(1, fx.REVIEW, QUOTE)])
    assert answer_support(ans).score == 0.0  # 1 of 4 content words
    assert answer_support(ans, config=SupportConfig(lexical_threshold=0.25)).score == 1.0


def test_not_scorable_cases(fx):
    assert answer_support(fx.answer("I cannot answer that.", abstained=True)).score is None
    assert answer_support(fx.answer("")).score is None
    only_leads = answer_support(fx.answer("In summary:\nSee below."))
    assert only_leads.score is None and only_leads.n_scored == 0


def test_works_with_hashing_embedder(fx):
    ans = fx.answer(f"{QUOTE} [1]", [fx.cite(1, fx.REVIEW, QUOTE)])
    res = answer_support(ans, HashingEmbedder(dim=64))
    assert res.score == 1.0 and res.sentences[0].cosine is not None
    assert res.sentences[0].cosine > 0.99
