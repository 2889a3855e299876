"""`python -m benchmarks run [FOLDER] --set optw --time-limit 10 --json`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import run as runner
from tours.solver.problem import Settings

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="solve every instance in FOLDER and compare with best-known scores")
    r.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEFAULT_FOLDER,
        help=f"folder of *.txt (OPTW) and *.ophs files, searched recursively (default {DEFAULT_FOLDER})",
    )
    r.add_argument(
        "--set", default="", help="only sets whose folder starts with this, e.g. optw, ophs, ophs/SET_1-2"
    )
    r.add_argument("--only", default="", help="comma-separated instance names, e.g. c101,pr01")
    r.add_argument("--routes", default="1,2,3,4", help="route counts m for OPTW files (default 1,2,3,4)")
    r.add_argument(
        "--bks",
        type=Path,
        default=None,
        help="bks.csv (default FOLDER/bks.csv); with it, only scored pairs run",
    )
    r.add_argument("--rounding", choices=["auto", "solomon", "cordeau", "none"], default="auto")
    r.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance (default 10)")
    r.add_argument("--iterations", type=int, default=10**9, help="iteration cap (default: time limit only)")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument(
        "--seeds",
        default="",
        help="comma-separated seeds, e.g. 0,1,2,3: each instance once per seed (means over all)",
    )
    r.add_argument("--workers", type=int, default=1, help="instances solved in parallel, one core each")
    r.add_argument("--no-vroom", action="store_true", help="skip the VROOM peer")
    r.add_argument("--json", action="store_true", help="JSON instead of a Markdown table")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(
            f"error: {args.folder} is not a folder. Hint: pass the folder of instance files.", file=sys.stderr
        )
        return 2
    try:
        seeds = tuple(int(x) for x in args.seeds.split(",") if x.strip()) or (args.seed,)
    except ValueError:
        print(
            f"error: --seeds {args.seeds!r} is not a list of whole numbers. Hint: --seeds 0,1,2.",
            file=sys.stderr,
        )
        return 2
    vroom = not args.no_vroom
    if vroom:
        try:
            import vroom as _  # noqa: F401
        except ImportError:
            print(
                "error: pyvroom is not installed. Hint: pip install pyvroom, or --no-vroom.", file=sys.stderr
            )
            return 2
    settings = Settings(iterations=args.iterations, time_limit=args.time_limit, seed=args.seed)
    todo = runner.tasks(
        args.folder,
        set_prefix=args.set,
        routes=tuple(int(x) for x in args.routes.split(",")),
        bks_path=args.bks or args.folder / "bks.csv",
        rounding=args.rounding,
        settings=settings,
        vroom=vroom,
        only=tuple(x for x in args.only.split(",") if x),
    )
    if not todo:
        print(f"error: no instances found in {args.folder} for --set {args.set!r}.", file=sys.stderr)
        return 2
    results = runner.run(runner.with_seeds(todo, seeds), args.workers)
    print(runner.as_json(results) if args.json else runner.table(results))
    return 1 if any(not r.feasible for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
