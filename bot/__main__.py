"""`python -m bot` is the `qawl` command."""
import sys

from bot.cli import main

sys.exit(main())
