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
# Pixels: a bend smaller than this is not seen on the map but costs bytes in every page that draws it.
SIMPLIFY_PX = 1.2


def _fit(geometries, *, x, y, width, height):
    """A projection of ``geometries`` into the box (x, y, width, height), keeping proportions: a function
    of an (n, 2) array of longitudes and latitudes, as shapely's ``transform`` wants it."""
    min_lon, min_lat, max_lon, max_lat = _bbox(geometries)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x, span_y = max((max_lon - min_lon) * k, 1e-6), max(max_lat - min_lat, 1e-6)
    scale = min(width / span_x, height / span_y)
    off_x = x + (width - span_x * scale) / 2
    off_y = y + (height - span_y * scale) / 2

    def project(coords):
        projected = coords.copy()
        projected[:, 0] = off_x + (coords[:, 0] - min_lon) * k * scale
        projected[:, 1] = off_y + (max_lat - coords[:, 1]) * scale
        return projected

    return project, span_y * scale


def _projected(geometries: dict[str, dict], projections: dict) -> dict:
    """Each GeoJSON geometry as a shapely shape in the map's pixels, by the projection of its key."""
    import shapely
    from shapely.geometry import shape

    return {
        code: shapely.make_valid(shapely.transform(shape(geometry), projections[code]))
        for code, geometry in geometries.items()
    }


def _simplified(shapes: dict) -> dict:
    """The shapes simplified together as one coverage: a border two of them share is simplified once,
    so neighbours still meet exactly (simplified one by one, their borders drifted apart)."""
    import shapely

    if not shapes:
        return {}
    codes = list(shapes)
    simplified = shapely.coverage_simplify(list(shapes.values()), tolerance=SIMPLIFY_PX)
    return dict(zip(codes, simplified, strict=True))


def _svg_path(geometry) -> str:
    """An SVG path of whole pixels in relative moves (a few characters per point)."""
    parts = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = [(round(x), round(y)) for x, y in ring.coords]
            steps, (last_x, last_y) = [], points[0]
            for px, py in points[1:-1]:
                if (px, py) != (last_x, last_y):
                    steps.append(f"{px - last_x},{py - last_y}")
                    last_x, last_y = px, py
            if len(steps) >= 2:
                parts.append(f"M{points[0][0]},{points[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


def france_map(*, regions: dict[str, dict], territoires: dict[str, tuple[str, dict]]) -> dict | None:
    """Régions (code → GeoJSON geometry) and territory perimeters (code → (région code, geometry))
    projected to SVG paths, mainland in the main frame and each overseas région in an inset.

    Borders are simplified topologically (régions together, then the territories of each frame
    together) and each région's number sits on a point inside it (``representative_point``, never
    outside a concave région as a bounding box's centre could be). Returns the frame size, the région
    paths with a label position, the territory paths and the inset boxes; None when there is nothing
    to draw.
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
    region_shapes = _simplified(_projected(drawable, projections))
    region_paths = []
    for code, geometry in region_shapes.items():
        path = _svg_path(geometry)
        inside = geometry.representative_point() if not geometry.is_empty else None
        label = (f"{inside.x:.0f}", f"{inside.y:.0f}") if inside is not None else None
        region_paths.append({"code": code, "path": path, "label": label})
    kept = {code: (region, g) for code, (region, g) in territoires.items() if g and region in projections}
    territory_shapes = _projected(
        {code: g for code, (_, g) in kept.items()}, {code: projections[region] for code, (region, _) in kept.items()}
    )
    territory_paths = []
    for code, geometry in _simplified(territory_shapes).items():
        if path := _svg_path(geometry):
            territory_paths.append({"code": code, "path": path})
    return {
        "width": MAP_WIDTH,
        "height": math.ceil(height),
        "regions": region_paths,
        "territoires": territory_paths,
        "insets": insets,
    }
