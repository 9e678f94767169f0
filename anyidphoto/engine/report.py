"""The compliance report: every check with the number it measured."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .messages import Text, render

Status = Literal["pass", "warn", "fail"]

#: The check ids, in report order.
CHECK_IDS = (
    "face_count",
    "head_height",
    "eye_line",
    "face_centered",
    "shoulders",
    "head_roll",
    "head_yaw",
    "head_pitch",
    "eyes_open",
    "mouth_closed",
    "hands",
    "face_covered",
    "sharpness",
    "compression",
    "noise",
    "exposure",
    "dynamic_range",
    "lighting_uniform",
    "background_uniform",
    "background_color",
    "background_edit",
    "resolution",
    "color",
    "glasses",
    "pixel_size",
    "file_size",
)


@dataclass(frozen=True)
class Check:
    """One check's outcome.

    ``measured`` is what was computed on the photo (a number, a pair, a word such as
    ``"kept"``, or None
    when it could not be measured); ``expected`` the rule, ``unit`` the unit
    of both. ``code`` is a stable message id (``<check>.<outcome>``) and
    ``params`` its parameters, for translation; ``message`` is the English
    text and ``advice`` what to do next time, empty when it passed.
    """

    id: str
    status: Status
    measured: float | list | str | None
    expected: float | list | str | None
    unit: str
    message: str
    code: str
    params: dict = field(default_factory=dict)
    advice: str = ""

    def text(self, language: str = "en") -> Text:
        """The message and advice in ``language`` (English when it has no translation)."""
        return (
            render(self.code, self.params, language)
            if language != "en"
            else Text(self.message, self.advice)
        )

    def to_dict(self, language: str = "en") -> dict:
        text = self.text(language)
        out = {
            "id": self.id,
            "status": self.status,
            "measured": self.measured,
            "expected": self.expected,
            "unit": self.unit,
            "message": text.message,
            "code": self.code,
        }
        if self.advice:
            out["advice"] = text.advice
        return out


@dataclass(frozen=True)
class OutputInfo:
    """The delivered file: pixels, DPI (None when a judged file has none), bytes and format."""

    width_px: int
    height_px: int
    dpi: float | None
    bytes: int
    format: str

    def to_dict(self) -> dict:
        return {
            "width_px": self.width_px,
            "height_px": self.height_px,
            "dpi": None if self.dpi is None else round(self.dpi, 2),
            "bytes": self.bytes,
            "format": self.format,
        }


#: What no software can judge, shown beside every report, per language.
REMINDERS = {
    "en": (
        "The photo must be recent: most authorities want it taken in the last 6 months.",
        "No filters, beauty modes or retouching of the face.",
    ),
    "fr": (
        "La photo doit être récente : la plupart des autorités la veulent de moins de 6 mois.",
        "Aucun filtre, mode beauté ni retouche du visage.",
    ),
}


@dataclass(frozen=True)
class Report:
    """The verdict on one photo for one document."""

    document: str
    output: OutputInfo
    checks: tuple[Check, ...]

    @property
    def compliant(self) -> bool:
        """True when no check failed (warnings allowed)."""
        return all(c.status != "fail" for c in self.checks)

    def check(self, check_id: str) -> Check:
        """The check named ``check_id``."""
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == "fail")

    def to_dict(self, language: str = "en") -> dict:
        """The JSON form; messages, advice and reminders in ``language``."""
        return {
            "document": self.document,
            "compliant": self.compliant,
            "output": self.output.to_dict(),
            "checks": [c.to_dict(language) for c in self.checks],
            "reminders": list(REMINDERS.get(language, REMINDERS["en"])),
        }
