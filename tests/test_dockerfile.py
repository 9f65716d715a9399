"""The Dockerfile (which cannot be built here) agrees with the Makefile, requirements and package."""
import re
import tomllib

from tests.conftest import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text()
REQUIREMENTS = (REPO / "requirements.txt").read_text()


def test_it_pins_the_same_cpu_torch_as_the_requirements():
    pinned = re.search(r"^torch==(\S+)", REQUIREMENTS, re.M).group(1)
    assert f"torch=={pinned} --index-url https://download.pytorch.org/whl/cpu" in DOCKERFILE
    assert "-r requirements.txt" in DOCKERFILE


def test_it_runs_the_bot_as_a_non_root_user_with_data_on_a_volume():
    assert DOCKERFILE.startswith("#") and "FROM python:3.11-slim" in DOCKERFILE
    assert re.search(r"^USER qawl$", DOCKERFILE, re.M)
    assert 'VOLUME ["/data"]' in DOCKERFILE and "QAWL_DATA_DIR=/data" in DOCKERFILE
    assert DOCKERFILE.rstrip().endswith('CMD ["qawl", "serve"]')
    assert "HEALTHCHECK" in DOCKERFILE


def test_it_builds_the_model_with_the_same_command_as_the_makefile():
    makefile = (REPO / "Makefile").read_text()
    assert "qawl models build" in makefile and "RUN qawl models build" in DOCKERFILE


def test_it_copies_every_package_the_project_installs():
    found = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    packages = [pattern.rstrip("*") for pattern in found["include"]]  # "index*": index and its subpackages
    assert packages == ["bot", "index", "retrieval"]
    for package in packages:
        assert f"COPY {package} ./{package}" in DOCKERFILE
    assert "qawl = \"bot.cli:main\"" in (REPO / "pyproject.toml").read_text()
