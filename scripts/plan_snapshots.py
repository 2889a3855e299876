"""Plan a fixed set of requests with a fixed iteration count and write each plan.json, to prove
that a change leaves the plans as they were (`--compare OLD NEW`).

    python scripts/plan_snapshots.py OUT            # run the requests, write OUT/<name>/plan.json
    python scripts/plan_snapshots.py --compare A B  # diff two such folders, ignoring timings and
                                                    # fields that exist only in B

Run it from the checkout whose code you want to measure (it calls `cli.py` there).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

COMMON = ["--iterations", "400", "--time-limit", "600", "--quiet"]
REQUESTS: dict[str, list[str]] = {
    "demo": ["--start", "tbilisi", "--days", "7", "--date", "2027-05-10", "--interests", "monastery,unesco"],
    "tbilisi-14": [
        "--start",
        "tbilisi",
        "--days",
        "14",
        "--date",
        "2027-05-10",
        "--interests",
        "monastery,unesco",
    ],
    "yerevan-kars-open": [
        "--start",
        "yerevan",
        "--end",
        "kars",
        "--days",
        "6",
        "--date",
        "2027-06-01",
        "--scenario",
        "turkey-armenia-open",
        "--interests",
        "fortress,shared-heritage",
    ],
    "baku-yerevan-flights": [
        "--start",
        "baku",
        "--end",
        "yerevan",
        "--days",
        "8",
        "--date",
        "2027-01-15",
        "--allow-flights",
        "--pace",
        "relaxed",
    ],
    "trabzon-erzurum": [
        "--start",
        "trabzon",
        "--end",
        "erzurum",
        "--days",
        "6",
        "--date",
        "2027-07-01",
        "--interests",
        "shared-heritage,monastery",
        "--must",
        "sumela-monastery",
        "--seed",
        "3",
    ],
}
VOLATILE = {"seconds"}  # wall-clock figures


def run(out: Path) -> None:
    for name, args in REQUESTS.items():
        target = out / name
        cmd = [sys.executable, "-c", "import cli; cli.main()", "plan", *args, *COMMON, "--out", str(target)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
        print(f"{name}: {status}")


def _strip(old: Any, new: Any, path: str, diffs: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key in VOLATILE:
                continue
            if key not in new:
                diffs.append(f"{path}.{key}: missing in the new plan")
            else:
                _strip(old[key], new[key], f"{path}.{key}", diffs)
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            diffs.append(f"{path}: {len(old)} items, now {len(new)}")
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            _strip(a, b, f"{path}[{i}]", diffs)
    elif old != new:
        diffs.append(f"{path}: {old!r} -> {new!r}")


def compare(a: Path, b: Path) -> int:
    bad = 0
    for name in REQUESTS:
        old = json.loads((a / name / "plan.json").read_text(encoding="utf-8"))
        new = json.loads((b / name / "plan.json").read_text(encoding="utf-8"))
        diffs: list[str] = []
        _strip(old, new, name, diffs)
        print(f"{name}: {'identical' if not diffs else f'{len(diffs)} differences'}")
        for line in diffs[:20]:
            print("   ", line)
        bad += bool(diffs)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    run(Path(sys.argv[1]))
