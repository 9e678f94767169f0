"""Reads for the studio: the catalogue as the picker shows it, a user's photos."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.formats import get_format

from anyidphoto.specs import DocumentSpec, Notice, load_catalog, notices

from ..accounts.models import User
from .models import Photo

#: Most documents a search lists (a query as wide as "visa" matches about 90).
SEARCH_LIMIT = 120


@dataclass(frozen=True)
class DocumentChoice:
    """A document as the picker lists it, named in the user's language."""

    id: str
    name: str
    country: str
    size: str
    #: "allowed", "discouraged" or "refused": whether the authority accepts a
    #: replaced background, and who says so.
    background_replacement: str = "discouraged"
    replacement_source: str = ""
    #: What the authority asks that no measurement checks, the use first
    #: (:func:`anyidphoto.specs.notices`), in the user's language.
    rules: tuple[Notice, ...] = ()

    @classmethod
    def of(cls, spec: DocumentSpec, language: str) -> DocumentChoice:
        name = spec.display_name(language)
        # Written as the page's language writes decimals: 50,8 x 50,8 mm in French.
        point = get_format("DECIMAL_SEPARATOR", lang=language)
        size = f"{spec.width_mm:g} x {spec.height_mm:g} mm".replace(".", point)
        return cls(
            spec.id,
            name,
            spec.country.upper(),
            size,
            spec.background_replacement,
            spec.replacement_source,
            notices(spec, language),
        )

    @property
    def use(self) -> Notice | None:
        """What a photo made here can and cannot be used for."""
        return self.rules[0] if self.rules else None

    @property
    def other_rules(self) -> tuple[Notice, ...]:
        """The rules after the use, less the background (the page says that itself)."""
        return tuple(n for n in self.rules[1:] if n.kind != "background")

    @property
    def keeps_background(self) -> bool:
        """Whether the studio keeps the photo's own background unless told otherwise."""
        return self.background_replacement == "refused"


def document_search(*, text: str, language: str, limit: int = SEARCH_LIMIT) -> list[DocumentChoice]:
    """Documents whose id or names hold every word of ``text`` (all of them when empty)."""
    found = load_catalog().search(text=text.strip() or None)
    return [DocumentChoice.of(spec, language) for spec in found[:limit]]


def document_choice(*, doc_id: str, language: str) -> DocumentChoice | None:
    """The picker's entry for ``doc_id``; None when the catalogue has no such document."""
    catalog = load_catalog()
    try:
        return DocumentChoice.of(catalog.get(doc_id), language)
    except KeyError:
        return None


def documents_most_used(*, user: User, language: str, limit: int = 4) -> list[DocumentChoice]:
    """The user's documents by how many photos they made for each, most first."""
    rows = (
        Photo.objects.filter(owner=user)
        .values("document")
        .annotate(uses=Count("id"), last=Max("created_at"))
        .order_by("-uses", "-last")[:limit]
    )
    choices = (document_choice(doc_id=row["document"], language=language) for row in rows)
    return [c for c in choices if c is not None]


#: Shown as the most used documents until the studio has made photos of its own.
POPULAR = ("us-passport", "gb-passport", "schengen-visa", "ca-passport", "in-passport",
           "de-passport")  # fmt: skip


def documents_popular(*, language: str, limit: int = 6) -> list[DocumentChoice]:
    """The documents most photos were made for in the last 90 days, then :data:`POPULAR`.

    Counts only, over every account: nothing of any one person.
    """
    since = timezone.now() - timedelta(days=90)
    rows = (
        Photo.objects.filter(created_at__gte=since)
        .values("document")
        .annotate(uses=Count("id"))
        .order_by("-uses")[:limit]
    )
    ids = [row["document"] for row in rows]
    ids += [doc for doc in POPULAR if doc not in ids]
    choices = (document_choice(doc_id=doc, language=language) for doc in ids[:limit])
    return [c for c in choices if c is not None]


def documents_of_country(*, country: str, language: str, limit: int = 8) -> list[DocumentChoice]:
    """The catalogue's documents of ``country`` (ISO 3166 alpha-2), passports first."""
    found = [spec for spec in load_catalog() if spec.country == country.lower()]
    found.sort(key=lambda spec: ("passport" not in spec.id, spec.id))
    return [DocumentChoice.of(spec, language) for spec in found[:limit]]


def document_last_used(*, user: User) -> str | None:
    """The document of the user's latest photo."""
    return Photo.objects.filter(owner=user).values_list("document", flat=True).first()


def photos_of(*, user: User) -> QuerySet[Photo]:
    return Photo.objects.filter(owner=user)


def photo_of(*, user: User, photo_id) -> Photo | None:
    """``user``'s photo ``photo_id``; None for anyone else's or a malformed id (views: 404)."""
    key = as_uuid(photo_id)
    return None if key is None else Photo.objects.filter(owner=user, id=key).first()


def as_uuid(value) -> uuid.UUID | None:
    """``value`` as a UUID, or None when it is not one."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None
