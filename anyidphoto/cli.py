"""The ``anyidphoto`` command: argument parsing and printing around the engine.

Exit codes, each meaning one thing:

- 0: every output is compliant;
- 1: output written, but some check failed (the report says which);
- 2: an input could not be used (one line on stderr each, nothing written
  for it), or the command line is wrong;
- 123: an internal error (a bug): a short message and a log line.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

SUCCESS = 0
NOT_COMPLIANT = 1
UNUSABLE_INPUT = 2
INTERNAL_ERROR = 123

_PHOTO_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
_SHEET_FORMATS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg"}

log = logging.getLogger("anyidphoto")


class UsageError(Exception):
    """A command line that cannot work; exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return UNUSABLE_INPUT
    try:
        return args.handler(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2 with the usage line
    except KeyboardInterrupt:
        print("anyidphoto: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as the shell expects.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # the one place a bug becomes an exit code
        if os.environ.get("ANYIDPHOTO_DEBUG"):
            log.exception("internal error")
        print(
            f"anyidphoto: internal error ({type(exc).__name__}: {exc}); please report it "
            "with the command you ran (ANYIDPHOTO_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
    return INTERNAL_ERROR  # pragma: no cover - parser.error exits


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anyidphoto",
        description="Passport, visa and ID photos that the authority accepts.",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "fr"),
        default=_default_language(),
        help="language of reports and messages (default: from LANG, else en)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    docs = sub.add_parser("docs", help="list the documents of the catalogue")
    docs.add_argument("--country", metavar="CC", help="only this country (e.g. us, fr, schengen)")
    docs.add_argument("--json", action="store_true", help="print JSON")
    docs.set_defaults(handler=_docs)

    rules = sub.add_parser(
        "rules", help="what a document's authority asks that no measurement can check"
    )
    rules.add_argument("doc", metavar="ID", help="document id (see 'docs')")
    rules.add_argument("--json", action="store_true", help="print JSON")
    rules.set_defaults(handler=_rules)

    make = sub.add_parser("make", help="make document photos from portraits")
    make.add_argument("inputs", nargs="+", metavar="INPUT", help="portrait files")
    make.add_argument("--doc", required=True, metavar="ID", help="document id (see 'docs')")
    make.add_argument("-o", "--output", metavar="OUT", help="photo to write (.jpg or .png)")
    make.add_argument("--out-dir", metavar="DIR", help="batch: write DIR/<stem>.jpg and .json")
    make.add_argument("--report", metavar="REPORT.json", help="write the report as JSON")
    make.add_argument("--background", metavar="#RRGGBB", help="background colour")
    keep = make.add_mutually_exclusive_group()
    keep.add_argument(
        "--keep-background",
        dest="keep_background",
        action="store_const",
        const=True,
        help="keep the photo's own background, its brightness evened out "
        "(the default where the document refuses a replaced one)",
    )
    keep.add_argument(
        "--replace-background",
        dest="keep_background",
        action="store_const",
        const=False,
        help="replace the background even where the document refuses it",
    )
    make.add_argument("--annotate", metavar="OVERLAY.png", help="also write the template overlay")
    make.add_argument("--sheet", metavar="PAPER", help="also lay out a print sheet on PAPER")
    make.add_argument("--sheet-out", metavar="SHEET", help="the print sheet (.pdf or .jpg)")
    make.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="do not print the document's acceptance rules first (see 'rules ID')",
    )
    make.set_defaults(handler=_make)

    check = sub.add_parser("check", help="judge a finished photo as it is")
    check.add_argument("input", metavar="INPUT")
    check.add_argument("--doc", required=True, metavar="ID")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(handler=_check)

    sheet = sub.add_parser("sheet", help="lay out finished photos on a print sheet")
    sheet.add_argument("photos", nargs="+", metavar="PHOTO")
    sheet.add_argument(
        "--paper", required=True, metavar="PAPER", help="4x6, 5x7, 10x15, 13x18, a4, a6"
    )
    sheet.add_argument("-o", "--output", required=True, metavar="SHEET", help=".pdf or .jpg")
    sheet.add_argument("--doc", metavar="ID", help="size of photos whose file has no DPI")
    sheet.set_defaults(handler=_sheet)
    return parser


# ---------------------------------------------------------------------- docs


def _docs(args: argparse.Namespace) -> int:
    from .specs import load_catalog

    catalog = load_catalog()
    docs = catalog.search(country=args.country) if args.country else list(catalog)
    if args.country and not docs:
        print(f"anyidphoto: no documents for country {args.country!r}", file=sys.stderr)
        return UNUSABLE_INPUT
    if args.json:
        json.dump([d.to_dict() for d in docs], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return SUCCESS
    for d in docs:
        size = f"{d.width_mm:g}x{d.height_mm:g} mm"
        head = f"head {d.head_height_mm[0]:g}-{d.head_height_mm[1]:g} mm"
        print(f"{d.id:28} {size:14} {head:18} {d.display_name()}")
    return SUCCESS


# --------------------------------------------------------------------- rules


def _rules(args: argparse.Namespace) -> int:
    from .specs import load_catalog, notices

    spec = _lookup(load_catalog(), args.doc)
    found = notices(spec, args.lang)
    if args.json:
        rows = [
            {"kind": n.kind, "text": n.text, "source": n.source, "limits_use": n.limits_use}
            for n in found
        ]
        json.dump(
            {"document": spec.id, "acceptance": spec.acceptance.to_dict(), "notices": rows},
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return SUCCESS
    print(f"{spec.id}: {spec.display_name(args.lang)}")
    for n in found:
        print(_notice_line(n))
        if n.source:
            print(f"      source: {n.source}")
    return SUCCESS


def _notice_line(notice) -> str:
    """One rule as printed: ``!`` where it limits what the photo can be used for."""
    return f"  {'!' if notice.limits_use else '*'} {notice.text}"


def _rules_before(spec, language: str) -> str:
    """The acceptance rules printed before a photo is made (the background said apart)."""
    from .specs import notices

    lines = [f"anyidphoto: before you use a photo for {spec.id} ({spec.display_name(language)}):"]
    # The background is said after, knowing what the flags ask for.
    lines += [_notice_line(n) for n in notices(spec, language) if n.kind != "background"]
    return "\n".join(lines)


# ---------------------------------------------------------------------- make


def _make(args: argparse.Namespace) -> int:
    from . import engine
    from .engine import annotate
    from .specs import load_catalog

    spec = _lookup(load_catalog(), args.doc)
    batch = args.out_dir is not None
    if len(args.inputs) > 1 and not batch:
        raise UsageError("several inputs need --out-dir DIR")
    if batch and (args.output or args.report or args.annotate):
        raise UsageError("--out-dir writes DIR/<stem>.jpg and .json; drop -o/--report/--annotate")
    if not batch and not args.output:
        raise UsageError("say where to write the photo: -o OUT.jpg")
    fmt = "jpeg" if batch else _suffix_format(args.output, _PHOTO_FORMATS, "-o")
    if bool(args.sheet) != bool(args.sheet_out):
        raise UsageError("--sheet PAPER and --sheet-out SHEET go together")
    paper = _paper(args.sheet) if args.sheet else None
    sheet_fmt = (
        _suffix_format(args.sheet_out, _SHEET_FORMATS, "--sheet-out") if args.sheet else None
    )
    if args.background is not None:
        _colour(args.background)
        if args.keep_background:
            raise UsageError("--background and --keep-background do not go together")
    plan = _plan_outputs(args, batch)
    if args.background is not None and args.keep_background is None:
        args.keep_background = False  # a colour asked for is a background replaced
    if not args.quiet:
        print(_rules_before(spec, args.lang), file=sys.stderr)
    if spec.background_replacement == "refused" and args.keep_background is None:
        print(
            f"anyidphoto: {spec.id} refuses a photo whose background was replaced "
            f"({spec.replacement_source}); your photo's own background is kept, so stand "
            "in front of a plain, light wall (--replace-background replaces it anyway)",
            file=sys.stderr,
        )

    from .engine import Tile

    status = SUCCESS
    tiles: list[Tile] = []
    progress = _progress(args.inputs)
    for path, (out, report_path) in zip(progress, plan, strict=True):
        try:
            photo = engine.make_photo(
                path,
                spec,
                background=args.background,
                keep_background=args.keep_background,
                fmt=fmt,
            )
        except engine.InputError as exc:
            _say(progress, f"anyidphoto: {exc}")
            status = UNUSABLE_INPUT
            continue
        files = [(out, photo.file.data)]
        if report_path is not None:
            files.append((report_path, _report_json(photo.report, args.lang)))
        if args.annotate and not batch:
            overlay = annotate(photo.image, photo.alpha, photo.face, spec, photo.canvas)
            files.append((Path(args.annotate), _png(overlay)))
        try:
            _write_all(files)
        except OSError as exc:
            _say(progress, f"anyidphoto: {exc.filename or out}: cannot write ({exc.strerror})")
            status = UNUSABLE_INPUT
            continue
        if paper is not None:
            tiles.append(Tile(photo.image, spec.width_mm, spec.height_mm))
        _say(progress, _summary(path, out, photo.report, args.lang), stream=sys.stdout)
        if not photo.report.compliant and status == SUCCESS:
            status = NOT_COMPLIANT
    if paper is not None and tiles:
        from .engine import render_sheet, sheet_to_jpeg, sheet_to_pdf

        sheet = render_sheet(tiles, paper)
        data = sheet_to_pdf(sheet) if sheet_fmt == "pdf" else sheet_to_jpeg(sheet)
        _write(Path(args.sheet_out), data)
        print(f"{args.sheet_out}: print sheet, {sheet.copies} photos on {paper.name}")
    return status


def _plan_outputs(args: argparse.Namespace, batch: bool) -> list[tuple[Path, Path | None]]:
    """Where each input's photo and report go; a usage error for clashes or unusable paths."""
    if batch:
        out_dir = Path(args.out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"--out-dir {out_dir}: not a folder")
        plan = [
            (out_dir / f"{Path(p).stem}.jpg", out_dir / f"{Path(p).stem}.json") for p in args.inputs
        ]
        seen: dict[Path, str] = {}
        for path, (out, _) in zip(args.inputs, plan, strict=True):
            if out in seen:
                raise UsageError(f"{seen[out]} and {path} would both write {out}; rename one")
            seen[out] = path
    else:
        plan = [(Path(args.output), Path(args.report) if args.report else None)]
    targets = [p for pair in plan for p in pair if p is not None]
    for extra in (args.annotate, args.sheet_out):
        if extra:
            targets.append(Path(extra))
    for target in targets:
        if target.is_dir():
            raise UsageError(f"{target}: is a folder; give a file name")
    return plan


def _say(progress, message: str, *, stream=None) -> None:
    """Print a line without breaking the progress bar (stderr unless ``stream``)."""
    stream = stream or sys.stderr
    write = getattr(progress, "write", None)
    if write is not None:
        write(message, file=stream)
    else:
        print(message, file=stream)


def _summary(path: str, out: Path, report, language: str = "en") -> str:
    """One line about a made photo."""
    info = report.output
    size = f"{info.width_px}x{info.height_px} px, {info.bytes / 1024:.0f} KB"
    if report.compliant:
        warns = [c.id for c in report.checks if c.status == "warn"]
        note = f"compliant ({len(warns)} warnings: {', '.join(warns)})" if warns else "compliant"
    else:
        note = "NOT compliant: " + "; ".join(c.text(language).message for c in report.failed)
    return f"{out}: {report.document}, {size}, {note}  [from {path}]"


# --------------------------------------------------------------------- check


def _check(args: argparse.Namespace) -> int:
    from . import engine
    from .specs import load_catalog

    spec = _lookup(load_catalog(), args.doc)
    try:
        report = engine.check_photo(args.input, spec)
    except engine.InputError as exc:
        print(f"anyidphoto: {exc}", file=sys.stderr)
        return UNUSABLE_INPUT
    if args.json:
        sys.stdout.write(_report_json(report, args.lang).decode())
    else:
        verdict = "compliant" if report.compliant else "NOT compliant"
        print(f"{args.input}: {report.document}: {verdict}")
        for c in report.checks:
            measured = "-" if c.measured is None else c.measured
            text = c.text(args.lang)
            line = f"  {c.status:4}  {c.id:18} {measured!s:>12} {c.unit:10} {text.message}"
            print(line + (f"  -> {text.advice}" if text.advice and c.status != "pass" else ""))
    return SUCCESS if report.compliant else NOT_COMPLIANT


# --------------------------------------------------------------------- sheet


def _sheet(args: argparse.Namespace) -> int:
    from .engine import (
        InputError,
        SheetError,
        Tile,
        decode,
        open_source,
        read_input,
        render_sheet,
        sheet_to_jpeg,
        sheet_to_pdf,
    )
    from .specs import load_catalog

    paper = _paper(args.paper)
    fmt = _suffix_format(args.output, _SHEET_FORMATS, "-o")
    fallback = _lookup(load_catalog(), args.doc) if args.doc else None
    tiles = []
    for path in args.photos:
        try:
            source = open_source(read_input(path), name=path)
            pixels = decode(source).pixels
            size = _printed_size(source, fallback)
        except InputError as exc:
            print(f"anyidphoto: {exc}", file=sys.stderr)
            return UNUSABLE_INPUT
        tiles.append(Tile(pixels, *size))
    try:
        sheet = render_sheet(tiles, paper)
    except SheetError as exc:
        print(f"anyidphoto: {exc}", file=sys.stderr)
        return UNUSABLE_INPUT
    _write(Path(args.output), sheet_to_pdf(sheet) if fmt == "pdf" else sheet_to_jpeg(sheet))
    print(f"{args.output}: {sheet.copies} photos on {paper.name}")
    return SUCCESS


def _printed_size(source, fallback) -> tuple[float, float]:
    """Printed ``(width_mm, height_mm)`` from the file's DPI, else from ``fallback``'s spec.

    Screen resolutions (72-96 DPI, which cameras and editors write by default)
    do not count as a print size.
    """
    from .engine import InputError

    if source.dpi and source.dpi > 100:
        return source.width / source.dpi * 25.4, source.height / source.dpi * 25.4
    if fallback is None:
        raise InputError(
            "no-print-size",
            f"{source.name}: the file does not say its print size (no DPI); "
            "pass --doc ID to size it",
        )
    aspect = fallback.width_mm / fallback.height_mm
    if abs(source.width / source.height - aspect) > 0.02 * aspect:
        raise InputError(
            "wrong-shape",
            f"{source.name}: {source.width}x{source.height} px is not the shape of a "
            f"{fallback.width_mm:g}x{fallback.height_mm:g} mm {fallback.id} photo",
        )
    return fallback.width_mm, fallback.height_mm


# ------------------------------------------------------------------- helpers


def _lookup(catalog, doc_id: str):
    from .specs import UnknownDocument

    try:
        return catalog.get(doc_id)
    except UnknownDocument as exc:
        raise UsageError(str(exc)) from None


def _paper(paper_id: str):
    from .specs import get_paper
    from .specs.papers import UnknownPaper

    try:
        return get_paper(paper_id)
    except UnknownPaper as exc:
        raise UsageError(str(exc)) from None


def _colour(value: str) -> None:
    from .engine import hex_to_rgb

    try:
        hex_to_rgb(value)
    except ValueError as exc:
        raise UsageError(f"--background: {exc}") from None


def _suffix_format(path: str, formats: dict[str, str], flag: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        raise UsageError(f"{flag} {path}: use one of {', '.join(sorted(set(formats)))}")
    return formats[suffix]


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` atomically: a reader never sees half a file, a failure leaves none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file or none: on a failure the ones already written are removed."""
    done: list[Path] = []
    try:
        for path, data in files:
            _write(path, data)
            done.append(path)
    except OSError:
        for path in done:
            path.unlink(missing_ok=True)
        raise


def _report_json(report, language: str = "en") -> bytes:
    return (json.dumps(report.to_dict(language), indent=2, ensure_ascii=False) + "\n").encode()


def _default_language() -> str:
    """``fr`` when the environment's locale is French, else ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def _png(rgb) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def _progress(items: list[str]):
    """``items``, with a progress bar on stderr when it is a terminal and there are several."""
    if len(items) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(items, unit="photo", file=sys.stderr, leave=False)
    return items


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
