"""Data sets (compared with TF Playground's own generators), features, grids, the train/test split and CSV."""
import math
import random

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


# ---------------------------------------------------------------- TF Playground's src/dataset.ts, in Python
# A line-by-line transcription (github.com/tensorflow/playground, src/dataset.ts), with Python's random()
# for Math.random(). Rows (x, y, label), label -1 or +1 for classification as TF has it.

def tf_uniform(rand, a, b):
    return rand() * (b - a) + a


def tf_normal(rand, mean, variance):
    while True:  # Marsaglia's polar method, as normalRandom
        v1, v2 = 2 * rand() - 1, 2 * rand() - 1
        s = v1 * v1 + v2 * v2
        if s <= 1:
            return mean + math.sqrt(variance) * math.sqrt(-2 * math.log(s) / s) * v1


def tf_two_gauss(n, noise, rand):
    variance = 0.5 + (4 - 0.5) * noise / 0.5  # d3.scale.linear().domain([0, .5]).range([0.5, 4])
    return [(tf_normal(rand, cx, variance), tf_normal(rand, cx, variance), label)
            for cx, label in ((2, 1), (-2, -1)) for _ in range(math.ceil(n / 2))]


def tf_noisy_label(x, y, noise, rand, radius, label):
    return label(x + tf_uniform(rand, -radius, radius) * noise, y + tf_uniform(rand, -radius, radius) * noise)


def tf_plane(n, noise, rand):
    rows = []
    for _ in range(n):
        x, y = tf_uniform(rand, -6, 6), tf_uniform(rand, -6, 6)
        rows.append((x, y, tf_noisy_label(x, y, noise, rand, 6, lambda a, b: (a + b) / 10)))
    return rows


TF_GAUSSIANS = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]


def tf_gaussian_label(x, y):
    label = 0
    for cx, cy, sign in TF_GAUSSIANS:
        new = sign * min(1, max(0, 1 - math.hypot(x - cx, y - cy) / 2))  # domain [0, 2] -> [1, 0], clamped
        if abs(new) > abs(label):
            label = new
    return label


def tf_reg_gaussian(n, noise, rand):
    rows = []
    for _ in range(n):
        x, y = tf_uniform(rand, -6, 6), tf_uniform(rand, -6, 6)
        rows.append((x, y, tf_noisy_label(x, y, noise, rand, 6, tf_gaussian_label)))
    return rows


def tf_spiral(n_samples, noise, rand):
    n = n_samples / 2
    rows = []
    for delta, label in ((0, 1), (math.pi, -1)):
        for i in range(math.ceil(n)):
            r, t = i / n * 5, 1.75 * i / n * 2 * math.pi + delta
            rows.append((r * math.sin(t) + tf_uniform(rand, -1, 1) * noise,
                         r * math.cos(t) + tf_uniform(rand, -1, 1) * noise, label))
    return rows


def tf_circle_label(x, y):
    return 1 if math.hypot(x, y) < 5 * 0.5 else -1


def tf_circle(n, noise, rand):
    rows = []
    for r_min, r_max in ((0, 5 * 0.5), (5 * 0.7, 5)):
        for _ in range(math.ceil(n / 2)):
            r, angle = tf_uniform(rand, r_min, r_max), tf_uniform(rand, 0, 2 * math.pi)
            x, y = r * math.sin(angle), r * math.cos(angle)
            rows.append((x, y, tf_noisy_label(x, y, noise, rand, 5, tf_circle_label)))
    return rows


def tf_xor_label(x, y):
    return 1 if x * y >= 0 else -1


def tf_xor(n, noise, rand):
    rows = []
    for _ in range(n):
        x = tf_uniform(rand, -5, 5)
        x += 0.3 if x > 0 else -0.3
        y = tf_uniform(rand, -5, 5)
        y += 0.3 if y > 0 else -0.3
        rows.append((x, y, tf_noisy_label(x, y, noise, rand, 5, tf_xor_label)))
    return rows


TF = {"circle": tf_circle, "xor": tf_xor, "gauss": tf_two_gauss, "spiral": tf_spiral,
      "plane": tf_plane, "reg_gauss": tf_reg_gaussian}
TF_N = {"classification": 500, "regression": 1200}  # NUM_SAMPLES_CLASSIFY, NUM_SAMPLES_REGRESS in playground.ts
MANY = 20_000


def tf_data(name, noise, n=MANY, seed=0):
    """TF's (X, y) with labels as the core has them (-1 -> 0, +1 -> 1)."""
    rows = np.array(TF[name](n, noise, random.Random(seed).random))
    y = rows[:, 2] if p.DATASETS[name][0] == "regression" else (rows[:, 2] > 0).astype(float)
    return rows[:, :2], y


def ours(name, noise, n=MANY, seed=0):
    return p.make_dataset(name, n=n, noise=noise, seed=seed)


NOISES = [0.0, 0.25, 0.5]
CLEAN_LABEL = {  # the label a point's position gives without noise, as TF computes it
    "circle": lambda X: np.hypot(X[:, 0], X[:, 1]) < 2.5,
    "xor": lambda X: X[:, 0] * X[:, 1] >= 0,
}


@pytest.mark.parametrize("noise", NOISES)
@pytest.mark.parametrize("name", ["circle", "xor"])
def test_noise_flips_labels_as_tf_does_and_leaves_the_points(name, noise):
    shares = [np.mean(CLEAN_LABEL[name](X) != y) for X, y in (tf_data(name, noise), ours(name, noise))]
    assert shares[1] == pytest.approx(shares[0], abs=0.012)
    if noise == 0:
        assert shares == [0, 0]
    if noise == 0.5:  # the numbers: about 24 % (circle) and 18 % (xor) across the boundary
        assert shares[1] == pytest.approx({"circle": 0.24, "xor": 0.18}[name], abs=0.02)
    X, _ = ours(name, noise)
    radius = np.hypot(X[:, 0], X[:, 1])
    if name == "circle":  # the points stay on their disc and ring whatever the noise
        assert ((radius < 2.5) | ((radius >= 3.5) & (radius <= 5))).all() and np.mean(radius < 2.5) == 0.5
    else:  # and keep XOR's 0.3 gap along the axes
        assert (np.abs(X) >= 0.3).all() and (np.abs(X) <= 5.3).all()


@pytest.mark.parametrize("noise, spread", [(0.0, 0.71), (0.25, 1.5), (0.5, 2.0)])
def test_gauss_spreads_as_tf(noise, spread):
    for X, y in (tf_data("gauss", noise), ours("gauss", noise)):
        for label, centre in ((1, 2), (0, -2)):
            assert X[y == label].mean(axis=0) == pytest.approx([centre, centre], abs=0.05)
            assert X[y == label].std(axis=0) == pytest.approx([spread, spread], rel=0.03)


def test_spiral_is_tfs_spiral_point_for_point_without_noise():
    for n in (500, 200, 40):
        X, y = tf_data("spiral", 0, n=n)
        mine = np.column_stack(ours("spiral", 0, n=n))
        assert np.allclose(sorted(map(tuple, mine)), sorted(map(tuple, np.column_stack([X, y]))), atol=1e-12)
    X, y = ours("spiral", 0, n=1000)
    r, t = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 0], X[:, 1])  # x1 = r sin t, x2 = r cos t
    turn = 1.75 * 2 * np.pi * r / 5 + np.pi * (y == 0)  # the angle grows with the radius; label 0 half a turn on
    assert np.allclose(np.angle(np.exp(1j * (t - turn)))[r > 0], 0, atol=1e-9)  # both arms start at 0
    assert sorted(r[y == 1].round(9)) == sorted(r[y == 0].round(9)) == sorted((5 * np.arange(500) / 500).round(9))


@pytest.mark.parametrize("noise", [0.25, 0.5])
def test_spiral_noise_is_tfs(noise):
    clean, _ = ours("spiral", 0, seed=3)
    noisy, y = ours("spiral", noise, seed=3)  # the same points in the same order, moved
    shift = noisy - clean
    tf_shift = tf_data("spiral", noise)[0] - tf_data("spiral", 0)[0]
    assert np.abs(shift).max() <= noise and shift.std() == pytest.approx(tf_shift.std(), rel=0.03)


@pytest.mark.parametrize("noise", NOISES)
@pytest.mark.parametrize("name", REGRESSION)
def test_regression_targets_are_tfs(name, noise):
    X, y = ours(name, noise)
    clean = {"plane": lambda X: X.sum(axis=1) / 10,
             "reg_gauss": lambda X: np.array([tf_gaussian_label(a, b) for a, b in X])}[name]
    if noise == 0:  # the very function of the position
        assert np.allclose(y, clean(X), atol=1e-12)
    tf_X, tf_y = tf_data(name, noise)
    assert np.abs(X).max() <= 6 and np.abs(tf_X).max() <= 6
    for q in (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):  # the targets' distribution and their noise
        assert np.quantile(y, q) == pytest.approx(np.quantile(tf_y, q), abs=0.03)
        assert np.quantile(y - clean(X), q) == pytest.approx(np.quantile(tf_y - clean(tf_X), q), abs=0.03)


def test_point_counts_follow_tf():
    for name, (kind, _) in p.DATASETS.items():
        assert len(p.make_dataset(name)[0]) == TF_N[kind] == p.N_POINTS[kind]
        assert len(tf_data(name, 0, n=TF_N[kind])[0]) == TF_N[kind]
        assert [len(p.make_dataset(name, n=n)[1]) for n in (1, 2, 301)] == [1, 2, 301]


@pytest.mark.parametrize("noise", NOISES)
@pytest.mark.parametrize("name", list(p.DATASETS))
def test_points_lie_in_tfs_view(name, noise):
    X, _ = ours(name, noise)
    tf_X, _ = tf_data(name, noise)
    outside = [np.mean(np.abs(A).max(axis=1) > 6) for A in (tf_X, X)]
    assert outside[1] == pytest.approx(outside[0], abs=0.005)
    if name != "gauss":  # normal clusters have no edge, in TF either
        assert outside == [0, 0]


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classification_sets(name):
    X, y = p.make_dataset(name, n=301, seed=4)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert set(np.unique(y)) == {0.0, 1.0}
    if name != "xor":  # xor's labels come from the positions
        assert int(y.sum()) == 151  # balanced, label 1 gets the odd point
    again_X, again_y = p.make_dataset(name, n=301, seed=4)
    assert again_X.tolist() == X.tolist() and again_y.tolist() == y.tolist()
    assert p.make_dataset(name, n=301, seed=5)[0].tolist() != X.tolist()
    assert y[:20].tolist() != sorted(y[:20].tolist())  # mixed order


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_sets(name):
    X, y = p.make_dataset(name, n=200, seed=0)
    assert X.shape == (200, 2) and np.abs(X).max() <= 6
    assert np.abs(y).max() <= 1.2 and len(np.unique(y)) > 100
    assert p.make_dataset(name, n=200, seed=0)[1].tolist() == y.tolist()


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


MULTICLASS = list(p.MULTICLASS_DATASETS)


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("name", MULTICLASS)
def test_many_class_sets(name, k):
    X, y = p.make_dataset(name, n=301, seed=4, classes=k)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert np.bincount(y.astype(int)).tolist() == [301 // k + (c < 301 % k) for c in range(k)]  # balanced
    again_X, again_y = p.make_dataset(name, n=301, seed=4, classes=k)
    assert again_X.tolist() == X.tolist() and again_y.tolist() == y.tolist()
    assert p.make_dataset(name, n=301, seed=5, classes=k)[0].tolist() != X.tolist()
    assert y[:20].tolist() != sorted(y[:20].tolist())  # mixed order
    assert np.mean(np.abs(X).max(axis=1) > 6) < 0.01  # on TF's plane
    X3, y3 = p.make_dataset(name)
    assert len(X3) == p.N_POINTS["classification"] and set(y3) == {0.0, 1.0, 2.0}  # 3 classes by default


def centres(k):
    angle = 2 * np.pi * np.arange(k) / k
    return 3.5 * np.column_stack([np.sin(angle), np.cos(angle)])


@pytest.mark.parametrize("k", [3, 5])
def test_blobs_are_normal_clusters_on_a_circle_that_noise_widens(k):
    X, y = p.make_dataset("blobs", n=20_000, classes=k, seed=0)
    for c, centre in enumerate(centres(k)):
        assert X[y == c].mean(axis=0) == pytest.approx(centre, abs=0.03)
        assert X[y == c].std(axis=0) == pytest.approx([math.sqrt(0.5)] * 2, rel=0.03)
    for noise in (0.1, 0.5):  # the same draws, scaled: variance 0.5 + 7 noise
        noisy, same = p.make_dataset("blobs", n=20_000, classes=k, noise=noise, seed=0)
        offsets = (noisy - centres(k)[y.astype(int)]) / math.sqrt(0.5 + 7 * noise)
        assert same.tolist() == y.tolist()
        assert offsets == pytest.approx((X - centres(k)[y.astype(int)]) / math.sqrt(0.5), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_spirals_are_arms_a_turn_apart_that_noise_jitters(k):
    X, y = p.make_dataset("spirals", n=300, classes=k, seed=0)
    r = np.hypot(*X.T)
    assert r.max() < 5 and np.unique(np.round(r[y == 0], 9)).size == np.count_nonzero(y == 0)  # evenly spaced
    # arm c at radius r has angle 1.75 * 2 pi * r / 5 + 2 pi c / k (x1 = r sin, x2 = r cos)
    off = np.arctan2(X[:, 0], X[:, 1]) - 1.75 * 2 * np.pi * r / 5 - 2 * np.pi * y / k
    assert np.abs(np.angle(np.exp(1j * off[r > 1e-9]))).max() < 1e-9
    noisy, same = p.make_dataset("spirals", n=300, classes=k, noise=0.3, seed=0)
    assert same.tolist() == y.tolist()
    assert 0.25 < np.abs(noisy - X).max() <= 0.3


def test_a_softmax_network_learns_five_blobs():
    X, y = p.make_dataset("blobs", n=500, classes=5, noise=0.05, seed=0)
    X_train, X_test, y_train, y_test = p.train_test_split(X / 6, y, test_ratio=0.3, seed=0)
    net = p.Network.random([2, 8, 5], ["tanh", "softmax"], seed=0, init="uniform")
    history = p.train(net, X_train, y_train, epochs=100, learning_rate=0.02, batch_size=10, loss="cce",
                      optimizer="adam", X_test=X_test, y_test=y_test)
    assert history.accuracy[-1] > 0.95 and history.test_accuracy[-1] > 0.95


@pytest.mark.parametrize("kwargs, message", [
    (dict(name="circle", classes=3), "no choice of classes"),
    (dict(name="blobs", classes=1), "classes must be a whole number of at least 2"),
    (dict(name="spirals", classes=2.5), "classes must be a whole number"),
    (dict(name="blobs", classes=p.MAX_CLASSES + 1), f"at most {p.MAX_CLASSES}"),
    (dict(name="moons"), "choose one of: circle, xor, gauss, spiral, plane, reg_gauss, blobs, spirals"),
])
def test_many_class_sets_reject(kwargs, message):
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
