# Two commands for a new user: `make demo` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
QUESTION := who claimed Italian troops are in Misrata?

.PHONY: install model demo serve test bench clean

install: $(INSTALLED)

# Reinstalls only when the pinned requirements or the package metadata change.
$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $(INSTALLED)

model: install
	$(BIN)/qawl models build

demo: model
	$(BIN)/qawl ingest samples/
	$(BIN)/qawl ask "$(QUESTION)"

serve: model
	$(BIN)/qawl serve

test: model
	$(BIN)/python -m pytest

bench: model
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) build *.egg-info
