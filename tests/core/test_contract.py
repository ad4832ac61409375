"""The contract between Python and the page: web/js/contract.js is what web/build/contract.py makes from the Python
tables now, every InputError key that Python can raise has its English (perceptron/messages.py), and every
key has its Russian (web/js/error-strings.js) and no other."""
import ast
import re
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "web" / "py"), str(ROOT / "web" / "build")]

import contract  # noqa: E402
from perceptron.messages import MESSAGES  # noqa: E402

SOURCES = sorted([*(ROOT / "py_core" / "perceptron").glob("*.py"), *(ROOT / "web" / "py").glob("*.py")])


def test_contract_js_is_current():
    committed = (ROOT / "web" / "js" / "contract.js").read_text()
    assert committed == contract.render(), "web/js/contract.js is stale: run `python3 build.py`"


def _raised_keys(tree):
    """The first argument of every InputError(...) and of super().__init__(...) in a subclass of InputError."""
    for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)
                if any(getattr(b, "id", getattr(b, "attr", None)) == "InputError" for b in n.bases)]:
        for call in ast.walk(cls):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "__init__"
                    and isinstance(call.func.value, ast.Call) and getattr(call.func.value.func, "id", None) == "super"):
                yield call.args[0]
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", None)) == "InputError":
            yield call.args[0]


def _patterns(node):
    """Regexes of the keys an argument can be: a literal, either branch of `a if c else b`, or an f-string
    whose formatted parts stand for any key segment."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.IfExp):
        return _patterns(node.body) + _patterns(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return ["".join(re.escape(part.value) if isinstance(part, ast.Constant) else r"[a-z_.]+"
                        for part in node.values)]
    raise AssertionError(f"an InputError key must be a literal or an f-string, not {ast.unparse(node)}")


def test_every_key_python_raises_has_its_english():
    raised = {(path.relative_to(ROOT).as_posix(), pattern) for path in SOURCES
              for node in _raised_keys(ast.parse(path.read_text()))
              for pattern in _patterns(node)}
    assert len(raised) > 40  # the search finds them: there are that many
    unworded = [(where, p) for where, p in raised if not any(re.fullmatch(p, key) for key in MESSAGES)]
    assert not unworded, f"InputError keys without an English text in perceptron/messages.py: {unworded}"


def test_templates_only_name_params():
    """The page fills {name} itself (i18n.js's t): no format specs, conversions or positional fields."""
    for key, text in MESSAGES.items():
        for _, field, spec, conversion in string.Formatter().parse(text):
            assert field is None or (field.isidentifier() and not spec and not conversion), (key, text)


def test_every_key_has_its_russian_and_no_russian_lacks_its_english():
    russian = set(re.findall(r'^\s*"err\.([^"]+)":', (ROOT / "web" / "js" / "error-strings.js").read_text(), re.M))
    assert sorted(set(MESSAGES) - russian) == [], "keys without Russian in web/js/error-strings.js"
    assert sorted(russian - set(MESSAGES)) == [], "Russian texts of keys that perceptron/messages.py lacks"
