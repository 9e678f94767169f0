"""Reading uploads: formats, orientation, colour modes, reduced decodes, and refusals."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageCms

from anyidphoto.engine import MAX_DECODE_PIXELS, InputError, make_photo
from anyidphoto.engine.decoding import decode, open_source

from .. import badfiles, measure, photos


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _astronaut_image() -> Image.Image:
    return Image.fromarray(photos.astronaut())


@pytest.mark.parametrize(
    "fmt, mode",
    [
        ("PNG", "RGBA"),
        ("PNG", "P"),
        ("PNG", "L"),
        ("PNG", "I;16"),
        ("JPEG", "CMYK"),
        ("WEBP", "RGB"),
        ("HEIF", "RGB"),
    ],
)
def test_every_accepted_mode_decodes_to_rgb(fmt, mode):
    import pillow_heif  # noqa: F401 - registers HEIF

    image = _astronaut_image()
    if mode == "I;16":
        grey = np.asarray(image.convert("L"), np.uint16) * 257
        image = Image.fromarray(grey)
        assert image.mode == "I;16"
    elif mode != "RGB":
        image = image.convert(mode)
    data = _save(image, fmt)
    pixels = decode(open_source(data)).pixels
    assert pixels.shape == (512, 512, 3)
    assert pixels.dtype == np.uint8
    # Content survives: the grey level of a bright background patch.
    assert pixels[20:40, 440:480].mean() > 150


def test_alpha_is_flattened_onto_white():
    rgba = np.zeros((200, 200, 4), np.uint8)
    rgba[..., :3] = 10
    pixels = decode(open_source(_save(Image.fromarray(rgba, "RGBA"), "PNG"))).pixels
    assert pixels.min() == 255


def test_an_srgb_tagged_photo_keeps_its_colours():
    image = Image.new("RGB", (200, 200), (200, 30, 30))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data = _save(image, "JPEG", quality=95, icc_profile=srgb.tobytes())
    pixels = decode(open_source(data)).pixels
    assert np.abs(pixels[100, 100].astype(int) - (200, 30, 30)).max() <= 4


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_applied_before_framing(orientation, catalog):
    data = photos.with_exif_orientation(photos.astronaut(), orientation)
    source = open_source(data)
    assert (source.width, source.height) == (512, 512)
    photo = make_photo(data, "us-passport")
    g = measure.measure(photo.image, 50.8, (255, 255, 255))
    assert 25.4 <= g.head_height_mm <= 34.9
    assert 28.6 <= g.eye_line_mm <= 34.9
    assert abs(g.roll_deg) < 1.5


def test_a_large_jpeg_is_decoded_at_reduced_scale_when_asked():
    frame = photos.in_large_frame()
    data = photos.encode(frame.pixels)
    source = open_source(data)
    assert (source.width, source.height) == (4000, 3000)
    small = decode(source, min_side=700)
    assert small.scale == 0.25
    assert small.pixels.shape == (750, 1000, 3)
    assert decode(source).pixels.shape == (3000, 4000, 3)


@pytest.mark.parametrize(
    "min_side, rows",
    [(100, 100), (101, 200), (200, 200), (201, 400), (400, 400), (401, 800)],
)
def test_reduced_decodes_are_halves_never_the_slower_eighths_between(min_side, rows):
    # 3/8 or 3/4 of a JPEG decodes slower than the next half up: never chosen.
    data = photos.encode(np.full((800, 1200, 3), 128, np.uint8))
    decoded = decode(open_source(data), min_side=min_side)
    assert decoded.pixels.shape[0] == rows
    assert decoded.scale == rows / 800


@pytest.mark.parametrize("case", sorted(badfiles.CORPUS))
def test_unusable_inputs_raise_an_input_error_with_a_reason(case):
    name, factory, words = badfiles.CORPUS[case]
    with pytest.raises(InputError) as info:
        make_photo(factory(), "us-passport", name=name)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert words in message
    assert "\n" not in message


def test_a_picture_too_large_to_decode_is_refused_before_its_pixels_are_held(tmp_path):
    # A flat 10000x11900 PNG: 360 KB, 119 megapixels (under the pixel limit, so
    # only the decode's own bound stops it). Measured in a process of its own.
    path = tmp_path / "flat.png"
    path.write_bytes(badfiles.flat_large_png())
    script = (
        "import resource, sys, time\n"
        "from anyidphoto.engine.decoding import decode, open_source\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    decode(open_source(data, name='flat.png'), min_side=1000)\n"
        "except Exception as error:\n"
        "    print(type(error).__name__, error.code, error)\n"
        "grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
        "print(grown // 1024, time.perf_counter() - start)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    refusal, figures = done.stdout.strip().splitlines()
    assert refusal.startswith("InputError too-large-to-decode flat.png: 10000x11900")
    assert f"at most {MAX_DECODE_PIXELS // 1_000_000} are decoded" in refusal
    grown_mb, seconds = figures.split()
    assert int(grown_mb) < 20, f"{grown_mb} MB held for a refused picture"


def test_a_large_png_is_reduced_as_it_is_decoded_when_fewer_pixels_are_needed():
    rgb = np.zeros((2400, 3600, 3), np.uint8)
    rgb[:, :1800] = (200, 30, 40)
    source = open_source(photos.encode(rgb, "PNG"))
    small = decode(source, min_side=500)
    assert small.pixels.shape == (600, 900, 3) and small.scale == 0.25
    assert tuple(small.pixels[300, 100]) == (200, 30, 40)
    assert decode(source).pixels.shape == (2400, 3600, 3)


def test_a_png_keeps_the_orientation_its_exif_block_gives():
    rgb = np.zeros((300, 500, 3), np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to show
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG", exif=exif)
    source = open_source(buffer.getvalue())
    assert (source.orientation, source.width, source.height) == (6, 300, 500)
    assert decode(source).pixels.shape == (500, 300, 3)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        make_photo(tmp_path / "nope.jpg", "us-passport")


def _renamed_srgb_profile() -> bytes:
    """sRGB's colorimetry under another name (UTF-16 text in the v4 'desc' tag), so it converts."""
    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    renamed = data.replace("sRGB".encode("utf-16-be"), "Wide".encode("utf-16-be"))
    assert renamed != data
    return renamed


def test_orientation_survives_a_colour_profile_conversion():
    # A phone photo: stored sideways with orientation 6 and a non-sRGB profile.
    rgb = photos.astronaut()
    stored = Image.fromarray(np.ascontiguousarray(np.rot90(rgb, 1)))
    exif = stored.getexif()
    exif[0x0112] = 6
    data = _save(
        stored, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=_renamed_srgb_profile()
    )
    pixels = decode(open_source(data)).pixels
    assert np.abs(pixels.astype(int) - rgb).mean() < 6


def test_a_torso_is_not_a_second_face_in_a_large_frame(models):
    # 48 MP, the subject small: at the finding scale the detector also boxes the torso.
    rows, cols, wall = 8000, 6000, (190, 185, 180)
    frame = np.full((rows, cols, 3), wall, np.uint8)
    portrait = np.asarray(
        Image.fromarray(photos.on_colour(photos.astronaut(), wall)).resize((1024, 1024))
    )
    frame[rows // 3 : rows // 3 + 1024, cols // 2 - 512 : cols // 2 + 512] = portrait
    photo = make_photo(photos.encode(frame, quality=90), "us-passport", models=models)
    assert photo.report.check("face_count").measured == 1
