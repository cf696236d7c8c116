"""newswatch.extract.text: sentences, tokens, folding."""

from __future__ import annotations

from newswatch.extract.text import MAX_SENTENCE_CHARS, ascii_name, fold, split_sentences


def test_abbreviations_do_not_end_sentences() -> None:
    text = "On Feb. 8, Lt. Gen. Sok said 312 were deported. The U.S. embassy agreed."
    assert [s.text for s in split_sentences(text)] == [
        "On Feb. 8, Lt. Gen. Sok said 312 were deported.",
        "The U.S. embassy agreed.",
    ]


def test_offsets_index_the_document() -> None:
    text = "Title line\n\nFirst sentence here. Second one."
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        for t in s.tokens:
            assert text[t.start : t.end] == t.text


def test_headline_is_marked() -> None:
    sentences = split_sentences(
        "Cambodia deports 110 Chinese\n\nCambodia on Saturday deported 110 people."
    )
    assert [s.headline for s in sentences] == [True, False]


def test_run_on_text_is_cut() -> None:
    sentences = split_sentences("word " * 2000)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)


def test_fold_keeps_length_and_drops_marks() -> None:
    for word in ("Hoa Lư", "Đồng Nai", "Parañaque", "Sihanouk’s"):
        assert len(fold(word)) == len(word)
    assert fold("Hoa Lư") == "hoa lu"
    assert ascii_name("Hoa Lư International Border Gate") == "Hoa Lu International Border Gate"
