"""Planning a question: what it asks (intent, named documents, definition, number, list) and
which of its words the library never uses; with the library's term counts it needs."""

from __future__ import annotations

import math
import re

from assistant.answer_kinds import (
    asks_for_agent,
    asks_for_findings,
    asks_for_recommendations,
    asks_for_superlative,
    asks_what_happened,
    asks_why,
)
from assistant.definitions import defined_term
from assistant.descriptions import described_topic_words, description_words
from assistant.intent import (
    asked_list,
    asks_about_guidance,
    asks_about_reviews,
    asks_broadly,
    asks_for_conclusions,
    asks_for_count,
    asks_for_number,
    asks_for_overview,
    asks_informally,
    asks_which_document,
    aspects,
    final_question,
)
from assistant.naming import DocAliases, named_documents, quoted_titles
from assistant.plan import Plan
from assistant.query import content_words, expand, situation_verbs, vocabulary_hits
from assistant.retrieve import Filters
from assistant.unknown_names import capitalised_names
from caselearn.settings import Settings
from ingest.catalog import Catalog

# "the local baby death reviews": words that only qualify the reviews (no "in", "of"…: "the
# health visitors in these reviews" are a topic).
_KIND_OF_REVIEWS = re.compile(
    r"\b(?:the|these|those|our)\s+((?:(?!(?:in|of|on|by|from|for|with|about|and)\b)[\w'-]+\s+)"
    r"{1,4}?)(?:(?:serious\s+)?case\s+)?(?:reviews|scrs)\b",
    re.IGNORECASE,
)
# A final question of only these words ("What must it include?", "What should I do?") has no
# topic of its own: the scene before it is what is asked about.
_NO_TOPIC = {
    "must", "should", "include", "includes", "need", "needs", "happen", "happens", "mean",
    "means", "say", "says", "do", "does", "done", "cover", "covers", "next", "now", "here",
}  # fmt: skip
_ABOUT = re.compile(r"\b(?:about|on|regarding|concerning)\b", re.IGNORECASE)
# Endings that make another word of the same root: a question saying "disagreements" of a
# library that writes only "disagreed" is not off-topic (porter stems the two apart).
_DERIVED = re.compile(r"(?:ments?|ings?|ions?|ers?|ed|es|s|ly|ities|ity|ness)$")


class Planner:
    """Plans questions against one library; caches its term counts (the library is fixed)."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        docs: list[dict],
        aliases: list[DocAliases],
        titles: dict[str, str],
        vocabulary: dict[str, list[str]],
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.docs = docs
        self.aliases = aliases
        self.titles = titles
        self.vocabulary = vocabulary
        self._n_chunks = sum(d["chunks"] for d in docs)
        self._frequencies: dict[tuple[str, tuple[str, ...] | None, bool], int] = {}

    def frequency(self, term: str, sources: list[str] | None = None, prefix: bool = False) -> int:
        """Chunks (of `sources`, or all) containing the term (or with `prefix` a word starting
        with it); cached, the library is fixed."""
        key = (term, tuple(sources) if sources is not None else None, prefix)
        if key not in self._frequencies:
            self._frequencies[key] = self.catalog.term_frequency(term, sources, prefix)
        return self._frequencies[key]

    def _named_by_phrase(self, question: str, pool: list[dict]) -> list[str]:
        """The one document using a name the question gives ("In the Missing Chapters work…",
        "the Pre Birth Protocol"): the question points at it as if by its title."""
        for name in capitalised_names(question, []):
            if not self.frequency(name):
                continue  # most such names ("Clare's Law") are nowhere: one query, not one a document
            holders = [d["source"] for d in pool if self.frequency(name, [d["source"]])]
            if len(holders) == 1:
                return holders
        return []

    def _compounds(self, terms: list[str]) -> list[str]:
        """Two adjacent question words the library writes as one ("head teacher" ->
        "headteacher", "step dad" -> "stepdad"): keyword search would miss it otherwise."""
        pairs = zip(terms, terms[1:], strict=False)
        return [a + b for a, b in pairs if len(a) > 2 and len(b) > 2 and self.frequency(a + b)]

    def distinctive(self, words: list[str], sources: list[str]) -> list[str]:
        """Drop keywords found in most chunks of the named documents: there they match anything."""
        kept = [w for w in words if not self.common(w, sources)]
        return kept or words

    def common(self, term: str, sources: list[str]) -> bool:
        """Is the term in more than `named_common_share` of these documents' chunks?"""
        n = sum(d["chunks"] for d in self.docs if d["source"] in sources)
        return self.frequency(term, sources) > self.settings.retrieval.named_common_share * n

    def idf(self, term: str) -> float:
        """Inverse chunk frequency of a question term: rare words say more about a sentence."""
        return math.log((self._n_chunks + 1) / (self.frequency(term) + 1)) + 1.0

    def _without(
        self, question: str, plan: Plan, terms: list[str], hits: list[str], said: set[str]
    ) -> tuple[list[str], list[str]]:
        """The terms and vocabulary hits without the words `said` (which name what is asked
        about, not what is asked), the plan's expansions re-read from the hits left; unchanged
        when nothing would be dropped or nothing left."""
        asked = [t for t in terms if t not in said]
        if not asked or len(asked) == len(terms):
            return terms, hits
        hits = [k for k in hits if not set(k.split()) <= said]
        self._expand(question, plan, hits)
        return asked, hits

    def _expand(self, question: str, plan: Plan, hits: list[str]) -> None:
        """The plan's expansions: the synonyms of these vocabulary hits, if expansion is on."""
        if self.settings.retrieval.expand_queries:
            plan.expansions = expand(question, self.vocabulary, hits)

    def plan(
        self, question: str, filters: Filters | None
    ) -> tuple[Plan, list[str] | None, list[str]]:
        """The plan, the sources to search (named or allowed by the filters; None for all) and
        the reviews among the allowed documents."""
        allowed = (filters or Filters()).allowed(self.docs)
        pool = [d for d in self.docs if allowed is None or d["source"] in allowed]
        titles = self.titles
        found = named_documents(question, self.aliases, titles)
        named = [s for s in found if allowed is None or s in allowed]
        reviews, guidance = asks_about_reviews(question), asks_about_guidance(question)
        review_intent, guidance_intent = reviews and not guidance, guidance and not reviews
        if not named:
            # Asked about reviews, a name only a guidance document uses does not make the
            # question about that document (and the reverse): the answer says no review does.
            kind = "review" if review_intent else "guidance" if guidance_intent else None
            named = self._named_by_phrase(
                question, [d for d in pool if kind is None or d["kind"] == kind]
            )
        hits = vocabulary_hits(question, self.vocabulary)
        plan = Plan(
            question=question,
            terms=content_words(question),
            expansions=expand(question, self.vocabulary, hits)
            if self.settings.retrieval.expand_queries
            else [],
            review_intent=review_intent,
            guidance_intent=guidance_intent,
            named=named,
            n_reviews=sum(1 for d in pool if d["kind"] == "review"),
            n_documents=len(pool),
            broad=asks_broadly(question),
            aspects=aspects(question),
            defines=defined_term(question),
            numeric=asks_for_number(question),
            counted=asks_for_count(question),
            listed=asked_list(question),
            recommends=asks_for_recommendations(question),
            agent=asks_for_agent(question),
            # "Which review found that…" names what was found: it asks which document.
            finds=asks_for_findings(question) and not asks_which_document(question),
            superlative=asks_for_superlative(question),
            causal=asks_why(question),
            which_one=asks_which_document(question),
            casual=asks_informally(question),
            happened=asks_what_happened(question),
        )
        if self.settings.retrieval.expand_queries:
            plan.expansions += [w for w in self._compounds(plan.terms) if w not in plan.expansions]
        if plan.review_intent and not named:
            # "What do the local baby death reviews tell us about the men around the household?"
            # asks about men: the words that say which reviews are no topic.
            kinds = _KIND_OF_REVIEWS.search(question)
            # ...and asks about something after them.
            if kinds and _ABOUT.search(question, kinds.end()):
                said = set(content_words(kinds.group(1)))
                plan.terms, hits = self._without(question, plan, plan.terms, hits, said)
        if named:
            alias_words = {
                w for a in self.aliases if a.source in named for x in a.aliases for w in x.split()
            }
            for quoted, source in quoted_titles(question, titles).items():
                if source in named:
                    alias_words.update(content_words(quoted))
            # "Which children count as 'children missing education'?" asks what the name means.
            defined = set(content_words(plan.defines or ""))
            topical = [t for t in plan.terms if t not in alias_words or t in defined]
            # Words that describe the named document ("the Essex-led user research into what
            # social workers record in case management systems", its title's own words) leave
            # "What was the main finding of…" asking for the document's conclusions.
            naming = (
                description_words(question)
                | {w for s in named for w in content_words(titles.get(s, ""))}
            ) - defined
            plan.overview = asks_for_overview([t for t in topical if t not in naming])
            plan.conclusions = plan.overview and asks_for_conclusions(question)
            # "What did the review into baby Liam's death say about record keeping?" asks about
            # record keeping: the words that pick the review out are no topic.
            if not plan.overview:
                described = described_topic_words(question) - defined
                topical, hits = self._without(question, plan, topical, hits, described)
            plan.terms = topical or plan.terms
            # A term the named document uses throughout needs no synonyms there: "recording"
            # would search "record keeping" and "recording systems" all over the recording study.
            kept = [k for k in hits if not self.common(k, named)]
            if len(kept) < len(hits):
                self._expand(question, plan, kept)
        # A word of a vocabulary phrase the question uses ("fobbing" of "fobbing off") is covered
        # by that phrase's synonyms, even if the library never uses the word itself.
        phrased = {w for key in hits for w in key.split()} | situation_verbs(question)
        # The scene set before the question ("Scenario for staff training: a pupil tells a TA at
        # lunch…. Can the TA promise to keep it a secret?") is the asker's situation in their own
        # words; only what is asked must be words the library uses.
        asked = final_question(question)
        asked_words = set(content_words(asked)) if asked else None
        if asked_words is not None and not asked_words - _NO_TOPIC:
            asked_words = None  # "What must it include?": the scene is the topic
        plan.uncovered = [
            t
            for t in plan.terms
            if t not in phrased
            and (asked_words is None or t in asked_words)
            and not self._covered(t)
        ]
        if plan.casual and len(plan.uncovered) < 2:
            # A practitioner typing casually uses everyday words the documents never do ("redo
            # my training", "loads of forms"); one such word does not make the topic absent.
            plan.uncovered = []
        reviews = [d["source"] for d in pool if d["kind"] == "review"]
        return plan, (named or allowed), reviews

    def _covered(self, term: str) -> bool:
        """Does the library use this term, or one of its vocabulary synonyms, anywhere?"""
        if len(term) < 4 or any(ch.isdigit() for ch in term):
            return True
        synonyms = self.vocabulary.get(term, [])
        if any(self.frequency(t) > 0 for t in (term, *synonyms)):
            return True
        # "disagreements" where the library writes "disagreed": the same word, another ending.
        root = _DERIVED.sub("", term)
        return root != term and len(root) >= 5 and self.frequency(root, prefix=True) > 0
