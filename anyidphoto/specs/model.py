"""The document specification: what an authority asks of a photo.

Lengths are millimetres on the printed photo; vertical positions are measured
from the photo's *bottom* edge, as most official diagrams draw them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

GlassesRule = Literal["allowed", "discouraged", "banned"]
HeadMeasure = Literal["crown", "hair"]
ReplacementRule = Literal["allowed", "discouraged", "refused"]
ExpressionRule = Literal["neutral", "natural_smile"]
TakenBy = Literal[
    "unstated", "anyone", "photographer", "approved", "office", "office_or_registered"
]

#: The rule of a country whose authority says nothing of its own: ICAO Doc
#: 9303 part 3 asks for a portrait that is not altered, which a replaced
#: background is.
DEFAULT_REPLACEMENT: tuple[ReplacementRule, str] = (
    "discouraged",
    "ICAO Doc 9303 part 3 (8th ed. 2021), portrait requirements: the portrait is not to be "
    "altered or manipulated",
)

#: The expression of a country whose authority says nothing of its own:
#: ICAO's portrait requirements, which most authorities take over.
DEFAULT_EXPRESSION: tuple[ExpressionRule, str] = (
    "neutral",
    "ICAO Doc 9303 part 3 (8th ed. 2021) and ISO/IEC 19794-5, portrait requirements: a "
    "neutral expression, the mouth closed, both eyes open",
)


#: How recent a photo must be where the authority says nothing of its own.
DEFAULT_RECENT: tuple[int, str] = (
    6,
    "ICAO Doc 9303 photo guidelines: taken within the last 6 months (official-specs-2026-11.yaml, "
    "standards.icao_doc_9303.recency)",
)


@dataclass(frozen=True)
class Acceptance:
    """What an authority asks of a photo that no measurement can check.

    The software cannot see who took a photo, when, or of whom; these rules
    are shown to the person before they upload and before they pay.

    Attributes
    ----------
    taken_by : str
        Who may take the photo:

        - ``"unstated"``: the catalogue's sources say nothing of it;
        - ``"anyone"``: a photo taken by anyone is accepted when it meets the rules;
        - ``"photographer"``: only a commercial photographer's photo is accepted;
        - ``"approved"``: only an approved photographer or booth's photo (or code);
        - ``"office"``: the office takes the photo when the person applies;
        - ``"office_or_registered"``: taken at the office, or sent by a
          registered photographer through the authority's secure channel.
    exceptions : dict of str to str
        Where ``taken_by`` shuts a supplied photo out, the cases where one is
        still used, by language (``en``, ``fr``); empty when there are none.
    recent_months : int
        The photo must be taken at most this many months before applying.
    children : dict of str to str
        The authority's exceptions for babies and children (eyes, expression,
        head size), by language; empty where the sources give none.
    source : str
        Who says so, for ``taken_by`` and ``exceptions``.
    recent_source : str
        Who says so, for ``recent_months``.
    children_source : str
        Who says so, for ``children``.
    """

    taken_by: TakenBy = "unstated"
    exceptions: dict[str, str] = field(default_factory=dict)
    recent_months: int = DEFAULT_RECENT[0]
    children: dict[str, str] = field(default_factory=dict)
    source: str = ""
    recent_source: str = DEFAULT_RECENT[1]
    children_source: str = ""

    @property
    def supplied_photo(self) -> Literal["accepted", "limited", "refused"]:
        """Whether a photo the person brings is accepted: always, in named cases, or never."""
        if self.taken_by in ("unstated", "anyone"):
            return "accepted"
        return "limited" if self.exceptions else "refused"

    def to_dict(self) -> dict:
        return {
            "taken_by": self.taken_by,
            "supplied_photo": self.supplied_photo,
            "exceptions": dict(self.exceptions),
            "recent_months": self.recent_months,
            "children": dict(self.children),
            "source": self.source,
            "recent_source": self.recent_source,
            "children_source": self.children_source,
        }


@dataclass(frozen=True)
class Digital:
    """Constraints on the file uploaded to an authority's portal.

    Either an exact size (``width_px``/``height_px``) or a square-ish range
    (``min_px``/``max_px`` applied to both sides) is set. Sizes in pixels,
    file sizes in kilobytes (1 KB = 1024 bytes, as portals count them).
    """

    width_px: int | None = None
    height_px: int | None = None
    min_px: int | None = None
    max_px: int | None = None
    min_kb: float | None = None
    max_kb: float | None = None
    formats: tuple[str, ...] = ("jpeg",)

    def to_dict(self) -> dict:
        out: dict = {}
        if self.width_px is not None:
            out["width_px"] = self.width_px
            out["height_px"] = self.height_px
        else:
            out["min_px"] = self.min_px
            out["max_px"] = self.max_px
        out["min_kb"] = self.min_kb
        out["max_kb"] = self.max_kb
        out["formats"] = list(self.formats)
        return out


@dataclass(frozen=True)
class DocumentSpec:
    """One document's photo rules.

    Attributes
    ----------
    id : str
        Stable kebab-case identifier, e.g. ``us-passport``.
    country : str
        ISO 3166-1 alpha-2 code in lower case, or ``eu`` / ``schengen``.
    name : dict
        Display name per language code (``en`` and ``fr`` at least).
    width_mm, height_mm : float
        Printed photo size in millimetres.
    dpi : int
        Resolution used for printing and for the digital file when the
        document does not fix a pixel size.
    head_height_mm : (float, float)
        Allowed chin-to-crown height, millimetres (min, max).
    head_measure : "crown" or "hair"
        Whether the authority's crown is the top of the skull or the top of
        the hair.
    eye_line_mm : (float, float) or None
        Allowed height of the eye line above the photo's bottom edge,
        millimetres (min, max); None where the authority gives none.
    crown_gap_mm : float or None
        Target distance from the photo's top edge to the crown, millimetres,
        used for framing when no eye line is given.
    background : tuple of str
        Accepted background colours as ``#rrggbb``; the first is the default.
    glasses : "allowed", "discouraged" or "banned"
    background_replacement : "allowed", "discouraged" or "refused"
        Whether the authority accepts a digitally replaced background;
        ``replacement_source`` says who says so. Where it is refused the
        studio keeps the photo's own background by default.
    expression : "neutral" or "natural_smile"
        The expression the authority asks for; ``expression_source`` says
        who says so. Where it is neutral, a smile with teeth or an open
        mouth fails; where a natural smile is accepted, it only warns.
    acceptance : Acceptance
        The rules no measurement can check: who may take the photo, how
        recent it must be, the exceptions for children.
    digital : Digital or None
        Upload constraints, None for print-only documents.
    sources : tuple of str
        Where each number comes from.
    verified : datetime.date
        When the sources were last checked.
    notes : str
        Disagreements between sources and which number was chosen.
    """

    id: str
    country: str
    name: dict[str, str]
    width_mm: float
    height_mm: float
    dpi: int
    head_height_mm: tuple[float, float]
    head_measure: HeadMeasure
    eye_line_mm: tuple[float, float] | None
    crown_gap_mm: float | None
    background: tuple[str, ...]
    glasses: GlassesRule
    digital: Digital | None
    sources: tuple[str, ...]
    verified: dt.date
    notes: str = ""
    background_replacement: ReplacementRule = DEFAULT_REPLACEMENT[0]
    replacement_source: str = DEFAULT_REPLACEMENT[1]
    expression: ExpressionRule = DEFAULT_EXPRESSION[0]
    expression_source: str = DEFAULT_EXPRESSION[1]
    acceptance: Acceptance = field(default_factory=Acceptance)

    def display_name(self, language: str = "en") -> str:
        """The document's name in ``language``, falling back to English."""
        return self.name.get(language) or self.name["en"]

    def to_dict(self) -> dict:
        """The public JSON form, as ``anyidphoto docs --json`` prints it."""
        return {
            "id": self.id,
            "country": self.country,
            "name": self.name["en"],
            "names": dict(self.name),
            "width_mm": self.width_mm,
            "height_mm": self.height_mm,
            "dpi": self.dpi,
            "head_height_mm": list(self.head_height_mm),
            "head_measure": self.head_measure,
            "eye_line_mm": list(self.eye_line_mm) if self.eye_line_mm else None,
            "background": list(self.background),
            "glasses": self.glasses,
            "background_replacement": self.background_replacement,
            "replacement_source": self.replacement_source,
            "expression": self.expression,
            "expression_source": self.expression_source,
            "acceptance": self.acceptance.to_dict(),
            "digital": self.digital.to_dict() if self.digital else None,
            "sources": list(self.sources),
            "verified": self.verified.isoformat(),
            "notes": self.notes,
        }
