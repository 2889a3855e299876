"""Border statuses as a dated timeline, nationality rules, and the sources behind them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tours.catalogue.model import Access, CrossingStatus, Scenario
from tours.catalogue.nations import nationality
from tours.catalogue.rows import Problems
from tours.catalogue.timeline import Event, Timeline, load_timeline, scenario_on, specific_source
from tours.errors import RequestError

URL = "https://example.org/news/2026/border"


def _event(start: date, access: Access, **kw: object) -> Event:
    base: dict[str, object] = {
        "crossing": "x",
        "direction": "AM>TR",
        "source": URL,
        "source_kind": "news",
        "reported": start,
    }
    return Event(start=start, access=access, **(base | kw))  # type: ignore[arg-type]


def test_status_in_force_reverts_after_a_temporary_event() -> None:
    closed = _event(date(1993, 4, 3), Access.CLOSED)
    aid = _event(date(2023, 2, 11), Access.PERMIT, until=date(2023, 2, 15))
    line = Timeline((closed, aid))
    assert line.in_force(date(2023, 2, 12))[("x", "AM>TR")] is aid
    assert line.in_force(date(2023, 2, 16))[("x", "AM>TR")] is closed
    assert line.in_force(date(1990, 1, 1)) == {}
    assert line.known_until == date(2023, 2, 15)
    assert line.changes_between(date(2023, 2, 10), date(2023, 2, 20)) == (aid,)


def test_scenario_on_a_date_lays_its_own_statuses_over_the_timeline() -> None:
    line = Timeline((_event(date(1993, 4, 3), Access.CLOSED, known_until=date(2026, 7, 1)),))
    overlay = CrossingStatus("x", "TR>AM", Access.THIRD_COUNTRY, date(2026, 1, 15), URL)
    scenario = Scenario("s", "S", date(2026, 1, 31), "", (), timeline=True, overlay=(overlay,))
    dated = scenario_on(scenario, line, date(2027, 5, 10))
    assert dated.on == date(2027, 5, 10)
    assert dated.known_until == date(2026, 7, 1)
    assert {(s.direction, s.access) for s in dated.statuses} == {
        ("AM>TR", Access.CLOSED),
        ("TR>AM", Access.THIRD_COUNTRY),
    }
    plain = Scenario("p", "P", date(2026, 1, 31), "", (overlay,))
    assert scenario_on(plain, line, date(2027, 5, 10)) is plain


@pytest.mark.parametrize(
    ("access", "who", "allowed"),
    [
        (Access.EVERYONE, "AZ", True),
        (Access.FOREIGNERS, "AZ", False),  # citizens of the country being left
        (Access.FOREIGNERS, "GE", True),
        (Access.FOREIGNERS, None, True),
        (Access.THIRD_COUNTRY, "GE", False),
        (Access.THIRD_COUNTRY, "DE", True),
        (Access.CITIZENS, "GE", True),
        (Access.CITIZENS, None, False),
        (Access.PERMIT, None, False),
        (Access.CLOSED, "DE", False),
    ],
)
def test_who_may_cross(access: Access, who: str | None, allowed: bool) -> None:
    status = CrossingStatus("red-bridge", "AZ>GE", access, date(2026, 3, 1), URL)
    assert status.allows(who) is allowed
    said = {  # the rule in words names the countries it is about
        Access.FOREIGNERS: "citizens of AZ may not leave",
        Access.THIRD_COUNTRY: "not to citizens of AZ and GE",
        Access.CITIZENS: "citizens of AZ and GE only",
        Access.PERMIT: "special permit",
        Access.CLOSED: "closed",
        Access.EVERYONE: "all travellers",
    }
    assert said[access] in status.rule()


def test_nationality_codes() -> None:
    assert nationality("am") == "AM"
    assert nationality(" Az ") == "AZ"
    assert nationality("third-country") is None
    assert nationality(None) is None
    with pytest.raises(RequestError, match="'XX'"):
        nationality("XX")


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        (URL, True),
        (f"{URL} ; https://gov.example/statement?id=4", True),
        ("https://vestikavkaza.ru/", False),
        ("", False),
        ("a newspaper", False),
    ],
)
def test_a_status_needs_a_specific_page(source: str, ok: bool) -> None:
    assert (specific_source(source) is None) is ok


def test_timeline_file_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "timeline.toml"
    path.write_text(
        "[[event]]\n"
        'crossing = "x"\ndirection = "AM>TR"\nfrom = 1993-04-03\naccess = "closed"\n'
        f'source = "{URL}"\nsource_kind = "news"\nreported = 1993-04-03\n\n'
        "[[event]]\n"
        'crossing = "y"\ndirection = "AM>TR"\nfrom = 1993-04-03\naccess = "shut"\n'
        'source = "https://news.example/"\nsource_kind = "blog"\nreported = "soon"\n',
        encoding="utf-8",
    )
    problems = Problems()
    line = load_timeline(path, {("x", "AM>TR"), ("x", "TR>AM")}, set(), problems)
    text = "\n".join(problems)
    assert line is not None and len(line.events) == 1
    assert "timeline.toml:10" in text
    for needle in ("'y'", "'shut'", "home page", "'blog'", "'soon'", "no event for: x TR>AM"):
        assert needle in text


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("echmiadzin", "etchmiadzin-cathedral"),
        ("Etchmiadzin", "etchmiadzin-cathedral"),
        ("gergeti", "gergeti-trinity-church"),
        ("Tsminda Sameba", "gergeti-trinity-church"),
        ("khorvirap", "khor-virap"),
        ("Khor Virap", "khor-virap"),
    ],
)
def test_the_names_people_type_resolve(typed: str, site: str) -> None:
    from tours.catalogue import load_catalogue
    from tours.planner.resolve import Resolver

    assert Resolver(load_catalogue()).site(typed) == site


def test_kazbegi_is_a_place_and_search_finds_any_part_of_a_name() -> None:
    from tours.catalogue import load_catalogue
    from tours.planner.resolve import Resolver

    resolver = Resolver(load_catalogue())
    assert resolver.place("kazbegi") in ("gergeti-trinity-church", "stepantsminda")
    assert "etchmiadzin-cathedral" in resolver.search("etchmi")
    assert "gergeti-trinity-church" in resolver.search("sameba")


def _cli(*args: str) -> str:
    from click.testing import CliRunner

    from cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_crossings_list_differs_by_date_where_the_timeline_says_so() -> None:
    early = _cli("crossings", "list", "--date", "2026-03-01").splitlines()
    late = _cli("crossings", "list", "--date", "2027-05-10").splitlines()
    red_early = next(x for x in early if x.startswith("red-bridge"))
    red_late = next(x for x in late if x.startswith("red-bridge"))
    assert "AZ>GE: foreigners (to 2026-07-01)" in red_early
    assert "AZ>GE: foreigners (last known; to 2026-07-01)" in red_late
    assert not any("nothing is known beyond" in x for x in early)
    assert any("nothing is known beyond 2026-07-01" in x for x in late)
    # before the 2022 rule that let foreigners leave by land, nobody crossed Red Bridge either way
    older = _cli("crossings", "list", "--date", "2021-03-01").splitlines()
    assert "AZ>GE: closed" in next(x for x in older if x.startswith("red-bridge"))
    history = _cli("crossings", "history", "alican-margara")
    assert "from 2023-02-11 until 2023-02-17: permit" in history


def test_a_plan_past_the_last_known_event_says_nothing_is_known_beyond() -> None:
    from tours.catalogue import load_catalogue
    from tours.notes import NoticeCode
    from tours.planner.request import Request
    from tours.planner.tour import plan_tour

    catalogue = load_catalogue()
    horizon = catalogue.timeline.known_until if catalogue.timeline else None
    assert horizon is not None
    for first, beyond in ((date(2026, 4, 1), False), (date(2027, 5, 10), True)):
        request = Request(start="tbilisi", days=2, date=first, iterations=20, seed=1)
        plan = plan_tour(catalogue, request)
        codes = {n.code for n in plan.notices}
        assert (NoticeCode.BEYOND_TIMELINE in codes) is beyond, (first, codes)
        assert NoticeCode.VERIFY_CROSSINGS in codes


def test_an_azerbaijani_citizen_is_not_routed_out_over_a_foreigners_only_crossing() -> None:
    from tours.catalogue import load_catalogue
    from tours.network.conditions import Conditions, network_for

    catalogue = load_catalogue()
    on = (date(2026, 5, 1),)
    for who, may in (("AZ", False), (None, True), ("DE", True)):
        net = network_for(catalogue, Conditions(nationality=who, dates=on))
        out_of_az = {(a.crossing, a.direction) for a in net.arcs if a.direction.startswith("AZ>")}
        assert (("red-bridge", "AZ>GE") in out_of_az) is may, who
        assert net.scenario is not None
        for c, d in out_of_az:  # whatever stays open lets this traveller through
            status = net.scenario.status(c, d)
            assert status is not None and status.allows(who)
    az = _cli("route", "baku", "tbilisi", "--date", "2026-05-01", "--nationality", "az", "--json")
    assert '"reachable": false' in az
    third = _cli("route", "baku", "tbilisi", "--date", "2026-05-01")
    assert "open to foreigners and stateless persons" in third


def test_nationality_option_is_checked_at_the_boundary() -> None:
    from click.testing import CliRunner

    from cli import cli

    result = CliRunner().invoke(cli, ["route", "baku", "tbilisi", "--nationality", "XX"])
    assert result.exit_code == 2 and "'XX' is not an ISO 3166-1 alpha-2 code" in result.output
    assert "Traceback" not in result.output
    assert _cli("route", "tbilisi", "yerevan", "--nationality", "am", "--json")


def test_every_status_has_a_specific_source_and_a_date() -> None:
    from tours.catalogue import load_catalogue

    catalogue = load_catalogue()
    assert catalogue.timeline is not None
    for e in catalogue.timeline.events:
        assert specific_source(e.source) is None and e.reported and e.start, e
        assert e.source_kind in ("official", "news", "traveller")
    for scenario in catalogue.scenarios:
        for s in scenario.overlay or scenario.statuses:
            assert specific_source(s.source) is None and s.as_of, (scenario.name, s)
    directions = {(c.id, d) for c in catalogue.crossings for d in c.directions()}
    assert directions <= {e.key for e in catalogue.timeline.events}
