"""The report as an editable Word document: real heading styles, a table of contents
field that Word and LibreOffice update, tables, charts as pictures."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tisserand.core.figures import Table
from tisserand.core.french import format_date
from tisserand.reports.builder import Report
from tisserand.reports.richtext import Block

ACCENT = RGBColor(0x7A, 0x3E, 0x9D)


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup(document, report)
    _cover(document, report)
    _table_of_contents(document)

    document.add_heading("Vie du centre", level=1)
    _figure_table(document, "Le centre en chiffres", report.summary)
    for note in report.summary_notes:
        document.add_paragraph(note).runs[0].italic = True
    for table in report.summary_tables:
        _table(document, table)
    for chart in report.charts:
        _picture(document, chart)
    for section in report.centre_sections:
        document.add_heading(section.title, level=2)
        _blocks(document, section.blocks)

    for sector in report.sectors:
        document.add_page_break()
        document.add_heading(f"Secteur : {sector.name}", level=1)
        if sector.figures:
            _figure_table(document, "Le secteur en chiffres", sector.figures)
        if sector.chart:
            _picture(document, sector.chart)
        for action in sector.actions:
            document.add_heading(action.name, level=2)
            meta = []
            if action.other_sectors:
                others = ", ".join(action.other_sectors)
                meta.append(f"Action transversale (aussi : {others}).")
            if action.funding_schemes:
                meta.append("Dispositifs : " + ", ".join(action.funding_schemes) + ".")
            meta += action.notes
            if meta:
                document.add_paragraph(" ".join(meta)).runs[0].italic = True
            caption = f"{action.name} en chiffres"
            if action.period != report.period:
                caption += f" (saison {action.period.label})"
            _figure_table(document, caption, action.figures)
            for table in action.tables:
                _table(document, table)
            for chart in action.trend_charts:
                _picture(document, chart)
            if action.activities_table:
                _table(document, action.activities_table)
            for answer in action.answers:
                document.add_heading(answer.title, level=3)
                _blocks(document, answer.blocks)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup(document, report: Report) -> None:
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.centre_name
    properties.language = "fr-FR"
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(10.5)
    # French for the spell checker of Word and LibreOffice.
    run_properties = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "fr-FR")
    run_properties.append(language)
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].font.color.rgb = ACCENT
    _page_number_footer(section)


def _cover(document, report: Report) -> None:
    for _ in range(6):
        document.add_paragraph()
    centre = document.add_paragraph(report.centre_name)
    centre.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph(report.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = document.add_paragraph(
        f"Du {format_date(report.period.start)} au {format_date(report.period.end)}"
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_page_break()


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (table of contents, page number) computed when the document opens."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def _table_of_contents(document) -> None:
    style = "TOC Heading" if _has_style(document, "TOC Heading") else "Heading 1"
    document.add_paragraph("Sommaire", style=style)
    _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
           "Clic droit puis « Mettre à jour le champ » pour afficher le sommaire.")
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    document.add_page_break()


def _has_style(document, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "1")


def _figure_table(document, caption: str, lines) -> None:
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for line in lines:
        cells = table.add_row().cells
        cells[0].text = line.label
        cells[1].text = line.value
    document.add_paragraph()


def _table(document, data: Table) -> None:
    document.add_paragraph(data.title, style="Caption")
    table = document.add_table(rows=1, cols=len(data.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, data.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in data.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph()


def _picture(document, chart) -> None:
    document.add_picture(io.BytesIO(chart.png), width=Cm(16))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(chart.title, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _blocks(document, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "bullets":
            for line in block.lines:
                document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(" ".join(block.lines))
