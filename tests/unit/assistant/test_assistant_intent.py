"""Question intent: reviews or guidance, several documents, two parts, a whole named document."""

import pytest

from assistant.intent import (
    asked_list,
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
    has_number,
    refers_back,
)


def test_review_intent():
    assert asks_about_reviews("What did the case reviews find about neglect?")
    assert not asks_about_reviews("What does KCSIE say about the DSL?")
    # A rapid review is the safeguarding partners' first step after an incident, not a case review.
    assert not asks_about_reviews("Within how many days must partners complete a rapid review?")
    # "These cases" are the library's cases; "cases of harassment" are a topic.
    assert asks_about_reviews("How well was the child's voice heard in these cases?")
    assert not asks_about_reviews("How should schools respond to cases of sexual harassment?")
    assert not asks_about_reviews("Should a strategy discussion be held in all cases of harm?")


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
        ("What options does KCSIE give schools for managing a report?", "options"),
        ("What steps should a DSL take?", "steps"),
        ("For a quiz: what outcomes does the national framework set?", "outcomes"),
        ("What happens when a child goes missing?", None),
        ("What schools should do if a child goes missing?", None),
        ("What process does KCSIE set out?", None),
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


def test_a_count_is_how_many_or_how_much_not_how_long_or_when():
    assert asks_for_count("How many working days after a strategy discussion…?")
    assert asks_for_count("What proportion of referrals come from the police?")
    assert not asks_for_count("How long should schools keep child protection records?")
    assert not asks_for_count("When does a child become looked after?")
    assert asks_for_count("What's the legal minimum age at which a child can be left alone?")
    assert not asks_for_count("Up to what age are care leavers supported?")


def test_an_object_pronoun_carries_the_scene_into_the_question() -> None:
    assert refers_back("Do I just pass it to the DSL or is there something else to do?")
    assert refers_back("When should the school take them off the admission register?")
    assert not refers_back("What did it say about the household?")
    assert not refers_back("Is it okay if it is late?")
    assert not refers_back("When it comes to fathers, what did they find?")
    assert not refers_back("Isn't it the DSL's job?")


def test_the_child_death_review_process_is_no_case_review_and_timescales_are_counted() -> None:
    from assistant.intent import asks_for_count

    asked = "What are the timescales for the joint agency response and child death review?"
    assert asks_for_count(asked)
    assert not asks_about_reviews(asked)
    assert asks_about_reviews("What do the local baby death reviews tell us about dads?")
