"""Sentence scoring for the extractive answerer: similarity to the question, its rarer words,
vocabulary matches; centrality for an overview; each part of a two-part question lifted."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

import numpy as np

from assistant.answer_kinds import (
    states_agent,
    states_cause,
    states_event,
    states_finding,
    states_recommendation,
    states_superlative,
)
from assistant.candidates import Candidate, introduces_list
from assistant.definitions import defines
from assistant.intent import CONCLUSION_SECTIONS, asks_for_number, has_number
from assistant.plan import Plan
from assistant.query import content_words
from caselearn.settings import AnswerSettings
from caselearn.types import Passage
from ingest.embed import Embedder
from ingest.sentence_vectors import SentenceVector, pool

# chunk ids -> their sentence vectors stored at ingest (Catalog.sentence_vectors)
SentenceLookup = Callable[[list[str]], dict[str, list[SentenceVector]]]

_STEM = re.compile(r"(ies|ing|ed|es|s)$")
_WORDS = re.compile(r"[a-z0-9]+")
_ANAPHORA = re.compile(
    r"^(?:however|therefore|also|again|in addition|similarly|as such)?,?\s*"
    r"(?:this|these|those|that|it(?! (?:is|was|would|can|could|may|might|should|will|seems|appears)"
    r"\b[^.]{0,60}\b(?:that|to)\b)|they|such|both|the above)\b",
    re.IGNORECASE,
)


def continues(text: str) -> bool:
    """The sentence leans on the one before it ("This should include…", "However, …")."""
    return bool(_ANAPHORA.match(text) or _CONTINUES.match(text))


_CONTINUES = re.compile(r"^(?:however|examples? of|for example|for instance|in particular)\b", re.I)

# An overview ranks sentences by centrality, half-weighted by the question; each further sentence
# from one section loses this much, so the summary spans the document.
_OVERVIEW_QUERY_WEIGHT = 0.5
_OVERVIEW_SECTION_STEP = 0.05
_OVERVIEW_PART_BONUS = 0.2


def stem(word: str) -> str:
    """A crude stem so 'fathers' meets 'father' and 'sleeping' meets 'sleep'."""
    return _STEM.sub("", word) if len(word) > 4 else word


def stems(text: str) -> set[str]:
    """The stems of a text's lower-cased words."""
    return {stem(w) for w in _WORDS.findall(text.lower())}


class SentenceScorer:
    """Sets `score` on quotable sentences; higher answers the question better."""

    def __init__(
        self,
        settings: AnswerSettings,
        embedder: Embedder,
        sentence_vectors: SentenceLookup | None = None,
        idf: Callable[[str], float] | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.sentence_vectors = sentence_vectors
        self.idf = idf

    def vectors(self, cands: list[Candidate]) -> list[np.ndarray]:
        """Each candidate's vector: pooled from ingest-time sentence vectors, else embedded now."""
        ids = [c.passage.chunk.chunk_id for c in cands]
        stored = self.sentence_vectors(ids) if self.sentence_vectors else {}
        out: list[np.ndarray | None] = []
        for c in cands:
            rows = stored.get(c.passage.chunk.chunk_id, [])
            out.append(pool([r for r in rows if r.start < c.end and r.end > c.start]))
        missing = [i for i, v in enumerate(out) if v is None]
        if missing:
            fresh = self.embedder.embed([cands[i].text for i in missing])
            for i, vec in zip(missing, fresh, strict=True):
                out[i] = np.asarray(vec, dtype=np.float32)
        return out  # type: ignore[return-value]

    def score(self, plan: Plan, query_vec: list[float], cands: list[Candidate]) -> list[np.ndarray]:
        """Score each candidate for the question; returns their vectors for later use."""
        if not cands:
            return []
        vecs = self.vectors(cands)
        query = np.asarray(query_vec, dtype=np.float32)
        rank: dict[str, int] = {}
        for c in cands:
            rank.setdefault(c.passage.chunk.chunk_id, len(rank))  # passages come best first
        st = self.settings
        weight = {stem(t): 1.0 for t in plan.terms}
        if st.idf_terms and self.idf is not None:
            for t in plan.terms:
                weight[stem(t)] = self.idf(t)
        total = sum(weight.values()) or 1.0
        terms = set(weight)
        # Content words only: "not always taken up" must not credit every sentence with a "not".
        extra = {stem(w) for phrase in plan.expansions for w in content_words(phrase)} - terms
        # A whole professional phrase ("failure to thrive" for "not putting on weight") says
        # more than its words scattered.
        phrases = [p for p in plan.expansions if " " in p]
        for c, v in zip(cands, vecs, strict=True):
            words = stems(c.text)
            lexical = sum(weight[t] for t in terms & words) / total
            bonus = 0.5 * min(1.0, len(extra & words) / 2) if extra else 0.0
            lowered = " ".join(c.text.lower().split())
            phrase = 1.0 if any(p in lowered for p in phrases) else 0.0
            cos = float(query @ v)
            penalty = st.anaphora_penalty if _ANAPHORA.match(c.text) else 0.0
            defined = 1.0 if plan.defines and defines(c.text, plan.defines) else 0.0
            number = 1.0 if plan.numeric and has_number(c.text) else 0.0
            listed = 1.0 if plan.listed and introduces_list(c.text, plan.listed) else 0.0
            advised = 1.0 if plan.recommends and states_recommendation(c.text) else 0.0
            found = 1.0 if plan.finds and states_finding(c.text) else 0.0
            named = 1.0 if plan.agent and states_agent(c.text) else 0.0
            ranked = 1.0 if plan.superlative and states_superlative(c.text) else 0.0
            caused = 1.0 if plan.causal and states_cause(c.text) else 0.0
            c.score = (
                cos
                - penalty
                + st.lexical_weight * lexical
                + st.expansion_weight * bonus
                + st.phrase_weight * phrase
                + st.definition_weight * defined
                + st.number_weight * number
                + st.list_weight * listed
                + st.recommend_weight * advised
                + st.finding_weight * found
                + st.agent_weight * named
                + st.superlative_weight * ranked
                + st.cause_weight * caused
                + st.passage_weight * (c.passage.dense_score or 0.0)
                + st.rank_weight / (1 + rank[c.passage.chunk.chunk_id])
            )
        return vecs

    def unanchored(self, plan: Plan, passages: list[Passage]) -> str | None:
        """The question's most specific term when neither it nor any vocabulary expansion
        occurs in these passages: weak similarity without a shared word is no evidence."""
        terms = [t for t in plan.terms if len(t) > 2]
        if not terms or self.idf is None:
            return None
        rarest = max(terms, key=self.idf)
        words = stems(" ".join(p.chunk.text for p in passages))
        anchors = {stem(rarest)} | {stem(w) for e in plan.expansions for w in content_words(e)}
        return None if anchors & words else rarest

    def score_centrality(
        self,
        cands: list[Candidate],
        query_vec: list[float],
        conclusions: bool = False,
        finds: bool = False,
        happened: bool = False,
    ) -> list[np.ndarray]:
        """Score sentences by closeness to the passages' centroid (what most of the text is about)
        and to the question ("what happened" leans to events, "summarise" to findings); a sentence
        under a conclusions title ("Recommendations") scores higher when those are asked for."""
        vecs = np.stack(self.vectors(cands))
        centroid = vecs.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        query = np.asarray(query_vec, dtype=np.float32)
        penalty = self.settings.anaphora_penalty
        for c, v in zip(cands, vecs, strict=True):
            c.score = float(centroid @ v) + _OVERVIEW_QUERY_WEIGHT * float(query @ v)
            c.score -= penalty if _ANAPHORA.match(c.text) else 0.0
            section = (c.passage.chunk.section or "").lower()
            if conclusions and any(p in section for p in CONCLUSION_SECTIONS):
                c.score += _OVERVIEW_PART_BONUS
            if finds and states_finding(c.text):
                c.score += self.settings.finding_weight
            if happened and states_event(c.text):
                c.score += self.settings.event_weight
        # A summary spans the document: each further sentence from one section counts for less.
        seen: dict[str | None, int] = defaultdict(int)
        for c in sorted(cands, key=lambda c: -c.score):
            section = c.passage.chunk.section
            c.score -= _OVERVIEW_SECTION_STEP * seen[section]
            seen[section] += 1
        return list(vecs)

    def lift_aspects(self, plan: Plan, cands: list[Candidate], vecs: list[np.ndarray]) -> None:
        """Lift each part's best sentence to the top: the whole question's ranking favours
        whichever part its words lean to, and the other part goes unanswered. `vecs` are the
        candidates' vectors, as `score` returned them."""
        top = max(c.score for c in cands)
        asked = {stem(t) for t in plan.terms}
        part_vecs = plan.aspect_vecs or self.embedder.embed(plan.aspects)
        for aspect, qv in zip(plan.aspects, part_vecs, strict=True):
            terms = {stem(t) for t in content_words(aspect)} & asked
            numeric = asks_for_number(aspect)
            fits = [
                self._fit(np.asarray(qv, dtype=np.float32), terms, c, v, numeric)
                for c, v in zip(cands, vecs, strict=True)
            ]
            i = int(np.argmax(fits))
            if fits[i] >= max(self.settings.abstain_min_dense, top - self.settings.review_margin):
                cands[i].score = max(cands[i].score, top)

    def _fit(
        self, query: np.ndarray, terms: set[str], cand: Candidate, vec: np.ndarray, numeric: bool
    ) -> float:
        """How well a sentence answers one part of a question: cosine plus its share of terms,
        and whether it states a number when the part asks for one."""
        words = stems(cand.text)
        share = len(terms & words) / len(terms) if terms else 0.0
        number = self.settings.number_weight if numeric and has_number(cand.text) else 0.0
        return float(query @ vec) + self.settings.lexical_weight * share + number
