"""The document catalogue: every country file of ``specs/data`` loaded and checked.

Lengths are millimetres on the printed photo; eye lines are measured from the
photo's bottom edge; file sizes are kilobytes (1 KB = 1024 bytes).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml

from anyidphoto.specs.model import (
    DEFAULT_EXPRESSION,
    DEFAULT_RECENT,
    DEFAULT_REPLACEMENT,
    Acceptance,
    Digital,
    DocumentSpec,
)

_PACKAGE = "anyidphoto.specs"
# libyaml's loader is ~10x faster than the pure-Python one; both give the same data.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(ValueError):
    """A country file is unreadable or breaks the schema or a catalogue rule."""


class UnknownDocument(KeyError):
    """No document (or country) with the requested id exists in the catalogue."""

    def __init__(self, key: str, suggestions: Iterable[str] = (), what: str = "document") -> None:
        self.key = key
        self.suggestions = tuple(suggestions)
        message = f"unknown {what} {key!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            message += "; run 'anyidphoto docs' to list the known ids"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class Catalog:
    """An immutable, ordered collection of :class:`DocumentSpec`, indexed by id."""

    __slots__ = ("_docs", "_by_id")

    def __init__(self, docs: Iterable[DocumentSpec]) -> None:
        items = tuple(docs)
        index: dict[str, DocumentSpec] = {}
        for doc in items:
            if doc.id in index:
                raise CatalogError(f"duplicate document id {doc.id!r}")
            index[doc.id] = doc
        self._docs: tuple[DocumentSpec, ...] = items
        self._by_id: Mapping[str, DocumentSpec] = MappingProxyType(index)

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "_by_id"):
            raise AttributeError("Catalog is read-only")
        object.__setattr__(self, name, value)

    def __iter__(self) -> Iterator[DocumentSpec]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and _normalise(doc_id) in self._by_id

    def __repr__(self) -> str:
        return f"<Catalog: {len(self)} documents, {len(self.countries())} countries>"

    def ids(self) -> list[str]:
        """All document ids, in catalogue order."""
        return [doc.id for doc in self._docs]

    def get(self, doc_id: str) -> DocumentSpec:
        """The document with ``doc_id`` (case and ``_`` vs ``-`` are forgiven).

        Raises :class:`UnknownDocument` naming the closest ids when absent.
        """
        key = _normalise(doc_id)
        try:
            return self._by_id[key]
        except KeyError:
            close = difflib.get_close_matches(key, self._by_id.keys(), n=3, cutoff=0.6)
            if not close:
                prefix = key.split("-", 1)[0]
                close = [i for i in self._by_id if i.startswith(prefix + "-")][:3]
            raise UnknownDocument(doc_id, close) from None

    def countries(self) -> list[str]:
        """The country codes present, sorted (ISO alpha-2 plus ``eu``/``schengen``)."""
        return sorted({doc.country for doc in self._docs})

    def search(self, country: str | None = None, text: str | None = None) -> list[DocumentSpec]:
        """Documents of ``country`` whose id or any name contains every word of ``text``.

        Both filters are optional and case-insensitive; order is catalogue order.
        """
        cc = country.strip().lower() if country else None
        words = text.lower().split() if text else []
        found = []
        for doc in self._docs:
            if cc is not None and doc.country != cc:
                continue
            haystack = " ".join([doc.id, *doc.name.values()]).lower()
            if all(word in haystack for word in words):
                found.append(doc)
        return found

    def default_for(self, country: str) -> DocumentSpec:
        """The country's passport (for ``schengen``: its visa; else its first document)."""
        cc = country.strip().lower()
        docs = [doc for doc in self._docs if doc.country == cc]
        if not docs:
            close = difflib.get_close_matches(cc, self.countries(), n=3, cutoff=0.5)
            raise UnknownDocument(country, close, what="country")
        for wanted in (f"{cc}-passport", f"{cc}-visa"):
            if wanted in self._by_id:
                return self._by_id[wanted]
        passports = [doc for doc in docs if "passport" in doc.id]
        return (passports or docs)[0]


def _normalise(doc_id: str) -> str:
    return doc_id.strip().lower().replace("_", "-")


@functools.cache
def _schema() -> dict[str, Any]:
    text = resources.files(_PACKAGE).joinpath("schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _field(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _fail(name: str, field: str, message: str) -> CatalogError:
    return CatalogError(f"{name}: {field}: {message}")


def _read(name: str, text: str) -> dict[str, Any]:
    """Parse one country file and validate it against the schema."""
    try:
        # _YamlLoader is yaml's (C)SafeLoader: no objects are made from the text.
        data = yaml.load(text, Loader=_YamlLoader)  # nosec B506
    except yaml.YAMLError as exc:
        raise _fail(name, "(yaml)", f"not valid YAML: {exc}") from exc
    # A hand-edited file may leave dates unquoted; YAML then gives date objects.
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        for doc in data["documents"]:
            if isinstance(doc, dict) and isinstance(doc.get("verified"), dt.date):
                doc["verified"] = doc["verified"].isoformat()
    validator = _validator()
    if not validator.is_valid(data):
        err = jsonschema.exceptions.best_match(validator.iter_errors(data))
        field, message = (_field(err.absolute_path), err.message) if err else ("?", "invalid")
        raise _fail(name, field, message)
    return data


def _range(raw: list[float] | None) -> tuple[float, float] | None:
    return None if raw is None else (raw[0], raw[1])


def _check(name: str, where: str, doc: DocumentSpec) -> None:
    """Rules the schema cannot express: ordered ranges that fit inside the photo."""
    lo, hi = doc.head_height_mm
    if not lo < hi:
        raise _fail(name, f"{where}.head_height_mm", f"min {lo} must be below max {hi}")
    if hi >= doc.height_mm:
        raise _fail(
            name, f"{where}.head_height_mm", f"max {hi} leaves no room in {doc.height_mm} mm"
        )
    if doc.eye_line_mm is not None:
        elo, ehi = doc.eye_line_mm
        if not elo < ehi or ehi >= doc.height_mm:
            raise _fail(
                name, f"{where}.eye_line_mm", f"[{elo}, {ehi}] not inside {doc.height_mm} mm"
            )
    if doc.crown_gap_mm is not None and doc.crown_gap_mm + lo > doc.height_mm:
        raise _fail(name, f"{where}.crown_gap_mm", "crown gap plus smallest head exceeds photo")
    rules = doc.acceptance
    if (rules.taken_by != "unstated" or rules.exceptions) and not rules.source:
        raise _fail(name, f"{where}.acceptance.source", "who takes the photo needs a source")
    if rules.children and not rules.children_source:
        raise _fail(name, f"{where}.acceptance.children_source", "children's rules need a source")
    if rules.exceptions and rules.supplied_photo == "accepted":
        raise _fail(name, f"{where}.acceptance.exceptions", "only where a supplied photo is not")
    dig = doc.digital
    if dig is not None and dig.min_px and dig.max_px and dig.min_px > dig.max_px:
        raise _fail(name, f"{where}.digital", "min_px exceeds max_px")


def _acceptance(country: dict, document: dict) -> Acceptance:
    """The rules no measurement checks: the document's keys over the country's, over ICAO's."""
    merged = {**country, **document}  # the schema asks each level for its own sources
    return Acceptance(
        taken_by=merged.get("taken_by", "unstated"),
        exceptions=dict(merged.get("exceptions") or {}),
        recent_months=merged.get("recent_months", DEFAULT_RECENT[0]),
        children=dict(merged.get("children") or {}),
        source=merged.get("source", ""),
        recent_source=merged.get("recent_source", DEFAULT_RECENT[1]),
        children_source=merged.get("children_source", ""),
    )


def _document(
    name: str,
    country: str,
    index: int,
    raw: dict[str, Any],
    inherited: dict | None = None,
    inherited_expression: dict | None = None,
    inherited_acceptance: dict | None = None,
) -> DocumentSpec:
    where = f"documents[{index}]"
    if not raw["id"].startswith(country + "-"):
        raise _fail(name, f"{where}.id", f"{raw['id']!r} must start with '{country}-'")
    digital = None
    if raw["digital"] is not None:
        digital = Digital(**raw["digital"], formats=tuple(raw["formats"]))
    replacement = raw.get("background_replacement") or inherited
    rule, source = (
        (replacement["rule"], replacement["source"]) if replacement else DEFAULT_REPLACEMENT
    )
    expression = raw.get("expression") or inherited_expression
    face_rule, face_source = (
        (expression["rule"], expression["source"]) if expression else DEFAULT_EXPRESSION
    )
    acceptance = _acceptance(inherited_acceptance or {}, raw.get("acceptance") or {})
    doc = DocumentSpec(
        id=raw["id"],
        country=country,
        name=dict(raw["name"]),
        width_mm=raw["width_mm"],
        height_mm=raw["height_mm"],
        dpi=raw["dpi"],
        head_height_mm=(raw["head_height_mm"][0], raw["head_height_mm"][1]),
        head_measure=raw["head_measure"],
        eye_line_mm=_range(raw["eye_line_mm"]),
        crown_gap_mm=raw.get("crown_gap_mm"),
        background=tuple(c.lower() for c in raw["background"]),
        glasses=raw["glasses"],
        digital=digital,
        sources=tuple(raw["sources"]),
        verified=dt.date.fromisoformat(raw["verified"]),
        notes=raw.get("notes", ""),
        background_replacement=rule,
        replacement_source=source,
        expression=face_rule,
        expression_source=face_source,
        acceptance=acceptance,
    )
    _check(name, where, doc)
    return doc


def _load_from(directory: Traversable | Path) -> Catalog:
    """Load and check every ``*.yaml`` file of ``directory`` (sorted by file name)."""
    files = sorted(
        (f for f in directory.iterdir() if f.is_file() and f.name.endswith(".yaml")),
        key=lambda f: f.name,
    )
    if not files:
        raise CatalogError(f"no country files (*.yaml) in {directory}")
    docs: list[DocumentSpec] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(file.name, "(file)", f"unreadable: {exc}") from exc
        data = _read(file.name, text)
        country = data["country"]
        stem = file.name.removesuffix(".yaml")
        if stem != country:
            raise _fail(file.name, "country", f"{country!r} does not match the file name")
        for index, raw in enumerate(data["documents"]):
            doc = _document(
                file.name,
                country,
                index,
                raw,
                data.get("background_replacement"),
                data.get("expression"),
                data.get("acceptance"),
            )
            if doc.id in seen:
                raise _fail(
                    file.name, f"documents[{index}].id", f"{doc.id!r} already in {seen[doc.id]}"
                )
            seen[doc.id] = file.name
            docs.append(doc)
    return Catalog(docs)


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalogue, loaded and validated once per process."""
    return _load_from(resources.files(_PACKAGE).joinpath("data"))
