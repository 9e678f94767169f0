"""Every check has a photo where it passes and one where it fails (or warns, its verdict)."""

from __future__ import annotations

import io
import math

import cv2
import numpy as np
import pytest
from PIL import Image

from anyidphoto.engine import check_photo, make_photo
from anyidphoto.engine.checks import DETAIL_FAIL
from anyidphoto.engine.face import Face, analyse_face, pose_angles
from anyidphoto.engine.report import CHECK_IDS

from .. import photos
from ..conftest import made

US = "us-passport"


def _status(photo_or_report, check_id: str) -> str:
    report = getattr(photo_or_report, "report", photo_or_report)
    return report.check(check_id).status


@pytest.fixture(scope="module")
def us_photo():
    return made("original", US)[0]


def _make(rgb: np.ndarray, doc: str = US, **options):
    return make_photo(photos.encode(rgb), doc, **options)


def _pad(rgb: np.ndarray, *, top: int = 0, left: int = 0) -> np.ndarray:
    """Shift a finished photo down/right (negative: up/left) by padding with white, same size."""
    rows, cols = rgb.shape[:2]
    matrix = np.array([[1.0, 0, left], [0, 1.0, top]])
    return cv2.warpAffine(rgb, matrix, (cols, rows), borderValue=(255, 255, 255))


def _file(rgb: np.ndarray, dpi: float = 300.0, **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", dpi=(dpi, dpi), **{"quality": 95, **options})
    return buffer.getvalue()


def test_the_report_has_every_check_in_order(us_photo):
    assert tuple(c.id for c in us_photo.report.checks) == CHECK_IDS
    for check in us_photo.report.checks:
        assert check.status in ("pass", "warn", "fail")


# ------------------------------------------------------------------ geometry


def test_face_count_passes_alone_and_fails_with_two_people(us_photo):
    assert us_photo.report.check("face_count").measured == 1
    assert _status(us_photo, "face_count") == "pass"
    two, _ = made("two-faces", US)
    assert two.report.check("face_count").measured == 2
    assert _status(two, "face_count") == "fail"
    assert not two.report.compliant


def test_head_height_passes_when_made_and_fails_on_an_uncropped_portrait(us_photo):
    assert _status(us_photo, "head_height") == "pass"
    # The raw 512 px portrait judged as a 2x2 in photo: the head is about 16 mm.
    report = check_photo(photos.encode(photos.astronaut()), US)
    check = report.check("head_height")
    assert check.status == "fail"
    assert 12 < check.measured < 20
    assert check.advice == "Move closer to the camera."


def test_eye_line_fails_when_the_photo_is_shifted_down(us_photo, catalog):
    assert _status(us_photo, "eye_line") == "pass"
    px_per_mm = us_photo.image.shape[0] / catalog.get(US).height_mm
    shifted = _pad(us_photo.image, top=round(7 * px_per_mm))
    report = check_photo(_file(shifted), US)
    assert report.check("eye_line").status == "fail"
    assert report.check("eye_line").measured < 28


def test_face_centered_fails_when_the_face_is_off_to_one_side(us_photo, catalog):
    assert _status(us_photo, "face_centered") == "pass"
    px_per_mm = us_photo.image.shape[0] / catalog.get(US).height_mm
    report = check_photo(_file(_pad(us_photo.image, left=round(6 * px_per_mm))), US)
    check = report.check("face_centered")
    assert check.status == "fail"
    assert check.measured == pytest.approx(6.0, abs=0.6)


def test_head_roll_fails_on_a_tilted_finished_photo(us_photo):
    assert _status(us_photo, "head_roll") == "pass"
    rows, cols = us_photo.image.shape[:2]
    matrix = cv2.getRotationMatrix2D((cols / 2, rows / 2), 14, 1.0)
    tilted = cv2.warpAffine(us_photo.image, matrix, (cols, rows), borderValue=(255, 255, 255))
    check = check_photo(_file(tilted), US).check("head_roll")
    assert check.status == "fail"
    assert abs(check.measured) == pytest.approx(14, abs=2)


def _turned(face: Face, *, yaw: float = 0.0, pitch: float = 0.0) -> Face:
    """``face`` with its 3D landmarks turned about the vertical (yaw) or horizontal (pitch) axis."""
    pts = face.landmarks.copy()
    centre = pts.mean(axis=0)
    p = pts - centre
    y, t = math.radians(yaw), math.radians(pitch)
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])
    return Face(face.box, p @ (ry @ rx).T + centre)


@pytest.mark.parametrize("angle", [15.0, -25.0])
def test_head_yaw_is_measured_from_the_mesh_depth(models, angle):
    face = analyse_face(photos.astronaut(), models)
    base_yaw, _, _ = pose_angles(face)
    yaw, _, _ = pose_angles(_turned(face, yaw=angle))
    assert abs(base_yaw) < 5  # the sample faces the camera
    assert abs(yaw - base_yaw) == pytest.approx(abs(angle), abs=3)


def test_head_pitch_is_measured_from_the_mesh_depth(models):
    face = analyse_face(photos.astronaut(), models)
    _, base_pitch, _ = pose_angles(face)
    _, pitch, _ = pose_angles(_turned(face, pitch=25))
    assert abs(base_pitch) < 5
    assert abs(pitch - base_pitch) == pytest.approx(25, abs=4)


def test_pose_checks_pass_facing_and_fail_turned(us_photo, models):
    from anyidphoto.engine.checks import PITCH_FAIL, YAW_FAIL, _pose

    assert _status(us_photo, "head_yaw") == "pass"
    assert _status(us_photo, "head_pitch") == "pass"
    face = analyse_face(photos.astronaut(), models)
    yaw, _, _ = pose_angles(_turned(face, yaw=25))
    _, pitch, _ = pose_angles(_turned(face, pitch=30))
    assert _pose("head_yaw", yaw, 5, YAW_FAIL).status == "fail"
    assert _pose("head_pitch", pitch, 10, PITCH_FAIL).status == "fail"


# ---------------------------------------------------------------- expression


def _closed_eyes(rgb: np.ndarray) -> np.ndarray:
    out = rgb.copy()
    skin = tuple(int(v) for v in np.median(rgb[112:122, 200:212].reshape(-1, 3), axis=0))
    for cx, cy in (photos.LEFT_PUPIL, photos.RIGHT_PUPIL):
        cv2.ellipse(out, (int(cx), int(cy)), (11, 6), 0, 0, 360, skin, -1)
        cv2.ellipse(out, (int(cx), int(cy) + 2), (11, 3), 0, 0, 180, (60, 40, 35), 1)
    return out


def test_eyes_open_passes_and_fails_with_lids_closed(us_photo):
    assert _status(us_photo, "eyes_open") == "pass"
    closed = _make(_closed_eyes(photos.astronaut()))
    assert _status(closed, "eyes_open") == "fail"
    assert closed.report.check("eyes_open").measured < 0.12


def test_eyes_open_fails_where_hair_or_a_patch_hides_the_eyes(us_photo):
    assert us_photo.report.check("eyes_open").code == "eyes_open.pass"
    fringe = _make(photos.hair_over_eyes(us_photo.image, us_photo.face))
    hidden = fringe.report.check("eyes_open")
    assert (hidden.status, hidden.code) == ("fail", "eyes_open.covered_fail")
    assert hidden.advice and "hair" in hidden.advice
    assert not fringe.report.compliant
    for colour in ((30, 25, 25), (200, 150, 130)):  # a black patch, a skin-coloured one
        patched = _make(photos.patch_over_eye(us_photo.image, us_photo.face, colour))
        assert _status(patched, "eyes_open") == "fail", colour


@pytest.mark.parametrize("colour", ["blue", "white", "green"])
def test_face_covered_fails_under_a_surgical_mask(us_photo, colour):
    from .. import packaged

    assert us_photo.report.check("face_covered").status == "pass"
    masked = _make(photos.with_mask(us_photo.image, us_photo.face, packaged.surgical_mask(colour)))
    check = masked.report.check("face_covered")
    assert (check.status, check.code) == ("fail", "face_covered.fail")
    assert check.measured > 60 and "mask" in check.advice
    assert not masked.report.compliant


def test_face_covered_reads_no_covering_into_grain_or_a_face_too_bright_to_read(us_photo):
    rgb = us_photo.image.astype(np.float32)
    grain = np.random.default_rng(3).normal(0, 30, rgb.shape)
    grainy = _make(np.clip(rgb + grain, 0, 255).astype(np.uint8))
    assert _status(grainy, "face_covered") == "pass"
    glare = _make(np.clip(rgb * 1.6, 0, 255).astype(np.uint8)).report.check("face_covered")
    assert (glare.status, glare.code) == ("warn", "face_covered.unread")
    assert "too bright" in glare.message and "A warning, not a failure" in glare.message


def test_eyes_seen_reads_the_iris_against_the_white_alike_on_a_mirror_and_a_dim_copy(us_photo):
    from anyidphoto.engine.quality import eyes_seen
    from anyidphoto.engine.segment import face_mask

    def seen(rgb, face):
        return eyes_seen(
            cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), face_mask(rgb.shape[:2], face), face
        )

    image, face = us_photo.image, us_photo.face
    plain = seen(image, face)
    assert plain > 0.5
    mirror = image[:, ::-1].copy()
    matrix = np.array([[-1.0, 0, image.shape[1] - 1], [0, 1, 0]])
    assert abs(seen(mirror, face.transformed(matrix)) - plain) < 0.1
    assert abs(seen((image * 0.4).astype(np.uint8), face) - plain) < 0.1
    assert seen(photos.hair_over_eyes(image, face), face) < 0.2


def test_mouth_closed_warns_on_a_smile_with_teeth_and_fails_agape(us_photo):
    # The sample smiles with parted lips: a warning, not a failure.
    assert _status(us_photo, "mouth_closed") == "warn"
    lips = photos.astronaut()
    # Teeth painted over with lips meeting at a seam: a closed mouth.
    cv2.ellipse(lips, (222, 148), (17, 9), 0, 0, 360, (120, 50, 55), -1)
    cv2.line(lips, (206, 148), (238, 148), (70, 30, 30), 2)
    assert _status(_make(lips), "mouth_closed") == "pass"
    agape = photos.astronaut()
    cv2.ellipse(agape, (222, 152), (15, 16), 0, 0, 360, (30, 10, 15), -1)
    cv2.ellipse(agape, (222, 152), (15, 16), 0, 0, 360, (150, 70, 70), 3)
    assert _status(_make(agape), "mouth_closed") == "fail"


def test_a_smile_with_teeth_fails_where_the_expression_must_be_neutral(catalog):
    us, de = catalog.get(US), catalog.get("de-passport")
    assert (us.expression, de.expression) == ("natural_smile", "neutral")
    assert "natural smile" in us.expression_source and "ICAO" in de.expression_source
    smile = _make(photos.astronaut(), "de-passport").report.check("mouth_closed")
    assert (smile.status, smile.code) == ("fail", "mouth_closed.smile_fail")
    assert "neutral expression" in smile.message and smile.advice
    accepted = _make(photos.astronaut(), US).report.check("mouth_closed")
    assert (accepted.status, accepted.code) == ("warn", "mouth_closed.warn")
    assert "accepts a natural smile" in accepted.message


def test_every_document_has_an_expression_rule_with_its_source(catalog):
    for spec in catalog:
        assert spec.expression in ("neutral", "natural_smile"), spec.id
        assert len(spec.expression_source) >= 10, spec.id
    smiling = sorted(spec.id for spec in catalog if spec.expression == "natural_smile")
    assert smiling and all(doc.startswith("us-") for doc in smiling), smiling


# ---------------------------------------------------------------- image quality


def test_sharpness_passes_and_fails_on_a_blurred_portrait(us_photo):
    assert _status(us_photo, "sharpness") == "pass"
    blurred = _make(cv2.GaussianBlur(photos.astronaut(), (0, 0), 2.0))
    assert _status(blurred, "sharpness") == "fail"
    assert blurred.report.check("sharpness").measured < us_photo.report.check("sharpness").measured


@pytest.mark.parametrize("gain, code", [(0.15, "exposure.dark"), (2.2, "exposure.bright")])
def test_exposure_fails_too_dark_and_too_bright(us_photo, gain, code):
    assert _status(us_photo, "exposure") == "pass"
    rgb = np.clip(photos.astronaut().astype(np.float32) * gain, 0, 255).astype(np.uint8)
    check = _make(rgb).report.check("exposure")
    assert check.status == "fail"
    assert check.code == code


def test_lighting_uniform_passes_evened_out_and_fails_lit_from_one_side():
    rgb = photos.astronaut().astype(np.float32)
    cols = np.arange(512)
    # The sample is lit from the left: brighten the right of the face to even it...
    even = np.clip(1 + 0.25 * (cols - 225) / 45, 0.6, 1.4)
    assert (
        _status(
            _make(np.clip(rgb * even[None, :, None], 0, 255).astype(np.uint8)), "lighting_uniform"
        )
        == "pass"
    )
    # ...or darken it further for a hard side light.
    side = np.clip(1 - 0.4 * (cols - 180) / 90, 0.45, 1.0)
    check = _make((rgb * side[None, :, None]).astype(np.uint8)).report.check("lighting_uniform")
    assert check.status == "fail"
    assert check.measured > 30


def test_background_checks_pass_replaced_and_fail_as_taken(us_photo):
    assert _status(us_photo, "background_uniform") == "pass"
    assert _status(us_photo, "background_color") == "pass"
    # The original studio backdrop (flag, shuttle model) judged as it is.
    as_taken = check_photo(photos.encode(photos.astronaut()), US)
    assert as_taken.check("background_uniform").status == "fail"


def test_background_color_fails_for_a_colour_the_document_refuses():
    blue = made("original", US, "#3366cc")[0]
    check = blue.report.check("background_color")
    assert check.status == "fail"
    assert check.measured > 16


def test_resolution_passes_with_pixels_and_fails_from_a_thumbnail():
    # Hopper's portrait has 83 px between the eyes, enlarged 1.1 times here:
    # the detail is there, and the small enlargement only warns.
    full = _make(photos.hopper()).report.check("resolution")
    assert (full.status, full.code) == ("warn", "resolution.warn"), full
    # The astronaut (43 px between the eyes) blown up 2.5 times before it
    # came: more pixels than needed, but not the detail they should hold.
    enlarged = made("scaled-2.5", US)[0].report.check("resolution")
    assert (enlarged.status, enlarged.code) == ("fail", "resolution.detail_fail")
    assert enlarged.measured < DETAIL_FAIL
    # 230 px: the head is about 66 px for a 356 px output, enlarged over 3 times.
    thumb = _make(cv2.resize(photos.astronaut(), (230, 230), interpolation=cv2.INTER_AREA))
    check = thumb.report.check("resolution")
    assert check.status == "fail"
    assert 3 < check.measured <= 6


def test_color_fails_for_black_and_white(us_photo):
    assert _status(us_photo, "color") == "pass"
    grey = np.dstack([cv2.cvtColor(photos.astronaut(), cv2.COLOR_RGB2GRAY)] * 3)
    check = _make(grey).report.check("color")
    assert check.status == "fail"
    assert check.measured < 4


def test_glasses_warn_where_banned_and_pass_where_allowed(us_photo):
    assert _status(us_photo, "glasses") == "pass"
    glasses = photos.encode(photos.with_glasses(photos.astronaut()))
    assert _status(make_photo(glasses, US), "glasses") == "warn"
    assert _status(make_photo(glasses, "ca-passport"), "glasses") == "pass"


def test_pixel_size_passes_made_and_fails_resized():
    dv = made("original", "us-dv-lottery")[0]
    assert dv.report.check("pixel_size").measured == [600, 600]
    assert _status(dv, "pixel_size") == "pass"
    small = cv2.resize(dv.image, (500, 500), interpolation=cv2.INTER_AREA)
    check = check_photo(_file(small), "us-dv-lottery").check("pixel_size")
    assert check.status == "fail"
    assert check.measured == [500, 500]


def test_file_size_passes_made_and_fails_over_the_portal_limit():
    dv = made("original", "us-dv-lottery")[0]
    assert _status(dv, "file_size") == "pass"
    noisy = np.clip(dv.image + np.random.default_rng(1).normal(0, 25, dv.image.shape), 0, 255)
    data = _file(noisy.astype(np.uint8), quality=100, subsampling=0)
    assert len(data) > 240 * 1024
    check = check_photo(data, "us-dv-lottery").check("file_size")
    assert check.status == "fail"
    assert check.measured == pytest.approx(len(data) / 1024, abs=0.1)


def test_check_reports_the_dpi_written_in_the_file_and_the_format(us_photo):
    report = check_photo(_file(us_photo.image, dpi=72), US)
    assert report.output.dpi == 72
    dv = made("original", "us-dv-lottery")[0]
    buffer = io.BytesIO()
    Image.fromarray(dv.image).save(buffer, "PNG")
    check = check_photo(buffer.getvalue(), "us-dv-lottery").check("file_size")
    assert check.status == "fail"
    assert check.code == "file_size.format"


def test_check_fails_a_photo_whose_hair_runs_into_the_top_edge(us_photo, catalog):
    px_per_mm = us_photo.image.shape[0] / catalog.get(US).height_mm
    # Move the photo up until the crown (about 5 mm below the top) is cut by 3 mm.
    raised = _pad(us_photo.image, top=-round(8 * px_per_mm))
    check = check_photo(_file(raised), US).check("head_height")
    assert check.status == "fail"
    assert check.code == "head_height.cut"


def test_where_the_original_photo_ends_the_new_background_begins():
    # A portrait cut just under the chin: the canvas below comes from nowhere.
    cut = photos.astronaut()[:185]
    photo = _make(cut)
    bottom = photo.image[-10:].astype(int)
    assert np.abs(bottom - 255).max() <= 2  # plain background, no black border seeping in


def test_a_chin_cut_by_the_bottom_edge_is_reported():
    photo = _make(photos.astronaut()[:172])  # the chin (row 177) is outside
    check = photo.report.check("head_height")
    assert check.status == "fail"
    assert check.code == "head_height.cut"
    assert "chin" in check.message


@pytest.mark.parametrize("source", [photos.astronaut, photos.hopper])
def test_a_dim_grainy_photo_gets_a_warning(source):
    clean = _make(source()).report.check("exposure")
    assert clean.status == "pass"
    check = _make(photos.dim_and_grainy(source())).report.check("exposure")
    assert check.status in ("warn", "fail")
    assert check.code in ("exposure.grainy", "exposure.dark")


def test_a_replaced_background_with_an_outline_colour_could_not_decide_warns_then_fails(catalog):
    from anyidphoto.engine.checks import check_background_edit

    spec = catalog.get(US)
    clear = check_background_edit(False, False, spec, undecided=0.05)
    assert (clear.status, clear.code) == ("pass", "background_edit.discouraged")
    borderline = check_background_edit(False, False, spec, undecided=0.15)
    assert (borderline.status, borderline.code) == ("warn", "background_edit.unclear_warn")
    assert borderline.measured == 15.0 and "15.0 %" in borderline.message
    assert "a warning, not a failure" in borderline.message
    guessed = check_background_edit(False, False, spec, undecided=0.3)
    assert (guessed.status, guessed.code) == ("fail", "background_edit.unclear_fail")
    # A kept background was not cut out; a refusing authority's rule comes first.
    assert check_background_edit(True, False, spec, undecided=0.3).status == "pass"
    refused = check_background_edit(False, False, catalog.get("de-passport"), undecided=0.3)
    assert refused.code == "background_edit.refused"


def test_an_object_touching_the_head_warns_then_fails_and_a_failure_comes_first(catalog):
    from anyidphoto.engine.checks import check_background_edit

    spec = catalog.get(US)
    trimmed = check_background_edit(False, False, spec, undecided=0.05, touched=0.02)
    assert trimmed.status == "pass"
    some = check_background_edit(False, False, spec, touched=0.08)
    assert (some.status, some.code) == ("warn", "background_edit.touching_warn")
    assert "8.0 %" in some.message and "a warning, not a failure" in some.message
    lamp = check_background_edit(False, False, spec, touched=0.26)
    assert (lamp.status, lamp.code) == ("fail", "background_edit.touching_fail")
    assert "nothing behind your head" in lamp.advice
    # Either failure outranks the other's warning, whichever it is.
    both = check_background_edit(False, False, spec, undecided=0.15, touched=0.26)
    assert both.code == "background_edit.touching_fail"
    both = check_background_edit(False, False, spec, undecided=0.3, touched=0.08)
    assert both.code == "background_edit.unclear_fail"
    # Of two warnings, the undecided outline's.
    both = check_background_edit(False, False, spec, undecided=0.15, touched=0.08)
    assert both.code == "background_edit.unclear_warn"
    # In French too.
    assert "Un objet derrière vous" in lamp.text("fr").message
