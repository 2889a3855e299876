"""GPX 1.1 for GPS devices and apps: one route (`<rte>`) per day along the network's nodes, and a
waypoint (`<wpt>`) per visit with its local start time. The only module that imports `gpxpy`."""

from __future__ import annotations

import gpxpy.gpx

from tours.catalogue.model import Catalogue
from tours.export.formats import coordinates, day_path
from tours.itinerary.plan import Plan


def gpx(plan: Plan, catalogue: Catalogue) -> str:
    at = coordinates(catalogue)
    names = {t.id: t.name for t in catalogue.towns} | {s.id: s.name for s in catalogue.sites}
    doc = gpxpy.gpx.GPX()
    doc.creator = "caucasus-tours"
    doc.name = f"{plan.request.days} days from {plan.days[0].start.name}"
    doc.description = plan.notices[0].text if plan.notices else None
    for d in plan.days:
        route = gpxpy.gpx.GPXRoute(name=f"Day {d.day}: {d.start.name} - {d.end.name}")
        for node in day_path(d):
            lat, lon = at[node]
            route.points.append(gpxpy.gpx.GPXRoutePoint(lat, lon, name=names.get(node, node)))
        doc.routes.append(route)
        for v in d.visits:
            lat, lon = at[v.site]
            doc.waypoints.append(
                gpxpy.gpx.GPXWaypoint(lat, lon, name=v.name, time=v.arrive, description=f"Day {d.day}")
            )
    return str(doc.to_xml(version="1.1"))
