"""Messages marked for translation later, and app links built outside a request."""

from flask import current_app


def N_(message: str) -> str:  # the gettext name for "translate later"
    """Mark a message for translation without translating it yet: it is stored in English and
    translated when shown, in the language of the person who reads it."""
    return message


def path_for(endpoint: str, **values) -> str:
    """An app path built without a request, so services can link from anywhere."""
    return current_app.url_map.bind("localhost").build(endpoint, values)
