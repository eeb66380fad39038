"""Question intent: reviews or guidance, several documents, two parts, a whole named document."""

import pytest

from assistant.intent import (
    asked_list,
    asks_about_reviews,
    asks_broadly,
    asks_for_agent,
    asks_for_conclusions,
    asks_for_count,
    asks_for_findings,
    asks_for_number,
    asks_for_overview,
    asks_for_recommendations,
    asks_for_superlative,
    asks_informally,
    asks_what_happened,
    asks_which_document,
    asks_why,
    aspects,
    final_question,
    has_number,
    states_agent,
    states_cause,
    states_event,
    states_finding,
    states_recommendation,
    states_superlative,
)


def test_review_intent():
    assert asks_about_reviews("What did the case reviews find about neglect?")
    assert not asks_about_reviews("What does KCSIE say about the DSL?")


def test_broad_intent_is_a_question_about_several_documents():
    assert asks_broadly("What do the reviews and guidance say about early help?")
    assert asks_broadly("What does the research and guidance say about neglect?")
    assert not asks_broadly("What did the Liam review say about neglect?")
    assert not asks_broadly("What should a school do about a missing child?")


def test_a_question_asking_two_things_is_split_into_its_parts():
    assert aspects("How did Child H die, and how old was the baby?") == [
        "How did Child H die",
        "how old was the baby",
    ]
    assert aspects("What does ADCS say about contacts and about education as a partner?") == [
        "What does ADCS say about contacts",
        "about education as a partner",
    ]
    # "fathers and other men" is one topic; a part of fewer than two content words is no question.
    assert aspects("What is the learning about fathers and other men?") == []
    assert aspects("How did mental health feature, and why?") == []


def test_an_overview_is_a_named_question_with_no_topic_left():
    assert asks_for_overview(["summarise"])
    assert asks_for_overview(["happened"])
    assert asks_for_overview(["main", "themes"])
    assert asks_for_overview(["scr", "recommend"])  # "What did Liam's SCR recommend?"
    assert asks_for_overview([])
    assert asks_for_overview(["recommendations", "make"])
    assert asks_for_overview(["key", "note"])  # "the key learning in the … briefing note"
    assert not asks_for_overview(["happened", "school"])
    assert not asks_for_overview(["recommend", "handover"])


def test_conclusions_are_read_from_the_words_stopwords_would_drop():
    assert asks_for_conclusions("What was the key learning from the 2020 briefing?")
    assert asks_for_conclusions("What lessons came out of the Child H review?")
    assert asks_for_conclusions("What did the Liam review recommend?")
    assert asks_for_conclusions("What practice advice does the 2020 briefing give?")
    assert asks_for_overview(["practice", "advice", "give"])
    assert not asks_for_conclusions("What happened to Baby E?")
    # the kind of document, not what is asked of it
    assert not asks_for_conclusions("Summarise the Derbyshire learning review")


def test_questions_whose_answer_is_a_number_or_a_date():
    assert asks_for_number("How many data fields were evaluated?")
    assert asks_for_number("How old was the baby?")
    assert asks_for_number("What period does phase 9 cover?")
    assert asks_for_number("When did the family move?")
    assert not asks_for_number("What did the reviews say about fathers?")
    assert has_number("1,575 data fields were evaluated.") and has_number("in March 2024")
    assert has_number("around five children in every classroom")
    assert not has_number("Professionals may be too optimistic.")


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("What are the four categories of online safety risk?", "categories"),
        ("Which groups of children does the CME guidance identify as at risk?", "groups"),
        ("What are the outcomes that the framework expects?", "outcomes"),
        ("What were the main themes of the Baby E review?", "themes"),
        ("Which three groups of home-educated children did the panel identify?", "groups"),
        ("What four areas of online risk does KCSIE set out?", "areas"),
        ("What is a low-level concern?", None),
        ("What did the reviews say about fathers?", None),
        ("What does KCSIE say about staff training?", None),
    ],
)
def test_the_noun_a_list_question_asks_for(question: str, noun: str | None) -> None:
    assert asked_list(question) == noun


def test_which_review_asks_for_one_document() -> None:
    assert asks_which_document("Which review found that agencies did not share information?")
    assert asks_which_document("Which serious case review concerned a baby of nine weeks?")
    assert not asks_which_document("Which reviews mention fathers?")
    assert not asks_which_document("Which groups of children are at risk?")


def test_questions_asking_what_was_recommended() -> None:
    assert asks_for_recommendations("What did the Child H review recommend about handovers?")
    assert asks_for_recommendations("What recommendations did the Derbyshire review make?")
    assert not asks_for_recommendations("What did the review find about fathers?")
    assert states_recommendation("As such, we recommend the DfE develops national guidelines.")
    assert not states_recommendation("Records should be written in plain English.")


def test_questions_asking_for_the_most_or_least() -> None:
    assert asks_for_superlative("Who makes the most referrals to children's social care?")
    assert asks_for_superlative("Which factor was the most common at assessment?")
    assert not asks_for_superlative("What do most reviews say about fathers?")
    assert not asks_for_superlative("How many referrals were made?")
    assert states_superlative("The police remain the largest single referrer.")
    assert not states_superlative("Schools made 20% of referrals.")


def test_casually_typed_questions() -> None:
    assert asks_informally("teacher here - a year 8 told me something, can i keep it secret?")
    assert asks_informally("Kid hasnt been in for weeks, what now")
    assert asks_informally("Is that normal??")
    assert not asks_informally("What did the Child H review recommend?")
    assert not asks_informally("'Are you sure you know who visits' - what did it say?")


def test_the_final_question_after_a_scene_setting_sentence() -> None:
    text = "The briefing followed the death of a baby. What did it say about the household?"
    assert final_question(text) == "What did it say about the household?"
    assert final_question("teacher here - she told me a secret. can i keep it?") == "can i keep it?"
    assert final_question("What did the Child H review recommend?") is None
    assert final_question("The baby died. Tell me what the review found.") is None


def test_questions_asking_why_and_sentences_giving_a_cause() -> None:
    assert asks_why("Why do social workers find some forms unhelpful?")
    assert asks_why("What led to the baby's admission?")
    assert not asks_why("What did the review find about forms?")
    assert states_cause("Forms were unhelpful due to duplication, language or design.")
    assert not states_cause("Forms were unhelpful.")


def test_a_finding_is_asked_by_what_was_found_or_concluded_not_by_which_document_found_it():
    assert asks_for_findings("What was the main finding of the Essex research?")
    assert asks_for_findings("What did the Baby E review find about the school?")
    assert asks_for_findings("What happened in 2018, and what did the assessment conclude?")
    assert asks_for_findings("What were the key findings?")
    assert not asks_for_findings("Where did a review find that the baby dropped out of view?")
    assert not asks_for_findings("If we can't find out where a child has gone, what then?")
    assert not asks_for_findings("What does KCSIE say about the DSL?")
    assert not asks_for_findings("What should I do if I find a bruise on a baby?")
    assert asks_for_findings("What was found about record keeping in the Liam review?")


def test_a_finding_is_announced_with_that_not_by_a_heading_or_a_list_lead_in():
    assert states_finding(
        "The main and most important insight emerging from the project is that all data items"
        " collected are helpful."
    )
    assert states_finding("The review found that agencies did not share information.")
    assert states_finding("The assessment concluded that the home was warm.")
    assert not states_finding("The following key messages emerged from the research:")
    assert not states_finding("Key findings")


def test_who_did_it_is_answered_by_a_sentence_naming_a_body_or_a_person():
    assert asks_for_agent("Who chaired the Child H serious case review?")
    assert asks_for_agent("Which organisations carried out the DfE Project 2A research?")
    assert asks_for_agent("In the Liam review, who wrote the overview report?")
    assert not asks_for_agent("What did the reviews say about who lives in the house?")
    assert not asks_for_agent("Who is at risk of child criminal exploitation?")
    assert not asks_for_agent("What about children who ran away from home?")
    assert states_agent("The report was written by Dr O'Brien.")
    assert not states_agent("The Police attended the home twice.")
    assert states_agent("A joint bid was written by Essex County Council and Data to Insight.")
    assert states_agent("The review was conducted by an Independent Chair Mr Andy Smith.")
    assert states_agent("An Independent Author (Paul Tudor) has produced the Overview Report.")
    assert not states_agent("The council was not told about the move.")


def test_a_count_is_how_many_or_how_much_not_how_long_or_when():
    assert asks_for_count("How many working days after a strategy discussion…?")
    assert asks_for_count("What proportion of referrals come from the police?")
    assert not asks_for_count("How long should schools keep child protection records?")
    assert not asks_for_count("When does a child become looked after?")
    assert asks_for_count("What's the legal minimum age at which a child can be left alone?")
    assert not asks_for_count("Up to what age are care leavers supported?")


def test_what_happened_is_told_by_a_death_or_an_injury():
    assert asks_what_happened("What happened to Baby E?")
    assert not asks_what_happened("What should happen when a baby is failing to thrive?")
    assert states_event("Born 2013 and died in September 2013, aged 8 months")
    assert states_event("Baby E found not breathing at home, attempts made to resuscitate")
    assert not states_event("Managerial oversight was not evident in this review")
