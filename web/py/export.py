"""Saving, sharing and exporting a playground experiment: checks of everything that comes back in, the model
file, compact link payloads and the Jupyter notebook.

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
        runs = [_run(run) for run in log["runs"]]
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


def _run(run):
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
    data = None if _regenerates(state["settings"], P) else _b64(P.ravel())
    weights = None
    if state.get("model") is not None:
        weights = _b64(perceptron.Network.from_dict(state["model"]).params)
    data = data if data is None or len(data) <= max_chars else None
    weights = weights if weights is not None and len(weights) + len(data or "") <= max_chars else None
    return {"data": data, "weights": weights, "regenerates": data is None and _regenerates(state["settings"], P)}


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


def _generator_code(settings, T=None):
    """Code that makes `points` (n, 4) as the playground generates its data set (playground.generate), or None
    for the lesson's people and the user's own data."""
    name = settings.get("dataset")
    if name not in GENERATED_DATASETS:
        return None
    classes = f", classes={settings['classes']}" if name in perceptron.MULTICLASS_DATASETS else ""
    T = T or TEXT["en"]
    test = 100 - settings["trainRatio"]
    return (f"{T['gen'].format(name=name)}\n"
            f"X, y = perceptron.make_dataset({name!r}, n={settings['nPoints']}, noise={settings['noise'] / 100!r}, "
            f"seed={settings['dataSeed']}{classes})\n"
            f"{T['gen_split'].format(test=test)}\n"
            "test = np.zeros(len(X))\n"
            f"test[np.random.default_rng({settings['dataSeed']}).permutation(len(X))[:round(len(X) * {test} / 100)]] = 1\n"
            "points = np.column_stack([X, y, test])\n")


def _regenerates(settings, P, code=None):
    """Whether the generator's code gives exactly these points (then a link or a notebook needn't carry them)."""
    code = code or _generator_code(settings)
    if code is None or len(P) == 0:
        return False
    space = {"np": np, "perceptron": perceptron}
    try:
        exec(code, space)
    except (KeyError, ValueError):
        return False
    return np.array_equal(space["points"], P)


# ---------------------------------------------------------------- the notebook

TEXT = {
    "en": {
        "title": "# Perceptron Lab: a playground experiment\n\n"
                 "Exported from the Perceptron Lab playground. This notebook recreates the data and the network "
                 "with numpy and the `perceptron` package, replays the training and checks that it ends with the "
                 "same model as the playground.",
        "setup": "## Setup\n\nThe `perceptron` package is the same numpy code that ran in your browser.",
        "missing": "This notebook needs the perceptron package of Perceptron Lab. Install it with\n"
                   "    %pip install {wheel}\nthen run this cell again.",
        "data": "## Data\n\n{n} points: {n_train} for training, {n_test} for testing. Columns of `points`: "
                "x1, x2, the label ({labels}) and 1 for a test point. The network reads the features {features}.",
        "labels_cls": "1 blue, 0 orange", "labels_reg": "a value to predict",
        "labels_multi": "the class, 0 to {last}",
        "gen": "# the \"{name}\" data set as the playground generates it, from the data seed",
        "gen_split": "# {test} % of the points, chosen with the data seed, are test points",
        "literal": "# the playground's points: x1, x2, label, test",
        "people": "# the lesson's people: weight − 135 lb, height − 66 in, 1 = female; Emily and Frank (test)",
        "net": "## The network\n\nLayer sizes {sizes}; activations {activations}.",
        "net_random": "# weights from U(-0.5, 0.5), biases 0.1, from the seed (as TF Playground)",
        "net_start": "# the weights the training below started from (edited or imported in the playground)",
        "train": "## Training\n\nLoss: {loss}. {summary}",
        "runs_one": "One run of {epochs} epochs.",
        "runs_many": "{count} runs, {epochs} epochs in all: each time training was paused and started again, "
                     "the playground started a new optimizer and shuffling generator, and so does this loop.",
        "no_runs": "The playground's model was not trained since it was created, edited or imported, "
                   "so there is nothing to replay.",
        "log": "Epoch {epoch} loss: {loss:.6f}",
        "check": "## Check\n\nThe model as the playground had it after epoch {epoch}, in the `perceptron-model` "
                 "format that `perceptron.Network.from_dict` reads.",
        "replayed": "train loss, replayed here:",
        "exported": "train loss, playground's model:",
        "difference": "difference:",
        "same": "The replay matches the playground's model.",
        "differs": "The replay differs from the playground's model: numpy builds round differently, "
                   "and long training can grow such tiny differences.",
    },
    "ru": {
        "title": "# Perceptron Lab: эксперимент из песочницы\n\n"
                 "Экспорт из песочницы Perceptron Lab. Блокнот заново создаёт данные и сеть с помощью numpy и "
                 "пакета `perceptron`, повторяет обучение и проверяет, что получилась та же модель, что в песочнице.",
        "setup": "## Подготовка\n\nПакет `perceptron` — тот же код на numpy, что работал в вашем браузере.",
        "missing": "Для этого блокнота нужен пакет perceptron из Perceptron Lab. Установите его:\n"
                   "    %pip install {wheel}\nи запустите эту ячейку снова.",
        "data": "## Данные\n\n{n} точек: {n_train} для обучения, {n_test} для проверки. Столбцы `points`: "
                "x1, x2, метка ({labels}) и 1 для проверочной точки. Сеть получает признаки {features}.",
        "labels_cls": "1 — синие, 0 — оранжевые", "labels_reg": "значение, которое нужно предсказать",
        "labels_multi": "класс, от 0 до {last}",
        "gen": "# набор данных «{name}», как его создаёт песочница, из зерна данных",
        "gen_split": "# {test} % точек, выбранные по зерну данных, — проверочные",
        "literal": "# точки из песочницы: x1, x2, метка, проверочная",
        "people": "# люди из урока: вес − 135 фунтов, рост − 66 дюймов, 1 = женщина; Эмили и Фрэнк — проверка",
        "net": "## Сеть\n\nРазмеры слоёв {sizes}; функции активации {activations}.",
        "net_random": "# веса из U(-0.5, 0.5), пороги 0.1, из зерна (как в TF Playground)",
        "net_start": "# веса, с которых началось обучение ниже (изменены или загружены в песочнице)",
        "train": "## Обучение\n\nФункция потерь: {loss}. {summary}",
        "runs_one": "Один запуск, эпох: {epochs}.",
        "runs_many": "Запусков: {count}, эпох всего: {epochs}. Каждый раз, когда обучение ставили на паузу и "
                     "запускали снова, песочница брала новый оптимизатор и новый генератор перемешивания, "
                     "и этот цикл делает так же.",
        "no_runs": "Модель из песочницы не обучалась после того, как её создали, изменили или загрузили, "
                   "так что повторять нечего.",
        "log": "Эпоха {epoch} потери: {loss:.6f}",
        "check": "## Проверка\n\nМодель из песочницы после эпохи {epoch} в формате `perceptron-model`, который "
                 "читает `perceptron.Network.from_dict`.",
        "replayed": "потери на обучении, повтор здесь:",
        "exported": "потери на обучении, модель песочницы:",
        "difference": "разница:",
        "same": "Повтор совпадает с моделью из песочницы.",
        "differs": "Повтор отличается от модели из песочницы: сборки numpy округляют по-разному, "
                   "а долгое обучение может увеличить такие крошечные расхождения.",
    },
}
LOSS_NAMES = {"bce": "binary cross-entropy (bce)", "cce": "categorical cross-entropy (cce)", "mse": "MSE"}
MAX_NOTEBOOK_CHARS = 5_000_000


def notebook(state, lang="en", wheel_url=""):
    """The experiment as a Jupyter notebook (nbformat 4.5): {"text": JSON, "filename", "replays": bool}.

    ``wheel_url``: where the page serves the perceptron wheel, for the install hint.
    """
    T = TEXT.get(lang, TEXT["en"])
    checked = check_state(state)
    settings = state["settings"]
    if checked["model"] is None:
        raise ValueError("there is no model to export yet")
    P = np.asarray(checked["points"], dtype=float).reshape(-1, 4)
    if not (P[:, 3] == 0).any():
        raise ValueError("there are no training points to export")
    log = checked["log"] or {"start": checked["model"], "runs": []}
    sizes = layer_sizes(settings)
    final_acts = _activations(checked["model"])
    first_run = (log["runs"] or [{"activations": final_acts}])[0]
    start_acts = _activations(log["start"]) if log["start"] else first_run["activations"]
    wheel = wheel_url or WHEEL
    n_test = int(P[:, 3].sum())
    labels = (T["labels_reg"] if settings["task"] == "regression" else T["labels_cls"] if sizes[-1] == 1
              else T["labels_multi"].format(last=sizes[-1] - 1))

    cells = [
        _md(T["title"]),
        _md(T["setup"]),
        _code("import numpy as np\n\ntry:\n    import perceptron\nexcept ImportError:\n"
              f"    raise ImportError({T['missing'].format(wheel=wheel)!r}) from None\n\n"
              'print("numpy", np.__version__, "· perceptron", perceptron.__version__)'),
        _md(T["data"].format(n=len(P), n_train=len(P) - n_test, n_test=n_test,
                             labels=labels,
                             features=", ".join(f"`{f}`" for f in settings["features"]))),
        _code(_data_code(settings, P, T)),
        _code(f"features = {list(settings['features'])!r}\n"
              "train, test = points[points[:, 3] == 0], points[points[:, 3] == 1]\n"
              "X_train, y_train = perceptron.add_features(train[:, :2], features), train[:, 2]\n"
              "X_test, y_test = ((perceptron.add_features(test[:, :2], features), test[:, 2]) if len(test)\n"
              "                  else (None, None))\n"
              'print("train", X_train.shape, "test", None if X_test is None else X_test.shape)'),
        _md(T["net"].format(sizes=sizes, activations=", ".join(start_acts))),
        _code(_network_code(log, sizes, start_acts, settings, T)),
        _md(T["train"].format(loss=LOSS_NAMES[settings["loss"]], summary=_summary(log, T))),
    ]
    training = _training_code([_run(r) for r in log["runs"]], start_acts, final_acts, T)
    if training:
        cells.append(_code(training))
    cells += [
        _md(T["check"].format(epoch=checked["epoch"])),
        _code(f"model = {json.dumps(checked['model'])}\n"
              "playground = perceptron.Network.from_dict(model)\n"
              f"replayed = perceptron.evaluate(net, X_train, y_train, {settings['loss']!r})[0]\n"
              f"exported = perceptron.evaluate(playground, X_train, y_train, {settings['loss']!r})[0]\n"
              f"print({T['replayed']!r}, repr(replayed))\n"
              f"print({T['exported']!r}, repr(exported))\n"
              f"print({T['difference']!r}, abs(replayed - exported))\n"
              f"print({T['same']!r} if abs(replayed - exported) <= 1e-9 else {T['differs']!r})"),
    ]
    return {"text": _notebook(cells, "use fewer points"), "filename": f"perceptron-lab-{settings['dataset']}.ipynb",
            "replays": bool(log["runs"])}


def _notebook(cells, remedy):
    """The cells as an nbformat 4.5 notebook's JSON text."""
    nb = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "cells": [{**c, "id": f"cell-{k + 1}"} for k, c in enumerate(cells)],
    }
    text = json.dumps(nb, ensure_ascii=False, indent=1)
    if len(text) > MAX_NOTEBOOK_CHARS:
        raise ValueError(f"the notebook would have {len(text)} characters (at most {MAX_NOTEBOOK_CHARS}): {remedy}")
    return text


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": text}


def _data_code(settings, P, T):
    """Code that makes `points` (n, 4): the generator's call when it reproduces them exactly, else the numbers."""
    code = _generator_code(settings, T)
    if _regenerates(settings, P, code):  # the code must give exactly the playground's points, else the numbers
        return code + "print(points.shape)"
    rows = ",\n".join(f"    [{', '.join(map(repr, row))}]" for row in P.tolist())
    comment = T["people" if settings.get("dataset") == "people" else "literal"]
    return f"{comment}\npoints = np.array([\n{rows},\n])\nprint(points.shape)"


def _activations(model):
    return [layer["activation"] for layer in model["layers"]]


def _switch(activations, indent=""):
    """Code giving `net` other activations with the same weights, as the playground does when one changes."""
    return [f"{indent}# an activation was changed in the playground: same weights, another function",
            f"{indent}net = perceptron.Network([(W, b, a) for (W, b, _), a in zip(net.layers, {activations})])"]


def _network_code(log, sizes, activations, settings, T):
    if log["start"] is None:
        return (f"{T['net_random']}\n"
                f"net = perceptron.Network.random({sizes!r}, activations={activations!r}, "
                f"seed={settings['seed']}, init=\"uniform\")\nnet")
    return f"{T['net_start']}\nstart = {json.dumps(log['start'])}\nnet = perceptron.Network.from_dict(start)\nnet"


def _summary(log, T):
    total = sum(run["epochs"] for run in log["runs"])
    if not log["runs"]:
        return T["no_runs"]
    return T["runs_one"].format(epochs=total) if len(log["runs"]) == 1 else \
        T["runs_many"].format(count=len(log["runs"]), epochs=total)


def _every(total):
    """How often to print the loss: the lesson's every 10 epochs, or rarer (20, 50, 100, ...) for about 20 lines."""
    if total < 10:
        return 1
    return next(s for k in range(1, 12) for s in (10**k, 2 * 10**k, 5 * 10**k) if total / s <= 20)


def _training_code(runs, start_acts, final_acts, T):
    """perceptron.train once per logged run, with the generator and a fresh optimizer as the playground had;
    "" when there is nothing to do."""
    lines, acts = [], start_acts
    if runs:
        lines += [
            f"every = {_every(sum(r['epochs'] for r in runs))}",
            "",
            "def report(first):",
            f"    # prints the loss like the lesson: {T['log'].format(epoch=10, loss=0.225)!r}",
            "    def callback(epoch, history):",
            "        if (first + epoch) % every == 0:",
            f"            print({T['log']!r}.format(epoch=first + epoch, loss=history.loss[-1]))",
            "    return callback",
            "",
        ]
    constant = [k for k in runs[0] if all(r[k] == runs[0][k] for r in runs)] if runs else []
    if len(runs) == 1 or (runs and "activations" in constant):
        if runs[0]["activations"] != acts:
            lines += _switch(runs[0]["activations"])
        acts = runs[0]["activations"]
    if len(runs) == 1:
        r = runs[0]
        lines += [
            f"history = perceptron.train(net, X_train, y_train, epochs={r['epochs']}, "
            f"learning_rate={r['learning_rate']!r}, batch_size={r['batch_size']},",
            f"                           loss={r['loss']!r}, optimizer={r['optimizer']!r}, "
            f"l1={r['l1']!r}, l2={r['l2']!r}, shuffle=True,",
            f"                           seed=np.random.default_rng([{r['seed']}, {r['epoch']}]),",
            f"                           X_test=X_test, y_test=y_test, callback=report({r['epoch']}))",
        ]
    elif runs:
        changing = [k for k in runs[0] if k not in constant]
        arg = lambda k: f"run[{json.dumps(k)}]" if k in changing else repr(runs[0][k])  # noqa: E731
        lines += ["runs = ["] + [f"    {json.dumps({k: r[k] for k in changing})}," for r in runs] + ["]", "for run in runs:"]
        if "activations" in changing:
            lines += ["    # the activations of this run: same weights, maybe another function",
                      "    net = perceptron.Network([(W, b, a) for (W, b, _), a in zip(net.layers, run[\"activations\"])])"]
            acts = runs[-1]["activations"]
        lines += [
            f"    history = perceptron.train(net, X_train, y_train, epochs=run[\"epochs\"], "
            f"learning_rate={arg('learning_rate')},",
            f"                               batch_size={arg('batch_size')}, loss={arg('loss')}, "
            f"optimizer={arg('optimizer')}, l1={arg('l1')}, l2={arg('l2')},",
            f"                               shuffle=True, seed=np.random.default_rng([{arg('seed')}, run[\"epoch\"]]),",
            "                               X_test=X_test, y_test=y_test, callback=report(run[\"epoch\"]))",
        ]
    if acts != final_acts:
        lines += _switch(final_acts)
    return "\n".join(lines)


LESSON_INSTALL = {
    "en": "# The lesson's code uses the perceptron package: the site's wheel is installed if it is missing.",
    "ru": "# Код урока использует пакет perceptron: если его нет, ставится wheel-файл с сайта.",
}
MAX_LESSON_BLOCKS = 1_000


def lesson_notebook(blocks, lang="en", wheel_url=""):
    """The lesson as the student has it, in the page's language: {"text": nbformat 4.5 JSON, "filename"}.

    ``blocks``: the lesson in its order, as the page reads it (web/js/lesson/notebook.js), each one of
    ``{"kind": "heading", "level": 1-3, "text"}``, ``{"kind": "text", "text"}`` (Markdown, $TeX$ inline),
    ``{"kind": "list", "items": [text, ...]}`` (numbered), ``{"kind": "math", "tex"}`` (a displayed formula),
    ``{"kind": "table", "rows": [[cell, ...], ...]}`` (the first row is the header) and ``{"kind": "code", "code"}``
    (a cell: the student's code as last edited, or the lesson's starter with its blank). Consecutive prose
    becomes one Markdown cell. When a code cell imports ``perceptron``, a first code cell installs the wheel
    at ``wheel_url`` (where the page serves it) unless the kernel already has the package.
    """
    if not isinstance(blocks, list) or not 0 < len(blocks) <= MAX_LESSON_BLOCKS:
        raise ValueError(f"the lesson must come as a list of 1 to {MAX_LESSON_BLOCKS} blocks")
    cells, prose = [], []

    def end_prose():
        if prose:
            cells.append(_md("\n\n".join(prose)))
            prose.clear()

    for block in blocks:
        if block.get("kind") == "code":
            end_prose()
            cells.append(_code(_text(block.get("code"), "a code block's code").rstrip("\n")))
        else:
            prose.append(_markdown(block))
    end_prose()
    if any(c["cell_type"] == "code" and "perceptron" in c["source"] for c in cells):
        wheel = wheel_url or WHEEL
        at = next(k for k, c in enumerate(cells) if c["cell_type"] == "code")
        cells.insert(at, _code(f"{LESSON_INSTALL.get(lang, LESSON_INSTALL['en'])}\n"
                               "import importlib.util, subprocess, sys\n\n"
                               'if importlib.util.find_spec("perceptron") is None:\n'
                               f'    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", {wheel!r}])'))
    return {"text": _notebook(cells, "the lesson's code is too long"), "filename": "perceptron-lab-lesson.ipynb"}


def _text(value, what="a lesson block's text"):
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {type(value).__name__}")
    return value


def _markdown(block):
    """One block of the lesson's prose as Markdown."""
    kind = block.get("kind")
    if kind == "heading":
        level = block.get("level")
        if level not in (1, 2, 3):
            raise ValueError(f"a heading's level must be 1, 2 or 3, not {level!r}")
        return "#" * level + " " + _text(block.get("text"))
    if kind == "text":
        return _text(block.get("text"))
    if kind == "math":
        return f"$$\n{_text(block.get('tex'), 'a formula')}\n$$"
    if kind == "list":
        items = block.get("items")
        if not isinstance(items, list):
            raise ValueError("a list block's 'items' must be a list")
        return "\n".join(f"{k}. {_text(item, 'a list item')}" for k, item in enumerate(items, 1))
    if kind == "table":
        rows = block.get("rows")
        if not isinstance(rows, list) or not rows or not all(isinstance(r, list) and len(r) == len(rows[0]) for r in rows):
            raise ValueError("a table block's 'rows' must be rows of equal length, the header first")
        line = lambda row: "| " + " | ".join(_text(c, "a table cell").replace("|", "\\|") for c in row) + " |"  # noqa: E731
        return "\n".join([line(rows[0]), "|" + " --- |" * len(rows[0]), *map(line, rows[1:])])
    raise ValueError(f"unknown lesson block kind {kind!r}")
