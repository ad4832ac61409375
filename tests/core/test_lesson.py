"""Every number the lesson prints, and its training loop, reproduced by the package."""
import math

import numpy as np
import pytest

import perceptron as p
from lesson_loop import OurNeuralNetwork, deriv_sigmoid, sigmoid  # py_core/: the lesson's code, transcribed

LESSON_SEED = 25  # first-epoch loss 0.405, like the lesson's printed 0.401


def test_single_neuron():
    assert p.Neuron(np.array([0, 1]), 4).feedforward(np.array([2, 3])) == 0.9990889488055994


def test_network_of_identical_neurons():
    net = p.shared_weights_network(weights=(0, 1), bias=0)
    assert p.feedforward(net, np.array([2, 3]))[0] == 0.7216325609518421


def test_mse_loss():
    assert p.mse_loss(np.array([1, 0, 0, 1]), np.array([0, 0, 0, 0])) == 0.5


def test_alice_forward_pass_with_all_weights_one():
    net = p.shared_weights_network(weights=(1, 1), bias=0)
    output, (hidden, _) = p.feedforward(net, [-2, -1], return_activations=True)
    assert hidden == pytest.approx([0.0474, 0.0474], abs=5e-5)
    assert output[0] == pytest.approx(0.524, abs=5e-4)


def alice_partials_by_hand():
    """The lesson's formulas for Alice (-2, -1), label 1, all weights 1 and biases 0."""
    w1 = w2 = w3 = w4 = w5 = w6 = 1.0
    b1 = b2 = b3 = 0.0
    x1, x2, y_true = -2.0, -1.0, 1.0
    sum_h1 = w1 * x1 + w2 * x2 + b1
    sum_h2 = w3 * x1 + w4 * x2 + b2
    h1, h2 = sigmoid(sum_h1), sigmoid(sum_h2)
    sum_o1 = w5 * h1 + w6 * h2 + b3
    d_L_d_ypred = -2 * (y_true - sigmoid(sum_o1))
    d_ypred_d_h1 = w5 * deriv_sigmoid(sum_o1)
    d_ypred_d_h2 = w6 * deriv_sigmoid(sum_o1)
    return {
        "w1": d_L_d_ypred * d_ypred_d_h1 * x1 * deriv_sigmoid(sum_h1),
        "w2": d_L_d_ypred * d_ypred_d_h1 * x2 * deriv_sigmoid(sum_h1),
        "w3": d_L_d_ypred * d_ypred_d_h2 * x1 * deriv_sigmoid(sum_h2),
        "w4": d_L_d_ypred * d_ypred_d_h2 * x2 * deriv_sigmoid(sum_h2),
        "w5": d_L_d_ypred * h1 * deriv_sigmoid(sum_o1),
        "w6": d_L_d_ypred * h2 * deriv_sigmoid(sum_o1),
        "b1": d_L_d_ypred * d_ypred_d_h1 * deriv_sigmoid(sum_h1),
        "b2": d_L_d_ypred * d_ypred_d_h2 * deriv_sigmoid(sum_h2),
        "b3": d_L_d_ypred * deriv_sigmoid(sum_o1),
    }


def test_alice_partial_derivatives():
    net = p.shared_weights_network(weights=(1, 1), bias=0)
    grads = p.gradients(net, [-2, -1], 1)
    expected = alice_partials_by_hand()
    assert expected["w1"] == pytest.approx(0.021469, abs=1e-6)
    for name, value in expected.items():
        layer, j, i = p.param_position(p.LESSON_SIZES, name)
        got = grads[layer]["biases"][j] if i is None else grads[layer]["weights"][j][i]
        assert got == pytest.approx(value, rel=1e-12), name


def test_chain_rule_of_w1_reads_like_the_lesson():
    net = p.shared_weights_network(weights=(1, 1), bias=0)
    chain = p.chain_rule(p.backprop_trace(net, [-2, -1], 1), 0, 0, 0)
    assert chain["parameter"] == "w1"
    names = [name for name, _ in chain["factors"]]
    assert names == ["∂L/∂y_pred", "∂y_pred/∂h1", "∂h1/∂w1"]
    values = [value for _, value in chain["factors"]]
    assert values == pytest.approx([-0.952, 0.249, -0.0904], abs=1e-3)  # the lesson truncates
    assert math.prod(values) == pytest.approx(chain["gradient"], rel=1e-12)
    assert chain["gradient"] == pytest.approx(0.0214, abs=1e-4)
    assert chain["sum"] is None


def test_lesson_parameter_names_follow_params_order():
    positions = [p.param_position(p.LESSON_SIZES, name) for name in p.LESSON_PARAM_NAMES]
    assert positions == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1),
                         (0, 0, None), (0, 1, None), (1, 0, None)]
    values = np.arange(1.0, 10.0)
    net = p.lesson_network(values)
    for name, value, (layer, j, i) in zip(p.LESSON_PARAM_NAMES, values, positions):
        W, b, _ = net.layers[layer]
        assert (b[j] if i is None else W[j, i]) == value
        assert p.param_name(p.LESSON_SIZES, layer, j, i) == name
    assert p.lesson_network(dict(zip(p.LESSON_PARAM_NAMES, values))).params.tolist() == values.tolist()


def test_people_and_units():
    X, y, names = p.people()
    assert names == ["Alice", "Bob", "Charlie", "Diana"]
    assert X.tolist() == [[-2, -1], [25, 6], [17, 4], [-15, -6]]
    assert y.tolist() == [1, 0, 0, 1]
    raw, _, _ = p.people(shifted=False)
    assert raw.tolist() == [[133, 65], [160, 72], [152, 70], [120, 60]]
    assert (p.SHIFT_LB, p.SHIFT_IN) == (135, 66)
    assert p.EMILY.shifted == (-7, -3) and p.FRANK.shifted == (20, 2)
    alice = p.PEOPLE[0]
    assert alice.height_cm == pytest.approx(165.1)
    assert alice.weight_kg == pytest.approx(60.33, abs=0.01)  # the lesson's 54.4 uses a wrong factor
    assert p.kg_to_lb(p.lb_to_kg(133)) == pytest.approx(133)
    assert p.cm_to_in(p.in_to_cm(65)) == pytest.approx(65)


@pytest.fixture(scope="module")
def trained():
    X, y, _ = p.people()
    net = p.random_lesson_network(LESSON_SEED)
    start = net.params.tolist()
    history = p.train(net, X, y, epochs=1000, learning_rate=0.1)
    return start, history, net


def test_training_follows_the_lessons_loop_exactly(trained):
    start, history, net = trained
    X, y, _ = p.people()
    lesson = OurNeuralNetwork(*start)
    expected = lesson.train(X.astype(int), y.astype(int), learn_rate=0.1, epochs=1000, loss_every=1)
    assert len(history.loss) == 1000
    assert np.max(np.abs(np.array(history.loss) - expected)) < 1e-9
    assert net.params == pytest.approx(lesson.params(), abs=1e-9)


def test_training_learns_the_people(trained):
    _, history, net = trained
    assert history.loss[0] == pytest.approx(0.4, abs=0.05)
    assert history.loss[-1] < 0.01
    assert history.accuracy[-1] == 1.0
    emily, frank = p.feedforward(net, [p.EMILY.shifted, p.FRANK.shifted])[:, 0]
    assert emily > 0.9
    assert frank < 0.1


def test_random_lesson_network_is_reproducible_and_normal():
    a, b = p.random_lesson_network(3), p.random_lesson_network(3)
    assert a.params.tolist() == b.params.tolist()
    assert a.params.tolist() != p.random_lesson_network(4).params.tolist()
    assert a.params.tolist() == np.random.default_rng(3).normal(size=9).tolist()
