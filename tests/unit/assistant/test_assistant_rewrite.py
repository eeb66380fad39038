from assistant.rewrite import rewrite_followup


def test_what_about_keeps_the_frame_and_swaps_the_topic():
    history = ["What did the reviews say about fathers?"]
    assert rewrite_followup("and what about the school?", history) == (
        "What did the reviews say about the school?"
    )


def test_pronoun_followup_carries_the_named_review():
    history = ["What did the Child H review recommend?"]
    assert "Child H" in rewrite_followup("why did it say that?", history)


def test_standalone_question_is_left_alone():
    history = ["What did the reviews say about fathers?"]
    q = "What does Keeping children safe in education say about online safety?"
    assert rewrite_followup(q, history) == q
    assert rewrite_followup("and what about the school?", []) == "and what about the school?"
