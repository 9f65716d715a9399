"""Modules of the tests that the bench scripts use: the local Bot API stand-in that drives the real bot,
and the makers of hostile files.

They are loaded from their files, so that the bench scripts need not import the tests package.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"


def from_tests(name: str):
    """The module tests/NAME.py, loaded from its file."""
    spec = importlib.util.spec_from_file_location(name, TESTS / f"{name}.py")
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


standin = from_tests("bot_api_standin")
