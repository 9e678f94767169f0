"""``make run``: the engine on the bundled sample portrait.

Makes a US passport photo, a Schengen visa photo and a 4x6 in print sheet
from the public-domain astronaut portrait that ships with scikit-image, and
prints where they are.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

from . import cli

OUT = Path("out")


def sample_portrait() -> bytes:
    """The sample portrait (NASA, public domain, from scikit-image) as JPEG bytes."""
    from skimage import data

    buffer = io.BytesIO()
    Image.fromarray(data.astronaut()).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def main() -> int:
    OUT.mkdir(exist_ok=True)
    sample = OUT / "sample-portrait.jpg"
    sample.write_bytes(sample_portrait())
    print(f"sample portrait: {sample}")
    worst = cli.SUCCESS
    for doc in ("us-passport", "schengen-visa"):
        args = ["make", str(sample), "--doc", doc, "-o", str(OUT / f"{doc}.jpg")]
        args += [
            "--report",
            str(OUT / f"{doc}.json"),
            "--annotate",
            str(OUT / f"{doc}-template.png"),
        ]
        if doc == "us-passport":
            args += ["--sheet", "4x6", "--sheet-out", str(OUT / "us-passport-sheet-4x6.pdf")]
        worst = max(worst, cli.main(args))
    worst = max(
        worst,
        cli.main(
            [
                "sheet",
                str(OUT / "us-passport.jpg"),
                "--paper",
                "4x6",
                "-o",
                str(OUT / "us-passport-sheet-4x6.jpg"),
            ]
        ),
    )
    print(f"everything is in {OUT.resolve()}/ (reports beside the photos as .json)")
    return 0 if worst in (cli.SUCCESS, cli.NOT_COMPLIANT) else worst


if __name__ == "__main__":
    sys.exit(main())
