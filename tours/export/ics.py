"""An iCalendar file: one event per visit and per lunch, each in the time zone of where it
happens (Türkiye on Europe/Istanbul, the others on their own zones), with the VTIMEZONE blocks a
calendar needs. The only module that imports `icalendar`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar

from tours.catalogue.model import TIMEZONES, Catalogue
from tours.itinerary.plan import Plan


def ics(plan: Plan, catalogue: Catalogue) -> str:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//caucasus-tours//plan//EN")
    cal.add("version", "2.0")
    towns = {t.id: t.country for t in catalogue.towns} | {s.id: s.country for s in catalogue.sites}
    stamp = datetime(2000, 1, 1, tzinfo=ZoneInfo("UTC"))  # fixed: the same plan gives the same file
    for d in plan.days:
        for order, v in enumerate(d.visits, start=1):
            zone = ZoneInfo(TIMEZONES[v.country])
            event = icalendar.Event()
            event.add("uid", f"day{d.day}-{order}-{v.site}@caucasus-tours")
            event.add("dtstamp", stamp)
            event.add("summary", v.name)
            event.add("dtstart", v.arrive.astimezone(zone))
            event.add("dtend", v.depart.astimezone(zone))
            event.add("description", f"Day {d.day}. Opening hours: {v.opening_hours}")
            cal.add_component(event)
        if d.lunch is not None:
            zone = ZoneInfo(TIMEZONES[towns[d.lunch.after]])
            event = icalendar.Event()
            event.add("uid", f"day{d.day}-lunch@caucasus-tours")
            event.add("dtstamp", stamp)
            event.add("summary", "Lunch")
            event.add("dtstart", d.lunch.start.astimezone(zone))
            event.add("dtend", d.lunch.end.astimezone(zone))
            cal.add_component(event)
    cal.add_missing_timezones()
    return str(cal.to_ical().decode("utf-8"))
