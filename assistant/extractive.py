"""The default answerer: picks source sentences that answer the question and quotes them verbatim.

It writes no claim of its own: every answer sentence is a quote followed by its [n] marker; the only
other words are connective framing (a lead line, a document label).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from assistant.answer_kinds import states_event
from assistant.candidates import Candidate, candidates, introduces_list
from assistant.definitions import defines
from assistant.fill import add_continuations, add_followers, add_neighbours, add_paragraph
from assistant.lists import long_list
from assistant.overlap import overlaps
from assistant.plan import Plan
from assistant.scoring import SentenceLookup, SentenceScorer
from caselearn.settings import AnswerSettings
from caselearn.types import Answer, Citation, Document, Passage
from ingest.embed import Embedder

__all__ = ["ExtractiveAnswerer", "Plan"]

NO_REVIEW = "no review in the library addresses this; guidance does"
NO_GUIDANCE = "no guidance or research in the library addresses this; the reviews do"


class ExtractiveAnswerer:
    """Quotes the best sentences, grouped per document for thematic questions."""

    def __init__(
        self,
        settings: AnswerSettings,
        embedder: Embedder,
        document: Callable[[str], Document | None],
        label: Callable[[str], str],
        sentence_vectors: SentenceLookup | None = None,
        idf: Callable[[str], float] | None = None,
    ) -> None:
        self.settings = settings
        self.document = document
        self.label = label
        self.scorer = SentenceScorer(settings, embedder, sentence_vectors, idf)

    # -- answer ----------------------------------------------------------------------------------
    def answer(self, plan: Plan, query_vec: list[float], passages: list[Passage]) -> Answer:
        head = passages[: self.settings.abstain_passages]
        top = max((p.dense_score or 0.0 for p in head), default=0.0)
        if not passages:
            return self.abstain(plan, passages)
        # An overview names a document the library holds: there is always something to quote.
        if not plan.overview and top < self.settings.abstain_min_dense:
            return self.abstain(plan, passages)
        if plan.uncovered and not plan.overview and top < self.settings.abstain_uncovered_dense:
            return self.abstain(
                plan, passages, f"the library never mentions {', '.join(plan.uncovered)}"
            )
        # A practitioner typing casually ("the house is an absolute tip") uses everyday words
        # the documents never do, so a missing word says nothing about a casual question.
        anchored = plan.overview or plan.themed or plan.casual
        if not anchored and top < self.settings.abstain_weak_dense:
            missing = self.scorer.unanchored(plan, head)
            if missing:
                return self.abstain(plan, passages, f"the closest passages never mention {missing}")
        # A list under its heading answers a question asking for what the heading names, or
        # what happened in a case when it tells the death ("Baby E" / "- Born 2013 and died…").
        happened = plan.overview and plan.happened
        cands = [
            c
            for c in candidates(passages, self.document)
            if not c.headed
            or (plan.listed and introduces_list(c.text, plan.listed))
            or (happened and states_event(c.text))
        ]
        if plan.overview and cands:
            vecs = self.scorer.score_centrality(
                cands, query_vec, plan.conclusions, plan.finds, happened
            )
        else:
            vecs = self.scorer.score(plan, query_vec, cands)
            # The head is the first passages with something quotable: a chart's axis labels
            # may rank first for "phase 9 data" and hold no sentence at all.
            quotable = list(dict.fromkeys(c.passage.chunk.chunk_id for c in cands))
            in_head = set(quotable[: self.settings.abstain_passages])
            head_best = max(
                (c.score for c in cands if c.passage.chunk.chunk_id in in_head), default=0
            )
            if head_best < self.settings.abstain_min_dense:
                return self.abstain(plan, passages)
        if plan.aspects:
            self.scorer.lift_aspects(plan, cands, vecs)
        best = max(c.score for c in cands)
        # Five short reviews: when the question is about reviews, let weaker matches in.
        st = self.settings
        margin = st.review_margin if (plan.review_intent or plan.named) else st.open_margin
        if plan.broad and not plan.named:
            margin = max(margin, st.broad_margin)
        if plan.which_one and not plan.named:
            # "Which review found…": the best match, and any other as close to it.
            margin = min(margin, st.which_margin)
        # The margin picks documents; within a document the follow-up margins pick sentences.
        by_doc: dict[str, list[Candidate]] = defaultdict(list)
        # "What do the reviews say…": every review that speaks to it, even beside one sentence
        # that scores far above the rest; "Which review found…" still wants the one best.
        thematic = plan.review_intent and not plan.named and not plan.which_one
        reference = min(best, st.review_margin_ceiling) if thematic else best
        for c in sorted(cands, key=lambda c: -c.score):
            source = c.passage.chunk.source
            floor = reference - margin if source not in by_doc else 0.0
            if c.score >= max(self.settings.abstain_min_dense, floor):
                by_doc[source].append(c)
        reviews = [s for s in by_doc if by_doc[s][0].passage.chunk.kind == "review"]
        guidance = [s for s in by_doc if s not in reviews]
        notes: list[str] = []
        order = list(by_doc)
        if (plan.review_intent or plan.guidance_intent) and not plan.named:
            # Asked about one kind: quote that kind, or say it is silent and quote the other.
            wanted, other, silent = (
                (reviews, guidance, NO_REVIEW)
                if plan.review_intent
                else (guidance, reviews, NO_GUIDANCE)
            )
            order = wanted or other
            if not wanted:
                notes.append(silent)
        order.sort(key=lambda s: -by_doc[s][0].score)
        # "How many working days after…" asks for a count, which one document states: closest
        # sentences spread over several documents are about the topic, and none states it.
        spread = st.abstain_numeric_spread
        asked_one = not (plan.named or plan.review_intent or plan.guidance_intent or plan.broad)
        if spread and plan.counted and asked_one and len(order) >= spread:
            return self.abstain(plan, passages, f"{len(order)} documents touch on it, none says")
        if plan.listed and not plan.overview and (len(plan.named) == 1 or len(order) == 1):
            listed = long_list(
                [c for c in cands if c.passage.chunk.source == order[0]],
                self.document,
                st.max_words,
            )
            if listed:
                source = listed[0].passage.chunk.source
                return self.render(plan, passages, {source: listed}, [source], notes)
        single = len(order) == 1 or bool(plan.named)
        # The paragraph fill-in may reach below the score margin, so it sees every candidate.
        return self.compose(plan, passages, by_doc, order, single, notes, cands)

    def compose(
        self,
        plan: Plan,
        passages: list[Passage],
        by_doc: dict[str, list[Candidate]],
        order: list[str],
        single: bool,
        notes: list[str],
        every: list[Candidate],
    ) -> Answer:
        st = self.settings
        per_doc = st.single_sentences if single else st.thematic_sentences
        if not single and len(order) > 3:
            per_doc = min(per_doc, 2)
        max_docs = 1 if single and not plan.named else (len(plan.named) if plan.named else 6)
        order = order[:max_docs]
        chosen: dict[str, list[Candidate]] = {s: [] for s in order}
        follow = st.single_followup_margin if single else st.thematic_followup_margin
        words = 0
        # Each round takes a document's next sentence that says something its quotes do not
        # (a list lead-in already quoted with this item, or the reverse; a repeated summary).
        nxt = dict.fromkeys(order, 0)
        for round_no in range(min(per_doc, st.max_sentences)):
            for source in order:
                pool = by_doc[source]
                while nxt[source] < len(pool) and any(
                    overlaps(pool[nxt[source]], c) for c in chosen[source]
                ):
                    nxt[source] += 1
                if nxt[source] >= len(pool):
                    continue
                cand = pool[nxt[source]]
                nxt[source] += 1
                n_words = len(cand.text.split())
                if words and words + n_words > st.max_words:
                    continue
                if round_no and cand.score < pool[0].score - follow:
                    continue
                chosen[source].append(cand)
                words += n_words
                if plan.defines and st.definition_followers and defines(cand.text, plan.defines):
                    # "Kinship care is any situation in which…" goes on "The arrangement may be
                    # temporary or longer term.": a definition's next sentence completes it.
                    words = add_followers(cand, chosen[source], every, words, st)
        if single and order:
            words = add_paragraph(chosen[order[0]], every, words, st)
            if st.neighbour_margin:
                words = add_neighbours(chosen[order[0]], every, words, st)
        if st.continuations:
            for source in order:
                words = add_continuations(chosen[source], every, words, st)
        return self.render(plan, passages, chosen, [s for s in order if chosen[s]], notes)

    def render(
        self,
        plan: Plan,
        passages: list[Passage],
        chosen: dict[str, list[Candidate]],
        order: list[str],
        notes: list[str],
    ) -> Answer:
        """The answer text: a lead line, then each document's quotes in reading order."""
        citations: list[Citation] = []
        lines: list[str] = []
        lead = self.lead(plan, order, notes)
        if lead:
            lines.append(lead)
        for source in order:
            picked = sorted(chosen[source], key=lambda c: c.start)
            if not picked:
                continue
            quoted = []
            for cand in picked:
                citations.append(self.cite(len(citations) + 1, cand))
                quoted.append(f"{' '.join(cand.text.split())} [{len(citations)}]")
            body = " ".join(quoted)
            # Unless the question named it, say which document each quote comes from; "Which
            # review concerned an 8-month-old baby?" found it by description and asks its name.
            named = plan.named and not plan.which_one
            lines.append(body if named else f"{self._name(source, plan)}: {body}")
        return Answer(
            question=plan.question,
            answer="\n\n".join(lines),
            abstained=False,
            citations=citations,
            notes=notes,
            passages=passages,
        )

    def _name(self, source: str, plan: Plan) -> str:
        """The document's label; "Which briefing…" also gets its title, which is the answer."""
        label = self.label(source)
        doc = self.document(source)
        if plan.which_one and doc and doc.title and label.lower() not in doc.title.lower():
            return f"{label}, “{doc.title}”"
        return label

    def lead(self, plan: Plan, order: list[str], notes: list[str]) -> str | None:
        if NO_REVIEW in notes:
            return "No review in the library addresses this. What the guidance says:"
        if NO_GUIDANCE in notes:
            return "No guidance or research in the library addresses this. What the reviews say:"
        kinds = [self.document(s).kind if self.document(s) else "review" for s in order]
        n_rev = sum(1 for k in kinds if k == "review")
        if plan.review_intent and not plan.named and n_rev:
            s = "" if plan.n_reviews == 1 else "s"
            verb = "addresses" if n_rev == 1 else "address"
            return f"{n_rev} of the {plan.n_reviews} review{s} in the library {verb} this:"
        if len(order) > 1:
            return f"{len(order)} documents in the library address this:"
        return None

    def cite(self, n: int, cand: Candidate) -> Citation:
        chunk = cand.passage.chunk
        doc = self.document(chunk.source)
        page = doc.page_at(cand.start) if doc and doc.pages else chunk.page
        return Citation(
            n=n,
            source=chunk.source,
            title=chunk.title,
            kind=chunk.kind,
            page=page,
            section=chunk.section,
            quote=cand.text,
            start=cand.start,
            end=cand.end,
            score=round(cand.score, 4),
        )

    def abstain(self, plan: Plan, passages: list[Passage], why: str | None = None) -> Answer:
        reason = f" ({why})" if why else ""
        text = (
            f"The library does not cover this{reason}. None of its "
            f"{plan.n_documents} documents ({plan.n_reviews} reviews) has a passage that answers "
            "the question, so there is nothing to quote. Try rephrasing, or add the relevant "
            "review to the library."
        )
        return Answer(plan.question, text, abstained=True, citations=[], passages=passages)
