"""``make bench``: the engine's speed and memory on generated 12-megapixel JPEGs.

Prints, per stage, the median milliseconds per photo on one core (the
Makefile pins the process with ``taskset -c 0`` and one thread per math
library), the whole per-photo time, and its ratio to a plain full-resolution
Pillow decode of the same files, measured in the same run. Then the peak
resident memory of a 20-photo batch through the CLI.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from skimage import data

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from anyidphoto.engine import make_photo  # noqa: E402
from anyidphoto.engine.models import get_models  # noqa: E402
from anyidphoto.engine.timing import recording  # noqa: E402

cv2.setNumThreads(1)


def portrait_12mp(seed: int) -> bytes:
    """A 4000x3000 phone-like JPEG: the sample portrait large on a textured wall."""
    rng = np.random.default_rng(seed)
    rows, cols = 3000, 4000
    base = rng.integers(150, 215, 3)
    wall = np.empty((rows, cols, 3), np.float32)
    wall[:] = base
    ramp = np.linspace(0.85, 1.1, cols, dtype=np.float32)[None, :, None]
    wall *= ramp
    wall += rng.normal(0, 4, (rows // 8, cols // 8, 3)).repeat(8, 0).repeat(8, 1)
    portrait = cv2.resize(data.astronaut(), None, fx=5.0, fy=5.0, interpolation=cv2.INTER_CUBIC)
    x0 = int(rng.integers(200, cols - portrait.shape[1] - 200))
    y0 = rows - portrait.shape[0]
    wall = np.clip(wall, 0, 255).astype(np.uint8)
    wall[y0:, x0 : x0 + portrait.shape[1]] = portrait
    buffer = io.BytesIO()
    Image.fromarray(wall).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


#: Runs the CLI and prints its own peak resident memory (``VmHWM``, kB) to
#: stderr at exit. Read from inside: the kernel's ``ru_maxrss`` for a child
#: keeps the high-water mark of the process it was forked from, so a child
#: of this (large) process would report this process's memory, not its own.
_PEAK_WRAPPER = """
import atexit, runpy, sys

def peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print("peak-kb", line.split()[1], file=sys.stderr)

atexit.register(peak)
sys.argv = ["anyidphoto", *sys.argv[1:]]
runpy.run_module("anyidphoto.cli", run_name="__main__")
"""


def batch_peak(stderr: str) -> str:
    """The CLI's own peak memory from its stderr (:data:`_PEAK_WRAPPER`), as printed."""
    for line in reversed(stderr.splitlines()):
        if line.startswith("peak-kb "):
            return f"{int(line.split()[1]) / 1024:.0f} MB"
    # No /proc (not Linux): the children's figure, which is only an upper
    # bound (see above), in kB on Linux and bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return f"at most {peak / scale:.0f} MB"


def pillow_decode_ms(blob: bytes) -> float:
    start = time.perf_counter()
    with Image.open(io.BytesIO(blob)) as im:
        im.load()
    return (time.perf_counter() - start) * 1000


def cutout_figures(doc: str) -> None:
    """The known-alpha figures (tests/cutout.py) per subject and background, percent.

    Each photo made from a person on a hard background is compared with the
    photo made from the same person on the document's colour ("plain"), and
    with the known person itself ("truth").
    """
    from tests import cutout

    print(f"\ncut-out, {doc}: share of pixels changed (remnants > dE 10 in the background,")
    print("fringe > dE 15 in the outline band, holes > dE 15 inside), percent; moved: framing px")
    header = f"{'subject':10} {'background':19} {'remnants':>8} {'fringe':>7} {'holes':>6}"
    print(f"{header} {'truth: rem':>10} {'fringe':>7} {'holes':>6} {'moved':>6}")
    totals: dict[str, list[float]] = {}
    for name in cutout.SUBJECTS:
        for background in cutout.BACKGROUNDS:
            plain = cutout.figures(name, background, doc)
            truth = cutout.figures(name, background, doc, truth=True)
            print(
                f"{name:10} {background:19} {plain.remnants:8.2f} {plain.fringe:7.2f}",
                f"{plain.holes:6.2f} {truth.remnants:10.2f} {truth.fringe:7.2f}",
                f"{truth.holes:6.2f} {plain.moved_px:6.1f}",
            )
            for key, value in (("remnants", plain.remnants), ("fringe", plain.fringe),
                               ("holes", plain.holes)):  # fmt: skip
                totals.setdefault(key, []).append(value)
    print(
        "median over all:",
        ", ".join(f"{k} {statistics.median(v):.2f} %" for k, v in totals.items()),
        "(targets: remnants 0, holes 0, fringe <= 3)",
    )


def judgement_table() -> None:
    """Per defect of the judgement set (tests/judgement.py): where ``check`` starts to fail.

    For each defect, the photo verdict at each strength on both people
    (``F``: failed, ``w``: compliant with a warning, ``.``: compliant;
    starred strengths are the ones an examiner refuses), the strength at
    which it starts to fail, the recall at the refused strengths, and each
    check that failed with the first strength at which it did. Above the
    table, the false alarms: the checks that fail on the good photos.
    """
    from tests import judgement

    print("\njudgement set, us-passport: F failed, w warned, . passed (astronaut/hopper);")
    print("* the strengths an examiner refuses; 'from': the first strength that fails")
    subjects = list(judgement.good())
    alarms = [
        c.id for s in subjects for c in judgement.judged(s, None).checks if c.status == "fail"
    ]
    print(f"good photos: {len(subjects)}, false alarms (failed checks) on them: {alarms or 'none'}")
    print(f"{'defect':12} {'strengths':56} {'from':>5} {'recall':>6} | checks failing (from)")
    caught = refused = 0
    for defect in judgement.DEFECTS:
        cells: list[str] = []
        first: dict[str, float] = {}  # check id -> first strength at which it failed
        start = None
        hits = total = 0
        for strength in defect.strengths:
            marks = ""
            for subject in subjects:
                report = judgement.judged(subject, defect.name, strength)
                failed = [c.id for c in report.checks if c.status == "fail"]
                warned = any(c.status == "warn" for c in report.checks)
                marks += "F" if failed else ("w" if warned else ".")
                for check_id in failed:
                    first.setdefault(check_id, strength)
                if failed and start is None:
                    start = strength
                if strength in defect.rejected:
                    total += 1
                    hits += bool(failed)
            star = "*" if strength in defect.rejected else ""
            cells.append(f"{strength:g}{star} {marks}")
        caught, refused = caught + hits, refused + total
        order = sorted(first, key=lambda c: defect.strengths.index(first[c]))
        checks = ", ".join(f"{c} ({first[c]:g})" for c in order)
        begins = "-" if start is None else f"{start:g}"
        print(
            f"{defect.name:12} " + " ".join(f"{c:10}" for c in cells).ljust(56),
            f"{begins:>5} {f'{hits}/{total}':>6} |",
            checks,
        )
    print(f"recall at the refused strengths: {caught}/{refused} ({100 * caught / refused:.0f} %)")


def problem_table() -> None:
    """The real problem photos (tests/judgement.py PROBLEMS): the verdict of ``make`` on each.

    Each line gives the photo, the document, ``fails`` or ``COMPLIANT``,
    whether every check an examiner names failed, and the checks that failed.
    """
    from tests import judgement

    print("\nreal problem photos (make): the checks an examiner names must fail")
    called = 0
    for problem in judgement.PROBLEMS:
        report = judgement.problem_report(problem.name, problem.doc)
        failed = [c.id for c in report.checks if c.status == "fail"] if report else ["no face"]
        verdict = "COMPLIANT" if report and report.compliant else "fails"
        called += verdict == "COMPLIANT"
        named = "yes" if set(problem.fails) <= set(failed) else "NO"
        print(f"{problem.name[:40]:40} {problem.doc:14} {verdict:9} named: {named:3} |",
              ", ".join(failed))  # fmt: skip
    print(f"called compliant: {called} of {len(judgement.PROBLEMS)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=6, help="distinct 12 MP photos (default 6)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over them (default 3)")
    parser.add_argument("--doc", default="us-passport")
    parser.add_argument("--batch", type=int, default=20, help="photos in the memory run (0: skip)")
    parser.add_argument(
        "--cutout", action=argparse.BooleanOptionalAction, default=True,
        help="the known-alpha cut-out figures per background (default: on)",
    )  # fmt: skip
    parser.add_argument(
        "--judgement", action=argparse.BooleanOptionalAction, default=True,
        help="the judgement set's table of defects caught (default: on)",
    )  # fmt: skip
    args = parser.parse_args()

    print(f"generating {args.photos} 12-megapixel JPEGs...", file=sys.stderr)
    blobs = [portrait_12mp(seed) for seed in range(args.photos)]
    models = get_models()
    make_photo(blobs[0], args.doc, models=models)  # warm caches

    stages: dict[str, list[float]] = {}
    totals, decodes = [], []
    for _ in range(args.rounds):
        for blob in blobs:
            decodes.append(pillow_decode_ms(blob))
            with recording() as record:
                start = time.perf_counter()
                make_photo(blob, args.doc, models=models)
                totals.append((time.perf_counter() - start) * 1000)
            for name, ms in record.items():
                stages.setdefault(name, []).append(ms)

    affinity = sorted(os.sched_getaffinity(0))
    print(
        f"\n{args.doc}, {args.photos} photos x {args.rounds} rounds, 4000x3000 JPEG,",
        f"cores {affinity}",
    )
    print(f"{'stage':28} {'median ms':>10}")
    for name, values in stages.items():
        print(f"{name:28} {statistics.median(values):10.1f}")
    whole, decode = statistics.median(totals), statistics.median(decodes)
    print(f"{'whole photo':28} {whole:10.1f}")
    print(f"{'Pillow full decode':28} {decode:10.1f}")
    print(f"ratio whole / decode: {whole / decode:.2f}x (target <= 2.5x)")

    if args.cutout:
        cutout_figures(args.doc)
    if args.judgement:
        judgement_table()
        problem_table()
    if args.batch:
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for i in range(args.batch):
                path = Path(tmp) / f"p{i:02d}.jpg"
                path.write_bytes(blobs[i % len(blobs)])
                paths.append(str(path))
            command = [sys.executable, "-c", _PEAK_WRAPPER, "make", *paths, "--doc", args.doc,
                       "--out-dir", str(Path(tmp) / "out")]  # fmt: skip
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if result.returncode not in (0, 1):
                print(result.stderr, file=sys.stderr)
                return 1
            peak = batch_peak(result.stderr)
        print(
            f"batch of {args.batch}: {elapsed:.1f} s in all,",
            f"peak RSS {peak} (target < 600 MB)",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
