"""Derive `sites/network/roads_tr_provinces.csv` from the official KGM province distance table.

The KGM table (Karayolları Genel Müdürlüğü, 1 Jan 2022) gives road km between all 81 province
centres. A pair becomes a road of our network when it is "direct": no third centre k lies on the
way (km(i,k) + km(k,j) > 1.03 * km(i,j)) and it is under 400 km. Shortest paths over these roads
then reproduce the table; the calibration is checked by the tests.

Run from the repository root with the team's reference folder beside it:
    python scripts/build_turkey_roads.py ../shared/reference/road_distances_turkey_provinces_KGM_2022.csv
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

OUT = Path("sites/network/roads_tr_provinces.csv")
TOWNS = Path("sites/network/towns_tr.csv")
SOURCE = "KGM Iller Arasi Mesafe Cetveli 2022-01-01 (Karayollari Genel Mudurlugu)"
DETOUR, MAX_KM = 1.03, 400.0


def slug(name: str) -> str:
    return name.split("(")[0].strip().lower()


def main(table: str) -> None:
    km: dict[tuple[str, str], float] = {}
    with open(table, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            km[(slug(row["from_province"]), slug(row["to_province"]))] = float(row["road_km"])
    towns = {r["id"]: r for r in csv.DictReader(TOWNS.open(encoding="utf-8"))}
    names = sorted({a for a, _ in km})
    missing = [n for n in names if n not in towns]
    if missing:
        sys.exit(f"province ids missing from {TOWNS}: {missing}")
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            d = min(km[(a, b)], km[(b, a)])
            if d > MAX_KM:
                continue
            if any(km[(a, k)] + km[(k, b)] <= DETOUR * d for k in names if k not in (a, b)):
                continue
            ta, tb = towns[a], towns[b]
            gc = _gc(float(ta["lat"]), float(ta["lon"]), float(tb["lat"]), float(tb["lon"]))
            winding = d / gc if gc else 1.0
            # Most links are divided highways; a winding road (mountain) is slower.
            speed, terrain = (
                (80, "flat") if winding < 1.3 else (70, "hilly") if winding < 1.6 else (55, "mountain")
            )
            rows.append(
                [
                    a,
                    b,
                    f"{d:g}",
                    speed,
                    "",
                    terrain,
                    "sourced",
                    SOURCE,
                    f"direct KGM pair; road/great-circle {winding:.2f}; speed from winding (estimate)",
                ]
            )
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["from", "to", "km", "speed_kmh", "road", "terrain", "km_basis", "source", "note"])
        w.writerows(rows)
    print(f"{len(rows)} roads written to {OUT}")


def _gc(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


if __name__ == "__main__":
    main(sys.argv[1])
