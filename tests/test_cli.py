"""The command line lists every command with a one-line description."""
import subprocess
import sys

from tests.conftest import REPO

COMMANDS = ["ingest", "ask", "list", "show", "delete", "stats", "reindex", "models", "serve", "eval"]


def qawl(*args):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=120)


def test_help_lists_every_command():
    done = qawl("--help")
    assert done.returncode == 0
    for command in COMMANDS:
        assert f"    {command}" in done.stdout, command


def test_every_command_has_its_own_help():
    for command in COMMANDS:
        done = qawl(command, "--help")
        assert done.returncode == 0, command
        assert "usage: qawl " + command in done.stdout
