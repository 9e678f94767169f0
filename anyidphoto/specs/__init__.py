"""The document catalogue: what each authority asks of a photo, and print papers.

Lengths are millimetres; eye lines are measured from the photo's bottom edge.
This package imports nothing from the engine, the CLI or the web front end.
"""

from anyidphoto.specs.acceptance import Notice, notices
from anyidphoto.specs.catalog import Catalog, CatalogError, UnknownDocument, load_catalog
from anyidphoto.specs.model import Digital, DocumentSpec
from anyidphoto.specs.papers import PAPERS, Paper, UnknownPaper, get_paper, papers_for_country

__all__ = [
    "PAPERS",
    "Catalog",
    "CatalogError",
    "Digital",
    "DocumentSpec",
    "Notice",
    "Paper",
    "UnknownDocument",
    "UnknownPaper",
    "get_paper",
    "load_catalog",
    "notices",
    "papers_for_country",
]
