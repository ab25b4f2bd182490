"""Domain errors: raised by services, carrying a message a person can read."""


class DomainError(Exception):
    """A rule of the programme said no; `message` is translated and safe to show."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class NotAllowed(DomainError):
    """The actor may not do this to this record."""
