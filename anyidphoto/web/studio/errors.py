"""What the studio tells a person whose photo the engine could not use, in their language.

The engine's errors carry a stable code; its English message names a file,
which on the web is just "your photo". These texts are translated here, at
the edge, and the engine's own message is kept for the logs and the API.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from anyidphoto.engine import MAX_DECODE_PIXELS

MESSAGES = {
    "no-face": _(
        "No face was found. Use a photo of one person facing the camera, with the whole head "
        "visible."
    ),
    "face-too-small": _(
        "The face is too small in this photo. Use a larger photo, or take it closer."
    ),
    "corrupt-image": _("The photo file is damaged. Send the original again."),
    "unreadable": _("The photo could not be read. Use a JPEG, PNG, WebP or HEIC photo."),
    "unsupported-format": _(
        "This file type is not supported. Use a JPEG, PNG, WebP or HEIC photo."
    ),
    "animated-image": _("This is an animation. Send a single photo."),
    "too-many-pixels": _(
        "The picture has too many pixels to be a photo. Send the camera's original."
    ),
    "too-large-to-decode": _(
        "The picture is too large to read: a PNG, WebP or HEIC over %(limit)s megapixels, or a "
        "JPEG that would need more. Save it as a JPEG, or at a smaller size."
    ),
    "too-small": _("The picture is too small. Send the camera's original photo."),
    "file-too-large": _("The file is too large. Send the camera's original photo."),
    "metadata-too-large": _(
        "The file carries too much extra data. Send the camera's original photo."
    ),
    "empty-file": _("The file is empty."),
    "internal": _("Something went wrong on our side; please try again."),
}


def failure_text(code: str, fallback: str) -> str:
    """The translated message for engine error ``code``, else ``fallback``."""
    message = MESSAGES.get(code)
    if message is None:
        return fallback
    return str(message) % {"limit": MAX_DECODE_PIXELS // 1_000_000}
