"""The report in three formats. Each exporter returns (filename, mimetype, bytes)."""

import gc
from contextlib import contextmanager
from pathlib import Path

from django.template.loader import render_to_string

from tisserand.core.french import format_date
from tisserand.reports.builder import Report

REPORT_CSS = Path(__file__).parent / "static" / "reports" / "report.css"


def _slug(report: Report) -> str:
    return "rapport-activites-" + report.period.label.replace(" ", "").replace("/", "-")


def report_context(report: Report) -> dict:
    return {
        "report": report,
        "period_start": format_date(report.period.start),
        "period_end": format_date(report.period.end),
        "report_css": REPORT_CSS.read_text(encoding="utf-8"),
    }


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while WeasyPrint lays out the report.

    WeasyPrint keeps every box and style alive until the PDF is written (some 10^5
    objects for the demo report): the collector would walk them again at each of its
    passes, about 7 % of the render. Reference counting still frees memory as usual; the
    cycles left are collected once, at the collector's next pass.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


LINE_CHARACTERS = 96  # about as many characters fit on a line of the A4 page, at 10.5 pt


def size_table_columns(root) -> None:
    """Give each data table of the PDF fixed column widths, from the length of its texts.

    WeasyPrint's automatic table layout measures every word of every cell (tenths of a
    second for the demo report); character counts give nearly the same widths. Like the
    automatic layout: a column is never narrower than its longest word, and the room left
    goes to the columns with the longest texts. The widths go in ``style`` attributes, so
    the web page, printed from a browser, keeps its automatic layout.
    """
    for table in root.iter("table"):
        if "report-table" not in (table.get("class") or "").split():
            continue
        rows = [[cell for cell in row if cell.tag in ("th", "td")] for row in table.iter("tr")]
        spans = any(cell.get("colspan") or cell.get("rowspan") for row in rows for cell in row)
        if not rows or not rows[0] or spans:
            continue
        shortest, longest = [1.0] * len(rows[0]), [1.0] * len(rows[0])
        for row in rows:
            for index, cell in enumerate(row[: len(rows[0])]):
                words = "".join(cell.itertext()).split()
                bold = 1.1 if cell.tag == "th" else 1.0  # headers are bold
                shortest[index] = max(shortest[index], bold * max(map(len, words), default=1))
                longest[index] = max(longest[index], bold * len(" ".join(words)))
        room = LINE_CHARACTERS - 2 * len(rows[0])  # cell padding
        if sum(longest) <= room:
            widths = longest
        else:
            spare = max(room - sum(shortest), 0)
            stretch = [high - low for low, high in zip(shortest, longest, strict=True)]
            widths = [
                low + spare * extra / (sum(stretch) or 1)
                for low, extra in zip(shortest, stretch, strict=True)
            ]
        table.set("style", "table-layout: fixed")
        for cell, width in zip(rows[0], widths, strict=True):
            cell.set(
                "style", f"box-sizing: border-box; width: {100 * width / sum(widths):.1f}%"
            )


class HtmlExporter:
    extension = "html"
    mimetype = "text/html; charset=utf-8"

    def render(self, report: Report) -> bytes:
        return render_to_string("reports/report_document.html", report_context(report)).encode()

    def export(self, report: Report) -> tuple[str, str, bytes]:
        return f"{_slug(report)}.{self.extension}", self.mimetype, self.render(report)


class PdfExporter(HtmlExporter):
    extension = "pdf"
    mimetype = "application/pdf"

    def render(self, report: Report) -> bytes:
        from weasyprint import HTML

        html = super().render(report).decode()
        with cyclic_gc_paused():
            document = HTML(string=html, base_url=str(REPORT_CSS.parent))
            size_table_columns(document.etree_element)
            return document.write_pdf(
                pdf_variant=None, uncompressed_pdf=False, optimize_images=False
            )


class DocxExporter(HtmlExporter):
    extension = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, report: Report) -> bytes:
        from tisserand.reports.docx_render import render_docx

        return render_docx(report)


EXPORTERS = {"html": HtmlExporter(), "pdf": PdfExporter(), "docx": DocxExporter()}
