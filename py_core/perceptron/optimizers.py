"""Optimizers: turn a gradient into an update of the flat parameter vector.

An optimizer object keeps its state (velocity, moments) between calls of
`perceptron.train`, so training in chunks of epochs equals one long run.
"""
import numpy as np


class Optimizer:
    """Base class: ``step(params, grad, learning_rate)`` updates ``params`` in place."""

    def step(self, params, grad, learning_rate):
        """Apply one update.

        Parameters
        ----------
        params : ndarray, shape (n_params,), updated in place
        grad : ndarray, shape (n_params,), mean gradient of the loss
        learning_rate : float
        """
        raise NotImplementedError

    def reset(self):
        """Forget the state, as after a diverged run."""

    def _state(self, state, params):
        # Zeros on first use; state built for another network would silently mix two models.
        if state is None:
            return np.zeros_like(params)
        if state.shape != params.shape:
            raise ValueError(f"this {type(self).__name__} optimizer holds state for {state.size} parameters "
                             f"but the network has {params.size}; use a new optimizer for a new network")
        return state


class SGD(Optimizer):
    """Plain gradient descent, the lesson's rule: w <- w - learning_rate * dL/dw."""

    def step(self, params, grad, learning_rate):
        params -= learning_rate * grad


class Momentum(Optimizer):
    """Gradient descent with momentum: v <- beta v - learning_rate g; w <- w + v."""

    def __init__(self, beta=0.9):
        self.beta = beta
        self.reset()

    def reset(self):
        self.velocity = None

    def step(self, params, grad, learning_rate):
        self.velocity = self._state(self.velocity, params)
        self.velocity *= self.beta
        self.velocity -= learning_rate * grad
        params += self.velocity


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015): steps scaled by running moments of the gradient, bias-corrected."""

    def __init__(self, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.reset()

    def reset(self):
        self.m = self.v = None
        self.t = 0

    def step(self, params, grad, learning_rate):
        self.m = self._state(self.m, params)
        self.v = self._state(self.v, params)
        self.t += 1
        self.m += (1.0 - self.beta1) * (grad - self.m)
        self.v += (1.0 - self.beta2) * (grad * grad - self.v)
        m_hat = self.m / (1.0 - self.beta1 ** self.t)
        v_hat = self.v / (1.0 - self.beta2 ** self.t)
        params -= learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}
"""Optimizer name -> class; `perceptron.train` makes a fresh instance for a name."""
