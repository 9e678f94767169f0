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
