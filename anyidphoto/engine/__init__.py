"""The photo engine: pure functions from image bytes to a photo and its report.

Imports the catalogue only; never the CLI or the web. What they use is named
here: they import nothing else of the engine (``pyproject.toml``'s contracts).
"""

from .compose import hex_to_rgb
from .decoding import MAX_DECODE_PIXELS, decode, open_source, read_input
from .errors import InputError
from .models import load_models
from .pipeline import Photo, check_photo, make_photo
from .report import CHECK_IDS, Check, Report
from .sheet import SheetError, Tile, render_sheet, sheet_to_jpeg, sheet_to_pdf
from .template_overlay import annotate

__all__ = [
    "CHECK_IDS",
    "MAX_DECODE_PIXELS",
    "annotate",
    "Check",
    "InputError",
    "Photo",
    "Report",
    "SheetError",
    "Tile",
    "check_photo",
    "decode",
    "hex_to_rgb",
    "load_models",
    "make_photo",
    "open_source",
    "read_input",
    "render_sheet",
    "sheet_to_jpeg",
    "sheet_to_pdf",
]
