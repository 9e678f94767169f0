"""Errors a user can cause, carried as values with a message.

The engine raises :class:`InputError` for an input that cannot be used (an
unreadable file, an unsupported format, no face, a photo too small); the CLI
turns it into exit code 2 and one line on stderr, the web into a form error.
"""

from __future__ import annotations


class InputError(ValueError):
    """An input that cannot be turned into a photo.

    Parameters
    ----------
    code : str
        Stable kebab-case reference, e.g. ``no-face`` or ``unsupported-format``.
    message : str
        One sentence for the person who supplied the file, with a hint.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message
