"""Certificate codes: enough randomness to be unguessable, easy to type and to read aloud."""

import pytest

from youthhub.endings import codes


def test_a_code_carries_at_least_128_random_bits():
    assert len(codes.ALPHABET) == 32 and codes.LENGTH * 5 == codes.BITS >= 128
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET) for code in made)
    # Every character of the alphabet turns up in every position soon enough: no fixed parts.
    for position in range(codes.LENGTH):
        assert len({code[position] for code in made}) == 32


def test_codes_are_printed_in_groups_of_four():
    code = "ABCDEFGHJKMNPQRSTVWXYZ012345"
    assert codes.format_code(code) == "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345"


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345",
        "abcd efgh jkmn pqrs tvwx yz01 2345",
        "ABCDEFGHJKMNPQRSTVWXYZ012345",
        " abcd-efgh-jkmn-pqrs-tvwx-yzo1-2345 ",  # a letter O read for a zero
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ0I-2345",  # and an I for a one
    ],
)
def test_typed_codes_are_read_forgivingly(typed):
    assert codes.normalise_code(typed) == "ABCDEFGHJKMNPQRSTVWXYZ012345"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCD",
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23456",
        "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-234U",
        "<script>",
        "😀" * 28,
        "A" * 5000,
    ],
)
def test_anything_else_is_not_a_code(typed):
    assert codes.normalise_code(typed) is None
