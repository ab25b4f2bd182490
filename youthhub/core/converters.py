"""URL converters."""

from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A database id in a URL: a positive number that fits every database's integer column,
    so a huge number is a 404 rather than an overflow."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=LARGEST_ID)
