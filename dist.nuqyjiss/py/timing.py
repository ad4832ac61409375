"""Timings for `python3 build.py bench`: the same functions run in the worker's Pyodide and in native CPython,
so their ratio is the cost of WebAssembly alone."""
import time

import perceptron as pc


def lesson_training(epochs=1000, seed=0):
    """Seconds for the lesson's run: SGD one person at a time, learning rate 0.1, from seeded N(0, 1) weights."""
    net = pc.random_lesson_network(seed)
    X, y, _ = pc.people()
    start = time.perf_counter()
    pc.train(net, X, y, epochs=epochs, learning_rate=0.1)
    return time.perf_counter() - start


def playground_view(state):
    """Seconds to compute what each training frame draws: the 100×100 output and every neuron's map, from one
    feedforward on the plane's grid (built once per training run, as `playground.train` does)."""
    import playground  # here, not at the top: the worker fetches web/py/playground.py when a page first calls it

    net = pc.Network.from_dict(state["model"])
    grid = playground._Grid(state)
    start = time.perf_counter()
    grid.outputs(net)
    return time.perf_counter() - start


def playground_training(state, epochs=200):
    """Epochs per second of the playground's training alone (as `playground.train` calls it, no snapshots)."""
    import playground

    s = state["settings"]
    X, y, _, _ = playground._data(state)
    net = pc.Network.from_dict(state["model"])
    start = time.perf_counter()
    pc.train(net, X, y, epochs=epochs, learning_rate=s["learningRate"], batch_size=s["batchSize"], loss=s["loss"],
             shuffle=True, seed=0, optimizer=s["optimizer"])
    return epochs / (time.perf_counter() - start)
