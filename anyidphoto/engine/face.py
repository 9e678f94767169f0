"""Finding the face and its landmarks, and the measurements taken from them.

Coordinates are ``(x, y)`` pixels of the analysed image, ``x`` to the right and
``y`` down (columns, rows). Angles are degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from .errors import InputError
from .models import Models
from .resample import shrink

# Landmark indices of the MediaPipe face mesh (478 points with irises).
CHIN = 152
FOREHEAD = 10
LEFT_IRIS = 468  # the person's right eye, on the left of the image
RIGHT_IRIS = 473
CHEEK_LEFT = 234
CHEEK_RIGHT = 454
NOSE_TIP = 1
MOUTH_LEFT = 61
MOUTH_RIGHT = 291
LIP_TOP_INNER = 13
LIP_BOTTOM_INNER = 14
EYE_LEFT_OUTER, EYE_LEFT_INNER, EYE_LEFT_TOP, EYE_LEFT_BOTTOM = 33, 133, 159, 145
EYE_RIGHT_INNER, EYE_RIGHT_OUTER, EYE_RIGHT_TOP, EYE_RIGHT_BOTTOM = 362, 263, 386, 374
#: The lids' outlines, around each eye (MediaPipe Face Mesh's eye contours).
EYE_LEFT_CONTOUR = (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246)
EYE_RIGHT_CONTOUR = (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466)
NOSE_BRIDGE = 168
#: The eyebrows' outlines (MediaPipe Face Mesh), the person's right then left.
BROW_RIGHT = (70, 63, 105, 66, 107, 55, 65, 52, 53, 46)
BROW_LEFT = (300, 293, 334, 296, 336, 285, 295, 282, 283, 276)
LOWER_CHEEK_LEFT, LOWER_CHEEK_RIGHT = 205, 425
FACE_OVAL = (
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
    400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21,
    54, 103, 67, 109,
)  # fmt: skip

#: Detection confidence counted as a face for ``face_count``.
FACE_SCORE = 0.6
#: Largest side passed to the detector, pixels (it resizes to 192 px itself).
_DETECT_SIDE = 384
#: Largest side of the crop passed to the face mesh, pixels. The graph crops
#: and resizes it itself, at much the same cost for any input up to this.
_MESH_INPUT_MAX = 1024


@dataclass(frozen=True)
class Box:
    """An axis-aligned face box in pixels, with the detector's confidence."""

    x0: float
    y0: float
    x1: float
    y1: float
    score: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def scaled(self, factor: float) -> Box:
        return Box(
            self.x0 * factor, self.y0 * factor, self.x1 * factor, self.y1 * factor, self.score
        )


@dataclass(frozen=True)
class Face:
    """One analysed face.

    ``landmarks`` is ``(478, 3)``: ``x``, ``y`` in pixels of the analysed image
    and ``z`` relative depth in the same scale. ``turn`` is the head's
    ``(yaw, pitch)`` in degrees read from the image and from its mirror
    image and averaged (see :func:`analyse_face`); None when only the
    landmarks are known.
    """

    box: Box
    landmarks: np.ndarray
    turn: tuple[float, float] | None = None

    def point(self, index: int) -> np.ndarray:
        """Landmark ``index`` as ``(x, y)`` pixels."""
        return self.landmarks[index, :2]

    @property
    def left_eye(self) -> np.ndarray:
        return self.point(LEFT_IRIS)

    @property
    def right_eye(self) -> np.ndarray:
        return self.point(RIGHT_IRIS)

    @property
    def eye_mid(self) -> np.ndarray:
        return (self.left_eye + self.right_eye) / 2

    @property
    def chin(self) -> np.ndarray:
        return self.point(CHIN)

    @property
    def roll_deg(self) -> float:
        """Tilt of the eye line, degrees, positive when the right side of the image is lower."""
        dx, dy = self.right_eye - self.left_eye
        return math.degrees(math.atan2(dy, dx))

    @property
    def eye_distance(self) -> float:
        """Distance between the iris centres, pixels."""
        return float(np.linalg.norm(self.right_eye - self.left_eye))

    def transformed(self, matrix: np.ndarray) -> Face:
        """The face mapped by the 2x3 affine ``matrix`` (pixels to pixels)."""
        xy = self.landmarks[:, :2] @ matrix[:, :2].T + matrix[:, 2]
        zscale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))
        pts = np.column_stack([xy, self.landmarks[:, 2] * zscale])
        corners = np.array(
            [[self.box.x0, self.box.y0], [self.box.x1, self.box.y0],
             [self.box.x0, self.box.y1], [self.box.x1, self.box.y1]]
        ) @ matrix[:, :2].T + matrix[:, 2]  # fmt: skip
        box = Box(*corners.min(axis=0), *corners.max(axis=0), self.box.score)
        turn = self.turn
        if turn is not None and np.linalg.det(matrix[:, :2]) < 0:  # a mirror turns the other way
            turn = (-turn[0], turn[1])
        return Face(box, pts, turn)


@dataclass(frozen=True)
class FaceSearch:
    """All faces found in an image, largest first, and the analysed main one."""

    boxes: tuple[Box, ...]
    face: Face | None


def find_faces(rgb: np.ndarray, models: Models) -> list[Box]:
    """Face boxes in ``rgb`` (pixels), most confident first.

    The detector sees a copy at most 384 px on a side; where it finds nothing
    (a full-length photo, a face far from the camera) overlapping tiles are
    searched as well so a small face is still found.
    """
    small, factor = _shrink_for_detector(rgb)
    boxes = _confirmed(rgb, [b.scaled(1 / factor) for b in _detect(small, models)], models)
    if not boxes:
        boxes = _detect_tiles(rgb, models)
    boxes.sort(key=lambda b: b.width * b.height, reverse=True)
    return boxes


def _confirmed(rgb: np.ndarray, boxes: list[Box], models: Models) -> list[Box]:
    """``boxes`` without duplicates, each confirmed by a second look where in doubt.

    With several candidates every one is looked at again: a torso or a
    pattern can score high at 192 px, and the largest box becomes the subject.
    """
    boxes = _suppress(boxes)
    sure = _SURE_SCORE if len(boxes) == 1 else 1.01
    return [b for b in (_confirm(rgb, b, models, sure=sure) for b in boxes) if b is not None]


def analyse_face(rgb: np.ndarray, models: Models, *, box: Box | None = None) -> Face | None:
    """Landmarks of the face in ``box`` (or the largest face) in ``rgb``.

    The mesh model sees a square crop about twice the face box, resized to
    at most 1024 px, so a small face in a large frame is measured as well as a
    close-up. Returns None when the mesh finds no face there.

    The mesh also sees the crop's mirror image, and the head's yaw and pitch
    are the mean of the two readings (yaw with its sign turned). The mesh
    network is not symmetric: on its own it read a mirrored official
    portrait 2.5 degrees apart in pitch. Averaged, a mirrored photo gives
    the same pitch and the opposite yaw exactly, and the reading's noise
    falls (the cost is one more mesh pass, about 8 ms).
    """
    if box is None:
        boxes = find_faces(rgb, models)
        if not boxes:
            return None
        box = boxes[0]
    rows, cols = rgb.shape[:2]
    cx, cy = box.centre
    side = max(box.width, box.height) * 2.2
    x0, y0 = int(max(0, cx - side / 2)), int(max(0, cy - side / 2))
    x1, y1 = int(min(cols, cx + side / 2)), int(min(rows, cy + side / 2))
    crop = rgb[y0:y1, x0:x1]
    factor = min(1.0, _MESH_INPUT_MAX / max(crop.shape[:2]))
    seen = np.ascontiguousarray(_resize(crop, factor))
    pts = models.mesh(seen)
    if pts is None:
        return None
    mirrored = models.mesh(np.ascontiguousarray(seen[:, ::-1]))
    turn = None
    if mirrored is not None:
        yaw, pitch, _ = pose_angles(Face(box, pts))
        yaw_m, pitch_m, _ = pose_angles(Face(box, mirrored))
        turn = ((yaw - yaw_m) / 2, (pitch + pitch_m) / 2)
    pts = pts / factor
    pts[:, 0] += x0
    pts[:, 1] += y0
    return Face(box, pts, turn)


def confident(boxes: list[Box]) -> tuple[Box, ...]:
    """The boxes that count as faces (score at least ``FACE_SCORE``), else the best one alone."""
    return tuple(b for b in boxes if b.score >= FACE_SCORE) or tuple(boxes[:1])


def search(rgb: np.ndarray, models: Models) -> FaceSearch:
    """Find every face and analyse the largest (``face`` is None when there is none)."""
    strong = confident(find_faces(rgb, models))
    face = analyse_face(rgb, models, box=strong[0]) if strong else None
    return FaceSearch(strong, face)


def require_face(found: FaceSearch, name: str) -> Face:
    """The main face of ``found``, or an :class:`InputError` naming ``name``."""
    if found.face is None:
        raise no_face(name)
    return found.face


def no_face(name: str) -> InputError:
    """The error for a photo of ``name`` in which no face was found."""
    return InputError(
        "no-face",
        f"{name}: no face found; use a photo of one person facing the camera, "
        "with the whole head visible",
    )


# ---------------------------------------------------------------- measurements


def pose_angles(face: Face) -> tuple[float, float, float]:
    """Head ``(yaw, pitch, roll)`` in degrees, 0 when facing the camera squarely.

    Yaw and pitch come from the mesh's own depth: yaw is the angle of the
    cheek-to-cheek line out of the image plane, pitch the angle of the line
    from the eye corners to the mouth corners out of the image plane, less
    that line's angle on an upright face in the mesh's canonical geometry
    (about -9 degrees: the mesh places the mouth corners behind the eye
    corners). Roll is the eye line's tilt.

    Where the face carries its ``turn`` (read from the photo and its mirror
    image, :func:`analyse_face`), yaw and pitch are that reading.
    """
    if face.turn is not None:
        return face.turn[0], face.turn[1], face.roll_deg
    lm = face.landmarks
    left, right = lm[CHEEK_LEFT], lm[CHEEK_RIGHT]
    yaw = math.degrees(math.atan2(right[2] - left[2], right[0] - left[0]))
    # Work in the face's roll-free frame so a tilted head does not read as pitch.
    roll = math.radians(face.roll_deg)
    c, s = math.cos(roll), math.sin(roll)

    def up(p: np.ndarray) -> float:
        return -s * p[0] + c * p[1]

    eyes = (lm[EYE_LEFT_OUTER] + lm[EYE_LEFT_INNER] + lm[EYE_RIGHT_OUTER] + lm[EYE_RIGHT_INNER]) / 4
    mouth = (lm[MOUTH_LEFT] + lm[MOUTH_RIGHT]) / 2
    dy = up(mouth) - up(eyes)
    dz = mouth[2] - eyes[2]
    pitch = math.degrees(math.atan2(-dz, dy)) - _PITCH_UPRIGHT_DEG
    return yaw, pitch, face.roll_deg


#: Angle of the eye-to-mouth line out of the image plane on an upright face.
_PITCH_UPRIGHT_DEG = -9.0


def eye_openness(face: Face) -> float:
    """Smaller eye's lid gap divided by its width (about 0.25-0.35 open, under 0.12 shut)."""
    lm = face.landmarks[:, :2]

    def ratio(top: int, bottom: int, a: int, b: int) -> float:
        return float(
            np.linalg.norm(lm[top] - lm[bottom]) / max(np.linalg.norm(lm[a] - lm[b]), 1e-6)
        )

    return min(
        ratio(EYE_LEFT_TOP, EYE_LEFT_BOTTOM, EYE_LEFT_OUTER, EYE_LEFT_INNER),
        ratio(EYE_RIGHT_TOP, EYE_RIGHT_BOTTOM, EYE_RIGHT_OUTER, EYE_RIGHT_INNER),
    )


def mouth_openness(face: Face) -> float:
    """Gap between the inner lips divided by the mouth's width (near 0 when closed)."""
    lm = face.landmarks[:, :2]
    gap = np.linalg.norm(lm[LIP_TOP_INNER] - lm[LIP_BOTTOM_INNER])
    width = np.linalg.norm(lm[MOUTH_LEFT] - lm[MOUTH_RIGHT])
    return float(gap / max(width, 1e-6))


def face_polygon(face: Face) -> np.ndarray:
    """The face oval as an ``(N, 2)`` int32 polygon, pixels."""
    return np.round(face.landmarks[list(FACE_OVAL), :2]).astype(np.int32)


def skull_top_y(face: Face) -> float:
    """Estimated row of the top of the skull (not the hair), pixels, on an upright face.

    The eye line sits close to the middle of the head: the crown is about as
    far above the eyes as the chin is below them (anthropometric vertex-pupil
    to pupil-menton ratio about 1.0 for adults, more for children, whose
    foreheads are larger, which the forehead landmark catches).
    """
    eye_y = float(face.eye_mid[1])
    below = float(face.chin[1]) - eye_y
    forehead = eye_y - float(face.point(FOREHEAD)[1])
    return eye_y - max(0.98 * below, 1.45 * forehead)


# ------------------------------------------------------------------ internals


#: A detection at least this confident is taken as it is; a weaker one is
#: looked at again, zoomed in.
_SURE_SCORE = 0.85


def _confirm(rgb: np.ndarray, box: Box, models: Models, *, sure: float = _SURE_SCORE) -> Box | None:
    """``box`` if a second look at a zoomed-in crop still finds a face there, else None.

    Patterns in clothes or wallpaper can pass for a small face at the
    detector's 192 px; seen from closer they do not, while a real face scores
    higher. A box scoring ``sure`` or more is taken without a second look.
    The returned box keeps its place and takes the better score.
    """
    if box.score >= sure:
        return box
    rows, cols = rgb.shape[:2]
    cx, cy = box.centre
    half = max(box.width, box.height) * 1.25
    x0, y0 = int(max(0, cx - half)), int(max(0, cy - half))
    x1, y1 = int(min(cols, cx + half)), int(min(rows, cy + half))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    crop = rgb[y0:y1, x0:x1]
    side = 256
    if x1 - x0 > side and y1 - y0 > side:
        zoom = shrink(crop, (side, side))
    else:
        zoom = cv2.resize(crop, (side, side), interpolation=cv2.INTER_LINEAR)
    # The face seen again must be this box's face: near the crop's centre and
    # about its size, not another face that the crop happens to include.
    fx, fy = side / (x1 - x0), side / (y1 - y0)
    ex, ey = (cx - x0) * fx, (cy - y0) * fy
    expected = max(box.width * fx, box.height * fy)
    best = 0.0
    for far in (False, True):
        for bx0, by0, bx1, by1, score in models.detect(zoom, far=far):
            size = max(bx1 - bx0, by1 - by0)
            near = (
                abs((bx0 + bx1) / 2 - ex) < expected / 2
                and abs((by0 + by1) / 2 - ey) < expected / 2
            )
            if near and 0.5 < size / expected < 2.0:
                best = max(best, score)
    return Box(box.x0, box.y0, box.x1, box.y1, max(best, box.score)) if best >= 0.5 else None


def _shrink_for_detector(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """``rgb`` shrunk by a whole factor to about ``_DETECT_SIDE`` on its longer side, and the scale.

    The detector resizes to 192 px itself and needs no careful average;
    sampling every k-th pixel costs a tenth of an area average.
    """
    rows, cols = rgb.shape[:2]
    k = max(rows, cols) // _DETECT_SIDE
    if k < 2:
        return rgb, 1.0
    cropped = rgb[: rows // k * k, : cols // k * k]
    # Every k-th pixel: the detector's own resize to 192 px smooths what aliasing this leaves.
    small = cv2.resize(cropped, (cols // k, rows // k), interpolation=cv2.INTER_NEAREST)
    return small, 1.0 / k


def _detect(rgb: np.ndarray, models: Models) -> list[Box]:
    boxes = [Box(*b) for b in models.detect(rgb, far=True)]
    if not boxes:
        boxes = [Box(*b) for b in models.detect(rgb, far=False)]
    return boxes


def _detect_tiles(rgb: np.ndarray, models: Models) -> list[Box]:
    """Search square tiles of half, then a quarter of the shorter side, overlapping by half.

    The detector sees 192 px whatever it is given, so a face under about a
    tenth of the frame (a full-length photo) is only found in a smaller tile.
    """
    rows, cols = rgb.shape[:2]
    found: list[Box] = []
    for divisor in (2, 4):
        side = max(64, min(rows, cols) // divisor)
        step = side // 2
        for y0 in _starts(rows, side, step):
            for x0 in _starts(cols, side, step):
                tile, factor = _shrink_for_detector(rgb[y0 : y0 + side, x0 : x0 + side])
                for b in _detect(tile, models):
                    b = b.scaled(1 / factor)
                    found.append(Box(b.x0 + x0, b.y0 + y0, b.x1 + x0, b.y1 + y0, b.score))
        # Smaller tiles only when these found no face that holds up to a second look.
        found = _confirmed(rgb, found, models)
        if found:
            break
    return found


def _starts(length: int, side: int, step: int) -> list[int]:
    """Tile origins covering ``length`` with tiles of ``side`` every ``step`` pixels."""
    if length <= side:
        return [0]
    starts = list(range(0, length - side, step))
    return [*starts, length - side]


def _suppress(boxes: list[Box], overlap: float = 0.3) -> list[Box]:
    """Drop boxes that overlap a more confident one.

    Overlap is the intersection over the *smaller* box, so a face found
    whole in one tile and half in the next counts once.
    """
    kept: list[Box] = []
    for b in sorted(boxes, key=lambda b: b.score, reverse=True):
        if all(_overlap(b, k) < overlap for k in kept):
            kept.append(b)
    return kept


def _overlap(a: Box, b: Box) -> float:
    ix = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
    smaller = min(a.width * a.height, b.width * b.height)
    return ix * iy / smaller if smaller > 0 else 0.0


def _resize(rgb: np.ndarray, factor: float) -> np.ndarray:
    """``rgb`` scaled by ``factor`` (at most 1)."""
    if factor >= 0.999:
        return rgb
    rows, cols = rgb.shape[:2]
    return shrink(rgb, (max(1, round(cols * factor)), max(1, round(rows * factor))))
