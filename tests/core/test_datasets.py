"""Data sets, features, grids, the train/test split and CSV."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import perceptron as p

CLASSIFICATION = [name for name, (kind, _) in p.DATASETS.items() if kind == "classification"]
REGRESSION = [name for name, (kind, _) in p.DATASETS.items() if kind == "regression"]


def test_the_playground_sets_are_all_there():
    assert CLASSIFICATION == ["circle", "xor", "gauss", "spiral"]
    assert REGRESSION == ["plane", "reg_gauss"]


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classification_sets(name):
    X, y = p.make_dataset(name, n=301, seed=4)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(int(y.sum()) - 150) <= 1  # balanced
    if name != "gauss":  # normal clusters have no hard edge
        assert np.abs(X).max() <= 6
    again_X, again_y = p.make_dataset(name, n=301, seed=4)
    assert again_X.tolist() == X.tolist() and again_y.tolist() == y.tolist()
    assert p.make_dataset(name, n=301, seed=5)[0].tolist() != X.tolist()
    assert y[:20].tolist() != sorted(y[:20].tolist())  # mixed order


def test_classification_sets_are_separable_as_described():
    X, y = p.make_dataset("circle", n=400, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert (radius[y == 1] <= 2.5).all() and (radius[y == 0] >= 3.5).all()
    X, y = p.make_dataset("xor", n=400, seed=0)
    assert ((X[:, 0] * X[:, 1] > 0) == (y == 1)).all()
    X, y = p.make_dataset("gauss", n=400, seed=0)
    assert X[y == 1].mean(axis=0) == pytest.approx([2, 2], abs=0.3)
    noisy, _ = p.make_dataset("circle", n=400, noise=0.5, seed=0)
    assert np.abs(noisy).max() > 5


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_sets(name):
    X, y = p.make_dataset(name, n=200, seed=0)
    assert X.shape == (200, 2) and np.abs(X).max() <= 6
    assert np.abs(y).max() <= 1.05 and len(np.unique(y)) > 100
    noisy = p.make_dataset(name, n=200, noise=0.3, seed=0)[1]
    assert np.std(noisy - y) == pytest.approx(0.3, rel=0.25)


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="moons"), "unknown data set 'moons'"),
    (dict(name="xor", noise=0.6), "at most 0.5"),
    (dict(name="xor", noise=-0.1), "noise"),
    (dict(name="xor", n=0), "n must be"),
    (dict(name="xor", n=p.MAX_SAMPLES + 1), "MAX_SAMPLES"),
])
def test_make_dataset_rejects(kwargs, message):
    with pytest.raises(ValueError, match=message):
        p.make_dataset(**kwargs)


def test_train_test_split():
    X, y = p.make_dataset("xor", n=100, seed=0)
    X_train, X_test, y_train, y_test = p.train_test_split(X, y, test_ratio=0.3, seed=1)
    assert len(X_test) == 30 and len(X_train) == 70 and len(y_test) == 30
    rows = {tuple(r) for r in X_train} | {tuple(r) for r in X_test}
    assert len(rows) == 100
    assert p.train_test_split(X, y, 0.3, seed=1)[1].tolist() == X_test.tolist()
    for ratio in (0.0, 1.0, 0.001, 1.5):
        with pytest.raises(ValueError, match="test_ratio"):
            p.train_test_split(X, y, test_ratio=ratio)
    with pytest.raises(ValueError, match="one row per sample"):
        p.train_test_split(X, y[:5])


def test_features():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    F = p.add_features(X, ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"])
    assert F[1].tolist() == pytest.approx([-3, 0.5, 9, 0.25, -1.5, np.sin(-3), np.sin(0.5)])
    assert list(p.FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]
    assert p.add_features(X, ["x1x2"]).shape == (2, 1)
    with pytest.raises(ValueError, match="unknown feature 'x3'"):
        p.add_features(X, ["x1", "x3"])
    with pytest.raises(ValueError, match="non-empty list"):
        p.add_features(X, [])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        p.add_features(np.zeros((3, 3)), ["x1"])


def test_grid_is_in_image_order_and_feeds_one_call():
    points = p.grid((-6, 6), (-6, 6), n=5)
    assert points.shape == (25, 2)
    assert points[0].tolist() == [-6, 6] and points[4].tolist() == [6, 6] and points[-1].tolist() == [6, -6]
    net = p.Network.random([2, 3, 1], seed=0)
    output, activations = p.feedforward(net, points, return_activations=True)
    assert output.shape == (25, 1) and [a.shape for a in activations] == [(25, 3), (25, 1)]
    image = output.reshape(5, 5)
    assert image[0, 4] == pytest.approx(p.feedforward(net, [6, 6])[0])
    with pytest.raises(ValueError, match="xlim"):
        p.grid((1, 1), (-6, 6))
    with pytest.raises(ValueError, match="MAX_SAMPLES"):
        p.grid(n=1000)


PEOPLE_CSV = """name,weight,height,female
Alice,-2,-1,1
Bob,25,6,0

"Charlie, Jr.",17,4,0
Diana,-15,-6,1
"""


def test_parse_csv_reads_the_people():
    table = p.parse_csv(PEOPLE_CSV)
    X, y, _ = p.people()
    assert table.X.tolist() == X.tolist() and table.y.tolist() == y.tolist()
    assert table.features == ["weight", "height"] and table.label == "female"
    assert table.text == {"name": ["Alice", "Bob", "Charlie, Jr.", "Diana"]}


def test_parse_csv_finds_a_label_column_by_name():
    table = p.parse_csv("Y,a,b\n1,2,3\n0,5,6\n")
    assert table.label == "Y" and table.features == ["a", "b"] and table.y.tolist() == [1, 0]


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("\n  \n", "empty"),
    ("a,b,label\n", "no data rows"),
    ("1,2,3\n4,5,6\n", "line 1 must be a header"),
    ("a,,label\n1,2,3\n", "every column needs a name"),
    ("a,a,label\n1,2,3\n", "names must differ"),
    ("a,b,label\n1,2,3\n4,5\n", "line 3: 2 cells, but the header has 3 columns"),
    ("a,b,label\n1,2,3\n\n4,x,6\n", "line 4, column 'b': 'x' is not a finite number"),
    ("a,b,label\n1,,3\n4,5,6\n", "line 2, column 'b': empty cell"),
    ("a,b,label\n1,,3\n", "line 2, column 'b': empty cell"),
    ("a,b,label\n1,nan,3\n", "'nan' is not a finite number"),
    ("a,b,label\n1,2,M\n3,4,F\n", "label column 'label' has no numbers"),
    ("name,label\nAl,1\n", "no numeric feature columns"),
    ("a,label\n" + "1,0\n" * (p.MAX_SAMPLES + 1), "MAX_SAMPLES"),
])
def test_parse_csv_errors(text, message):
    with pytest.raises(ValueError, match=message):
        p.parse_csv(text)


def test_parse_csv_needs_text():
    with pytest.raises(ValueError, match="must be text"):
        p.parse_csv(b"a,b\n1,2\n")


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(float, st.tuples(st.integers(1, 8), st.integers(1, 3)),
                  elements=st.floats(-1e6, 1e6, allow_nan=False)),
       st.integers(0, 1000))
def test_csv_round_trip(X, seed):
    y = np.random.default_rng(seed).integers(0, 2, len(X)).astype(float)
    table = p.parse_csv(p.to_csv(X, y))
    assert table.X.tolist() == X.tolist() and table.y.tolist() == y.tolist()
    assert table.features == [f"x{i + 1}" for i in range(X.shape[1])] and table.label == "label"


def test_to_csv_names():
    text = p.to_csv([[1.5, 2.0]], [1.0], names=["weight", "height", "female"])
    assert text == "weight,height,female\n1.5,2.0,1.0\n"
    with pytest.raises(ValueError, match="names"):
        p.to_csv([[1.5, 2.0]], [1.0], names=["only"])
