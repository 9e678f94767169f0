"""The head's pose is a measure that can be trusted: what does not turn the head changes no angle.

ISO/IEC 19794-5's limits (yaw and pitch 5 degrees, roll 8) are only useful
when the reading itself moves less than its warning band. These tests take
two real portraits and change everything but the head: a mirror image, a
crop, rescales, another background, a JPEG recompression, a larger canvas.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from anyidphoto.engine.checks import (
    PITCH_FAIL,
    PITCH_PASS,
    ROLL_FAIL,
    ROLL_PASS,
    YAW_FAIL,
    YAW_PASS,
    _pose,
)
from anyidphoto.engine.face import pose_angles, search

from .. import photos

#: Degrees a change that does not move the head may move an angle (issue's bound).
SAME = 2.0


def _angles(rgb: np.ndarray, models) -> np.ndarray:
    face = search(np.ascontiguousarray(rgb), models).face
    assert face is not None
    return np.array(pose_angles(face))


def _recompressed(rgb: np.ndarray, quality: int) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=quality)
    with Image.open(buffer) as im:
        return np.asarray(im.convert("RGB"))


def _unchanged_head(rgb: np.ndarray, wall: tuple[int, int, int]) -> dict[str, np.ndarray]:
    rows, cols = rgb.shape[:2]
    return {
        "crop": rgb[rows // 12 :, cols // 10 : cols - cols // 12],
        "half size": cv2.resize(rgb, (cols // 2, rows // 2), interpolation=cv2.INTER_AREA),
        "twice the size": cv2.resize(rgb, (cols * 2, rows * 2), interpolation=cv2.INTER_CUBIC),
        "3.7 times the size": cv2.resize(
            rgb, (int(cols * 3.7), int(rows * 3.7)), interpolation=cv2.INTER_CUBIC
        ),
        "another background": photos.on_colour(rgb, wall),
        "recompressed at quality 70": _recompressed(rgb, 70),
        "a larger canvas": cv2.copyMakeBorder(
            rgb, 200, 300, 400, 100, cv2.BORDER_CONSTANT, value=(200, 200, 200)
        ),
    }


SUBJECTS = [(photos.ASTRONAUT, (235, 235, 235)), (photos.HOPPER, (40, 90, 160))]


@pytest.mark.parametrize(("subject", "wall"), SUBJECTS, ids=lambda s: getattr(s, "name", ""))
def test_a_mirror_image_gives_the_same_pitch_and_the_opposite_yaw_and_roll(models, subject, wall):
    rgb = subject.load()
    yaw, pitch, roll = _angles(rgb, models)
    m_yaw, m_pitch, m_roll = _angles(rgb[:, ::-1], models)
    assert m_pitch == pytest.approx(pitch, abs=1.0)
    assert m_yaw == pytest.approx(-yaw, abs=1.0)
    assert m_roll == pytest.approx(-roll, abs=1.0)


@pytest.mark.parametrize(("subject", "wall"), SUBJECTS, ids=lambda s: getattr(s, "name", ""))
def test_what_does_not_turn_the_head_moves_no_angle_by_more_than_2_degrees(models, subject, wall):
    rgb = subject.load()
    base = _angles(rgb, models)
    moved = {
        name: np.abs(_angles(variant, models) - base)
        for name, variant in _unchanged_head(rgb, wall).items()
    }
    worst = {name: float(d.max()) for name, d in moved.items()}
    assert max(worst.values()) <= SAME, worst


def test_the_pose_follows_the_face_through_a_mirror_map(models):
    face = search(photos.astronaut(), models).face
    yaw, pitch, roll = pose_angles(face)
    flip = np.array([[-1.0, 0, 511], [0, 1.0, 0]])
    m_yaw, m_pitch, _ = pose_angles(face.transformed(flip))
    assert (m_yaw, m_pitch) == pytest.approx((-yaw, pitch))
    twice = np.array([[2.0, 0, 10], [0, 2.0, 5]])
    assert pose_angles(face.transformed(twice)) == pytest.approx((yaw, pitch, roll), abs=1e-6)


def test_the_limits_are_iso_19794_5s_with_bands_no_wider_than_the_noise():
    # ISO/IEC 19794-5 full frontal: yaw 5, roll 8 degrees; the bands are the
    # noise measured above (at most 0.8 for yaw and roll, 1.7 for pitch).
    assert (YAW_FAIL, ROLL_FAIL) == (5.0, 8.0)
    assert YAW_FAIL - YAW_PASS <= 1.0 and ROLL_FAIL - ROLL_PASS <= 1.0
    assert PITCH_FAIL - PITCH_PASS <= SAME
    assert _pose("head_yaw", 3.9, YAW_PASS, YAW_FAIL).status == "pass"
    assert _pose("head_yaw", -4.6, YAW_PASS, YAW_FAIL).status == "warn"
    assert _pose("head_yaw", 5.4, YAW_PASS, YAW_FAIL).status == "fail"
    assert _pose("head_roll", -8.5, ROLL_PASS, ROLL_FAIL).status == "fail"
