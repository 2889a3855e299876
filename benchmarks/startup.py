"""Start-up time of the command line, as a user feels it: the median wall time of repeated runs,
each a new process (`python -m benchmarks.startup --runs 15`).

Each run starts a fresh interpreter, so imports are paid every time; the operating system's file
cache is warm after the first run, as it is for a user who runs the command twice.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "tours --help": ["--help"],
    "tours route tbilisi yerevan": ["route", "tbilisi", "yerevan"],
    "tours sites list": ["sites", "list"],
}
TARGETS = {"tours --help": 0.3, "tours route tbilisi yerevan": 1.0}  # seconds, issue 8


def tours_command() -> list[str]:
    """The installed `tours` script beside this interpreter, else `python -c` on cli.py."""
    script = Path(sys.executable).parent / "tours"
    if script.exists():
        return [str(script)]
    found = shutil.which("tours")
    return [found] if found else [sys.executable, "-c", "import cli; cli.main()"]


def measure(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*tours_command(), *args], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    ap.add_argument("--runs", type=int, default=15, help="runs per command (default 15)")
    args = ap.parse_args(argv)
    print(f"| command | median s | min s | max s | target s | ({args.runs} runs, new process each) |")
    print("|---|---|---|---|---|---|")
    for name, cmd in COMMANDS.items():
        times = measure(cmd, args.runs)
        target = TARGETS.get(name)
        met = "" if target is None else (" met" if statistics.median(times) < target else " MISSED")
        print(
            f"| `{name}` | {statistics.median(times):.3f} | {min(times):.3f} | {max(times):.3f} | "
            f"{'' if target is None else f'{target:g}'}{met} | |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
