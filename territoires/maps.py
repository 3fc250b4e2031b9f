"""Server-side SVG maps drawn from the shipped GeoJSON: no tiles, no script, no outside request."""

from __future__ import annotations

import math

WIDTH = 480


def _rings(geometry: dict):
    if not geometry:
        return
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def _bbox(geometries):
    xs, ys = [], []
    for geometry in geometries:
        for ring in _rings(geometry):
            for lon, lat in ring:
                xs.append(lon)
                ys.append(lat)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def perimeter_map(*, focus: list[dict], context: list[dict]) -> dict | None:
    """Project ``focus`` shapes (the perimeter) over ``context`` shapes (its départements).

    Returns the viewBox and one SVG path per shape, or None when nothing has a geometry.
    An equirectangular projection corrected by the cosine of the mean latitude is enough at the
    scale of a territory and keeps the drawing free of any GIS dependency.
    """
    box = _bbox(focus) or _bbox(context)
    if box is None:
        return None
    min_lon, min_lat, max_lon, max_lat = box
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * k, 1e-6)
    span_y = max(max_lat - min_lat, 1e-6)
    margin = 0.08
    scale = WIDTH / (span_x * (1 + 2 * margin))
    height = span_y * (1 + 2 * margin) * scale

    def path(geometry):
        parts = []
        for ring in _rings(geometry):
            points = [
                f"{((lon - min_lon) * k + span_x * margin) * scale:.1f},"
                f"{((max_lat - lat) + span_y * margin) * scale:.1f}"
                for lon, lat in ring
            ]
            parts.append("M" + "L".join(points) + "Z")
        return "".join(parts)

    return {
        "width": WIDTH,
        "height": math.ceil(height),
        "context": [path(g) for g in context if g],
        "focus": [path(g) for g in focus if g],
    }
