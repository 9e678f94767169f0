"""AnyIDPhoto: passport, visa and ID photos that the authority accepts."""

from .engine import InputError, Photo, Report, check_photo, make_photo, render_sheet
from .specs import load_catalog

__all__ = [
    "InputError",
    "Photo",
    "Report",
    "check_photo",
    "load_catalog",
    "make_photo",
    "render_sheet",
]
__version__ = "0.1.0"
