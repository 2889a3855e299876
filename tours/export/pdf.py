"""`itinerary.pdf`: the client itinerary printed by headless Chromium.

Chromium rather than WeasyPrint: the browser tests already need it (the map is checked in a real
browser), it prints the same page a traveller sees on screen with the same CSS engine (print CSS,
inline SVG), and it adds no Python dependency with native libraries to the install. The page is
self-contained (no script, no link outside it) and printed with the network blocked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tours.errors import TourError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ENV = "TOURS_CHROMIUM"  # the browser's path, when it is not on PATH under one of BROWSERS
TIMEOUT = 120.0


def chromium() -> str:
    """The headless browser to print with; a clear error when there is none."""
    given = os.environ.get(ENV)
    if given:
        if shutil.which(given) is None:
            raise TourError(f"{ENV}={given} is not an executable. Hint: the path of chromium, or unset it.")
        return given
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise TourError(
        f"--pdf needs headless Chromium and none is installed (looked for {', '.join(BROWSERS)} on PATH). "
        f"Hint: `apt-get install chromium`, or set {ENV} to the browser's path; or leave out --pdf and "
        "print itinerary.html from a browser."
    )


def print_pdf(page: str, *, timeout: float = TIMEOUT) -> bytes:
    """The PDF of an HTML page (text), A4 as the page's print CSS sets it."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="tours-pdf-") as tmp:
        src, dst = Path(tmp) / "itinerary.html", Path(tmp) / "itinerary.pdf"
        src.write_text(page, encoding="utf-8")
        args = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",  # the flag's older name
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing is fetched
            f"--print-to-pdf={dst}",
            src.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(2, "--no-sandbox")  # Chromium will not start as root otherwise
        try:
            run = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise TourError(
                f"Chromium took over {timeout:.0f} s to print the itinerary. Hint: try again."
            ) from None
        except OSError as exc:
            raise TourError(f"could not start {browser}: {exc.strerror or exc}. Hint: set {ENV}.") from None
        if run.returncode != 0 or not dst.is_file() or dst.stat().st_size == 0:
            said = next((x for x in reversed(run.stderr.splitlines()) if x.strip()), "no message")
            raise TourError(f"Chromium could not print the itinerary (exit {run.returncode}): {said}")
        return dst.read_bytes()
