from ech0.data.text import comparison_key, normalise


def test_normalise_nfc_invisible_and_whitespace():
    assert normalise("e\u0301") == "\u00e9"
    assert normalise("a\u200bb\u00adc") == "abc"
    assert normalise("x\u00a0\u2003 y  z \r\n\r\n\r\n\r\nw\t \n") == "x y z\n\nw"
    assert normalise("bell\x07 and \x1b escape") == "bell and escape"


def test_normalise_keeps_code_indentation_and_is_idempotent():
    code = "def f(x):\n    if x:\n        return 1\n\treturn 2"
    assert normalise(code) == code
    messy = " \u00a0 text\u200b  with   spaces\r\n"
    assert normalise(normalise(messy)) == normalise(messy)


def test_comparison_key_ignores_case_punctuation_and_spacing():
    assert comparison_key("Hello,   WORLD!!") == comparison_key("hello world") == "hello world"
