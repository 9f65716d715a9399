"""An installed Qawl (the Docker image installs the wheel) has every module of the source tree."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_holds_every_module_of_bot_index_and_retrieval(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(REPO)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("qawl-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {name for name in names if name.endswith(".py")}
    source = {str(path.relative_to(REPO)) for package in ("bot", "index", "retrieval")
              for path in (REPO / package).rglob("*.py")}
    assert source - shipped == set()
    assert "retrieval/news_words.tsv" in names  # the lexicon English claims are read through
