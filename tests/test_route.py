from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import net_for

from cli import cli
from tours import NoRouteError, Request, UnknownNameError
from tours.catalogue.model import Catalogue
from tours.network import route


def route_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["route", *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def test_route_contract() -> None:
    data = route_json("Tbilisi", "yerevan")
    # "mode" and "flights" were added with flights as a second mode (tests/test_network.py)
    assert set(data) == {"from", "to", "reachable", "km", "minutes", "crossings", "mode", "flights"}
    assert data["from"] == "tbilisi" and data["to"] == "yerevan" and data["reachable"] is True
    assert 250 <= data["km"] <= 340  # type: ignore[operator]
    assert 4.5 * 60 <= data["minutes"] <= 6.5 * 60  # type: ignore[operator]
    assert data["crossings"] == ["sadakhlo-bagratashen"]
    assert data["mode"] == "road" and data["flights"] == []


def test_closed_turkey_armenia_border_forces_a_detour_through_georgia() -> None:
    quo = route_json("yerevan", "dogubayazit", "--scenario", "status-quo")
    opened = route_json("yerevan", "dogubayazit", "--scenario", "turkey-armenia-open")
    assert opened["crossings"] == ["alican-margara"]
    assert "alican-margara" not in quo["crossings"]  # type: ignore[operator]
    georgian = {"sadakhlo-bagratashen", "ninotsminda-bavra", "guguti-gogavan"}
    assert georgian & set(quo["crossings"])  # type: ignore[arg-type]
    assert quo["km"] >= 3 * opened["km"]  # type: ignore[operator]


def test_unreachable_route_names_the_closed_crossing(real: Catalogue) -> None:
    net = net_for(real, Request(start="tbilisi", days=1, date=__import__("datetime").date(2027, 5, 1)))
    with pytest.raises(NoRouteError, match="closed GE>AZ"):
        route(net, "tbilisi", "sheki-khans-palace")
    data = route_json("tbilisi", "Şəki Xan Sarayı")
    assert data["reachable"] is False and "closed GE>AZ" in str(data["reason"])


def test_leaving_azerbaijan_by_land_is_allowed() -> None:
    data = route_json("baku", "tbilisi")
    assert data["reachable"] is True
    assert set(data["crossings"]) & {"red-bridge", "lagodekhi-mazimchay"}  # type: ignore[arg-type]


def test_names_resolve_without_diacritics_and_suggest() -> None:
    assert route_json("DOGUBAYAZIT", "Doğubayazıt")["km"] == 0
    result = CliRunner().invoke(cli, ["route", "Tbilissi", "yerevan"])
    assert result.exit_code == 1
    assert "Unknown town or site 'Tbilissi'" in result.output and "Did you mean" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("echmiadzin", "etchmiadzin-cathedral"),  # an other name, exactly
        ("gergeti", "gergeti-trinity-church"),  # a word of its names
        ("kazbegi", "gergeti-trinity-church"),  # "Kazbegi church"
        ("Şəki Xan Sarayı", "sheki-khans-palace"),
    ],
)
def test_names_people_type_resolve(real: Catalogue, typed: str, found: str) -> None:
    from tours.planner.resolve import Resolver

    assert Resolver(real).place(typed) == found


def test_a_word_shared_by_several_places_asks_which(real: Catalogue) -> None:
    from tours.planner.resolve import Resolver

    with pytest.raises(UnknownNameError, match="gergeti-trinity-church"):
        Resolver(real).place("trinity")
