"""Test portraits: variants of the public-domain astronaut portrait from scikit-image.

Nothing large is committed; every variant is generated here. Each variant
knows the similarity map from the original portrait to itself, so positions
annotated by hand on the original can be followed into it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image
from skimage import data

from anyidphoto.engine import face as mesh

# Hand-annotated on the original 512x512 astronaut portrait (pixel x, y), read
# off a 4x zoom with a 10 px grid: pupil centres and the bottom of the chin.
LEFT_PUPIL = (204.0, 101.0)
RIGHT_PUPIL = (247.0, 103.0)
CHIN = (222.0, 177.0)


def astronaut() -> np.ndarray:
    """The original portrait, ``(512, 512, 3)`` uint8 RGB."""
    return data.astronaut().copy()


def hopper() -> np.ndarray:
    """Rear Admiral Grace Hopper's official portrait (US Navy, public domain), as
    matplotlib ships it: ``(600, 512, 3)`` uint8 RGB. Glasses, a cap, a flag behind."""
    from matplotlib import cbook

    with Image.open(cbook.get_sample_data("grace_hopper.jpg")) as im:
        return np.asarray(im.convert("RGB")).copy()


@dataclass(frozen=True)
class Subject:
    """A portrait with hand-annotated pupils and chin (x, y pixels of the original)."""

    name: str
    load: object  # () -> np.ndarray
    left_pupil: tuple[float, float]
    right_pupil: tuple[float, float]
    chin: tuple[float, float]


ASTRONAUT = Subject("astronaut", astronaut, (204.0, 101.0), (247.0, 103.0), (222.0, 177.0))
# Read off a 3x zoom with a 10 px grid.
HOPPER = Subject("hopper", hopper, (220.0, 188.0), (300.0, 187.0), (262.0, 335.0))


def encode(rgb: np.ndarray, fmt: str = "JPEG", **options) -> bytes:
    """``rgb`` as file bytes (JPEG quality 95 unless told)."""
    buffer = io.BytesIO()
    if fmt == "JPEG":
        options.setdefault("quality", 95)
    Image.fromarray(rgb).save(buffer, fmt, **options)
    return buffer.getvalue()


def background_mask(rgb: np.ndarray) -> np.ndarray:
    """The portrait's light studio background (bool), joined to the top corners."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    light = ((hsv[..., 2] > 150) & (hsv[..., 1] < 60)).astype(np.uint8)
    count, labels = cv2.connectedComponents(light)
    keep = {labels[0, 0], labels[0, -1], labels[0, rgb.shape[1] // 2]} - {0}
    return np.isin(labels, list(keep))


def on_colour(rgb: np.ndarray, colour: tuple[int, int, int]) -> np.ndarray:
    """The portrait with its light background painted ``colour``."""
    out = rgb.copy()
    out[background_mask(rgb)] = colour
    return out


def on_clutter(rgb: np.ndarray, seed: int = 7) -> np.ndarray:
    """The portrait with its light background replaced by random coloured shapes."""
    rng = np.random.default_rng(seed)
    clutter = np.full_like(rgb, 120)
    for _ in range(60):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        x, y = (int(v) for v in rng.integers(0, rgb.shape[1], 2))
        cv2.rectangle(
            clutter,
            (x, y),
            (x + int(rng.integers(10, 90)), y + int(rng.integers(10, 90))),
            colour,
            -1,
        )
    out = rgb.copy()
    mask = background_mask(rgb)
    out[mask] = clutter[mask]
    return out


@dataclass(frozen=True)
class Variant:
    """A generated portrait and the 2x3 map from the original's pixels to its pixels."""

    name: str
    pixels: np.ndarray
    matrix: np.ndarray
    mirrored: bool = False


IDENTITY = np.array([[1.0, 0, 0], [0, 1.0, 0]])


def transformed(
    name: str, rgb: np.ndarray, matrix: np.ndarray, size: tuple[int, int], fill=(200, 200, 200)
) -> Variant:
    """``rgb`` warped by ``matrix`` onto a ``size`` (cols, rows) canvas filled with ``fill``."""
    out = cv2.warpAffine(
        rgb, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )
    return Variant(name, out, np.asarray(matrix, np.float64))


def scaled(factor: float) -> Variant:
    rgb = astronaut()
    size = (round(512 * factor), round(512 * factor))
    return Variant(
        f"scaled-{factor}",
        cv2.resize(rgb, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC),
        IDENTITY * [[factor], [factor]],
    )


def shifted(dx: int, dy: int) -> Variant:
    matrix = np.array([[1.0, 0, dx], [0, 1.0, dy]])
    return transformed(
        f"shifted-{dx}-{dy}", astronaut(), matrix, (512 + abs(dx) * 2, 512 + abs(dy) * 2)
    )


def rotated(degrees: float) -> Variant:
    """Rotated about the face by ``degrees`` (counter-clockwise as seen) on a grey canvas."""
    matrix = cv2.getRotationMatrix2D((225.0, 110.0), degrees, 1.0)
    matrix[:, 2] += (144, 144)
    return transformed(
        f"rotated-{degrees}",
        on_colour(astronaut(), (235, 235, 235)),
        matrix,
        (800, 800),
        fill=(235, 235, 235),
    )


def mirrored() -> Variant:
    matrix = np.array([[-1.0, 0, 511], [0, 1.0, 0]])
    return Variant("mirrored", astronaut()[:, ::-1].copy(), matrix, mirrored=True)


def in_large_frame(cols: int = 4000, rows: int = 3000, factor: float = 1.0) -> Variant:
    """The portrait small inside a 12-megapixel frame of a plain wall."""
    frame = np.full((rows, cols, 3), (196, 190, 182), np.uint8)
    rng = np.random.default_rng(3)
    frame = np.clip(
        frame.astype(np.int16) + rng.normal(0, 3, frame.shape).astype(np.int16), 0, 255
    ).astype(np.uint8)
    portrait = on_colour(astronaut(), (196, 190, 182))
    if factor != 1.0:
        portrait = cv2.resize(portrait, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    x0, y0 = cols // 2 - portrait.shape[1] // 2, rows // 3
    frame[y0 : y0 + portrait.shape[0], x0 : x0 + portrait.shape[1]] = portrait
    matrix = np.array([[factor, 0, x0], [0, factor, y0]])
    return Variant(f"in-{cols}x{rows}", frame, matrix)


def standing_back(factor: float = 1.4) -> Variant:
    """A 3000x4000 frame, the subject further back (head about 150 px), on a plain wall."""
    rows, cols, wall = 4000, 3000, (180, 175, 170)
    frame = np.full((rows, cols, 3), wall, np.uint8)
    portrait = cv2.resize(
        on_colour(astronaut(), wall), None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC
    )
    x0, y0 = (cols - portrait.shape[1]) // 2, 600
    frame[y0 : y0 + portrait.shape[0], x0 : x0 + portrait.shape[1]] = portrait
    return Variant("standing-back", frame, np.array([[factor, 0, x0], [0, factor, y0]]))


def lit_from_one_side(rgb: np.ndarray) -> np.ndarray:
    """Light falling off from one side of the frame to the other (0.2 to 1.3 of the original)."""
    gain = np.linspace(0.2, 1.3, rgb.shape[1])[None, :, None]
    return np.clip(rgb * gain, 0, 255).astype(np.uint8)


def dim_and_grainy(rgb: np.ndarray, sigma: float = 15.0, seed: int = 0) -> np.ndarray:
    """A photo taken in low light: 30 % of the light and sensor noise of ``sigma`` grey levels."""
    rng = np.random.default_rng(seed)
    return np.clip(rgb * 0.3 + rng.normal(0, sigma, rgb.shape), 0, 255).astype(np.uint8)


def two_faces() -> Variant:
    rgb = astronaut()
    both = np.concatenate([rgb, rgb[:, ::-1]], axis=1)
    return Variant("two-faces", both, IDENTITY)


def with_exif_orientation(rgb: np.ndarray, orientation: int) -> bytes:
    """JPEG whose stored pixels are rotated so that EXIF ``orientation`` shows ``rgb`` upright."""
    stored = {6: np.rot90(rgb, 1), 8: np.rot90(rgb, -1), 3: np.rot90(rgb, 2)}[orientation]
    image = Image.fromarray(np.ascontiguousarray(stored))
    exif = image.getexif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return buffer.getvalue()


def with_glasses(rgb: np.ndarray) -> np.ndarray:
    """Dark rectangular frames drawn over the eyes and across the nose bridge."""
    out = rgb.copy()
    (lx, ly), (rx, ry) = LEFT_PUPIL, RIGHT_PUPIL
    colour = (25, 20, 20)
    for cx, cy in ((lx, ly), (rx, ry)):
        cv2.rectangle(out, (int(cx - 17), int(cy - 10)), (int(cx + 17), int(cy + 12)), colour, 3)
    cv2.line(out, (int(lx + 17), int(ly - 4)), (int(rx - 17), int(ry - 4)), colour, 3)
    return out


def hair_over_eyes(rgb: np.ndarray, face, cover: float = 1.0) -> np.ndarray:
    """A fringe over the eyes: a strip of the head's own top (hair or a cap) laid
    across them, its edges feathered, ``cover`` its opacity (1 hides them).

    ``face`` is the mesh on ``rgb`` (a finished photo's), which places the strip
    from the crown down to a quarter of an eye distance below the eyes.
    """
    out = rgb.astype(np.float32)
    eye = face.eye_distance
    mid, top = face.eye_mid, face.point(mesh.FOREHEAD)
    rows, cols = int(0.45 * eye), int(1.9 * eye)
    x0 = int(mid[0] - cols / 2)
    y0 = max(int(top[1] - 0.15 * eye) - rows, 0)
    strip = out[y0 : y0 + rows, x0 : x0 + cols].copy()
    rows, cols = strip.shape[:2]
    weight = np.zeros((rows, cols), np.float32)
    weight[2:-2, 2:-2] = cover
    weight = cv2.GaussianBlur(weight, (0, 0), 3)[..., None]
    y1 = int(mid[1] - 0.25 * eye)
    under = out[y1 : y1 + rows, x0 : x0 + cols]
    out[y1 : y1 + rows, x0 : x0 + cols] = under * (1 - weight) + strip * weight
    return np.clip(out, 0, 255).astype(np.uint8)


def patch_over_eye(rgb: np.ndarray, face, colour: tuple[int, int, int]) -> np.ndarray:
    """An eye patch: a filled ellipse of ``colour`` over the person's right eye."""
    out = rgb.copy()
    centre = tuple(int(v) for v in face.left_eye)
    axes = (int(0.33 * face.eye_distance), int(0.22 * face.eye_distance))
    cv2.ellipse(out, centre, axes, 0, 0, 360, colour, -1)
    return out


def with_mask(rgb: np.ndarray, face, mask: np.ndarray) -> np.ndarray:
    """A photo of a surgical mask (``mask``, RGB) laid over the lower face.

    Its corners go to the cheeks' outline at the middle of the nose and to
    8 % below the chin, on the mesh ``face`` of ``rgb``.
    """
    rows, cols = mask.shape[:2]
    left, right, chin, bridge = (
        face.point(i) for i in (mesh.CHEEK_LEFT, mesh.CHEEK_RIGHT, mesh.CHIN, mesh.NOSE_BRIDGE)
    )
    top_y = bridge[1] + 0.45 * (chin[1] - bridge[1])
    drop = np.array([0.0, 1.08 * (chin[1] - top_y)])
    top_left, top_right = np.array([left[0], top_y]), np.array([right[0], top_y])
    corners = np.float32([top_left, top_right, top_right + drop, top_left + drop])
    source = np.float32([[0, 0], [cols, 0], [cols, rows], [0, rows]])
    warp = cv2.getPerspectiveTransform(source, corners)
    size = (rgb.shape[1], rgb.shape[0])
    laid = cv2.warpPerspective(mask, warp, size)
    where = cv2.warpPerspective(np.full((rows, cols), 255, np.uint8), warp, size) > 128
    out = rgb.copy()
    out[where] = laid[where]
    return out
