"""Answers kept with the app (core/kept.py): made once per key, in a store that never grows
past its limit."""

import pytest

from youthhub.core.kept import kept, kept_in


def test_an_answer_is_made_once_per_key(app):
    made = []

    def make(key):
        made.append(key)
        return f"answer {key}"

    with app.app_context():
        assert [kept("test", key, lambda key=key: make(key)) for key in (1, 2, 1, 2)] == [
            "answer 1",
            "answer 2",
            "answer 1",
            "answer 2",
        ]
    assert made == [1, 2]


def test_each_name_has_its_own_store_and_a_full_store_starts_again():
    extensions = {}
    for key in range(3):
        kept_in(extensions, "small", key, lambda key=key: key, most=3)
    kept_in(extensions, "other", 0, lambda: "other's")
    assert extensions["youthhub_small"] == {0: 0, 1: 1, 2: 2}
    assert kept_in(extensions, "small", 3, lambda: 3, most=3) == 3
    assert extensions["youthhub_small"] == {3: 3}  # emptied at its limit, then filled again
    assert extensions["youthhub_other"] == {0: "other's"}


def test_a_key_that_cannot_be_kept_says_so():
    with pytest.raises(TypeError):
        kept_in({}, "test", ["not", "hashable"], lambda: "never kept")
