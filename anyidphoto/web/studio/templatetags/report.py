"""How a check's measured value reads on the page."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

#: Units shown as a symbol, and units that are only a name for a plain number.
_SYMBOLS = {"degrees": "°", "%": " %"}
_BARE = {"faces", "ratio", "score", "chroma"}


@register.filter
def measured(check: dict) -> str:
    """``check``'s measured value with its unit: ``11.2°``, ``600 x 600 px``, ``30.5 mm``."""
    value, unit = check.get("measured"), check.get("unit") or ""
    if value is None:
        return ""
    if isinstance(value, list):
        text = " x ".join(_number(v) for v in value)
    else:
        text = _number(value)
    if unit in _SYMBOLS:
        return text + _SYMBOLS[unit]
    if unit in _BARE or not unit:
        return text
    return f"{text} {unit}"


@register.filter
def kilobytes(size: int) -> str:
    """A file's size in kilobytes of 1024 bytes, as the report's checks count it: ``82,4 Ko``."""
    return _("%(n)s KB") % {"n": number_format(round(size / 1024, 1), 1, use_l10n=True)}


def _number(value) -> str:
    if isinstance(value, str):
        # The background check's words: what was done to the background.
        return {"kept": _("kept"), "replaced": _("replaced")}.get(value, value)
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, use_l10n=True)
    return (
        number_format(int(value), use_l10n=True) if isinstance(value, (int, float)) else str(value)
    )


@register.filter
def document_name(doc_id: str) -> str:
    """The catalogue's name of ``doc_id`` in the active language (the id when unknown)."""
    from django.utils.translation import get_language

    from anyidphoto.specs import UnknownDocument, load_catalog

    try:
        spec = load_catalog().get(doc_id)
    except UnknownDocument:
        return doc_id
    return spec.display_name((get_language() or "en")[:2])


@register.filter
def document_limits(doc_id: str) -> str:
    """What a photo made here can be used for, where the authority of ``doc_id`` limits it."""
    from django.utils.translation import get_language

    from ..selectors import document_choice

    choice = document_choice(doc_id=doc_id, language=(get_language() or "en")[:2])
    use = choice.use if choice else None
    return use.text if use and use.limits_use else ""


@register.filter
def paper_name(paper_id: str) -> str:
    """The paper's name (``4x6 in (10.2x15.2 cm)``, in French ``10,2x15,2 cm``) for ``paper_id``."""
    import re

    from django.utils.formats import get_format

    from anyidphoto.specs import UnknownPaper, get_paper

    try:
        name = get_paper(paper_id).name
    except UnknownPaper:
        return paper_id
    return re.sub(r"(\d)\.(\d)", rf"\g<1>{get_format('DECIMAL_SEPARATOR')}\g<2>", name)
