"""A photo cut off at the collar: framed to reach the bottom edge where it can, else failed."""

from __future__ import annotations

import numpy as np
import pytest

from anyidphoto.engine import check_photo, make_photo

from .. import cutout, measure, photos

US = "us-passport"
WALL = (230, 230, 230)


def _collar(rows: int) -> np.ndarray:
    """The astronaut on a plain wall, the photo ending ``rows`` px down (chin at 177)."""
    return photos.on_colour(photos.astronaut(), WALL)[:rows].copy()


def _plain_rows_at_bottom(image: np.ndarray, colour: tuple[int, int, int], x0: int, x1: int):
    """How many rows at the bottom of columns x0:x1 are the plain colour, in every column."""
    diff = np.abs(image[:, x0:x1].astype(np.int32) - np.array(colour)).sum(axis=2)
    person = diff > 30
    rows = image.shape[0]
    last = rows - 1 - np.argmax(person[::-1], axis=0)
    return int(np.min(rows - 1 - np.where(person.any(axis=0), last, -1)))


@pytest.fixture(scope="module")
def reaching():
    """Cut 83 px below the chin: enough for the US head range when the head is set low."""
    return make_photo(photos.encode(_collar(260)), US)


@pytest.fixture(scope="module")
def short():
    """Cut 53 px below the chin: even the largest head the US allows leaves a gap."""
    return make_photo(photos.encode(_collar(230)), US)


def test_a_photo_cut_at_the_chest_is_framed_to_reach_the_bottom_edge(reaching):
    image = reaching.image
    cols = image.shape[1]
    # Measured on the pixels: under the face, the person reaches the last row.
    assert _plain_rows_at_bottom(image, (255, 255, 255), cols // 2 - 40, cols // 2 + 40) == 0
    assert reaching.report.check("shoulders").status == "pass"
    # ... with the head still inside the US rules, measured independently.
    geometry = measure.measure(image, 51.0, (255, 255, 255))
    assert 25.4 <= geometry.head_height_mm <= 34.9
    assert 28.0 <= geometry.eye_line_mm <= 35.5  # 1 1/8 to 1 3/8 in, 0.6 mm for registration
    assert reaching.report.compliant


def test_a_photo_cut_at_the_collar_fails_with_advice_to_step_back(short):
    image = short.image
    cols = image.shape[1]
    gap_px = _plain_rows_at_bottom(image, (255, 255, 255), cols // 2 - 40, cols // 2 + 40)
    assert gap_px > 20  # a band of new background really is there
    check = short.report.check("shoulders")
    assert check.status == "fail"
    assert check.measured == pytest.approx(gap_px / short.canvas.px_per_mm, abs=0.6)
    assert "shoulders are in the picture" in check.advice
    assert not short.report.compliant


def test_judging_a_photo_with_background_under_the_collar_flags_it(reaching, short):
    assert check_photo(reaching.file.data, US).check("shoulders").status == "pass"
    # Judged as it is, only the colours show the band (a segmenter draws a body
    # on under the collar), and a white shirt on a white wall would read the
    # same: a warning that says why, never a pass.
    judged = check_photo(short.file.data, US).check("shoulders")
    assert judged.status in ("warn", "fail")
    assert judged.measured > 2.0
    assert "shoulders are in the picture" in judged.advice


def test_a_light_shirt_on_a_light_wall_is_not_failed_for_a_cut_collar():
    from anyidphoto.engine.checks import check_shoulders

    photo = make_photo(photos.encode(_collar(400)), US)
    image = photo.image.copy()
    under = np.zeros(image.shape[:2], bool)
    under[int(photo.face.chin[1]) + 20 :] = True
    image[under & (photo.alpha >= 0.5)] = (250, 250, 250)  # a white shirt
    image[under & (photo.alpha < 0.5)] = (255, 255, 255)  # on the white wall
    made = check_shoulders(image, photo.alpha, photo.face, photo.canvas, by_colour=False)
    assert made.status == "pass"  # the matte knows the shirt
    judged = check_shoulders(image, photo.alpha, photo.face, photo.canvas, by_colour=True)
    assert judged.status == "warn"


def test_a_kept_background_under_a_cut_collar_is_filled_not_black_and_fails():
    subject = cutout.astronaut()
    on_grey = subject.on(np.full(subject.image.shape, (220, 220, 220), np.uint8))
    photo = make_photo(photos.encode(on_grey[:215]), US, keep_background=True)
    assert photo.report.check("shoulders").status == "fail"
    bottom = photo.image[-5:].reshape(-1, 3)
    assert bottom.min() > 150  # the wall's own light grey, no black band
