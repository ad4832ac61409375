"""Generic calls into the `perceptron` core for the page (run in the worker's Pyodide).

Arguments arrive as plain JSON-like values; numpy arrays go back as typed arrays.
"""
import numpy as np

import perceptron


def feedforward(model, X):
    """The model's output for the samples X (a list of rows, or one row)."""
    return perceptron.feedforward(perceptron.Network.from_dict(model), np.asarray(X, dtype=float))
