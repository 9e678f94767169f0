"""A piece of the old background left on the head's outline fails; the person's own edge passes."""

from __future__ import annotations

import numpy as np
import pytest

from anyidphoto.engine.attached import foreign_share
from anyidphoto.engine.checks import ATTACHED_FAIL, ATTACHED_WARN

from .. import cutout
from ..conftest import made

#: Cut-outs whose outline is the person's own, on plain walls and in rooms.
CLEAN = [
    ("astronaut", None),
    ("astronaut", "magenta-wall"),
    ("astronaut", "hair-coloured-wall"),
    ("astronaut", "cat-on-rug"),
    ("hopper", None),
    ("hopper", "brick"),
    ("hopper", "stars"),
    ("hopper", "bright-window"),
]


def test_a_block_of_the_room_on_the_crown_fails_the_photo():
    # The generated cluttered room leaves a dark green block on the
    # astronaut's hair: the segmenter joined it to the head.
    photo, _ = made("cluttered", "us-passport")
    assert foreign_share(photo.image, photo.alpha, photo.face) > ATTACHED_FAIL
    edit = photo.report.check("background_edit")
    assert (edit.status, edit.code) == ("fail", "background_edit.attached_fail")
    assert not photo.report.compliant
    assert "wall" in edit.advice


@pytest.mark.parametrize("subject, background", CLEAN, ids=lambda v: str(v))
def test_a_clean_outline_reads_no_foreign_piece(subject, background):
    photo = cutout.made_on(subject, background, "us-passport")
    assert foreign_share(photo.image, photo.alpha, photo.face) < ATTACHED_WARN
    assert photo.report.check("background_edit").code != "background_edit.attached_fail"


def _crown_block(photo, colour, *, inside: bool = False):
    """The photo and its matte with a block half an eye distance wide on the crown.

    The block straddles the top of the hair at the face's centre line, and
    the matte calls it the person, as a segmenter that joined it would;
    ``inside`` puts it a little way down within the hair instead.
    """
    image, alpha = photo.image.copy(), photo.alpha.copy()
    eye = photo.face.eye_distance
    cx = int(photo.face.eye_mid[0])
    top = int(np.argmax(alpha[:, cx] >= 0.5))
    w, h = int(0.5 * eye), int(0.25 * eye)
    y0 = top + int(0.6 * eye) if inside else top - h // 2
    rows, cols = slice(y0, y0 + h), slice(cx - w // 2, cx + w // 2)
    image[rows, cols] = colour
    alpha[rows, cols] = 1.0
    return image, alpha


def test_a_foreign_coloured_block_on_the_outline_counts_and_one_in_the_hair_does_not():
    photo = cutout.made_on("astronaut", None, "us-passport")
    image, alpha = _crown_block(photo, (30, 70, 40))
    assert foreign_share(image, alpha, photo.face) > ATTACHED_FAIL
    # The same colour well inside the hair touches no wall: a hair clip.
    image, alpha = _crown_block(photo, (30, 70, 40), inside=True)
    assert foreign_share(image, alpha, photo.face) < ATTACHED_WARN


def test_a_block_of_the_persons_or_the_walls_own_colour_is_no_remnant():
    photo = cutout.made_on("astronaut", None, "us-passport")
    eye_x, eye_y = (int(v) for v in photo.face.eye_mid)
    # The hair's own colour, from the forehead fringe above the eyes.
    fringe = eye_y - int(0.9 * photo.face.eye_distance)
    hair = np.median(photo.image[fringe, eye_x - 20 : eye_x + 20], 0)
    image, alpha = _crown_block(photo, tuple(int(v) for v in hair))
    assert foreign_share(image, alpha, photo.face) < ATTACHED_WARN
    wall = tuple(int(v) for v in photo.image[5, 5])
    image, alpha = _crown_block(photo, wall)
    assert foreign_share(image, alpha, photo.face) < ATTACHED_WARN
