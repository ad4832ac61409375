"""Data: the lesson's people, 2-D sets in the manner of TF Playground, input features, grids, CSV."""
import csv
import io
import math
from functools import partial
from typing import NamedTuple

import numpy as np

from . import validate
from .validate import InputError
from .lesson import PEOPLE

DOMAIN = (-6.0, 6.0)
"""The plane the 2-D data sets are drawn on, TF Playground's view: every point but gauss's outliers is in it."""


def people(shifted=True):
    """The lesson's training set.

    Parameters
    ----------
    shifted : bool
        Inputs as the lesson feeds them (weight - 135 lb, height - 66 in), or raw lb and in.

    Returns
    -------
    X : ndarray, shape (4, 2)
    y : ndarray, shape (4,), female = 1
    names : list of str
    """
    X = np.array([p.shifted if shifted else (p.weight_lb, p.height_in) for p in PEOPLE], dtype=float)
    return X, np.array([p.female for p in PEOPLE], dtype=float), [p.name for p in PEOPLE]


# The generators follow TF Playground's src/dataset.ts (github.com/tensorflow/playground): the same shapes,
# label noise, spread, targets and spacing, with its labels -1 and +1 as 0 and 1. numpy draws the numbers, so
# the points are TF's in distribution, not one for one.

def _halves(n):
    """Sizes of the two classes: the label-1 half first, as TF generates them."""
    return n - n // 2, n // 2


def _jitter(rng, n, noise, radius):
    """Offsets U(-radius, radius) * noise for each coordinate: where TF reads a label off a noisy position."""
    return rng.uniform(-radius, radius, (n, 2)) * noise


def _ring(rng, n, r_min, r_max):
    """n points at radius U(r_min, r_max) and angle U(0, 2 pi); x1 = r sin(angle), x2 = r cos(angle) as TF."""
    r, angle = rng.uniform(r_min, r_max, n), rng.uniform(0, 2 * math.pi, n)
    return np.column_stack([r * np.sin(angle), r * np.cos(angle)])


def _circle(rng, n, noise):
    """Half the points at radius U(0, 2.5), half at U(3.5, 5); the label of a point p is 1 if
    |p + e| < 2.5, else 0, with e = U(-5, 5) * noise per coordinate: noise flips labels, the points stay."""
    inner, outer = _halves(n)
    X = np.vstack([_ring(rng, inner, 0, 2.5), _ring(rng, outer, 3.5, 5)])
    return X, np.hypot(*(X + _jitter(rng, n, noise, 5)).T) < 2.5


def _xor(rng, n, noise):
    """Each coordinate U(-5, 5) moved 0.3 away from 0 (a gap along the axes); the label is 1 if
    (x1 + e1)(x2 + e2) >= 0, else 0, with e = U(-5, 5) * noise: noise flips labels, the points stay."""
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    return X, np.prod(X + _jitter(rng, n, noise, 5), axis=1) >= 0


def _gauss(rng, n, noise):
    """Two normal clusters, label 1 around (2, 2) and 0 around (-2, -2), each coordinate of variance
    0.5 + 7 * noise (0.5 at no noise, 4 at 50 %): noise spreads the clusters into each other."""
    ones, zeros = _halves(n)
    X = rng.normal(0, math.sqrt(0.5 + 7 * noise), (n, 2)) + np.repeat([[2.0, 2.0], [-2.0, -2.0]], [ones, zeros], axis=0)
    return X, np.arange(n) < ones


def _spiral(rng, n, noise):
    """Two arms of m evenly spaced points, i = 0 .. m - 1: radius r = 5 i / m, angle t = 1.75 * 2 pi i / m
    (+ pi for the arm of label 0), at (r sin t, r cos t) + U(-1, 1) * noise per coordinate."""
    arms = []
    for m, turn in zip(_halves(n), (0.0, math.pi)):
        i = np.arange(m) / m
        r, t = 5 * i, 1.75 * 2 * math.pi * i + turn
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    ones = _halves(n)[0]
    return np.vstack(arms) + rng.uniform(-1, 1, (n, 2)) * noise, np.arange(n) < ones


def _plane(rng, n, noise):
    """Points U(-6, 6)^2; target (x1 + e1 + x2 + e2) / 10 with e = U(-6, 6) * noise: the noise is in the
    inputs the target is read from, so the target is -1.2 to 1.2 without noise."""
    X = rng.uniform(*DOMAIN, (n, 2))
    return X, (X + _jitter(rng, n, noise, 6)).sum(axis=1) / 10


_CONES = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])


def _reg_gauss(rng, n, noise):
    """Points U(-6, 6)^2; six cones of height 1 and radius 2 at (-4, 0 or 4, +-2.5), signs alternating
    (+1 at (-4, 2.5)); the target is the cone value max(0, 1 - d / 2) of largest size, signed, read at
    p + e with e = U(-6, 6) * noise. TF Playground calls this "Gaussian"; 0 between the cones."""
    X = rng.uniform(*DOMAIN, (n, 2))
    d = np.linalg.norm((X + _jitter(rng, n, noise, 6))[:, None, :] - _CONES[:, :2], axis=2)
    values = _CONES[:, 2] * np.clip(1 - d / 2, 0, 1)
    return X, values[np.arange(n), np.abs(values).argmax(axis=1)]


DATASETS = {
    "circle": ("classification", _circle),
    "xor": ("classification", _xor),
    "gauss": ("classification", _gauss),
    "spiral": ("classification", _spiral),
    "plane": ("regression", _plane),
    "reg_gauss": ("regression", _reg_gauss),
}
"""Data set name -> (kind, generator(rng, n, noise) -> (X, y) in TF Playground's order, y boolean or real)."""

N_POINTS = {"classification": 500, "regression": 1200}
"""Points of a data set by its kind when none are asked for, as TF Playground."""


# Sets of many classes, for a softmax output: not TF Playground's, but drawn in its manner, on its plane.

def _class_sizes(n, k):
    """Sizes of k balanced classes: the first n % k classes get one point more."""
    return [n // k + (c < n % k) for c in range(k)]


def _blobs(rng, n, noise, k):
    """k normal clusters, class c around radius 3.5 at angle 2 pi c / k from the top (x1 = r sin, x2 = r cos, as
    `_ring`), each coordinate of variance 0.5 + 7 * noise as `_gauss`: noise spreads the clusters into each other."""
    sizes = _class_sizes(n, k)
    angle = 2 * math.pi * np.arange(k) / k
    centres = 3.5 * np.column_stack([np.sin(angle), np.cos(angle)])
    y = np.repeat(np.arange(k), sizes)
    return centres[y] + rng.normal(0, math.sqrt(0.5 + 7 * noise), (n, 2)), y


def _spirals(rng, n, noise, k):
    """k arms in the manner of `_spiral`: arm c has m evenly spaced points, i = 0 .. m - 1, radius r = 5 i / m,
    angle t = 1.75 * 2 pi i / m + 2 pi c / k, at (r sin t, r cos t) + U(-1, 1) * noise per coordinate."""
    sizes = _class_sizes(n, k)
    arms = []
    for c, m in enumerate(sizes):
        i = np.arange(m) / m
        r, t = 5 * i, 1.75 * 2 * math.pi * i + 2 * math.pi * c / k
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    return np.vstack(arms) + rng.uniform(-1, 1, (n, 2)) * noise, np.repeat(np.arange(k), sizes)


MULTICLASS_DATASETS = {"blobs": _blobs, "spirals": _spirals}
"""Data set name -> generator(rng, n, noise, k) -> (X, y), y the class indices 0 .. k - 1 in class order."""

MAX_CLASSES = 10
"""Most classes a many-class set is drawn with."""


def make_dataset(name, n=None, noise=0.0, seed=0, classes=None):
    """A 2-D data set as TF Playground generates it (its src/dataset.ts), or one of many classes in its manner,
    reproducible from the seed.

    Each generator's docstring gives its formulas. Labels are TF's with -1 as 0 and +1 as 1. The
    points are drawn with numpy, so they follow TF's distributions but are not its very numbers.

    Parameters
    ----------
    name : str
        A key of `DATASETS`: "circle", "xor", "gauss", "spiral" (labels 0/1) or
        "plane", "reg_gauss" (real targets, about -1 to 1); or of `MULTICLASS_DATASETS`:
        "blobs", "spirals" (class indices 0 .. classes - 1, for loss "cce").
    n : int, optional
        Number of points: by default 500 for classification and 1200 for
        regression (TF's). Classes are balanced (the label-1 class gets the odd point;
        of many classes, the first ones get one each).
    noise : float
        0 to 0.5, TF Playground's 0 to 50 %: circle and xor flip labels near the
        boundary, gauss and blobs widen their clusters, spiral and spirals move each
        coordinate by up to noise, plane and reg_gauss read the target at a moved point.
    seed : int, numpy Generator or None
    classes : int, optional
        How many classes a set of `MULTICLASS_DATASETS` has, 2 to `MAX_CLASSES` (3 by default); only for those.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n,), in random order
    """
    validate.name(name, {**DATASETS, **MULTICLASS_DATASETS}, "data set")
    if name in MULTICLASS_DATASETS:
        k = validate.count(3 if classes is None else classes, "classes", minimum=2)
        if k > MAX_CLASSES:
            raise ValueError(f"classes must be at most {MAX_CLASSES}, got {k}")
        kind, generate = "classification", partial(MULTICLASS_DATASETS[name], k=k)
    elif classes is not None:
        raise ValueError(f"the {name!r} data set has no choice of classes")
    else:
        kind, generate = DATASETS[name]
    n = validate.count(N_POINTS[kind] if n is None else n, "n")
    validate.n_samples(n, "the data set")
    noise = validate.number(noise, "noise", minimum=0.0)
    if noise > 0.5:
        raise ValueError(f"noise must be at most 0.5 (50 %), got {noise!r}")
    rng = validate.rng(seed)
    X, y = generate(rng, n, noise)
    order = rng.permutation(n)
    return X[order], y[order].astype(float)


def train_test_split(X, y, test_ratio=0.5, seed=0):
    """Split samples at random into a training and a test set.

    Parameters
    ----------
    X : array_like, shape (n, n_features)
    y : array_like, shape (n,) or (n, n_outputs)
    test_ratio : float
        Share of samples for the test set, in (0, 1); each side keeps at least one.
    seed : int, numpy Generator or None

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
    """
    X, y = validate.table(X, y)
    test_ratio = validate.number(test_ratio, "test_ratio", minimum=0.0, inclusive=False)
    n_test = round(len(X) * test_ratio)
    if not 1 <= n_test < len(X):
        raise ValueError(f"test_ratio {test_ratio} of {len(X)} samples leaves one side empty")
    order = validate.rng(seed).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sin_x1": lambda X: np.sin(X[:, 0]),
    "sin_x2": lambda X: np.sin(X[:, 1]),
}
"""Input feature name -> function of the 2-D points X (n, 2), as TF Playground's input nodes."""


def add_features(X, names):
    """The network's input built from 2-D points, one column per feature.

    Parameters
    ----------
    X : array_like, shape (n, 2)
    names : list of str
        Keys of `FEATURES`, in the column order wanted, e.g. ["x1", "x2", "x1x2"].

    Returns
    -------
    ndarray, shape (n, len(names))
    """
    X = validate.array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"features are computed from 2-D points of shape (n, 2), got shape {X.shape}")
    validate.n_samples(len(X), "X")
    if isinstance(names, str) or not names:
        raise ValueError("names must be a non-empty list of feature names")
    return np.column_stack([FEATURES[validate.name(f, FEATURES, "feature")](X) for f in names])


def grid(xlim=DOMAIN, ylim=DOMAIN, n=100):
    """Points of an n x n grid, for drawing a heatmap with one feedforward call.

    Parameters
    ----------
    xlim, ylim : (float, float)
    n : int
        Points per side, at least 2; n * n may not exceed MAX_SAMPLES.

    Returns
    -------
    ndarray, shape (n * n, 2)
        Image order: row by row from the top (y = ylim[1]) down, each row from
        x = xlim[0] to xlim[1]; so ``output.reshape(n, n)[row, col]`` is a pixel.
    """
    (x0, x1), (y0, y1) = validate.interval(xlim, "xlim"), validate.interval(ylim, "ylim")
    n = validate.count(n, "n", minimum=2)
    validate.n_samples(n * n, "the grid")
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y1, y0, n))
    return np.column_stack([gx.ravel(), gy.ravel()])


class Table(NamedTuple):
    """A parsed CSV file.

    Attributes
    ----------
    X : ndarray, shape (n, n_features)
    y : ndarray, shape (n,)
    features : list of str, the names of the columns of X
    label : str, the name of the label column
    text : dict of str to list of str, the non-numeric columns (e.g. names)
    """

    X: np.ndarray
    y: np.ndarray
    features: list
    label: str
    text: dict


def _number(cell):
    """The cell's value as a float (maybe nan or inf), or None if it is no number."""
    try:
        return float(cell)
    except ValueError:
        return None


def parse_csv(text):
    """Read a data set from CSV text.

    The first line names the columns. Columns of numbers are features, except
    the label: the column named "label" or "y" (any case), else the last one.
    Columns with no number at all (e.g. names) are returned apart in ``text``.

    Parameters
    ----------
    text : str

    Returns
    -------
    Table

    Raises
    ------
    ValueError
        Naming the line and column of a bad cell, or saying the file is empty,
        has rows of the wrong length, too many rows or no usable columns.
    """
    if not isinstance(text, str):
        raise ValueError(f"CSV must be text, got {type(text).__name__}")
    reader = csv.reader(io.StringIO(text))
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):  # blank lines are skipped
            rows.append((reader.line_num, [cell.strip() for cell in cells]))
            validate.n_samples(len(rows) - 1, "the CSV file")
    if not rows:
        raise InputError("csv.empty")
    (_, header), body = rows[0], rows[1:]
    if all(_number(name) is not None for name in header):
        raise InputError("csv.header_numbers")
    if "" in header or len(set(header)) != len(header):
        raise InputError("csv.header_names")
    if not body:
        raise InputError("csv.no_rows")
    for line, cells in body:
        if len(cells) != len(header):
            raise InputError("csv.ragged", line=line, cells=len(cells), columns=len(header))

    numeric, text_columns = {}, {}
    for name, cells in zip(header, zip(*(cells for _, cells in body))):
        values = [_number(cell) for cell in cells]
        if all(value is None for value in values) and any(cells):
            text_columns[name] = list(cells)
            continue
        for (line, _), cell, value in zip(body, cells, values):
            if value is None or not math.isfinite(value):
                raise InputError("csv.empty_cell" if not cell else "csv.not_a_number", line=line, column=name,
                                 cell=cell)
        numeric[name] = values

    named = [name for name in header if name.lower() in ("label", "y")]
    label = named[0] if named else header[-1]
    if label not in numeric:
        raise InputError("csv.label_text", label=label)
    features = [name for name in numeric if name != label]
    if not features:
        raise InputError("csv.no_features")
    X = np.array([numeric[name] for name in features]).T
    return Table(X, np.array(numeric[label]), features, label, text_columns)


def to_csv(X, y, names=None):
    """CSV text of a data set, readable by `parse_csv`.

    Parameters
    ----------
    X : array_like, shape (n, n_features)
    y : array_like, shape (n,)
    names : list of str, optional
        Feature column names (default x1, x2, ...), optionally followed by the
        label column's name (default "label").

    Returns
    -------
    str
    """
    X, y = validate.table(X, y)
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,), got {y.shape}")
    names = [f"x{i + 1}" for i in range(X.shape[1])] if names is None else list(names)
    if len(names) == X.shape[1]:
        names.append("label")
    if len(names) != X.shape[1] + 1:
        raise ValueError(f"names must name the {X.shape[1]} feature columns, and optionally the label")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([*map(repr, row), repr(label)] for row, label in zip(X.tolist(), y.tolist()))
    return out.getvalue()
