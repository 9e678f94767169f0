"""The report's words: every outcome in English and French, with the same parameters."""

from __future__ import annotations

import json
import string

import pytest

from anyidphoto import cli
from anyidphoto.engine.messages import LANGUAGES, MESSAGES, render

from .. import photos
from ..conftest import made


def _leaves():
    for code, entry in MESSAGES.items():
        if "by" in entry:
            for value, texts in entry.items():
                if value != "by":
                    yield f"{code}[{value}]", texts
        else:
            yield code, entry


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code, texts", list(_leaves()), ids=[c for c, _ in _leaves()])
def test_every_outcome_is_written_in_each_language_with_the_same_parameters(code, texts):
    assert set(texts) == set(LANGUAGES)
    en, fr = texts["en"], texts["fr"]
    assert en.message and fr.message
    assert _fields(en.message) == _fields(fr.message)
    assert _fields(en.advice) == _fields(fr.advice)
    assert bool(en.advice) == bool(fr.advice)


def test_every_code_in_a_real_report_renders_in_french():
    for variant in ("original", "two-faces", "head-cut"):
        photo, _ = made(variant, "us-passport")
        for check in photo.report.checks:
            text = render(check.code, check.params, "fr")
            assert (
                text.message and text.message != check.message or check.code.endswith("size.pass")
            )


def test_the_cli_writes_the_report_in_french_when_asked(tmp_path):
    src = tmp_path / "p.jpg"
    src.write_bytes(photos.encode(photos.astronaut()))
    report = tmp_path / "r.json"
    status = cli.main(
        [
            "--lang",
            "fr",
            "make",
            str(src),
            "--doc",
            "schengen-visa",
            "-o",
            str(tmp_path / "o.jpg"),
            "--report",
            str(report),
        ]
    )
    assert status in (0, 1)
    data = json.loads(report.read_text(encoding="utf-8"))
    head = next(c for c in data["checks"] if c["id"] == "head_height")
    assert head["message"].startswith("Tête ")
    assert head["code"] == "head_height.pass"
    assert data["reminders"][0].startswith("La photo doit être récente")
