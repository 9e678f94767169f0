"""Matting the outline from colour: how much of each edge pixel is the person.

The segmenter says roughly where the person is; it cannot say how much of
an edge pixel is hair and how much is wall, and its outline shifts with what
is behind the person. Here, in a band either side of its outline, the
person's and the background's colours are sampled locally (weighted means
of the pixels known to be each, a little way inside and outside, and the
nearest such pixel), and each band pixel's alpha is the position of its
colour between the pair that best explains it: the colour-line model of
closed-form matting (Levin et al. 2008) with the line's ends sampled, as
sampling-based matting does, instead of solved for. It is chosen over
pymatting's closed-form solver (0.2-0.8 s at output size) and over a guided
filter (which copies the guide's edges but not how far a pixel is from
either colour) because it costs a few box filters and gives the same alpha
where the two colours differ. Where they do not (hair on a wall of its own
colour), the colours say nothing and the segmenter's alpha stays.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .face import CHEEK_LEFT, CHEEK_RIGHT, Face, face_polygon, skull_top_y
from .resample import shrink
from .segment import face_mask, keep_pieces

#: Colour distance (RGB, 0-1) between the chosen person and background
#: colours at which the colour alpha and the segmenter's count equally; well
#: apart (0.3, such as dark hair on a light wall) the colour decides alone.
COLOUR_TRUST = 0.08
#: Weight of how far the pixel lies off the line between the chosen colours
#: (its compositing error, squared) against their distance: a pixel no mix
#: of the two explains is not matted from them.
RESIDUAL_WEIGHT = 8.0
#: Where the colours cannot tell, the coarse ramp is made this much steeper:
#: a soft edge between like colours shows as a halo of the old background.
PRIOR_STEEPEN = 2.0


#: Trust below which colour is said not to decide a band pixel's alpha: the
#: coarse matte's guess counts more than the colours there.
DECIDED_TRUST = 0.5


@dataclass(frozen=True)
class EdgeMatte:
    """A matte matted along its outline from colour.

    ``alpha`` is float32 in 0-1; ``undecided`` the share (0-1) of the
    outline band, within the source photo, where colour could not tell the
    person from the wall (trust under :data:`DECIDED_TRUST`) and the
    segmenter's guess stands: dark clothes on a dark wall, hair on a busy
    room of its own colours.
    """

    alpha: np.ndarray
    undecided: float


def colour_matte(
    coarse: np.ndarray, rgb: np.ndarray, *, width: int, where: np.ndarray | None = None
) -> EdgeMatte:
    """Alpha of ``rgb`` (uint8) from the coarse matte ``coarse`` (float32, 0-1).

    ``where`` (bool, None for everywhere) is the part of ``rgb`` the source
    photo covers, where :attr:`EdgeMatte.undecided` is counted.

    Pixels further than ``width`` pixels from the coarse outline keep its
    side; those within it are matted from colour. Each band pixel has two
    candidate person colours and two background ones: the local weighted
    means (on a quarter-size copy), and the nearest pixel known to be each
    side (a 3x3 average, so one noisy pixel is no model). A busy room's
    local mean is no model of the wall just behind a strand; its nearest
    pixel often is. Of the four pairs, the one that best explains the pixel
    as a mix of its two colours is kept (least compositing error against
    the pair's distance, as sampling-based matting chooses its samples:
    Wang and Cohen 2007; Gastal and Oliveira 2010). The colour alpha is
    trusted by how far apart the pair is against that error; where it is
    not (hair on a wall of its own colour), the coarse alpha, made steeper,
    stays.
    """
    solid = (coarse >= 0.5).astype(np.uint8)
    # A square window (separable, so cheap): the band is a little wider on diagonals.
    kernel = np.ones((2 * width + 1, 2 * width + 1), np.uint8)
    inner = cv2.erode(solid, kernel)
    outer = cv2.dilate(solid, kernel)
    band = outer > inner
    out = solid.astype(np.float32)
    r, c = np.nonzero(band)
    if not r.size:
        return EdgeMatte(out, 0.0)
    # Local means on a quarter-size copy, read back at the band's pixels.
    rows, cols = solid.shape
    size = (max(1, cols // 4), max(1, rows // 4))
    small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    # Float before shrinking: a uint8 average would round a part-covered cell to 0 or 1.
    known = cv2.merge([inner, 1 - outer]).astype(np.float32)
    weights = cv2.resize(known, size, interpolation=cv2.INTER_AREA)
    fore = local_mean(small, weights[..., 0], 2 * width // 4)
    back = local_mean(small, weights[..., 1], 2 * width // 4)
    # Pixel centres: quarter-size coordinate = (p + 0.5) / 4 - 0.5.
    x = (c + 0.5) * (size[0] / cols) - 0.5
    y = (r + 0.5) * (size[1] / rows) - 0.5
    at = _sample(cv2.merge([*cv2.split(fore), *cv2.split(back)]), x, y)
    # Candidates channel first, (k, 3, n): one row per channel is cheap to sum.
    persons = np.concatenate([at[None, :, 0:3].transpose(0, 2, 1), _nearest(rgb, inner, r, c)])
    walls = np.concatenate([at[None, :, 3:6].transpose(0, 2, 1), _nearest(rgb, 1 - outer, r, c)])
    i = rgb[r, c].T.astype(np.float32) * (1 / 255.0)
    alpha, length2, error2 = _best_pair(i, persons, walls)
    trust = length2 / (length2 + COLOUR_TRUST**2 + RESIDUAL_WEIGHT * error2)
    prior = np.clip((coarse[r, c] - 0.5) * PRIOR_STEEPEN + 0.5, 0, 1)
    out[r, c] = trust * alpha + (1 - trust) * prior
    undecided = trust < DECIDED_TRUST
    if where is not None:
        seen = where[r, c]
        return EdgeMatte(out, float(undecided[seen].mean()) if seen.any() else 0.0)
    return EdgeMatte(out, float(undecided.mean()))


def _best_pair(
    i: np.ndarray, persons: np.ndarray, walls: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alpha of each pixel from the person and wall colours that best explain it.

    ``i`` is ``(3, n)``, ``persons`` and ``walls`` ``(k, 3, n)`` (RGB, 0-1).
    For every pair the pixel's place along the line between them (alpha,
    clipped to 0-1) and its squared distance off it are found from dot
    products alone; the pair with the least distance against its length
    wins. Returns that alpha, the pair's squared length and the squared
    distance, each ``(n,)``.
    """

    def dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per-pixel dot products over the channel axis (second from last)."""
        return sum(x[..., k, :] * y[..., k, :] for k in range(3))

    ff, bb, ii = dot(persons, persons), dot(walls, walls), dot(i, i)
    fi, bi = dot(persons, i), dot(walls, i)
    fb = dot(persons[:, None], walls[None])  # (kf, kb, n)
    span2 = ff[:, None] - 2 * fb + bb[None]
    # (i - b) . (f - b) and |i - b|^2
    along_dot = fi[:, None] - bi[None] - fb + bb[None]
    off2 = ii - 2 * bi + bb
    alpha = np.clip(along_dot / (span2 + 1e-6), 0, 1)
    miss2 = np.maximum(off2[None] - 2 * alpha * along_dot + alpha * alpha * span2, 0)
    pairs = span2.shape[0] * span2.shape[1]
    n = i.shape[1]
    cost = (miss2 / (span2 + 1e-4)).reshape(pairs, n)
    best = np.argmin(cost, axis=0)[None]

    def pick(x: np.ndarray) -> np.ndarray:
        return np.take_along_axis(x.reshape(pairs, n), best, axis=0)[0]

    return pick(alpha), pick(span2), pick(miss2)


def _nearest(image: np.ndarray, known: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Colours of ``known`` pixels near each point ``(r, c)``, float32 ``(3, 3, n)`` in 0-1.

    The nearest one, and two more found from the points half that distance
    to either side of it along the outline (a room's objects change colour
    along the edge too, and the nearest pixel may lie across the border of
    the one behind the point). Found at half size, where a cell is known
    when its four pixels are, and read as the cell's mean colour: a 2x2
    average, so one noisy pixel is no model. ``image`` is uint8 RGB and
    ``known`` uint8 (1 = known), both full size; with nothing known, the
    points' own colours.
    """
    rows, cols = (v // 2 for v in known.shape)
    if not rows or not cols:
        return image[r, c].T[None].astype(np.float32) * (1 / 255.0)
    even = known[: 2 * rows, : 2 * cols]
    cells = even[0::2, 0::2] & even[1::2, 0::2] & even[0::2, 1::2] & even[1::2, 1::2]
    flat = np.flatnonzero(cells)
    if not flat.size:
        return image[r, c].T[None].astype(np.float32) * (1 / 255.0)
    means = cv2.resize(image[: 2 * rows, : 2 * cols], (cols, rows), interpolation=cv2.INTER_AREA)
    means = means.reshape(-1, 3)
    # With one label per zero pixel, OpenCV numbers them in raster order from 1.
    _, labels = cv2.distanceTransformWithLabels(
        1 - cells, cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_PIXEL
    )
    lookup = flat[labels.reshape(-1) - 1]  # each cell's nearest known cell, flat
    hr, hc = np.minimum(r // 2, rows - 1), np.minimum(c // 2, cols - 1)
    nearest = lookup[hr * cols + hc]
    out = [means[nearest]]
    ny, nx = np.divmod(nearest, cols)
    dy, dx = ny - hr, nx - hc
    for side in (1, -1):
        # A point beside the nearest one, then the known cell nearest to it.
        sy = np.clip(ny + side * dx // 2, 0, rows - 1)
        sx = np.clip(nx - side * dy // 2, 0, cols - 1)
        out.append(means[lookup[sy * cols + sx]])
    return np.stack([v.T for v in out]).astype(np.float32) * (1 / 255.0)


def _sample(image: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Bilinear samples of ``image`` at the points ``(x, y)``, an ``(n, channels)`` array.

    Through ``cv2.remap``, whose maps must be under 32767 on a side: the
    points go in rows of 1024.
    """
    n = x.size
    width = 1024
    padded = -(-n // width) * width
    map_x = np.zeros(padded, np.float32)
    map_y = np.zeros(padded, np.float32)
    map_x[:n], map_y[:n] = x, y
    shape = (padded // width, width)
    out = cv2.remap(image, map_x.reshape(shape), map_y.reshape(shape), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return out.reshape(padded, -1)[:n]


def local_mean(image: np.ndarray, weight: np.ndarray, radius: int) -> np.ndarray:
    """Weighted mean colour of ``image`` within about ``radius`` pixels, float32 RGB.

    ``image`` float32 RGB, ``weight`` float32 of its size. Where no weighted
    pixel is that near, a four times wider window fills in.
    """
    near = max(3, 2 * radius + 1)
    wide = (near * 4) | 1
    weighted = image * weight[..., None]

    def sums(window: int) -> tuple[np.ndarray, np.ndarray]:
        return (
            cv2.boxFilter(weight, -1, (window, window)),
            cv2.boxFilter(weighted, -1, (window, window)),
        )

    total, colour = sums(near)
    wide_total, wide_colour = sums(wide)
    eps = 0.02
    # Where the near window holds few weighted pixels, the wide one's mean counts too.
    blend = eps / (wide_total + 1e-6)
    return (colour + blend[..., None] * wide_colour) / (total + eps)[..., None]


#: Bits kept of each 8-bit colour channel in the colour histograms (16 levels).
_HIST_BITS = 4
#: Side the remnant search works at, pixels: the segmenter's own grid.
_REMNANT_SIDE = 256
#: Prior weight of the segmenter's "person" outside the shapes a head and
#: shoulders can take (see :func:`person_envelopes`): between the tight and
#: the wide shape place says nothing (big hair, a raised collar, a suit's
#: ring all live there, and a piece wrongly dropped is a hole no check
#: sees), so only colour clearly the background's drops a pixel; beyond
#: the wide shape, colour must clearly be the person's to keep it.
_INSIDE_WIDE, _OUTSIDE = 1.0, 0.2
#: The envelopes' sizes in face widths (cheek to cheek): the head ellipse's
#: width, its height over the skull's (chin to estimated skull top), the
#: neck's half width at the chin and the shoulders' half width.
TIGHT_ENVELOPE = (1.35, 1.15, 0.45, 1.6)
WIDE_ENVELOPE = (2.6, 1.6, 0.7, 2.5)


def drop_remnants(
    coarse: np.ndarray, rgb: np.ndarray, face: Face, inside: np.ndarray | None = None
) -> np.ndarray:
    """``coarse`` with the pieces of old background the segmenter took for the person removed.

    A flag beside a cap, a lamp, a cup or a chair back touching the head are
    person to the segmenter. Two things tell them apart: their colours, which
    are the background's (a colour histogram of what the segmenter calls
    background against one of the person's core: the face, and what lies
    well inside the head-and-shoulders outline), and their place, outside the
    shapes a head with its hair and a pair of shoulders can take
    (:func:`person_envelopes`). Each pixel's probability of being the person
    is the segmenter's, weighted by that place, updated by the two colour
    likelihoods (Bayes); what falls below one half is dropped, as is what is
    no longer joined to the face. ``face`` is in ``coarse``'s upright frame;
    ``rgb`` is the same region at any size (the segmenter's input serves);
    ``inside`` (1 where the source photo is, at ``coarse``'s size) keeps the
    repeated edge pixels beyond the photo out of the background's colours.
    """
    rows, cols = coarse.shape
    factor = min(1.0, _REMNANT_SIDE / max(rgb.shape[:2]))
    size = (max(8, round(rgb.shape[1] * factor)), max(8, round(rgb.shape[0] * factor)))
    small = rgb if rgb.shape[1::-1] == size else shrink(rgb, size)
    a = shrink(coarse, size)
    scaled = face.transformed(np.array([[size[0] / cols, 0, 0], [0, size[1] / rows, 0]]))
    tight, wide = person_envelopes(a.shape, scaled)
    mask = np.zeros(a.shape, np.uint8)
    cv2.fillPoly(mask, [face_polygon(scaled)], 1)
    own_face = mask > 0
    shift = 8 - _HIST_BITS
    q = small.astype(np.int32) >> shift
    bins = 1 << _HIST_BITS
    index = (q[..., 0] * bins + q[..., 1]) * bins + q[..., 2]
    fg = ((a >= 0.9) & tight) | own_face
    bg = a <= 0.1
    if inside is not None:
        bg &= shrink(inside.astype(np.float32), size) > 0.99
    if fg.sum() < 50 or bg.sum() < 50:
        return coarse
    like_f = _density(index[fg], bins)[index]
    like_b = _density(index[bg], bins)[index]
    weight = np.where(tight, 1.0, np.where(wide, _INSIDE_WIDE, _OUTSIDE)).astype(np.float32)
    prior = np.clip(a, 0.02, 0.98) * weight
    posterior = prior * like_f / (prior * like_f + (1 - prior) * like_b + 1e-12)
    person = ((posterior >= 0.5) | own_face).astype(np.uint8)
    person = cv2.morphologyEx(person, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels = cv2.connectedComponents(person, connectivity=8)
    seeds = np.unique(labels[own_face & (person > 0)])
    seeds = seeds[seeds > 0]
    keep = np.isin(labels, seeds).astype(np.float32)
    # Grown by a pixel of the small grid: the outline itself is the matting's to decide.
    keep = cv2.dilate(keep, np.ones((3, 3), np.uint8))
    keep = cv2.resize(keep, (cols, rows), interpolation=cv2.INTER_LINEAR)
    return coarse * keep


def _density(samples: np.ndarray, bins: int) -> np.ndarray:
    """A smoothed colour histogram of ``samples`` (bin indices), as a density over all bins."""
    counts = np.bincount(samples, minlength=bins**3).astype(np.float32).reshape(bins, bins, bins)
    # Neighbouring bins share their counts: a colour seen once is likely near others seen.
    smooth = np.empty_like(counts)
    for k in range(bins):
        smooth[k] = cv2.blur(counts[k], (3, 3), borderType=cv2.BORDER_REPLICATE)
    smooth = (smooth + np.roll(smooth, 1, 0) + np.roll(smooth, -1, 0)) / 3
    smooth += 0.05
    return (smooth / smooth.sum()).reshape(-1)


def person_envelopes(shape: tuple[int, int], face: Face) -> tuple[np.ndarray, np.ndarray]:
    """Where a head with its hair and the shoulders below it can be: a tight and a wide shape.

    On an upright face, in pixels of ``shape``, from the face mesh alone:
    the head an ellipse round the skull (tight: the skull and close hair,
    1.35 face widths across; wide: big or curly hair, 2.6 face widths across
    and 1.4 times as tall), the neck and shoulders a widening trapezoid
    below the chin (tight: 3.2 face widths across at one face width below
    the chin; wide: 5 across at half a face width, for square shoulders).
    Adult shoulders are 2.5-3 face widths across (anthropometric biacromial
    breadth about 38 cm against a bizygomatic breadth about 14 cm).
    """
    rows, cols = shape
    left, right = face.point(CHEEK_LEFT)[0], face.point(CHEEK_RIGHT)[0]
    width = abs(right - left)
    cx = float(face.eye_mid[0])
    chin = float(face.chin[1])
    top = skull_top_y(face)
    cy, half_h = (top + chin) / 2, (chin - top) / 2
    envelopes = []
    for (across, tall, neck, shoulders), slope in ((TIGHT_ENVELOPE, 1.0), (WIDE_ENVELOPE, 0.5)):
        mask = np.zeros(shape, np.uint8)
        centre = (round(cx * 16), round(cy * 16))
        axes = (round(across * width / 2 * 16), round(tall * half_h * 16))
        cv2.ellipse(mask, centre, axes, 0, 0, 360, 1, -1, cv2.LINE_8, 4)
        drop = chin - 0.1 * width
        torso = np.array(
            [
                (cx - neck * width, drop),
                (cx + neck * width, drop),
                (cx + shoulders * width, chin + slope * width),
                (cx + shoulders * width, rows + 1),
                (cx - shoulders * width, rows + 1),
                (cx - shoulders * width, chin + slope * width),
            ]
        )
        cv2.fillPoly(mask, [np.round(torso * 16).astype(np.int32)], 1, cv2.LINE_8, 4)
        envelopes.append(mask > 0)
    return envelopes[0], envelopes[1]


#: The head's closer look (:func:`~.segment.head_look`) adds to the person
#: where it calls a pixel the person by the segmenter's own rule (one half),
#: inside the head's tight shape, above the chin. Surer (0.8, 0.9) added
#: less hair and no fewer remnants on the known-alpha set.
HEAD_LOOK_SURE = 0.5


def add_missed_head(
    coarse: np.ndarray, head: np.ndarray, face: Face, inside: np.ndarray | None = None
) -> np.ndarray:
    """``coarse`` with the head the closer look found and the first did not.

    Only added, never taken away (the closer look misreads a cap's badge as
    a hole), and only inside the head's tight shape (:func:`person_envelopes`)
    above the chin, where nothing but hair, a cap or a covering can be:
    a room's objects beside the head stay the remnant search's. On the
    known-alpha set (tests/cutout.py) it took the holes' worst from 3.8 %
    to 1.6 % and their mean from 0.55 to 0.30 % (a white cap's crown before
    a bright window 2.6 to 0.4), with no remnant more than 0.4 % larger.
    ``inside`` (1 where the source photo is) bounds it.
    """
    tight, _ = person_envelopes(coarse.shape, face)
    zone = tight & (np.arange(coarse.shape[0])[:, None] < face.chin[1]) & (head >= HEAD_LOOK_SURE)
    if inside is not None:
        zone &= inside > 0.5
    return np.maximum(coarse, zone.astype(np.float32))


#: The closer look takes away what it is sure is background (under 0.1):
#: the segmenter's own "no person" with room to spare. At one half, as it
#: adds, it bit into the astronaut's jaw on a skin-coloured wall and Hopper's
#: uniform before stars (holes 0.04 to 0.64 %, 1.5 to 3.9 %); 0.05 and 0.2
#: removed as much as 0.1.
HEAD_LOOK_NOT = 0.1


def drop_head_background(
    coarse: np.ndarray, head: np.ndarray, seen: np.ndarray, face: Face
) -> np.ndarray:
    """``coarse`` without what the closer look at the head is sure is background.

    The first look, at head-and-shoulders scale, joins to the head what
    touches it: a motorbike's headlamp beside the ear, a window's glazing bar
    in the gap between the jaw and a collar. With two to three times the
    detail, the closer look (:func:`~.segment.head_look`) sees them apart.
    Within the square it saw (``seen``, bool), what it calls background with
    certainty (:data:`HEAD_LOOK_NOT`) is taken away, never the face as the
    mesh outlines it nor the neck below it (a column as wide as the head's
    tight shape is at the chin, :data:`TIGHT_ENVELOPE`): a dark collar on a
    dark wall, which the look may misread, would otherwise cut the body off
    the head. A piece of the first look's person left unjoined to the face
    is dropped when the look saw all of it; one that reaches beyond the
    square is the body, and stays. On the known-alpha set (tests/cutout.py)
    it took the remnants' worst from 12.6 % to 4.6 % and their mean from
    1.08 to 0.72 %, the glazing bar from 1.18 to 0.37 %, with no hole more
    than 0.1 % larger.
    """
    rows, cols = coarse.shape
    face_px = face_mask(coarse.shape, face)
    keep = face_px.astype(np.uint8)
    left, right = face.point(CHEEK_LEFT)[0], face.point(CHEEK_RIGHT)[0]
    half = TIGHT_ENVELOPE[2] * abs(right - left)
    cx, chin = float(face.eye_mid[0]), float(face.chin[1])
    x0, x1 = max(0, int(np.floor(cx - half))), min(cols, int(np.ceil(cx + half)) + 1)
    keep[max(0, int(chin)) :, x0:x1] = 1
    gone = seen & (head < HEAD_LOOK_NOT) & (keep == 0)
    if not gone.any():
        return coarse
    out = np.where(gone, np.float32(0), coarse)
    count, labels = cv2.connectedComponents((out >= 0.5).astype(np.uint8), connectivity=8)
    if count <= 2:
        return out
    # Which pieces touch the face, and which reach beyond the look (counts per label).
    joined = np.bincount(labels[face_px], minlength=count) > 0
    beyond = np.bincount(labels[~seen], minlength=count) > 0
    kept = joined | beyond
    kept[0] = False
    if kept[1:].all():
        return out
    return keep_pieces(out, labels, kept)


def taken_share(before: np.ndarray, after: np.ndarray, face: Face) -> float:
    """What ``after`` no longer calls the person of ``before``, as a share of the face's area.

    Both mattes are in ``face``'s frame; the face is the mesh's outline. An
    object the first look joined to the head (a lamp, a chair back) is
    usually a sizeable share of a face; the closer look trimming the first
    look's soft outline a few per cent.
    """
    area = int(np.count_nonzero(face_mask(before.shape, face)))
    if not area:
        return 0.0
    return float(np.count_nonzero((before >= 0.5) & (after < 0.5))) / area


def head_and_shoulders(shape: tuple[int, int], face: Face) -> np.ndarray:
    """Where the person can be at all, bool: the head's tight shape, and from the mouth down
    the widest shoulders (collars rise beside the jaw), from :func:`person_envelopes`."""
    tight, wide = person_envelopes(shape, face)
    mouth = face.chin[1] - 0.5 * (face.chin[1] - face.eye_mid[1])
    return tight | (wide & (np.arange(shape[0])[:, None] > mouth))
