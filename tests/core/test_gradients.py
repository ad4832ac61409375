"""Backprop against finite differences, the one-sample trace, the chain rule and the activations."""
import math
import warnings
from unittest import mock

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import perceptron as p
from perceptron import persample
from perceptron.network import _forward


@st.composite
def problems(draw, max_width=4, max_samples=5):
    """A random network, data and loss; relu pre-activations kept off the kink at 0, and bce's and cce's
    probabilities off the clipping at 0 and 1 (where backprop's p - y is the gradient of the
    unclipped loss)."""
    sizes = draw(st.lists(st.integers(1, max_width), min_size=2, max_size=5))
    loss = draw(st.sampled_from(sorted(p.LOSSES)))
    activations = draw(st.lists(st.sampled_from(sorted(p.ACTIVATIONS)),
                                min_size=len(sizes) - 1, max_size=len(sizes) - 1))
    if loss == "bce":
        activations[-1] = "sigmoid"
    if loss == "cce":  # one-hot labels (of one class, a softmax output is a constant 1)
        activations[-1] = "softmax"
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = p.Network.random(sizes, activations, seed=seed)
    n = draw(st.integers(1, max_samples))
    X = rng.normal(size=(n, sizes[0]))
    if loss == "cce":
        y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    else:
        y = rng.integers(0, 2, (n, sizes[-1])) if loss == "bce" else rng.normal(size=(n, sizes[-1]))
    zs, acts = _forward(net, X)
    assume(all(np.abs(z).min() > 1e-3 for z, a in zip(zs, activations) if a == "relu"))
    # near p = 0 or 1 the loss is ill-conditioned in p, and finite differences with it
    assume(loss != "bce" or np.abs(zs[-1]).max() < 8)
    assume(loss != "cce" or acts[-1].min() > 1e-6)
    return net, X, y.astype(float), loss


def flat(grads):
    return np.concatenate([dW.ravel() for dW, _ in grads] + [db for _, db in grads])


def numeric_gradient(net, X, y, loss, h=1e-5):
    loss_fn = p.LOSSES[loss][0]
    grad = np.empty(net.n_params)
    for k in range(net.n_params):
        saved = net.params[k]
        net.params[k] = saved + h
        up = loss_fn(y, p.feedforward(net, X))
        net.params[k] = saved - h
        down = loss_fn(y, p.feedforward(net, X))
        net.params[k] = saved
        grad[k] = (up - down) / (2 * h)
    return grad


@settings(max_examples=150, deadline=None)
@given(problems())
def test_backprop_matches_finite_differences(problem):
    net, X, y, loss = problem
    analytic = flat(p.backprop(net, X, y, loss))
    assert analytic == pytest.approx(numeric_gradient(net, X, y, loss), rel=1e-5, abs=1e-7)


def test_gradients_have_the_parameter_shapes():
    net = p.Network.random([3, 4, 2], seed=0)
    grads = p.gradients(net, np.ones((5, 3)), np.zeros((5, 2)))
    assert [g["weights"].shape for g in grads] == [(4, 3), (2, 4)]
    assert [g["biases"].shape for g in grads] == [(4,), (2,)]


def test_gradient_is_the_mean_over_samples():
    net = p.Network.random([2, 3, 1], "tanh", seed=1)
    X, y = np.random.default_rng(1).normal(size=(4, 2)), np.array([0.1, 0.5, -0.2, 0.9])
    one_by_one = np.mean([flat(p.backprop(net, x, t)) for x, t in zip(X, y)], axis=0)
    assert flat(p.backprop(net, X, y)) == pytest.approx(one_by_one, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(problems(max_samples=1))
def test_trace_agrees_with_backprop_and_chain_rule_multiplies_out(problem):
    net, X, y, loss = problem
    trace = p.backprop_trace(net, X[0], y[0], loss)
    grads = p.backprop(net, X, y, loss)
    assert trace["y_pred"] == pytest.approx(p.feedforward(net, X[0]).tolist())
    assert trace["loss"] == pytest.approx(p.LOSSES[loss][0](y, p.feedforward(net, X)))
    for layer, (dW, db) in zip(trace["layers"], grads):
        assert np.array(layer["dL_dW"]) == pytest.approx(dW, rel=1e-12, abs=1e-300)
        assert layer["dL_db"] == pytest.approx(db.tolist(), rel=1e-12, abs=1e-300)
        if layer["f_prime"] is None:  # softmax: dp_j/dz_i = p_j (δ_ij - p_i), a symmetric Jacobian
            product = np.array(layer["dL_da"]) @ (np.diag(layer["a"]) - np.outer(layer["a"], layer["a"]))
        else:
            product = np.array(layer["dL_da"]) * layer["f_prime"]
        assert layer["delta"] == pytest.approx(product.tolist(), rel=1e-9, abs=1e-15)
    for layer, (n_in, n_out) in enumerate(zip(net.sizes, net.sizes[1:])):
        for j in range(n_out):
            for i in [*range(n_in), None]:
                chain = p.chain_rule(trace, layer, j, i)
                product = math.prod(value for _, value in chain["factors"])
                assert product == pytest.approx(chain["gradient"], rel=1e-9, abs=1e-15)
                assert chain["delta"] * chain["input"] == pytest.approx(chain["gradient"], rel=1e-12, abs=1e-300)
                if chain["sum"] is not None:
                    total = sum(term["w"] * term["delta"] for term in chain["sum"])
                    assert total == pytest.approx(chain["factors"][0][1], rel=1e-9, abs=1e-15)


def test_chain_rule_in_a_wide_network_stops_at_the_sum():
    net = p.Network.random([2, 3, 2, 1], seed=0)
    chain = p.chain_rule(p.backprop_trace(net, [0.5, -1.0], 1.0), 0, 1, 0)
    assert chain["parameter"] == "w3"
    assert [name for name, _ in chain["factors"]] == ["∂L/∂h2", "∂h2/∂w3"]
    assert [(t["neuron"], t["weight"]) for t in chain["sum"]] == [("h4", "w8"), ("h5", "w11")]
    deep = p.chain_rule(p.backprop_trace(p.Network.random([2, 2, 1, 1], seed=0), [1, 2], 0), 0, 0, None)
    assert [name for name, _ in deep["factors"]] == ["∂L/∂y_pred", "∂y_pred/∂h3", "∂h3/∂h1", "∂h1/∂b1"]


def test_trace_is_json_ready():
    import json
    trace = p.backprop_trace(p.Network.random([2, 3, 1], seed=0), [1, 2], 1)
    assert json.loads(json.dumps(trace)) == trace


def train_or_diverge(net, X, y, **kwargs):
    """(per-epoch losses, or the epoch it diverged at)."""
    try:
        return p.train(net, X, y, **kwargs).loss
    except p.DivergenceError as error:
        return error.epoch


@settings(max_examples=100, deadline=None)
@given(problems(max_width=4, max_samples=6), st.integers(1, 3))
def test_per_sample_float_path_equals_the_numpy_path(problem, epochs):
    net, X, y, loss = problem
    assert net.n_params <= persample.FLOAT_LOOP_MAX_PARAMS
    fast, slow = net.copy(), net.copy()
    kwargs = dict(epochs=epochs, learning_rate=0.05, loss=loss)
    fast_losses = train_or_diverge(fast, X, y, **kwargs)
    with mock.patch.object(persample, "FLOAT_LOOP_MAX_PARAMS", 0):
        slow_losses = train_or_diverge(slow, X, y, **kwargs)
    assert fast.params == pytest.approx(slow.params, rel=1e-9, abs=1e-12)
    assert fast_losses == pytest.approx(slow_losses, rel=1e-9, abs=1e-15)


X_RANGE = np.linspace(-5, 5, 101)


@pytest.mark.parametrize("name", sorted(p.ACTIVATIONS))
def test_activation_derivatives(name):
    f, f_prime = p.ACTIVATIONS[name]
    x = X_RANGE[np.abs(X_RANGE) > 1e-3]  # off relu's kink
    numeric = (f(x + 1e-6) - f(x - 1e-6)) / 2e-6
    assert f_prime(x) == pytest.approx(numeric, rel=1e-6, abs=1e-9)
    assert f_prime(x, f(x)) == pytest.approx(f_prime(x), rel=1e-15)


@pytest.mark.parametrize("name", sorted(p.ACTIVATIONS))
def test_float_twins_match_the_numpy_activations(name):
    f, f_prime = p.ACTIVATIONS[name]
    g, g_prime = persample.SCALAR_ACTIVATIONS[name]
    x = np.concatenate([X_RANGE, [-1000.0, -700.5, 0.0, 1000.0]])
    assert [g(v) for v in x] == pytest.approx(f(x).tolist(), rel=1e-15, abs=1e-300)
    # 1 - a^2 near a = 1 magnifies the last-bit difference of math.tanh and np.tanh
    assert [g_prime(g(v)) for v in x] == pytest.approx(f_prime(x, f(x)).tolist(), rel=1e-15, abs=1e-15)


def test_sigmoid_is_stable_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = p.sigmoid(np.array([-1000.0, 1000.0]))
        slopes = p.deriv_sigmoid(np.array([-1000.0, 1000.0]))
        for dtype in (np.float16, np.float32, np.float64, np.longdouble):  # no overflow warning in any
            extremes = p.sigmoid(np.array([-np.inf, -1e4, -100, 100, 1e4, np.inf], dtype=dtype))
            assert extremes.dtype == dtype and extremes.tolist() == pytest.approx([0, 0, 0, 1, 1, 1], abs=1e-40)
    assert values == pytest.approx([0.0, 1.0], abs=1e-300)
    assert slopes == pytest.approx([0.0, 0.0], abs=1e-300)
    x = np.linspace(-30, 30, 61)
    assert p.sigmoid(x) == pytest.approx(1 / (1 + np.exp(-x)), rel=1e-15)


def test_losses_and_their_derivatives():
    rng = np.random.default_rng(0)
    y, y_pred = rng.integers(0, 2, (6, 2)).astype(float), rng.uniform(0.05, 0.95, (6, 2))
    for name, (loss, loss_prime) in p.LOSSES.items():
        numeric = np.zeros_like(y_pred)
        for index in np.ndindex(y_pred.shape):
            step = np.zeros_like(y_pred)
            step[index] = 1e-6
            numeric[index] = (loss(y, y_pred + step) - loss(y, y_pred - step)) / 2e-6
        assert loss_prime(y, y_pred) == pytest.approx(numeric, rel=1e-6), name
    assert p.bce_loss([1.0, 0.0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-11)
    assert math.isfinite(p.bce_loss([1.0, 0.0], [0.0, 1.0]))
    z = np.linspace(-8, 8, 17)
    for label in (0.0, 1.0):  # the same value as bce of p = sigmoid(z), where p is far enough from 0 and 1
        assert p.bce_logits_loss(np.full(17, label), z) == pytest.approx(p.bce_loss(label, p.sigmoid(z)), rel=1e-12)


def test_bce_is_exact_for_a_confident_wrong_answer():
    """p rounds to 1 at z = 100, so bce of p says 27.63; from z the cost is log(1 + e^100) = 100."""
    net = p.Network([([[1.0]], [0.0], "sigmoid")])
    assert p.bce_loss([0.0], p.feedforward(net, [[100.0]])) == pytest.approx(27.631, abs=1e-3)
    assert p.evaluate(net, [[100.0], [-100.0]], [0.0, 1.0], "bce") == (100.0, 0.0)
    assert p.evaluate(net, [[1000.0]], [1.0], "bce") == (0.0, 1.0)
    assert p.bce_logits_loss([0.0, 1.0], [1e300, 0.0]) == pytest.approx(1e300 / 2)
    history = p.train(net, [[100.0]], [0.0], epochs=1, learning_rate=1e-12, loss="bce")
    assert history.loss == [pytest.approx(100.0, rel=1e-9)]
    assert p.evaluate(net, [[0.0], [2.0]], [0.5, 1.0]) == (pytest.approx((0 + (1 - p.sigmoid(2.0)) ** 2) / 2), None)
