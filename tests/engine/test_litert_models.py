"""The face detectors and the person segmenter on LiteRT find what MediaPipe's own graphs
found on the same photos (``tests/engine/reference/models.json``, written by
``tools/model_references.py`` with MediaPipe 0.10.21).

Tolerances, on photos of at most 384 px: the short-range detector's boxes within
1 px and its scores within 0.01; the full-range detector's within 4 px (1 % of the
side; its merged boxes differ by up to 3.8 px here) and 0.01; the same number of
faces, but for a face whose best score is within 0.03 of the 0.5 threshold; the
person probability within 0.01 on average and 0.15 at worst (32 x 32 cells); the
face mesh's points within 0.05 px of MediaPipe's plain mesh (the same model: only
the processing could differ); the iris centres, from the iris model, within 3 % of
the distance between the eyes of the refined mesh's for nine in ten eyes, and within
20 % for all (an eye shut, where neither model sees an iris, differs most: 10 px);
the same hands, each point within 0.5 px (0.26 px at most here).
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from anyidphoto.engine import blazeface, facemesh, handmarks
from anyidphoto.engine.segmenter import segment

from .model_photos import reference_photos

_STORED = json.loads((Path(__file__).parent / "reference/models.json").read_text())
REFERENCE, MESH_SAMPLE = _STORED["photos"], _STORED["mesh_sample"]
PHOTOS = dict(reference_photos())
BORDERLINE = 0.03


def test_the_reference_covers_every_photo():
    assert set(REFERENCE) == set(PHOTOS)
    for name, rgb in PHOTOS.items():
        assert REFERENCE[name]["shape"] == list(rgb.shape[:2]), name


@pytest.mark.parametrize(
    ("key", "detector", "px"),
    [("near", blazeface.SHORT_RANGE, 1.0), ("far", blazeface.FULL_RANGE, 4.0)],
)
def test_the_detectors_find_the_same_faces(key, detector, px):
    worst, counted = 0.0, 0
    for name, rgb in PHOTOS.items():
        expected = REFERENCE[name][key]
        found = blazeface.detect(rgb, detector)
        sure = [box for box in expected if box[4] >= blazeface.MIN_SCORE + BORDERLINE]
        extra = [face for face in found if face.score >= blazeface.MIN_SCORE + BORDERLINE]
        assert len(extra) <= len(expected) and len(sure) <= len(found), name
        for box in expected:
            nearest = min(found, key=lambda face: np.abs(np.subtract(face.box, box[:4])).max())
            off = float(np.abs(np.subtract(nearest.box, box[:4])).max())
            assert off <= px, (name, box, nearest.box)
            assert abs(nearest.score - box[4]) <= 0.01, (name, box[4], nearest.score)
            worst, counted = max(worst, off), counted + 1
    assert counted >= 25  # every photo has a face, the group five


def test_the_detectors_keypoints_sit_on_the_eyes():
    rgb = PHOTOS["astronaut"]
    (face,) = blazeface.detect(rgb, blazeface.SHORT_RANGE)
    right_eye, left_eye = face.keypoints[0], face.keypoints[1]
    x0, y0, x1, y1 = face.box
    assert x0 < right_eye[0] < left_eye[0] < x1  # the person's right eye on the image's left
    assert y0 < right_eye[1] < y0 + 0.5 * (y1 - y0) and abs(right_eye[1] - left_eye[1]) < 6


def test_the_segmenter_sees_the_same_person():
    for name, rgb in PHOTOS.items():
        person = segment(rgb)
        assert person.shape == rgb.shape[:2] and person.dtype == np.float32
        cells = cv2.resize(person, (32, 32), interpolation=cv2.INTER_AREA)
        expected = np.array(REFERENCE[name]["person"], np.float32) / 100
        difference = np.abs(cells - expected)
        assert difference.mean() <= 0.01 and difference.max() <= 0.15, name


def test_no_face_on_a_blank_wall():
    wall = np.full((300, 400, 3), 200, np.uint8)
    assert blazeface.detect(wall, blazeface.SHORT_RANGE) == []
    assert blazeface.detect(wall, blazeface.FULL_RANGE) == []
    assert segment(wall).max() < 0.5


def test_the_mesh_finds_the_same_points():
    compared = 0
    for name, rgb in PHOTOS.items():
        expected = REFERENCE[name]["mesh"]
        points = facemesh.mesh(rgb)
        if expected is None:
            assert points is None, name
            continue
        assert points is not None and points.shape == (468, 3), name
        off = np.abs(points[MESH_SAMPLE] - np.array(expected))
        assert off[:, :2].max() <= 0.05 and off[:, 2].max() <= 0.1, (name, off.max(axis=0))
        compared += 1
    assert compared >= 24


def test_the_irises_sit_where_the_refined_mesh_saw_them():
    errors = []
    for name, rgb in PHOTOS.items():
        expected = REFERENCE[name]["irises"]
        points = facemesh.mesh(rgb)
        if expected is None or points is None:
            continue
        centres = facemesh.eyes(rgb, points)[1][[0, 5], :2]
        between = float(np.hypot(*np.subtract(*expected)))
        errors += list(np.hypot(*(centres - np.array(expected)).T) / between)
    assert len(errors) >= 48
    assert np.percentile(errors, 90) <= 0.03 and max(errors) <= 0.2, sorted(errors)[-5:]


def test_the_hands_are_the_same_hands():
    seen = 0
    for name, rgb in PHOTOS.items():
        expected = [np.array(hand) for hand in REFERENCE[name]["hands"]]
        found = handmarks.hands(rgb)
        assert len(found) == len(expected), name
        for hand, reference in zip(found, expected, strict=True):
            assert hand.shape == (21, 2)
            assert np.hypot(*(hand - reference).T).max() <= 0.5, name
            seen += 1
    assert seen >= 10  # the problem photos with hands on or near the face


def test_the_refined_mesh_takes_the_iris_models_eyes_and_adds_the_irises():
    rgb = PHOTOS["astronaut"]
    points = facemesh.mesh(rgb)
    contours, irises = facemesh.eyes(rgb, points)
    full = facemesh.refined(rgb, points)
    assert full.shape == (478, 3)
    for contour, indices in zip(contours, facemesh.EYE_REFINEMENT, strict=True):
        assert len(set(indices)) == 71
        np.testing.assert_allclose(full[list(indices), :2], contour[:, :2])
        np.testing.assert_allclose(full[list(indices), 2], points[list(indices), 2])
    np.testing.assert_allclose(full[468:], irises)
    untouched = sorted(set(range(468)) - set(sum(facemesh.EYE_REFINEMENT, ())))
    np.testing.assert_allclose(full[untouched], points[untouched])
    # Each iris sits between its eye's corners.
    for centre, (outer, inner) in zip((468, 473), facemesh.EYE_CORNERS, strict=True):
        low, high = sorted((full[outer, 0], full[inner, 0]))
        assert low < full[centre, 0] < high


def test_the_litert_models_answer_as_the_mediapipe_ones(monkeypatch):
    from anyidphoto.engine import models
    from anyidphoto.engine.litert_models import LiteModels

    monkeypatch.setenv("ANYIDPHOTO_MODELS", "litert")
    models.get_models.cache_clear()
    try:
        chosen = models.get_models()
    finally:
        models.get_models.cache_clear()
    assert isinstance(chosen, LiteModels)
    rgb = PHOTOS["knuckles under the chin"]
    (box,) = chosen.detect(rgb, far=False)
    assert len(box) == 5 and 0.5 <= box[4] <= 1
    assert chosen.mesh(rgb).shape == (478, 3)
    assert [hand.shape for hand in chosen.hands(rgb)] == [(21, 2)]
    person = chosen.segment(rgb)
    assert person.shape == rgb.shape[:2] and 0 <= person.min() and person.max() <= 1
