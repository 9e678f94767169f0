"""How a check's measured value reads on the page."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

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


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, use_l10n=True)
    return (
        number_format(int(value), use_l10n=True) if isinstance(value, (int, float)) else str(value)
    )
