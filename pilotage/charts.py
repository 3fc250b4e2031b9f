"""The dashboards' charts, drawn on the server as SVG by ``leather``.

Why leather: it writes SVG with presentation attributes only (no ``<style>``, no script), so the
charts sit inline in the page under the portal's strict Content-Security-Policy, print, and need no
JavaScript. Each chart is an image for assistive technologies (``role="img"`` with a title and a
one-sentence summary); the table printed beside it carries every figure the chart shows.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import escape

import leather
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

# DSFR colours (« bleu France » and its lighter tints, then the illustrative palette): the first
# series is the whole, drawn light, the second the part of it, drawn dark on top.
LIGHT, DARK = "#cacafb", "#000091"
LINE_COLOURS = ["#000091", "#c9191e", "#18753c", "#716043"]
FONT = "Marianne, Arial, sans-serif"

for _name in ("title_font_family", "axis_title_font_family", "legend_font_family", "tick_font_family"):
    setattr(leather.theme, _name, FONT)
leather.theme.background_color = "#ffffff"
leather.theme.tick_color = "#dddddd"
leather.theme.label_color = "#3a3a3a"
leather.theme.legend_color = "#161616"
leather.theme.tick_font_size = 13
leather.theme.legend_font_size = 13


def _number(value) -> str:
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def _money(value) -> str:
    """Axis labels in euros, shortened as people say them: « 1,5 M€ », « 250 k€ »."""
    value = Decimal(value)
    if abs(value) >= 1_000_000:
        return f"{number_format(value / 1_000_000, 1, use_l10n=True)}\u00a0M€".replace(",0\u00a0", "\u00a0")
    if abs(value) >= 1_000:
        return f"{_number(value / 1000)}\u00a0k€"
    return f"{_number(value)}\u00a0€"


def _whole_ticks(maximum) -> list[int]:
    """Up to six whole-number ticks from 0: a count of fiches has no half."""
    maximum = max(int(maximum), 1)
    step = max(1, -(-maximum // 5))
    return list(range(0, maximum + step, step))


def _svg(
    chart: leather.Chart | leather.Grid, *, ident: str, title: str, summary: str, width: int, height: int
) -> SafeString:
    svg = chart.to_svg(width=width, height=height)
    # Scales with its column (viewBox instead of a fixed size) and reads as one image.
    svg = re.sub(
        r'^<svg width="\d+" height="\d+"',
        f'<svg viewBox="0 0 {width} {height}" class="portail-graphique" role="img" '
        f'aria-labelledby="{ident}-titre {ident}-resume"',
        svg,
        count=1,
    )
    svg = svg.replace(
        ">",
        f'><title id="{ident}-titre">{escape(title)}</title><desc id="{ident}-resume">{escape(summary)}</desc>',
        1,
    )
    return mark_safe(svg)  # built by leather from numbers and escaped labels


def whole_and_part(
    lines: list[tuple[str, float, float]],
    *,
    ident: str,
    title: str,
    whole: str,
    part: str,
    money: bool = False,
) -> SafeString | None:
    """Horizontal bars: for each label the whole (light) and the part of it (dark, on top)."""
    if not lines or not any(total for _label, total, _part in lines):
        return None
    lines = [(str(label), total, part_) for label, total, part_ in lines]
    labels = [_label_fit(label) for label, _t, _p in lines]
    chart = leather.Chart()
    chart.set_y_scale(leather.Ordinal(list(reversed(labels))))
    maximum = max(max(float(t or 0), float(p or 0)) for _l, t, p in lines)
    if money:
        chart.add_x_scale(0, maximum or 1)
        chart.add_x_axis(tick_formatter=lambda value, _index, _count: _money(value))
    else:
        ticks = _whole_ticks(maximum)
        chart.add_x_scale(0, ticks[-1])
        chart.add_x_axis(ticks=ticks, tick_formatter=lambda value, _index, _count: _number(value))
    chart.add_bars(
        [(float(t or 0), label) for label, (_l, t, _p) in zip(labels, lines, strict=True)], name=whole, fill_color=LIGHT
    )
    chart.add_bars(
        [(float(p or 0), label) for label, (_l, _t, p) in zip(labels, lines, strict=True)], name=part, fill_color=DARK
    )
    say = _money if money else _number
    # « Innovation : déposées 2, validées 1 »: the number after its word needs no agreement.
    summary = "; ".join(
        f"{label} : {whole.lower()} {say(t or 0)}, {part.lower()} {say(p or 0)}" for label, t, p in lines
    )
    return _svg(chart, ident=ident, title=title, summary=summary + ".", width=720, height=70 + 44 * len(lines))


def _label_fit(label: str, limit: int = 28) -> str:
    """Bar labels sit in the left margin: long names are cut (the table beside says them whole)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def over_time(
    series: list[tuple[str, list[tuple[datetime.date | int, int]]]],
    *,
    ident: str,
    title: str,
    quarterly: bool = False,
) -> SafeString | None:
    """Lines of counts over years (or quarters, dated by their first day): one line per named series."""
    points = [x for _name, values in series for x, _n in values]
    if not any(n for _name, values in series for _x, n in values):
        return None
    chart = leather.Chart()
    maximum = max((n for _name, values in series for _x, n in values), default=0)
    ticks = _whole_ticks(maximum)
    if quarterly:
        first, last = min(points), max(points)
        if first == last:
            return None
        chart.add_x_scale(first, last)
        chart.add_x_axis(
            ticks=[day for day in sorted(set(points)) if day.month == 1] or [first],
            tick_formatter=lambda value, _index, _count: str(value.year),
        )
    else:
        first, last = min(points), max(points)
        if first == last:
            first, last = first - 1, last + 1
        chart.add_x_scale(first, last)
        chart.add_x_axis(ticks=list(range(first, last + 1)), tick_formatter=lambda value, _i, _c: str(int(value)))
    chart.add_y_scale(0, ticks[-1])
    chart.add_y_axis(ticks=ticks, tick_formatter=lambda value, _index, _count: _number(value))
    for index, (colour, (name, values)) in enumerate(zip(LINE_COLOURS, series, strict=False)):
        if values:
            # Dashed after the first, so that two equal lines still show both.
            chart.add_line(values, name=name, stroke_color=colour, width=3, stroke_dasharray="8 5" if index else None)

    def when(x):
        return f"T{(x.month - 1) // 3 + 1} {x.year}" if quarterly else str(x)

    summary = "; ".join(
        f"{name} : " + ", ".join(f"{when(x)} {_number(n)}" for x, n in values) for name, values in series if values
    )
    return _svg(chart, ident=ident, title=title, summary=summary + ".", width=720, height=300)


def side_by_side_columns(
    series: list[tuple[str, list[tuple[int, int]]]], *, ident: str, title: str
) -> SafeString | None:
    """One small column chart per named series, years along the bottom, on the same vertical scale."""
    if not any(n for _name, values in series for _year, n in values):
        return None
    ticks = _whole_ticks(max(n for _name, values in series for _year, n in values))
    grid = leather.Grid()
    for colour, (name, values) in zip(LINE_COLOURS, series, strict=False):
        chart = leather.Chart(name)
        chart.set_x_scale(leather.Ordinal([str(year) for year, _n in values]))
        chart.add_y_scale(0, ticks[-1])
        chart.add_y_axis(ticks=ticks, tick_formatter=lambda value, _index, _count: _number(value))
        chart.add_columns([(str(year), n) for year, n in values], fill_color=colour)
        grid.add_one(chart)
    summary = "; ".join(
        f"{name} : " + ", ".join(f"{year} {_number(n)}" for year, n in values) for name, values in series
    )
    return _svg(grid, ident=ident, title=title, summary=summary + ".", width=720, height=260)


def _every_year(rows: list[dict], years) -> list[tuple[int, int]]:
    counts = {r["annee"]: r["n"] for r in rows}
    return [(year, counts.get(year, 0)) for year in years]


def dashboard_charts(figures: dict) -> dict[str, SafeString | None]:
    """The charts of a dashboard, from the figures its tables print."""
    fiches = figures["fiches"]
    validated = next((i for i, s in enumerate(fiches["statuts"]) if s.value == "validee"), None)
    signatures = figures["signatures"]
    quarters = figures.get("activite_trimestrielle", {}).get("trimestres", [])
    signed = [r["annee"] for key in ("protocoles", "contrats") for r in signatures[key] if r["annee"]]
    # Every year from the first signature to the last (or to this year), zeros included: a line
    # through the years a committee signed nothing says so.
    years = range(min(signed), max(max(signed), min(datetime.date.today().year, max(signed) + 1)) + 1) if signed else []
    return {
        "fiches": whole_and_part(
            [
                (axe.label, sum(n for _s, n in cells), cells[validated][1] if validated is not None else 0)
                for axe, cells in fiches["lignes"]
            ],
            ident="graphique-fiches",
            title="Fiches actions déposées et validées, par axe",
            whole="Déposées",
            part="Validées",
        ),
        "financement": whole_and_part(
            [(line["libelle"], line["demande"], line["obtenu"] or 0) for line in figures["financement"][:12]],
            ident="graphique-financement",
            title="Financements des fiches validées : demandés et obtenus, par financeur",
            whole="Demandé",
            part="Obtenu",
            money=True,
        ),
        "signatures": side_by_side_columns(
            [
                ("Protocoles d'accord", _every_year(signatures["protocoles"], years)),
                ("Contrats", _every_year(signatures["contrats"], years)),
            ],
            ident="graphique-signatures",
            title="Protocoles et contrats signés par année",
        ),
        "activite": over_time(
            [
                ("Fiches déposées", [(r["debut"], r["deposees"]) for r in quarters]),
                ("Fiches décidées", [(r["debut"], r["decidees"]) for r in quarters]),
            ],
            ident="graphique-activite",
            title="Fiches déposées et décidées par trimestre",
            quarterly=True,
        ),
    }
