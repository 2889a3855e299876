"""The bad-input corpus (tests/corpus/cases.toml): every case through the CLI in-process, each
rejected cleanly or accepted safely, as the case declares; crashes, half-written outputs and
hangs counted. `TOURS_CORPUS_README=1 pytest tests/test_corpus.py` rewrites tests/corpus/README.md
with the counts (see that file)."""

from __future__ import annotations

import csv
import io
import os
import random
import re
import signal
import stat
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import write_tiny

from cli import cli
from tours.catalogue.files import load_catalogue
from tours.catalogue.rows import SITE_HEADER
from tours.errors import TourError
from tours.export.files import OUTPUTS

CORPUS = Path(__file__).parent / "corpus"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"]
SMALL = ["--start", "tbilisi", "--days", "2", "--date", "2027-06-07", "--iterations", "20", "--quiet"]
TIMEOUT_S = 60  # a case that takes longer counts as a hang
MAX_LINES = 5  # a rejection is one line (click's usage errors add "Usage:" and "Try" lines)
BASE_ROW = {
    **dict.fromkeys(SITE_HEADER, ""),
    "id": "own-test-church",
    "name": "Own Test Church",
    "name_local": "ტესტი",
    "country": "GE",
    "lat": "41.69340",
    "lon": "44.80150",
    "category": "church",
    "tags": "church;medieval",
    "importance": "2",
    "visit_minutes": "45",
    "opening_hours": "Mo-Su 09:00-18:00",
    "hours_source": "typical; not verified",
    "period": "12th c.",
    "fee": "free",
    "access": "open",
    "description": "A test church.",
    "source": "https://example.org/own",
}
TALLY: Counter[str] = Counter()
OUTCOMES = (
    "tried",
    "rejected cleanly",
    "accepted safely",
    "crashes",
    "partial outputs",
    "hangs",
    "other failures",  # rejected when it should be accepted, or the message misses the value
    "skipped (as root)",
)


class HangError(BaseException):  # not Exception: nothing on the way may swallow it
    pass


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def site_file(case: dict[str, Any]) -> str:
    """own.csv: the header (or the case's) and the base row with each row's overrides."""
    header = case.get("header", ",".join(SITE_HEADER))
    keys = header.split(",")
    lines = [header + "\n"]
    for n, overrides in enumerate(case.get("rows", [])):
        row = {**BASE_ROW, **({"id": f"own-test-church-{n}"} if n else {}), **overrides}
        lines.append(_csv_line([row.get(k, "x") for k in keys]))
    return "".join(lines)


def generated(kind: str, size: int) -> bytes:
    """Big or binary inputs, made at run time rather than stored."""
    if kind == "random-bytes":
        return random.Random(size).randbytes(size)
    if kind == "many-rows":
        rows = [
            _csv_line(
                [{**BASE_ROW, "id": f"own-{n}", "lat": f"{40 + n % 300 / 100:.5f}"}[k] for k in SITE_HEADER]
            )
            for n in range(size)
        ]
        return (",".join(SITE_HEADER) + "\n" + "".join(rows)).encode()
    if kind == "huge-cell":
        row = {**BASE_ROW, "description": "y" * size}
        return (",".join(SITE_HEADER) + "\n" + _csv_line([row[k] for k in SITE_HEADER])).encode()
    if kind == "deep-json":
        return b"[" * size + b"]" * size
    raise ValueError(kind)


def materialise(case: dict[str, Any], tmp: Path) -> dict[str, str]:
    """Write the case's files into `tmp`; the tokens its arguments may name."""
    tokens = {"tmp": str(tmp), "out": str(tmp / "out")}
    files: dict[str, str | bytes] = dict(case.get("files", {}))
    if "rows" in case:
        files["own.csv"] = site_file(case)
    if "generate" in case:
        files[case.get("name", "own.csv")] = generated(case["generate"], int(case["size"]))
    for name, content in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode(case.get("encoding", "utf-8"))
        path.write_bytes(content)
        tokens[name] = str(path)
        tokens.setdefault(name.split("/")[0], str(tmp / name.split("/")[0]))  # {tpl} for tpl/x.html
    if "fifo" in case:
        os.mkfifo(tmp / case["fifo"])
        tokens[case["fifo"]] = str(tmp / case["fifo"])
    setup = case.get("setup", "")
    if setup in ("previous", "readonly"):
        (tmp / "out").mkdir()
        for name in OUTPUTS:
            (tmp / "out" / name).write_text(f"previous {name}\n", encoding="utf-8")
    if setup == "readonly":
        (tmp / "out").chmod(stat.S_IRUSR | stat.S_IXUSR)
        tmp.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if setup == "file":
        (tmp / "out").write_text("not a folder\n", encoding="utf-8")
    return tokens


def arguments(case: dict[str, Any], tokens: dict[str, str]) -> list[str]:
    args = [re.sub(r"\{([^{}]+)\}", lambda m: tokens.get(m.group(1), m.group(0)), a) for a in case["args"]]
    if args and args[0] == "plan":  # the small request first: the case's own options override it
        args = ["plan", *SMALL, *args[1:]]
    return args


def run_cli(args: list[str]) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, args)
    exc = result.exception
    if isinstance(exc, HangError):
        raise exc
    return result.exit_code, result.output, None if isinstance(exc, SystemExit) else exc


def run_library(case: dict[str, Any], tmp: Path) -> tuple[int, str, BaseException | None]:
    """Inputs no command reads from a path of the user's: scenario files, in a tiny catalogue."""
    root = write_tiny(tmp / "world")
    scenario = case["scenario"].encode(case.get("encoding", "utf-8"))
    (root / "scenarios" / case.get("name", "status-quo.toml")).write_bytes(scenario)
    try:
        load_catalogue(root)
    except TourError as exc:
        return 1, f"Error: {exc}", None
    except HangError:
        raise
    except Exception as exc:
        return 1, "", exc
    return 0, "", None


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not TALLY["tried"]:
        return
    text = ", ".join(f"{k} {TALLY[k]}" for k in OUTCOMES)
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\ncorpus: {text}")
    if os.environ.get("TOURS_CORPUS_README") == "1" and TALLY["tried"] + TALLY["skipped (as root)"] == len(
        CASES
    ):
        write_readme()


def write_readme() -> None:
    path = CORPUS / "README.md"
    head = path.read_text(encoding="utf-8").split("<!-- counts -->")[0]
    rows = "\n".join(f"| {k} | {TALLY[k]} |" for k in OUTCOMES)
    command = "TOURS_CORPUS_README=1 .venv/bin/pytest tests/test_corpus.py -q"
    path.write_text(
        f"{head}<!-- counts -->\n| outcome | cases |\n|---|---|\n{rows}\n\nProduced by `{command}` "
        f"(Python {sys.version_info.major}.{sys.version_info.minor}).\n",
        encoding="utf-8",
    )


def _on_alarm(_signum: int, _frame: object) -> None:
    raise HangError


def _stray(tmp: Path) -> list[str]:
    return [p.name for p in tmp.iterdir() if re.match(r"\..*\.(new|old)-", p.name)]


def _written(tmp: Path) -> dict[str, str] | None:
    out = tmp / "out"
    if not out.is_dir():
        return None
    return {p.name: p.read_text(encoding="utf-8", errors="replace") for p in out.iterdir() if p.is_file()}


def _unescaped(case: dict[str, Any], tmp: Path) -> list[str]:
    """Hostile text that reached a page as markup or script, or is missing from its text."""
    problems = []
    for name in ("itinerary.html", "report.html", "map.html"):
        page = (tmp / "out" / name).read_text(encoding="utf-8")
        problems += [f"{name}: {raw!r} raw" for raw in case.get("raw_absent", []) if raw in page]
        if name == "map.html":
            problems += [f"map.html: {raw!r} raw" for raw in case.get("map_raw_absent", []) if raw in page]
    itinerary = BeautifulSoup((tmp / "out" / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    text = itinerary.get_text()
    problems += [f"itinerary.html: {s!r} not shown as text" for s in case.get("shown", []) if s not in text]
    if itinerary.find_all("script", string=re.compile("alert")):
        problems.append("itinerary.html: a script from the data")
    return problems


def judge(case: dict[str, Any], tmp: Path, status: int, output: str, exc: BaseException | None) -> str:
    """The case's outcome; raises AssertionError with the reason when it is not the one declared."""
    assert exc is None, f"crash: {type(exc).__name__}: {exc}"
    assert "Traceback" not in output, f"crash: a traceback\n{output}"
    stray = _stray(tmp)
    assert not stray, f"partial: temporary folders left: {stray}"
    before = {name: f"previous {name}\n" for name in OUTPUTS}
    if case["expect"] == "rejected":
        assert status != 0, f"accepted, expected a rejection:\n{output[-800:]}"
        if case.get("setup") in ("previous", "readonly"):
            assert _written(tmp) == before, "partial: the previous outputs changed"
        elif case.get("setup") != "file":
            assert _written(tmp) is None, "partial: an output folder was left"
        lines = [ln for ln in output.splitlines() if ln.strip()]
        report = "scenario" in case or case["args"][:2] == ["sites", "validate"]  # every problem listed
        assert report or len(lines) <= MAX_LINES, output
        assert re.search(case["says"], output), f"message does not say {case['says']!r}:\n{output[-800:]}"
        return "rejected cleanly"
    assert status == 0, f"rejected, expected acceptance:\n{output[-800:]}"
    if case.get("args", [""])[0] in ("plan", "render"):
        written = _written(tmp) or {}
        assert set(OUTPUTS) <= set(written), f"partial: missing {set(OUTPUTS) - set(written)}"
        assert not (problems := _unescaped(case, tmp)), problems
    return "accepted safely"


def _params() -> list[Any]:
    return [
        pytest.param(
            c,
            id=c["id"],
            marks=[pytest.mark.xfail(reason=c["known_bug"], strict=True)] if "known_bug" in c else [],
        )
        for c in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_corpus_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case.get("setup") == "readonly" and os.geteuid() == 0:
        TALLY["skipped (as root)"] += 1
        pytest.skip("root writes into read-only folders")
    monkeypatch.chdir(tmp_path)  # a relative --out lands here, never in the repository
    work = tmp_path / "case"
    work.mkdir()
    TALLY["tried"] += 1
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, case.get("timeout", TIMEOUT_S))
    try:
        tokens = materialise(case, work)
        if "scenario" in case:
            status, output, exc = run_library(case, work)
        else:
            status, output, exc = run_cli(arguments(case, tokens))
    except HangError:
        TALLY["hangs"] += 1
        pytest.fail(f"no answer within {case.get('timeout', TIMEOUT_S)} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        for folder in (work, work / "out"):
            if folder.is_dir():
                folder.chmod(stat.S_IRWXU)
    try:
        TALLY[judge(case, work, status, output, exc)] += 1
    except AssertionError as failure:
        kind = str(failure).partition(":")[0]
        TALLY[{"partial": "partial outputs", "crash": "crashes"}.get(kind, "other failures")] += 1
        raise
