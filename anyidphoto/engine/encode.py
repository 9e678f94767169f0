"""Writing a finished photo: exact pixels, DPI, sRGB, no metadata, inside a KB window."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageCms

_SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
_FORMATS = {"jpeg": "JPEG", "jpg": "JPEG", "png": "PNG"}


@dataclass(frozen=True)
class Encoded:
    """A written file: its bytes, format (``jpeg`` or ``png``) and JPEG quality (None for PNG)."""

    data: bytes
    format: str
    quality: int | None

    @property
    def kb(self) -> float:
        """Size in kilobytes of 1024 bytes."""
        return len(self.data) / 1024


def encode(
    rgb: np.ndarray,
    *,
    dpi: float,
    fmt: str = "jpeg",
    min_kb: float | None = None,
    max_kb: float | None = None,
) -> Encoded:
    """Encode ``rgb`` as ``fmt`` with ``dpi`` written and no EXIF, GPS or comments.

    For JPEG the quality is searched (binary search on 20-94 below 95, or up to 100
    when the file is below ``min_kb``) for the best quality that stays under
    ``max_kb``; nothing is padded. When no quality reaches the window, the
    closest file is returned and the ``file_size`` check reports it.
    """
    kind = _FORMATS.get(fmt.lower())
    if kind is None:
        raise ValueError(f"unsupported output format {fmt!r}; use jpeg or png")
    image = Image.fromarray(rgb, "RGB")
    if kind == "PNG":
        return Encoded(_save(image, "PNG", dpi), "png", None)
    limit = max_kb * 1024 if max_kb else None
    # Optimised Huffman tables save about 4 % of the file for twice the time:
    # worth it only where a portal counts kilobytes.
    squeeze = limit is not None
    best = _jpeg(image, dpi, 95, optimize=squeeze)
    quality = 95
    if limit is not None and len(best) > limit:
        low, high = 20, 94
        best, quality = _jpeg(image, dpi, low), low
        while low <= high:
            mid = (low + high) // 2
            data = _jpeg(image, dpi, mid)
            if len(data) <= limit:
                best, quality = data, mid
                low = mid + 1
            else:
                high = mid - 1
    elif min_kb and len(best) < min_kb * 1024:
        for q in (97, 99, 100):
            best, quality = _jpeg(image, dpi, q), q
            if len(best) >= min_kb * 1024:
                break
    return Encoded(best, "jpeg", quality)


def _jpeg(image: Image.Image, dpi: float, quality: int, *, optimize: bool = True) -> bytes:
    options = {"quality": quality, "subsampling": 0 if quality >= 90 else 2}
    if not optimize:
        return _save(image, "JPEG", dpi, **options)
    try:
        return _save(image, "JPEG", dpi, optimize=True, **options)
    except OSError:
        # Pillow sizes the optimised-Huffman buffer at one byte a pixel below
        # quality 95, too small for a noisy 4:4:4 image ("Suspension not
        # allowed here"); the plain encoder streams and always fits.
        return _save(image, "JPEG", dpi, **options)


def _save(image: Image.Image, kind: str, dpi: float, **options: object) -> bytes:
    buffer = io.BytesIO()
    d = round(dpi, 2)
    image.save(buffer, kind, dpi=(d, d), icc_profile=_SRGB_ICC, **options)
    return buffer.getvalue()
