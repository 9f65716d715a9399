"""Errors a user can cause; their message is meant to be shown to that user."""


class QawlError(Exception):
    """A problem the user can fix; str(error) is the message to show."""


class ConfigError(QawlError):
    """A setting is missing, unknown or of the wrong type."""


class ModelMismatch(QawlError):
    """The store was built with another embedding model than the configured one."""


class BadQuestion(QawlError):
    """The question cannot be answered as asked (empty, too long, no words)."""
