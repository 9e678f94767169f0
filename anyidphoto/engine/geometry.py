"""The output canvas: the one place where millimetres become pixels.

Rows are counted from the top edge (pixel centres at ``row + 0.5``); the
authorities' vertical positions are measured from the bottom edge, and
:meth:`Canvas.mm_from_bottom` converts between the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..specs import DocumentSpec


@dataclass(frozen=True)
class Canvas:
    """Pixel size and scale of a finished photo.

    ``px_per_mm`` is the same along both axes (square pixels); ``dpi`` is
    ``px_per_mm * 25.4`` and is written into the file.
    """

    width_px: int
    height_px: int
    px_per_mm: float

    @property
    def dpi(self) -> float:
        return self.px_per_mm * 25.4

    @property
    def width_mm(self) -> float:
        return self.width_px / self.px_per_mm

    @property
    def height_mm(self) -> float:
        return self.height_px / self.px_per_mm

    def px(self, mm: float) -> float:
        """Millimetres to pixels."""
        return mm * self.px_per_mm

    def mm(self, px: float) -> float:
        """Pixels to millimetres."""
        return px / self.px_per_mm

    def mm_from_bottom(self, row: float) -> float:
        """A row (pixels from the top edge) as millimetres above the bottom edge."""
        return (self.height_px - row) / self.px_per_mm

    def row_from_bottom_mm(self, mm: float) -> float:
        """Millimetres above the bottom edge as a row (pixels from the top edge)."""
        return self.height_px - mm * self.px_per_mm


def canvas_for(spec: DocumentSpec) -> Canvas:
    """The canvas a finished photo for ``spec`` has.

    A document with an exact digital size gets it; one with a pixel range
    gets its print size at its DPI, held inside the range; a print-only
    document gets its print size at its DPI.
    """
    width = round(spec.width_mm / 25.4 * spec.dpi)
    height = round(spec.height_mm / 25.4 * spec.dpi)
    digital = spec.digital
    if digital is not None and digital.width_px and digital.height_px:
        width, height = digital.width_px, digital.height_px
    elif digital is not None and (digital.min_px or digital.max_px):
        low = digital.min_px or 1
        high = digital.max_px or max(width, height)
        factor = 1.0
        if min(width, height) < low:
            factor = low / min(width, height)
        if max(width, height) * factor > high:
            factor = high / max(width, height)
        width, height = round(width * factor), round(height * factor)
        width, height = max(low, min(high, width)), max(low, min(high, height))
    return Canvas(width, height, height / spec.height_mm)


def canvas_of_photo(spec: DocumentSpec, width_px: int, height_px: int) -> Canvas:
    """The canvas of an existing photo judged against ``spec``.

    The scale is taken from the photo's height, so a photo of the wrong
    aspect ratio is measured as the authority would print it: by height.
    """
    return Canvas(width_px, height_px, height_px / spec.height_mm)
