"""Bad input becomes a ValueError that names the problem; models survive a JSON round trip."""
import copy
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perceptron as p

NET = p.Network.random([2, 3, 1], seed=0)
X = np.array([[0.5, -1.0], [1.0, 2.0], [-0.5, 0.0]])
Y = np.array([1.0, 0.0, 1.0])


def train(**changes):
    kwargs = dict(net=NET.copy(), X=X, y=Y, epochs=2, learning_rate=0.1)
    kwargs.update(changes)
    return p.train(kwargs.pop("net"), kwargs.pop("X"), kwargs.pop("y"), **kwargs)


ragged = st.lists(st.lists(st.integers(), max_size=3), min_size=2, max_size=3).filter(
    lambda rows: len({len(row) for row in rows}) > 1)
junk = st.one_of(st.none(), st.text(max_size=5), st.booleans(), st.dictionaries(st.text(max_size=2), st.integers()),
                 st.lists(st.text(min_size=1, max_size=2), min_size=1, max_size=3), ragged)


@settings(max_examples=100, deadline=None)
@given(junk)
def test_junk_data_is_a_value_error(value):
    for call in (lambda: p.feedforward(NET, value), lambda: train(X=value), lambda: train(y=value),
                 lambda: p.gradients(NET, value, Y), lambda: p.backprop_trace(NET, value, 1.0)):
        with pytest.raises(ValueError):
            call()


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2), st.integers(0, 1), st.sampled_from([np.nan, np.inf, -np.inf]))
def test_non_finite_data_is_named(row, column, bad):
    data = X.copy()
    data[row, column] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        train(X=data)
    labels = Y.copy()
    labels[row] = bad
    with pytest.raises(ValueError, match="NaN or infinite"):
        train(y=labels)
    with pytest.raises(ValueError, match="NaN or infinite"):
        p.feedforward(NET, data)


@pytest.mark.parametrize("data, labels, message", [
    (np.zeros((3, 3)), Y, "3 values per sample but the network has 2 inputs"),
    (np.zeros((0, 2)), [], "empty"),
    (np.zeros((2, 2, 2)), Y, "shape"),
    (X, Y[:2], "y has shape"),
    (X, np.zeros((3, 2)), "y has shape"),
])
def test_wrong_shapes_are_named(data, labels, message):
    with pytest.raises(ValueError, match=message):
        train(X=data, y=labels)


def test_bce_needs_labels_in_zero_one_and_a_sigmoid_output():
    with pytest.raises(ValueError, match=r"labels in \[0, 1\]"):
        train(y=[1.0, 2.0, 0.0], loss="bce")
    with pytest.raises(ValueError, match="sigmoid output"):
        train(net=p.Network.random([2, 3, 1], ["tanh", "linear"], seed=0), loss="bce")


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.floats(max_value=0.0), st.just(float("nan")), st.just(float("inf")), st.just(10**400),
                 st.text(max_size=3), st.none(), st.booleans()))
def test_learning_rate_must_be_a_positive_finite_number(rate):
    with pytest.raises(ValueError, match="learning_rate"):
        train(learning_rate=rate)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["epochs", "batch_size"]),
       st.one_of(st.integers(max_value=0), st.floats(allow_nan=True), st.booleans(), st.text(max_size=3)))
def test_counts_must_be_whole_numbers_of_at_least_one(name, value):
    with pytest.raises(ValueError, match=name):
        train(**{name: value})


@pytest.mark.parametrize("call, message", [
    (lambda: train(loss="hinge"), "unknown loss 'hinge'; choose one of: mse, bce"),
    (lambda: train(optimizer="rmsprop"), "unknown optimizer 'rmsprop'; choose one of: sgd, momentum, adam"),
    (lambda: p.Network.random([2, 1], "swish"), "unknown activation 'swish'"),
    (lambda: p.Network.random([2, 1], ["tanh", "relu"]), "2 activations for 1 layers"),
    (lambda: p.Network.random([2, 1], init="xavier"), "unknown init"),
    (lambda: p.Network.random([2]), "at least 2 layer sizes"),
    (lambda: p.Network.random([2, 0, 1]), "layer size"),
    (lambda: p.Network.random([1000, 1000]), "MAX_PARAMS"),
    (lambda: p.feedforward(NET, np.zeros((p.MAX_SAMPLES + 1, 2))), "MAX_SAMPLES"),
    (lambda: train(l1=-0.1), "l1"),
    (lambda: train(l2=float("nan")), "l2"),
    (lambda: train(X_test=X), "both X_test and y_test"),
    (lambda: train(X_test=X[:, :1], y_test=Y), "X_test has 1 values per sample"),
    (lambda: train(callback=3), "callback"),
    (lambda: train(seed="abc", shuffle=True), "seed"),
    (lambda: p.backprop_trace(NET, X, Y), "one sample"),
    (lambda: p.chain_rule(p.backprop_trace(NET, X[0], 1.0), 0, 3, 0), "neuron j = 3 is out of range"),
    (lambda: p.param_position([2, 2, 1], "w7"), "no parameter 'w7'"),
    (lambda: p.Neuron([0, 1], 4).feedforward([1, 2, 3]), "shape"),
    (lambda: p.lesson_network([1, 2, 3]), "9 parameters"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def model():
    return NET.to_dict()


def drop(path):
    def change(d):
        *parents, key = path
        for step in parents:
            d = d[step]
        del d[key]
    return change


def put(path, value):
    def change(d):
        *parents, key = path
        for step in parents:
            d = d[step]
        d[key] = value
    return change


@pytest.mark.parametrize("change, message", [
    (drop(["format"]), "not a perceptron model"),
    (put(["format"], "keras"), "not a perceptron model"),
    (put(["version"], 2), "unsupported model version 2"),
    (put(["version"], True), "unsupported model version"),
    (drop(["layers"]), "non-empty list 'layers'"),
    (put(["layers"], []), "non-empty list 'layers'"),
    (put(["layers", 0], [1, 2]), "layer 0 must be a dict"),
    (drop(["layers", 1, "weights"]), "layer 1 is missing 'weights'"),
    (drop(["layers", 0, "biases"]), "layer 0 is missing 'biases'"),
    (put(["layers", 0, "weights", 1], [1.0]), "layer 0 weights are ragged"),
    (put(["layers", 0, "weights", 1, 0], "x"), "layer 0 weights must contain only numbers"),
    (put(["layers", 0, "biases"], [0.0, 0.0]), "layer 0 has 3 neurons but biases of shape"),
    (put(["layers", 1, "weights"], [[1.0, 2.0]]), "layer 1 expects 2 inputs but layer 0 has 3 neurons"),
    (put(["layers", 1, "activation"], "swish"), "unknown activation 'swish'"),
    (put(["layers", 1, "biases", 0], float("nan")), "NaN or infinite"),
    (put(["layers", 0, "weights"], [[]]), "non-empty 2-D"),
])
def test_malformed_models_are_named(change, message):
    d = model()
    change(d)
    with pytest.raises(ValueError, match=message):
        p.Network.from_dict(d)


def test_model_must_be_a_dict_and_within_the_parameter_limit():
    with pytest.raises(ValueError, match="must be a dict"):
        p.Network.from_dict([1, 2])
    big = {"format": "perceptron-model", "version": 1,
           "layers": [{"weights": np.zeros((400, 300)).tolist(), "biases": [0.0] * 400}]}
    with pytest.raises(ValueError, match="MAX_PARAMS"):
        p.Network.from_dict(big)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.integers(0, 1000),
       st.sampled_from(sorted(p.ACTIVATIONS)))
def test_model_round_trips_through_json(sizes, seed, activation):
    net = p.Network.random(sizes, activation, seed=seed)
    text = json.dumps(net.to_dict())
    again = p.Network.from_dict(json.loads(text))
    assert again.params.tolist() == net.params.tolist()
    assert again.sizes == net.sizes and [layer.activation for layer in again.layers] == [activation] * (len(sizes) - 1)
    assert again.to_dict() == net.to_dict()


def test_lesson_model_form_and_defaults():
    d = {"format": "perceptron-model", "version": 1,
         "layers": [{"weights": [[1, 2], [3, 4]], "biases": [7, 8]}, {"weights": [[5, 6]], "biases": [9]}]}
    net = p.Network.from_dict(d)
    assert net.params.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [layer.activation for layer in net.layers] == ["sigmoid", "sigmoid"]
    assert net.sizes == [2, 2, 1] and net.n_params == 9


def test_layers_are_views_and_copies_are_independent():
    net = p.Network.random([2, 3, 1], seed=0)
    twin = net.copy()
    net.layers[0].weights[1, 0] = 42.0
    assert net.params[2] == 42.0 and twin.params[2] != 42.0
    net.params = np.arange(net.n_params)
    assert net.layers[1].biases.tolist() == [net.n_params - 1]
    for bad, message in (([0.7], r"params must hold 13 numbers, one per weight and bias, got shape \(1,\)"),
                         (np.zeros((1, 13)), r"got shape \(1, 13\)"), ([np.nan] * 13, "params contains NaN"),
                         (["a"] * 13, "only numbers")):
        with pytest.raises(p.InputError, match=message):
            net.params = bad  # no broadcasting, no nan: the parameters stay as they were
        assert net.layers[1].biases.tolist() == [net.n_params - 1]
    output, activations = p.feedforward(net, [0.5, 1.0], return_activations=True)
    assert output.shape == (1,) and [a.shape for a in activations] == [(3,), (1,)]
    with pytest.raises(ValueError, match="from_dict"):
        p.Network(net.to_dict()["layers"])
    layers = [p.Layer(np.ones((3, 2)), np.zeros(3), "relu"), p.Layer(np.ones((1, 3)), np.zeros(1))]
    built = p.Network(layers)
    built.params[:] = 0.0
    assert layers[0].weights.sum() == 6.0
    d = copy.deepcopy(built.to_dict())
    assert d["layers"][0]["activation"] == "relu"


@pytest.mark.parametrize("call, key, params", [
    (lambda: p.parse_csv("a,b,label\n1,2,3\n\n4,x,6\n"), "csv.not_a_number", {"line": 4, "column": "b", "cell": "x"}),
    (lambda: p.Network.from_dict({**model(), "version": 2}), "model.version", {"version": "2", "expected": 1}),
    (lambda: p.Network.from_dict({**model(), "layers": [{"weights": [[1.0]]}]}), "model.missing",
     {"layer": 0, "field": "biases"}),
    (lambda: train(X=[[1.0, float("inf")]] * 3), "data.not_finite", {"what": "X"}),
    (lambda: setattr(p.Network.random([2, 1], seed=0), "params", [0.7]), "model.params_length",
     {"expected": 3, "shape": "(1,)"}),
    (lambda: p.train(p.Network.random([1, 1], "linear", seed=0), [[1e200]], [0.0], epochs=3, learning_rate=1.0),
     "train.diverged", {"epoch": 1}),
])
def test_input_errors_carry_a_key_and_plain_params(call, key, params):
    """A page translates these by key; Python code still sees a ValueError with its English message."""
    with pytest.raises(p.InputError) as caught:
        call()
    assert isinstance(caught.value, ValueError)
    assert (caught.value.key, caught.value.params) == (key, params)
    json.dumps(caught.value.params)
    assert str(caught.value)
