"""Placing a head on the canvas: the millimetre arithmetic, for any head and any document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anyidphoto.engine.frame import MIN_HAIR_GAP_MM, Head, place_head
from anyidphoto.engine.geometry import canvas_for
from anyidphoto.specs import load_catalog

DOCS = list(load_catalog())


@st.composite
def heads(draw) -> Head:
    """An upright head in some source frame: pixels, any size and place, hair up to 40 % extra."""
    eye_to_chin = draw(st.floats(40, 900))
    skull_above_eye = eye_to_chin * draw(st.floats(0.9, 1.2))
    hair_extra = skull_above_eye * draw(st.floats(0.0, 0.4))
    eye_y = draw(st.floats(-500, 3000))
    return Head(
        eye_y=eye_y,
        chin_y=eye_y + eye_to_chin,
        crown_skull_y=eye_y - skull_above_eye,
        crown_hair_y=eye_y - skull_above_eye - hair_extra,
        centre_x=draw(st.floats(-500, 4000)),
    )


@settings(max_examples=400, deadline=None)
@given(head=heads(), index=st.integers(0, len(DOCS) - 1))
def test_head_lands_in_range_centred_with_the_eye_line_in_its_band(head, index):
    spec = DOCS[index]
    canvas = canvas_for(spec)
    p = place_head(head, spec, canvas)

    def row(y: float) -> float:
        return y * p.scale + p.dy

    height_mm = canvas.mm(row(head.chin_y) - row(head.crown_y(spec.head_measure)))
    low, high = spec.head_height_mm
    assert low - 1e-6 <= height_mm <= high + 1e-6
    # Centred to the pixel.
    assert abs(head.centre_x * p.scale + p.dx - canvas.width_px / 2) < 1e-6
    eye_mm = canvas.mm_from_bottom(row(head.eye_y))
    chin_row, hair_row = row(head.chin_y), row(head.crown_hair_y)
    fits = chin_row <= canvas.height_px + 1e-6 and hair_row >= canvas.px(MIN_HAIR_GAP_MM) - 1e-6
    if spec.eye_line_mm is not None:
        e_low, e_high = spec.eye_line_mm
        # The eye line is in its band unless the band cannot hold this head at all.
        assert e_low - 1e-6 <= eye_mm <= e_high + 1e-6 or not fits
        if e_low <= eye_mm <= e_high:
            # The aim is the middle of the band, moved only as far as the head needs.
            middle = (e_low + e_high) / 2
            assert abs(eye_mm - middle) < 1e-6 or not _middle_fits(head, p, canvas, middle)


def _middle_fits(head: Head, p, canvas, middle_mm: float) -> bool:
    eye_row = canvas.row_from_bottom_mm(middle_mm)
    chin = eye_row + (head.chin_y - head.eye_y) * p.scale
    hair = eye_row - (head.eye_y - head.crown_hair_y) * p.scale
    return chin <= canvas.height_px + 1e-6 and hair >= canvas.px(MIN_HAIR_GAP_MM) - 1e-6


def test_both_measures_fit_where_the_range_allows():
    spec = load_catalog().get("schengen-visa")  # 32-36 mm, measured to the skull
    canvas = canvas_for(spec)
    head = Head(eye_y=500, chin_y=700, crown_skull_y=300, crown_hair_y=270, centre_x=400)
    p = place_head(head, spec, canvas)
    skull = canvas.mm((head.chin_y - head.crown_skull_y) * p.scale)
    hair = canvas.mm((head.chin_y - head.crown_hair_y) * p.scale)
    assert 32 <= skull <= 36 and 32 <= hair <= 36
    # ... with half a millimetre to spare on each side where there is room.
    assert skull >= 32.5 - 1e-6 and hair <= 35.5 + 1e-6


@settings(max_examples=300, deadline=None)
@given(
    head=heads(),
    index=st.integers(0, len(DOCS) - 1),
    below_chin=st.floats(0.05, 3.0),
)
def test_a_photo_ending_below_the_chin_reaches_the_bottom_edge_or_is_left_as_it_was(
    head, index, below_chin
):
    spec = DOCS[index]
    canvas = canvas_for(spec)
    bottom_y = head.chin_y + below_chin * (head.chin_y - head.eye_y)
    usual = place_head(head, spec, canvas)
    p = place_head(head, spec, canvas, bottom_y=bottom_y)
    reaches = bottom_y * p.scale + p.dy >= canvas.height_px - 1e-6
    if bottom_y * usual.scale + usual.dy >= canvas.height_px - 1e-6:
        assert p == usual  # already reaching: nothing moves
        return
    assert reaches or p == usual
    if reaches:
        # Still inside the rules: the head height in range, the eye line in its band.
        low, high = spec.head_height_mm
        height_mm = canvas.mm((head.chin_y - head.crown_y(spec.head_measure)) * p.scale)
        assert low - 1e-6 <= height_mm <= high + 1e-6
        if spec.eye_line_mm is not None:
            eye_mm = canvas.mm_from_bottom(head.eye_y * p.scale + p.dy)
            e_low, e_high = spec.eye_line_mm
            usual_eye = canvas.mm_from_bottom(head.eye_y * usual.scale + usual.dy)
            assert e_low - 1e-6 <= eye_mm <= e_high + 1e-6 or eye_mm == usual_eye
        assert head.chin_y * p.scale + p.dy <= canvas.height_px + 1e-6


def test_a_photo_cut_close_under_the_chin_cannot_reach_and_keeps_its_placement():
    spec = load_catalog().get("us-passport")
    canvas = canvas_for(spec)
    head = Head(eye_y=500, chin_y=700, crown_skull_y=300, crown_hair_y=280, centre_x=400)
    assert place_head(head, spec, canvas, bottom_y=720) == place_head(head, spec, canvas)
    # Far enough down, the head is set lower and larger until the photo reaches the edge.
    p = place_head(head, spec, canvas, bottom_y=850)
    assert 850 * p.scale + p.dy == pytest.approx(canvas.height_px, abs=1e-6)
    assert p != place_head(head, spec, canvas)
