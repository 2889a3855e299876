"""The plan as data (`plan`) and the invariants every plan keeps (`checks`)."""

from __future__ import annotations

from tours.itinerary.plan import Day, Dropped, Leg, Place, Plan, ScenarioInfo, SolverInfo, Totals, Visit

__all__ = ["Day", "Dropped", "Leg", "Place", "Plan", "ScenarioInfo", "SolverInfo", "Totals", "Visit"]
