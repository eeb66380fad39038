from assistant.query import (
    content_words,
    expand,
    load_vocabulary,
    vocabulary_hits,
)


def test_expand_dads_reaches_male_vocabulary():
    extra = expand("what did the reviews say about dads?", load_vocabulary())
    assert "putative father" in extra and "males" in extra
    assert "dads" not in extra


def test_a_possessive_word_is_expanded_like_the_word():
    extra = expand("what about the dad's role?", load_vocabulary())
    assert "putative father" in extra
    # and a vocabulary phrase with a possessive still matches
    assert "mum's boyfriend" in vocabulary_hits("is mum's boyfriend a risk?", load_vocabulary())


def test_expand_phrase_terms():
    assert "safer sleep" in expand("Any learning on safe sleep?", load_vocabulary())


def test_the_4_cs_reach_kcsie_four_areas_of_online_risk():
    # KCSIE writes "4Cs" as one word and lists them as "four areas of risk".
    extra = expand("What are the 4 Cs of online safety?", load_vocabulary())
    assert {"4cs", "areas of risk", "commerce"} <= set(extra)
    # "CS" alone is children's services.
    assert "commerce" not in expand("Do I need consent before contacting CS?", load_vocabulary())


def test_faltering_growth_is_failure_to_thrive():
    extra = expand("A baby comes in with faltering growth", load_vocabulary())
    assert "failure to thrive" in extra


def test_content_words_drop_stopwords_possessives_and_split_hyphens():
    assert content_words("What did Liam's review say about three-month-old babies?") == [
        "liam",
        "three",
        "month",
        "old",
        "babies",
    ]


def test_colloquial_questions_reach_the_professional_terms_without_their_filler():
    vocabulary = load_vocabulary()
    asked = "health visitor here - baby isn't putting on weight, anything?"
    assert "failure to thrive" in expand(asked, vocabulary)
    assert content_words(asked) == ["health", "visitor", "baby", "putting", "weight"]
    assert "missing education" in expand("kid just stopped turning up to school", vocabulary)
    assert "elective home education" in expand("is home schooling a worry?", vocabulary)


def test_the_askers_own_verbs_are_the_situation_not_the_topic():
    from assistant.query import situation_verbs

    asked = "team manager here - we lean heavily on agency staff. What does the framework expect?"
    assert situation_verbs(asked) == {"lean"}
    assert situation_verbs("How do I bake sourdough bread?") == {"bake"}
    assert situation_verbs("We've really struggled with this family") == {"struggled"}
    # A topic word with no pronoun before it is not the asker's verb.
    assert situation_verbs("Is smacking a child illegal in Wales?") == set()


def test_a_hyphenated_word_uses_the_vocabulary_terms_it_is_made_of() -> None:
    vocabulary = {"optimism": ["rule of optimism"], "dad": ["stepfather"], "co-sleeping": ["x"]}
    hits = vocabulary_hits("what about over-optimism, a step-dad and co-sleeping?", vocabulary)
    assert hits == ["optimism", "dad", "co-sleeping"]
    assert vocabulary_hits("optimistic", vocabulary) == []


def test_a_word_after_only_just_or_never_is_what_someone_does():
    from assistant.query import situation_verbs

    asked = (
        "Parents who keep missing appointments or only pretend to engage - what did reviews say?"
    )
    assert situation_verbs(asked) == {"missing", "pretend"}
    assert situation_verbs("What do the reviews say about family dogs?") == set()


def test_personal_pronouns_are_no_question_terms():
    from assistant.query import content_words

    asked = "a girl told her teacher he hit her - can she stay in his class?"
    assert content_words(asked) == ["girl", "told", "teacher", "hit", "stay", "class"]
