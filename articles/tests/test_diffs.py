"""The line-by-line comparison shown by import previews, revision comparisons and reviews."""

from articles.diffs import text_diff


def test_each_line_is_marked_added_removed_or_unchanged():
    assert text_diff("Title\nOld line\n", "Title\nNew line\n") == [
        {"change": "", "text": "Title"},
        {"change": "removed", "text": "Old line"},
        {"change": "added", "text": "New line"},
    ]


def test_a_new_text_is_every_line_added_with_no_hint_lines():
    lines = text_diff("", "Espasmos de espalda\nUna introducción.\n")
    assert lines == [
        {"change": "added", "text": "Espasmos de espalda"},
        {"change": "added", "text": "Una introducción."},
    ]
