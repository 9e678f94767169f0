"""Photo papers that print sheets are laid out on. Sizes in millimetres, portrait."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Paper:
    """A paper size: ``width_mm`` x ``height_mm`` with width <= height."""

    id: str
    name: str
    width_mm: float
    height_mm: float


class UnknownPaper(KeyError):
    """No paper with the requested id."""

    def __init__(self, paper_id: str) -> None:
        self.message = f"unknown paper {paper_id!r}; choose one of: {', '.join(PAPERS)}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


PAPERS: Mapping[str, Paper] = MappingProxyType(
    {
        p.id: p
        for p in (
            Paper("4x6", "4x6 in (10.2x15.2 cm)", 101.6, 152.4),
            Paper("5x7", "5x7 in (12.7x17.8 cm)", 127.0, 177.8),
            Paper("10x15", "10x15 cm", 100.0, 150.0),
            Paper("13x18", "13x18 cm", 130.0, 180.0),
            Paper("a4", "A4 (21x29.7 cm)", 210.0, 297.0),
            Paper("a6", "A6 (10.5x14.8 cm)", 105.0, 148.0),
        )
    }
)

_INCH_COUNTRIES = frozenset({"us", "ca"})
_INCH = ("4x6", "5x7")
_METRIC = ("10x15", "13x18", "a4", "a6")


def get_paper(paper_id: str) -> Paper:
    """The paper called ``paper_id`` (case-insensitive); :class:`UnknownPaper` otherwise."""
    try:
        return PAPERS[paper_id.strip().lower()]
    except KeyError:
        raise UnknownPaper(paper_id) from None


def papers_for_country(country: str) -> list[Paper]:
    """Every paper, the country's usual ones first: inch sizes for US/CA, metric elsewhere."""
    inch_first = country.strip().lower() in _INCH_COUNTRIES
    order = _INCH + _METRIC if inch_first else _METRIC + _INCH
    return [PAPERS[p] for p in order]
