"""Answers the page's Python calls at build time, in CPython, with the same bridge modules the worker runs.

The prerender (prerender.mjs) runs the pages' own JavaScript in a DOM without a browser; every
`py.call(method, args)` it makes comes here as one JSON line {"method": "module.function", "args": {...}}
and goes back as one JSON line {"value": ...} or {"error": {name, message, key, params}}. numpy arrays go as
{"$array": dtype, "shape": [...], "data": base64 of the little-endian bytes}: the page turns them into the
typed arrays that Pyodide's toJs gives it in the browser.

    PYTHONPATH=py_core python answers.py WEB_PY_FOLDER
"""
import base64
import importlib
import json
import sys

import numpy as np

ARRAY_TYPES = {"float32", "float64", "int8", "uint8", "int16", "uint16", "int32", "uint32"}


def encode(value):
    """The JSON form of a bridge function's result."""
    if isinstance(value, np.ndarray):
        if value.dtype.name not in ARRAY_TYPES:
            value = value.astype(np.float64)
        data = np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<"), copy=False)
        return {"$array": value.dtype.name, "shape": list(value.shape), "data": base64.b64encode(data.tobytes()).decode()}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def answer(request):
    module, function = request["method"].split(".")
    try:
        return {"value": encode(getattr(importlib.import_module(module), function)(**request["args"]))}
    except Exception as e:  # the page shows Python's errors: send them as the worker would
        key = getattr(e, "key", None)
        return {"error": {"name": type(e).__name__, "message": str(e), "key": key if isinstance(key, str) else None,
                          "params": getattr(e, "params", None)}}


def main(web_py):
    sys.path.insert(0, web_py)
    for line in sys.stdin:
        print(json.dumps(answer(json.loads(line)), allow_nan=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
