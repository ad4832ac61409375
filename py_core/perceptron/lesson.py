"""The lesson's objects as it builds them: one neuron, the 2-2-1 network, the people."""
from typing import NamedTuple

import numpy as np

from . import validate
from .activations import sigmoid
from .network import Network

LESSON_SIZES = [2, 2, 1]
"""Two inputs (weight, height), hidden neurons h1 and h2, output o1 = y_pred."""

LESSON_PARAM_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")
"""The lesson's parameters in its order, which is also the order of ``Network.params``."""

LESSON_NEURON_NAMES = (("x1", "x2"), ("h1", "h2"), ("o1",))
"""The lesson's neurons by layer (inputs, hidden, output) as its code names them."""

SHIFT_LB = 135
"""The lesson subtracts 135 lb from every weight..."""
SHIFT_IN = 66
"""...and 66 in from every height, so the numbers are small."""

KG_PER_LB = 0.45359237
CM_PER_IN = 2.54


class Neuron:
    """The lesson's neuron: sigmoid(weights · inputs + bias).

    Parameters
    ----------
    weights : array_like, shape (n_inputs,)
    bias : float
    """

    def __init__(self, weights, bias):
        self.weights = validate.array(weights, "weights")
        self.bias = validate.number(bias, "bias")

    def feedforward(self, inputs):
        """The neuron's output for ``inputs`` of shape (n_inputs,), a float in [0, 1]."""
        x = validate.array(inputs, "inputs")
        if x.shape != self.weights.shape:
            raise ValueError(f"inputs have shape {x.shape} but the weights {self.weights.shape}")
        return float(sigmoid(np.dot(self.weights, x) + self.bias))


def lesson_network(params):
    """The lesson's 2-2-1 sigmoid network from its nine parameters.

    Parameters
    ----------
    params : sequence of 9 floats in the order w1..w6, b1..b3, or a dict by those names
        h1 = f(w1 x1 + w2 x2 + b1), h2 = f(w3 x1 + w4 x2 + b2), o1 = f(w5 h1 + w6 h2 + b3).

    Returns
    -------
    Network
    """
    if isinstance(params, dict):
        missing = [name for name in LESSON_PARAM_NAMES if name not in params]
        if missing:
            raise ValueError(f"missing lesson parameters: {', '.join(missing)}")
        params = [params[name] for name in LESSON_PARAM_NAMES]
    values = validate.array(params, "params")
    if values.shape != (len(LESSON_PARAM_NAMES),):
        raise ValueError(f"the lesson's network has 9 parameters (w1..w6, b1..b3), got shape {values.shape}")
    net = Network([(np.zeros((2, 2)), np.zeros(2)), (np.zeros((1, 2)), np.zeros(1))])
    net.params[:] = values
    return net


def shared_weights_network(weights=(0, 1), bias=0):
    """The lesson's network with the same weights and bias in every neuron.

    The defaults are the lesson's first network (input [2, 3] gives
    0.7216325609518421); ``weights=(1, 1), bias=0`` is its backprop example.
    """
    w1, w2 = validate.array(weights, "weights").reshape(2)
    return lesson_network([w1, w2, w1, w2, w1, w2, bias, bias, bias])


def random_lesson_network(seed=None):
    """The lesson's network with every parameter drawn from N(0, 1) in its order w1..w6, b1..b3."""
    return Network.random(LESSON_SIZES, seed=seed)


def lb_to_kg(pounds):
    """Pounds to kilograms (1 lb = 0.45359237 kg exactly).

    The lesson's table shows 133 lb as 54.4 kg and 160 lb as 65.44 kg, a
    factor of about 0.409: a slip. The true values are 60.3 kg and 72.6 kg.
    Its centimetres (2.54 per inch) are right.
    """
    return pounds * KG_PER_LB


def kg_to_lb(kilograms):
    return kilograms / KG_PER_LB


def in_to_cm(inches):
    return inches * CM_PER_IN


def cm_to_in(centimetres):
    return centimetres / CM_PER_IN


def shift(weight_lb, height_in):
    """The lesson's inputs: (weight - 135 lb, height - 66 in); works on arrays too."""
    return weight_lb - SHIFT_LB, height_in - SHIFT_IN


class Person(NamedTuple):
    """One row of the lesson's table; ``female`` is the label (female = 1, male = 0)."""

    name: str
    weight_lb: float
    height_in: float
    female: int

    @property
    def weight_kg(self):
        return lb_to_kg(self.weight_lb)

    @property
    def height_cm(self):
        return in_to_cm(self.height_in)

    @property
    def shifted(self):
        """The network's input (weight - 135, height - 66)."""
        return shift(self.weight_lb, self.height_in)


PEOPLE = (
    Person("Alice", 133, 65, 1),
    Person("Bob", 160, 72, 0),
    Person("Charlie", 152, 70, 0),
    Person("Diana", 120, 60, 1),
)
"""The lesson's training set."""

EMILY = Person("Emily", 128, 63, 1)
"""Unseen by training; shifted input (-7, -3); the lesson's trained network says 0.949."""
FRANK = Person("Frank", 155, 68, 0)
"""Unseen by training; shifted input (20, 2); the lesson's trained network says 0.040."""
