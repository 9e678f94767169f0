"""What the studio shows of a photo before it is paid for."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

#: Text drawn across an unpaid preview.
WATERMARK = "AnyIDPhoto preview"


def watermarked(jpeg: bytes) -> bytes:
    """``jpeg`` with a repeated diagonal watermark, re-encoded smaller (the preview)."""
    with Image.open(io.BytesIO(jpeg)) as im:
        base = im.convert("RGB")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    size = max(12, base.width // 14)
    font = ImageFont.load_default(size=size)
    step = size * 4
    for y in range(-base.height, base.height * 2, step):
        for x in range(-base.width, base.width * 2, size * 12):
            draw.text((x, y), WATERMARK, font=font, fill=(255, 255, 255, 110))
            draw.text((x + 2, y + 2), WATERMARK, font=font, fill=(0, 0, 0, 60))
    layer = layer.rotate(30, resample=Image.BICUBIC, center=(base.width / 2, base.height / 2))
    out = Image.alpha_composite(base.convert("RGBA"), layer).convert("RGB")
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
