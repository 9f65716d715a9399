"""Errors a user can cause; their message is meant to be shown to that user (a BadQuestion's is worded by
the interface)."""


class QawlError(Exception):
    """A problem the user can fix; str(error) is the message to show."""


class ConfigError(QawlError):
    """A setting is missing, unknown or of the wrong type."""


class ModelMismatch(QawlError):
    """The store was built with another embedding model than the configured one."""


class BadQuestion(QawlError):
    """The question cannot be answered as asked: `problem` says why (too long: `length` characters of at most
    `limit`; or no words), as data that the interface words for its user."""

    TOO_LONG = "too long"
    NO_WORDS = "no words"

    def __init__(self, problem: str, length: int = 0, limit: int = 0):
        super().__init__(problem)
        self.problem, self.length, self.limit = problem, length, limit
