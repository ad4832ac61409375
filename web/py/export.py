"""Saving, sharing and exporting a playground experiment: checks of everything that comes back in, the model
file and compact link payloads (the Jupyter notebooks are notebook.py's).

The page's state is web/js/playground/state.js's object, plus ``log``: how the model came to be, so that a
notebook can replay it exactly::

    {"start": null | perceptron-model dict,    null: Network.random(sizes, seed, init="uniform"), as new_model
     "runs": [{"epoch": first epoch, "epochs": n, "learningRate", "batchSize", "loss", "regularization",
               "regRate", "optimizer", "seed", "activations"}, ...]}

Every run is one uninterrupted training stream of playground.train: a fresh optimizer and the shuffling
generator np.random.default_rng([seed, first epoch]), so ``perceptron.train`` over the run's epochs gives
the same weights however the stream was chunked.
"""
import base64
import json
import re

import numpy as np

import perceptron
from perceptron import InputError
from perceptron import datasets

# The playground's own tables and limits; the page gets them from web/js/contract.js, generated from these.
MAX_POINTS = 10_000           # points in the playground (the core takes up to MAX_SAMPLES)
MAX_MODEL_CHARS = 2_000_000   # a model file: MAX_PARAMS numbers at about 20 characters each
MAX_RUNS = 500                # training runs kept in the log; beyond that the notebook starts from a snapshot
MAX_EPOCH = 10**9
PLAYGROUND_ACTIVATIONS = ("tanh", "sigmoid", "relu", "linear")
OUTPUT_ACTIVATIONS = (*PLAYGROUND_ACTIVATIONS, *perceptron.OUTPUT_ACTIVATIONS)
"""The output layer's: a hidden layer's, or softmax for three classes or more."""
MAX_CLASSES = 5               # classes the playground tells apart: as many colours as draw.js has
MAX_HIDDEN_LAYERS, MAX_NEURONS = 8, 16
REGULARIZATIONS = ("none", "l1", "l2")
PLAYGROUND_DATASETS = {**{name: kind for name, (kind, _) in perceptron.DATASETS.items()},
                       **{name: "classification" for name in perceptron.MULTICLASS_DATASETS}, "people": "classification"}
"""Data set name -> kind: the core's, its many-class sets, and the lesson's people (playground.generate)."""
MULTICLASS_DATASETS = list(perceptron.MULTICLASS_DATASETS)
"""The data sets drawn with the settings' number of classes."""
DATA_VERSION = 2
"""The version of the core's data sets (perceptron.DATASETS) that saved states and links record: 1, or none,
before make_dataset followed TF Playground's dataset.ts, 2 since. The same settings now make other points."""
WHEEL = f"perceptron-{perceptron.__version__}-py3-none-any.whl"
"""The core's wheel as the site serves it (in pyodide/), which notebooks install or name."""
GENERATED_DATASETS = [*perceptron.DATASETS, *perceptron.MULTICLASS_DATASETS]
"""The data sets whose points DATA_VERSION describes (the lesson's people never changed)."""


def outputs(settings):
    """Output neurons for the settings: one per class from three classes on (softmax), else one."""
    classes = settings.get("classes", 2)
    return classes if settings["task"] == "classification" and classes > 2 else 1


def layer_sizes(settings):
    """The network's layer sizes for the settings: [inputs, *hidden, outputs]."""
    return [len(settings["features"]), *settings["hidden"], outputs(settings)]


def classes_of(labels):
    """How many classes integer labels 0 .. k - 1 make (2 for none, or 0/1), or None when they are no classes
    the playground can draw (not integers from 0, or more than MAX_CLASSES)."""
    labels = np.asarray(labels, dtype=float)
    if not np.all((labels >= 0) & (labels == np.round(labels))):
        return None
    k = max(2, int(labels.max(initial=0)) + 1)
    return k if k <= MAX_CLASSES else None


# ---------------------------------------------------------------- checks of what comes back in

def check_points(points):
    """Rows [x1, x2, y, test] as an (n, 4) float array: finite, test 0 or 1, at most MAX_POINTS."""
    if not isinstance(points, (list, tuple)):
        raise ValueError("the points must be a list of [x1, x2, label, test] rows")
    if len(points) > MAX_POINTS:
        raise InputError("points.too_many", n=len(points), max=MAX_POINTS)
    if not points:
        return np.zeros((0, 4))
    if not all(isinstance(p, (list, tuple)) and len(p) == 4 for p in points):
        raise ValueError("every point must be a row [x1, x2, label, test]")
    P = perceptron.validate.array(points, "the points")
    if not np.isin(P[:, 3], (0, 1)).all():
        raise InputError("points.test_flag")
    return P


def check_model(model, settings):
    """The model dict, if it is a perceptron model shaped as the settings say (inputs, hidden sizes, one output)."""
    net = perceptron.Network.from_dict(model)
    expected = layer_sizes(settings)
    if net.sizes != expected:
        raise ValueError(f"the model's layer sizes {net.sizes} do not match the settings' {expected}")
    return net.to_dict()


def check_state(state):
    """A saved or shared playground state made safe to use, or ValueError naming the first problem.

    The page checks each setting against its schema first (state.js); this checks what only numbers can
    tell: points, extent, the model against the architecture, epoch, history and log.
    """
    if not isinstance(state, dict) or not isinstance(state.get("settings"), dict):
        raise ValueError("not a playground state")
    settings = state["settings"]
    P = check_points(state.get("points", []))
    extent = perceptron.validate.number(state.get("extent", 6), "extent", minimum=0.0, inclusive=False)
    if extent > 1e6:
        raise ValueError(f"extent {extent} is too large")
    if P.size and np.abs(P[:, :2]).max() > 1e6:
        raise ValueError("a point lies further than 10⁶ from the origin")
    classes = classes_of(P[:, 2]) if settings.get("task") == "classification" and P.size else None
    if classes not in (None, settings.get("classes", 2)):
        raise ValueError(f"the points' labels make {classes} classes, the settings say {settings.get('classes')}")
    model = None if state.get("model") is None else check_model(state["model"], settings)
    epoch = perceptron.validate.count(state.get("epoch", 0), "epoch", minimum=0)
    if epoch > MAX_EPOCH:
        raise ValueError(f"epoch {epoch} is too large")
    history = state.get("history", [])
    number = lambda v: v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))  # noqa: E731
    if not isinstance(history, list) or not all(isinstance(r, list) and len(r) == 3 and all(map(number, r))
                                                for r in history):
        raise ValueError("the loss history must be a list of [epoch, train loss, test loss] rows of numbers")
    return {"points": P.tolist(), "extent": extent, "model": model, "epoch": epoch, "history": history,
            "log": check_log(state.get("log"), settings, epoch)}


def check_log(log, settings, epoch):
    """The training log if it is consistent (contiguous runs ending at ``epoch``), else None: not replayable."""
    try:
        if not isinstance(log, dict) or not isinstance(log.get("runs"), list) or len(log["runs"]) > MAX_RUNS:
            return None
        start = log.get("start")
        if start is not None:
            check_model(start, settings)
        runs = [run_arguments(run) for run in log["runs"]]
        at = runs[0]["epoch"] if runs else epoch
        for run in runs:
            if run["epoch"] != at:
                return None
            at += run["epochs"]
        if at != epoch or (start is None and runs and runs[0]["epoch"] != 0):
            return None
        return {"start": start, "runs": log["runs"]}
    except (KeyError, TypeError, ValueError):
        return None


def run_arguments(run):
    """A logged run as perceptron.train's arguments plus its first epoch, seed and activations (ValueError if
    a value is not one the page makes)."""
    reg = perceptron.validate.name(run["regularization"], REGULARIZATIONS, "regularization")
    rate = perceptron.validate.number(run["regRate"], "regRate", minimum=0.0)
    activations = run["activations"]
    if not isinstance(activations, list) or not activations:
        raise ValueError("a run needs its activations")
    return {
        "epoch": perceptron.validate.count(run["epoch"], "epoch", minimum=0),
        "epochs": perceptron.validate.count(run["epochs"], "epochs"),
        "learning_rate": perceptron.validate.number(run["learningRate"], "learningRate", 0.0, inclusive=False),
        "batch_size": perceptron.validate.count(run["batchSize"], "batchSize"),
        "loss": perceptron.validate.name(run["loss"], perceptron.LOSSES, "loss"),
        "optimizer": perceptron.validate.name(run["optimizer"], perceptron.OPTIMIZERS, "optimizer"),
        "l1": rate if reg == "l1" else 0.0,
        "l2": rate if reg == "l2" else 0.0,
        "seed": perceptron.validate.count(run["seed"], "seed", minimum=0),
        "activations": [perceptron.validate.name(a, PLAYGROUND_ACTIVATIONS, "activation") for a in activations[:-1]]
                       + [perceptron.validate.name(activations[-1], OUTPUT_ACTIVATIONS, "activation")],
    }


# ---------------------------------------------------------------- the model file

def model_json(model, features):
    """The model as a perceptron-model JSON file; "inputs" (ignored by from_dict) names the features it reads."""
    d = perceptron.Network.from_dict(model).to_dict()
    return json.dumps({**d, "inputs": list(features)}, indent=1)


def read_model(text, settings):
    """A model file for the playground: {"model", "features", "hidden", "activations"}, or ValueError."""
    if not isinstance(text, str):
        raise ValueError("a model file must be text")
    if len(text) > MAX_MODEL_CHARS:
        raise InputError("file.too_long", n=len(text), max=MAX_MODEL_CHARS)
    if not text.strip():
        raise InputError("file.empty")
    try:
        d = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError("file.not_json", detail=e.msg, line=e.lineno, column=e.colno) from None
    net = perceptron.Network.from_dict(d)
    hidden = net.sizes[1:-1]
    if net.sizes[-1] != outputs(settings):
        raise InputError("model.outputs", n=net.sizes[-1], expected=outputs(settings))
    if len(hidden) > MAX_HIDDEN_LAYERS or any(n > MAX_NEURONS for n in hidden):
        raise InputError("model.hidden", layers=MAX_HIDDEN_LAYERS, neurons=MAX_NEURONS, hidden=str(hidden))
    activations = [layer.activation for layer in net.layers]
    for a in activations[:-1]:
        perceptron.validate.name(a, PLAYGROUND_ACTIVATIONS, "activation")
    # many classes need a softmax output, one output anything else
    perceptron.validate.name(activations[-1], PLAYGROUND_ACTIVATIONS if net.sizes[-1] == 1 else
                             perceptron.OUTPUT_ACTIVATIONS, "activation")
    features = d.get("inputs")
    if features is None:
        current = list(settings["features"])
        features = current if len(current) == net.sizes[0] else list(datasets.FEATURES)[:net.sizes[0]]
    if (not isinstance(features, list) or len(features) != net.sizes[0] or len(set(features)) != len(features)
            or not all(f in datasets.FEATURES for f in features)):
        raise InputError("model.inputs", n=net.sizes[0], choices=", ".join(datasets.FEATURES))
    # the playground orders its features as the core lists them: put the model's columns in that order
    order = sorted(range(len(features)), key=lambda i: list(datasets.FEATURES).index(features[i]))
    d = net.to_dict()
    for layer in d["layers"][:1]:
        layer["weights"] = [[row[i] for i in order] for row in layer["weights"]]
    return {"model": d, "features": [features[i] for i in order], "hidden": hidden, "activations": activations}


# ---------------------------------------------------------------- link payloads

def _b64(values):
    return base64.urlsafe_b64encode(np.asarray(values, dtype="<f8").tobytes()).decode().rstrip("=")


def _unb64(text):
    if not isinstance(text, str) or len(text) > 4 * MAX_POINTS * 8 * 4 // 3 + 4:
        raise InputError("link.too_long")
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise InputError("link.not_base64")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) % 8:
        raise InputError("link.cut_short")
    values = np.frombuffer(raw, dtype="<f8")
    if not np.isfinite(values).all():
        raise InputError("link.not_finite")
    return values


def share(state, max_chars=20_000):
    """Payloads for a link: {"data": points unless the settings regenerate them, "weights": the parameters},
    each base64url of float64 (exact), or None when it would make the link longer than ``max_chars``."""
    P = check_points(state["points"])
    data = None if regenerates(state["settings"], P) else _b64(P.ravel())
    weights = None
    if state.get("model") is not None:
        weights = _b64(perceptron.Network.from_dict(state["model"]).params)
    data = data if data is None or len(data) <= max_chars else None
    weights = weights if weights is not None and len(weights) + len(data or "") <= max_chars else None
    return {"data": data, "weights": weights, "regenerates": data is None and regenerates(state["settings"], P)}


def unshare(settings, data=None, weights=None):
    """A link's payloads back as {"points", "model"}: None for each one absent. ValueError if bad."""
    out = {"points": None, "model": None}
    if data is not None:
        values = _unb64(data)
        if values.size % 4:
            raise InputError("link.rows")
        P = check_points(values.reshape(-1, 4).tolist())
        out["points"] = P.tolist()
    if weights is not None:
        sizes = layer_sizes(settings)
        net = perceptron.Network.random(sizes, activations=settings["activations"], seed=0)
        values = _unb64(weights)
        if values.size != net.n_params:
            raise InputError("link.weights", n=values.size, expected=net.n_params)
        net.params[:] = values
        out["model"] = net.to_dict()
    return out


def generator_code(settings, comments=("", "")):
    """Code that makes `points` (n, 4) as the playground generates its data set (playground.generate), or None
    for the lesson's people and the user's own data. ``comments``: a line before each of its two steps (the
    notebook's, in its language), or none."""
    name = settings.get("dataset")
    if name not in GENERATED_DATASETS:
        return None
    classes = f", classes={settings['classes']}" if name in perceptron.MULTICLASS_DATASETS else ""
    test = 100 - settings["trainRatio"]
    lines = [comments[0].format(name=name),
             f"X, y = perceptron.make_dataset({name!r}, n={settings['nPoints']}, noise={settings['noise'] / 100!r}, "
             f"seed={settings['dataSeed']}{classes})",
             comments[1].format(test=test),
             "test = np.zeros(len(X))",
             f"test[np.random.default_rng({settings['dataSeed']}).permutation(len(X))[:round(len(X) * {test} / 100)]] = 1",
             "points = np.column_stack([X, y, test])"]
    return "".join(line + "\n" for line in lines if line)


def regenerates(settings, P, code=None):
    """Whether the generator's code gives exactly these points (then a link or a notebook needn't carry them)."""
    code = code or generator_code(settings)
    if code is None or len(P) == 0:
        return False
    space = {"np": np, "perceptron": perceptron}
    try:
        exec(code, space)
    except (KeyError, ValueError):
        return False
    return np.array_equal(space["points"], P)
