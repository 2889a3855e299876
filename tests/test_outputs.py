"""Outputs are all or nothing: a failure or an interrupt while writing leaves the previous
outputs intact and no stray files; the user's own files in the folder stay."""

from __future__ import annotations

from pathlib import Path

import pytest

import tours.export.files as files
from tours import TourError


def texts(tag: str) -> dict[str, str]:
    return {name: f"{tag} {name}\n" for name in files.OUTPUTS}


def test_a_second_run_replaces_the_outputs_and_keeps_the_users_files(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    files.write_folder(out, texts("second"))
    assert (out / "plan.json").read_text(encoding="utf-8") == "second plan.json\n"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tour"]  # nothing left beside it


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_fault_while_writing_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    real = files.write_atomic
    written: list[str] = []

    def failing(path: Path, text: str) -> None:
        if written:
            raise fault
        written.append(path.name)
        real(path, text)

    monkeypatch.setattr(files, "write_atomic", failing)
    with pytest.raises((TourError, KeyboardInterrupt)):
        files.write_folder(out, texts("second"))
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == texts("first")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tour"]


def test_out_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(TourError, match="is a file, not a folder"):
        files.write_folder(target, texts("first"))


def test_sigterm_during_a_run_leaves_the_previous_outputs(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "tour"
    files.write_folder(out, texts("first"))
    args = ["plan", "--start", "tbilisi", "--days", "3", "--date", "2027-05-10", "--out", str(out)]
    args += ["--iterations", "10000000", "--time-limit", "120", "--quiet"]
    run = subprocess.Popen(
        [sys.executable, "-c", "import cli; cli.main()", *args], cwd=Path(__file__).parent.parent
    )
    time.sleep(4)  # loading and searching: the outputs are written only at the end
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=60)
    assert run.returncode != 0
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == texts("first")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tour"]
