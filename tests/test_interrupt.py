"""Interrupting a run at every point of its writing (an interrupt, a full disk, a failed rename,
SIGTERM to a real process) leaves the previous outputs intact and no stray temporary folder; two
runs into one folder at once leave one complete plan."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import tours.export.files as files
from tours import TourError

ROOT = Path(__file__).resolve().parent.parent


def texts(tag: str) -> dict[str, str]:
    return {name: f"{tag} {name}\n" for name in files.OUTPUTS}


def contents(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


def full_disk() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fault", [KeyboardInterrupt, full_disk], ids=["interrupt", "disk-full"])
@pytest.mark.parametrize("at", range(len(files.OUTPUTS)))
def test_a_fault_at_any_file_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: type[BaseException], at: int
) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    real, count = files.write_atomic, [0]

    def failing(path: Path, text: str | bytes) -> None:
        if count[0] == at:
            raise fault()
        count[0] += 1
        real(path, text)

    monkeypatch.setattr(files, "write_atomic", failing)
    with pytest.raises((TourError, KeyboardInterrupt)):
        files.write_folder(out, texts("second"))
    assert contents(out) == texts("first")
    assert [p.name for p in tmp_path.iterdir()] == ["tour"]


@pytest.mark.parametrize("call", [0, 1], ids=["moving-the-old-aside", "moving-the-new-in"])
def test_a_failed_rename_in_the_swap_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    real, calls = os.replace, [0]

    def replace(src: str | Path, dst: str | Path) -> None:
        calls[0] += 1
        if calls[0] == call + 1:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(TourError, match="previous outputs are unchanged"):
        files.write_folder(out, texts("second"))
    monkeypatch.undo()
    assert contents(out) == texts("first")
    assert [p.name for p in tmp_path.iterdir()] == ["tour"]


def test_an_interrupt_while_copying_the_users_files_leaves_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    (out / "notes.txt").write_text("mine", encoding="utf-8")

    def interrupted(src: Path, dst: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_copy", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_folder(out, texts("second"))
    assert contents(out) == {**texts("first"), "notes.txt": "mine"}
    assert [p.name for p in tmp_path.iterdir()] == ["tour"]


# A writer that takes 0.1 s a file, so that a signal lands in the middle of the writing.
SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import tours.export.files as files
    real = files.write_atomic
    def slow(path, text):
        time.sleep(0.1)
        real(path, text)
    files.write_atomic = slow
    tag = sys.argv[2]
    print("writing", flush=True)
    files.write_folder(Path(sys.argv[1]), {n: f"{tag} {n}\\n" for n in files.OUTPUTS})
    """
)


def _writer(out: Path, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(out), tag],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("delay", [0.05, 0.35, 0.75])
def test_sigterm_while_writing_leaves_the_previous_outputs_and_no_stray_folder(
    tmp_path: Path, delay: float
) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    run = _writer(out, "second")
    assert run.stdout is not None and run.stdout.readline() == "writing\n"
    time.sleep(delay)  # the writing takes about 0.9 s: early, midway, near the end
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert run.returncode != 0, err
    assert "KeyboardInterrupt" in err  # the handler ran: the clean-up on the way out did too
    assert contents(out) == texts("first")
    assert [p.name for p in tmp_path.iterdir()] == ["tour"]


def test_two_runs_into_one_folder_leave_one_complete_plan(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    runs = [_writer(out, tag) for tag in ("left", "right")]
    for run in runs:
        run.communicate(timeout=60)
    assert any(run.returncode == 0 for run in runs)
    written = contents(out)
    assert written in (texts("left"), texts("right")), written  # one run's files, all of them
    assert [p.name for p in tmp_path.iterdir()] == ["tour"]
