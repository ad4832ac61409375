"""Run the core tests against the source in py_core/, installed or not."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "py_core"))
