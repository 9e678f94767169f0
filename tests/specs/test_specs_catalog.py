"""The Catalog API, loading errors and print papers."""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import pytest

import anyidphoto.specs as specs
from anyidphoto.specs import (
    PAPERS,
    Catalog,
    CatalogError,
    DocumentSpec,
    Paper,
    UnknownDocument,
    get_paper,
    load_catalog,
)
from anyidphoto.specs.catalog import _load_from
from anyidphoto.specs.papers import UnknownPaper, papers_for_country

DATA = resources.files("anyidphoto.specs").joinpath("data")

GOOD_DOC = """\
  - id: {id}
    name: {{en: Testland passport, fr: Passeport de Testland}}
    width_mm: 35
    height_mm: 45
    dpi: 300
    head_height_mm: [32, 36]
    head_measure: crown
    eye_line_mm: null
    crown_gap_mm: 4
    background: ["#ffffff"]
    glasses: allowed
    digital: null
    formats: [jpeg]
    sources: ["a made-up source for tests"]
    verified: "2026-11-26"
    notes: test entry
"""


def _write(directory: Path, name: str, country: str, *docs: str) -> None:
    (directory / name).write_text(f"country: {country}\ndocuments:\n" + "".join(docs))


def test_load_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()
    assert isinstance(load_catalog(), Catalog)


def test_public_exports() -> None:
    for name in (
        "load_catalog",
        "Catalog",
        "DocumentSpec",
        "Digital",
        "CatalogError",
        "UnknownDocument",
        "Paper",
        "PAPERS",
        "get_paper",
    ):
        assert name in specs.__all__
        assert hasattr(specs, name)
    assert issubclass(CatalogError, ValueError)
    assert issubclass(UnknownDocument, KeyError)


def test_get_returns_spec_and_forgives_case() -> None:
    catalog = load_catalog()
    doc = catalog.get("GB_Passport")
    assert isinstance(doc, DocumentSpec)
    assert doc.id == "gb-passport"
    assert doc.head_height_mm == (29, 34)
    assert "gb-passport" in catalog
    assert "xx-nothing" not in catalog


def test_unknown_id_suggests_close_ones() -> None:
    with pytest.raises(UnknownDocument) as info:
        load_catalog().get("us-pasport")
    assert "us-passport" in info.value.suggestions
    assert "did you mean" in str(info.value)
    assert "'us-passport'" in str(info.value)


def test_unknown_id_without_close_match_falls_back_to_country() -> None:
    with pytest.raises(UnknownDocument) as info:
        load_catalog().get("jp-zzzzzzzzzzzz")
    assert info.value.suggestions
    assert all(s.startswith("jp-") for s in info.value.suggestions)


def test_iteration_length_and_countries() -> None:
    catalog = load_catalog()
    docs = list(catalog)
    assert len(docs) == len(catalog)
    assert len({d.id for d in docs}) == len(docs)
    countries = catalog.countries()
    assert countries == sorted(set(countries))
    assert {"us", "gb", "schengen", "fr", "cn"} <= set(countries)


def test_catalog_is_read_only() -> None:
    with pytest.raises(AttributeError):
        load_catalog()._docs = ()  # type: ignore[misc]


def test_search_by_country_and_text() -> None:
    catalog = load_catalog()
    us = catalog.search(country="US")
    assert us and all(d.country == "us" for d in us)
    visas = catalog.search(country="us", text="VISA")
    assert {d.id for d in visas} >= {"us-visa", "us-dv-lottery"}
    assert "us-passport" not in {d.id for d in visas}
    french = catalog.search(text="passeport allemagne")
    assert [d.id for d in french] == ["de-passport"]
    assert catalog.search(text="no-such-thing-anywhere") == []
    assert len(catalog.search()) == len(catalog)


def test_default_for_country() -> None:
    catalog = load_catalog()
    assert catalog.default_for("us").id == "us-passport"
    assert catalog.default_for("FR").id == "fr-passport"
    assert catalog.default_for("schengen").id == "schengen-visa"
    with pytest.raises(UnknownDocument):
        catalog.default_for("zz")


def test_load_from_directory(tmp_path: Path) -> None:
    _write(tmp_path, "xa.yaml", "xa", GOOD_DOC.format(id="xa-passport"))
    catalog = _load_from(tmp_path)
    assert catalog.ids() == ["xa-passport"]
    assert catalog.get("xa-passport").crown_gap_mm == 4


def test_corrupted_yaml_names_the_file(tmp_path: Path) -> None:
    _write(tmp_path, "xa.yaml", "xa", GOOD_DOC.format(id="xa-passport"))
    (tmp_path / "xb.yaml").write_text("country: xb\ndocuments: [ {id: oops\n")
    with pytest.raises(CatalogError, match=r"^xb\.yaml: .*not valid YAML"):
        _load_from(tmp_path)


def test_bad_field_names_file_and_field(tmp_path: Path) -> None:
    bad = GOOD_DOC.format(id="xa-passport").replace("width_mm: 35", "width_mm: wide")
    _write(tmp_path, "xa.yaml", "xa", bad)
    with pytest.raises(CatalogError) as info:
        _load_from(tmp_path)
    message = str(info.value)
    assert message.startswith("xa.yaml: documents[0].width_mm:")
    assert "wide" in message


def test_bad_colour_is_rejected(tmp_path: Path) -> None:
    bad = GOOD_DOC.format(id="xa-passport").replace('"#ffffff"', '"white"')
    _write(tmp_path, "xa.yaml", "xa", bad)
    with pytest.raises(CatalogError, match=r"xa\.yaml: documents\[0\]\.background\[0\]"):
        _load_from(tmp_path)


def test_head_range_must_fit_the_photo(tmp_path: Path) -> None:
    bad = GOOD_DOC.format(id="xa-passport").replace("[32, 36]", "[40, 46]")
    _write(tmp_path, "xa.yaml", "xa", bad)
    with pytest.raises(CatalogError, match=r"xa\.yaml: documents\[0\]\.head_height_mm"):
        _load_from(tmp_path)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    doc = GOOD_DOC.format(id="xa-passport")
    _write(tmp_path, "xa.yaml", "xa", doc, doc)
    with pytest.raises(CatalogError, match=r"xa\.yaml: documents\[1\]\.id: 'xa-passport' already"):
        _load_from(tmp_path)


def test_id_must_start_with_country(tmp_path: Path) -> None:
    _write(tmp_path, "xa.yaml", "xa", GOOD_DOC.format(id="xb-passport"))
    with pytest.raises(CatalogError, match=r"xa\.yaml: documents\[0\]\.id: .*'xa-'"):
        _load_from(tmp_path)


def test_country_must_match_file_name(tmp_path: Path) -> None:
    _write(tmp_path, "xa.yaml", "xb", GOOD_DOC.format(id="xb-passport"))
    with pytest.raises(CatalogError, match=r"xa\.yaml: country"):
        _load_from(tmp_path)


def test_unquoted_date_is_accepted(tmp_path: Path) -> None:
    doc = GOOD_DOC.format(id="xa-passport").replace('"2026-11-26"', "2026-11-26")
    _write(tmp_path, "xa.yaml", "xa", doc)
    assert _load_from(tmp_path).get("xa-passport").verified.isoformat() == "2026-11-26"


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no country files"):
        _load_from(tmp_path)


def test_papers() -> None:
    assert list(PAPERS) == ["4x6", "5x7", "10x15", "13x18", "a4", "a6"]
    sizes = {p.id: (p.width_mm, p.height_mm) for p in PAPERS.values()}
    assert sizes["4x6"] == (101.6, 152.4)
    assert sizes["5x7"] == (127.0, 177.8)
    assert sizes["a4"] == (210.0, 297.0)
    assert sizes["a6"] == (105.0, 148.0)
    assert all(w < h for w, h in sizes.values())
    assert get_paper("A4") == Paper("a4", "A4 (21x29.7 cm)", 210.0, 297.0)
    with pytest.raises(UnknownPaper, match="unknown paper 'letter'.*4x6"):
        get_paper("letter")
    with pytest.raises(KeyError):
        get_paper("legal")


def test_papers_for_country() -> None:
    us = [p.id for p in papers_for_country("US")]
    fr = [p.id for p in papers_for_country("fr")]
    assert us[:2] == ["4x6", "5x7"]
    assert papers_for_country("ca")[0].id == "4x6"
    assert fr[0] == "10x15" and fr.index("a4") < fr.index("4x6")
    assert sorted(us) == sorted(fr) == sorted(PAPERS)


def test_specs_package_does_not_import_engine_or_cli() -> None:
    package = Path(specs.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("anyidphoto.engine", "anyidphoto.cli")), source
                assert not name.startswith("anyidphoto.web"), source


def test_packaged_data_is_yaml_only() -> None:
    names = [f.name for f in DATA.iterdir()]
    assert names and all(n.endswith(".yaml") for n in names)
