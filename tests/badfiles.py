"""A corpus of inputs that cannot be used, generated on the fly."""

from __future__ import annotations

import functools
import io
import struct
import zlib

import numpy as np
from PIL import Image

from . import photos


def _jpeg(rgb: np.ndarray) -> bytes:
    return photos.encode(rgb)


def png_bomb() -> bytes:
    """A 20000x20000 PNG: a few hundred bytes on disk, 1.2 GB once decoded."""
    image = Image.new("1", (20000, 20000))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@functools.cache
def flat_large_png(cols: int = 10000, rows: int = 11900) -> bytes:
    """A flat RGB PNG of ``cols`` x ``rows`` (under the pixel limit): 360 KB on disk, 357 MB
    as RGB. Written a row at a time, so making it holds no picture in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer, row = zlib.compressobj(9), b"\x00" + bytes((200, 190, 180)) * cols
    pixels = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    header = struct.pack(">IIBBBBB", cols, rows, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )  # fmt: skip


def huge_exif() -> bytes:
    """A valid photo carrying about 2 MB of metadata in 32 APP1 segments."""
    base = _jpeg(photos.astronaut())
    junk = b"Exif\x00\x00" + b"\x00" * 65000
    segment = b"\xff\xe1" + struct.pack(">H", len(junk) + 2) + junk
    return base[:2] + segment * 32 + base[2:]


def animated_gif() -> bytes:
    frames = [
        Image.fromarray(photos.astronaut()),
        Image.fromarray(photos.astronaut()[:, ::-1].copy()),
    ]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def one_pixel() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 100, 50)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    data = _jpeg(photos.astronaut())
    return data[: len(data) // 2]


def no_face() -> bytes:
    rng = np.random.default_rng(5)
    wall = np.clip(rng.normal(180, 6, (600, 800, 3)), 0, 255).astype(np.uint8)
    return _jpeg(wall)


def tiny_face() -> bytes:
    """A 900x900 wall with the portrait at 30 %: a head of about 45 px."""
    wall = np.full((900, 900, 3), 190, np.uint8)
    small = np.asarray(Image.fromarray(photos.astronaut()).resize((154, 154), Image.LANCZOS))
    wall[300:454, 373:527] = small
    return _jpeg(wall)


#: name -> (file name, bytes factory, words the one-line reason must contain)
CORPUS = {
    "empty": ("empty.jpg", lambda: b"", "empty"),
    "truncated-jpeg": ("truncated.jpg", truncated_jpeg, "damaged"),
    "text-renamed": (
        "notes.jpg",
        lambda: b"shopping list: milk, eggs\n" * 20,
        "not a readable image",
    ),
    "png-bomb": ("bomb.png", png_bomb, "megapixels"),
    "flat-large-png": ("flat.png", flat_large_png, "at most 50 are decoded"),
    "one-pixel": ("dot.png", one_pixel, "too small"),
    "animated-gif": ("wave.gif", animated_gif, "not supported"),
    "pdf": ("form.pdf", pdf, "not a readable image"),
    "huge-exif": ("meta.jpg", huge_exif, "metadata"),
    "no-face": ("wall.jpg", no_face, "no face"),
    "tiny-face": ("far.jpg", tiny_face, "face is too small"),
}
