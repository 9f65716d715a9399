"""Every benchmark script still imports what it uses from the project (they run rarely, so a rename elsewhere
would otherwise go unseen until someone measures)."""
import importlib
from pathlib import Path

import pytest

SCRIPTS = sorted(path.stem for path in (Path(__file__).resolve().parent.parent / "bench").glob("*.py"))


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_benchmark_script_imports(name):
    module = importlib.import_module(f"bench.{name}")
    assert module.__doc__, f"bench/{name}.py says what it measures"
