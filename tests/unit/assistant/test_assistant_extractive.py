"""The extractive answerer: which documents and sentences it quotes, in what order, with what framing."""

from __future__ import annotations

from assistant.candidates import Candidate, candidates
from assistant.extractive import ExtractiveAnswerer, Plan
from caselearn.settings import AnswerSettings
from caselearn.types import Chunk, Passage
from ingest.embed import HashingEmbedder

TEXT = (
    "These failures were seen again in the chronology of bruising.\n\n"
    "Failures in the chronology of bruising were seen again."
)


def _answerer(idf=None, **settings) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(
        AnswerSettings(**settings), HashingEmbedder(), lambda s: None, lambda s: s, idf=idf
    )


def _candidates(answerer: ExtractiveAnswerer) -> list[Candidate]:
    chunk = Chunk(
        chunk_id="c1", doc_id="d", source="reviews/x.txt", title="Liam", kind="review",
        section=None, page=None, start=0, end=len(TEXT), text=TEXT, ordinal=0, n_tokens=20,
    )  # fmt: skip
    return candidates([Passage(chunk=chunk, score=1.0, dense_score=0.5)])


def _plan(terms: list[str]) -> Plan:
    return Plan("q", terms, [], False, [], 5, 10)


LIST = (
    "There were four occasions when meetings should have taken place:\n"
    "- Antenatally after the first scan\n"
    "- Postnatally upon the discharge of mother and baby\n"
    "- When the parents moved to their own tenancy"
)


def test_a_list_item_is_not_quoted_again_after_its_lead_in() -> None:
    chunk = Chunk(
        chunk_id="c2", doc_id="d", source="reviews/h.txt", title="Child H", kind="review",
        section=None, page=None, start=0, end=len(LIST), text=LIST, ordinal=0, n_tokens=40,
    )  # fmt: skip
    answerer = _answerer(single_sentences=5, single_followup_margin=2.0)
    plan = Plan("When should meetings have taken place?", ["meetings"], [], False, [], 5, 10)
    emb = HashingEmbedder()
    passages = [Passage(chunk=chunk, score=1.0, dense_score=0.9)]
    answer = answerer.answer(plan, emb.embed(["meetings should have taken place"])[0], passages)
    spans = [(c.start, c.end) for c in answer.citations]
    assert spans, answer.answer
    assert all(a[1] <= b[0] or b[1] <= a[0] for i, a in enumerate(spans) for b in spans[i + 1 :])
    assert answer.answer.count("Postnatally") == 1


def _passage(text: str, source: str = "reviews/e.txt") -> Passage:
    chunk = Chunk(
        chunk_id=source, doc_id="d", source=source, title="Baby E", kind="review",
        section=None, page=None, start=0, end=len(text), text=text, ordinal=0, n_tokens=60,
    )  # fmt: skip
    return Passage(chunk=chunk, score=1.0, dense_score=0.9)


NEXT = (
    "The LSCB should issue guidance to all practitioners on voluntary agreements with parents.\n\n"
    "These are voluntary in the sense that they are not legally binding.\n\n"
    "The family moved house twice during the period under review and changed GP practice."
)


def test_a_single_document_answer_quotes_the_sentence_that_explains_its_best_one() -> None:
    plan = Plan(
        "What about voluntary agreements?", ["voluntary", "agreements"], [], False, [], 5, 10
    )
    vec = HashingEmbedder().embed(["issue guidance on voluntary agreements"])[0]
    quotes = {}
    for margin in (0.0, 2.0):
        answerer = _answerer(neighbour_margin=margin, single_sentences=1, continuations=0)
        answer = answerer.answer(plan, vec, [_passage(NEXT)])
        quotes[margin] = [c.quote for c in answer.citations]
    assert quotes[0.0] == [NEXT.split("\n\n")[0]]
    assert quotes[2.0] == NEXT.split("\n\n")[:2]


def test_a_sentence_the_document_repeats_is_quoted_once() -> None:
    said = "Schools should make reasonable enquiries to find out where the child is."
    text = f"{said}\n\nThe local authority keeps a record of the child.\n\n{said}"
    plan = Plan("What enquiries?", ["enquiries"], [], False, [], 5, 10)
    vec = HashingEmbedder().embed([said])[0]
    answer = _answerer(single_followup_margin=2.0).answer(plan, vec, [_passage(text)])
    assert [c.quote for c in answer.citations].count(said) == 1
    assert len(answer.citations) == 2


PARAGRAPH = (
    "There was a lot of GP, midwifery and health visiting involvement with the family. "
    "An independent author wrote the overview report and this summary for the board."
)


def test_the_paragraph_fill_leaves_out_sentences_far_below_the_best() -> None:
    plan = Plan("What about the GP?", ["gp"], [], False, [], 5, 10)
    vec = HashingEmbedder().embed(["GP midwifery health visiting involvement family"])[0]
    quoted = {}
    for margin in (9.0, 0.2):
        answerer = _answerer(paragraph_margin=margin, single_sentences=1, neighbour_margin=0.0)
        answer = answerer.answer(plan, vec, [_passage(PARAGRAPH)])
        quoted[margin] = [c.quote for c in answer.citations]
    assert len(quoted[9.0]) == 2
    assert quoted[0.2] == [PARAGRAPH.split(". ")[0] + "."]


def test_a_broad_question_lets_in_documents_further_below_the_best() -> None:
    close = _passage("Neglect of the baby was missed by the GP and the school.", "reviews/a.txt")
    far = _passage("Agencies must share information about neglect early.", "reviews/b.txt")
    vec = HashingEmbedder().embed(["neglect of the baby was missed by the GP"])[0]
    sources = {}
    for broad in (False, True):
        plan = Plan("What do the reviews say?", ["neglect"], [], False, [], 5, 10, broad=broad)
        answerer = _answerer(open_margin=0.01, broad_margin=5.0, idf_terms=False)
        answer = answerer.answer(plan, vec, [close, far])
        sources[broad] = {c.source for c in answer.citations}
    assert sources[False] == {"reviews/a.txt"}
    assert sources[True] == {"reviews/a.txt", "reviews/b.txt"}


def test_which_review_quotes_the_best_match_not_every_match() -> None:
    close = _passage("Neglect of the baby was missed by the GP and the school.", "reviews/a.txt")
    far = _passage("Agencies must share information about neglect early.", "reviews/b.txt")
    vec = HashingEmbedder().embed(["neglect of the baby was missed by the GP"])[0]
    sources = {}
    for which in (False, True):
        plan = Plan("Which review found neglect?", ["neglect"], [], True, [], 5, 10)
        plan.which_one = which
        answerer = _answerer(review_margin=5.0, which_margin=0.05, idf_terms=False)
        answer = answerer.answer(plan, vec, [close, far])
        sources[which] = {c.source for c in answer.citations}
    assert sources[False] == {"reviews/a.txt", "reviews/b.txt"}
    assert sources[True] == {"reviews/a.txt"}


def test_a_near_verbatim_match_does_not_shut_out_the_other_reviews() -> None:
    close = _passage("Neglect of the baby was missed by the GP and the school.", "reviews/a.txt")
    far = _passage("Agencies must share information about neglect early.", "reviews/b.txt")
    vec = HashingEmbedder().embed(["neglect of the baby was missed by the GP and the school"])[0]
    sources = {}
    for ceiling, which in ((9.0, False), (0.1, False), (0.1, True)):
        plan = Plan("What do the reviews say about neglect?", ["neglect"], [], True, [], 5, 10)
        plan.which_one = which
        answerer = _answerer(
            review_margin=0.05, which_margin=0.05, review_margin_ceiling=ceiling,
            abstain_min_dense=0.0, idf_terms=False,
        )  # fmt: skip
        answer = answerer.answer(plan, vec, [close, far])
        sources[ceiling, which] = {c.source for c in answer.citations}
    assert sources[9.0, False] == {"reviews/a.txt"}
    # The margin is measured from the ceiling, not from the near-verbatim match...
    assert sources[0.1, False] == {"reviews/a.txt", "reviews/b.txt"}
    # ...except when the question asks which one review.
    assert sources[0.1, True] == {"reviews/a.txt"}


def test_each_part_of_a_two_part_question_gets_its_best_sentence() -> None:
    text = (
        "The baby died of sudden infant death while sleeping with the father in a chair.\n\n"
        "The baby slept in a chair with the father on the sofa that night.\n\n"
        "The baby was aged nine weeks."
    )
    question = "How did the baby die sleeping in a chair, and how old was the baby?"
    vec = HashingEmbedder().embed([question])[0]
    quoted = {}
    for parts in ([], ["How did the baby die sleeping in a chair", "how old was the baby"]):
        plan = Plan(question, ["baby", "die", "sleeping", "chair", "old"], [], False, [], 5, 10)
        plan.aspects = parts
        answerer = _answerer(
            single_sentences=2,
            single_followup_margin=2.0,
            neighbour_margin=0.0,
            paragraph_margin=0.0,
            idf_terms=False,
            abstain_min_dense=0.0,
        )
        answer = answerer.answer(plan, vec, [_passage(text)])
        quoted[bool(parts)] = [c.quote for c in answer.citations]
    assert "The baby was aged nine weeks." not in quoted[False]
    assert "The baby was aged nine weeks." in quoted[True]


def test_an_overview_of_a_named_document_quotes_its_central_sentences_instead_of_abstaining() -> (
    None
):
    text = (
        "Neglect of the children was not recognised by agencies.\n\n"
        "Agencies did not recognise the neglect of the children over time.\n\n"
        "The overview report was typed in Arial."
    )
    # "Summarise the Liam review" without the name leaves no topic: its vector matches nothing.
    plan = Plan("Summarise the Liam review.", ["summarise"], [], True, ["reviews/e.txt"], 5, 10)
    answerer = _answerer(single_sentences=2, neighbour_margin=0.0, paragraph_margin=0.0)
    assert answerer.answer(plan, [0.0] * 384, [_passage(text)]).abstained
    plan.overview = True
    answer = answerer.answer(plan, [0.0] * 384, [_passage(text)])
    assert not answer.abstained
    assert [c.quote for c in answer.citations] == text.split("\n\n")[:2]


def test_abstention_looks_past_leading_passages_with_nothing_to_quote() -> None:
    axis = "Phase 1\n\nPhase 2\n\nPhase 3\n\n2019 2020 2021 2022"
    junk = [_passage(axis, f"guidance/chart{i}.pdf") for i in range(8)]
    said = "The ninth phase of the research covers April 2022 to March 2024."
    plan = Plan("What period does phase 9 cover?", ["period", "phase"], [], False, [], 5, 10)
    vec = HashingEmbedder().embed([said])[0]
    answer = _answerer(abstain_passages=8).answer(plan, vec, [*junk, _passage(said)])
    assert not answer.abstained
    assert [c.quote for c in answer.citations] == [said]


def test_a_question_about_guidance_quotes_guidance_and_says_so_when_only_reviews_cover_it() -> None:
    review = _passage("Agencies did not record how long the plan took.", "reviews/l.txt")
    research = _passage("Recording takes social workers a long time.", "guidance/essex.pdf")
    research.chunk.kind = "guidance"
    vec = HashingEmbedder().embed(["how long recording takes"])[0]
    plan = Plan("What did the research find?", ["recording"], [], False, [], 5, 10)
    plan.guidance_intent = True
    answerer = _answerer(open_margin=5.0, idf_terms=False)
    answer = answerer.answer(plan, vec, [review, research])
    assert {c.source for c in answer.citations} == {"guidance/essex.pdf"}
    answer = answerer.answer(plan, vec, [review])
    assert {c.source for c in answer.citations} == {"reviews/l.txt"}
    assert answer.answer.startswith("No guidance or research in the library addresses this.")


def test_a_one_document_answer_says_which_document_unless_the_question_named_it() -> None:
    said = "Agencies must consider all marks and bruises seen on a child."
    vec = HashingEmbedder().embed([said])[0]
    plan = Plan("What about bruises?", ["bruises"], [], False, [], 5, 10)
    answer = _answerer().answer(plan, vec, [_passage(said, "reviews/liam.txt")])
    assert answer.answer.startswith(f"reviews/liam.txt: {said} [1]")
    plan.named = ["reviews/liam.txt"]
    answer = _answerer().answer(plan, vec, [_passage(said, "reviews/liam.txt")])
    assert answer.answer.startswith(f"{said} [1]")
    # "Which review concerned a 1-month-old baby?" found it by description: it asks the name.
    plan.which_one = True
    answer = _answerer().answer(plan, vec, [_passage(said, "reviews/liam.txt")])
    assert answer.answer.startswith(f"reviews/liam.txt: {said} [1]")


def test_which_briefing_names_the_document_by_its_title_as_well_as_its_label() -> None:
    from caselearn.types import Document

    said = "Professionals felt uncomfortable challenging the adults when they were evasive."
    title = "Briefing Note: Are you sure you know who visits or lives in my house?"
    doc = Document("d", "reviews/v.txt", title, "review", said, "h")
    answerer = ExtractiveAnswerer(
        AnswerSettings(), HashingEmbedder(), lambda s: doc, lambda s: "Briefing note (2020)"
    )
    vec = HashingEmbedder().embed([said])[0]
    plan = Plan("Which briefing found adults were evasive?", ["evasive"], [], True, [], 5, 10)
    plain = answerer.answer(plan, vec, [_passage(said, "reviews/v.txt")]).answer
    assert f"\n\nBriefing note (2020): {said}" in plain
    plan.which_one = True
    which = answerer.answer(plan, vec, [_passage(said, "reviews/v.txt")]).answer
    assert f"\n\nBriefing note (2020), “{title}”: {said}" in which


LEANS = (
    "Leaders should publish a local policy on kinship care.\n\n"
    "This should include a named responsible manager for kinship care.\n\n"
    "Foster carers receive an annual allowance from the council."
)


def test_a_sentence_that_leans_on_a_pick_is_quoted_after_it() -> None:
    other = _passage("Leaders should publish their kinship care policy online.", "guidance/b.pdf")
    vec = HashingEmbedder().embed(["leaders publish policy kinship care"])[0]
    plan = Plan("What should leaders publish?", ["leaders", "publish"], [], False, [], 5, 10)
    quoted = {}
    for n in (0, 2):
        answerer = _answerer(
            continuations=n, thematic_sentences=1, open_margin=5.0, idf_terms=False
        )
        answer = answerer.answer(plan, vec, [_passage(LEANS, "guidance/a.pdf"), other])
        quoted[n] = [c.quote for c in answer.citations]
    assert "This should include a named responsible manager for kinship care." not in quoted[0]
    assert "This should include a named responsible manager for kinship care." in quoted[2]
    assert not any("Foster carers" in q for q in quoted[2])


def test_examples_after_a_definition_are_quoted_with_it() -> None:
    text = (
        "A low-level concern is any concern that an adult may have acted inappropriately.\n\n"
        "Examples of such behaviour include being over friendly with children.\n\n"
        "Staff codes of conduct are reviewed each year."
    )
    vec = HashingEmbedder().embed(["low-level concern adult acted inappropriately"])[0]
    plan = Plan("What is a low-level concern?", ["concern"], [], False, [], 5, 10)
    answerer = _answerer(
        continuations=1, single_sentences=1, neighbour_margin=0.0, paragraph_margin=0.0
    )
    answer = answerer.answer(plan, vec, [_passage(text)])
    quotes = [c.quote for c in answer.citations]
    assert quotes == text.split("\n\n")[:2], quotes


def test_a_definition_brings_the_next_paragraph_only_when_it_leans_on_the_definition() -> None:
    # Continuations off: the definition's own follower quotes the examples across the break.
    definition = "A low-level concern is any concern that an adult may have acted inappropriately."
    text = definition + "\n\nExamples of such behaviour include being over friendly with children."
    vec = HashingEmbedder().embed(["low-level concern adult acted inappropriately"])[0]
    plan = Plan("What is a low-level concern?", ["concern"], [], False, [], 5, 10)
    plan.defines = "low-level concern"
    settings = {"continuations": 0, "single_sentences": 1, "paragraph_margin": 0.0}
    answer = _answerer(**settings, neighbour_margin=0.0).answer(plan, vec, [_passage(text)])
    assert [c.quote for c in answer.citations] == text.split("\n\n")
    # A new paragraph that does not lean on it is another point, not the definition's end.
    other = definition + "\n\nStaff codes of conduct are reviewed every year by governors."
    answer = _answerer(**settings, neighbour_margin=0.0).answer(plan, vec, [_passage(other)])
    assert [c.quote for c in answer.citations] == [definition]


def test_weak_similarity_without_the_questions_most_specific_word_abstains() -> None:
    text = "Applicants fill in a self-declaration form before the interview."
    passage = _passage(text, "guidance/k.pdf")
    passage.dense_score = 0.32  # weak: below abstain_weak_dense, above abstain_min_dense
    vec = HashingEmbedder().embed([text])[0]
    rarity = {"tax": 9.0, "fill": 2.0, "return": 3.0}.get
    plan = Plan("How do I fill in a tax return?", ["fill", "tax", "return"], [], False, [], 5, 10)
    answer = _answerer(idf=rarity).answer(plan, vec, [passage])
    assert answer.abstained and "never mention tax" in answer.answer
    # A vocabulary expansion of the question found in the passage anchors it.
    plan.expansions = ["self-declaration"]
    assert not _answerer(idf=rarity).answer(plan, vec, [passage]).abstained
    # So does a theme filter, which chose the passages by topic rather than by words.
    plan.expansions = []
    plan.themed = True
    assert not _answerer(idf=rarity).answer(plan, vec, [passage]).abstained
    # And a strong enough similarity.
    plan.themed = False
    passage.dense_score = 0.5
    assert not _answerer(idf=rarity).answer(plan, vec, [passage]).abstained


def test_a_casual_question_is_not_refused_for_a_word_the_passages_lack() -> None:
    text = "The home conditions were poor and the house was very cluttered."
    passage = _passage(text, "reviews/b.txt")
    passage.dense_score = 0.32
    vec = HashingEmbedder().embed([text])[0]
    rarity = {"tip": 9.0, "house": 2.0}.get
    for question, casual in (
        ("Was the house a tip?", False),
        ("the house is a tip - any learning?", True),
    ):
        plan = Plan(question, ["house", "tip"], [], True, [], 5, 10)
        plan.casual = casual  # as the planner reads it (asks_informally)
        assert _answerer(idf=rarity).answer(plan, vec, [passage]).abstained is not casual, question


def test_a_quoted_definition_brings_the_sentence_that_completes_it() -> None:
    text = (
        "Kinship care is any situation in which a child is raised by a friend or relative. "
        "The arrangement may be temporary or longer term.\n\n"
        "Kinship carers receive support from the council.\n\n"
        "Kinship care is valued by leaders who commission support for kinship carers."
    )
    vec = HashingEmbedder().embed(["kinship care support kinship carers leaders"])[0]
    plan = Plan("What is kinship care?", ["kinship", "care"], [], False, [], 5, 10)
    plan.defines = "kinship care"
    quoted = {}
    for n in (0, 1):
        answerer = _answerer(
            definition_followers=n,
            single_sentences=2,
            single_followup_margin=5.0,
            neighbour_margin=0.0,
            paragraph_margin=0.0,
            continuations=0,
            idf_terms=False,
        )
        quoted[n] = [c.quote for c in answerer.answer(plan, vec, [_passage(text)]).citations]
    assert "The arrangement may be temporary or longer term." not in quoted[0]
    assert "The arrangement may be temporary or longer term." in quoted[1]


def test_a_number_asked_of_the_library_that_several_documents_only_touch_on_abstains() -> None:
    texts = {
        "guidance/a.pdf": "A child protection conference brings agencies together for the child.",
        "guidance/b.pdf": "The child protection conference reviews the child's plan with the family.",
        "guidance/c.pdf": "Each child protection conference records the decisions made for the child.",
    }
    passages = [_passage(t, s) for s, t in texts.items()]
    vec = HashingEmbedder().embed(["child protection conference for the child"])[0]
    question = "How many working days after a strategy discussion is a child protection conference?"
    plan = Plan(question, ["conference"], [], False, [], 5, 10)
    plan.numeric = plan.counted = True
    answerer = _answerer(idf_terms=False, open_margin=5.0)
    answer = answerer.answer(plan, vec, passages)
    assert answer.abstained and answer.citations == []
    assert "3 documents touch on it" in answer.answer
    # One document is where such a fact is stated: it is quoted.
    assert not answerer.answer(plan, vec, passages[:1]).abstained
    # Asked of the reviews, a number may well be in several ("How many reviews…").
    plan.review_intent = True
    assert not answerer.answer(plan, vec, passages).abstained
    plan.review_intent = False
    # "How long should…", "When does…" ask for a number too, but the answer may be in words.
    plan.counted = False
    assert not answerer.answer(plan, vec, passages).abstained
    plan.counted = True
    assert (
        not _answerer(idf_terms=False, open_margin=5.0, abstain_numeric_spread=0)
        .answer(plan, vec, passages)
        .abstained
    )


def test_a_list_under_its_heading_answers_only_a_question_asking_for_what_it_lists() -> None:
    text = (
        "The framework sets out how care should work for every family.\n\n"
        "Principles of children's social care\n\n"
        "- Children's welfare is paramount.\n"
        "- Children's social care works in partnership with whole families."
    )
    vec = HashingEmbedder().embed(["principles of children's social care"])[0]
    plan = Plan("What are the principles of children's social care?", ["principles"], [], False,
                [], 5, 10)  # fmt: skip
    quotes = {}
    for listed in (None, "principles"):
        plan.listed = listed
        answer = _answerer(idf_terms=False, list_weight=0.1).answer(plan, vec, [_passage(text)])
        quotes[listed] = [c.quote for c in answer.citations]
    heading = "Principles of children's social care"
    assert any(q.startswith(heading) for q in quotes["principles"])
    assert not any(heading in q for q in quotes[None])


def test_what_happened_in_a_named_review_quotes_its_headed_list_of_the_death() -> None:
    text = (
        "Theme of SCR: incoherent early help and limited assessments of the family.\n\n"
        "Baby E\n\n- Born 2013 and died in September 2013, aged 8 months\n"
        "- Baby E found not breathing at home, attempts made to resuscitate"
    )
    vec = HashingEmbedder().embed(["incoherent early help and limited assessments"])[0]
    quotes = {}
    for question in ("What happened to Baby E?", "Summarise the Baby E review."):
        plan = Plan(question, [], [], True, [], 5, 10)
        plan.overview, plan.named = True, ["reviews/e.txt"]
        plan.happened = question.startswith("What happened")  # as the planner reads it
        answer = _answerer(single_sentences=1, event_weight=0.25).answer(
            plan, vec, [_passage(text)]
        )
        quotes[question] = [c.quote for c in answer.citations]
    assert any(q.startswith("Baby E\n\n- Born 2013") for q in quotes["What happened to Baby E?"])
    assert not any(q.startswith("Baby E") for q in quotes["Summarise the Baby E review."])


def test_a_repeated_sentence_does_not_cost_a_document_its_next_quote() -> None:
    # PDFs repeat a definition in an annex; the copy is skipped and the next sentence quoted.
    first = "Private fostering occurs when a child under 16 is cared for by someone else."
    text = (
        f"{first}\n\nA child is not privately fostered if cared for for less than 28 days.\n\n"
        f"Annex.\n\n{first}"
    )
    answerer = _answerer(
        thematic_sentences=2, continuations=0, thematic_followup_margin=2.0, open_margin=2.0
    )
    question = "When is a child privately fostered under 16?"
    plan = Plan(question, ["child", "privately", "fostered", "16"], [], False, [], 5, 10)
    passages = [
        _passage(text, "guidance/k.pdf"),
        _passage("A child cared for by a friend is fostered privately.", "guidance/f.pdf"),
    ]
    answer = answerer.answer(plan, HashingEmbedder().embed([question])[0], passages)
    quotes = [c.quote for c in answer.citations if c.source == "guidance/k.pdf"]
    assert quotes.count(first) == 1
    assert any("less than 28 days" in q for q in quotes), answer.answer
