"""Training: gradient descent over epochs, with a history, a stop callback and a divergence check."""
import math
from dataclasses import dataclass, field

import numpy as np

from . import persample, validate
from .losses import LOGITS_LOSSES, LOSSES
from .network import _backprop, _forward
from .optimizers import SGD
from .validate import InputError


class DivergenceError(InputError):
    """Training produced a non-finite loss or parameter.

    Attributes
    ----------
    epoch : int
        The epoch (1-based, within the `train` call) that diverged.
    history : History
        The epochs before it.
    """

    def __init__(self, epoch, history):
        super().__init__("train.diverged", epoch=epoch)
        self.epoch, self.history = epoch, history


@dataclass
class History:
    """What `train` measured after each epoch; every list has one value per epoch.

    Attributes
    ----------
    loss : list of float
        Loss on the whole training set, as `evaluate` measures it (bce and cce exact however wrong).
    test_loss : list of float, or None without test data
    accuracy, test_accuracy : list of float, or None
        Fraction of outputs on the right side of 0.5, or with cce of samples whose largest output is their
        class; only when all labels are 0 or 1 (with cce: classes, not rows of other probabilities).
    epochs_run : int
    stopped : bool
        True if the callback stopped training.
    """

    loss: list = field(default_factory=list)
    test_loss: list | None = None
    accuracy: list | None = None
    test_accuracy: list | None = None
    epochs_run: int = 0
    stopped: bool = False


def train(net, X, y, *, epochs, learning_rate, batch_size=1, loss="mse", shuffle=False, seed=None,
          l1=0.0, l2=0.0, optimizer="sgd", X_test=None, y_test=None, callback=None):
    """Train ``net`` in place by mini-batch gradient descent.

    With the defaults (batch_size=1, no shuffle, "sgd") this is the lesson's
    loop: for every sample in order, backprop then w <- w - learning_rate * dL/dw.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, n_inputs)
    y : array_like, shape (n,) or (n, n_outputs)
        With loss "cce", (n,) holds class indices 0 .. n_outputs - 1 and (n, n_outputs) one-hot rows.
    epochs : int
        Passes over the data, at least 1.
    learning_rate : float
        Positive.
    batch_size : int
        Samples per step (the last batch may be smaller); >= n means full batch.
    loss : {"mse", "bce", "cce"}
        "bce" needs a sigmoid output layer and labels in [0, 1]; "cce" (categorical cross-entropy, a mean over
        samples) a softmax output layer and classes.
    shuffle : bool
        Visit the samples in a new random order every epoch.
    seed : int, numpy Generator or None
        For shuffling; pass one Generator to chunked calls to continue its stream.
    l1, l2 : float
        Regularisation of the weights (not biases), as TF Playground's nn.ts
        (`updateWeights`); History reports the data loss. L2 adds l2 * w to the
        gradient (the penalty l2 / 2 * sum w^2). L1 is a step of its own after the
        optimizer's: w <- w - learning_rate * l1 * sign(w before the step); a weight
        that this step takes across zero is set to 0 and stays there (TF's dead
        link: a weight at exactly 0 is left at 0 while l1 > 0, in later calls too).
    optimizer : {"sgd", "momentum", "adam"} or Optimizer
        An Optimizer object keeps its state across calls, so training in chunks
        of epochs equals one long run.
    X_test, y_test : array_like, optional
        Measured after every epoch, never trained on.
    callback : callable, optional
        ``callback(epoch, history)`` after every epoch (epoch counts from 1);
        returning True stops training.

    Returns
    -------
    History

    Raises
    ------
    DivergenceError
        A ValueError: the loss or the parameters became non-finite. The network
        is left with its parameters from before the diverging epoch.
    """
    loss = validate.loss(net, loss)
    X, Y, _ = validate.samples(net, X, y, loss)
    test = validate.test_set(net, X_test, y_test, loss)
    epochs = validate.count(epochs, "epochs")
    batch_size = validate.count(batch_size, "batch_size")
    learning_rate = validate.number(learning_rate, "learning_rate", minimum=0.0, inclusive=False)
    l1, l2 = validate.number(l1, "l1", minimum=0.0), validate.number(l2, "l2", minimum=0.0)
    optimizer = validate.optimizer(optimizer)
    callback = validate.callback(callback)
    rng = validate.rng(seed)

    classify = bool(np.isin(Y, (0.0, 1.0)).all())  # then accuracy is measured too
    history = History(test_loss=None if test is None else [],
                      accuracy=[] if classify else None,
                      test_accuracy=[] if classify and test is not None else None)
    # (X, Y, losses, accuracies) of every data set measured after each epoch, training set first
    measured = [(X, Y, history.loss, history.accuracy)]
    if test is not None:
        measured.append((*test, history.test_loss, history.test_accuracy))
    per_sample = (batch_size == 1 and type(optimizer) is SGD and not (l1 or l2)
                  and net.n_params <= persample.FLOAT_LOOP_MAX_PARAMS)
    grad = np.empty(net.n_params)
    grad_layers, weights = net.unflatten(grad), net.params[:net.n_weights]
    # Overflow on the way to a divergence is reported once, below, not warned op by op.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, epochs + 1):
            before = net.params.copy()
            order = rng.permutation(len(X)) if shuffle else slice(None)
            X_epoch, Y_epoch = X[order], Y[order]
            if per_sample:
                persample.sgd_epoch(net, X_epoch, Y_epoch, loss, learning_rate)
            else:
                for start in range(0, len(X), batch_size):
                    batch = slice(start, start + batch_size)
                    _backprop(net, X_epoch[batch], Y_epoch[batch], loss, grad_layers)
                    if l2:
                        grad[:net.n_weights] += l2 * weights
                    start_weights = weights.copy() if l1 else None
                    optimizer.step(net.params, grad, learning_rate)
                    if l1:
                        l1_step(weights, start_weights, learning_rate * l1)
            results = [_evaluate(net, X_set, Y_set, loss, classify) for X_set, Y_set, _, _ in measured]
            # a sum is non-finite if any term is (or if it overflows: divergence too)
            if not (math.isfinite(results[0][0]) and math.isfinite(net.params.sum())):
                net.params[:] = before
                optimizer.reset()
                raise DivergenceError(epoch, history)
            for (_, _, losses, accuracies), (value, accuracy) in zip(measured, results):
                losses.append(value)
                if classify:
                    accuracies.append(accuracy)
            history.epochs_run = epoch
            if callback is not None and callback(epoch, history):
                history.stopped = True
                break
    return history


def l1_step(weights, before, rate):
    """TF Playground's L1 step, in place: each weight moves ``rate`` towards zero from where the optimizer
    left it, in the direction of sign(``before``), its value before that step. A weight that this takes
    across zero becomes 0, and a weight that was 0 before the step stays 0: it is dead, as TF's `isDead`
    link, which no later step moves.
    """
    moved = weights - rate * np.sign(before)
    weights[:] = np.where((weights * moved < 0) | (before == 0), 0.0, moved)


def evaluate(net, X, y, loss="mse"):
    """The network's loss on samples and, when every label is 0 or 1, its accuracy.

    "bce" and "cce" are computed from the output layer's pre-activation z (`bce_logits_loss`,
    `cce_logits_loss`), so a confident wrong answer costs what it truly does (z = 100 for label 0: 100),
    not what p, rounded to 1, says.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n, n_inputs)
    y : array_like, shape (n,) or (n, n_outputs); with "cce", class indices (n,) or one-hot rows
    loss : {"mse", "bce", "cce"}

    Returns
    -------
    (float, float or None)
        The mean loss, and the fraction of outputs on the right side of 0.5, or with "cce" of samples whose
        largest output is their class (None unless labels are 0/1 or, with "cce", classes).
    """
    loss = validate.loss(net, loss)
    X, Y, _ = validate.samples(net, X, y, loss)
    return _evaluate(net, X, Y, loss, bool(np.isin(Y, (0.0, 1.0)).all()))


def _evaluate(net, X, Y, loss, classify):
    """(loss, accuracy or None) of the network on checked samples."""
    zs, acts = _forward(net, X)
    output = acts[-1]
    if not classify:
        accuracy = None
    elif loss == "cce":
        accuracy = np.count_nonzero(output.argmax(axis=1) == Y.argmax(axis=1)) / len(Y)
    else:
        accuracy = np.count_nonzero((output >= 0.5) == (Y == 1.0)) / Y.size
    value = LOGITS_LOSSES[loss](Y, zs[-1]) if loss in LOGITS_LOSSES else LOSSES[loss][0](Y, output)
    return value, accuracy
