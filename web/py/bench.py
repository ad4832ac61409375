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
    """Seconds to compute what the playground draws for a model at rest: the 100×100 output and every map."""
    import playground  # here, not at the top: the worker fetches web/py/playground.py when a page first calls it

    start = time.perf_counter()
    playground.view(state)
    return time.perf_counter() - start
