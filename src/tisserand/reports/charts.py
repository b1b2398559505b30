"""Charts of the report, drawn with matplotlib (no display) into PNG bytes."""

import base64
import datetime as dt
import io
from dataclasses import dataclass

from tisserand.reports.french import MONTHS


@dataclass
class Chart:
    title: str
    png: bytes
    description: str  # text alternative, also used by the tests

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


MONTH_ABBREVIATIONS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)


def _figure(width=7.0, height=3.0, left=0.12):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(width, height), dpi=100)
    # Fixed margins: tight_layout() costs more than drawing the chart.
    figure.subplots_adjust(left=left, right=0.98, top=0.88, bottom=0.14)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return pyplot, figure, axes


def _png(pyplot, figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    pyplot.close(figure)
    return buffer.getvalue()


def attendance_by_month(title: str, by_month: list[tuple[dt.date, int]]) -> Chart:
    pyplot, figure, axes = _figure()
    labels = [MONTH_ABBREVIATIONS[month.month - 1] for month, _count in by_month]
    counts = [count for _month, count in by_month]
    axes.bar(range(len(counts)), counts, color="#7a3e9d")
    axes.set_xticks(range(len(counts)), labels, rotation=0, fontsize=8)
    axes.set_ylabel("Présences")
    axes.set_title(title, fontsize=10)
    description = "; ".join(
        f"{MONTHS[month.month - 1]} {month.year} : {count}" for month, count in by_month
    )
    return Chart(title, _png(pyplot, figure), description)


def age_pyramid(title: str, bands) -> Chart:
    pyplot, figure, axes = _figure(height=3.2, left=0.17)
    labels = [band.label for band in bands]
    positions = range(len(bands))
    axes.barh(positions, [-band.female for band in bands], color="#c2649a", label="Femmes")
    axes.barh(positions, [band.male for band in bands], color="#3e6f9d", label="Hommes")
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.axvline(0, color="#333", linewidth=0.6)
    ticks = axes.get_xticks()
    axes.set_xticks(ticks, [str(abs(int(t))) for t in ticks], fontsize=8)
    axes.legend(fontsize=8, frameon=False)
    axes.set_title(title, fontsize=10)
    description = "; ".join(
        f"{band.label} : {band.female} femmes, {band.male} hommes" for band in bands
    )
    return Chart(title, _png(pyplot, figure), description)
