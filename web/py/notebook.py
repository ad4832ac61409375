"""The Jupyter notebooks (nbformat 4.5) the site exports: a playground experiment that replays its training with
numpy and the ``perceptron`` package and checks it ends with the playground's own model, and the lesson as the
student has it, their code in its cells. The playground's state and log are export.py's (checked there)."""
import json

import numpy as np

import export

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
    checked = export.check_state(state)
    settings = state["settings"]
    if checked["model"] is None:
        raise ValueError("there is no model to export yet")
    P = np.asarray(checked["points"], dtype=float).reshape(-1, 4)
    if not (P[:, 3] == 0).any():
        raise ValueError("there are no training points to export")
    log = checked["log"] or {"start": checked["model"], "runs": []}
    sizes = export.layer_sizes(settings)
    final_acts = _activations(checked["model"])
    first_run = (log["runs"] or [{"activations": final_acts}])[0]
    start_acts = _activations(log["start"]) if log["start"] else first_run["activations"]
    wheel = wheel_url or export.WHEEL
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
    training = _training_code([export.run_arguments(r) for r in log["runs"]], start_acts, final_acts, T)
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
    code = export.generator_code(settings, (T["gen"], T["gen_split"]))
    if export.regenerates(settings, P, code):  # the code must give exactly the playground's points, else the numbers
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
        wheel = wheel_url or export.WHEEL
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
