"""`tours compare` on one map: a layer per scenario (its days' routes and stops, and every
crossing coloured by its state under that scenario), the first shown, the others a tick away in
the layer control. Built of the plan map's pieces (`tours.export.webmap`, which alone imports
folium); works offline as the plan map does.
"""

from __future__ import annotations

from tours.analysis.compare import Comparison
from tours.catalogue.model import Catalogue
from tours.export import webmap
from tours.export.formats import coordinates

REPORT = "compare.html"  # the page beside the map; popups link to its scenario rows (#scenario-N)


def compare_map_html(comparison: Comparison, catalogue: Catalogue) -> str:
    at = coordinates(catalogue)
    points = [at[d.start.id] for o in comparison.outcomes for d in o.plan.days]
    points += [at[v.site] for o in comparison.outcomes for d in o.plan.days for v in d.visits]
    fmap = webmap._offline_map(points[0])
    for i, outcome in enumerate(comparison.outcomes):
        members, number = [], 0
        for d in outcome.plan.days:
            link = (f"{REPORT}#scenario-{i + 1}", f"Scenario {i + 1} in the comparison")
            group, number = webmap._day_layer(d, catalogue, at, number, REPORT, link)
            members.append(group)
        members.append(webmap._border_layer(outcome.plan, catalogue, at))
        name = f"{i + 1}. {outcome.scenario}: {outcome.plan.totals.visits} visits"
        webmap.layer_of(name, members, show=i == 0).add_to(fmap)
    return webmap.page(fmap, _legend(comparison), points)


def _legend(comparison: Comparison) -> str:
    """Each scenario's title and figures, so the layers can be told apart without opening them."""
    t = webmap._text
    rows = "".join(
        f'<div class="scenario-key"><strong>{i + 1}. {t(o.scenario)}</strong>: {t(o.title)}, as of {o.as_of}'
        f"<br>{o.plan.totals.visits} visits, score {o.plan.totals.score}, {o.plan.totals.km:.0f} km; "
        f"crossings: {t(', '.join(o.plan.totals.crossings) or 'none')}</div>"
        for i, o in enumerate(comparison.outcomes)
    )
    crossings = "".join(
        f'<span class="dot" style="background:{colour}"></span>{state} '
        for state, colour in webmap.STATUS_COLOURS.items()
    )
    return (
        '<div class="legend" style="position:fixed;bottom:1.6rem;right:.5rem;z-index:1000;background:#fff;'
        "padding:.4rem .6rem;border:1px solid #999;border-radius:4px;font:12px sans-serif;max-width:19rem;"
        'max-height:45vh;overflow:auto"><style>.legend .dot{display:inline-block;width:.8em;height:.8em;'
        "border-radius:50%;margin:0 .3em 0 .4em;vertical-align:middle}.legend div{margin:.2em 0}</style>"
        f"{rows}<div>Tick a scenario in the layer control to show it; its crossings: {crossings}</div>"
        "<div>Scenarios other than the status quo are hypothetical. Statuses change: verify every "
        "crossing before travel.</div></div>"
    )
