"""The local Bot API stand-in of the bot tests, for the bench scripts that drive the real bot.

It is loaded from its file, so that the bench scripts need not import the tests package.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "tests" / "bot_api_standin.py"
_spec = importlib.util.spec_from_file_location("bot_api_standin", _PATH)
standin = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(standin)
