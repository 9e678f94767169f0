"""A known-alpha test set for the cut-out, and the three figures that judge it.

Real people with a known matte: each portrait's person is keyed once with
closed-form matting (Levin, Lischinski and Weiss 2008, as pymatting
implements it) inside a trimap drawn round the person, and their own colours
are estimated along the outline (pymatting's ``estimate_foreground_ml``).
Each person is then laid onto hard backgrounds (photos of rooms, objects and
textures that scikit-image ships; saturated walls; walls the colour of the
person's hair and skin; black; a bright window), and onto the document's own
colour. The photo made from a composite must match the photo made from the
plain one:

- **remnants**: share of the background area (the known matte empty, away
  from the outline) whose colour differs by more than delta E 10;
- **fringe**: share of a band round the outline differing by more than 15;
- **holes**: share of the person's interior differing by more than 15.

Colour differences are CIE76 in CIELAB. Nothing large is committed: every
matte and composite is computed here, from files the packages ship.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from skimage import data

from . import photos

#: Colour differences (CIE76 delta E) above which a pixel counts as changed.
REMNANT_DELTA, FRINGE_DELTA, HOLE_DELTA = 10.0, 15.0, 15.0


@dataclass(frozen=True)
class KnownAlpha:
    """A portrait with its person's matte and colours known.

    ``alpha`` is float32 in [0, 1] (1 = person); ``foreground`` the person's
    own colours (float32 RGB in [0, 1]) where ``alpha`` > 0; ``image`` the
    original portrait (uint8 RGB).
    """

    name: str
    image: np.ndarray
    alpha: np.ndarray
    foreground: np.ndarray
    hair: tuple[int, int, int]
    skin: tuple[int, int, int]

    def on(self, background: np.ndarray) -> np.ndarray:
        """The person laid on ``background`` (uint8 RGB of the portrait's size)."""
        a = self.alpha[..., None]
        mixed = self.foreground * a + background.astype(np.float32) / 255.0 * (1 - a)
        return np.clip(mixed * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _trimap(image: np.ndarray, person: np.ndarray, reach: int) -> np.ndarray:
    """Trimap: 0 background, 1 person, 0.5 unknown ``reach`` px either side of the edge."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))
    solid = person.astype(np.uint8)
    trimap = np.full(image.shape[:2], 0.5, np.float64)
    trimap[cv2.erode(solid, kernel) > 0] = 1.0
    trimap[cv2.dilate(solid, kernel) == 0] = 0.0
    return trimap


def _key(image: np.ndarray, person: np.ndarray, reach: int) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form matte and foreground colours inside a trimap round ``person``."""
    from pymatting import estimate_alpha_cf, estimate_foreground_ml

    rgb = image.astype(np.float64) / 255.0
    alpha = estimate_alpha_cf(rgb, _trimap(image, person, reach))
    # The solution's faint tail beyond the hair (a wall's own shading read as
    # a haze of grey strands) is no person: alpha under 0.08 is background.
    alpha = np.clip((alpha - 0.08) / 0.92, 0, 1)
    foreground = estimate_foreground_ml(rgb, alpha)
    return alpha.astype(np.float32), np.clip(foreground, 0, 1).astype(np.float32)


def _person_mask(image: np.ndarray) -> np.ndarray:
    """The person of a portrait as the bundled segmenter sees it, the largest piece only."""
    from anyidphoto.engine.models import get_models

    small = cv2.resize(image, (256, 256), interpolation=cv2.INTER_AREA)
    prob = cv2.resize(get_models().segment(small), image.shape[1::-1])
    solid = (prob >= 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    if count <= 1:
        return solid.astype(bool)
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return labels == largest


@functools.cache
def astronaut() -> KnownAlpha:
    """Eileen Collins (NASA, public domain; scikit-image): short wavy hair on a light wall.

    The trimap follows the segmenter's person, cut at the left edge where it
    reaches into the flag; the light studio wall at the hair makes the matte
    there a clean key.
    """
    image = photos.astronaut()
    person = _person_mask(image)
    # The flag at the bottom left is not the person: the suit starts at x = 20.
    person[:, :18] = False
    # Nor are the flag's red stripes the segmenter joins to her left shoulder
    # (the suit's orange has far more green).
    r, g = image[..., 0].astype(int), image[..., 1].astype(int)
    flag = (r > 120) & (g < 75)
    flag[:, 110:] = False
    person &= ~cv2.dilate(flag.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    alpha, fg = _key(image, person, reach=6)
    return KnownAlpha("astronaut", image, alpha, fg, hair=(150, 110, 60), skin=(215, 160, 130))


@functools.cache
def hopper() -> KnownAlpha:
    """Grace Hopper (US Navy, public domain; matplotlib): white hair, a cap, a dark uniform."""
    image = photos.hopper()
    alpha, fg = _key(image, _person_mask(image), reach=6)
    return KnownAlpha("hopper", image, alpha, fg, hair=(200, 195, 190), skin=(200, 150, 130))


SUBJECTS: dict[str, Callable[[], KnownAlpha]] = {"astronaut": astronaut, "hopper": hopper}


def _cover(picture: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``picture`` (grey or RGB) scaled and centre-cropped to cover ``shape``, uint8 RGB."""
    if picture.ndim == 2:
        picture = np.repeat(picture[..., None], 3, axis=2)
    picture = picture[..., :3]
    if picture.dtype != np.uint8:
        picture = np.clip(picture * (255 if picture.max() <= 1 else 1), 0, 255).astype(np.uint8)
    rows, cols = shape[:2]
    factor = max(rows / picture.shape[0], cols / picture.shape[1])
    size = (
        max(cols, round(picture.shape[1] * factor)),
        max(rows, round(picture.shape[0] * factor)),
    )
    scaled = cv2.resize(picture, size, interpolation=cv2.INTER_CUBIC)
    r0, c0 = (scaled.shape[0] - rows) // 2, (scaled.shape[1] - cols) // 2
    return np.ascontiguousarray(scaled[r0 : r0 + rows, c0 : c0 + cols])


def _wall(colour: tuple[int, int, int]) -> Callable[[KnownAlpha], np.ndarray]:
    def make(subject: KnownAlpha) -> np.ndarray:
        return np.full(subject.image.shape, colour, np.uint8)

    return make


def _photo(load: Callable[[], np.ndarray]) -> Callable[[KnownAlpha], np.ndarray]:
    def make(subject: KnownAlpha) -> np.ndarray:
        return _cover(load(), subject.image.shape)

    return make


def _window(subject: KnownAlpha) -> np.ndarray:
    """A bright window: clipped white panes behind dark glazing bars."""
    rows, cols = subject.image.shape[:2]
    out = np.full((rows, cols, 3), 252, np.uint8)
    bar = max(4, cols // 60)
    for x in range(cols // 3, cols, cols // 3):
        out[:, x - bar : x + bar] = (70, 60, 50)
    out[rows // 2 - bar : rows // 2 + bar] = (70, 60, 50)
    return out


def _hair_wall(subject: KnownAlpha) -> np.ndarray:
    return np.full(subject.image.shape, subject.hair, np.uint8)


def _skin_wall(subject: KnownAlpha) -> np.ndarray:
    return np.full(subject.image.shape, subject.skin, np.uint8)


#: The hard backgrounds, each a function of the subject (its size, its hair and skin).
BACKGROUNDS: dict[str, Callable[[KnownAlpha], np.ndarray]] = {
    "cafe-table": _photo(data.coffee),
    "cat-on-rug": _photo(data.chelsea),
    "rocket-and-trees": _photo(data.rocket),
    "garage": _photo(lambda: data.stereo_motorcycle()[0]),
    "brick": _photo(data.brick),
    "grass": _photo(data.grass),
    "gravel": _photo(data.gravel),
    "colour-wheel": _photo(data.colorwheel),
    "tissue": _photo(data.immunohistochemistry),
    "stars": _photo(data.hubble_deep_field),
    "magenta-wall": _wall((200, 30, 160)),
    "blue-curtain": _wall((30, 60, 170)),
    "green-wall": _wall((40, 170, 60)),
    "hair-coloured-wall": _hair_wall,
    "skin-coloured-wall": _skin_wall,
    "black-wall": _wall((8, 8, 8)),
    "bright-window": _window,
}


@dataclass(frozen=True)
class Figures:
    """How far a photo made from a composite is from the one made on a plain wall, percent.

    ``moved_px`` is how far the two photos' framing differs (the largest
    shift of a photo corner between their maps), a geometry figure kept
    beside the three colour figures.
    """

    remnants: float
    fringe: float
    holes: float
    moved_px: float


def lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 sRGB to CIELAB (L* 0-100), float32."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def band_width(rows: int) -> int:
    """The outline band's half width on a photo ``rows`` high, pixels (about 0.8 % of it)."""
    return max(2, round(rows * 0.008))


def regions(alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Background area, outline band and interior (bool) of a known matte on a photo."""
    solid = (alpha >= 0.5).astype(np.uint8)
    inside = cv2.distanceTransform(solid, cv2.DIST_L2, 3)
    outside = cv2.distanceTransform(1 - solid, cv2.DIST_L2, 3)
    width = band_width(alpha.shape[0])
    band = (inside <= width) & (outside <= width)
    return (outside > width) & (alpha < 0.01), band, (inside > width) & (alpha > 0.99)


def ideal(made, subject: KnownAlpha) -> np.ndarray:
    """The photo ``made`` should be: the known person on its plain colour, in its frame."""
    rows, cols = made.image.shape[:2]
    known, fore = (
        cv2.warpAffine(
            v,
            made.source_to_photo,
            (cols, rows),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
        )  # fmt: skip
        for v in (subject.alpha, subject.foreground)
    )
    colour = made.image[0, 0].astype(np.float32) / 255.0
    a = known[..., None]
    return np.clip((fore * a + colour * (1 - a)) * 255.0 + 0.5, 0, 255).astype(np.uint8)


def compare(made, reference, subject: KnownAlpha) -> Figures:
    """The figures of ``made`` against ``reference`` (two engine photos of ``subject``).

    ``reference`` None compares with :func:`ideal`, the known person itself.
    """
    rows, cols = made.image.shape[:2]
    moved = 0.0
    if reference is None:
        ref = ideal(made, subject)
    else:
        # The reference carried into the made photo's frame (both from the same source pixels).
        inverse = cv2.invertAffineTransform(reference.source_to_photo)
        to_made = _chain(made.source_to_photo, inverse)
        corners = np.array([[0, 0], [cols, 0], [0, rows], [cols, rows]], np.float64)
        moved = float(np.abs(corners @ to_made[:, :2].T + to_made[:, 2] - corners).max())
        ref = reference.image
        if moved > 0.01:
            ref = cv2.warpAffine(ref, to_made, (cols, rows), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    known = cv2.warpAffine(subject.alpha, made.source_to_photo, (cols, rows),
                           flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)  # fmt: skip
    background, band, interior = regions(known)
    delta = np.linalg.norm(lab(made.image) - lab(ref), axis=2)

    def share(where: np.ndarray, limit: float) -> float:
        count = int(where.sum())
        return round(100.0 * float((delta[where] > limit).sum()) / count, 2) if count else 0.0

    return Figures(
        remnants=share(background, REMNANT_DELTA),
        fringe=share(band, FRINGE_DELTA),
        holes=share(interior, HOLE_DELTA),
        moved_px=round(moved, 2),
    )


def _chain(f: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``f`` after ``g`` (2x3 maps)."""
    return f[:, :2] @ np.vstack([g, [0, 0, 1]])[:2] + np.hstack([np.zeros((2, 2)), f[:, 2:]])


def plain_colour(doc: str) -> tuple[int, int, int]:
    """The document's own background colour."""
    from anyidphoto.engine.compose import hex_to_rgb
    from anyidphoto.specs import load_catalog

    return hex_to_rgb(load_catalog().get(doc).background[0])


@functools.cache
def made_on(subject_name: str, background_name: str | None, doc: str):
    """The engine's photo of a subject on a named background (None: the document's colour)."""
    from anyidphoto.engine import make_photo

    subject = SUBJECTS[subject_name]()
    if background_name is None:
        back = np.full(subject.image.shape, plain_colour(doc), np.uint8)
    else:
        back = BACKGROUNDS[background_name](subject)
    return make_photo(photos.encode(subject.on(back), "PNG"), doc)


def figures(subject_name: str, background_name: str | None, doc: str, *, truth: bool = False):
    """The figures of one subject on one background, for one document.

    Against the photo made on the document's own colour, or with ``truth``
    against the known person itself (:func:`ideal`), which also judges the
    plain-wall photo (``background_name`` None).
    """
    subject = SUBJECTS[subject_name]()
    made = made_on(subject_name, background_name, doc)
    return compare(made, None if truth else made_on(subject_name, None, doc), subject)
