"""A request the site will not carry out, said to the person who made it.

Every app's refusal (an upload, an order, a support message, an export, an
account's deletion) is a :class:`Refused`: a short ``code`` that programs and
tests read, and a ``message`` in the person's language that pages and the API
show as it is.
"""

from __future__ import annotations


class Refused(Exception):
    """``Refused(code, message)``: what was refused (``"too-large"``) and why, to show."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
