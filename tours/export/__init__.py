"""A plan's files: `files` (atomic writes), `render` (Jinja itineraries), `webmap` (Folium map).

Import the module you need: each carries one heavy dependency.
"""
