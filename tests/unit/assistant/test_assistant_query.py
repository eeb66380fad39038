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
