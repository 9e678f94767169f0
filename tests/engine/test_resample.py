"""Resampling: exact halvings, shrinking without aliasing, warps that match one exact map."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from anyidphoto.engine.resample import chain, double, halve, shrink, shrink_source, warp


def _checkerboard(rows: int, cols: int) -> np.ndarray:
    """One-pixel black and white squares: all of the image's energy at its highest frequency."""
    yy, xx = np.mgrid[0:rows, 0:cols]
    board = ((yy + xx) % 2 * 255).astype(np.uint8)
    return cv2.merge([board, board, board])


def _gradient(rows: int, cols: int) -> np.ndarray:
    """A smooth colour image, on which any resampler gives the same values."""
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    r = 128 + 100 * np.sin(xx / 29.0)
    g = 128 + 100 * np.cos(yy / 23.0)
    b = 128 + 60 * np.sin((xx + yy) / 131.0)
    return np.clip(np.dstack([r, g, b]), 0, 255).astype(np.uint8)


def test_halve_takes_the_mean_of_each_two_by_two_block_and_drops_an_odd_edge():
    image = np.arange(5 * 7, dtype=np.float32).reshape(5, 7)
    out = halve(image)
    assert out.shape == (2, 3)
    assert out[0, 0] == pytest.approx(image[0:2, 0:2].mean())
    assert out[1, 2] == pytest.approx(image[2:4, 4:6].mean())
    assert halve(image, 2).shape == (1, 1)
    assert halve(np.zeros((1, 9), np.uint8), 3).shape == (1, 9)


@pytest.mark.parametrize("rows, cols", [(531, 413), (600, 600), (7, 5)])
def test_double_puts_each_halved_pixel_back_over_the_two_it_came_from(rows, cols):
    # A linear ramp survives a halving and a doubling unchanged (bilinear is exact
    # on it) except at the outer pixels, so any half-pixel shift shows.
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    ramp = 3.0 * xx + 2.0 * yy
    back = double(halve(ramp), (cols, rows))
    assert back.shape == (rows, cols)
    assert np.abs(back - ramp)[1:-2, 1:-2].max() < 1e-3
    # A repeated last row and column are 1.5 px from the centre they copy.
    assert np.abs(back - ramp).max() <= 1.5 * (3.0 + 2.0) + 1e-3


@pytest.mark.parametrize("ratio", [0.69, 0.6, 0.52, 0.45, 0.3, 0.17])
def test_shrinking_a_fine_pattern_leaves_no_more_moire_than_an_area_average(ratio):
    board = _checkerboard(600, 800)
    size = (round(800 * ratio), round(600 * ratio))
    out = shrink(board, size)
    assert out.shape == (size[1], size[0], 3)
    assert abs(float(out.mean()) - 127.5) < 3
    # OpenCV's exact (and slow) area average is the reference...
    area = cv2.resize(board, size, interpolation=cv2.INTER_AREA)
    assert float(out.std()) <= float(area.std()) + 3
    # ...while plain bilinear sampling at the same size keeps the pattern as moire.
    sampled = cv2.resize(board, size, interpolation=cv2.INTER_LINEAR)
    assert float(sampled.std()) > 35


def test_a_shrinking_warp_keeps_every_pixel_where_the_exact_map_puts_it():
    image = _gradient(1600, 2000)
    size = (300, 260)  # inside the source at every scale: no edge to compare
    for scale in (0.62, 0.4, 0.23):
        matrix = cv2.getRotationMatrix2D((1000.0, 800.0), 7.0, scale)
        matrix[:, 2] += (size[0] / 2 - 1000.0, size[1] / 2 - 800.0)
        ours = warp(image, matrix, size).astype(np.int16)
        exact = cv2.warpAffine(image, matrix, size, flags=cv2.INTER_LINEAR).astype(np.int16)
        assert np.abs(ours - exact)[4:-4, 4:-4].max() <= 3, scale


def test_shrink_source_returns_the_map_back_to_the_original_pixels():
    image = _gradient(900, 1200)
    matrix = np.array([[0.3, 0.0, -50.0], [0.0, 0.3, -20.0]])
    shrunk, pre = shrink_source(image, matrix, (200, 150))
    assert shrunk.shape[0] < image.shape[0] / 2
    # A point of the shrunk copy, mapped back, lands on the original pixel of that colour.
    y, x = 40, 60
    sx, sy = pre @ np.array([x, y, 1.0])
    assert np.abs(shrunk[y, x].astype(int) - image[round(sy), round(sx)].astype(int)).max() <= 3
    # Nothing is copied or changed where the map does not shrink.
    same, identity = shrink_source(image, np.array([[0.9, 0, 0], [0, 0.9, 0]]), (200, 150))
    assert same is image
    assert np.array_equal(identity, [[1, 0, 0], [0, 1, 0]])


def test_chain_applies_the_last_map_first():
    shift = np.array([[1.0, 0, 5], [0, 1.0, -3]])
    double = np.array([[2.0, 0, 0], [0, 2.0, 0]])
    point = np.array([1.0, 1.0, 1.0])
    assert np.allclose(chain(double, shift) @ point, [12.0, -4.0])
    assert np.allclose(chain(shift, double) @ point, [7.0, -1.0])
