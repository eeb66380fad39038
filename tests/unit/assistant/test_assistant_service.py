"""The assistant end to end over the five real reviews, with the hashing embedder."""

import pytest

from assistant import service
from assistant.retrieve import Filters
from assistant.service import Session


def _verbatim(assistant, answer):
    for c in answer.citations:
        text = assistant.lookup.document_text(c.source)
        assert text[c.start : c.end] == c.quote


def test_named_review_answer_quotes_only_that_review(assistant):
    answer = assistant.ask("What did the Child H review recommend about handover to a new worker?")
    assert not answer.abstained
    assert answer.citations
    assert {c.source for c in answer.citations} == {"reviews/003_52c76c2e1049232f.txt"}
    assert "[1]" in answer.answer
    _verbatim(assistant, answer)
    assert any("handover" in c.quote for c in answer.citations)


def test_thematic_answer_groups_by_review_with_a_lead_line(assistant):
    answer = assistant.ask("What did the reviews say about safer sleep and co-sleeping?")
    assert not answer.abstained
    assert answer.answer.splitlines()[0].endswith("address this:")
    assert len({c.source for c in answer.citations}) >= 2
    _verbatim(assistant, answer)
    for c in answer.citations:
        assert f"[{c.n}]" in answer.answer


def test_unknown_named_review_abstains_without_citations(assistant):
    answer = assistant.ask("What did the Child Q review in Hackney say about strip searches?")
    assert answer.abstained and answer.citations == []
    assert "Child Q" in answer.answer


def test_terms_the_library_never_uses_abstain(assistant):
    answer = assistant.ask("How do I bake sourdough bread?")
    assert answer.abstained and not answer.citations


def test_filters_exclude_everything(assistant):
    answer = assistant.ask("What about neglect?", filters=Filters(kinds=["guidance"]))
    assert answer.abstained
    assert "filters" in " ".join(answer.notes)


def test_followup_is_rewritten_and_recorded(assistant):
    session = Session()
    assistant.ask("What did the reviews say about fathers?", session=session)
    answer = assistant.ask("and what about substance misuse?", session=session)
    assert answer.standalone_question == "What did the reviews say about substance misuse?"
    assert len(session.turns) == 2


def test_json_shape(assistant):
    d = assistant.ask("What did the Liam review say about neglect?").to_dict()
    for key in ("question", "answer", "abstained", "citations", "timings_ms"):
        assert key in d
    for c in d["citations"]:
        assert set(c) >= {
            "n",
            "source",
            "title",
            "kind",
            "page",
            "section",
            "quote",
            "start",
            "end",
        }
        assert c["source"].startswith("reviews/")
    assert d["timings_ms"]["total"] > 0


def test_keywords_common_in_a_named_document_are_dropped(assistant):
    source = next(d["source"] for d in assistant.docs if d.get("subject") == "Child H")
    n = next(d["chunks"] for d in assistant.docs if d["source"] == source)
    common = [
        w
        for w in ("child", "baby", "agencies")
        if assistant.catalog.term_frequency(w, [source]) > 0.3 * n
    ]
    assert common, "expected some word in most Child H chunks"
    kept = assistant.distinctive(["suffocated", *common], [source])
    assert kept == ["suffocated"]
    assert assistant.catalog.term_frequency(
        "suffocated", [source]
    ) <= assistant.catalog.term_frequency("suffocated")


def test_a_capitalised_name_the_library_never_writes_abstains(assistant):
    answer = assistant.ask("What do the reviews say about parents asking under Clare's Law?")
    assert answer.abstained and not answer.citations
    assert "never mentions Clare's Law" in answer.answer
    # Three capitalised words the library never writes as a name: no need for a missing word.
    answer = assistant.ask("When is the Child Death Overview Panel told about a baby's death?")
    assert answer.abstained and "never mentions Child Death Overview Panel" in answer.answer
    # Two capitalised words joined by "of" or "for" are a name too; "and" joins two names.
    why = assistant._missing_document("How does the Signs of Safety model work?", [])
    assert why == "the library never mentions Signs of Safety"
    asked = "What did the Liam review say about the Levels of Intervention document?"
    assert assistant._missing_document(asked, ["reviews/002_73cf4f8d1a088ab3.txt"]) is None
    assert assistant._missing_document("Does it differ in Wales and Scotland?", []) is None
    # Two everyday words ("GP Surgery") are not refused as a name: the usual checks decide.
    plan, _, _ = assistant.plan("What did the reviews say about the GP Practice?", None)
    assert assistant._missing_document(plan.question, []) is None
    # The named review's own title, publisher or file name words are no unknown name.
    question = "What did the Derbyshire Safeguarding Children Board Learning Review say on neglect?"
    plan, _, _ = assistant.plan(question, None)
    assert plan.named == ["reviews/000_050a913a287adf6b.txt"]
    assert assistant._missing_document(question, plan.named) is None
    assert assistant._missing_document(question, []) is not None
    # A name the library does write is answered ("Graded Care Profile", in the Derbyshire review).
    answer = assistant.ask("What did the reviews say about the Graded Care Profile?")
    assert not answer.abstained and answer.citations


def test_words_of_a_colloquial_phrase_the_library_lacks_are_not_unknown_terms(assistant):
    # "fobbing" is in no review, but "fobbing off" (here split by "us") is vocabulary for
    # disguised compliance, so the question is not refused as off-topic.
    plan, _, _ = assistant.plan("mum keeps fobbing us off - any learning?", None)
    assert "fobbing" in plan.terms and plan.uncovered == []
    assert "disguised compliance" in plan.expansions
    plan, _, _ = assistant.plan("what about fobbing in the kitchen?", None)
    assert plan.uncovered == ["fobbing", "kitchen"]


def test_a_word_the_library_writes_with_another_ending_is_not_unknown(assistant):
    # The reviews write "commissioned", never "commissioners": the same root.
    plan, _, _ = assistant.plan("What did the reviews say about the commissioners?", None)
    assert "commissioners" in plan.terms and plan.uncovered == []
    # A root the library never writes stays unknown, and short roots are not stretched.
    plan, _, _ = assistant.plan("What did the reviews say about sourdoughs?", None)
    assert plan.uncovered == ["sourdoughs"]


def test_the_askers_own_verb_is_not_a_term_the_library_must_use(assistant):
    # "we lean on": the library never writes "lean", but the asker's verb is not the topic.
    plan, _, _ = assistant.plan("We lean on agency staff - what about fobbing?", None)
    assert "lean" in plan.terms and plan.uncovered == ["fobbing"]


def test_one_everyday_word_in_a_casual_question_does_not_make_its_topic_absent(assistant):
    # Typed in a hurry (lower case, apostrophes dropped), a question uses words the documents
    # never do ("rejig" the assessment); one such word is not enough to refuse it.
    casual = "im a health visitor - do i have to rejig the neglect assessment??"
    plan, _, _ = assistant.plan(casual, None)
    assert "im" not in plan.terms and plan.uncovered == []
    plan, _, _ = assistant.plan("Does a health visitor rejig the neglect assessment?", None)
    assert plan.uncovered == ["rejig"]
    # Two such words still do.
    plan, _, _ = assistant.plan("what about fobbing in the kitchen?", None)
    assert plan.uncovered == ["fobbing", "kitchen"]


def test_the_words_that_say_which_reviews_are_no_topic(assistant):
    asked = "What do the local baby death reviews tell us about the men around the household?"
    plan, _, _ = assistant.plan(asked, None)
    assert plan.review_intent
    assert "death" not in plan.terms and {"men", "household"} <= set(plan.terms)
    # "The health visitors in these reviews" are a topic, not a kind of review.
    plan, _, _ = assistant.plan(
        "What did the health visitors in these reviews miss about sleep?", None
    )
    assert "visitors" in plan.terms
    # With nothing else asked they are the topic.
    plan, _, _ = assistant.plan("What do the baby death reviews say?", None)
    assert "death" in plan.terms


def test_words_of_the_scene_before_a_question_need_not_be_the_librarys(assistant):
    scene = "A pupil tells a TA at lunch that her stepdad hits her and begs her not to tell."
    plan, _, _ = assistant.plan(f"{scene} Can the TA promise to keep it a secret?", None)
    assert plan.uncovered == []
    # Asked in the question itself, the same words are still unknown.
    plan, _, _ = assistant.plan("Can a TA at lunch who begs promise to keep a secret?", None)
    assert {"lunch", "begs"} <= set(plan.uncovered)
    # A final question with no topic of its own leaves the scene as the topic.
    scene = "Our school is rewriting its privacy notice for the payroll system."
    plan, _, _ = assistant.plan(f"{scene} What must it include?", None)
    assert "payroll" in plan.uncovered


def test_a_definition_of_a_documents_own_name_is_not_an_overview_of_it(assistant):
    # The quoted phrase both names the briefing and is what is asked about; with the name taken
    # out nothing would be left and the question would read as "summarise the briefing".
    plan, _, _ = assistant.plan("What counts as 'who visits or lives'?", None)
    assert plan.named == ["reviews/004_16a21249cd7d8350.txt"]
    assert plan.defines == "who visits or lives"
    assert not plan.overview and set(plan.terms) == {"visits", "lives"}


def test_recommendations_of_a_named_review_come_from_its_recommendation_sections(assistant):
    # With no topic left once the name is gone, a sentence score would abstain; an overview does not.
    answer = assistant.ask("What recommendations did the Child H review make?")
    assert not answer.abstained
    assert {c.source for c in answer.citations} == {"reviews/003_52c76c2e1049232f.txt"}
    sections = [c.section or "" for c in answer.citations]
    assert sum("RECOMMENDATION" in s.upper() for s in sections) >= len(sections) // 2
    _verbatim(assistant, answer)


def test_the_words_of_a_documents_own_title_leave_a_question_asking_for_its_findings(assistant):
    # "Multi-Agency Serious Incident" is the review's title, not a topic within it.
    q = "What were the main findings of the SILR15b Multi-Agency Serious Incident Learning Review?"
    plan, _, _ = assistant.plan(q, None)
    assert plan.named == ["reviews/000_050a913a287adf6b.txt"]
    assert plan.overview and plan.conclusions and plan.finds
    # So do the words of a description of it, but not the topic after it.
    plan, _, _ = assistant.plan("What were the key findings of the Child H report?", None)
    assert plan.overview
    asked = "What are the lessons from the Child H report for schools about attendance?"
    assert not assistant.plan(asked, None)[0].overview
    # A topic left over is still a topic.
    plan, _, _ = assistant.plan("What did the SILR15b review find about the baby's weight?", None)
    assert not plan.overview and plan.finds


def test_the_words_that_pick_out_a_named_review_are_not_its_topic(assistant):
    asked = "What did the review into baby Liam's death say about record keeping?"
    plan, _, _ = assistant.plan(asked, None)
    assert plan.named == ["reviews/002_73cf4f8d1a088ab3.txt"]
    assert plan.terms == ["record", "keeping"]
    assert "infant" not in plan.expansions  # nor the synonyms of "baby"
    # Without another topic, the description stays the topic.
    plan, _, _ = assistant.plan("What did the review into Liam's death say about the death?", None)
    assert "death" in plan.terms


def test_the_plan_reads_what_happened_and_a_casual_question(assistant):
    plan, _, _ = assistant.plan("What happened to Child H?", None)
    assert plan.overview and plan.happened and not plan.casual
    plan, _, _ = assistant.plan("the house is a tip - any learning?", None)
    assert plan.casual and not plan.happened


def test_an_overview_reads_the_whole_named_review(assistant):
    answer = assistant.ask("Summarise the Child H review.")
    assert not answer.abstained and answer.citations
    chunks = {p.chunk.chunk_id for p in answer.passages}
    whole = assistant.catalog.chunks_of("reviews/003_52c76c2e1049232f.txt")
    assert {c.chunk_id for c in whole} <= chunks


def test_an_everyday_word_the_library_never_uses_reaches_its_professional_term(assistant):
    # "depression" occurs in no review; the vocabulary maps it to "mental health", which does, so
    # the word does not count as one the library never mentions (which would abstain).
    plan, _, _ = assistant.plan("What did reviews say about mums with depression?", None)
    assert plan.uncovered == []
    assert "mental health" in plan.expansions
    plan, _, _ = assistant.plan("What did reviews say about mums baking sourdough?", None)
    assert "sourdough" in plan.uncovered


class _RecordingGenerative:
    """Stands in for the LLM answerer: records the passages it is given, answers with the fallback."""

    def __init__(self) -> None:
        self.given: list = []

    def answer(self, question, passages, fallback, on_token=None):
        self.given = passages
        return fallback()


def test_the_model_gets_at_most_top_k_passages_those_quoted_first(assistant):
    recorder = _RecordingGenerative()
    assistant.generative = recorder
    try:
        answer = assistant.ask("Summarise the Child H review.", llm=True)
    finally:
        assistant.generative = None
    assert len(answer.passages) > assistant.settings.retrieval.top_k  # the whole review
    assert len(recorder.given) == assistant.settings.retrieval.top_k
    first = recorder.given[0].chunk
    assert any(first.start <= c.start < first.end for c in answer.citations)


def test_a_word_a_named_review_uses_throughout_gets_no_synonyms_there(assistant):
    # "baby" is in most Baby E chunks: its synonyms would match the whole review. Elsewhere the
    # same word is expanded as usual.
    named, _, _ = assistant.plan(
        "In the Baby E review, what was said about the weight of the baby?", None
    )
    open_, _, _ = assistant.plan("What was said about the weight of the baby?", None)
    synonyms = set(assistant.vocabulary["baby"])
    assert synonyms & set(open_.expansions)
    assert not synonyms & set(named.expansions)


def test_a_named_document_the_library_neither_holds_nor_mentions_abstains(assistant):
    answer = assistant.ask(
        "What training must foster carers complete under the Training, Support and Development "
        "Standards in their first year?"
    )
    assert answer.abstained and answer.citations == []
    assert "Training, Support and Development Standards" in answer.answer


def test_a_named_document_the_library_cites_by_name_is_not_refused_as_unknown(assistant):
    # Baby E writes "Common Assessment Framework": a question calling it a protocol is about a
    # name the library uses, not an unknown document. A name nowhere in it is refused as one.
    known = assistant.ask("What does the Common Assessment Protocol say about early help?")
    assert "holds no document called" not in known.answer
    unknown = assistant.ask("What does the Zebra Crossing Protocol say about early help?")
    assert (
        unknown.abstained and "holds no document called Zebra Crossing Protocol" in unknown.answer
    )


def test_only_a_plain_question_stops_spreading_after_the_first_round(assistant):
    plain, _, _ = assistant.plan("How should neglect be assessed?", None)
    reviews, _, _ = assistant.plan("What did the reviews say about neglect?", None)
    named, _, _ = assistant.plan("What did the Child H review say about neglect?", None)
    assert assistant._rounds(plain) == assistant.settings.retrieval.focused_rounds == 1
    assert assistant._rounds(reviews) is None and assistant._rounds(named) is None


def test_a_scene_setting_question_scores_by_what_it_finally_asks(assistant, monkeypatch):
    seen: list[tuple[list[float], list[float], float]] = []
    real = service._blend
    monkeypatch.setattr(service, "_blend", lambda a, b, w: seen.append((a, b, w)) or real(a, b, w))
    assistant.ask("The baby died at home. What did the reviews say about fathers?")
    assistant.ask("What did the reviews say about fathers?")
    assert len(seen) == 1 and seen[0][2] == 0.5
    mixed = real([1.0, 0.0], [0.0, 1.0], 0.5)
    assert mixed == pytest.approx([2**-0.5, 2**-0.5])
    assert real([1.0, 0.0], [0.0, 1.0], 0.0) == [1.0, 0.0]


def test_two_words_the_library_writes_as_one_are_searched_as_one(assistant):
    # The reviews write "lifestyle" and "Grandparents": "life style", "grand parents" find them.
    plan, _, _ = assistant.plan(
        "What about the parents' chaotic life style and the grand parents?", None
    )
    assert "lifestyle" in plan.expansions and "grandparents" in plan.expansions
    plan, _, _ = assistant.plan("What about the parents' chaotic lifestyle?", None)
    assert "lifestyle" not in plan.expansions


def test_a_name_only_one_document_uses_points_at_that_document(assistant):
    plan, _, _ = assistant.plan("What does the Pre Birth Protocol say about siblings?", None)
    assert plan.named == ["reviews/000_050a913a287adf6b.txt"]
    answer = assistant.ask("What does the Pre Birth Protocol say about siblings?")
    assert {c.source for c in answer.citations} == {"reviews/000_050a913a287adf6b.txt"}
    # Asked what the guidance says, a name only a review uses does not name that review.
    plan, _, _ = assistant.plan("What does the guidance say about the Pre Birth Protocol?", None)
    assert plan.named == []
    # A name several documents use names none of them.
    plan, _, _ = assistant.plan("What is a Child Protection Plan?", None)
    assert plan.named == []


def test_an_everyday_verb_after_only_does_not_make_the_topic_absent(assistant):
    asked = "Parents who keep missing appointments or only pretend to engage - what did they say?"
    plan, _, _ = assistant.plan(asked, None)
    assert "pretend" in plan.terms and plan.uncovered == []
    plan, _, _ = assistant.plan("Parents who pretend to engage - what did they say?", None)
    assert plan.uncovered == ["pretend"]
