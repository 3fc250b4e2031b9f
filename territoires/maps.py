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


# Overseas régions are drawn in insets under mainland France, each at its own scale, as on the
# maps of the INSEE and the ANCT; drawn to scale they would be invisible or squash the mainland.
OUTRE_MER = ("01", "02", "03", "04", "06")
MAP_WIDTH = 560
INSET_GAP = 8
MIN_STEP = 1.5  # pixels: points closer than this to the previous one add bytes, not shape


def _fit(geometries, *, x, y, width, height):
    """A projection of ``geometries`` into the box (x, y, width, height), keeping proportions."""
    min_lon, min_lat, max_lon, max_lat = _bbox(geometries)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x, span_y = max((max_lon - min_lon) * k, 1e-6), max(max_lat - min_lat, 1e-6)
    scale = min(width / span_x, height / span_y)
    off_x = x + (width - span_x * scale) / 2
    off_y = y + (height - span_y * scale) / 2

    def project(lon, lat):
        return off_x + (lon - min_lon) * k * scale, off_y + (max_lat - lat) * scale

    return project, span_y * scale


def _simplified_path(geometry, project):
    parts, biggest, biggest_area = [], None, -1.0
    for ring in _rings(geometry):
        points, last = [], None
        for lon, lat in ring:
            px, py = project(lon, lat)
            if last is None or abs(px - last[0]) + abs(py - last[1]) >= MIN_STEP:
                points.append((px, py))
                last = (px, py)
        if len(points) < 3:
            continue
        parts.append("M" + "L".join(f"{px:.0f},{py:.0f}" for px, py in points) + "Z")
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        area = (max(xs) - min(xs)) * (max(ys) - min(ys))
        if area > biggest_area:
            biggest_area, biggest = area, (f"{(max(xs) + min(xs)) / 2:.0f}", f"{(max(ys) + min(ys)) / 2:.0f}")
    return "".join(parts), biggest


def france_map(*, regions: dict[str, dict], territoires: dict[str, tuple[str, dict]]) -> dict | None:
    """Régions (code → GeoJSON geometry) and territory perimeters (code → (région code, geometry))
    projected to SVG paths, mainland in the main frame and each overseas région in an inset.

    Returns the frame size, the région paths with a label position, the territory paths and the
    inset boxes; None when there is nothing to draw.
    """
    drawable = {code: g for code, g in regions.items() if g}
    if not drawable:
        return None
    mainland = {c: g for c, g in drawable.items() if c not in OUTRE_MER}
    overseas = {c: g for c, g in drawable.items() if c in OUTRE_MER}
    if not mainland:  # a single overseas région is its own main frame
        mainland, overseas = overseas, {}
    project, main_height = _fit(mainland.values(), x=0, y=0, width=MAP_WIDTH, height=MAP_WIDTH)
    projections = {code: project for code in mainland}
    insets = []
    if overseas:
        size = (MAP_WIDTH - INSET_GAP * (len(OUTRE_MER) - 1)) / len(OUTRE_MER)
        top = main_height + INSET_GAP * 2
        for index, code in enumerate(sorted(overseas)):
            x = index * (size + INSET_GAP)
            projections[code], _ = _fit([overseas[code]], x=x + 4, y=top + 4, width=size - 8, height=size - 8)
            insets.append({"x": round(x, 1), "y": round(top, 1), "size": round(size, 1)})
        height = top + size
    else:
        height = main_height
    region_paths = []
    for code, geometry in drawable.items():
        path, label = _simplified_path(geometry, projections[code])
        region_paths.append({"code": code, "path": path, "label": label})
    territory_paths = []
    for code, (region_code, geometry) in territoires.items():
        if geometry and region_code in projections:
            path, _ = _simplified_path(geometry, projections[region_code])
            if path:
                territory_paths.append({"code": code, "path": path})
    return {
        "width": MAP_WIDTH,
        "height": math.ceil(height),
        "regions": region_paths,
        "territoires": territory_paths,
        "insets": insets,
    }
