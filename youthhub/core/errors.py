"""Domain errors: raised by services, carrying a message a person can read."""


class DomainError(Exception):
    """A rule of the programme said no; `message` is translated and safe to show."""

    def __init__(self, message):
        # A plain str: lazy strings count as safe HTML in Jinja and would skip escaping.
        self.message = str(message)
        super().__init__(self.message)


class NotAllowed(DomainError):
    """The actor may not do this to this record."""
