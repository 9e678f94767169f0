"""What the home page shows a visitor before they choose: their country's documents first,
the prices, and a before and after the engine makes from a public-domain portrait."""

from __future__ import annotations

import functools
import io

from django.conf import settings
from django.http import HttpRequest
from django.utils.formats import number_format

#: The document the before-and-after is made for.
SAMPLE_DOCUMENT = "us-passport"


def visitor_country(request: HttpRequest) -> str | None:
    """The visitor's country from the first ``Accept-Language`` tag with a region
    (``fr-CA`` gives ``ca``), else from the language alone (French gives France)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    tags = [part.split(";")[0].strip() for part in header.split(",") if part.strip()]
    for tag in tags:
        pieces = tag.replace("_", "-").split("-")
        if len(pieces) >= 2 and len(pieces[1]) == 2 and pieces[1].isalpha():
            return pieces[1].lower()
    language = (getattr(request, "LANGUAGE_CODE", "") or "")[:2]
    return {"fr": "fr"}.get(language)


def prices() -> list[dict]:
    """The price of each kind of order, written as the page's language writes amounts."""
    currency = settings.ORDER_CURRENCY
    return [
        {"kind": kind, "amount": number_format(cents / 100, 2, use_l10n=True), "currency": currency,
         "free": cents == 0}
        for kind, cents in settings.ORDER_PRICES_CENTS.items()
    ]  # fmt: skip


@functools.cache
def sample() -> dict[str, bytes]:
    """The before (the astronaut portrait scikit-image ships: NASA, public domain) and the
    after (the engine's US passport photo of it), JPEG; made once per process."""
    from PIL import Image
    from skimage import data

    from anyidphoto.engine import make_photo

    buffer = io.BytesIO()
    Image.fromarray(data.astronaut()).save(buffer, "JPEG", quality=90)
    before = buffer.getvalue()
    return {"before": before, "after": make_photo(before, SAMPLE_DOCUMENT).file.data}
