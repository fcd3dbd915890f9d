from ech0.data.hygiene.quality import estimate_turn_tokens, quality_score

GOOD = ("Start from the definition, apply it to each case in turn, and check the result against the "
        "constraint given in the question before stating the conclusion clearly.")


def test_good_rows_score_high_and_bad_rows_low():
    assert quality_score("Explain the method.", GOOD) >= 0.9
    assert quality_score("Say it.", "ok") < 0.1
    assert quality_score("Repeat me please", "Repeat me please") == 0.0
    assert quality_score("Spam?", "buy now " * 40) < 0.25
    assert quality_score("Data?", "%$#@ {}[] ^^ ~~ || <> " * 5) < 0.25
    assert quality_score("Explain.", "Lorem ipsum " + GOOD) < quality_score("Explain.", GOOD) * 0.6
    assert 0.25 < quality_score("What is 2 + 2?", "The answer is 4.") < 0.5


def test_redaction_heavy_rows_score_lower():
    redacted = "Contact [EMAIL] or [PHONE] or [EMAIL] via [IP_ADDRESS] and [SECRET:AWSKeyDetector] now."
    assert quality_score("Who?", redacted) < quality_score("Explain.", GOOD) - 0.2


def test_token_estimate_is_conservative():
    # 3 bytes per token over-counts English (about 4 bytes per BPE token).
    assert estimate_turn_tokens(["a" * 300, "b" * 300]) == 200 + 16
    assert estimate_turn_tokens(["é", ""]) == 1 + 16
