"""The photo engine: pure functions from image bytes to a photo and its report.

Imports the catalogue only; never the CLI or the web.
"""

from .annotate import annotate
from .decode import MAX_DECODE_PIXELS
from .errors import InputError
from .models import load_models
from .pipeline import Photo, check_photo, make_photo
from .report import CHECK_IDS, Check, Report
from .sheet import render_sheet

__all__ = [
    "CHECK_IDS",
    "MAX_DECODE_PIXELS",
    "annotate",
    "Check",
    "InputError",
    "Photo",
    "Report",
    "check_photo",
    "load_models",
    "make_photo",
    "render_sheet",
]
