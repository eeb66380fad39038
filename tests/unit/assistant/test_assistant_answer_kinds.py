"""What kind of sentence answers a question: the question read, and the sentence it lifts."""

from __future__ import annotations

from assistant.answer_kinds import (
    asks_for_agent,
    asks_for_findings,
    asks_for_recommendations,
    asks_for_superlative,
    asks_what_happened,
    asks_why,
    states_agent,
    states_cause,
    states_event,
    states_finding,
    states_recommendation,
    states_superlative,
)


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


def test_what_happened_is_told_by_a_death_or_an_injury():
    assert asks_what_happened("What happened to Baby E?")
    assert not asks_what_happened("What should happen when a baby is failing to thrive?")
    assert states_event("Born 2013 and died in September 2013, aged 8 months")
    assert states_event("Baby E found not breathing at home, attempts made to resuscitate")
    assert not states_event("Managerial oversight was not evident in this review")
