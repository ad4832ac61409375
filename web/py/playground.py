"""The playground's Python side: data, features, chunked training and grid outputs, all through `perceptron`.

The page sends its whole state (web/js/playground/state.js): ``settings``, ``points`` as rows
[x1, x2, y, test], ``extent`` (the plane is [-extent, extent]²), ``model`` (a perceptron-model dict) and
``epoch``. Grids go back as float32 arrays of "levels" in [-1, 1] that the page only has to colour:
-1 orange, 0 grey, +1 blue. With three classes or more (a softmax output) the output map is the winning class
of each grid point (``winner``, uint8) and its probability as a level from 0 (a tie of all) to 1 (certain).
"""
import math
import time

import numpy as np

import export
import perceptron
from perceptron import InputError, datasets, lesson

GRID = 100          # the output heatmap: GRID × GRID points over the plane
POOL = 4            # neuron thumbnails: every POOL-th grid point in each direction, (GRID / POOL)² values
SNAPSHOT = 1 / 40   # aim: a snapshot every 25 ms, so the page redraws its maps 40 times a second, not every frame
MAX_CHUNK = 1000    # epochs per snapshot at most, so a cancel is never far away


# ---------------------------------------------------------------- data

def generate(settings):
    """A data set from the settings, split into train and test: {"points", "extent"}."""
    if settings["dataset"] == "people":
        # The lesson's four people train; Emily and Frank, whom the lesson asks about, test.
        X, y, _ = datasets.people()
        X_test = np.array([lesson.EMILY.shifted, lesson.FRANK.shifted], dtype=float)
        y_test = np.array([lesson.EMILY.female, lesson.FRANK.female], dtype=float)
        rows = [[*x, t, 0] for x, t in zip(X.tolist(), y.tolist())]
        rows += [[*x, t, 1] for x, t in zip(X_test.tolist(), y_test.tolist())]
        return {"points": rows, "extent": _extent(np.vstack([X, X_test]))}
    many = {"classes": settings["classes"]} if settings["dataset"] in datasets.MULTICLASS_DATASETS else {}
    X, y = datasets.make_dataset(settings["dataset"], n=settings["nPoints"], noise=settings["noise"] / 100,
                                 seed=settings["dataSeed"], **many)
    return {"points": _split(X, y, settings), "extent": float(datasets.DOMAIN[1])}


THUMBNAIL_POINTS = 200  # as TF Playground's data set buttons: 200 points, no noise
THUMBNAIL_CLASSES = 3


def thumbnails():
    """Every data set drawn small, for its button: {"points": {name: uint8 array of [x, y, colour] triples},
    "classes": names of the sets whose colour is a class index}, x and y from 0 to 255 across the view (x₂
    upwards), colour from 0 (orange, class 0 or the lowest target) to 255 (blue), or the class of a many-class
    set. Bytes, so that the build's answer adds little to the page."""
    sets = {name: datasets.make_dataset(name, n=THUMBNAIL_POINTS, seed=0) for name in perceptron.DATASETS}
    sets.update({name: datasets.make_dataset(name, n=THUMBNAIL_POINTS, seed=0, classes=THUMBNAIL_CLASSES)
                 for name in datasets.MULTICLASS_DATASETS})
    people = np.asarray(generate({"dataset": "people"})["points"])
    sets["people"] = (people[:, :2], people[:, 2])
    points = {}
    for name, (X, y) in sets.items():
        e = _extent(X)
        if name in datasets.MULTICLASS_DATASETS:
            colour = y / 255  # the class itself
        else:
            colour = y if np.isin(y, (0, 1)).all() else (y / np.abs(y).max() + 1) / 2
        points[name] = np.round(np.column_stack([(X + e) / (2 * e), colour]) * 255).astype(np.uint8).ravel()
    return {"points": points, "classes": list(datasets.MULTICLASS_DATASETS)}


def _split(X, y, settings):
    """Rows [x1, x2, y, test] with (100 - trainRatio) % of them marked as test, at random from the data seed."""
    n_test = round(len(X) * (100 - settings["trainRatio"]) / 100)
    test = np.zeros(len(X))
    test[np.random.default_rng(settings["dataSeed"]).permutation(len(X))[:n_test]] = 1
    return np.column_stack([X, y, test]).tolist()


def _extent(X):
    """Half the side of a square view that holds every point with a margin: 6 (the data sets') or more."""
    return float(max(datasets.DOMAIN[1], math.ceil(np.abs(X).max() * 1.15)))


def parse_csv(text, settings):
    """Points from CSV text with two feature columns and a label; ValueError says what is wrong. Labels that
    are classes 0 .. k - 1 (export.classes_of) make a classification, others a regression."""
    table = datasets.parse_csv(text)
    if table.X.shape[1] != 2:
        raise ValueError(f"the playground needs exactly 2 feature columns, the file has {table.X.shape[1]}: "
                         f"{', '.join(table.features)}")
    task = "regression" if export.classes_of(table.y) is None else "classification"
    return {"points": _split(table.X, table.y, settings), "extent": _extent(table.X), "task": task,
            "count": len(table.X)}


def resplit(points, settings):
    """The same points with a new train/test split for the settings' ratio."""
    P = np.asarray(points, dtype=float).reshape(-1, 4)
    return {"points": _split(P[:, :2], P[:, 2], settings)}


def to_csv(points):
    """CSV text of the points: x1, x2, label."""
    P = np.asarray(points, dtype=float).reshape(-1, 4)
    return datasets.to_csv(P[:, :2], P[:, 2])


def _data(state):
    """(X_train, y_train, X_test or None, y_test or None) with the chosen input features."""
    P = np.asarray(state["points"], dtype=float).reshape(-1, 4)
    features = state["settings"]["features"]
    train, test = P[P[:, 3] == 0], P[P[:, 3] == 1]
    if not len(train):
        raise InputError("train.no_points")
    X_test = datasets.add_features(test[:, :2], features) if len(test) else None
    return datasets.add_features(train[:, :2], features), train[:, 2], X_test, test[:, 2] if len(test) else None


# ---------------------------------------------------------------- model and grids

def new_model(settings):
    """A fresh network for the settings (TF Playground's init: weights U(-0.5, 0.5), biases 0.1)."""
    sizes = export.layer_sizes(settings)
    net = perceptron.Network.random(sizes, activations=settings["activations"], seed=settings["seed"], init="uniform")
    return net.to_dict()


class _Grid:
    """The plane's GRID × GRID points with the chosen features, and how to turn activations into levels."""

    def __init__(self, state):
        e = float(state["extent"])
        self.points = datasets.grid((-e, e), (-e, e), n=GRID)
        self.X = datasets.add_features(self.points, state["settings"]["features"])
        P = np.asarray(state["points"], dtype=float).reshape(-1, 4)
        # regression targets are coloured relative to the largest |y| of the data
        self.scale = 1.0 if state["settings"]["task"] == "classification" else float(max(np.abs(P[:, 2]).max(initial=0), 1e-9))

    def outputs(self, net):
        """Output levels (GRID², float32), the winning class of each point (uint8, or None with one output)
        and every neuron's thumbnail levels, from ONE feedforward."""
        out, acts = perceptron.feedforward(net, self.X, return_activations=True)
        neurons = [_levels(_thin(a.T), layer.activation) for a, layer in zip(acts, net.layers)]
        if out.shape[1] > 1:
            k = out.shape[1]
            # the winner's probability from 1/k (all tied) to 1 (certain), as a level from 0 to 1
            sure = (out.max(axis=1) - 1 / k) * k / (k - 1)
            return sure.astype(np.float32), out.argmax(axis=1).astype(np.uint8), neurons
        output = 2 * out[:, 0] - 1 if self.scale == 1.0 else out[:, 0] / self.scale
        return np.clip(output, -1, 1).astype(np.float32), None, neurons

    def inputs(self):
        """Thumbnails of all seven input features over the plane, each scaled by its largest |value|."""
        F = datasets.add_features(self.points, list(datasets.FEATURES))
        return _thin(F.T / np.abs(F).max(axis=0)[:, None]).astype(np.float32)


def _thin(A):
    """(n, GRID²) grids → (n, (GRID/POOL)²): the point at the middle of every POOL × POOL block.
    A strided view, so thumbnails cost nothing beyond the one feedforward (block means cost more than it)."""
    middle = POOL // 2
    return A.reshape(len(A), GRID, GRID)[:, middle::POOL, middle::POOL].reshape(len(A), -1)


def _levels(A, activation):
    """Activations as levels in [-1, 1]: sigmoid's [0, 1] stretched, unbounded ones scaled by their largest |a|."""
    if activation in ("sigmoid", "softmax"):
        A = 2 * A - 1
    elif activation in ("relu", "linear"):
        A = A / np.maximum(np.abs(A).max(axis=1, keepdims=True), 1.0)
    return A.astype(np.float32)


def _metrics(net, state):
    """Loss and accuracy on the train and test points (accuracy for 0/1 labels only)."""
    X, y, X_test, y_test = _data(state)
    return {**_measure(net, state["settings"], X, y), **_measure(net, state["settings"], X_test, y_test, "test_")}


def _measure(net, settings, X, y, prefix=""):
    """{prefix + "loss", prefix + "accuracy"} of the network on one set; nothing without the set."""
    if X is None:
        return {}
    loss, accuracy = perceptron.evaluate(net, X, y, settings["loss"])
    out = {prefix + "loss": loss}
    if settings["task"] == "classification":
        out[prefix + "accuracy"] = accuracy
    return out


def view(state):
    """Everything the page draws for a model at rest: grids, input thumbnails and metrics."""
    net = perceptron.Network.from_dict(state["model"])
    grid = _Grid(state)
    output, winner, neurons = grid.outputs(net)
    return {"output": output, "winner": winner, "neurons": neurons, "inputs": grid.inputs(), "side": GRID, "thumb": GRID // POOL,
            **_metrics(net, state)}


# ---------------------------------------------------------------- training

def train(state, max_epochs=0):
    """Train from the state's model and yield snapshots, one per SNAPSHOT seconds, until cancelled.

    One optimizer object lives across the chunks, so momentum and Adam continue smoothly. Each chunk of
    epochs is sized so that training fills the SNAPSHOT interval but for what the snapshot costs (computing
    it here, sending it from the worker), or at least as long as that: a big network still learns. The test
    set is measured once per snapshot, not after every epoch: only the snapshot shows it. ``max_epochs``
    > 0 stops after that many epochs (the Step button: 1).
    """
    s = state["settings"]
    X, y, X_test, y_test = _data(state)
    net = perceptron.Network.from_dict(state["model"])
    grid = _Grid(state)
    optimizer = perceptron.OPTIMIZERS[s["optimizer"]]()
    rng = np.random.default_rng([s["seed"], state["epoch"]])  # shuffling continues its stream across chunks
    reg = {"l1": 0.0, "l2": 0.0}
    if s["regularization"] in reg:
        reg[s["regularization"]] = s["regRate"]
    epoch, done, chunk = state["epoch"], 0, 1
    outside = 0.0  # the worker's time on the previous snapshot: converting it and sending it to the page
    while not max_epochs or done < max_epochs:
        n = min(chunk, max_epochs - done) if max_epochs else chunk
        start = time.perf_counter()
        diverged = None
        try:
            history = perceptron.train(net, X, y, epochs=n, learning_rate=s["learningRate"], batch_size=s["batchSize"],
                                       loss=s["loss"], shuffle=True, seed=rng, optimizer=optimizer, **reg)
        except perceptron.DivergenceError as e:
            history, diverged = e.history, str(e)
        trained = time.perf_counter()
        epoch, done = epoch + history.epochs_run, done + history.epochs_run
        snapshot = _snapshot(net, grid, history, epoch, trained - start, _measure(net, s, X_test, y_test, "test_"))
        if diverged:
            snapshot["diverged"] = diverged
            yield snapshot
            return {"epoch": epoch, "diverged": diverged}
        overhead = outside + time.perf_counter() - trained
        chunk = max(1, min(MAX_CHUNK, int(max(SNAPSHOT - overhead, overhead) * n / max(trained - start, 1e-6))))
        yielded = time.perf_counter()
        yield snapshot
        outside = time.perf_counter() - yielded
    return {"epoch": epoch}


def _snapshot(net, grid, history, epoch, seconds, test):
    """What the page draws after a chunk: `test` holds the test set's loss and accuracy, if it has one."""
    output, winner, neurons = grid.outputs(net)
    last = lambda values: values[-1] if values else None  # noqa: E731
    return {
        "epoch": epoch, "epochs": history.epochs_run, "seconds": seconds,
        "loss": last(history.loss), "accuracy": last(history.accuracy), "test_loss": None, "test_accuracy": None,
        **test, "model": net.to_dict(), "output": output, "winner": winner, "neurons": neurons,
    }


# ---------------------------------------------------------------- one weight, one point

def chain(state, point, layer, j, i):
    """The chain rule of dL/d(weights[layer][j][i]) for one point (an index into state["points"])."""
    s = state["settings"]
    net = perceptron.Network.from_dict(state["model"])
    row = state["points"][point]
    x = datasets.add_features(np.array([row[:2]], dtype=float), s["features"])[0]
    many = s["loss"] == "cce"  # the label is a class index, and the prediction shown is that class's probability
    trace = perceptron.backprop_trace(net, x, row[2] if many else [row[2]], s["loss"])
    rule = perceptron.chain_rule(trace, layer, j, i)
    return {**rule, "factors": [list(f) for f in rule["factors"]], "x": row[:2], "y": row[2],
            "y_pred": trace["y_pred"][int(row[2]) if many else 0], "loss": trace["loss"], "weight": trace["layers"][layer]["weights"][j][i]}
