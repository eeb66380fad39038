"""How a question describes a document: the words that pick it out, and its topic."""

from assistant.descriptions import described_topic_words, description_words


def test_a_descriptions_words_end_where_the_question_asks_something_of_the_document():
    words = description_words(
        "What was the main finding of the Essex-led user research into what social workers"
        " record in case management systems?"
    )
    assert {"essex", "user", "research", "workers", "record", "management", "systems"} <= words
    assert "finding" not in words
    # After a second preposition comes the topic again.
    asked = "What are the lessons from the Child H report for schools about attendance?"
    assert "attendance" not in description_words(asked)
    # "find about jargon" is what is asked, not the description.
    assert description_words("What did the research into CMS recording find about jargon?") == {
        "research",
        "cms",
        "recording",
    }


def test_what_a_described_document_is_about_follows_its_preposition():
    asked = "What did the review into baby Liam's death say about record keeping?"
    assert described_topic_words(asked) == {"baby", "liam", "death"}
    # Words before the noun ("Essex-led recording research") may be the topic too: kept.
    assert described_topic_words("What did the Essex-led recording research recommend?") == set()
    # Who a review is for is the topic; what is asked of it ends the description.
    assert (
        described_topic_words("What are the key messages from the Child H review for GPs?") == set()
    )
    assert described_topic_words("Did the review of safeguarding pressures mention neglect?") == {
        "safeguarding",
        "pressures",
    }
    # A comma ends the description.
    asked = "In the DfE research on social worker recording, how many data fields were there?"
    assert described_topic_words(asked) == {"social", "worker", "recording"}
