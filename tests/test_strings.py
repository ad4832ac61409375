"""Every string the pages show has its English and its Russian, and every key the code or the markup uses is in a
table. The tables are read as the page reads them, by importing web/js/string-tables.js in Node (no browser)."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
LANGS = ("en", "ru")

pytestmark = pytest.mark.skipif(not shutil.which("node"), reason="needs Node.js")


def read_tables():
    """Every strings table as i18n.js collects them: a list of {"en": {key: entry}, "ru": {key: entry}}."""
    script = "const { TABLES } = await import(process.argv[1]); console.log(JSON.stringify(TABLES));"
    out = subprocess.run(["node", "--input-type=module", "-e", script, (WEB / "js" / "string-tables.js").as_uri()],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def tables():
    return read_tables()


@pytest.fixture(scope="module")
def strings(tables):
    """{lang: {key: entry}}, all tables merged."""
    return {lang: {k: v for table in tables for k, v in table.get(lang, {}).items()} for lang in LANGS}


def texts(entry):
    """A message, or every form of a name ({nom: …, gen: …})."""
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def test_every_key_has_english_and_russian(strings):
    keys = set(strings["en"]) | set(strings["ru"])
    missing = sorted(f"{key} ({lang})" for key in keys for lang in LANGS
                     if not all(s.strip() for s in texts(strings[lang].get(key, ""))))
    assert not missing, f"keys without their text: {missing}"
    names = [f"{key} ({lang})" for lang in LANGS for key, e in strings[lang].items() if isinstance(e, dict)
             and "nom" not in e]
    assert not names, f"a name's forms need the nominative 'nom': {names}"


def test_no_key_is_defined_twice(tables):
    for lang in LANGS:
        seen = {}
        for i, table in enumerate(tables):
            for key in table.get(lang, {}):
                assert key not in seen, f"{key} ({lang}) is in tables {seen[key]} and {i}"
                seen[key] = i


def params(message):
    """The parameters a message names: {name}, {name:form} and {name, plural, …}, with each plural's forms."""
    names = set(re.findall(r"\{(\w+)(?::\w+)?\}", message))
    plurals = {}
    for m in re.finditer(r"\{(\w+), *plural, *", message):
        depth, i, body = 1, m.end(), []
        while depth:
            depth += {"{": 1, "}": -1}.get(message[i], 0)
            body.append(message[i])
            i += 1
        top = re.sub(r"\{[^{}]*\}", "", re.sub(r"\{[^{}]*\}", "", "".join(body)[:-1]))  # the branch names only
        plurals[m.group(1)] = set(top.split())
        names |= {m.group(1)} | params("".join(body))[0]
    return names, plurals


def test_both_languages_name_the_same_parameters_and_plurals_have_their_forms(strings):
    for key, en in strings["en"].items():
        ru = strings["ru"].get(key)
        if not isinstance(en, str) or not isinstance(ru, str):
            continue
        (en_names, en_plurals), (ru_names, ru_plurals) = params(en), params(ru)
        assert en_names == ru_names, f"{key}: English names {en_names}, Russian {ru_names}"
        for lang, plurals in (("en", en_plurals), ("ru", ru_plurals)):
            for name, forms in plurals.items():  # "other" is the form of any category a message leaves out
                assert {"one", "other"} <= forms, f"{key} ({lang}): {name} has only the forms {forms}"


def used_keys():
    """Every key the markup binds and every key-like string in the code, as (where, key or key pattern)."""
    found = []
    for html in WEB.glob("*.html"):
        text = html.read_text()
        for value in re.findall(r'data-i18n(?:-html|-math)?="([^"]+)"', text):
            found.append((html.name, value))
        for value in re.findall(r'data-i18n-attr="([^"]+)"', text):
            found += [(html.name, pair.split(":")[1].strip()) for pair in value.split(";")]
    tables = {p.resolve() for p in (WEB / "js").rglob("*.js") if re.search(r"^export const \w*STRINGS", p.read_text(), re.M)}
    for js in (WEB / "js").rglob("*.js"):
        if js.resolve() in tables or "vendor" in js.parts:
            continue
        code = re.sub(r"^\s*//.*$", "", js.read_text(), flags=re.M)
        for quote, key in re.findall(r"""(?<!call\()(?<!stream\()(["'`])([a-z]\w*(?:\.(?:[\w^]+|\$\{[^}]*\}))+)\1""", code):
            found.append((js.relative_to(WEB).as_posix(), key))
    return found


def test_code_uses_only_keys_the_tables_have(strings):
    keys = set(strings["en"])
    prefixes = {key.split(".")[0] for key in keys}
    unknown = []
    for where, key in used_keys():
        if key.split(".")[0] not in prefixes:
            continue  # not a key: a file name, a Python function
        pattern = re.compile("".join(".+" if part.startswith("${") else re.escape(part)
                                     for part in re.split(r"(\$\{[^}]*\})", key)))
        # A key, a pattern of keys (`person.${key}`), or an InputError key that the page words as err.<key>.
        if not any(pattern.fullmatch(k) or pattern.fullmatch(k.removeprefix("err.")) for k in keys):
            unknown.append(f"{where}: {key}")
    assert not unknown, f"keys no table has: {unknown}"


def test_one_decimal_separator_the_lessons_point(strings):
    """Numbers in the text are written as the lesson writes them ("Должно получиться 0.0214"), as the page and
    Python print them: with a decimal point in both languages, never a comma."""
    commas = sorted(f"{key} ({lang})" for lang in LANGS for key, e in strings[lang].items()
                    for text in texts(e) if re.search(r"\d,(?!\d{3}\b)\d", text))  # not 1,797 (thousands)
    assert not commas, f"decimal commas: {commas}"
