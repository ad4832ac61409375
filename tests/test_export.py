"""web/py/export.py and notebook.py in CPython: the notebook is valid nbformat 4 and, run cell by cell (exec,
and a real kernel through nbclient), replays the playground's training to the exported model's loss; the model
file loads with Network.from_dict and gives the same outputs; link payloads round-trip exactly; everything bad
is refused with a message.

The playground's training is simulated with the page's own Python (web/py/playground.py), run as the page
runs it: one stream per run, the model and epoch taken from the last snapshot, the run logged as the page
logs it (web/js/playground/store.js).
"""
import copy
import json
import math
import os
import re
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "py_core"), str(ROOT / "web" / "py")]

import perceptron  # noqa: E402
import export  # noqa: E402
import notebook  # noqa: E402
import playground  # noqa: E402

nbformat = pytest.importorskip("nbformat")

HYPER = ("learningRate", "batchSize", "loss", "regularization", "regRate", "optimizer", "seed", "activations")


def settings(**changes):
    s = {"dataset": "circle", "task": "classification", "noise": 10, "trainRatio": 50, "nPoints": 200,
         "dataSeed": 1, "features": ["x1", "x2"], "hidden": [4, 2], "activations": ["tanh", "tanh", "sigmoid"],
         "loss": "bce", "learningRate": 0.03, "batchSize": 10, "regularization": "none", "regRate": 0.001,
         "optimizer": "sgd", "seed": 1, "showTest": True, "classes": 2}
    return {**s, **changes}


class Experiment:
    """A playground state driven as the page drives it."""

    def __init__(self, **changes):
        s = settings(**changes)
        self.state = {"version": 1, "settings": s, **playground.generate(s), "epoch": 0, "history": [],
                      "model": playground.new_model(s), "log": {"start": None, "runs": []}}

    def change(self, **changes):
        """A setting that keeps the weights (as applyChange: activations copied into the model)."""
        self.state["settings"].update(changes)
        for layer, a in zip(self.state["model"]["layers"], self.state["settings"]["activations"]):
            layer["activation"] = a
        return self

    def edit(self, mutate):
        """Points or weights changed by hand: the log restarts from the current model."""
        mutate(self.state)
        self.state["log"] = {"start": copy.deepcopy(self.state["model"]), "runs": []}
        return self

    def train(self, epochs):
        first = self.state["epoch"]
        snapshot = None
        stream = playground.train(self.state, max_epochs=epochs)
        for snapshot in stream:
            pass
        self.state["model"], self.state["epoch"] = snapshot["model"], snapshot["epoch"]
        s = self.state["settings"]
        self.state["log"]["runs"].append({"epoch": first, "epochs": snapshot["epoch"] - first,
                                          **{k: copy.deepcopy(s[k]) for k in HYPER}})
        self.state["history"].append([snapshot["epoch"], snapshot["loss"], snapshot["test_loss"]])
        return self

    def loss(self):
        """The train loss of the model as the playground shows it."""
        return playground._metrics(perceptron.Network.from_dict(self.state["model"]), self.state)["loss"]


def one_run():
    return Experiment(optimizer="adam").train(40)


def many_runs():
    """Pauses, a new learning rate and optimizer, L2, an activation switched, hand-added points, regression."""
    e = Experiment(dataset="plane", task="regression", loss="mse", activations=["tanh", "tanh", "linear"],
                   features=["x1", "x2", "x1x2"], nPoints=150)
    e.train(15).change(learningRate=0.01, optimizer="momentum").train(10)
    e.change(activations=["relu", "tanh", "linear"], regularization="l2").train(12)
    return e.change(activations=["tanh", "tanh", "linear"])


def edited():
    """The lesson's people, a weight typed by hand, then training: replayed from the edited weights."""
    e = Experiment(dataset="people", hidden=[2], activations=["sigmoid", "sigmoid"], loss="mse",
                   learningRate=0.1, batchSize=1)
    e.edit(lambda s: s["model"]["layers"][0]["weights"][0].__setitem__(0, 0.75))
    e.train(25)
    # a point added by hand: the data is no longer the generator's, the log restarts again
    e.edit(lambda s: s.__setitem__("points", [*s["points"], [1.5, -2.0, 1.0, 0.0]]))
    return e.train(5)


def many_classes():
    """Four blobs (softmax, cce), then a point of a fifth class by hand: five outputs, a new model, trained."""
    e = Experiment(dataset="blobs", classes=4, activations=["tanh", "tanh", "softmax"], loss="cce",
                   optimizer="adam", nPoints=120).train(20)
    e.state["settings"]["classes"] = 5
    e.state["points"] = [*e.state["points"], [0.0, 0.0, 4.0, 0.0]]
    e.state.update(model=playground.new_model(e.state["settings"]), epoch=0, history=[], log={"start": None, "runs": []})
    return e.train(15)


SCENARIOS = {"one_run": one_run, "many_runs": many_runs, "edited": edited, "many_classes": many_classes}


@pytest.fixture(scope="module", params=list(SCENARIOS))
def experiment(request):
    return SCENARIOS[request.param]()


def run_cells(text):
    """Execute the notebook's code cells in order in a fresh namespace, as `Run all` would."""
    space = {"__name__": "__main__"}
    for cell in json.loads(text)["cells"]:
        if cell["cell_type"] == "code":
            exec(compile(cell["source"], "<notebook>", "exec"), space)
    return space


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_notebook_is_valid_nbformat_4(experiment, lang):
    out = notebook.notebook(experiment.state, lang, wheel_url="https://example.org/pyodide/perceptron.whl")
    nb = nbformat.reads(out["text"], as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4 and out["filename"].endswith(".ipynb")
    text = "\n".join(c.source for c in nb.cells)
    assert ("обучени" in text) == (lang == "ru")
    assert "%pip install https://example.org/pyodide/perceptron.whl" in text


def test_notebook_replays_training_to_the_exported_loss(experiment, capsys):
    out = notebook.notebook(experiment.state, "en")
    assert out["replays"]
    space = run_cells(out["text"])
    assert math.isclose(space["exported"], experiment.loss(), rel_tol=0, abs_tol=1e-12)
    assert abs(space["replayed"] - space["exported"]) <= 1e-9
    np.testing.assert_allclose(space["net"].params, perceptron.Network.from_dict(experiment.state["model"]).params,
                               rtol=0, atol=1e-9)
    printed = capsys.readouterr().out
    assert "The replay matches the playground's model." in printed
    assert re.search(r"^Epoch \d+ loss: \d\.\d{6}$", printed, re.M)


def test_generated_data_is_recreated_by_its_generator_and_hand_data_by_its_numbers():
    gen = json.loads(notebook.notebook(one_run().state)["text"])
    assert any("perceptron.make_dataset('circle', n=200, noise=0.1, seed=1)" in c["source"] for c in gen["cells"])
    own = json.loads(notebook.notebook(edited().state)["text"])
    assert any("[1.5, -2.0, 1.0, 0.0]" in c["source"] for c in own["cells"])
    assert not any("make_dataset" in c["source"] for c in own["cells"])


def test_many_classes_are_generated_checked_and_shared():
    e = Experiment(dataset="spirals", classes=3, activations=["tanh", "tanh", "softmax"], loss="cce").train(3)
    assert export.layer_sizes(e.state["settings"]) == [2, 4, 2, 3]
    assert sorted(set(np.asarray(e.state["points"])[:, 2])) == [0, 1, 2]
    shared = export.share(e.state)
    assert shared["regenerates"]
    back = export.unshare(e.state["settings"], weights=shared["weights"])
    assert back["model"]["layers"][-1]["activation"] == "softmax"
    assert export.check_state({**e.state, "model": back["model"]})["model"] is not None
    with pytest.raises(ValueError, match="3 classes"):
        export.check_state({**e.state, "settings": {**e.state["settings"], "classes": 4}})
    text = export.model_json(e.state["model"], ["x1", "x2"])
    assert export.read_model(text, e.state["settings"])["activations"][-1] == "softmax"
    with pytest.raises(ValueError, match="3 output neurons"):
        export.read_model(text, settings())


@pytest.mark.parametrize("labels, task", [("0 1 2", "classification"), ("0 1 1", "classification"),
                                          ("0 1 2.5", "regression"), ("0 1 5", "regression"), ("-1 0 1", "regression")])
def test_csv_labels_that_are_classes_make_a_classification(labels, task):
    rows = "".join(f"{k},{k},{y}\n" for k, y in enumerate(labels.split()))
    assert playground.parse_csv("x1,x2,label\n" + rows, settings())["task"] == task


def test_notebook_runs_in_a_jupyter_kernel(monkeypatch):
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "py_core"))
    e = many_runs()
    nb = nbformat.reads(notebook.notebook(e.state, "ru")["text"], as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Повтор совпадает с моделью из песочницы." in printed
    line = next(x for x in printed.splitlines() if x.startswith("потери на обучении, модель песочницы:"))
    assert abs(float(line.split(":")[1]) - e.loss()) <= 1e-12


def test_a_broken_log_still_exports_the_model_without_replaying():
    e = one_run()
    e.state["log"]["runs"][0]["epochs"] += 1  # no longer ends at the model's epoch
    out = notebook.notebook(e.state)
    assert not out["replays"]
    space = run_cells(out["text"])
    assert space["replayed"] == space["exported"] == pytest.approx(e.loss(), abs=1e-12)


def test_model_file_loads_with_from_dict_and_gives_the_same_outputs():
    e = many_runs()
    text = export.model_json(e.state["model"], e.state["settings"]["features"])
    d = json.loads(text)
    assert d["format"] == "perceptron-model" and d["version"] == 1 and d["inputs"] == ["x1", "x2", "x1x2"]
    X = perceptron.add_features(np.random.default_rng(0).uniform(-6, 6, (50, 2)), d["inputs"])
    same = perceptron.Network.from_dict(e.state["model"])
    np.testing.assert_array_equal(perceptron.feedforward(perceptron.Network.from_dict(d), X),
                                  perceptron.feedforward(same, X))
    back = export.read_model(text, settings())
    assert back["model"]["layers"] == e.state["model"]["layers"]
    assert (back["features"], back["hidden"], back["activations"]) == (["x1", "x2", "x1x2"], [4, 2],
                                                                        ["tanh", "tanh", "linear"])


def test_model_inputs_are_put_in_the_playgrounds_order():
    net = perceptron.Network.random([2, 1], seed=0)
    d = {**net.to_dict(), "inputs": ["sin_x1", "x1"]}
    back = export.read_model(json.dumps(d), settings())
    assert back["features"] == ["x1", "sin_x1"]
    assert back["model"]["layers"][0]["weights"][0] == d["layers"][0]["weights"][0][::-1]


BAD_MODELS = {
    "": "empty",
    '{"format": "perceptron-model", "version": 1, "layers": [{"weights": [[1, 2]], "bi': "not JSON",
    "\x00\xff garbage \x01": "not JSON",
    "[1, 2, 3]": "must be a dict",
    '{"format": "keras", "version": 1, "layers": []}': "not a perceptron model",
    '{"format": "perceptron-model", "version": 2, "layers": []}': "unsupported model version",
    '{"format": "perceptron-model", "version": 1, "layers": [{"weights": [[1, 2], [3, 4]], "biases": [0, 0]}]}':
        "output neurons",
    '{"format": "perceptron-model", "version": 1, "layers": [{"weights": [[1, "<img src=x>"]], "biases": [0]}]}':
        "only numbers",
    '{"format": "perceptron-model", "version": 1, "layers": [{"weights": [[1, 2]], "biases": [0], '
    '"activation": "softmax"}]}': "unknown activation",
    '{"format": "perceptron-model", "version": 1, "inputs": ["x1", "x9"], "layers": [{"weights": [[1, 2]], '
    '"biases": [0]}]}': "'inputs' must name",
}


@pytest.mark.parametrize("text", list(BAD_MODELS))
def test_bad_model_files_are_refused_with_a_message(text):
    with pytest.raises(ValueError, match=BAD_MODELS[text]):
        export.read_model(text, settings())


def test_model_files_over_the_limits_are_refused():
    with pytest.raises(ValueError, match="at most"):
        export.read_model(" " * (export.MAX_MODEL_CHARS + 1), settings())
    deep = perceptron.Network.random([2] + [3] * 9 + [1], seed=0).to_dict()
    with pytest.raises(ValueError, match="up to 8 hidden layers"):
        export.read_model(json.dumps(deep), settings())
    big = {"format": "perceptron-model", "version": 1, "layers": [  # over the core's MAX_PARAMS
        {"weights": [[0.0] * 2] * 400, "biases": [0.0] * 400}, {"weights": [[0.0] * 400] * 300, "biases": [0.0] * 300},
        {"weights": [[0.0] * 300], "biases": [0.0]}]}
    with pytest.raises(ValueError, match="parameters"):
        export.read_model(json.dumps(big), settings())


BAD_STATES = {
    "not a state": (lambda s: "nope", "not a playground state"),
    "ragged points": (lambda s: {**s, "points": [[1, 2, 1]]}, "every point"),
    "NaN point": (lambda s: {**s, "points": [[float("nan"), 2, 1, 0]]}, "NaN"),
    "text point": (lambda s: {**s, "points": [["<b>", 2, 1, 0]]}, "only numbers"),
    "test flag": (lambda s: {**s, "points": [[1, 2, 1, 7]]}, "0 \\(train\\) or 1"),
    "too many": (lambda s: {**s, "points": [[0, 0, 1, 0]] * (export.MAX_POINTS + 1)}, "too many"),
    "far point": (lambda s: {**s, "points": [[1e300, 0, 1, 0]]}, "further"),
    "model shape": (lambda s: {**s, "settings": {**s["settings"], "hidden": [5]}}, "layer sizes"),
    "epoch": (lambda s: {**s, "epoch": -3}, "epoch"),
    "history": (lambda s: {**s, "history": [[1, "<img src=x>", 0.5]]}, "history"),
}


@pytest.mark.parametrize("name", list(BAD_STATES))
def test_bad_saved_states_are_refused_with_a_message(name):
    tamper, message = BAD_STATES[name]
    with pytest.raises(ValueError, match=message):
        export.check_state(tamper(copy.deepcopy(one_run().state)))


def test_link_payloads_round_trip_exactly_and_skip_regenerable_data():
    e = one_run()
    shared = export.share(e.state)
    assert shared["data"] is None and shared["regenerates"]  # the settings regenerate the circle
    back = export.unshare(e.state["settings"], weights=shared["weights"])
    assert back["model"]["layers"] == e.state["model"]["layers"]
    own = edited()
    shared = export.share(own.state)
    back = export.unshare(own.state["settings"], shared["data"], shared["weights"])
    assert back["points"] == own.state["points"] and back["model"] == own.state["model"]
    assert export.share(e.state, max_chars=100)["weights"] is None  # too long for a link: left out


@pytest.mark.parametrize("data, weights, message", [
    ("AAAA", None, "cut short"),
    ("!!", None, "not base64"),
    (None, "AAAAAAAA8D8", "hold 1 numbers"),
    ("AAAAAAAA-H8AAAAAAADwPwAAAAAAAPA_AAAAAAAAAAA", None, "NaN or infinite"),
])
def test_tampered_link_payloads_are_refused(data, weights, message):
    with pytest.raises(ValueError, match=message):
        export.unshare(settings(), data, weights)


def test_export_needs_a_model_and_training_points():
    e = one_run()
    with pytest.raises(ValueError, match="no model"):
        notebook.notebook({**e.state, "model": None})
    with pytest.raises(ValueError, match="no training points"):
        notebook.notebook({**e.state, "points": [[0, 0, 1, 1]]})
