"""The compliance checks, each measuring one thing on the finished photo.

Every check returns a :class:`~.report.Check` whose ``measured`` value is the
number it computed, so a person can see how far off a photo is. Thresholds
are named constants with their source.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..specs import DocumentSpec
from .attached import foreign_share
from .compose import colour_lab
from .encode import Encoded
from .face import (
    CHEEK_LEFT,
    CHEEK_RIGHT,
    LOWER_CHEEK_LEFT,
    LOWER_CHEEK_RIGHT,
    MOUTH_LEFT,
    MOUTH_RIGHT,
    NOSE_BRIDGE,
    Face,
    eye_openness,
    face_polygon,
    mouth_openness,
    pose_angles,
    skull_top_y,
)
from .frame import Head
from .geometry import Canvas
from .hands import hand_cover
from .matte import head_and_shoulders
from .messages import render
from .quality import (
    blockiness,
    cheeks,
    colour_off_skin,
    detail_ratio,
    dynamic_range_bits,
    eyes_seen,
    flat_share,
    lit_skin,
    lower_face_cover,
    noise_level,
    sclera_yellow,
    skin_mask,
)
from .report import Check, Status
from .resample import HALF, halve
from .segment import crown_row, face_mask

# Background left under the person at the bottom edge, mm: a matte's edge
# may stop a pixel or two short of the last row (0.5 mm is 6 px at 300 DPI).
SHOULDER_GAP_MM = 0.5
# CIE76 distance within which a pixel under the collar is taken for the
# background's colour: a plain wall's own shading spreads about 2-4.
SHOULDER_DELTA = 6.0
# Pose limits, degrees: ISO/IEC 19794-5 full frontal (yaw 5, pitch 5, roll 8)
# fail, and each warning band is the reading's measured noise below the
# limit: a crop, a rescale (0.5x to 3.7x), a changed background, a mirror
# image or a JPEG recompression at quality 70 moved yaw by at most 0.75,
# roll by 0.8 and pitch by 1.65 (tests/engine/test_pose.py). Pitch also has
# an offset that differs between people: the frontal official portrait of
# Grace Hopper reads 9.9 degrees (the astronaut -0.5), so pitch fails at
# ISO's 5 plus that 8-degree allowance, lest frontal faces be refused.
ROLL_PASS, ROLL_FAIL = 7.0, 8.0
YAW_PASS, YAW_FAIL = 4.0, 5.0
PITCH_PASS, PITCH_FAIL = 11.0, 13.0
# Share of the face outline under a hand's shape that fails: fingers on the
# chin covered 6.7 %, a hand on the forehead 3.9 %, over the mouth 55 %, in
# the facetorch collage of one woman's poses; knuckles resting under the
# chin (a thinker's pose) 1.1 %; hands beside the face or at the neck, and
# good portraits, 0. Any touch of the face fails.
HAND_COVER_FAIL = 0.005
# Percent of the face below the nose tip that is neither skin nor of the
# eyebrows' colour (:func:`~.quality.lower_face_cover`): real portraits read
# 0-40 (lips and lipstick, teeth, a tongue, a moustache; 40 a long white
# beard under dark brows), surgical masks laid on three of them 69-95. A
# lower face this far from skin but of the brows' colour (a full dark beard
# reads 67, a black mask over black brows 78) only warns.
COVER_FAIL = 60.0
COVER_WARN = 60.0
# Lid gap / eye width: open eyes measure 0.25-0.4, shut ones under 0.12.
EYES_FAIL, EYES_WARN = 0.12, 0.18
# The iris against the white, over the face's contrast (:func:`~.quality.eyes_seen`):
# open eyes on the test portraits and on their dim, faded, soft and
# compressed copies read 0.30 and more (0.30 a faded copy of a portrait in
# glasses), a strip of the person's own hair or cap over the eyes under 0.2
# where it hides them, up to 0.33 where they show through it.
EYES_SEEN_FAIL, EYES_SEEN_WARN = 0.2, 0.27
# Inner-lip gap / mouth width: closed under 0.1; a smile with teeth 0.1-0.25.
MOUTH_WARN, MOUTH_FAIL = 0.12, 0.25
# Crete-Roffet sharpness (1 - blur) of the face at 64 px between the eyes:
# the test portraits' finished photos read 0.30-0.39; blurred by a Gaussian
# of sigma 1.5 px on a 600 px photo (soft, still acceptable), or made from a
# source four times too small, 0.19-0.22; of sigma 2.5 px, or six times too
# small (plainly blurred), 0.12-0.14.
SHARP_FAIL, SHARP_WARN = 0.15, 0.2
# Motion blur: the least sharp of four directions over the sharpest, at the
# same scale. Blur from focus or enlargement is the same every way (0.82-0.94
# on the test set, as sharp photos 0.90-0.94); a shake smears one direction:
# 9 px on a 600 px photo reads 0.69-0.78, 15 px 0.59-0.69, 25 px 0.53-0.68.
MOTION_WARN, MOTION_FAIL = 0.8, 0.7
# Median face luminance, percent. Well-lit very dark skin reads 22-35 %,
# so the floor sits below it; an underexposed face reads under 15 %.
EXPOSURE_RANGE = (15.0, 88.0)
CLIPPED_FAIL = 0.08  # share of face pixels at 250 or more
# Noise as a share of the face's median brightness, percent: a clean photo
# reads under 2 % even with wrinkled skin, a dim one pushed bright 3-10 %.
GRAIN_WARN = 3.0
# Difference between the two halves of the face's skin, percent of the
# brighter; where a half's face is under a quarter skin, the whole face.
LIGHTING_WARN, LIGHTING_FAIL = 18.0, 30.0
LIGHTING_SKIN_MIN = 0.25
# Background: standard deviation of lightness (0-100) and CIE76 colour difference.
BG_STD_WARN, BG_STD_FAIL = 4.0, 8.0
BG_DELTA_WARN, BG_DELTA_FAIL = 8.0, 16.0
# Remnants: background pixels more than 10 delta E from the wall's own
# shading (the threshold the known-alpha figures count a remnant by), as a
# share of the background, percent. A plain finished photo reads 0.0-0.1;
# a lamp or a cup rim beside the head 0.5 and more.
REMNANT_DELTA = 10.0
REMNANT_WARN, REMNANT_FAIL = 0.2, 0.5
# Pattern: the background's mean lightness gradient, L* per eye distance
# (:func:`_pattern`). A replaced wall reads 0, a plain wall with sensor
# grain of sigma 3-6 grey levels 5-10, one lit from one side 3, squares of
# 60 px 10 grey levels apart (barely seen) 9; a checkerboard of 30 px squares
# 15 levels apart (faint, but plain to see) 26-27, 40 apart 70 (on 600 px
# US passport photos).
PATTERN_WARN, PATTERN_FAIL = 15.0, 22.0
# Fringe: outline pixels more than 12 delta E off the line from the person's
# colour to the wall's, percent of the outline. A clean cut-out on its own
# colour reads under 2; a magenta rim on white hair, 10 and more.
FRINGE_DELTA = 12.0
# A pixel within 4 delta E of the wall's smooth shading is the wall.
WALL_DELTA = 4.0
# The wall's shading is read from pixels within 20 delta E of its median
# colour: a plain wall lit from one side spans about 10 (PATTERN_WARN's
# side-lit wall), an object or a missed part of the person more.
WALL_SPAN = 20.0
FRINGE_WARN, FRINGE_FAIL = 2.5, 5.0
# A replaced background's outline where colour could not tell the person
# from the old wall, percent of the outline band (:mod:`~.matte`), when
# the photo was made here. On the known-alpha set (tests/cutout.py) plain
# walls of any colour and most rooms read 1-9 %, and dark clothes on a
# black wall or a starry sky 29-31 %, whose outlines then differ from the
# person's own along 43-48 % of the band: the cut-out there is the
# segmenter's guess, which an examiner sees as a ragged or haloed edge.
UNDECIDED_WARN, UNDECIDED_FAIL = 12.0, 20.0
# What the closer look at the head took away from the first look's person
# (:func:`~.matte.drop_head_background`), percent of the face's own area,
# when the photo was made here. On the known-alpha set plain walls of any
# colour read 0-2.7 %; a cup, a window's glazing bar or a headlamp joined
# to the head 2.7-26 %. Where much was taken, the segmenter had joined an
# object to the head, and what it did not take of it stays beside the head
# as the person to every later look, the finished photo's own included (a
# headlamp beside Hopper's ear: 26 % taken, 4.6 % of the background left).
TOUCHING_WARN, TOUCHING_FAIL = 5.0, 15.0
# Pieces of the old background left on the head's outline, in colours the
# person nowhere else has (:func:`~.attached.foreign_share`), percent of the
# face's own area, when the photo was made here. A face's oval on a passport
# photo is about 450-550 mm^2, so 1 % is a patch about 2.2 mm square and
# 0.5 % 1.6 mm: on a print, plain to see. On the known-alpha set 34 of the
# 36 cut-outs read 0; a grey object left beside the astronaut's hair in a
# garage 0.86; a dark green block of a cluttered room on her crown 2.24.
ATTACHED_WARN, ATTACHED_FAIL = 0.5, 1.0
# Dynamic range: the entropy of the face's luminance histogram, bits (OFIQ's
# DynamicRange, ISO/IEC 29794-5). ISO/IEC 19794-5 asks for at least 7 bits of
# intensity variation in the face; well-exposed faces of any tone read 7-7.6
# bits here, a copy faded to half its contrast 6.3-6.4, to a third 5.8-5.9,
# one darkened to a quarter of its light under 6. Half the levels a face
# needs (64 equally used, 6 bits) is the floor, and a warning below 6.5.
DYNAMIC_WARN, DYNAMIC_FAIL = 6.5, 6.0
# Compression and square pixels, on the face at the photo's own pixels
# (:mod:`~.quality`). Blocking steps over steps inside: an uncompressed photo
# reads 1.0, JPEG quality 30 1.5-1.8, 15 1.9-2.4, 8 2.6-3.4 (blocks plain to
# see), 3 6-9. Pixels equal to both neighbours: 0.3-2 % on real faces, half
# of them enlarged 3x with square pixels, 58 % at 4x.
BLOCK_WARN, BLOCK_FAIL = 2.0, 2.5
FLAT_WARN, FLAT_FAIL = 0.3, 0.5
# Noise, percent of the face's median brightness, at the photo's own pixels:
# the test portraits' finished photos read 0.3-1.1 %; sensor noise of sigma 8
# grey levels 3.0-3.8 % (grain that shows), 16 (a dim phone photo pushed
# bright, the face speckled) 6.1-7.2 %.
NOISE_WARN, NOISE_FAIL = 3.5, 5.5
# Natural colour: CIELAB units the cheeks' mean a*, b* lie outside skin's
# range (OFIQ's NaturalColour, ISO/IEC 29794-5; OFIQ maps 5 to a quality of
# 76 of 100 and 10 to 54). Skin of any tone in neutral light reads 0-3 (the
# test portraits, rosy cheeks up to 3; a dark-skinned and a light-skinned
# unseen one 0); an orange cast of 15 % reads 0 on light skin and 13 on warm
# skin, of 25 % 6 and 18, of 35 % 14 and 21.
CAST_WARN, CAST_FAIL = 5.0, 10.0
# The whites of the eyes (:func:`~.quality.sclera_yellow`), |b*|: 1-7 on
# every test portrait in neutral light (the astronaut, and nine photos of
# six more people from the packages' test photos), 16 under an orange cast
# of 8 % on light skin, 24 of 15 %, 35 of 25 %. Read only without glasses
# (tinted lenses and frames colour them: Grace Hopper's read 20).
SCLERA_WARN, SCLERA_FAIL = 12.0, 20.0
# Output pixels per source pixel. Enlarging at all is worth a warning; past
# 3x a 300 DPI print has under 100 source pixels per inch and the face
# detail (eyelashes, iris edge) is invented by interpolation. Blur itself is
# judged separately, on the result, by ``sharpness``.
UPSCALE_WARN, UPSCALE_FAIL = 1.0, 3.0
# Effective resolution, from the pixels (:func:`~.quality.detail_ratio`):
# the same limits as the enlargement's, read off what the face shows. A
# face 3 times enlarged reads 0.15, 2 times 0.23-0.25, at its own size
# 0.3-0.4; the warning starts where a twice-enlarged face does, the failure
# where a 3 times enlarged one does (and a Gaussian blur of sigma 1 px on a
# 600 px photo, about 0.17: soft to the eye).
DETAIL_WARN, DETAIL_FAIL = 0.26, 0.17
# Mean chroma (Lab a*b*) of the face; greyscale is under 2.
COLOUR_FAIL = 4.0
# Strongest horizontal edge across the nose bridge over the lower cheeks'
# gradient: bare skin 0.3-1.5, a frame's bridge 5 and more.
GLASSES_SCORE = 3.0


@dataclass(frozen=True)
class Evidence:
    """Everything the checks look at, all on the finished photo's pixels.

    ``upscale`` is output pixels per source pixel when the photo was made
    here, None when an existing photo is judged as it is; ``head_cut`` is
    ``"crown"``, ``"chin"`` or ``"side"`` when that part of the head was
    outside the original photo, None when the whole head was in it. ``seen_alpha`` is
    the person as a segmenter finds them on the finished photo, for the
    checks that must not trust the matte that made it (None: ``alpha`` is
    that already). ``background_kept`` says whether the photo's own
    background was kept (None: not known, a photo judged as it is), and
    ``background_keepable`` whether it was plain and of an accepted colour
    before it was replaced. ``outline_undecided`` is the share (0-1) of the
    outline colour could not decide when the matte was made
    (:attr:`~.matte.EdgeMatte.undecided`; None for a photo judged as it is),
    and ``head_touched`` how much the closer look at the head took away as
    the background, a share of the face's area (:func:`~.matte.taken_share`;
    None likewise). ``hands`` are the hands found in the finished photo
    (:func:`~.hands.hands_in`), each ``(21, 2)`` landmarks in its pixels.
    """

    image: np.ndarray
    canvas: Canvas
    face: Face
    alpha: np.ndarray
    face_count: int
    upscale: float | None
    encoded: Encoded
    head_cut: str | None = None
    seen_alpha: np.ndarray | None = None
    background_kept: bool | None = None
    background_keepable: bool = False
    hands: tuple[np.ndarray, ...] = ()
    outline_undecided: float | None = None
    head_touched: float | None = None


def measure_head(face: Face, alpha: np.ndarray) -> Head:
    """Eye line, chin and both crowns of ``face`` on an upright photo, pixels."""
    skull = skull_top_y(face)
    hair = crown_row(alpha, face)
    eye_y = float(face.eye_mid[1])
    chin_y = float(face.chin[1])
    if hair is None:
        hair = skull
    # Hair cannot sit below the skull; a raised hat or hand cannot count as hair.
    hair = max(min(hair, skull), eye_y - 2.0 * (chin_y - eye_y))
    left, right = face.point(CHEEK_LEFT)[0], face.point(CHEEK_RIGHT)[0]
    return Head(
        eye_y=eye_y,
        chin_y=chin_y,
        crown_hair_y=hair,
        crown_skull_y=max(skull, hair),
        centre_x=float(left + right) / 2,
    )


def run_checks(ev: Evidence, spec: DocumentSpec) -> tuple[Check, ...]:
    """All checks, in report order."""
    head = measure_head(ev.face, ev.alpha)
    seen = ev.alpha if ev.seen_alpha is None else ev.seen_alpha
    yaw, pitch, roll = pose_angles(ev.face)
    patch = face_patch(ev.image, ev.face)
    glasses = glasses_score(patch, ev.face)
    face_px = face_mask(ev.image.shape[:2], ev.face)
    # The face's own pixels, cut on the JPEG block grid (the measures of
    # :mod:`~.quality` read only the face, and blocks from the top-left corner).
    x, y, w, h = cv2.boundingRect(face_polygon(ev.face))
    x0, y0 = max(0, x) // 8 * 8, max(0, y) // 8 * 8
    face_in = face_px[y0 : y + h, x0 : x + w]
    face_grey = cv2.cvtColor(ev.image[y0 : y + h, x0 : x + w], cv2.COLOR_RGB2GRAY)
    return (
        check_face_count(ev.face_count),
        check_head_height(head, spec, ev.canvas, cut=ev.head_cut),
        check_eye_line(head, spec, ev.canvas),
        check_face_centered(head, ev.canvas),
        check_shoulders(ev.image, ev.alpha, ev.face, ev.canvas, by_colour=ev.seen_alpha is None),
        _pose("head_roll", roll, ROLL_PASS, ROLL_FAIL),
        _pose("head_yaw", yaw, YAW_PASS, YAW_FAIL),
        _pose("head_pitch", pitch, PITCH_PASS, PITCH_FAIL),
        check_eyes_open(
            ev.face,
            eyes_seen(
                face_grey, face_in, ev.face.transformed(np.array([[1.0, 0, -x0], [0, 1, -y0]]))
            ),
        ),
        check_mouth_closed(ev.face, spec),
        check_hands(face_px, ev.face, ev.hands),
        check_face_covered(patch, ev.face),
        check_sharpness(patch),
        check_compression(face_grey, face_in),
        check_noise(face_grey, face_in),
        check_exposure(patch),
        check_dynamic_range(face_grey, face_in),
        check_lighting(patch, ev.face),
        *check_background(ev.image, seen, ev.face, spec),
        check_background_edit(
            ev.background_kept,
            ev.background_keepable,
            spec,
            undecided=ev.outline_undecided,
            touched=ev.head_touched,
            attached=(
                foreign_share(ev.image, ev.alpha, ev.face) if ev.background_kept is False else None
            ),
        ),
        check_resolution(
            ev.upscale,
            ev.canvas,
            spec,
            detail=detail_ratio(face_grey, face_in, ev.face.eye_distance),
        ),
        check_colour(patch, ev.image, ev.face, face_px, glasses=glasses),
        check_glasses(glasses, spec),
        check_pixel_size(ev.canvas, spec),
        check_file_size(ev.encoded, spec),
    )


# ------------------------------------------------------------------ geometry


def check_face_count(count: int) -> Check:
    if count == 1:
        return _ok("face_count", count, 1, "faces")
    code = "face_count.none" if count == 0 else "face_count.many"
    return _verdict("face_count", "fail", count, 1, "faces", code, count=count)


def check_head_height(
    head: Head, spec: DocumentSpec, canvas: Canvas, *, cut: str | None = None
) -> Check:
    """Chin to crown in mm; fails outright when the photo cut off the crown, the chin or a side."""
    measured = round(canvas.mm(head.height(spec.head_measure)), 1)
    low, high = spec.head_height_mm
    expected = [low, high]
    if cut is not None:
        return _verdict(
            "head_height", "fail", measured, expected, "mm", "head_height.cut",
            measured=measured, part=cut,
        )  # fmt: skip
    if low <= measured <= high:
        return _ok("head_height", measured, expected, "mm", measure=spec.head_measure)
    code = "head_height.too_small" if measured < low else "head_height.too_large"
    return _verdict(
        "head_height", "fail", measured, expected, "mm", code, measured=measured, min=low, max=high
    )


def check_eye_line(head: Head, spec: DocumentSpec, canvas: Canvas) -> Check:
    measured = round(canvas.mm_from_bottom(head.eye_y), 1)
    if spec.eye_line_mm is None:
        return _ok("eye_line", measured, None, "mm", code="eye_line.no_rule")
    low, high = spec.eye_line_mm
    if low <= measured <= high:
        return _ok("eye_line", measured, [low, high], "mm")
    return _verdict(
        "eye_line", "fail", measured, [low, high], "mm", "eye_line.out_of_range",
        measured=measured, min=low, max=high,
    )  # fmt: skip


def check_face_centered(head: Head, canvas: Canvas) -> Check:
    """Off-centre distance of the face, mm; ISO/IEC 19794-5 allows 45-55 % of the width."""
    measured = round(canvas.mm(abs(head.centre_x - canvas.width_px / 2)), 1)
    limit = round(canvas.width_mm * 0.05, 1)
    if measured <= limit:
        return _ok("face_centered", measured, limit, "mm")
    return _verdict(
        "face_centered", "fail", measured, limit, "mm", "face_centered.off",
        measured=measured, max=limit,
    )  # fmt: skip


def check_shoulders(
    image: np.ndarray, alpha: np.ndarray, face: Face, canvas: Canvas, *, by_colour: bool
) -> Check:
    """How far above the bottom edge the person stops under the face, mm.

    A head-and-shoulders photo shows the person down to its bottom edge; one
    made from a photo cut off at the collar ends in a hard edge with plain
    background below, which no authority's sample photo shows (ICAO 9303
    part 3 and ISO/IEC 19794-5 frame the head and the top of the shoulders).
    Measured in the middle half of the face's width, where the neck and the
    chest are: in each column, the run reaching the bottom edge that is
    background. A photo made here knows its matte, cut where the source
    ends: background by the matte fails. A photo judged as it is has only a
    segmenter's guess, which often draws a body on under a collar that is
    not there: ``by_colour`` also counts pixels within
    :data:`SHOULDER_DELTA` of the background's mean, and a gap seen only
    that way is a warning (a white shirt on a white wall reads the same).
    Up to :data:`SHOULDER_GAP_MM` is matting noise along the edge.
    """
    left, right = face.point(CHEEK_LEFT)[0], face.point(CHEEK_RIGHT)[0]
    quarter = (right - left) / 4
    rows, cols = alpha.shape
    c0, c1 = max(0, int(left + quarter)), min(cols, int(np.ceil(right - quarter)) + 1)
    chin = int(np.clip(np.ceil(face.chin[1]), 0, rows))
    if chin >= rows or c1 <= c0:
        return _ok("shoulders", 0.0, SHOULDER_GAP_MM, "mm")
    background = alpha[chin:, c0:c1] < 0.5
    by_matte = _bottom_gap_mm(background, canvas)
    if by_matte > SHOULDER_GAP_MM:
        return _verdict(
            "shoulders", "fail", by_matte, SHOULDER_GAP_MM, "mm", "shoulders.cut", measured=by_matte
        )
    wall = _background_lab(image, alpha) if by_colour else None
    if wall is not None:
        lab = cv2.cvtColor(image[chin:, c0:c1].astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
        seen = _bottom_gap_mm(background | (np.linalg.norm(lab - wall, axis=2) < SHOULDER_DELTA),
                              canvas)  # fmt: skip
        if seen > SHOULDER_GAP_MM:
            return _verdict(
                "shoulders", "warn", seen, SHOULDER_GAP_MM, "mm", "shoulders.maybe_cut",
                measured=seen,
            )  # fmt: skip
    return _ok("shoulders", by_matte, SHOULDER_GAP_MM, "mm")


def _bottom_gap_mm(background: np.ndarray, canvas: Canvas) -> float:
    """Median run of ``background`` rows reaching the bottom, over the columns, mm."""
    person = ~background
    height = person.shape[0]
    runs = np.where(person.any(axis=0), height - 1 - _last_true(person), height)
    return round(canvas.mm(float(np.median(runs))), 1)


def _background_lab(image: np.ndarray, alpha: np.ndarray) -> np.ndarray | None:
    """Mean CIELAB colour of the background well away from the person, None if none shows."""
    small, a = halve(image, 2), halve(alpha, 2)
    away = cv2.erode((a < 0.05).astype(np.uint8), np.ones((3, 3), np.uint8))
    if cv2.countNonZero(away) < 8:
        return None
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    return np.array(cv2.mean(lab, mask=away)[:3], np.float32)


def _last_true(mask: np.ndarray) -> np.ndarray:
    """Row index of the last True in each column of ``mask`` (0 where none)."""
    flipped = mask[::-1]
    return mask.shape[0] - 1 - np.argmax(flipped, axis=0)


def _pose(check_id: str, angle: float, passed: float, failed: float) -> Check:
    measured = round(angle, 1)
    if abs(angle) <= passed:
        return _ok(check_id, measured, passed, "degrees")
    status: Status = "warn" if abs(angle) <= failed else "fail"
    return _verdict(
        check_id, status, measured, passed, "degrees", f"{check_id}.{status}",
        measured=measured, max=passed,
    )  # fmt: skip


# ---------------------------------------------------------------- expression


def check_eyes_open(face: Face, seen: float | None = None) -> Check:
    """Both eyes open and in plain view (ICAO Doc 9303 part 3: eyes open and
    clearly visible, no hair across them).

    The lids' gap over the eye's width (:func:`~.face.eye_openness`) fails
    under :data:`EYES_FAIL`; then ``seen``, how plainly the irises show
    (:func:`~.quality.eyes_seen`), fails under :data:`EYES_SEEN_FAIL` (hair,
    a hand or an object over an eye) and warns under :data:`EYES_SEEN_WARN`.
    A failure comes first; of warnings, the lids'.
    """
    measured = round(eye_openness(face), 3)
    if measured < EYES_FAIL:
        return _verdict(
            "eyes_open", "fail", measured, EYES_WARN, "ratio", "eyes_open.fail", measured=measured
        )
    hidden = None if seen is None else _graded(
        "eyes_open", round(seen, 2), EYES_SEEN_WARN, EYES_SEEN_FAIL, "eyes_open.covered",
        ratio=round(seen, 2),
    )  # fmt: skip
    if hidden is not None and hidden.status == "fail":
        return hidden
    if measured < EYES_WARN:
        return _verdict(
            "eyes_open", "warn", measured, EYES_WARN, "ratio", "eyes_open.warn", measured=measured
        )
    return hidden or _ok("eyes_open", measured, EYES_WARN, "ratio")


def check_hands(face_px: np.ndarray, face: Face, hands: tuple[np.ndarray, ...]) -> Check:
    """No hand on the face (ICAO Doc 9303 part 3: nothing covers the face).

    The share of the face outline under a hand (:func:`~.hands.hand_cover`)
    fails from :data:`HAND_COVER_FAIL`; a hand in the photo that covers
    less warns, as examiners refuse hands in a portrait.
    """
    cover = hand_cover(face_px, face, list(hands))
    share = round(100 * cover, 1)
    if cover >= HAND_COVER_FAIL:
        return _verdict("hands", "fail", share, 0, "%", "hands.covering", share=share)
    if hands:
        return _verdict("hands", "warn", share, 0, "%", "hands.visible", count=len(hands))
    return _ok("hands", share, 0, "%")


def check_face_covered(patch: FacePatch, face: Face) -> Check:
    """Nothing over the lower face: no mask, scarf or object (ICAO Doc 9303
    part 3: the face fully visible; head coverings for religious reasons
    leave the face from the chin to the forehead uncovered).

    Read on the face patch (:func:`~.quality.lower_face_cover`): the share of
    the face below the nose tip that is neither skin nor of the eyebrows'
    colour fails from :data:`COVER_FAIL` percent; where the whole share of
    non-skin passes :data:`COVER_WARN` but it has the brows' colour (a
    beard), it warns. Where the lower face is too bright to read, it warns.
    """
    matrix = np.array([[patch.scale, 0, -patch.origin[0] * patch.scale],
                       [0, patch.scale, -patch.origin[1] * patch.scale]])  # fmt: skip
    found = lower_face_cover(patch.rgb, patch.mask > 0, face.transformed(matrix))
    if found is None:
        return _verdict("face_covered", "warn", None, COVER_FAIL, "%", "face_covered.unread")
    other, foreign = found
    if foreign >= COVER_FAIL:
        return _verdict("face_covered", "fail", foreign, COVER_FAIL, "%", "face_covered.fail",
                        share=foreign)  # fmt: skip
    if other >= COVER_WARN:
        return _verdict("face_covered", "warn", other, COVER_WARN, "%", "face_covered.warn",
                        share=other)  # fmt: skip
    return _ok("face_covered", foreign, COVER_FAIL, "%")


def check_mouth_closed(face: Face, spec: DocumentSpec) -> Check:
    """The mouth closed, against the document's expression rule (``spec.expression``).

    An open mouth fails everywhere. Lips parted in a smile with teeth fail
    where the authority asks for a neutral expression (ICAO's rule, most
    documents) and only warn where it accepts a natural smile.
    """
    measured = round(mouth_openness(face), 3)
    if measured < MOUTH_WARN:
        return _ok("mouth_closed", measured, MOUTH_WARN, "ratio")
    if measured >= MOUTH_FAIL:
        return _verdict(
            "mouth_closed", "fail", measured, MOUTH_WARN, "ratio", "mouth_closed.fail",
            measured=measured,
        )  # fmt: skip
    if spec.expression == "neutral":
        return _verdict(
            "mouth_closed", "fail", measured, MOUTH_WARN, "ratio", "mouth_closed.smile_fail",
            measured=measured,
        )  # fmt: skip
    return _verdict(
        "mouth_closed", "warn", measured, MOUTH_WARN, "ratio", "mouth_closed.warn",
        measured=measured,
    )  # fmt: skip


# ----------------------------------------------------------------- image quality


def check_sharpness(patch: FacePatch) -> Check:
    """Perceptual sharpness of the face, 0 (blurred) to 1 (sharp), and motion blur.

    The no-reference blur metric of Crete-Roffet et al. ("The blur effect",
    SPIE 2007): blur the face again and see how much of its neighbour-to-
    neighbour variation survives; a blurred face loses little. It depends
    on neither contrast nor brightness. Measured on the face patch scaled
    to 64 px between the eyes. The same measure along four directions
    (:func:`directional_sharpness`) tells a shake from a soft focus: a
    shake smears one direction only.
    """
    inner = cv2.erode(patch.mask, np.ones((7, 7), np.uint8)) > 0
    measured = round(sharpness(patch.grey, inner), 3)
    ways = directional_sharpness(patch.grey, inner)
    spread = round(min(ways) / max(max(ways), 1e-6), 2)
    # A failure first; of two warnings, the blur's.
    found = _worst([
        _graded("sharpness", measured, SHARP_WARN, SHARP_FAIL, "sharpness", unit="score",
                measured=measured),
        _graded("sharpness", spread, MOTION_WARN, MOTION_FAIL, "sharpness.motion",
                shown=measured, expected=SHARP_WARN, unit="score", spread=spread),
    ])  # fmt: skip
    return found or _ok("sharpness", measured, SHARP_WARN, "score")


def directional_sharpness(grey: np.ndarray, where: np.ndarray) -> list[float]:
    """Crete-Roffet sharpness along 0, 45, 90 and 135 degrees, each 0-1.

    Along each direction: the variation between neighbours one pixel apart
    that way, before and after a 9-pixel line blur that way.
    """
    image = grey.astype(np.float32)
    if not where.any():
        return [0.0] * 4
    rows, cols = image.shape
    out = []
    for degrees in (0, 45, 90, 135):
        line = np.zeros((9, 9), np.float32)
        line[4] = 1.0
        turn = cv2.getRotationMatrix2D((4.0, 4.0), degrees, 1.0)
        line = cv2.warpAffine(line, turn, (9, 9))
        blurred = cv2.filter2D(image, -1, line / line.sum())
        step = np.float32(
            [[1, 0, np.cos(np.radians(degrees))], [0, 1, -np.sin(np.radians(degrees))]]
        )
        image_moved, blurred_moved = (
            cv2.warpAffine(v, step, (cols, rows), borderMode=cv2.BORDER_REPLICATE)
            for v in (image, blurred)
        )
        d_orig = np.abs(image - image_moved)[where]
        d_blur = np.abs(blurred - blurred_moved)[where]
        variation = float(d_orig.sum())
        kept = variation - float(np.maximum(0.0, d_orig - d_blur).sum())
        out.append(1.0 - kept / variation if variation > 0 else 0.0)
    return out


def sharpness(grey: np.ndarray, where: np.ndarray) -> float:
    """1 minus the Crete-Roffet blur of ``grey`` over the pixels ``where`` is True."""
    image = grey.astype(np.float32)
    if not where.any():
        return 0.0
    worst = 0.0
    for axis in (0, 1):
        kernel = (1, 9) if axis == 1 else (9, 1)
        blurred = cv2.blur(image, kernel)
        d_orig = np.abs(np.diff(image, axis=axis))
        d_blur = np.abs(np.diff(blurred, axis=axis))
        keep = where[1:, :] if axis == 0 else where[:, 1:]
        variation = d_orig[keep].sum()
        lost = np.maximum(0.0, d_orig - d_blur)[keep].sum()
        if variation > 0:
            worst = max(worst, float((variation - lost) / variation))
    return 1.0 - worst


def check_compression(grey: np.ndarray, face_px: np.ndarray) -> Check:
    """JPEG blocks and square pixels on the face, at the photo's own pixels.

    :func:`~.quality.blockiness` finds the 8x8 blocks of a heavily
    compressed JPEG (and square pixels of 2, 4 or 8), and
    :func:`~.quality.flat_share` square pixels of any size: a photo
    enlarged from a small one by repeating its pixels.
    """
    blocks = round(blockiness(grey, face_px), 2)
    flat = round(flat_share(grey, face_px), 3)
    pixels = _graded(
        "compression",
        flat,
        FLAT_WARN,
        FLAT_FAIL,
        "compression.pixels",
        shown=blocks,
        expected=BLOCK_WARN,
        unit="ratio",
        share=round(100 * flat),
    )
    steps = _graded("compression", blocks, BLOCK_WARN, BLOCK_FAIL, "compression.blocks",
                    unit="ratio", measured=blocks)  # fmt: skip
    # Where both show, the one further past its failing limit names the fault.
    if pixels is not None and (steps is None or flat / FLAT_FAIL >= blocks / BLOCK_FAIL):
        return pixels
    return steps or _ok("compression", blocks, BLOCK_WARN, "ratio")


def check_noise(grey: np.ndarray, face_px: np.ndarray) -> Check:
    """Pixel noise on the face as a share of its median brightness, percent."""
    luma = grey[face_px]
    median = float(np.median(luma)) if luma.size else 0.0
    inner = cv2.erode(face_px.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    measured = round(100.0 * noise_level(grey, inner) / max(median, 1.0), 1)
    verdict = _graded("noise", measured, NOISE_WARN, NOISE_FAIL, "noise", unit="%",
                      measured=measured)  # fmt: skip
    return verdict or _ok("noise", measured, NOISE_WARN, "%")


def check_dynamic_range(grey: np.ndarray, face_px: np.ndarray) -> Check:
    """The grey levels the face uses: the entropy of its luminance, bits (OFIQ's DynamicRange)."""
    measured = round(dynamic_range_bits(grey, face_px), 2)
    verdict = _graded("dynamic_range", measured, DYNAMIC_WARN, DYNAMIC_FAIL, "dynamic_range",
                      unit="bits", measured=measured)  # fmt: skip
    return verdict or _ok("dynamic_range", measured, DYNAMIC_WARN, "bits")


def check_exposure(patch: FacePatch) -> Check:
    """Median face brightness (%), clipped highlights, and the grain of a dim photo."""
    lum = patch.grey[patch.mask > 0]
    measured = round(float(np.median(lum)) / 2.55, 1) if lum.size else 0.0
    clipped = float((lum >= 250).mean()) if lum.size else 0.0
    low, high = EXPOSURE_RANGE
    if low <= measured <= high and clipped <= CLIPPED_FAIL:
        grain = noise_sigma(patch) / max(float(np.median(lum)), 1.0) * 100
        if grain > GRAIN_WARN:
            return _verdict(
                "exposure", "warn", measured, [low, high], "%", "exposure.grainy",
                measured=measured, grain=round(grain, 1),
            )  # fmt: skip
        return _ok("exposure", measured, [low, high], "%")
    code = "exposure.dark" if measured < low else "exposure.bright"
    return _verdict(
        "exposure", "fail", measured, [low, high], "%", code,
        measured=measured, clipped=round(clipped, 3),
    )  # fmt: skip


def noise_sigma(patch: FacePatch) -> float:
    """Standard deviation of the face's pixel noise, grey levels (Immerkaer, CVIU 1996).

    A 3x3 kernel that cancels any plane and most of the skin's own texture
    leaves the noise; its mean absolute response, scaled, is the noise sigma.
    """
    inner = cv2.erode(patch.mask, np.ones((7, 7), np.uint8)) > 0
    return noise_level(patch.grey, inner)


def check_lighting(patch: FacePatch, face: Face) -> Check:
    """Difference in median luminance between the left and right halves of the face's skin.

    Read on skin only (:func:`~.quality.skin_mask`, against the skin from
    the eyes to the mouth beside the nose): hair over a cheek, a fringe or
    a beard are darker than skin under any light, and read as a shadow.
    Where a half shows too little skin (under :data:`LIGHTING_SKIN_MIN` of
    its face), the whole face is read, as a deep shadow looks like that too.
    """
    lum_img, mask = patch.grey, patch.mask > 0
    nose = patch.at(face.point(NOSE_BRIDGE))
    cx = int(round(nose[0]))
    eye_y = float(patch.at(face.eye_mid)[1])
    mouth_y = float(patch.at((face.point(MOUTH_LEFT) + face.point(MOUTH_RIGHT)) / 2)[1])
    rows, cols = np.mgrid[: mask.shape[0], : mask.shape[1]]
    # 0.3 eye distances either side of the nose (64 px between the eyes here).
    middle = (np.abs(cols - cx) <= 19) & (rows >= eye_y) & (rows <= mouth_y)
    skin = skin_mask(patch.rgb, mask, middle)
    margin = 10  # px of the patch, about 15 % of the eye distance either side of the nose
    halves = (cols < cx - margin, cols >= cx + margin)
    sides = [lit_skin(lum_img, skin & h, skin & middle) for h in halves]
    if any(
        v.size < max(20, LIGHTING_SKIN_MIN * (mask & h).sum())
        for v, h in zip(sides, halves, strict=True)
    ):
        # Too little skin on a side: hair or a hand over it, or a shadow so
        # deep that skin no longer reads as skin. The whole face is read then.
        sides = [lum_img[mask & h] for h in halves]
    if any(v.size < 20 for v in sides):
        return _ok("lighting_uniform", None, LIGHTING_WARN, "%", code="lighting_uniform.unmeasured")
    a, b = (float(np.median(v)) for v in sides)
    measured = round(abs(a - b) / max(a, b, 1.0) * 100, 1)
    if measured <= LIGHTING_WARN:
        return _ok("lighting_uniform", measured, LIGHTING_WARN, "%")
    status: Status = "fail" if measured > LIGHTING_FAIL else "warn"
    return _verdict(
        "lighting_uniform", status, measured, LIGHTING_WARN, "%", f"lighting_uniform.{status}",
        measured=measured,
    )  # fmt: skip


def check_background(
    image: np.ndarray, alpha: np.ndarray, face: Face, spec: DocumentSpec
) -> tuple[Check, Check]:
    """The background as it shows, up to the person's outline: plain, of an accepted colour.

    ``alpha`` is a matte found on ``image`` itself (never the one that made
    it: that one calls a remnant person). Measured on a half-size copy:

    - **uniform**: the share of the background, outside the shapes a head
      with its hair and the shoulders can take (:func:`~.matte.person_envelopes`,
      from the face mesh: light hair on a light wall is often background to
      a segmenter), that departs from the wall's own smooth shading (a
      normalised box blur a quarter of the photo wide) by more than
      :data:`REMNANT_DELTA`: a piece of the old background, an object; and
      the spread of its lightness (patterns, shadows);
    - **colour**: the mean's CIE76 distance to the nearest accepted colour,
      and the share of the outline's pixels whose colour (a*, b*) lies off
      the line from the person's colour beside them to the wall's by more
      than :data:`FRINGE_DELTA`: a rim of the old background's colour round
      the hair or the shoulders, which neither the person nor the new wall
      has. Lightness is left out: grey and white hair on a white wall mix
      in lightness alone.
    """
    small, a = halve(image), halve(alpha)
    rows, cols = a.shape
    lab = cv2.cvtColor(small.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    person = (a >= 0.5).astype(np.uint8)
    ring_px = max(2, round(min(rows, cols) / 150))
    near = cv2.dilate(person, np.ones((2 * ring_px + 1,) * 2, np.uint8))
    far = (near == 0).astype(np.uint8)
    # Remnants are looked for a little further out: the outline's own soft
    # pixels are the fringe test's.
    clear = cv2.dilate(person, np.ones((6 * ring_px + 1,) * 2, np.uint8)) == 0
    if cv2.countNonZero(far) < 32:
        return (
            _verdict("background_uniform", "warn", None, BG_STD_WARN, "L*", "background.hidden"),
            _verdict("background_color", "warn", None, list(spec.background), "delta E",
                     "background.hidden"),
        )  # fmt: skip
    # The wall's shading from the pixels of its own colour: a part of the
    # person the segmenter missed (the top of a dark cap) must not darken
    # the wall beside it, which would then read as a remnant.
    median = np.median(lab[far > 0][::4], axis=0).astype(np.float32)
    plain = (far > 0) & (_square_distance(lab, np.full_like(lab, median)) < WALL_SPAN**2)
    wall = _smooth_where(lab, plain if plain.sum() >= 32 else far, max(3, min(rows, cols) // 4),
                         coarse=True)  # fmt: skip
    from_wall = _square_distance(lab, wall)
    # A remnant is an object, not a pixel: the sensor's grain and a JPEG's
    # ringing depart from the wall pixel by pixel, and a one-pixel blur
    # averages them away where it leaves any object of two pixels or more.
    departs = _square_distance(cv2.GaussianBlur(lab, (0, 0), 1.0), wall) > REMNANT_DELTA**2
    # Inside the shapes a person takes, a piece the matte left out is more
    # likely the person's own (light hair, clothes of the wall's colour).
    outside = clear & ~head_and_shoulders((rows, cols), face.transformed(HALF))
    remnants = round(100.0 * float(departs[outside].mean()), 2) if outside.any() else 0.0
    judged = outside.astype(np.uint8) if cv2.countNonZero(outside.astype(np.uint8)) >= 32 else far
    mean, std = (v.reshape(-1) for v in cv2.meanStdDev(lab, mask=judged))
    spread = round(float(std[0]), 1)
    pattern = round(_pattern(lab[..., 0], judged > 0, face.eye_distance / 2), 1)
    uniform = _uniform_verdict(spread, remnants, pattern)

    allowed = [colour_lab(c) for c in spec.background]
    delta = round(min(float(np.linalg.norm(mean - a)) for a in allowed), 1)
    fringe = _fringe_share(lab, person, wall, from_wall, ring_px)
    if delta > BG_DELTA_WARN:
        status: Status = "fail" if delta > BG_DELTA_FAIL else "warn"
        colour = _verdict(
            "background_color", status, delta, list(spec.background), "delta E",
            f"background_color.{status}", measured=delta, colour=spec.background[0],
        )  # fmt: skip
    elif fringe > FRINGE_WARN:
        status = "fail" if fringe > FRINGE_FAIL else "warn"
        colour = _verdict(
            "background_color", status, delta, list(spec.background), "delta E",
            f"background_color.fringe_{status}", measured=delta, share=fringe,
        )  # fmt: skip
    else:
        colour = _ok("background_color", delta, list(spec.background), "delta E")
    return uniform, colour


def check_background_edit(
    kept: bool | None,
    keepable: bool,
    spec: DocumentSpec,
    *,
    undecided: float | None = None,
    touched: float | None = None,
    attached: float | None = None,
) -> Check:
    """Whether the background was replaced, against the authority's rule on it, and how well.

    The rule and its source are the catalogue's (``background_replacement``):
    a replaced background fails where the authority refuses one; where it
    discourages one, the check passes and says so. A replaced background
    whose outline colour could not decide along more than
    :data:`UNDECIDED_FAIL` percent (``undecided``, a share 0-1) fails, and
    more than :data:`UNDECIDED_WARN` warns: the cut-out there is a guess.
    One where an object of the old background touched the head (``touched``,
    the share of the face's area the closer look took away) fails past
    :data:`TOUCHING_FAIL` percent and warns past :data:`TOUCHING_WARN`: a
    part of it likely stays beside the head. One with foreign pieces on the
    head's outline (``attached``, percent of the face's area,
    :func:`~.attached.foreign_share`) fails past :data:`ATTACHED_FAIL` and
    warns past :data:`ATTACHED_WARN`. A failure comes first; of warnings,
    the undecided outline's, then the touching object's.
    """
    rule = spec.background_replacement
    if kept is None:
        return _ok("background_edit", None, rule, "", code="background_edit.unknown", rule=rule)
    if kept:
        return _ok("background_edit", "kept", rule, "", code="background_edit.kept")
    if rule == "refused":
        return _verdict("background_edit", "fail", "replaced", rule, "", "background_edit.refused")
    found = _worst([
        None if value is None else _graded(
            "background_edit", round(100.0 * value, 1), warn, fail, f"background_edit.{name}",
            unit="%", share=round(100.0 * value, 1),
        )
        for value, warn, fail, name in (
            (undecided, UNDECIDED_WARN, UNDECIDED_FAIL, "unclear"),
            (touched, TOUCHING_WARN, TOUCHING_FAIL, "touching"),
            (None if attached is None else attached / 100.0, ATTACHED_WARN, ATTACHED_FAIL,
             "attached"),
        )
    ])  # fmt: skip
    if found:
        return found
    code = "background_edit.keepable" if keepable else f"background_edit.{rule}"
    return _ok("background_edit", "replaced", rule, "", code=code)


def _pattern(lightness: np.ndarray, where: np.ndarray, eye_px: float) -> float:
    """The background's texture: its mean lightness gradient, L* per eye distance.

    OFIQ's BackgroundUniformity (ISO/IEC 29794-5) averages the Scharr
    gradient magnitude of the background's luminance; here the same on
    CIELAB lightness after a one-pixel Gaussian (the sensor's grain is no
    pattern), per pixel of the half-size copy, times the eye distance in
    those pixels, so that it reads the same at any resolution.
    """
    if not where.any():
        return 0.0
    smooth = cv2.GaussianBlur(lightness, (0, 0), 1.0)
    gx = cv2.Scharr(smooth, cv2.CV_32F, 1, 0) / 32
    gy = cv2.Scharr(smooth, cv2.CV_32F, 0, 1) / 32
    return float(np.hypot(gx, gy)[where].mean()) * eye_px


def _uniform_verdict(spread: float, remnants: float, pattern: float = 0.0) -> Check:
    if remnants > REMNANT_WARN:
        status: Status = "fail" if remnants > REMNANT_FAIL else "warn"
        return _verdict(
            "background_uniform", status, spread, BG_STD_WARN, "L*",
            f"background_uniform.remnant_{status}", measured=spread, share=remnants,
        )  # fmt: skip
    if pattern > PATTERN_WARN:
        status = "fail" if pattern > PATTERN_FAIL else "warn"
        return _verdict(
            "background_uniform", status, spread, BG_STD_WARN, "L*",
            f"background_uniform.pattern_{status}", measured=spread, pattern=pattern,
        )  # fmt: skip
    if spread <= BG_STD_WARN:
        return _ok("background_uniform", spread, BG_STD_WARN, "L*")
    status = "fail" if spread > BG_STD_FAIL else "warn"
    return _verdict(
        "background_uniform", status, spread, BG_STD_WARN, "L*",
        f"background_uniform.{status}", measured=spread,
    )  # fmt: skip


def _smooth_where(
    lab: np.ndarray, where: np.ndarray, window: int, *, coarse: bool = False
) -> np.ndarray:
    """``lab`` averaged over ``where`` in a ``window``-wide box (a wall's own shading).

    Far from any pixel of ``where``, the mean over all of them.

    ``coarse``: computed at half the size and enlarged, for windows so wide
    that the detail lost is none of the average's.
    """
    weight = where.astype(np.float32)
    # Weighted before halving: a 2x2 block half on the person must not
    # bring the person's colour into the wall's.
    weighted = cv2.multiply(lab, cv2.merge([weight, weight, weight]))
    if coarse:
        weighted, weight = halve(weighted), halve(weight)
        window = max(3, window // 2)
    size = (window | 1, window | 1)
    total = cv2.boxFilter(weight, -1, size)
    mean = cv2.boxFilter(weighted, -1, size) / cv2.merge([total + 1e-6] * 3)
    # Where no pixel of ``where`` lies within the window, its mean over all.
    if where.any():
        mean[total < 1e-3] = lab[where > 0].mean(axis=0)
    if coarse:
        mean = cv2.resize(mean, lab.shape[1::-1], interpolation=cv2.INTER_LINEAR)
    return mean


def _square_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared CIE76 distance between two CIELAB images, per pixel (float32)."""
    diff = cv2.subtract(a, b)
    return cv2.transform(cv2.multiply(diff, diff), np.ones((1, 3), np.float32))


def _fringe_share(
    lab: np.ndarray, person: np.ndarray, wall: np.ndarray, from_wall: np.ndarray, ring_px: int
) -> float:
    """Percent of the outline's pixels whose colour no mix of the person and the wall explains.

    The outline is where the picture meets the wall: the pixels that are not
    the wall's colour (within :data:`WALL_DELTA` of its smooth shading) but
    lie within a ring's width of one that is, near the person (``from_wall``
    is each pixel's squared distance to the wall's shading). The person's colour beside each is
    the mean of the person's pixels well inside the segmenter's outline
    (never the rim itself, which can be pixels wide); an edge pixel of
    hair on a wall lies, in a* and b*, on the line between that colour and
    the wall's, one of a magenta wall's rim on a white one does not.
    Lightness is left out: grey and white hair on a white wall mix in
    lightness alone. Found without the segmenter's outline, which misses
    light hair and white caps on a white wall.
    """
    # The wall is what joins the photo's top or sides: a white collar or
    # shirt of the wall's colour within the person is not.
    wallish = (from_wall < WALL_DELTA**2).astype(np.uint8)
    count, parts = cv2.connectedComponents(wallish, connectivity=4)
    outer = np.zeros(count, bool)
    outer[np.concatenate([parts[0], parts[:, 0], parts[:, -1]])] = True
    outer[0] = False
    wallish = outer[parts].astype(np.uint8)
    touch = cv2.dilate(wallish, np.ones((2 * ring_px + 1,) * 2, np.uint8)) > 0
    reach = cv2.dilate(person, np.ones((4 * ring_px + 1,) * 2, np.uint8)) > 0
    outline = touch & (wallish == 0) & reach
    if not outline.any():
        return 0.0
    # The person's colour from well inside (a rim several pixels wide is no person).
    kernel = np.ones((2 * ring_px + 1,) * 2, np.uint8)
    inner = cv2.erode(cv2.erode(person, kernel), kernel) > 0
    fore = _smooth_where(lab, inner, 8 * ring_px + 1, coarse=True)
    r, c = np.nonzero(outline)
    pixel, f, b = lab[r, c, 1:], fore[r, c, 1:], wall[r, c, 1:]
    span = f - b
    t = np.clip(np.einsum("ij,ij->i", pixel - b, span) / (np.einsum("ij,ij->i", span, span) + 1e-6),
                0, 1)  # fmt: skip
    off = np.linalg.norm(pixel - (b + t[:, None] * span), axis=1)
    return round(100.0 * float((off > FRINGE_DELTA).mean()), 2)


def check_resolution(
    upscale: float | None, canvas: Canvas, spec: DocumentSpec, *, detail: float | None = None
) -> Check:
    """The detail the face holds: output pixels per source pixel (made here), or the
    photo's DPI (judged as is), and the fine detail actually in its pixels.

    ``detail`` is :func:`~.quality.detail_ratio`: a photo enlarged before it
    came here, or soft, holds less than its pixel count says. A failure of
    the scale or the DPI comes first, then the detail's; of warnings, the
    detail's.
    """
    if upscale is None:
        measured = round(canvas.dpi, 1)
        need = _required_dpi(spec)
        if measured >= need * 0.98:
            scale = _ok("resolution", measured, need, "dpi", code="resolution.dpi_pass")
        else:
            scale = _verdict(
                "resolution", "fail", measured, need, "dpi", "resolution.low", measured=measured,
                min=need,
            )  # fmt: skip
    elif (measured := round(upscale, 2)) <= UPSCALE_WARN:
        scale = _ok("resolution", measured, UPSCALE_WARN, "x")
    else:
        status: Status = "fail" if measured > UPSCALE_FAIL else "warn"
        scale = _verdict(
            "resolution", status, measured, UPSCALE_WARN, "x", f"resolution.{status}",
            measured=measured, max=UPSCALE_FAIL,
        )  # fmt: skip
    seen = None if detail is None else _graded(
        "resolution", round(detail, 2), DETAIL_WARN, DETAIL_FAIL, "resolution.detail",
        ratio=round(detail, 2),
    )  # fmt: skip
    return scale if scale.status == "fail" or seen is None else seen


def check_colour(
    patch: FacePatch, image: np.ndarray, face: Face, face_px: np.ndarray, *, glasses: float
) -> Check:
    """A colour photo, and skin of a natural colour.

    Greyscale: the face's mean chroma (CIELAB) under :data:`COLOUR_FAIL`.
    A cast: how far the cheeks' colour lies outside skin's natural range
    (:func:`~.quality.colour_off_skin`, OFIQ's NaturalColour), and, where no
    glasses are seen (``glasses``, :func:`glasses_score`), how yellow or
    blue the whites of the eyes are (:func:`~.quality.sclera_yellow`). The
    worse of the two counts.
    """
    lab = cv2.cvtColor(patch.rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    chroma = np.hypot(lab[..., 1], lab[..., 2])[patch.mask > 0]
    measured = round(float(chroma.mean()) if chroma.size else 0.0, 1)
    if measured < COLOUR_FAIL:
        return _verdict(
            "color", "fail", measured, COLOUR_FAIL, "chroma", "color.greyscale", measured=measured
        )
    off = round(colour_off_skin(image, cheeks(image.shape[:2], face, face_px)), 1)
    cast = _graded("color", off, CAST_WARN, CAST_FAIL, "color.cast", shown=measured,
                   expected=COLOUR_FAIL, unit="chroma", off=off)  # fmt: skip
    yellow = None if glasses >= GLASSES_SCORE else sclera_yellow(image, face)
    if yellow is not None:
        eyes = _graded("color", round(abs(yellow), 1), SCLERA_WARN, SCLERA_FAIL,
                       "color.eyes_cast", shown=measured, expected=COLOUR_FAIL, unit="chroma",
                       tint=round(abs(yellow), 1))  # fmt: skip
        cast = _worst([cast, eyes])
    return cast or _ok("color", measured, COLOUR_FAIL, "chroma")


def check_glasses(score: float, spec: DocumentSpec) -> Check:
    """Edge strength across the nose bridge (where frames cross) relative to the cheeks
    (``score``, :func:`glasses_score`)."""
    measured = round(score, 2)
    seen = measured >= GLASSES_SCORE
    expected = f"glasses {spec.glasses}"
    if not seen:
        return _ok("glasses", measured, GLASSES_SCORE, "ratio")
    if spec.glasses == "allowed":
        return _ok("glasses", measured, GLASSES_SCORE, "ratio", code="glasses.allowed")
    return _verdict(
        "glasses", "warn", measured, expected, "ratio", f"glasses.{spec.glasses}", measured=measured
    )


def glasses_score(patch: FacePatch, face: Face) -> float:
    """How strongly a horizontal edge crosses the nose bridge, relative to the lower cheeks.

    A frame's bridge draws a horizontal line between the eyes: the strongest
    row of vertical gradient there, over the mean gradient of the lower
    cheeks (below where rims sit). About 1-2 on bare skin.
    """
    gy = np.abs(cv2.Sobel(patch.grey.astype(np.float32), cv2.CV_32F, 0, 1, ksize=3))

    def region(point: np.ndarray, half_w: float, half_h: float) -> np.ndarray:
        x, y = patch.at(point)
        r0, r1 = int(max(0, y - half_h)), int(min(gy.shape[0], y + half_h))
        c0, c1 = int(max(0, x - half_w)), int(min(gy.shape[1], x + half_w))
        return gy[r0:r1, c0:c1]

    bridge = region(face.point(NOSE_BRIDGE), 6, 12)
    cheeks = np.concatenate(
        [region(face.point(LOWER_CHEEK_LEFT), 8, 8).ravel(),
         region(face.point(LOWER_CHEEK_RIGHT), 8, 8).ravel()]
    )  # fmt: skip
    if bridge.size == 0 or cheeks.size == 0:
        return 0.0
    return float(bridge.mean(axis=1).max() / (cheeks.mean() + 4.0))


def check_pixel_size(canvas: Canvas, spec: DocumentSpec) -> Check:
    measured = [canvas.width_px, canvas.height_px]
    digital = spec.digital
    if digital is not None and digital.width_px:
        expected: list = [digital.width_px, digital.height_px]
        ok = measured == expected
    elif digital is not None and (digital.min_px or digital.max_px):
        low, high = digital.min_px or 1, digital.max_px or 100_000
        expected = [low, high]
        ok = all(low <= v <= high for v in measured)
    else:
        need = round(spec.height_mm / 25.4 * _required_dpi(spec) * 0.98)
        expected = [None, need]
        ok = canvas.height_px >= need
    aspect_ok = abs(canvas.width_px / canvas.height_px - _aspect(spec)) < 0.02
    if ok and aspect_ok:
        return _ok("pixel_size", measured, expected, "px", width=measured[0], height=measured[1])
    return _verdict(
        "pixel_size", "fail", measured, expected, "px", "pixel_size.wrong",
        width=measured[0], height=measured[1],
    )  # fmt: skip


def check_file_size(encoded: Encoded, spec: DocumentSpec) -> Check:
    """The file's size in KB inside the portal's window, and its format among those accepted."""
    kb = encoded.kb
    measured = round(kb, 1)
    digital = spec.digital
    low = digital.min_kb if digital else None
    high = digital.max_kb if digital else None
    if digital is not None and digital.formats and encoded.format not in digital.formats:
        accepted = ", ".join(f.upper() for f in digital.formats)
        return _verdict(
            "file_size", "fail", measured, [low, high], "KB", "file_size.format",
            format=encoded.format.upper(), accepted=accepted, first=digital.formats[0].upper(),
        )  # fmt: skip
    if (low is None or kb >= low) and (high is None or kb <= high):
        return _ok("file_size", measured, [low, high], "KB")
    return _verdict(
        "file_size", "fail", measured, [low, high], "KB", "file_size.out_of_range",
        measured=measured, min=low or 0, max=high,
    )  # fmt: skip


# ------------------------------------------------------------------ helpers


def _verdict(
    check_id: str,
    status: Status,
    measured,
    expected,
    unit: str,
    code: str,
    /,
    **params,
) -> Check:
    """A check whose English message and advice come from the message table."""
    text = render(code, params)
    advice = text.advice if status != "pass" else ""
    return Check(check_id, status, measured, expected, unit, text.message, code, params, advice)


def _ok(
    check_id: str, measured, expected, unit: str, /, *, code: str | None = None, **params
) -> Check:
    """A passing check (``<check>.pass`` unless ``code`` says otherwise)."""
    params.setdefault("measured", measured)
    return _verdict(
        check_id, "pass", measured, expected, unit, code or f"{check_id}.pass", **params
    )


def _graded(
    check_id: str,
    value: float,
    warn: float,
    fail: float,
    code: str,
    *,
    shown=None,
    expected=None,
    unit: str = "",
    **params,
) -> Check | None:
    """The warning or failure of ``value`` against its limits, None when it passes.

    Higher is worse when ``fail`` exceeds ``warn`` (noise, blocks), lower
    when it is below (sharpness, bits). The code is ``code`` followed by
    ``_warn``/``_fail`` (or ``.warn``/``.fail`` when ``code`` is the check
    id). The check shows ``shown`` and ``expected``, by default ``value`` and
    ``warn``; ``params`` fill its message.
    """
    worse = fail > warn
    if (value <= warn) if worse else (value >= warn):
        return None
    status: Status = "fail" if ((value > fail) if worse else (value < fail)) else "warn"
    joined = f"{code}.{status}" if code == check_id else f"{code}_{status}"
    return _verdict(
        check_id, status, value if shown is None else shown,
        warn if expected is None else expected, unit, joined, **params,
    )  # fmt: skip


def _worst(found: list[Check | None]) -> Check | None:
    """The first failure among ``found``, else its first warning, else None."""
    found = [c for c in found if c is not None]
    return next((c for c in found if c.status == "fail"), found[0] if found else None)


def _aspect(spec: DocumentSpec) -> float:
    d = spec.digital
    if d is not None and d.width_px and d.height_px:
        return d.width_px / d.height_px
    return spec.width_mm / spec.height_mm


def _required_dpi(spec: DocumentSpec) -> int:
    return min(spec.dpi, 300)


@dataclass(frozen=True)
class FacePatch:
    """The face's bounding box scaled to 64 px between the eyes, cut once for all checks.

    ``rgb`` and ``grey`` are the patch (uint8), ``mask`` the face oval in it
    (1 inside); ``origin`` is the patch's top-left corner in image pixels
    ``(x, y)`` and ``scale`` patch pixels per image pixel.
    """

    rgb: np.ndarray
    grey: np.ndarray
    mask: np.ndarray
    origin: np.ndarray
    scale: float

    def at(self, point: np.ndarray) -> np.ndarray:
        """An image point ``(x, y)`` in patch pixels."""
        return (np.asarray(point) - self.origin) * self.scale


def face_patch(image: np.ndarray, face: Face) -> FacePatch:
    """Cut and scale the face of ``image`` (see :class:`FacePatch`)."""
    scale = 64.0 / max(face.eye_distance, 1e-6)
    origin = np.maximum(np.floor(face.landmarks[:, :2].min(axis=0)), 0)
    c0, r0 = (int(v) for v in origin)
    x1, y1 = face.landmarks[:, :2].max(axis=0)
    rows, cols = image.shape[:2]
    c1, r1 = int(min(cols, np.ceil(x1))), int(min(rows, np.ceil(y1)))
    patch = image[r0:r1, c0:c1]
    if patch.size == 0:
        empty = np.zeros((1, 1), np.uint8)
        return FacePatch(np.zeros((1, 1, 3), np.uint8), empty, empty, origin, scale)
    shifted = face_polygon(face) - np.array([c0, r0], np.int32)
    mask = np.zeros(patch.shape[:2], np.uint8)
    cv2.fillPoly(mask, [shifted], 1)
    size = (max(1, round(patch.shape[1] * scale)), max(1, round(patch.shape[0] * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    rgb = cv2.resize(patch, size, interpolation=interp)
    mask = cv2.resize(mask, size, interpolation=cv2.INTER_NEAREST)
    return FacePatch(rgb, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), mask, origin, scale)
