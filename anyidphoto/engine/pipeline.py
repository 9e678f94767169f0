"""The public engine: a portrait in, a compliant photo and its report out.

``make_photo`` decodes at the resolution the output needs, finds the face,
straightens it, finds the crown on the person's matte, places the head by
the document's millimetres, replaces the background and writes the file
inside the portal's limits; ``check_photo`` judges a finished photo as it is.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import cv2
import numpy as np

from ..specs import DocumentSpec, load_catalog
from .checks import Evidence, measure_head, run_checks
from .compose import even_background, hex_to_rgb, plain_wall, replace_background
from .decoding import Decoded, Source, decode, open_source, read_input
from .encode import Encoded, encode
from .errors import InputError
from .face import (
    NOSE_TIP,
    Box,
    Face,
    analyse_face,
    confident,
    face_polygon,
    find_faces,
    no_face,
    require_face,
    search,
    skull_top_y,
)
from .frame import Head, Placement, place_head
from .geometry import Canvas, canvas_for, canvas_of_photo
from .hands import hands_in
from .matte import (
    add_missed_head,
    colour_matte,
    drop_head_background,
    drop_remnants,
    taken_share,
)
from .models import SEGMENT_SIDE, Models, get_models
from .report import OutputInfo, Report
from .resample import chain, warp
from .segment import (
    face_mask,
    head_look,
    keep_person,
    person_alpha,
    quick_alpha,
    refine_alpha,
    sharpen_matte,
)
from .timing import stage

#: Largest enlargement of the source accepted at all; above it the face is
#: too small to be used (an input error, not a failed check).
MAX_ENLARGEMENT = 6.0
#: Source pixels wanted per output pixel before choosing a reduced decode.
_HEADROOM = 1.2
#: Least face-box height the mesh is given, pixels.
_MESH_FACE = 160
#: Least shorter side of the first decode, pixels.
_FIND_SIDE = 720
#: The first decode assumes the head fills this share of the shorter side
#: (a typical portrait or selfie), so that it usually serves the output too.
_TYPICAL_HEAD_SHARE = 1 / 3
#: The upright working region around the head, in head heights.
_ABOVE_EYES, _BELOW_EYES, _HALF_WIDTH = 1.3, 1.6, 1.4
#: Largest side of that region, pixels: it feeds the segmenter (256 px) and
#: gives the first crown; the matte is refined at the output's own size.
_REGION_MAX = 512

#: The colour matting's band either side of the outline, as a share of the
#: photo's shorter side (1/100: 6 px on a 600 px photo): the guided filter
#: puts the outline within a few pixels, the colours decide the rest.
_COLOUR_BAND = 100

PhotoInput = bytes | str | os.PathLike


@dataclass(frozen=True)
class Photo:
    """A finished photo.

    ``image`` is the ``(rows, cols, 3)`` ``np.uint8`` RGB result, ``file`` its
    encoded bytes, ``alpha`` the person's matte on it (float32, 0-1), and
    ``source_to_photo`` the 2x3 affine map from the input's pixels (upright,
    as EXIF orientation shows it) to the photo's.
    """

    spec: DocumentSpec
    canvas: Canvas
    image: np.ndarray
    alpha: np.ndarray
    face: Face
    file: Encoded
    report: Report
    source_to_photo: np.ndarray


def make_photo(
    photo: PhotoInput,
    doc: str | DocumentSpec,
    *,
    background: str | None = None,
    keep_background: bool | None = None,
    fmt: str = "jpeg",
    name: str | None = None,
    models: Models | None = None,
) -> Photo:
    """Make a photo for document ``doc`` from the portrait ``photo``.

    Parameters
    ----------
    photo : bytes or path
        The portrait file (JPEG, PNG, WebP or HEIC).
    doc : str or DocumentSpec
        A catalogue id such as ``"us-passport"``, or a spec.
    background : str, optional
        ``#rrggbb``; the document's default colour when omitted.
    keep_background : bool, optional
        Keep the photo's own background (its brightness evened out) instead
        of replacing it. By default it is kept where the document refuses a
        replaced background (``spec.background_replacement``), else replaced.
    fmt : ``"jpeg"`` or ``"png"``
        The file written.
    name : str, optional
        How error messages name the input (defaults to the path).

    Raises
    ------
    InputError
        When the input cannot be used: unreadable, unsupported, no face,
        too small. A photo that can be made but breaks a rule is returned,
        with the failures in its report.
    """
    spec = _spec(doc)
    models = models or get_models()
    source = _source(photo, name)
    colour = hex_to_rgb(spec.background[0] if background is None else background)
    canvas = canvas_for(spec)

    target_head = canvas.px(sum(spec.head_height_mm) / 2)
    with stage("decode for finding"):
        likely = math.ceil(target_head * _HEADROOM / _TYPICAL_HEAD_SHARE)
        found_image = decode(source, min_side=max(_FIND_SIDE, likely))
    with stage("find faces"):
        boxes = find_faces(found_image.pixels, models)
    strong = confident(boxes)
    if not strong:
        raise no_face(source.name)
    work, face = _working_image(source, found_image, strong[0], target_head, models)

    head_source_px = float(face.chin[1] - skull_top_y(face)) / work.scale
    if target_head / head_source_px > MAX_ENLARGEMENT:
        raise InputError(
            "face-too-small",
            f"{source.name}: the face is too small ({head_source_px:.0f} px from chin to crown; "
            f"the document needs about {target_head:.0f}); use a larger photo or move closer",
        )

    # The upright region around the head, at most 512 px, in which the matte
    # is kept; the segmenter is handed it at its own 256x256 input size.
    with stage("straighten head region"):
        head_px = float(face.chin[1] - skull_top_y(face))
        scale = min(1.0, target_head / head_px, _REGION_MAX / (head_px * 2 * _HALF_WIDTH))
        size = (
            max(8, round(head_px * 2 * _HALF_WIDTH * scale)),
            max(8, round(head_px * (_ABOVE_EYES + _BELOW_EYES) * scale)),
        )
        eye = face.eye_mid
        to_region = cv2.getRotationMatrix2D((float(eye[0]), float(eye[1])), face.roll_deg, scale)
        to_region[:, 2] += (size[0] / 2 - eye[0], head_px * _ABOVE_EYES * scale - eye[1])
        # Edges repeated, not black: the segmenter reads a black frame as a scene edge.
        to_model = chain(_resizing(size, (SEGMENT_SIDE, SEGMENT_SIDE)), to_region)
        seen = warp(work.pixels, to_model, (SEGMENT_SIDE, SEGMENT_SIDE), border=None)
    with stage("segment person"):
        # Outside the original photo there is no person, whatever the segmenter says.
        inside = _footprint(work.pixels.shape, to_region, size)
        face_region = face.transformed(to_region)
        person = cv2.resize(models.segment(seen), size, interpolation=cv2.INTER_LINEAR)
        coarse = sharpen_matte(person) * inside
        coarse = keep_person(coarse, tuple(face_region.point(NOSE_TIP)))
    with stage("drop remnants"):
        coarse = drop_remnants(coarse, seen, face_region, inside)
    with stage("closer look at the head"):
        closer = head_look(work.pixels, to_region, size, face_region, models)
        coarse = add_missed_head(coarse, closer.person, face_region, inside)
        first = coarse
        coarse = drop_head_background(coarse, closer.person, closer.seen, face_region)
        # How much of what touched the head the closer look took away, for the report.
        touching = taken_share(first, coarse, face_region)

    # Two passes: place the head by the coarse matte's crown on a half-size
    # canvas, refine the matte on that photo and read the crown there, then
    # place it for good and render at full size. The crown that frames the
    # photo is the one a photo shows, not the segmenter's 256 px guess.
    preview = _half(canvas)
    first = _place(measure_head(face_region, coarse), spec, preview, work.pixels.shape, to_region)
    with stage("preview and refine"):
        image, alpha, _ = _render_from(
            work.pixels, to_region, coarse, first, preview, by_colour=False
        )
    with stage("find crown"):
        seen = measure_head(face.transformed(chain(_matrix(first), to_region)), alpha)
        head = _unplace(seen, first)
        placement = _place(head, spec, canvas, work.pixels.shape, to_region)
        cut = _head_cut(head, inside, face_region)
    with stage("render and refine"):
        image, alpha, undecided = _render_from(work.pixels, to_region, coarse, placement, canvas)
    to_canvas = _matrix(placement)
    kept = spec.background_replacement == "refused" if keep_background is None else keep_background
    with stage("replace background"):
        # Inside the face's outline there is only the person, whatever the
        # segmenter and the colours say: a face is never given the background.
        placed = chain(to_canvas, to_region)
        size = (canvas.width_px, canvas.height_px)
        photo_area = (
            None
            if _covers(work.pixels.shape, placed, size)
            else (_footprint(work.pixels.shape, placed, size) > 0)
        )
        face_px = face_mask(alpha.shape, face.transformed(placed))
        if photo_area is not None:
            face_px &= photo_area  # beyond the source there is no face to keep
        keepable = False
        if kept:
            alpha = np.maximum(alpha, face_px)
            image = even_background(image, alpha, inside=photo_area)
        else:
            with stage("replace: plain wall?"):
                keepable = spec.background_replacement != "allowed" and plain_wall(
                    image, alpha, spec
                )
            image = replace_background(image, alpha, colour, opaque=face_px)
        alpha = np.maximum(alpha, face_px)

    with stage("encode"):
        file = encode(
            image,
            dpi=canvas.dpi,
            fmt=fmt,
            min_kb=spec.digital.min_kb if spec.digital else None,
            max_kb=spec.digital.max_kb if spec.digital else None,
        )
    with stage("check"):
        # The landmarks carried through the exact map that made the photo.
        final_face = face.transformed(chain(to_canvas, to_region))
        faces = len(strong)
        upscale = placement.scale * scale * work.scale
        # The background is judged on the person as found on the finished
        # photo, as ``check`` would: the matte that made it calls a remnant person.
        with stage("check: second look"):
            seen = quick_alpha(image, models, tuple(final_face.point(NOSE_TIP)))
        with stage("check: hands"):
            hands = tuple(hands_in(image, models))
        evidence = Evidence(
            image,
            canvas,
            final_face,
            alpha,
            faces,
            upscale,
            file,
            cut,
            seen,
            kept,
            keepable,
            outline_undecided=None if kept else undecided,
            head_touched=None if kept else touching,
            hands=hands,
        )
        report = _report(spec, canvas, file, evidence)
    to_photo = chain(to_canvas, to_region, _resizing((1, 1), (work.scale, work.scale)))
    return Photo(spec, canvas, image, alpha, final_face, file, report, to_photo)


def check_photo(
    photo: PhotoInput,
    doc: str | DocumentSpec,
    *,
    name: str | None = None,
    models: Models | None = None,
) -> Report:
    """Judge a finished photo for ``doc`` as it is: nothing is cropped or fixed.

    The scale in millimetres comes from the photo's height against the
    document's printed height.

    Raises
    ------
    InputError
        When the file cannot be read or holds no face.
    """
    spec = _spec(doc)
    models = models or get_models()
    source = _source(photo, name)
    image = decode(source).pixels
    found = search(image, models)
    face = require_face(found, source.name)
    alpha = keep_person(person_alpha(image, models), tuple(face.point(NOSE_TIP)))
    canvas = canvas_of_photo(spec, image.shape[1], image.shape[0])
    file = Encoded(source.data, source.format, None)
    inside = np.ones(alpha.shape, np.float32)
    cut = _head_cut(measure_head(face, alpha), inside, face)
    hands = tuple(hands_in(image, models))
    evidence = Evidence(image, canvas, face, alpha, len(found.boxes), None, file, cut, hands=hands)
    return _report(spec, canvas, file, evidence, dpi=source.dpi)


def _place(
    head: Head, spec: DocumentSpec, canvas: Canvas, shape: tuple[int, ...], to_region: np.ndarray
) -> Placement:
    """:func:`place_head`, told where the source photo (``shape``) ends below the head.

    The bottom edge is the source's, mapped into the upright region; its
    highest point across the canvas's width (found from a first placement)
    is where the person would stop.
    """
    placement = place_head(head, spec, canvas)
    rows, cols = shape[:2]
    bottom = np.array([[0, rows], [cols, rows]], np.float64) @ to_region[:, :2].T + to_region[:, 2]
    (xa, ya), (xb, yb) = bottom
    half = canvas.width_px / 2 / placement.scale
    x0, x1 = head.centre_x - half, head.centre_x + half
    if abs(xb - xa) < 1e-9:
        return placement
    edge = [ya + (yb - ya) * (x - xa) / (xb - xa) for x in (x0, x1)]
    return place_head(head, spec, canvas, bottom_y=min(edge))


def _resizing(source: tuple[int, int], target: tuple[int, int]) -> np.ndarray:
    """The 2x3 map resizing ``source`` to ``target`` ``(cols, rows)``, pixel centres kept."""
    sx, sy = target[0] / source[0], target[1] / source[1]
    return np.array([[sx, 0, (sx - 1) / 2], [0, sy, (sy - 1) / 2]])


def _matrix(placement: Placement) -> np.ndarray:
    """The 2x3 map of ``placement`` (upright region -> canvas)."""
    return np.array([[placement.scale, 0, placement.dx], [0, placement.scale, placement.dy]])


def _half(canvas: Canvas) -> Canvas:
    """``canvas`` at half its pixel size (same millimetres)."""
    width, height = max(8, canvas.width_px // 2), max(8, canvas.height_px // 2)
    return Canvas(width, height, canvas.px_per_mm * height / canvas.height_px)


def _render_from(
    work: np.ndarray,
    to_region: np.ndarray,
    coarse: np.ndarray,
    placement: Placement,
    canvas: Canvas,
    *,
    by_colour: bool = True,
) -> tuple[np.ndarray, np.ndarray, float | None]:
    """The photo of ``work`` placed on ``canvas``, its matte refined on it, and how
    much of the outline colour left undecided (:attr:`~.matte.EdgeMatte.undecided`).

    ``by_colour`` mattes the outline from colour too (:func:`~.matte.colour_matte`);
    the half-size preview, which only finds the crown, does without (its
    share is None).

    Beyond the original photo's footprint there is only background.
    """
    size = (canvas.width_px, canvas.height_px)
    to_canvas = _matrix(placement)
    placed = chain(to_canvas, to_region)
    image = warp(work, placed, size)
    # The segmenter saw the region at SEGMENT_SIDE px: its matte has no finer
    # detail than that grid, which on the canvas is ``grain`` pixels wide.
    grain = placement.scale * max(1.0, max(coarse.shape) / SEGMENT_SIDE)
    alpha = _warp_matte(coarse, to_canvas, size, int(grain))
    # With colour matting after it, the guided filter need only place the
    # outline: half the size does.
    alpha = refine_alpha(alpha, image, max_side=max(size) // (2 if by_colour else 1), sharpen=1.0)
    footprint = None if _covers(work.shape, placed, size) else _footprint(work.shape, placed, size)
    undecided = None
    if by_colour:
        with stage("render: colour matte"):
            width = max(2, round(min(size) / _COLOUR_BAND))
            # The outline is judged only where its band sees the source, not its filled edge.
            seen = None
            if footprint is not None:
                kernel = np.ones((2 * width + 3, 2 * width + 3), np.uint8)
                seen = cv2.erode((footprint > 0.5).astype(np.uint8), kernel) > 0
            edge = colour_matte(alpha, image, width=width, where=seen)
            alpha, undecided = edge.alpha, edge.undecided
    if footprint is not None:
        alpha *= footprint
    return image, alpha, undecided


def _warp_matte(
    matte: np.ndarray, matrix: np.ndarray, size: tuple[int, int], step: int
) -> np.ndarray:
    """``matte`` warped by ``matrix`` into a ``size`` frame on a grid ``step`` pixels apart.

    A matte without detail finer than ``step`` output pixels loses nothing
    when warped at ``1/step`` of the size and enlarged bilinearly, at a
    fraction of the cost. Bilinear throughout, so the values stay in 0-1.
    """
    if step < 2:
        return warp(matte, matrix, size, enlarge_cubic=False)
    cols, rows = size
    coarse_size = (-(-cols // step), -(-rows // step))
    # Pixel centres: p_coarse + 0.5 = (p + 0.5) / step.
    to_coarse = np.asarray(matrix, np.float64) / step
    to_coarse[:, 2] += 0.5 / step - 0.5
    small = warp(matte, to_coarse, coarse_size, enlarge_cubic=False)
    return cv2.resize(small, None, fx=step, fy=step, interpolation=cv2.INTER_LINEAR)[:rows, :cols]


def _unplace(head: Head, placement: Placement) -> Head:
    """``head`` measured on the canvas, back in the upright region's pixels."""
    s, dx, dy = placement.scale, placement.dx, placement.dy
    return Head(
        eye_y=(head.eye_y - dy) / s,
        chin_y=(head.chin_y - dy) / s,
        crown_hair_y=(head.crown_hair_y - dy) / s,
        crown_skull_y=(head.crown_skull_y - dy) / s,
        centre_x=(head.centre_x - dx) / s,
    )


def _footprint(shape: tuple[int, ...], matrix: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """1.0 where the original photo (``shape``) lands in a ``size`` frame under ``matrix``."""
    rows, cols = shape[:2]
    corners = np.array([[0, 0], [cols, 0], [cols, rows], [0, rows]], np.float64)
    mapped = corners @ matrix[:, :2].T + matrix[:, 2]
    mask = np.zeros((size[1], size[0]), np.uint8)
    cv2.fillConvexPoly(mask, np.round(mapped * 16).astype(np.int32), 1, cv2.LINE_8, 4)
    return mask.astype(np.float32)


def _covers(shape: tuple[int, ...], matrix: np.ndarray, size: tuple[int, int]) -> bool:
    """Whether the original photo (``shape``) fills all of a ``size`` frame under ``matrix``."""
    inverse = cv2.invertAffineTransform(np.asarray(matrix, np.float64))
    cols, rows = size
    corners = np.array([[0, 0], [cols, 0], [cols, rows], [0, rows]], np.float64)
    source = corners @ inverse[:, :2].T + inverse[:, 2]
    return bool(
        (source >= 0).all()
        and (source[:, 0] <= shape[1]).all()
        and (source[:, 1] <= shape[0]).all()
    )


def _head_cut(head: Head, inside: np.ndarray, face: Face) -> str | None:
    """``"crown"``, ``"chin"`` or ``"side"``: the part of the head at the original photo's edge.

    ``inside`` is the original photo's footprint in the frame ``head`` and
    ``face`` are measured in. The chin needs a little skin below it (a
    tenth of the eye-to-chin distance) to count as inside; each side of the
    face needs a tenth of the eye distance beyond the face's outline, on
    every row from the eyes to the chin (ICAO 9303 Part 3 asks for the whole
    face, both edges of it clearly shown).
    """
    outline = face_polygon(face)
    margin = 0.1 * face.eye_distance
    left, right = outline[:, 0].min() - margin, outline[:, 0].max() + margin
    # The rows from the eyes to the chin that the photo holds at all (a
    # chin below the bottom edge is the chin's cut, not a side's).
    cx = int(np.clip(round(face.eye_mid[0]), 0, inside.shape[1] - 1))
    held = np.flatnonzero(inside[:, cx] > 0.5)
    top = int(max(head.eye_y, held[0] + 2 if held.size else 0))
    bottom = int(min(head.chin_y, held[-1] - 2 if held.size else 0))
    if bottom > top:
        lo, hi = int(np.floor(left)), int(np.ceil(right)) + 1
        if lo < 0 or hi > inside.shape[1] or inside[top:bottom, lo:hi].min() <= 0.5:
            return "side"
    half = max(1, int(face.eye_distance / 2))
    band = inside[:, max(0, cx - half) : cx + half + 1].min(axis=1)
    rows = np.flatnonzero(band > 0.5)
    if rows.size == 0 or head.crown_hair_y <= rows[0] + 1.5:
        return "crown"
    if head.chin_y + 0.1 * (head.chin_y - head.eye_y) >= rows[-1]:
        return "chin"
    return None


def _report(
    spec: DocumentSpec, canvas: Canvas, file: Encoded, ev: Evidence, *, dpi: float | None = None
) -> Report:
    """The report; ``dpi`` is the one written in a judged file (the canvas's when made here)."""
    written = canvas.dpi if dpi is None else dpi
    info = OutputInfo(canvas.width_px, canvas.height_px, written, len(file.data), file.format)
    return Report(spec.id, info, run_checks(ev, spec))


@dataclass(frozen=True)
class _Work:
    pixels: np.ndarray
    scale: float


def _working_image(
    source: Source, found: Decoded, box: Box, target_head: float, models: Models
) -> tuple[_Work, Face]:
    """The decode the output needs, and the face's landmarks on it.

    The head (hair included) is about twice the detector's box; the output
    needs ``target_head`` pixels of it, with some headroom, and the mesh
    needs a face box of at least ``_MESH_FACE`` pixels to place the
    landmarks well. The finding decode is reused when it has enough pixels.
    """
    need = max(target_head * _HEADROOM / (box.height * 2.0), _MESH_FACE / box.height)
    work = _Work(found.pixels, found.scale)
    if need > 1.0 and found.scale < 1.0:
        with stage("decode for output"):
            larger = decode(source, min_side=math.ceil(min(found.pixels.shape[:2]) * need))
        if larger.scale > found.scale:
            box = box.scaled(larger.pixels.shape[1] / found.pixels.shape[1])
            work = _Work(larger.pixels, larger.scale)
    with stage("face mesh"):
        face = analyse_face(work.pixels, models, box=box)
    if face is None:
        raise no_face(source.name)
    return work, face


def _spec(doc: str | DocumentSpec) -> DocumentSpec:
    return doc if isinstance(doc, DocumentSpec) else load_catalog().get(doc)


def _source(photo: PhotoInput, name: str | None) -> Source:
    if isinstance(photo, bytes):
        return open_source(photo, name=name or "input")
    label = name or str(photo)
    return open_source(read_input(photo, name=label), name=label)
