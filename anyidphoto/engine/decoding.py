"""Reading an uploaded file into RGB pixels, safely and only as large as needed.

Accepted: JPEG, PNG, WebP and HEIC/HEIF. The EXIF orientation is applied;
CMYK, 16-bit, palette, greyscale and alpha images become 8-bit sRGB. Guards:
a pixel limit checked from the header before any pixel is decoded
(decompression bombs), a metadata size limit, and a minimum size.

JPEGs are decoded at reduced scale (1/2, 1/4, 1/8 through libjpeg-turbo's
DCT scaling, or Pillow's ``draft``) when the caller needs fewer pixels.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import simplejpeg
from PIL import Image, ImageCms, UnidentifiedImageError

from .errors import InputError

try:  # HEIC support is optional at import time so a broken wheel says why.
    import pillow_heif

    pillow_heif.register_heif_opener()
    _HEIF_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - depends on the install
    _HEIF_ERROR = str(exc)

#: Largest accepted image, in pixels (a 100-megapixel phone photo passes).
MAX_PIXELS = 120_000_000
#: Most pixels decoded at once. A JPEG is decoded at the smallest DCT scale
#: that gives the pixels the output needs, so a 100-megapixel one usually
#: decodes to a few; PNG, WebP and HEIC decode whole. Past this the photo is
#: refused before any pixel is allocated: a flat 10000x11900 PNG of 376 KB
#: otherwise held 1.1 GB for 5 s. 50 megapixels take about 200 MB as decoded
#: and 150 MB as RGB; a 48-megapixel phone photo passes in any format.
MAX_DECODE_PIXELS = 50_000_000
#: Smallest accepted side, in pixels.
MIN_SIDE_PX = 120
#: Largest accepted total of metadata (EXIF, XMP, ICC, comments), in bytes.
MAX_METADATA_BYTES = 1_000_000
#: Largest accepted file, in bytes.
MAX_FILE_BYTES = 60_000_000

_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heic", "HEIC": "heic"}
_ORIENTATION_SWAPS = {5, 6, 7, 8}
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.createProfile("sRGB")

# Pillow's own bomb check warns between its limit and twice it; ours is stricter
# and runs first, so silence the duplicate warning.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.simplefilter("ignore", Image.DecompressionBombWarning)


@dataclass(frozen=True)
class Source:
    """An accepted file, not yet decoded.

    ``width`` and ``height`` are in pixels *after* the EXIF orientation is
    applied, i.e. as the person sees the photo; ``dpi`` is the resolution
    written in the file, None when it has none.
    """

    data: bytes
    name: str
    format: str
    width: int
    height: int
    orientation: int
    dpi: float | None = None
    mode: str = "RGB"
    icc: bytes | None = None


@dataclass(frozen=True)
class Decoded:
    """RGB pixels of a :class:`Source`.

    ``pixels`` is an ``(rows, cols, 3)`` ``np.uint8`` array in sRGB; ``scale``
    is decoded pixels per source pixel (1.0, or 1/2, 1/4, 1/8 for a reduced
    JPEG decode).
    """

    pixels: np.ndarray
    scale: float


def open_source(data: bytes, *, name: str = "input") -> Source:
    """Validate ``data`` from its header alone and describe it.

    Raises
    ------
    InputError
        For an empty, unreadable, unsupported, animated, oversized or
        undersized file.
    """
    if not data:
        raise InputError("empty-file", f"{name}: the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            "file-too-large",
            f"{name}: the file is {len(data) / 1e6:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB",
        )
    try:
        with _open(data) as im:
            fmt = _FORMATS.get(im.format or "")
            if fmt is None:
                raise InputError(
                    "unsupported-format",
                    f"{name}: {im.format or 'this'} files are not supported; "
                    "use a JPEG, PNG, WebP or HEIC photo",
                )
            if getattr(im, "n_frames", 1) > 1 and fmt != "heic":
                raise InputError(
                    "animated-image",
                    f"{name}: animated images are not supported; use a still photo",
                )
            width, height = im.size
            _check_size(name, width, height)
            meta = _metadata_bytes(im)
            if meta > MAX_METADATA_BYTES:
                raise InputError(
                    "metadata-too-large",
                    f"{name}: the file carries {meta // 1024} KB of metadata; "
                    "re-save the photo without it",
                )
            orientation = _orientation(im)
            dpi = _dpi(im)
            mode = im.mode
            icc = im.info.get("icc_profile") or None
    except InputError:
        raise
    except Image.DecompressionBombError:
        raise InputError(
            "too-many-pixels",
            f"{name}: the image has more than {MAX_PIXELS // 1_000_000} megapixels",
        ) from None
    except UnidentifiedImageError:
        hint = "" if _HEIF_ERROR is None else f" (HEIC support unavailable: {_HEIF_ERROR})"
        raise InputError(
            "unreadable",
            f"{name}: not a readable image (the content is not a picture format){hint}",
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError("unreadable", f"{name}: not a readable image ({_short(exc)})") from None
    if orientation in _ORIENTATION_SWAPS:
        width, height = height, width
    return Source(data, name, fmt, width, height, orientation, dpi, mode, icc)


def decode(source: Source, *, min_side: int | None = None) -> Decoded:
    """Decode ``source`` to sRGB pixels with the orientation applied.

    Parameters
    ----------
    source : Source
        From :func:`open_source`.
    min_side : int, optional
        The caller needs at least this many pixels on the shorter side; a
        JPEG is then decoded at the smallest DCT scale that still gives them
        (1/8, 1/4 or 1/2: through libjpeg-turbo for colour JPEGs, with Pillow
        for CMYK and grey ones); another format is decoded whole and reduced
        to them at once. None decodes at full size.

    Raises
    ------
    InputError
        When the pixel data is truncated or corrupt, or when the decode
        would hold more than :data:`MAX_DECODE_PIXELS` pixels (found from
        the header, before any is allocated).
    """
    divisor = _jpeg_divisor(source, min_side)
    cols, rows = (math.ceil(side / divisor) for side in (source.width, source.height))
    if cols * rows > MAX_DECODE_PIXELS:
        whole = "" if source.format == "jpeg" else f"a {source.format.upper()} decodes whole; "
        raise InputError(
            "too-large-to-decode",
            f"{source.name}: {source.width}x{source.height} would decode to "
            f"{cols * rows / 1e6:.0f} megapixels ({whole}at most "
            f"{MAX_DECODE_PIXELS // 1_000_000} are decoded); save it as a JPEG or at a "
            "smaller size",
        )
    try:
        if source.format == "jpeg" and source.mode == "RGB":
            pixels, scale = _decode_turbo(source, divisor)
        else:
            pixels, scale = _decode_pillow(source, divisor, min_side)
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(
            "corrupt-image", f"{source.name}: the image data is damaged ({_short(exc)})"
        ) from None
    if pixels.ndim != 3 or pixels.shape[2] != 3:  # pragma: no cover - defensive
        raise InputError("unreadable", f"{source.name}: could not convert the image to RGB")
    return Decoded(np.ascontiguousarray(pixels), scale)


def _jpeg_divisor(source: Source, min_side: int | None) -> int:
    """How many times smaller a JPEG decodes (1, 2, 4 or 8) for ``min_side`` pixels; else 1.

    The largest DCT reduction whose shorter side still has ``min_side``
    pixels. Other formats decode whole (1).
    """
    if source.format != "jpeg" or not min_side:
        return 1
    short = min(source.width, source.height)
    return next((d for d in (8, 4, 2) if math.ceil(short / d) >= min_side), 1)


def _decode_turbo(source: Source, divisor: int) -> tuple[np.ndarray, float]:
    """A colour JPEG through libjpeg-turbo's own scaled decode (simplejpeg's wheel).

    It decodes a 12-megapixel JPEG in 60-75 % of Pillow's time. It is asked
    for 1/8, 1/4, 1/2 or full scale only (``divisor`` 8, 4, 2 or 1):
    libjpeg-turbo's other eighths (3/8, 5/8, 3/4, 7/8) run through plain C
    code and take longer than the next of those up (3/8 of a 12-megapixel
    JPEG about 1.2x the time of 1/2, 3/4 about 1.7x the full decode). The
    colour profile and the orientation read by :func:`open_source` are
    applied afterwards.
    """
    stored_w = _stored_width(source)
    stored_h = source.width if source.orientation in _ORIENTATION_SWAPS else source.height
    wanted = {}
    if divisor > 1:
        side = math.ceil(min(stored_w, stored_h) / divisor)
        wanted = {"min_height": side} if stored_w >= stored_h else {"min_width": side}
    pixels = simplejpeg.decode_jpeg(source.data, colorspace="RGB", **wanted)
    scale = pixels.shape[1] / stored_w
    if source.icc:
        converted = _convert_profile(Image.fromarray(pixels), source.icc)
        if converted is not None:
            pixels = np.asarray(converted, dtype=np.uint8)
    if source.orientation in _TRANSPOSE:
        pixels = np.asarray(Image.fromarray(pixels).transpose(_TRANSPOSE[source.orientation]))
    return np.ascontiguousarray(pixels), scale


def _decode_pillow(source: Source, divisor: int, min_side: int | None) -> tuple[np.ndarray, float]:
    """Any accepted file through Pillow: a JPEG at 1/``divisor`` scale; another format
    whole, then reduced at once by the largest whole factor that keeps ``min_side``
    pixels, before any copy of it is made."""
    with _open(source.data) as im:
        if divisor > 1:
            im.draft("RGB", (im.size[0] // divisor, im.size[1] // divisor))
        im.load()
        reduced = im
        if source.format != "jpeg" and min_side:
            factor = min(im.size) // min_side
            if factor > 1:
                reduced = im.reduce(factor)
        scale = reduced.size[0] / _stored_width(source)
        rgb = _to_srgb(reduced)
        # By the orientation read from the header: a colour conversion
        # returns a new image without the EXIF block.
        if source.orientation in _TRANSPOSE:
            rgb = rgb.transpose(_TRANSPOSE[source.orientation])
        return np.ascontiguousarray(np.asarray(rgb, dtype=np.uint8)), scale


def read_input(path: str | os.PathLike, *, name: str | None = None) -> bytes:
    """The bytes of the file at ``path``; :class:`InputError` naming it when it cannot be read."""
    label = name or str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("not-found", f"{label}: no such file") from None
    except IsADirectoryError:
        raise InputError("not-a-file", f"{label}: is a folder, not a photo") from None
    except OSError as exc:
        raise InputError("unreadable", f"{label}: cannot be read ({exc.strerror})") from None


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _stored_width(source: Source) -> int:
    swapped = source.orientation in _ORIENTATION_SWAPS
    return source.height if swapped else source.width


def _check_size(name: str, width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise InputError(
            "too-many-pixels",
            f"{name}: {width}x{height} is more than {MAX_PIXELS // 1_000_000} megapixels",
        )
    if min(width, height) < MIN_SIDE_PX:
        raise InputError(
            "too-small",
            f"{name}: {width}x{height} px is too small; a photo needs at least "
            f"{MIN_SIDE_PX} px on each side (a phone photo has thousands)",
        )


def _metadata_bytes(im: Image.Image) -> int:
    total = 0
    for key, value in im.info.items():
        if isinstance(value, (bytes, str)) and key not in ("dpi",):
            total += len(value)
    applist = getattr(im, "applist", None)
    if applist:
        total = max(total, sum(len(v) for _, v in applist))
    return total


def _dpi(im: Image.Image) -> float | None:
    """Horizontal dots per inch written in the file, None when it says none."""
    value = im.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if dpi > 1 else None


def _orientation(im: Image.Image) -> int:
    """The EXIF orientation (1-8), read from the header alone.

    A PNG's EXIF block is read only where it comes before the pixels (as
    cameras and phones write it): Pillow's ``getexif`` on a PNG without one
    there decodes the whole image to look after them.
    """
    if im.format == "PNG" and "exif" not in im.info:
        return 1
    try:
        value = int(im.getexif().get(0x0112, 1))
    except Exception:  # a damaged EXIF block must not stop a usable photo
        return 1
    return value if 1 <= value <= 8 else 1


def _to_srgb(im: Image.Image) -> Image.Image:
    """Convert any mode to 8-bit RGB in sRGB; alpha is flattened onto white."""
    icc = im.info.get("icc_profile")
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.uint32)
        peak = 65535 if arr.max() > 255 else 255
        im = Image.fromarray((arr * 255 // peak).astype(np.uint8), "L")
    elif im.mode == "F":
        arr = np.clip(np.asarray(im, dtype=np.float32), 0, 1) * 255
        im = Image.fromarray(arr.astype(np.uint8), "L")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    if icc and im.mode in ("RGB", "CMYK", "RGBA"):
        converted = _convert_profile(im.convert("CMYK" if im.mode == "CMYK" else "RGB"), icc)
        if converted is not None:
            return converted
    if im.mode == "CMYK":
        # Adobe writes inverted CMYK JPEGs; Pillow undoes that on load.
        return im.convert("RGB")
    return im.convert("RGB") if im.mode != "RGB" else im


def _convert_profile(im: Image.Image, icc: bytes) -> Image.Image | None:
    """``im`` converted from its embedded profile to sRGB; None when it is sRGB already.

    A damaged profile also gives None: the pixels are then taken as sRGB.
    """
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(src) or "").lower():
            return None
        return ImageCms.profileToProfile(im, src, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, TypeError):
        return None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
