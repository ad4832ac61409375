"""perceptron: the lesson's multilayer perceptron in numpy, exact, then a general MLP.

Pure Python + numpy; runs in CPython 3.11+ and in Pyodide.
"""
from .activations import (ACTIVATIONS, OUTPUT_ACTIVATIONS, deriv_linear, deriv_relu, deriv_sigmoid, deriv_tanh,
                          linear, log_softmax, relu, sigmoid, softmax, tanh)
from .datasets import (DATASETS, DOMAIN, FEATURES, MAX_CLASSES, MULTICLASS_DATASETS, N_POINTS, Table, add_features,
                       grid, make_dataset, parse_csv, people, to_csv, train_test_split)
from .lesson import (CM_PER_IN, EMILY, FRANK, KG_PER_LB, LESSON_PARAM_NAMES, LESSON_SIZES, PEOPLE, SHIFT_IN,
                     SHIFT_LB, Neuron, Person, cm_to_in, in_to_cm, kg_to_lb, lb_to_kg, lesson_network,
                     random_lesson_network, shared_weights_network, shift)
from .losses import (LOSSES, bce_logits_loss, bce_loss, cce_logits_loss, cce_loss, deriv_bce_loss, deriv_cce_loss,
                     deriv_mse_loss, mse_loss)
from .network import (Layer, Network, backprop, feedforward, forward, gradients, neuron_name, param_name,
                      param_position)
from .optimizers import OPTIMIZERS, SGD, Adam, Momentum, Optimizer
from .trace import backprop_trace, chain_rule
from .training import DivergenceError, History, evaluate, train
from .validate import MAX_PARAMS, MAX_SAMPLES, InputError

__version__ = "0.1.0"
