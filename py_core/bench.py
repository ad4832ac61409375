"""Benchmark of the perceptron core; run `python3 py_core/bench.py`, it prints a table.

1. The lesson's training (2-2-1 sigmoid network, the four people, per-sample
   SGD at learning rate 0.1, 1000 epochs) by `perceptron.train`, against the
   same algorithm written the lesson's way, one scalar per weight (lesson_loop.py).
   The core measures the full-set loss after every epoch (its History); the
   lesson prints it every 10th epoch, so the baseline is timed both ways.
2. A 500-point circle data set, [2, 8, 8, 1] tanh/tanh/sigmoid, binary
   cross-entropy, batch 10, 100 epochs, learning rate 0.1, plain SGD, against
   scikit-learn's MLPClassifier(solver="sgd") set up the same way (skipped if
   scikit-learn is missing).
3. One feedforward of a 100 x 100 heatmap grid with every neuron's activation.

Times are the best of several rounds, the runs being compared taking turns in
each round, so that other work on the machine disturbs them alike.
"""
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import perceptron  # noqa: E402  (the source next to this file, installed or not)
from lesson_loop import OurNeuralNetwork  # noqa: E402

ROUNDS = 7


def best_times(*runs):
    """[(best wall time in seconds, last result)] of each run, the runs taking turns."""
    times, results = [[] for _ in runs], [None] * len(runs)
    for _ in range(ROUNDS):
        for k, run in enumerate(runs):
            start = time.perf_counter()
            results[k] = run()
            times[k].append(time.perf_counter() - start)
    return [(min(t), result) for t, result in zip(times, results)]


def lesson_rows():
    X, y, _ = perceptron.people()
    start = perceptron.random_lesson_network(seed=25)
    data, all_y_trues = X.astype(int), y.astype(int)  # the lesson's integer arrays

    def core():
        return perceptron.train(start.copy(), X, y, epochs=1000, learning_rate=0.1).loss

    def lesson(every):
        return lambda: OurNeuralNetwork(*start.params).train(data, all_y_trues, loss_every=every)

    (core_time, core_losses), *baselines = best_times(core, lesson(1), lesson(10))
    rows = [("lesson 2-2-1, 1000 epochs: perceptron.train (loss every epoch)", core_time, None)]
    for every, how, (baseline_time, losses) in zip((1, 10), ("every epoch, as the core", "every 10th epoch, as printed"),
                                                   baselines):
        assert abs(losses[-1] - core_losses[::every][-1]) < 1e-9, "the two disagree"
        rows.append((f"  the lesson's scalar loop (loss {how})", baseline_time, baseline_time / core_time))
    return rows


def sklearn_rows():
    X, y = perceptron.make_dataset("circle", n=500, noise=0.1, seed=0)
    X = X / 6  # inputs of order 1 for both

    def core():
        net = perceptron.Network.random([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], seed=0, init="uniform")
        return perceptron.train(net, X, y, epochs=100, learning_rate=0.1, batch_size=10, loss="bce").accuracy[-1]

    def core_row(seconds, accuracy):
        return (f"circle 500 pts, [2, 8, 8, 1], batch 10, 100 epochs: perceptron.train (accuracy {accuracy:.3f})",
                seconds, None)

    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        print("scikit-learn is not installed: its row is skipped (pip install scikit-learn)")
        (core_time, core_accuracy), = best_times(core)
        return [core_row(core_time, core_accuracy)]

    def sklearn():
        model = MLPClassifier(hidden_layer_sizes=(8, 8), activation="tanh", solver="sgd", batch_size=10,
                              learning_rate_init=0.1, momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                              max_iter=100, shuffle=False, tol=0.0, n_iter_no_change=100, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # it ran all 100 epochs, as asked
            model.fit(X, y)
        return model.score(X, y)

    (core_time, core_accuracy), (sklearn_time, sklearn_accuracy) = best_times(core, sklearn)
    return [core_row(core_time, core_accuracy),
            (f"  scikit-learn MLPClassifier(solver='sgd') (accuracy {sklearn_accuracy:.3f})",
             sklearn_time, sklearn_time / core_time)]


def grid_rows():
    net = perceptron.Network.random([2, 8, 8, 1], ["tanh", "tanh", "sigmoid"], seed=0)
    points = perceptron.grid(n=100)
    (grid_time, _), = best_times(lambda: perceptron.feedforward(net, points, return_activations=True))
    return [("heatmap: feedforward of a 100 x 100 grid, every neuron, [2, 8, 8, 1]", grid_time, None)]


def main():
    rows = lesson_rows() + sklearn_rows() + grid_rows()
    width = max(len(name) for name, _, _ in rows)
    print(f"perceptron {perceptron.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}, "
          f"best of {ROUNDS} rounds")
    print(f"{'run':<{width}}  {'time':>9}  {'vs core':>7}")
    for name, seconds, ratio in rows:
        slower = "" if ratio is None else f"{ratio:6.2f}x"
        print(f"{name:<{width}}  {seconds * 1e3:7.1f}ms  {slower:>7}")
    print("'vs core': the other's time over the core's (above 1: the core is faster)")


if __name__ == "__main__":
    main()
