"""The English text of every `InputError`, by key: str(error) is made from it, and the web page's English is
generated from it (web/js/contract.js), so each message is worded once. A template names the error's params
as {name}, with no format spec, so that the page can fill it the same way.
"""


_NAMES = ("activation", "loss", "optimizer", "feature", "data set", "init", "regularization")
"""What `validate.name` checks names of: each has its own key, as other languages word them differently."""

MESSAGES = {
    "csv.empty": "the CSV file is empty",
    "csv.header_numbers": "line 1 must be a header naming the columns, but it holds only numbers",
    "csv.header_names": "line 1: every column needs a name, and names must differ",
    "csv.no_rows": "the CSV file has a header but no data rows",
    "csv.ragged": "line {line}: {cells} cells, but the header has {columns} columns",
    "csv.empty_cell": "line {line}, column '{column}': empty cell",
    "csv.not_a_number": "line {line}, column '{column}': '{cell}' is not a finite number",
    "csv.label_text": "the label column '{label}' has no numbers; name a numeric column 'label' or 'y'",
    "csv.no_features": "the CSV file has no numeric feature columns besides the label",
    # validate.array's checks of a list of numbers: data ({what} names it), or a model layer's weights or biases
    "data.ragged": "{what} is ragged: its rows have different lengths",
    "data.not_numbers": "{what} must contain only numbers",
    "data.not_finite": "{what} contains NaN or infinite values",
    **{f"model.{part}.{check}": f"layer {{layer}} {part} {text}" for part in ("weights", "biases") for check, text in (
        ("ragged", "are ragged: their rows have different lengths"), ("not_numbers", "must contain only numbers"),
        ("not_finite", "contain NaN or infinite values"))},
    "data.too_many": "{what} has {n} samples; the limit is {max} (MAX_SAMPLES)",
    "data.empty": "{what} is empty",
    "data.shape": "{what} must have shape (n_samples, n_inputs) or be one 1-D sample, got shape {shape}",
    "data.width": "{what} has {values} values per sample but the network has {inputs} inputs",
    "data.labels_shape": "{what} has shape {shape}; with {n} samples and {outputs} outputs it must be {expected}",
    "data.bce_labels": "loss 'bce' needs labels in [0, 1]; {what} has values outside",
    "data.class_index": "{what} holds {value}, which is not a class: the classes are the whole numbers 0 to {last}, "
                        "one per output neuron",
    "data.one_hot": "loss 'cce' needs label rows that are one-hot (or probabilities summing to 1); "
                    "row {row} of {what} is not",
    "data.table_shape": "X must be a non-empty table of shape (n_samples, n_features), got shape {shape}",
    "data.labels_rows": "y must have one row per sample of X ({n}), got shape {shape}",
    "model.params_length": "params must hold {expected} numbers, one per weight and bias, got shape {shape}",
    "model.too_big": "the network would have {n} parameters; the limit is {max} (MAX_PARAMS)",
    "model.not_dict": "a model must be a dict (a JSON object), not {type}",
    "model.format": "not a perceptron model: 'format' is {format}, expected '{expected}'",
    "model.lesson_shape": "the lesson's network is 2-2-1 with sigmoids; this one has sizes {sizes}",
    "model.version": "unsupported model version {version}: only version {expected} can be read",
    "model.no_layers": "a model needs a non-empty list 'layers'",
    "model.layer": "layer {layer} must be a dict (a JSON object) with 'weights' and 'biases'",
    "model.missing": "layer {layer} is missing '{field}'",
    "model.weights.shape": "layer {layer} weights must be a non-empty 2-D list [n_out][n_in], got shape {shape}",
    "model.biases.shape": "layer {layer} has {neurons} neurons but biases of shape {shape}",
    "model.mismatch": "layer {layer} expects {inputs} inputs but layer {previous} has {neurons} neurons",
    "model.softmax_hidden": "layer {layer} is hidden, but {activation} can only be the output layer's activation",
    "model.outputs": "the model has {n} output neurons; the playground's data need {expected}",
    "model.hidden": "the playground shows up to {layers} hidden layers of up to {neurons} neurons; this model has {hidden}",
    "model.inputs": "'inputs' must name the model's {n} input features, each one of: {choices}",
    **{f"unknown.{what.replace(' ', '_')}": f"unknown {what} '{{value}}'; choose one of: {{choices}}" for what in _NAMES},
    "loss.bce_output": "loss 'bce' needs probabilities: a sigmoid output layer, not '{activation}'",
    "loss.cce_output": "loss 'cce' needs class probabilities: a softmax output layer, not '{activation}'",
    "loss.softmax_loss": "a softmax output layer goes with loss 'cce', not '{loss}'",
    "train.diverged": "training diverged at epoch {epoch}: the loss or the parameters became infinite or NaN. "
                      "The network keeps its parameters from before that epoch; try a smaller learning rate.",
    "train.no_points": "There are no training points: add some or pick a data set.",
    "file.too_long": "the file has {n} characters; a model file has at most {max}",
    "file.empty": "the file is empty",
    "file.not_json": "not JSON: {detail} at line {line}, column {column}",
    "link.too_long": "it is too long",
    "link.not_base64": "it is not base64url",
    "link.cut_short": "it is cut short",
    "link.not_finite": "it holds NaN or infinite numbers",
    "link.rows": "it is not a list of [x1, x2, label, test] rows",
    "link.weights": "the link's weights hold {n} numbers; the network has {expected}",
    "points.too_many": "{n} points are too many: the playground takes at most {max}",
    "points.test_flag": "the last value of every point must be 0 (train) or 1 (test)",
}
"""InputError key -> English template."""
