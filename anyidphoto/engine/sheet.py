"""Print sheets: finished photos at true size on photo paper, with cut marks.

Positions are millimetres from the paper's top-left corner. The PDF places
each photo at its exact physical size (vector cut marks); the JPEG is the
same layout rasterised at 300 DPI with the DPI written, so it prints at true
size from any photo kiosk.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ..specs import Paper

#: Unprintable border kept clear on every side, mm.
MARGIN_MM = 2.0
#: Space between two photos, where the cut marks go, mm.
GUTTER_MM = 2.0
#: Raster resolution of JPEG sheets, dots per inch.
SHEET_DPI = 300
#: Cut-mark line width and the gap left between a mark and the photo, mm.
MARK_WIDTH_MM, MARK_GAP_MM = 0.15, 0.4
_MARK_GREY = (90, 90, 90)


@dataclass(frozen=True)
class Tile:
    """One finished photo and its printed size, mm."""

    image: np.ndarray
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Slot:
    """Where tile ``tile`` goes: its top-left corner, mm from the paper's top-left."""

    tile: int
    x_mm: float
    y_mm: float


@dataclass(frozen=True)
class Sheet:
    """A laid-out sheet; ``width_mm`` x ``height_mm`` is the paper as oriented."""

    paper: Paper
    width_mm: float
    height_mm: float
    tiles: tuple[Tile, ...]
    placements: tuple[Slot, ...]

    @property
    def copies(self) -> int:
        return len(self.placements)


class SheetError(ValueError):
    """Photos that cannot be laid out on the paper (none given, or too large)."""


def render_sheet(tiles: list[Tile], paper: Paper) -> Sheet:
    """Lay out as many copies of ``tiles`` as fit on ``paper``.

    The tiles are repeated in turn (so mixed documents share the sheet
    fairly) and packed in rows with margins and gutters; both orientations of
    the paper are tried and the one holding more photos wins (portrait on a
    tie). The block of photos is centred on the paper.

    Raises
    ------
    SheetError
        When no photo is given or one of them does not fit the paper.
    """
    if not tiles:
        raise SheetError("no photos to put on the sheet")
    for t in tiles:
        fits = any(
            t.width_mm <= w - 2 * MARGIN_MM and t.height_mm <= h - 2 * MARGIN_MM
            for w, h in ((paper.width_mm, paper.height_mm), (paper.height_mm, paper.width_mm))
        )
        if not fits:
            raise SheetError(
                f"a {t.width_mm:g}x{t.height_mm:g} mm photo does not fit on {paper.name} paper"
            )
    best: Sheet | None = None
    for width, height in ((paper.width_mm, paper.height_mm), (paper.height_mm, paper.width_mm)):
        sheet = _pack(tiles, paper, width, height)
        if best is None or sheet.copies > best.copies:
            best = sheet
    assert best is not None
    missing = set(range(len(tiles))) - {p.tile for p in best.placements}
    if missing:
        raise SheetError(
            f"{len(tiles)} different photos do not all fit on one {paper.name} sheet; "
            "make a sheet for each"
        )
    return best


def _pack(tiles: list[Tile], paper: Paper, width: float, height: float) -> Sheet:
    """Shelf packing in rows, tiles taken round-robin until the next one fits nowhere."""
    rows: list[list[tuple[int, float]]] = []  # per row: (tile index, x)
    row_heights: list[float] = []
    usable_w, usable_h = width - 2 * MARGIN_MM, height - 2 * MARGIN_MM
    y = 0.0
    x = 0.0
    current: list[tuple[int, float]] = []
    current_h = 0.0
    misses = 0
    for index in itertools.cycle(range(len(tiles))):
        if misses >= len(tiles):
            break
        t = tiles[index]
        if current and x + GUTTER_MM + t.width_mm <= usable_w + 1e-9:
            fits_row = y + max(current_h, t.height_mm) <= usable_h + 1e-9
            if fits_row:
                x += GUTTER_MM
                current.append((index, x))
                x += t.width_mm
                current_h = max(current_h, t.height_mm)
                misses = 0
                continue
        # Start a new row.
        new_y = y + (current_h + GUTTER_MM if current else 0.0)
        if t.width_mm <= usable_w + 1e-9 and new_y + t.height_mm <= usable_h + 1e-9:
            if current:
                rows.append(current)
                row_heights.append(current_h)
            y = new_y
            current, current_h, x = [(index, 0.0)], t.height_mm, t.width_mm
            misses = 0
        else:
            misses += 1
    if current:
        rows.append(current)
        row_heights.append(current_h)
    # Centre the block.
    block_w = max((r[-1][1] + tiles[r[-1][0]].width_mm for r in rows), default=0.0)
    block_h = sum(row_heights) + GUTTER_MM * max(0, len(rows) - 1)
    left = (width - block_w) / 2
    top = (height - block_h) / 2
    placed = []
    y = top
    for row, row_h in zip(rows, row_heights, strict=True):
        for index, x_off in row:
            placed.append(Slot(index, left + x_off, y))
        y += row_h + GUTTER_MM
    return Sheet(paper, width, height, tuple(tiles), tuple(placed))


def _marks(sheet: Sheet) -> list[tuple[float, float, float, float]]:
    """Cut-mark segments ``(x0, y0, x1, y1)`` in mm: short lines in the gutters at each corner.

    Each mark fills at most the near half of the gutter, so it never reaches
    the neighbouring photo.
    """
    length = min(GUTTER_MM, MARGIN_MM) / 2 - MARK_GAP_MM
    segments = []
    for p in sheet.placements:
        t = sheet.tiles[p.tile]
        x0, y0, x1, y1 = p.x_mm, p.y_mm, p.x_mm + t.width_mm, p.y_mm + t.height_mm
        for cx, sx in ((x0, -1), (x1, 1)):
            for cy, sy in ((y0, -1), (y1, 1)):
                a = MARK_GAP_MM
                segments.append((cx + sx * a, cy, cx + sx * (a + length), cy))
                segments.append((cx, cy + sy * a, cx, cy + sy * (a + length)))
    return segments


def sheet_raster(sheet: Sheet, *, dpi: int = SHEET_DPI) -> np.ndarray:
    """The sheet as an RGB ``np.uint8`` array at ``dpi`` on white."""
    per_mm = dpi / 25.4
    cols, rows = round(sheet.width_mm * per_mm), round(sheet.height_mm * per_mm)
    page = np.full((rows, cols, 3), 255, np.uint8)
    for p in sheet.placements:
        t = sheet.tiles[p.tile]
        c0, r0 = round(p.x_mm * per_mm), round(p.y_mm * per_mm)
        w, h = round(t.width_mm * per_mm), round(t.height_mm * per_mm)
        interp = cv2.INTER_AREA if w < t.image.shape[1] else cv2.INTER_CUBIC
        page[r0 : r0 + h, c0 : c0 + w] = cv2.resize(t.image, (w, h), interpolation=interp)
    thickness = max(1, round(MARK_WIDTH_MM * per_mm))
    for x0, y0, x1, y1 in _marks(sheet):
        pt0 = (round(x0 * per_mm), round(y0 * per_mm))
        pt1 = (round(x1 * per_mm), round(y1 * per_mm))
        cv2.line(page, pt0, pt1, _MARK_GREY, thickness)
    return page


def sheet_to_jpeg(sheet: Sheet, *, dpi: int = SHEET_DPI) -> bytes:
    """The sheet as a JPEG at ``dpi`` (written in the file), true size when printed."""
    buffer = io.BytesIO()
    Image.fromarray(sheet_raster(sheet, dpi=dpi)).save(
        buffer, "JPEG", quality=95, subsampling=0, dpi=(dpi, dpi)
    )
    return buffer.getvalue()


def sheet_to_pdf(sheet: Sheet) -> bytes:
    """The sheet as a one-page PDF of the paper's exact size, photos at true size."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(sheet.width_mm * mm, sheet.height_mm * mm))
    pdf.setTitle(f"Photo sheet, {sheet.paper.name}")
    pdf.setCreator("AnyIDPhoto")
    readers: dict[int, ImageReader] = {}
    for p in sheet.placements:
        t = sheet.tiles[p.tile]
        if p.tile not in readers:
            encoded = io.BytesIO()
            Image.fromarray(t.image).save(encoded, "JPEG", quality=95, subsampling=0)
            readers[p.tile] = ImageReader(io.BytesIO(encoded.getvalue()))
        y_pdf = sheet.height_mm - p.y_mm - t.height_mm  # PDF's origin is bottom-left
        pdf.drawImage(readers[p.tile], p.x_mm * mm, y_pdf * mm, t.width_mm * mm, t.height_mm * mm)
    pdf.setLineWidth(MARK_WIDTH_MM * mm)
    pdf.setStrokeColorRGB(*(c / 255 for c in _MARK_GREY))
    for x0, y0, x1, y1 in _marks(sheet):
        pdf.line(x0 * mm, (sheet.height_mm - y0) * mm, x1 * mm, (sheet.height_mm - y1) * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
