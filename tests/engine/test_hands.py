"""A hand on the face fails; a hand elsewhere in the photo warns; a portrait without one passes."""

from __future__ import annotations

import numpy as np
import pytest

from anyidphoto.engine import check_photo, make_photo
from anyidphoto.engine.checks import HAND_COVER_FAIL
from anyidphoto.engine.face import analyse_face
from anyidphoto.engine.hands import hand_cover
from anyidphoto.engine.segment import face_mask

from .. import packaged, photos

#: The collage's poses (row, column) and what a careful examiner says of each.
ON_FACE = {
    (1, 0): "fingers on the chin",
    (1, 2): "both palms held up before the face",
    (3, 0): "a hand on the forehead",
    (3, 3): "a hand over the mouth",
}
BESIDE = {(3, 4): "hands in the hair, beside the face", (2, 1): "hands at the neck"}
NO_HAND = {(0, 0): "a neutral face", (2, 4): "a calm look aside"}


@pytest.mark.parametrize("pose", sorted(ON_FACE), ids=lambda p: ON_FACE[p])
def test_a_hand_on_the_face_fails_made_or_judged(models, pose):
    tile = packaged.collage_tile(*pose)
    for report in (check_photo(photos.encode(tile), "us-passport"),
                   make_photo(photos.encode(tile), "us-passport").report):  # fmt: skip
        hands = report.check("hands")
        assert hands.status == "fail" and hands.measured >= 100 * HAND_COVER_FAIL, hands
        assert not report.compliant
        assert "hand" in hands.advice.lower()


@pytest.mark.parametrize("pose", sorted(BESIDE), ids=lambda p: BESIDE[p])
def test_a_hand_beside_the_face_warns_and_says_why(pose):
    hands = check_photo(photos.encode(packaged.collage_tile(*pose)), "us-passport").check("hands")
    assert hands.status == "warn" and hands.measured < 100 * HAND_COVER_FAIL
    assert "A warning, not a failure" in hands.message


@pytest.mark.parametrize("pose", sorted(NO_HAND), ids=lambda p: NO_HAND[p])
def test_the_same_woman_without_a_hand_passes(pose):
    hands = check_photo(photos.encode(packaged.collage_tile(*pose)), "us-passport").check("hands")
    assert (hands.status, hands.measured) == ("pass", 0.0)


def test_hands_on_both_cheeks_under_curly_hair_fail():
    hands = check_photo(photos.encode(packaged.hands_on_cheeks()), "us-passport").check("hands")
    assert hands.status == "fail" and hands.measured > 5


@pytest.mark.parametrize("subject", [photos.ASTRONAUT, photos.HOPPER], ids=lambda s: s.name)
def test_portraits_without_hands_pass(subject):
    report = make_photo(photos.encode(subject.load()), "us-passport").report
    assert report.check("hands").status == "pass"


def test_the_cover_is_the_share_of_the_face_under_the_hands_shape(models):
    rgb = photos.astronaut()
    face = analyse_face(rgb, models)
    face_px = face_mask(rgb.shape[:2], face)
    assert hand_cover(face_px, face, []) == 0.0
    # A "hand" whose 21 joints all sit on the face's left half covers about half of it.
    x0, y0, x1, y1 = face.box.x0, face.box.y0, face.box.x1, face.box.y1
    cx = (x0 + x1) / 2
    rng = np.random.default_rng(0)
    joints = np.column_stack([rng.uniform(x0 - 40, cx, 21), rng.uniform(y0 - 40, y1 + 40, 21)])
    joints[:4] = [(x0 - 40, y0 - 40), (cx, y0 - 40), (cx, y1 + 40), (x0 - 40, y1 + 40)]
    share = hand_cover(face_px, face, [joints])
    assert 0.4 < share < 0.75
    # Far from the face, it covers nothing.
    assert hand_cover(face_px, face, [joints + (1000, 0)]) == 0.0
