"""Many classes: a softmax output with categorical cross-entropy (cce), its stability for any logits, labels as
indices or one-hot rows, accuracy, models and bad input. Its gradients are tested with the others' in
test_gradients.py."""
import json
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perceptron as p


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(2, 4), st.integers(1, 6), st.integers(0, 1000))
def test_indices_and_one_hot_rows_are_the_same_labels(sizes, k, n, seed):
    net = p.Network.random([*sizes, k], [*["tanh"] * (len(sizes) - 1), "softmax"], seed=seed)
    rng = np.random.default_rng(seed)
    X, classes = rng.normal(size=(n, sizes[0])), rng.integers(0, k, n)
    one_hot = np.eye(k)[classes]
    gradient = lambda y: [g.tolist() for layer in p.backprop(net, X, y, "cce") for g in layer]  # noqa: E731
    assert gradient(classes) == gradient(one_hot)
    assert p.evaluate(net, X, classes, "cce") == p.evaluate(net, X, one_hot, "cce")
    kwargs = dict(epochs=3, learning_rate=0.1, loss="cce", batch_size=2, X_test=X, y_test=classes)
    twin = net.copy()
    assert p.train(net, X, classes, **kwargs) == p.train(twin, X, one_hot, **kwargs)
    assert net.params.tolist() == twin.params.tolist()


def test_chain_rule_of_a_softmax_output_starts_at_its_pre_activation():
    net = p.Network.random([2, 3, 3], ["tanh", "softmax"], seed=0)
    trace = p.backprop_trace(net, [0.5, -1.0], 2, "cce")
    chain = p.chain_rule(trace, 1, 0, 1)
    assert chain["parameter"] == "w8" and chain["sum"] is None
    assert [name for name, _ in chain["factors"]] == ["∂L/∂z_o1", "∂z_o1/∂w8"]
    assert chain["factors"][0][1] == pytest.approx(trace["y_pred"][0])  # class 2: p - y = p for o1
    hidden = p.chain_rule(trace, 0, 0, 0)
    assert [name for name, _ in hidden["factors"]] == ["∂L/∂h1", "∂h1/∂w1"]
    assert [t["neuron"] for t in hidden["sum"]] == ["o1", "o2", "o3"]


def test_softmax_is_a_distribution_and_stable_for_any_logits():
    z = np.random.default_rng(0).normal(0, 5, (6, 4))
    naive = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert p.softmax(z) == pytest.approx(naive, rel=1e-14)
    assert p.softmax(z + 1000) == pytest.approx(naive, rel=1e-12)  # only differences of z count
    assert p.log_softmax(z) == pytest.approx(np.log(naive), rel=1e-13)
    assert p.softmax(z[0]) == pytest.approx(naive[0], rel=1e-14)  # one sample, 1-D
    huge = np.array([[1e300, 0.0, -1e300], [1e308, -1e308, 0.0], [-1e308, -1e308, -1e308], [5.0, 5.0, 5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs, logs = p.softmax(huge), p.log_softmax(huge)
        assert p.cce_logits_loss(np.eye(3)[[0, 0, 2, 1]], huge) == pytest.approx(math.log(3) / 2)
        assert p.cce_logits_loss(np.eye(3)[[1]], huge[:1]) == 1e300
        assert p.cce_logits_loss(np.eye(3)[[1]], huge[1:2]) == math.inf  # 2e308: past the largest float
        assert p.cce_logits_loss(np.eye(2)[[1, 1]], [[1.7e308, 0.0]] * 2) == 1.7e308  # a mean, not a sum
    assert probs.tolist() == [[1, 0, 0], [1, 0, 0], [1 / 3] * 3, [1 / 3] * 3]
    assert logs[0].tolist() == [0.0, -1e300, -2e300] and logs[1][0] == 0.0 and logs[1][1] == -math.inf


def test_cce_from_probabilities_and_from_logits():
    rng = np.random.default_rng(1)
    z, y = rng.normal(0, 3, (5, 3)), np.eye(3)[rng.integers(0, 3, 5)]
    assert p.cce_logits_loss(y, z) == pytest.approx(p.cce_loss(y, p.softmax(z)), rel=1e-12)
    assert p.cce_loss(y, p.softmax(z)) == pytest.approx(-np.log(p.softmax(z)[y == 1]).mean(), rel=1e-12)
    # a mean over samples: one sample's loss is the sum over its classes
    assert p.cce_loss([0.0, 1.0, 0.0], [0.2, 0.5, 0.3]) == pytest.approx(-math.log(0.5))
    assert p.deriv_cce_loss(y, p.softmax(z)) == pytest.approx(-y / p.softmax(z) / 5)
    net = p.Network([([[1.0], [0.0]], [0.0, 0.0], "softmax")])
    assert p.cce_loss([[0.0, 1.0]], p.feedforward(net, [[100.0]])) == pytest.approx(27.631, abs=1e-3)
    assert p.evaluate(net, [[100.0], [-100.0]], [1, 1], "cce") == (50.0, 0.5)  # exact: 100 and 0
    history = p.train(net, [[100.0]], [1], epochs=1, learning_rate=1e-12, loss="cce")
    assert history.loss == [pytest.approx(100.0, rel=1e-9)]


def test_accuracy_is_the_share_of_samples_whose_largest_output_is_their_class():
    net = p.Network([(np.eye(3), np.zeros(3), "softmax")])  # z = x: the largest input wins
    X = np.array([[3, 1, 0], [0, 2, 1], [0, 0, 1], [5, 1, 2]], dtype=float)
    assert p.evaluate(net, X, [0, 1, 2, 2], "cce")[1] == 0.75
    assert p.evaluate(net, X, [1, 0, 0, 2], "cce")[1] == 0.0
    soft = np.array([[0.5, 0.5, 0.0]] * 4)  # probabilities, not classes: a loss but no accuracy
    assert p.evaluate(net, X, soft, "cce")[1] is None


def test_a_small_network_learns_three_classes():
    rng = np.random.default_rng(0)
    centres = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    classes = rng.integers(0, 3, 150)
    X = centres[classes] + rng.normal(0, 0.5, (150, 2))
    net = p.Network.random([2, 5, 3], ["tanh", "softmax"], seed=0, init="uniform")
    history = p.train(net, X[:100], classes[:100], epochs=30, learning_rate=0.05, batch_size=10, loss="cce",
                      optimizer="adam", X_test=X[100:], y_test=classes[100:])
    assert history.loss[-1] < history.loss[0] / 5
    assert history.accuracy[-1] > 0.95 and history.test_accuracy[-1] > 0.95
    assert p.feedforward(net, X).sum(axis=1) == pytest.approx(np.ones(150))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=3), st.integers(2, 5), st.integers(0, 1000))
def test_softmax_models_round_trip_through_json(sizes, classes, seed):
    net = p.Network.random([*sizes, classes], [*["relu"] * (len(sizes) - 1), "softmax"], seed=seed)
    again = p.Network.from_dict(json.loads(json.dumps(net.to_dict())))
    assert again.to_dict() == net.to_dict() and again.to_dict()["layers"][-1]["activation"] == "softmax"
    x = np.ones(sizes[0])
    assert p.feedforward(again, x).tolist() == p.feedforward(net, x).tolist()


NET = p.Network.random([2, 4, 3], ["tanh", "softmax"], seed=0)
X = np.array([[0.5, -1.0], [1.0, 2.0], [-0.5, 0.0]])


@pytest.mark.parametrize("call, key, params", [
    (lambda: p.Network.random([2, 3, 2], "softmax"), "model.softmax_hidden", {"layer": 0, "activation": "softmax"}),
    (lambda: p.Network.from_dict({"format": "perceptron-model", "version": 1, "layers": [
        {"weights": [[1.0]], "biases": [0.0], "activation": "softmax"},
        {"weights": [[1.0], [2.0]], "biases": [0.0, 0.0], "activation": "softmax"}]}),
     "model.softmax_hidden", {"layer": 0, "activation": "softmax"}),
    (lambda: p.evaluate(p.Network.random([2, 3], "sigmoid"), X, [0, 1, 2], "cce"), "loss.cce_output",
     {"activation": "sigmoid"}),
    (lambda: p.evaluate(NET, X, np.eye(3), "mse"), "loss.softmax_loss", {"loss": "mse"}),
    (lambda: p.train(NET.copy(), X, np.eye(3), epochs=1, learning_rate=0.1), "loss.softmax_loss", {"loss": "mse"}),
    (lambda: p.evaluate(NET, X, np.eye(3), "bce"), "loss.bce_output", {"activation": "softmax"}),
    (lambda: p.evaluate(NET, X, [0, 3, 1], "cce"), "data.class_index", {"what": "y", "value": "3", "last": 2}),
    (lambda: p.evaluate(NET, X, [0, -1, 1], "cce"), "data.class_index", {"what": "y", "value": "-1", "last": 2}),
    (lambda: p.evaluate(NET, X, [0, 1.5, 1], "cce"), "data.class_index", {"what": "y", "value": "1.5", "last": 2}),
    (lambda: p.train(NET.copy(), X, [0, 1, 2], epochs=1, learning_rate=0.1, loss="cce", X_test=X,
                     y_test=[0, 1, 7]), "data.class_index", {"what": "y_test", "value": "7", "last": 2}),
    (lambda: p.evaluate(NET, X, [[1, 0, 0], [0, 1, 1], [0, 0, 1]], "cce"), "data.one_hot", {"what": "y", "row": 1}),
    (lambda: p.evaluate(NET, X, [[1, 0, 0], [0, 1, 0], [0, 0, 0]], "cce"), "data.one_hot", {"what": "y", "row": 2}),
    (lambda: p.evaluate(NET, X, [[1.5, -0.5, 0], [0, 1, 0], [0, 0, 1]], "cce"), "data.one_hot",
     {"what": "y", "row": 0}),
    (lambda: p.evaluate(NET, X, [0, 1], "cce"), "data.labels_shape",
     {"what": "y", "shape": "(2,)", "n": 3, "outputs": 3, "expected": "(3, 3) or (3,)"}),
    (lambda: p.evaluate(NET, X, np.eye(4)[:3], "cce"), "data.labels_shape",
     {"what": "y", "shape": "(3, 4)", "n": 3, "outputs": 3, "expected": "(3, 3) or (3,)"}),
    (lambda: p.backprop_trace(NET, X[0], [0, 1], "cce"), "data.labels_shape",
     {"what": "y", "shape": "(2,)", "n": 1, "outputs": 3, "expected": "(1, 3) or (1,)"}),
])
def test_bad_input_is_an_input_error_with_a_key(call, key, params):
    with pytest.raises(p.InputError) as caught:
        call()
    assert (caught.value.key, caught.value.params) == (key, params)
    assert str(caught.value)


def test_one_sample_takes_a_class_index_or_a_one_hot_row():
    x = X[0]
    for label in (2, [2], np.int64(2), [0.0, 0.0, 1.0]):
        assert p.backprop_trace(NET, x, label, "cce")["y"] == [0.0, 0.0, 1.0]
    assert p.evaluate(NET, [x], [2], "cce") == p.evaluate(NET, x, 2, "cce")
