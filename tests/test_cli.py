"""The command-line contract: names, exit codes, files written and not written, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from anyidphoto import cli

from . import badfiles, photos

ANYIDPHOTO = [sys.executable, "-m", "anyidphoto.cli"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The CLI in its own process, as a user runs it."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [*ANYIDPHOTO, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def _make_args(src: Path, out: Path, report: Path, doc: str = "us-passport") -> list[str]:
    return ["make", str(src), "--doc", doc, "-o", str(out), "--report", str(report)]


@pytest.fixture(scope="module")
def portrait(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "portrait.jpg"
    path.write_bytes(photos.encode(photos.astronaut()))
    return path


def test_docs_json_lists_the_catalogue_with_the_contract_fields(capsys):
    assert cli.main(["docs", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) >= 150
    fields = {"id", "country", "name", "width_mm", "height_mm", "dpi", "head_height_mm",
              "eye_line_mm", "background", "digital", "sources", "verified"}  # fmt: skip
    for doc in docs:
        assert fields <= doc.keys(), doc["id"]
        assert doc["background"][0].startswith("#") and len(doc["background"][0]) == 7
    dv = next(d for d in docs if d["id"] == "us-dv-lottery")
    assert dv["digital"]["width_px"] == 600 and dv["digital"]["max_kb"] == 240


def test_rules_says_what_the_software_cannot_check(capsys):
    assert cli.main(["rules", "de-passport"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("de-passport: Germany — Passport\n")
    assert "  ! A photo made here is accepted only for some applications at German missions" in out
    assert "source: official-specs-2026-11.yaml entry de_passport_id" in out
    assert cli.main(["--lang", "fr", "rules", "fr-passport", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["acceptance"]["supplied_photo"] == "refused"
    assert data["notices"][0]["limits_use"] is True
    assert "ne peut pas servir" in data["notices"][0]["text"]
    with pytest.raises(SystemExit) as stop:
        cli.main(["rules", "zz-nothing"])
    assert stop.value.code == 2


def test_make_says_the_rules_before_the_work_unless_quiet(portrait, tmp_path):
    out = tmp_path / "p.jpg"
    said = run("make", str(portrait), "--doc", "ca-passport", "-o", str(out))
    assert said.returncode in (0, 1), said.stderr
    assert "  ! A photo made here cannot be used for this application." in said.stderr
    assert "commercial photographer" in said.stderr
    quiet = run("make", str(portrait), "--doc", "ca-passport", "-o", str(out), "--quiet")
    assert quiet.returncode == said.returncode
    assert "before you use" not in quiet.stderr and "commercial photographer" not in quiet.stderr
    assert "background is kept" in quiet.stderr  # what the command does is always said


def test_docs_filters_by_country(capsys):
    assert cli.main(["docs", "--country", "us", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert {d["country"] for d in docs} == {"us"}
    assert {"us-passport", "us-visa", "us-dv-lottery"} <= {d["id"] for d in docs}
    assert cli.main(["docs", "--country", "zz"]) == 2


def test_make_writes_photo_report_overlay_and_sheet_with_a_clean_stderr(portrait, tmp_path):
    out, report, overlay, sheet = (tmp_path / n for n in ("p.jpg", "p.json", "t.png", "s.pdf"))
    result = run(
        *("make", str(portrait), "--doc", "us-visa", "-o", str(out), "--report", str(report)),
        *("--annotate", str(overlay), "--sheet", "4x6", "--sheet-out", str(sheet)),
    )
    assert result.returncode == 0, result.stderr
    # Only the document's acceptance rules, said first; nothing from the model runtime.
    lines = result.stderr.splitlines()
    assert lines[0] == "anyidphoto: before you use a photo for us-visa (United States — Visa):"
    assert lines[1:] and all(line.startswith(("  * ", "  ! ")) for line in lines[1:]), lines
    data = json.loads(report.read_text())
    assert data["document"] == "us-visa"
    assert data["compliant"] is True
    assert data["output"]["bytes"] == out.stat().st_size
    with Image.open(out) as im:
        assert (im.width, im.height) == (data["output"]["width_px"], data["output"]["height_px"])
        assert 600 <= im.width <= 1200 and im.width == im.height
    for check in data["checks"]:
        assert {"id", "status", "measured", "expected", "unit", "message"} <= check.keys()
    assert overlay.exists() and sheet.read_bytes().startswith(b"%PDF")


def test_make_exits_1_when_a_check_fails_and_still_writes(tmp_path):
    src = tmp_path / "pair.jpg"
    src.write_bytes(photos.encode(photos.two_faces().pixels))
    out = tmp_path / "pair-out.jpg"
    assert cli.main(_make_args(src, out, tmp_path / "r.json")) == 1
    assert out.exists()
    report = json.loads((tmp_path / "r.json").read_text())
    assert [c["id"] for c in report["checks"] if c["status"] == "fail"] == ["face_count"]


@pytest.mark.parametrize("case", sorted(badfiles.CORPUS))
def test_unusable_inputs_exit_2_with_one_line_and_no_output(case, tmp_path):
    name, factory, words = badfiles.CORPUS[case]
    src = tmp_path / name
    src.write_bytes(factory())
    out = tmp_path / "out.jpg"
    result = run(*_make_args(src, out, tmp_path / "r.json"), "--quiet")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(src) in lines[0] and words in lines[0]
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [src]


def test_batch_writes_each_good_input_and_skips_the_bad(tmp_path, portrait):
    mirror = tmp_path / "mirror.png"
    Image.fromarray(photos.mirrored().pixels).save(mirror)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a photo")
    out = tmp_path / "out"
    result = run(
        "make",
        str(portrait),
        str(mirror),
        str(bad),
        "--doc",
        "schengen-visa",
        "--out-dir",
        str(out),
    )
    assert result.returncode == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "mirror.jpg",
        "mirror.json",
        "portrait.jpg",
        "portrait.json",
    ]
    rules, errors = result.stderr.split("\n", 1)[0], result.stderr.splitlines()[1:]
    assert rules.startswith("anyidphoto: before you use a photo for schengen-visa")
    errors = [line for line in errors if not line.startswith(("  * ", "  ! "))]
    assert len(errors) == 1 and "bad.jpg" in errors[0]
    report = json.loads((out / "portrait.json").read_text())
    assert report["document"] == "schengen-visa"


def test_check_judges_a_finished_photo_and_prints_json(tmp_path, portrait, capsys):
    out = tmp_path / "dv.jpg"
    assert cli.main(["make", str(portrait), "--doc", "us-dv-lottery", "-o", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["check", str(out), "--doc", "us-dv-lottery", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["compliant"] is True
    assert report["output"]["width_px"] == 600
    # The raw portrait is not a finished DV photo: wrong size, busy background.
    assert cli.main(["check", str(portrait), "--doc", "us-dv-lottery"]) == 1
    text = capsys.readouterr().out
    assert "NOT compliant" in text and "pixel_size" in text


@pytest.mark.parametrize(
    "args",
    [
        ["make", "x.jpg", "--doc", "no-such-doc", "-o", "o.jpg"],
        ["make", "x.jpg", "--doc", "us-passport"],
        ["make", "a.jpg", "b.jpg", "--doc", "us-passport", "-o", "o.jpg"],
        ["make", "x.jpg", "--doc", "us-passport", "-o", "o.gif"],
        ["make", "x.jpg", "--doc", "us-passport", "-o", "o.jpg", "--background", "blue"],
        ["sheet", "x.jpg", "--paper", "letter", "-o", "s.pdf"],
        [],
    ],
)
def test_usage_errors_exit_2(args, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        status = cli.main(args)
        raise SystemExit(status)
    assert info.value.code == 2
    assert not any(tmp_path.iterdir())


def test_unknown_document_suggests_a_close_id(capsys):
    with pytest.raises(SystemExit):
        cli.main(["make", "x.jpg", "--doc", "us-pasport", "-o", "o.jpg"])
    assert "us-passport" in capsys.readouterr().err


def test_batch_inputs_with_the_same_stem_are_refused_before_any_work(tmp_path, portrait):
    other = tmp_path / "b"
    other.mkdir()
    twin = other / portrait.name
    twin.write_bytes(portrait.read_bytes())
    with pytest.raises(SystemExit) as info:
        cli.main(
            [
                "make",
                str(portrait),
                str(twin),
                "--doc",
                "us-passport",
                "--out-dir",
                str(tmp_path / "o"),
            ]
        )
    assert info.value.code == 2
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("background", ["ff0000", "##ff0000", "", "#fff"])
def test_background_must_be_a_hash_and_six_hex_digits(background, portrait, tmp_path):
    with pytest.raises(SystemExit) as info:
        cli.main(
            [
                "make",
                str(portrait),
                "--doc",
                "us-passport",
                "-o",
                str(tmp_path / "o.jpg"),
                "--background",
                background,
            ]
        )
    assert info.value.code == 2
    assert not (tmp_path / "o.jpg").exists()


def test_an_output_path_that_is_a_folder_is_a_usage_error(tmp_path, portrait, capsys):
    folder = tmp_path / "taken.jpg"
    folder.mkdir()
    with pytest.raises(SystemExit) as info:
        cli.main(["make", str(portrait), "--doc", "us-passport", "-o", str(folder)])
    assert info.value.code == 2
    assert "is a folder" in capsys.readouterr().err


def test_sheet_refuses_a_photo_of_the_wrong_shape_for_the_document(tmp_path, capsys):
    wide = tmp_path / "wide.jpg"
    Image.fromarray(photos.astronaut()).resize((1500, 512)).save(wide, dpi=(72, 72))
    assert (
        cli.main(
            [
                "sheet",
                str(wide),
                "--paper",
                "4x6",
                "--doc",
                "us-passport",
                "-o",
                str(tmp_path / "s.pdf"),
            ]
        )
        == 2
    )
    assert "not the shape" in capsys.readouterr().err
    assert not (tmp_path / "s.pdf").exists()


def test_sheet_mixes_documents_from_their_written_dpi(tmp_path, portrait, capsys):
    us, visa = tmp_path / "us.jpg", tmp_path / "visa.jpg"
    assert cli.main(["make", str(portrait), "--doc", "us-passport", "-o", str(us)]) == 0
    # The sample smiles with teeth: the Schengen visa asks for a neutral
    # expression, so the photo is made and reported not compliant (exit 1).
    assert cli.main(["make", str(portrait), "--doc", "schengen-visa", "-o", str(visa)]) == 1
    assert "neutral expression" in capsys.readouterr().out
    assert visa.exists()
    assert (
        cli.main(["sheet", str(us), str(visa), "--paper", "a4", "-o", str(tmp_path / "s.jpg")]) == 0
    )
    assert "photos on A4" in capsys.readouterr().out
    with Image.open(tmp_path / "s.jpg") as im:
        assert sorted(im.size) == [2480, 3508]  # A4 at 300 DPI, whichever way holds more


def test_a_text_file_is_refused_in_plain_words(tmp_path, capsys):
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo\n")
    assert (
        cli.main(["make", str(notes), "--doc", "us-passport", "-o", str(tmp_path / "o.jpg")]) == 2
    )
    err = capsys.readouterr().err
    assert "not a readable image" in err
    assert "BytesIO" not in err and " at 0x" not in err  # no Python internals in the message


def test_a_colour_asked_for_replaces_even_a_refused_background(tmp_path):
    src = tmp_path / "in.jpg"
    src.write_bytes(photos.encode(photos.astronaut()))
    report = tmp_path / "r.json"
    run = subprocess.run(
        [sys.executable, "-m", "anyidphoto.cli", "make", str(src), "--doc", "gb-passport",
         "-o", str(tmp_path / "out.jpg"), "--report", str(report), "--background", "#eeeeee"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    edit = next(c for c in json.loads(report.read_text())["checks"] if c["id"] == "background_edit")
    assert edit["measured"] == "replaced" and edit["status"] == "fail"
    assert "refuses" not in run.stderr  # no notice that the background is kept: it is not
    # Without a colour, the refusal is said before the work, and the background kept.
    run = subprocess.run(
        [sys.executable, "-m", "anyidphoto.cli", "make", str(src), "--doc", "gb-passport",
         "-o", str(tmp_path / "kept.jpg"), "--report", str(report)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert "refuses a photo whose background was replaced" in run.stderr
    assert "kept" in json.dumps(json.loads(report.read_text())["checks"])
