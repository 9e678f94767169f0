"""Measures of image quality on the face, at the photo's own pixels.

Each is a pure function of the face's luminance (uint8 grey, or RGB for
its colour) and a mask of the pixels to read (bool, the mesh's outline,
:func:`~.face.face_polygon`), returning a number;
the checks (:mod:`~.checks`) hold the limits. They are measured on the
photo's own pixel grid, not on a resampled patch: blocks of a JPEG, square
pixels of an enlarged photo and sensor noise live at that grid, and
resampling hides them.

Where ISO/IEC 29794-5 and its open reference implementation (OFIQ, the
German BSI's) define a measure, it is followed and said so.
"""

from __future__ import annotations

import cv2
import numpy as np

from .face import (
    BROW_LEFT,
    BROW_RIGHT,
    EYE_LEFT_CONTOUR,
    EYE_RIGHT_CONTOUR,
    LEFT_IRIS,
    MOUTH_LEFT,
    MOUTH_RIGHT,
    NOSE_TIP,
    RIGHT_IRIS,
    Face,
)

#: JPEG codes 8x8 blocks from the image's top-left corner (ITU-T T.81).
_BLOCK = 8


def dynamic_range_bits(grey: np.ndarray, face: np.ndarray) -> float:
    """Shannon entropy of the face's luminance histogram, bits (0-8).

    OFIQ's DynamicRange (ISO/IEC 29794-5): a 256-bin histogram of the face
    region's luminance, and its entropy. A well-exposed face uses many grey
    levels and reads 7-7.6 bits; a faded, hazy or underexposed one crowds
    them into few.
    """
    luma = grey[face]
    if not luma.size:
        return 0.0
    share = np.bincount(luma, minlength=256) / luma.size
    share = share[share > 0]
    return float(-(share * np.log2(share)).sum())


def blockiness(grey: np.ndarray, face: np.ndarray) -> float:
    """How much larger the steps between 8x8 blocks are than those inside them, a ratio.

    The blocking measure of Wang, Bovik and Evans ("Blind measurement of
    blocking artifacts in images", ICIP 2000), in its simplest form: the
    mean absolute difference between neighbouring grey levels across the
    JPEG block grid's lines, over the mean elsewhere, both across columns
    and across rows, on the face. An uncompressed or well-compressed photo
    reads about 1; quality 15 about 2; quality 8 about 3; quality 3, 6-9. A
    photo enlarged with square pixels of 2, 4 or 8 reads 2 and far more
    (the steps fall on the grid, flat within it).
    """
    grey = grey.astype(np.float32)
    ratios = []
    for axis in (1, 0):
        step = np.abs(np.diff(grey, axis=axis))
        inside = face[:, 1:] & face[:, :-1] if axis == 1 else face[1:] & face[:-1]
        index = np.arange(step.shape[axis])
        on_grid = (index + 1) % _BLOCK == 0
        grid = on_grid[None, :] if axis == 1 else on_grid[:, None]
        at_grid, off_grid = inside & grid, inside & ~grid
        if not at_grid.any() or not off_grid.any():
            continue
        ratios.append(float(step[at_grid].mean()) / max(float(step[off_grid].mean()), 0.5))
    return float(np.mean(ratios)) if ratios else 1.0


def flat_share(grey: np.ndarray, face: np.ndarray) -> float:
    """Share of the face's pixels equal to both their right and lower neighbours (0-1).

    A photo blown up with square pixels repeats each value over the square:
    enlarged 3 times, about half the pixels equal both neighbours, 4 times
    58 %, 8 times 77 %. Skin, even smooth and in soft light, has grain and
    shading that make that rare: 0.3-2 % on the test portraits, under 20 %
    washed out to a quarter of its contrast.
    """
    same_x = grey[:-1, 1:] == grey[:-1, :-1]
    same_y = grey[1:, :-1] == grey[:-1, :-1]
    inside = face[:-1, :-1] & face[:-1, 1:] & face[1:, :-1]
    if not inside.any():
        return 0.0
    return float((same_x & same_y)[inside].mean())


#: Skin by its hue: within this many degrees of CIELAB hue of the skin
#: beside the nose, with at least this share of its chroma. Light and shade
#: move a colour's lightness and chroma, little its hue; blond hair is
#: yellower (15-30 degrees off light skin's hue on the test portraits),
#: black, grey and white hair greyer, and so are eyebrows, the eyes' whites
#: and glasses' frames. Dark brown hair has skin's hue: it is told apart by
#: its darkness (:func:`lit_skin`).
SKIN_HUE_DEG = 12.0
SKIN_CHROMA_SHARE = 0.4
#: Skin is at least this share of the grey level of the skin beside the
#: nose: dark brown hair reads a quarter to a third of it under the same
#: light, and a side light that halves one cheek's light leaves that cheek
#: at about two thirds of the nose's (the nose is lit from both sides).
SKIN_GREY_SHARE = 0.45


def skin_mask(
    rgb: np.ndarray,
    face: np.ndarray,
    reference: np.ndarray,
    *,
    hue_deg: float = SKIN_HUE_DEG,
    lab: np.ndarray | None = None,
) -> np.ndarray:
    """The face's skin, bool: pixels of ``face`` with the hue of the skin in ``reference``.

    ``reference`` is a bool mask of pixels that are skin whatever the hair
    does (the middle of the face, from the eyes to the mouth, beside the
    nose). OFIQ's IlluminationUniformity (ISO/IEC 29794-5) reads the face
    that its occlusion network finds uncovered; this finds it by colour.
    ``lab``: ``rgb`` in CIELAB, where the caller has it already.
    """
    if lab is None:
        lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    a, b = lab[..., 1], lab[..., 2]
    if not (reference & face).any():
        return face.copy()
    ref_a, ref_b = float(np.median(a[reference & face])), float(np.median(b[reference & face]))
    ref_hue, ref_chroma = np.degrees(np.arctan2(ref_b, ref_a)), float(np.hypot(ref_a, ref_b))
    hue_off = np.abs((np.degrees(np.arctan2(b, a)) - ref_hue + 180.0) % 360.0 - 180.0)
    chroma = np.hypot(a, b)
    return face & (hue_off <= hue_deg) & (chroma >= SKIN_CHROMA_SHARE * ref_chroma)


def lit_skin(grey: np.ndarray, skin: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """The grey levels of ``skin``, hair of skin's hue left out.

    Hair is far darker than skin under the same light: the levels under
    :data:`SKIN_GREY_SHARE` of the median level of ``reference`` (the skin
    beside the nose, as for :func:`skin_mask`) go.
    """
    values = grey[skin]
    if not values.size or not reference.any():
        return values
    return values[values >= SKIN_GREY_SHARE * float(np.median(grey[reference]))]


#: The scale :func:`detail_ratio` reads the face at: pixels between the eyes
#: (a finished passport photo has 90-110).
DETAIL_EYE_PX = 96.0


def detail_ratio(grey: np.ndarray, face: np.ndarray, eye_px: float) -> float:
    """How much fine detail the face holds against its coarse detail (0-1, higher is more).

    Shrinking a photo by a factor k and enlarging it back removes the detail
    finer than k pixels; the RMS difference it leaves, r(k), grows with k
    as coarser detail goes too. A photo that was itself enlarged by s has
    no detail finer than s pixels, so r(k) stays near 0 for k under s: the
    ratio r(2) / r(6) falls with the enlargement, whoever the person (on
    the test portraits: 0.37 at 1.1 times, 0.28 at 1.7, 0.23 at 2.2, 0.15 at
    3.4, 0.12-0.15 at 4.5; a Gaussian blur does the same, sigma 1.5 px 0.12).
    Read at :data:`DETAIL_EYE_PX` between the eyes, so that a face's own
    fineness counts the same at any size of photo (a face with fewer
    pixels than that is enlarged to it, and reads its lack of detail).
    Noise adds fine "detail" and raises the ratio: the noise check sees it.
    ``face`` is a bool mask of the face's pixels in ``grey``.
    """
    ys, xs = np.nonzero(face)
    if ys.size < 64 or eye_px <= 0:
        return 0.0
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    scale = DETAIL_EYE_PX / eye_px
    size = (max(16, round((x1 - x0) * scale)), max(16, round((y1 - y0) * scale)))
    shrink = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    patch = cv2.resize(grey[y0:y1, x0:x1].astype(np.float32), size, interpolation=shrink)
    inside = cv2.resize(face[y0:y1, x0:x1].astype(np.uint8), size, interpolation=cv2.INTER_NEAREST)
    inside = cv2.erode(inside, np.ones((9, 9), np.uint8)) > 0
    if not inside.any():
        return 0.0

    def residual(k: float) -> float:
        small = cv2.resize(patch, (max(1, round(size[0] / k)), max(1, round(size[1] / k))),
                           interpolation=cv2.INTER_AREA)  # fmt: skip
        back = cv2.resize(small, size, interpolation=cv2.INTER_CUBIC)
        return float(np.sqrt(((patch - back)[inside] ** 2).mean()))

    coarse = residual(6.0)
    return residual(2.0) / coarse if coarse > 0 else 0.0


def noise_level(grey: np.ndarray, where: np.ndarray) -> float:
    """Standard deviation of the pixel noise over ``where``, grey levels (Immerkaer, CVIU 1996).

    A 3x3 kernel that cancels any plane and most of the skin's own texture
    leaves the noise; its mean absolute response, scaled, is the noise
    sigma. ``where`` should keep clear of the face's outline by a few
    pixels (the kernel reads its neighbours). Read at the photo's own
    pixels, it sees grain that shrinking the face first averages away.
    """
    if not where.any():
        return 0.0
    kernel = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
    response = np.abs(cv2.filter2D(grey.astype(np.float32), -1, kernel))
    return float(np.sqrt(np.pi / 2) * response[where].mean() / 6)


#: The skin's natural range of CIELAB a* and b*, after OFIQ's NaturalColour
#: (ISO/IEC 29794-5): a* 5-25, b* 5-35.
SKIN_A, SKIN_B = (5.0, 25.0), (5.0, 35.0)


def colour_off_skin(rgb: np.ndarray, cheeks: np.ndarray) -> float:
    """How far the cheeks' mean colour lies outside the skin's natural range, CIELAB units.

    OFIQ's NaturalColour (ISO/IEC 29794-5): the mean a* and b* of the
    cheeks, and their distance from the box :data:`SKIN_A` x
    :data:`SKIN_B` (0 inside it). Skin of any tone in neutral light lies
    inside; an orange or a blue cast pushes b*, a magenta or green one a*,
    out of it. OFIQ returns 100 for a negative a* or b*; so does this.
    ``cheeks`` (bool) is the skin measured.
    """
    if not cheeks.any():
        return 0.0
    # Only the cheeks' pixels are converted, as a column of them.
    skin = rgb[cheeks][:, None, :].astype(np.float32) / 255.0
    lab = cv2.cvtColor(skin, cv2.COLOR_RGB2LAB)
    a, b = (float(lab[..., k].mean()) for k in (1, 2))
    if a < 0 or b < 0:
        return 100.0
    off_a = max(0.0, SKIN_A[0] - a, a - SKIN_A[1])
    off_b = max(0.0, SKIN_B[0] - b, b - SKIN_B[1])
    return float(np.hypot(off_a, off_b))


def cheeks(shape: tuple[int, int], face: Face, face_px: np.ndarray) -> np.ndarray:
    """The two cheeks under the pupils, bool of ``shape``, within the face ``face_px``.

    Each a rectangle centred under a pupil, halfway from the eye line to the
    mouth's corners, 0.44 eye distances wide and 0.4 of the eye-to-mouth
    height tall: skin only, clear of the eyes, the nose, the lips and the
    hair, as OFIQ's NaturalColour measures (its regions are its own; these
    are this project's).
    """
    rows, cols = shape
    mouth_y = (face.point(MOUTH_LEFT)[1] + face.point(MOUTH_RIGHT)[1]) / 2
    drop = float(mouth_y - face.eye_mid[1])
    half_w, half_h = 0.22 * face.eye_distance, 0.2 * abs(drop)
    out = np.zeros(shape, bool)
    for eye in (face.left_eye, face.right_eye):
        cx, cy = float(eye[0]), float(eye[1]) + 0.5 * drop
        x0, x1 = max(0, int(cx - half_w)), min(cols, int(cx + half_w) + 1)
        y0, y1 = max(0, int(cy - half_h)), min(rows, int(cy + half_h) + 1)
        out[y0:y1, x0:x1] = True
    return out & face_px


def sclera_yellow(rgb: np.ndarray, face: Face) -> float | None:
    """The CIELAB b* of the whites of the eyes: above 0 yellow, below blue.

    The whites are the brightest 30 % of the pixels inside the lids'
    outlines (the iris and the lashes are darker), each eye's median taken,
    then the mean of the two. The whites are near grey under neutral light
    whatever the skin (b* 1-7 on every test portrait), so an orange or a
    blue light shows there on skin of any tone, where the skin's own range
    (:func:`colour_off_skin`) only sees it on skin near its edge. None where
    the lids leave too few pixels (eyes shut or very small).
    """
    found = []
    rows, cols = rgb.shape[:2]
    for contour in (EYE_LEFT_CONTOUR, EYE_RIGHT_CONTOUR):
        lids = np.round(face.landmarks[list(contour), :2]).astype(np.int32)
        x0, y0 = np.maximum(lids.min(axis=0) - 1, 0)
        x1, y1 = np.minimum(lids.max(axis=0) + 2, (cols, rows))
        if x1 <= x0 or y1 <= y0:
            continue
        # Only the eye's own box is converted (the whole photo would cost 3 ms).
        box = rgb[y0:y1, x0:x1].astype(np.float32) / 255.0
        lab = cv2.cvtColor(box, cv2.COLOR_RGB2LAB)
        inside = np.zeros(lab.shape[:2], np.uint8)
        cv2.fillPoly(inside, [(lids - (x0, y0)).astype(np.int32)], 1)
        pixels = lab[cv2.erode(inside, np.ones((3, 3), np.uint8)) > 0]
        if len(pixels) < 12:
            continue
        whites = pixels[pixels[:, 0] >= np.percentile(pixels[:, 0], 70)]
        found.append(float(np.median(whites[:, 2])))
    return float(np.mean(found)) if found else None


def eyes_seen(grey: np.ndarray, face_px: np.ndarray, face: Face) -> float | None:
    """How plainly the eyes show: the iris against the white beside it, of the
    less plain eye, over the face's own contrast.

    For each eye, inside the lids' outline (eroded by a pixel), the median
    luminance of the brightest 30 % of the pixels more than 1.15 iris radii
    from the iris centre (the white), less the median inside 0.7 radii (the
    iris), over the spread of the face's luminance (its 95th less its 5th
    percentile, ``face_px``). An open eye shows a dark iris in white:
    0.47-1.3 on the test portraits, light blue eyes and glasses included.
    Hair, a hand or an object over it hides both behind one surface: under
    0.31 where a strip of the person's own hair or cap was laid over the
    eyes. Divided by the face's spread, it reads the same on a dim or a
    faded photo. OFIQ's EyesVisible (ISO/IEC 29794-5) reads the share of
    the eye regions a face-occlusion network marks; that network is not
    installable here, and this reads what it looks for: an iris to be seen.
    None when the lids leave too few pixels (eyes shut: the openness check's).
    """
    spread = np.percentile(grey[face_px], (5, 95)) if face_px.any() else (0.0, 0.0)
    contrast = float(spread[1] - spread[0])
    if contrast < 1.0:
        return None
    found = []
    rows, cols = grey.shape
    for contour, iris in ((EYE_LEFT_CONTOUR, LEFT_IRIS), (EYE_RIGHT_CONTOUR, RIGHT_IRIS)):
        lids = np.round(face.landmarks[list(contour), :2]).astype(np.int32)
        x0, y0 = np.maximum(lids.min(axis=0) - 1, 0)
        x1, y1 = np.minimum(lids.max(axis=0) + 2, (cols, rows))
        if x1 <= x0 or y1 <= y0:
            continue
        inside = np.zeros((y1 - y0, x1 - x0), np.uint8)
        cv2.fillPoly(inside, [lids - (x0, y0)], 1)
        inside = cv2.erode(inside, np.ones((3, 3), np.uint8)) > 0
        centre = face.landmarks[iris, :2]
        radius = float(
            np.linalg.norm(face.landmarks[iris + 1 : iris + 5, :2] - centre, axis=1).mean()
        )
        yy, xx = np.mgrid[y0:y1, x0:x1]
        off = np.hypot(xx - centre[0], yy - centre[1])
        box = grey[y0:y1, x0:x1]
        iris_px, white_px = box[inside & (off < 0.7 * radius)], box[inside & (off > 1.15 * radius)]
        if iris_px.size < 4 or white_px.size < 4:
            continue
        whites = white_px[white_px >= np.percentile(white_px, 70)]
        found.append((float(np.median(whites)) - float(np.median(iris_px))) / contrast)
    return min(found) if found else None


#: A colour within this of the eyebrows' (CIE76, lightness at half weight,
#: as shading moves lightness most) is taken for hair: a beard or a
#: moustache. Brows and beards of one person differ by 3-10 on the test
#: portraits; the surgical masks pasted on them (blue, white, green) lie 25
#: and more from every brow.
HAIR_DELTA = 12.0
#: The lower face is redder than the skin under the eyes (blush, lips, a
#: shaved beard's shadow: up to 15 degrees of hue on the test portraits);
#: masks lie 60 degrees and more away, or have no hue.
LOWER_HUE_DEG = 30.0
#: Below this share of readable pixels, the lower face is too bright to read.
READABLE_SHARE = 0.5


def lower_face_cover(
    rgb: np.ndarray, face_px: np.ndarray, face: Face
) -> tuple[float, float] | None:
    """How much of the face below the nose tip is not skin: ``(all, not hair)``, percent.

    ``rgb`` holds the face, ``face_px`` (bool) its outline, ``face`` its mesh
    in those pixels. Skin is what has the hue of the skin under the eyes,
    within :data:`LOWER_HUE_DEG` (:func:`skin_mask`, against two boxes
    0.18-0.38 of the way from the eyes to the mouth, 0.36 eye distances
    wide: above any mask, scarf or beard).
    The first share is every other pixel of the lower face: lips, teeth, a
    beard, a mask; the second leaves out those of the eyebrows' colour (the
    darker 40 % of the pixels within their outlines), which a beard has and
    a mask, a scarf or a hand-held object has not. OFIQ's FaceOcclusion
    (ISO/IEC 29794-5) reads the face a segmentation network marks uncovered;
    that network is not installable here, and this reads the colours.
    None where under :data:`READABLE_SHARE` of the lower face keeps its hue
    (every channel under 250, after a 1.5 px blur that averages the grain).
    """
    rows, cols = face_px.shape
    eye = face.eye_distance
    mouth_y = (face.point(MOUTH_LEFT)[1] + face.point(MOUTH_RIGHT)[1]) / 2
    drop = float(mouth_y - face.eye_mid[1])
    reference = np.zeros((rows, cols), bool)
    for x, y in (face.left_eye, face.right_eye):
        top, bottom = int(y + 0.18 * drop), int(y + 0.38 * drop)
        reference[
            max(top, 0) : max(bottom, 0), max(int(x - 0.18 * eye), 0) : max(int(x + 0.18 * eye), 0)
        ] = True
    lower = face_px.copy()
    lower[: max(int(face.point(NOSE_TIP)[1]), 0)] = False
    count = int(lower.sum())
    if count == 0:
        return None
    # A sensor's grain is no covering: colours are read a little smoothed,
    # and a pixel with a channel at its ceiling has lost its hue (too bright
    # to read, the exposure check's) and counts for neither side.
    smooth = cv2.GaussianBlur(rgb, (0, 0), 1.5)
    readable = lower & (smooth.max(axis=2) < 250)
    if readable.sum() < READABLE_SHARE * count:
        return None
    lower, count = readable, int(readable.sum())
    lab = cv2.cvtColor(smooth.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    other = lower & ~skin_mask(smooth, face_px, reference & face_px, hue_deg=LOWER_HUE_DEG, lab=lab)
    brows = np.zeros((rows, cols), np.uint8)
    for side in (BROW_RIGHT, BROW_LEFT):
        points = np.round(face.landmarks[list(side), :2]).astype(np.int32)
        cv2.fillPoly(brows, [cv2.convexHull(points)], 1)
    brow = lab[brows > 0]
    if len(brow) == 0 or not other.any():
        share = round(100.0 * float(other.sum()) / count, 1)
        return share, share
    hair = np.median(brow[brow[:, 0] <= np.percentile(brow[:, 0], 40)], axis=0)
    weight = np.array([0.5, 1.0, 1.0], np.float32)
    hairlike = np.linalg.norm((lab[other] - hair) * weight, axis=1) < HAIR_DELTA
    return (
        round(100.0 * float(other.sum()) / count, 1),
        round(100.0 * float((~hairlike).sum()) / count, 1),
    )
