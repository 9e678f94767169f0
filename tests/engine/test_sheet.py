"""Print sheets: true size, as many copies as fit, nothing overlapping, cut marks in the gutters."""

from __future__ import annotations

import io
import itertools
import re

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from anyidphoto.engine.sheet import (
    GUTTER_MM,
    MARGIN_MM,
    SheetError,
    Tile,
    render_sheet,
    sheet_raster,
    sheet_to_jpeg,
    sheet_to_pdf,
)
from anyidphoto.specs import get_paper

PT_PER_MM = 72 / 25.4


def _tile(w_mm: float, h_mm: float, colour=(200, 30, 30)) -> Tile:
    return Tile(np.full((round(h_mm * 11.8), round(w_mm * 11.8), 3), colour, np.uint8), w_mm, h_mm)


# Expected counts, with 2 mm margins and gutters: n photos of size s need
# n*s + (n-1)*2 <= side - 4, in the better orientation of the paper.
@pytest.mark.parametrize(
    "size, paper, copies",
    [
        ((35, 45), "4x6", 8),  # landscape: 4 x 2
        ((51, 51), "4x6", 2),  # 2 in squares: 1 x 2 (3 x 2 would need 0 mm gutters)
        ((35, 45), "a4", 30),  # portrait: 5 x 6
        ((33, 48), "10x15", 4),  # 2 x 2 either way
        ((51, 51), "5x7", 6),  # 2 x 3
    ],
)
def test_as_many_copies_as_fit_with_margins_and_gutters(size, paper, copies):
    sheet = render_sheet([_tile(*size)], get_paper(paper))
    assert sheet.copies == copies
    _assert_laid_out(sheet)


def _assert_laid_out(sheet):
    boxes = []
    for p in sheet.placements:
        t = sheet.tiles[p.tile]
        box = (p.x_mm, p.y_mm, p.x_mm + t.width_mm, p.y_mm + t.height_mm)
        assert box[0] >= MARGIN_MM - 1e-6 and box[1] >= MARGIN_MM - 1e-6
        assert (
            box[2] <= sheet.width_mm - MARGIN_MM + 1e-6
            and box[3] <= sheet.height_mm - MARGIN_MM + 1e-6
        )
        boxes.append(box)
    for a, b in itertools.combinations(boxes, 2):
        apart_x = a[2] + GUTTER_MM <= b[0] + 1e-6 or b[2] + GUTTER_MM <= a[0] + 1e-6
        apart_y = a[3] + GUTTER_MM <= b[1] + 1e-6 or b[3] + GUTTER_MM <= a[1] + 1e-6
        assert apart_x or apart_y


def test_the_better_orientation_is_chosen():
    sheet = render_sheet([_tile(35, 45)], get_paper("4x6"))
    assert (sheet.width_mm, sheet.height_mm) == (152.4, 101.6)  # landscape holds 8, portrait 6


def test_mixed_documents_share_a_sheet():
    sheet = render_sheet([_tile(51, 51), _tile(35, 45, (30, 30, 200))], get_paper("a4"))
    used = {p.tile for p in sheet.placements}
    assert used == {0, 1}
    _assert_laid_out(sheet)


def test_pdf_page_is_the_paper_size_and_photos_are_true_size():
    sheet = render_sheet([_tile(35, 45)], get_paper("4x6"))
    reader = PdfReader(io.BytesIO(sheet_to_pdf(sheet)))
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(6 * 72, abs=0.01)
    assert float(box.height) == pytest.approx(4 * 72, abs=0.01)
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    # Each photo is an image drawn through a "w 0 0 h x y cm" matrix of 35 x 45 mm.
    matrices = re.findall(r"([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm", content)
    sizes = [(float(w) / PT_PER_MM, float(h) / PT_PER_MM) for w, h in matrices]
    assert content.count(" Do") == sheet.copies == 8
    assert sizes.count(pytest.approx((35, 45), abs=0.01)) == 8


def test_jpeg_sheet_is_300_dpi_with_cut_marks_outside_the_photos():
    sheet = render_sheet([_tile(35, 45)], get_paper("4x6"))
    with Image.open(io.BytesIO(sheet_to_jpeg(sheet))) as im:
        assert im.size == (1800, 1200)
        assert im.info["dpi"] == (300, 300)
    page = sheet_raster(sheet)
    red = (page[..., 0] > 150) & (page[..., 1] < 80)
    grey = np.abs(page.astype(int) - 90).max(axis=2) < 40
    assert red.sum() == pytest.approx(8 * 413 * 531, rel=0.02)
    assert grey.sum() > 0 and not (grey & red).any()


def test_a_photo_larger_than_the_paper_is_refused():
    with pytest.raises(SheetError, match="does not fit"):
        render_sheet([_tile(120, 160)], get_paper("4x6"))
