"""Hostile inputs: the time and peak memory of what Qawl does with each, in a fresh process.

Builds each input on the fly (files in a temporary folder, local web servers on 127.0.0.1 for the
links) and runs `python -m bot ingest --json` on each file into a new library of its own, and the
fetch of each link (what the bot's worker does with it: every link here is cut off) in a process
of its own, measuring the process's wall time and peak resident memory (its rusage). Prints a
markdown table with the outcome and whether the input stayed within the targets: rejected or
finished within 30 s and 1 GB. The first row is a one-sentence text: the cost of starting and
loading the model, which the bot's worker pays once.

    .venv/bin/python bench/hostile.py
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.hostile_files import SAID, nested_bomb, shared_stream_pdf, trickling_headers, zip_of  # noqa: E402
from bench.load import TricklingSite  # noqa: E402

TARGET_S, TARGET_MB = 30, 1024
SLOW_LINK_S = 300
UNIT = "وقال الوزير محمد علي إن الخطة «جيدة جدا وأكد أن المشروع مستمر، مشيرا إلى أن الحكومة بحسب مصادر مطلعة "


@dataclass
class Measured:
    outcome: str
    seconds: float
    peak_mb: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    parser.add_argument("--fetch", metavar="URL", help=argparse.SUPPRESS)  # one link's fetch, in a measured process
    args = parser.parse_args()
    if args.fetch:
        fetch(args.fetch)
        return
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        trickling, (headers, _) = TricklingSite(SLOW_LINK_S), trickling_headers()
        cases = {
            "one sentence (start and model load only)": lambda: [write(folder / "one.txt", SAID)],
            "10 MB zip of 18,000 inner zips, each unpacking to 20 MB (360 GB in all)": lambda: [write(
                folder / "bomb.zip", nested_bomb(18_000, 20 * 10**6))],
            "10 KB PDF whose 50 pages share one 1 MB content stream": lambda: [write(
                folder / "shared.pdf", shared_stream_pdf(50, b"BT /F1 12 Tf 72 700 Td (Haftar met Sisi in Cairo) Tj ET\n"))],
            "20,000-character one-line English text with \"said\"": lambda: [write(
                folder / "said.txt", (SAID.rstrip() * (20_000 // len(SAID) + 1))[:20_000])],
            "19 MB one-line text": lambda: [write(folder / "line.txt", SAID.rstrip() * (19 * 2**20 // len(SAID)))],
            "18 MB of HTML": lambda: [write(folder / "page.html", big_html(18 * 2**20))],
            ".jsonl with one line nested 100,000 deep": lambda: [write(folder / "feed.jsonl", "\n".join(
                [json.dumps({"text": SAID.decode()}), "[" * 100_000, json.dumps({"text": SAID.decode() * 2})]).encode())],
            "200,000-character sentence (Arabic, a reporting verb in each clause)": lambda: [write(
                folder / "sentence.txt", (UNIT * (200_000 // len(UNIT) + 1))[:200_000].encode())],
            "zip member with a 60,000-byte name": lambda: [write(folder / "names.zip", zip_of(
                {"تقرير-" * 5400 + ".txt": SAID * 20, "x" * 60_000 + ".exe": b"MZ"}))],
        }
        links = {
            "server trickling its headers, 1 byte / 0.1 s": lambda: measure_fetch(headers),
            f"six slow links at once (each page trickled over {SLOW_LINK_S} s), one process each": lambda: slowest(
                [trickling.url(n) for n in range(6)]),
        }
        try:
            rows = [(name, measure(folder, make())) for name, make in cases.items()
                    if not args.only or args.only in name]
            rows += [(name, make()) for name, make in links.items() if not args.only or args.only in name]
        finally:
            trickling.stop()
    print(table(rows))


def measure(folder: Path, inputs: list[str]) -> Measured:
    """`python -m bot ingest --json` of the inputs into a new library, with its wall time and peak memory."""
    data = Path(tempfile.mkdtemp(dir=folder, prefix="library-"))
    config = data / "config.yaml"
    config.write_text(f"storage: {{path: {data}}}\n", encoding="utf-8")
    return measured([sys.executable, "-m", "bot", "--config", str(config), "ingest", "--json", *inputs])


def measure_fetch(url: str) -> Measured:
    """The fetch of one link as the bot's worker does it, alone in a process of its own."""
    return measured([sys.executable, str(Path(__file__).resolve()), "--fetch", url])


def fetch(url: str) -> None:
    """Read a link (allowing this machine's addresses) and print each item as `qawl ingest --json` would."""
    from index.article import Rejected
    from index.readers import ReadLimits, read

    for item in read(url, ReadLimits(fetch_private_addresses=True)):
        rejected = isinstance(item, Rejected)
        print(json.dumps({"status": "rejected" if rejected else "added", "reason": item.reason if rejected else None}))


def measured(command: list[str]) -> Measured:
    """Run a command that prints `qawl ingest --json` lines: its outcome, wall time and peak memory."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)  # the child's own peak memory, not the largest child's
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0), errors.seek(0)
        printed, complained = output.read(), errors.read().decode(errors="replace").strip()
    peak_mb = usage.ru_maxrss / 1024
    if process.returncode:
        return Measured(f"failed ({complained.splitlines()[-1] if complained else status})", seconds, peak_mb)
    return Measured(outcome([json.loads(line) for line in printed.splitlines()]), seconds, peak_mb)


def slowest(urls: list[str]) -> Measured:
    """One fetch process per link, all at once: the slowest and the largest of them."""
    with ThreadPoolExecutor(len(urls)) as pool:
        each = list(pool.map(measure_fetch, urls))
    outcomes = sorted({m.outcome for m in each})
    return Measured("; ".join(outcomes), max(m.seconds for m in each), max(m.peak_mb for m in each))


def outcome(results: list[dict]) -> str:
    """What happened, in words: how many were added and the first reasons given."""
    added = sum(result["status"] == "added" for result in results)
    reasons = sorted({result["reason"][:90] for result in results if result["status"] == "rejected"})
    words = [f"added {added}"] if added else []
    if reasons:
        rejected = sum(result["status"] == "rejected" for result in results)
        words.append(f"rejected {rejected}: " + " / ".join(f"“{reason}”" for reason in reasons[:2]))
    return ", ".join(words) or "nothing read"


def table(rows: list[tuple[str, Measured]]) -> str:
    lines = ["| input | outcome | s | peak MB | within 30 s and 1 GB |", "|---|---|---:|---:|---|"]
    for name, m in rows:
        within = "yes" if m.seconds <= TARGET_S and m.peak_mb <= TARGET_MB else "no"
        lines.append(f"| {name} | {m.outcome} | {m.seconds:.1f} | {m.peak_mb:,.0f} | {within} |")
    return "\n".join(lines)


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def big_html(size: int) -> bytes:
    link = '<a href="/news">خبر عاجل عن المحادثات في القاهرة</a> '
    count = size // len(link.encode())
    return f"<html><head><title>الأخبار</title></head><body><p>{link * count}</p></body></html>".encode()


if __name__ == "__main__":
    main()
