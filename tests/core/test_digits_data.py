"""The digits page's Python side in CPython: the committed data is scikit-learn's, the split is fixed, a drawing
becomes the data set's kind of image, and the confusion matrix counts every test image once."""
import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "web" / "py"))

import digits  # noqa: E402

CSV = (ROOT / "web" / "data" / "digits.csv").read_text()


def test_the_data_is_scikit_learns_digits():
    X, y = digits.parse(CSV)
    assert X.shape == (1797, 64) and X.min() == 0 and X.max() == 1
    assert np.bincount(y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert hashlib.sha256(CSV.encode()).hexdigest() == "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"


def test_the_split_is_fixed_and_disjoint():
    train, test = digits.split(1797)
    assert len(test) == 449 and len(train) == 1348
    assert not set(train) & set(test)
    assert (test == digits.split(1797)[1]).all()


def test_a_drawing_is_fitted_into_the_bitmap_and_counted_in_blocks():
    ink = np.zeros((64, 64), int)
    ink[10:30, 40:50] = 255  # a small upright bar in a corner: twice as tall as wide
    bits = digits.bitmap(ink.ravel())
    rows, cols = np.nonzero(bits)
    assert (rows.min(), rows.max()) == (0, 31)  # its longer side fills the bitmap
    assert (cols.min(), cols.max()) == (8, 23)  # its shape kept, centred
    image = digits.downsample(bits)
    assert image.shape == (8, 8) and image.sum() == bits.sum() and image.max() == 16
    assert not digits.bitmap([0] * 64 * 64).any()


def test_the_confusion_matrix_counts_each_image_once():
    m = digits.confusion(np.array([0, 1, 1, 9]), np.array([0, 1, 7, 9]))
    assert m.sum() == 4 and m[1, 7] == 1 and np.trace(m) == 3


def test_a_training_run_passes_95_percent():
    model = digits.new_model(digits.DEFAULT_HIDDEN, seed=0)["model"]
    snapshots = list(digits.train(CSV, model, epochs=10))
    assert [s["epoch"] for s in snapshots] == list(range(1, 11))
    assert max(s["test_accuracy"] for s in snapshots) >= 0.95
    last = snapshots[-1]
    assert np.sum(last["confusion"]) == 449
    assert len(last["misclassified"]["labels"]) == 449 - np.trace(last["confusion"])
