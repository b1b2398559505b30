"""Charts of the report, drawn on demand in two forms.

- SVG, for the screen and the PDF: a few dozen shapes written here, sharp at any size. A
  chart costs WeasyPrint about 15 ms this way; drawn by matplotlib as a PNG it cost 45 ms
  more, six times over in the report.
- PNG, for the DOCX only (Word has no SVG): drawn by matplotlib (no display), the first
  time ``png`` is read.

Both show the same bars, labels and colours, without a title: the caption under the
picture gives it. ``description`` is the text alternative (also read by the tests).
"""

import base64
import datetime as dt
import io
import math
from dataclasses import dataclass
from functools import cached_property
from html import escape

from tisserand.core.french import MONTHS

MONTH_ABBREVIATIONS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)
BAR_COLOUR, FEMALE_COLOUR, MALE_COLOUR = "#7a3e9d", "#c2649a", "#3e6f9d"
INK, MUTED, GRID = "#1f2933", "#333333", "#e3e6ea"
FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"


@dataclass(eq=False)
class Chart:
    title: str
    description: str  # text alternative, also used by the tests

    @cached_property
    def svg(self) -> str:
        return self._svg()

    @cached_property
    def png(self) -> bytes:
        return self._png()

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")

    def _svg(self) -> str:
        raise NotImplementedError

    def _png(self) -> bytes:
        raise NotImplementedError


# --- SVG ---------------------------------------------------------------------------------


def _nice_step(largest: int, ticks: int) -> int:
    """A round step (1, 2, 2.5 or 5 × 10^n, whole) giving at most ``ticks`` intervals."""
    rough = max(largest, 1) / ticks
    power = 10 ** math.floor(math.log10(rough))
    steps = (m * power for m in (1, 2, 2.5, 5, 10) if m * power == int(m * power))
    return max(int(next(step for step in steps if step >= rough)), 1)


class _Svg:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.parts: list[str] = []

    def rect(self, x, y, width, height, fill):
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="{fill}"/>'
        )

    def line(self, x1, y1, x2, y2, stroke, width=1):
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{stroke}" stroke-width="{width}"/>'
        )

    def text(self, x, y, content, size=12, anchor="middle", fill=INK):
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(str(content))}</text>'
        )

    def render(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" '
            f'height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'font-family="{FONT}">' + "".join(self.parts) + "</svg>"
        )


# --- attendance by month -----------------------------------------------------------------


@dataclass(eq=False)
class BarChart(Chart):
    labels: list[str]
    values: list[int]
    value_label: str = "Présences"

    def _svg(self) -> str:
        svg = _Svg(700, 270)
        left, right, top, bottom = 66, 688, 30, 240
        step = _nice_step(max(self.values, default=0), ticks=6)
        ceiling = step * max(1, math.ceil(max(self.values, default=0) / step))
        svg.text(left - 6, top - 12, self.value_label, anchor="start", fill=MUTED)
        for tick in range(0, ceiling + 1, step):
            y = bottom - (bottom - top) * tick / ceiling
            if tick:
                svg.line(left, y, right, y, GRID)
            svg.text(left - 6, y + 4, tick, anchor="end")
        slot = (right - left) / max(len(self.values), 1)
        for index, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            height = (bottom - top) * value / ceiling
            svg.rect(left + slot * (index + 0.15), bottom - height, slot * 0.7, height,
                     BAR_COLOUR)
            svg.text(left + slot * (index + 0.5), bottom + 17, label)
        svg.line(left, top - 4, left, bottom, MUTED)
        svg.line(left, bottom, right, bottom, MUTED)
        return svg.render()

    def _png(self) -> bytes:
        figure, axes = _figure()
        positions = range(len(self.values))
        axes.bar(positions, self.values, color=BAR_COLOUR)
        axes.set_xticks(positions, self.labels, fontsize=8)
        axes.set_ylabel(self.value_label)
        return _png(figure)


def attendance_by_month(title: str, by_month: list[tuple[dt.date, int]]) -> Chart:
    description = "; ".join(
        f"{MONTHS[month.month - 1]} {month.year} : {count}" for month, count in by_month
    )
    return BarChart(
        title, description,
        labels=[MONTH_ABBREVIATIONS[month.month - 1] for month, _count in by_month],
        values=[count for _month, count in by_month],
    )


def yearly_persons(title: str, values: list[tuple[str, int]]) -> Chart:
    """Distinct persons of each year (or season): how the public evolves."""
    description = "; ".join(f"{label} : {count}" for label, count in values)
    return BarChart(
        title, description, labels=[label for label, _count in values],
        values=[count for _label, count in values], value_label="Personnes différentes",
    )


# --- public by age and sex ---------------------------------------------------------------


@dataclass(eq=False)
class PyramidChart(Chart):
    labels: list[str]  # from the youngest band, drawn at the bottom
    female: list[int]
    male: list[int]

    def _svg(self) -> str:
        svg = _Svg(700, 290)
        left, right, top, bottom = 118, 688, 14, 258
        centre = (left + right) / 2
        step = _nice_step(max(self.female + self.male, default=0), ticks=4)
        reach = step * max(1, math.ceil(max(self.female + self.male, default=0) / step))
        scale = (centre - left) / reach
        for offset in range(-reach, reach + 1, step):
            x = centre + offset * scale
            if offset:
                svg.line(x, top, x, bottom, GRID)
            svg.text(x, bottom + 17, abs(offset))
        row = (bottom - top) / max(len(self.labels), 1)
        for index, label in enumerate(self.labels):
            y = bottom - row * (index + 0.85)
            female, male = self.female[index] * scale, self.male[index] * scale
            svg.rect(centre - female, y, female, row * 0.7, FEMALE_COLOUR)
            svg.rect(centre, y, male, row * 0.7, MALE_COLOUR)
            svg.text(left - 8, y + row * 0.35 + 4, label, anchor="end")
        svg.line(centre, top, centre, bottom, MUTED)
        svg.line(left, bottom, right, bottom, MUTED)
        for line, (name, colour) in enumerate((("Femmes", FEMALE_COLOUR),
                                               ("Hommes", MALE_COLOUR))):
            svg.rect(right - 78, top + 2 + line * 18, 12, 12, colour)
            svg.text(right - 60, top + 12 + line * 18, name, anchor="start")
        return svg.render()

    def _png(self) -> bytes:
        figure, axes = _figure(height=3.2, left=0.17)
        positions = list(range(len(self.labels)))
        axes.barh(positions, [-n for n in self.female], color=FEMALE_COLOUR, label="Femmes")
        axes.barh(positions, self.male, color=MALE_COLOUR, label="Hommes")
        axes.set_yticks(positions, self.labels, fontsize=8)
        axes.axvline(0, color=MUTED, linewidth=0.6)
        ticks = axes.get_xticks()
        axes.set_xticks(ticks, [str(abs(int(t))) for t in ticks], fontsize=8)
        axes.legend(fontsize=8, frameon=False)
        return _png(figure)


def age_pyramid(title: str, bands) -> Chart:
    description = "; ".join(
        f"{band.label} : {band.female} femmes, {band.male} hommes" for band in bands
    )
    return PyramidChart(
        title, description,
        labels=[band.label for band in bands],
        female=[band.female for band in bands],
        male=[band.male for band in bands],
    )


# --- PNG (matplotlib) --------------------------------------------------------------------


def _figure(width=7.0, height=3.0, left=0.12):
    # A bare Figure (no pyplot): nothing to register or to close, safe in threads.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    axes = figure.add_subplot()
    # Fixed margins: tight_layout() costs more than drawing the chart. No title inside:
    # the caption under the picture gives it, in the DOCX as in the PDF.
    figure.subplots_adjust(left=left, right=0.98, top=0.95, bottom=0.14)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _png(figure) -> bytes:
    """RGB PNG (the chart has no transparency): smaller, and embedded as it is."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()
