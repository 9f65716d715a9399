"""Cold start benchmark: `qawl ingest` and `qawl ask` as fresh processes, on each embedding runtime.

Each round, for torch and OpenVINO in turn (the order alternating): the sample article ingested
into a new library, then one question asked of it. Reported per runtime: the median wall time of
each process from start to exit, and, for `ask`, how much of it was loading the model and the
library and how much answering (both as the command reports them on stderr and in its JSON).

    .venv/bin/python bench/cold_start.py --rounds 5
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples"
QUESTION = "who claimed Italian troops are in Misrata?"
RUNTIMES = {"torch": "torch", "OpenVINO": "openvino"}
LOADED = re.compile(r"loaded in ([0-9.]+) s")


def timed(args: list[str], runtime: str) -> tuple[float, subprocess.CompletedProcess]:
    """Seconds from starting the command to its exit, and what it printed."""
    env = {**os.environ, "QAWL_EMBEDDING__RUNTIME": runtime, "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed on {runtime}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done


def one_round(runtime: str, folder: Path) -> dict:
    library = folder / runtime
    ingest_s, _ = timed(["--data-dir", str(library), "ingest", str(SAMPLE)], runtime)
    ask_s, asked = timed(["--data-dir", str(library), "ask", QUESTION, "--json"], runtime)
    return {"ingest_s": ingest_s, "ask_s": ask_s, "ask_load_s": float(LOADED.search(asked.stderr).group(1)),
            "ask_answer_ms": json.loads(asked.stdout)["took_ms"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = {name: [] for name in RUNTIMES}
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.rounds):
            names = list(RUNTIMES) if n % 2 == 0 else list(reversed(RUNTIMES))
            for name in names:
                results[name].append(one_round(RUNTIMES[name], Path(folder) / f"round{n}"))
    print("| runtime | `qawl ingest` one article, s | `qawl ask`, s | of which loading, s | answering, ms |")
    print("|---|---|---|---|---|")
    for name, rounds in results.items():
        median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
        print(f"| {name} | {median['ingest_s']:.1f} | {median['ask_s']:.1f} | {median['ask_load_s']:.1f} "
              f"| {median['ask_answer_ms']:.0f} |")


if __name__ == "__main__":
    main()
