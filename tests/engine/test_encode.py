"""Files written to the portal's limits: pixels, KB, DPI, no metadata, sRGB."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from anyidphoto.engine import make_photo
from anyidphoto.engine.encode import encode

from .. import photos
from ..conftest import made


def test_dv_lottery_photo_is_600px_and_under_240kb_even_from_a_noisy_portrait():
    rng = np.random.default_rng(0)
    noisy = np.clip(photos.astronaut() + rng.normal(0, 14, (512, 512, 3)), 0, 255).astype(np.uint8)
    photo = make_photo(photos.encode(noisy), "us-dv-lottery")
    with Image.open(io.BytesIO(photo.file.data)) as im:
        assert im.size == (600, 600)
        assert im.format == "JPEG"
    assert len(photo.file.data) <= 240 * 1024
    assert photo.report.check("file_size").status == "pass"


def test_quality_search_lands_just_under_the_limit():
    image = np.clip(np.random.default_rng(2).normal(128, 40, (600, 600, 3)), 0, 255).astype(
        np.uint8
    )
    for limit in (60, 120, 240):
        file = encode(image, dpi=300, max_kb=limit)
        assert file.kb <= limit
        # One quality step higher would not fit (the search is not lazy).
        higher = encode(image, dpi=300, max_kb=None) if file.quality == 95 else None
        if higher is None:
            assert encode(image, dpi=300, max_kb=file.kb - 0.01).quality < file.quality


def test_gps_and_exif_from_the_source_never_reach_the_output():
    image = Image.fromarray(photos.astronaut())
    exif = image.getexif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    assert b"PhoneMaker" in buffer.getvalue()
    photo = make_photo(buffer.getvalue(), "us-passport")
    assert b"PhoneMaker" not in photo.file.data
    with Image.open(io.BytesIO(photo.file.data)) as out:
        assert dict(out.getexif()) == {}
        assert "exif" not in out.info


@pytest.mark.parametrize("doc, dpi", [("us-passport", 300), ("schengen-visa", 300)])
def test_print_photos_carry_their_dpi_and_an_srgb_profile(doc, dpi):
    photo = made("original", doc)[0]
    with Image.open(io.BytesIO(photo.file.data)) as im:
        assert round(im.info["dpi"][0]) == dpi
        from PIL import ImageCms

        profile = ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"]))
        assert "srgb" in ImageCms.getProfileDescription(profile).lower()
        # Printed at that DPI, the photo is the document's size.
        assert im.width / dpi * 25.4 == pytest.approx(photo.spec.width_mm, abs=0.1)


def test_png_output_is_lossless():
    photo = make_photo(photos.encode(photos.astronaut()), "us-passport", fmt="png")
    with Image.open(io.BytesIO(photo.file.data)) as im:
        assert im.format == "PNG"
        assert np.array_equal(np.asarray(im.convert("RGB")), photo.image)
