"""The report as an editable Word document: real heading styles, a table of contents made
of the headings' bookmarks and page-number fields (Word and LibreOffice number the pages
when they open it), tables whose header row repeats and whose rows never split across two
pages, with columns sized to their contents, and charts with their figures in text."""

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tisserand.core.figures import Table
from tisserand.core.french import format_date
from tisserand.reports.builder import Report
from tisserand.reports.columns import column_shares
from tisserand.reports.richtext import Block

ACCENT = RGBColor(0x7A, 0x3E, 0x9D)
HEADER_SHADE = "EDE4F3"
TEXT_WIDTH = Cm(17)  # A4 less the margins
TOC_LEVELS = 2


class _Writer:
    """Writes the document in order, keeping the headings for the table of contents."""

    def __init__(self, report: Report):
        self.report = report
        self.document = Document()
        self.headings: list[tuple[int, str, str]] = []  # (level, text, bookmark)

    def heading(self, text: str, level: int):
        paragraph = _heading(self.document, text, level)
        if level <= TOC_LEVELS:
            bookmark = f"_Toc{len(self.headings) + 1:06d}"
            _bookmark(paragraph, bookmark, len(self.headings) + 1)
            self.headings.append((level, text, bookmark))
        return paragraph


def _styled(document, text: str = "", style: str | None = None):
    """A new paragraph in ``style``, the style's id looked up once per document
    (python-docx searches the whole styles part on each ``style=`` it is given: a third
    of the time of the demo report's DOCX)."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _style_id(document, style)
    return paragraph


def _style_id(document, name: str) -> str:
    ids = document.__dict__.setdefault("_tisserand_style_ids", {})
    if name not in ids:
        ids[name] = document.styles[name].style_id
    return ids[name]


def _heading(document, text: str, level: int):
    return _styled(document, text, "Title" if level == 0 else f"Heading {level}")


def render_docx(report: Report) -> bytes:
    writer = _Writer(report)
    document = writer.document
    _setup(document, report)
    _cover(document, report)
    toc_anchor = _table_of_contents_title(document)

    writer.heading("Vie du centre", 1)
    _figure_table(document, "Le centre en chiffres", report.summary)
    for note in report.summary_notes:
        document.add_paragraph(note).runs[0].italic = True
    for table in report.summary_tables:
        _table(document, table)
    for chart in report.charts:
        _picture(document, chart)
    for section in report.centre_sections:
        writer.heading(section.title, 2)
        _blocks(document, section.blocks)

    for sector in report.sectors:
        document.add_page_break()
        writer.heading(f"Secteur : {sector.name}", 1)
        if sector.figures:
            _figure_table(document, "Le secteur en chiffres", sector.figures)
        if sector.chart:
            _picture(document, sector.chart)
        for action in sector.actions:
            writer.heading(action.name, 2)
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
                _heading(document, answer.title, 3)
                _blocks(document, answer.blocks)

    _table_of_contents(document, toc_anchor, writer.headings)
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
    """The centre's logo, its name, the report's title and period, the centre's address and
    the cover photo when the centre has one (``Centre.logo``, ``Centre.cover_photo``)."""
    if report.logo:
        document.add_picture(io.BytesIO(report.logo), height=Cm(3))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(2 if report.cover_photo else 5):
        document.add_paragraph()
    centre = document.add_paragraph(report.centre_name)
    centre.alignment = WD_ALIGN_PARAGRAPH.CENTER
    centre.runs[0].font.size = Pt(16)
    title = _styled(document, report.title, "Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = document.add_paragraph(
        f"Du {format_date(report.period.start)} au {format_date(report.period.end)}"
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.cover_photo:
        document.add_picture(io.BytesIO(report.cover_photo), width=Cm(14))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.centre_address:
        address = document.add_paragraph(report.centre_address)
        address.alignment = WD_ALIGN_PARAGRAPH.CENTER
        address.runs[0].font.color.rgb = RGBColor(0x5F, 0x6B, 0x7A)
    document.add_page_break()


def _run(*children):
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _element(tag: str, text: str | None = None, **attributes):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    if text is not None:
        element.text = text
        if tag in ("w:t", "w:instrText"):
            element.set(qn("xml:space"), "preserve")
    return element


def _field_runs(instruction: str, shown: str) -> list:
    """The runs of a Word field: begin, instruction, separate, its current result, end."""
    begin = _element("w:fldChar", fldCharType="begin")
    begin.set(qn("w:dirty"), "true")  # to be computed again when the document opens
    return [
        _run(begin),
        _run(_element("w:instrText", f" {instruction} ")),
        _run(_element("w:fldChar", fldCharType="separate")),
        _run(_element("w:t", shown)),
        _run(_element("w:fldChar", fldCharType="end")),
    ]


def _bookmark(paragraph, name: str, number: int) -> None:
    start = _element("w:bookmarkStart", id=str(number), name=name)
    end = _element("w:bookmarkEnd", id=str(number))
    properties = paragraph._p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _table_of_contents_title(document):
    style = "TOC Heading" if _has_style(document, "TOC Heading") else "Heading 1"
    _styled(document, "Sommaire", style)
    anchor = document.add_paragraph()
    document.add_page_break()
    return anchor


def _toc_style(document, level: int):
    name = f"TOC {level}"
    if not _has_style(document, name):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    return name


def _table_of_contents(document, anchor, headings) -> None:
    """A table of contents already filled: one line per heading, a link to its bookmark
    and a PAGEREF field for its page. LibreOffice computes these fields as it lays the
    pages out; Word when it opens the document (``w:updateFields``). (A TOC field around
    them would be read by LibreOffice as a fixed index, its page numbers left blank.)"""
    previous = anchor._p
    for level, text, bookmark in headings:
        paragraph = _styled(document, style=_toc_style(document, level))
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        link = _element("w:hyperlink", anchor=bookmark, history="1")
        link.append(_run(_element("w:t", text)))
        link.append(_run(OxmlElement("w:tab")))
        for run in _field_runs(f"PAGEREF {bookmark} \\h", ""):
            link.append(run)
        paragraph._p.append(link)
        previous.addnext(paragraph._p)
        previous = paragraph._p
    settings = document.settings.element
    settings.append(_element("w:updateFields", val="true"))


def _has_style(document, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in _field_runs("PAGE", "1"):
        paragraph._p.append(run)


def _keep_rows_whole(table, *, header: bool) -> None:
    """No row split across two pages; the header row repeated on each page."""
    for number, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if header and number == 0:
            properties.append(OxmlElement("w:tblHeader"))


def _size_columns(table, rows: list[list[str]], *, header: bool) -> None:
    table.autofit = False
    shares = column_shares(rows, header=header)
    for row in table.rows:
        for cell, share in zip(row.cells, shares, strict=True):
            cell.width = int(TEXT_WIDTH * share)


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    properties.append(_element("w:shd", val="clear", color="auto", fill=colour))


def _figure_table(document, caption: str, lines) -> None:
    _styled(document, caption, "Caption")
    table = document.add_table(rows=0, cols=2)
    table._tbl.tblPr.style = _style_id(document, "Table Grid")
    for line in lines:
        cells = table.add_row().cells
        cells[0].text = line.label
        cells[1].text = line.value
    if lines:
        _keep_rows_whole(table, header=False)
        _size_columns(table, [[line.label, line.value] for line in lines], header=False)
    document.add_paragraph()


def _table(document, data: Table) -> None:
    _styled(document, data.title, "Caption")
    table = document.add_table(rows=1, cols=len(data.header))
    table._tbl.tblPr.style = _style_id(document, "Table Grid")
    for cell, text in zip(table.rows[0].cells, data.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, HEADER_SHADE)
    for row in data.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    _keep_rows_whole(table, header=True)
    _size_columns(table, [data.header, *data.rows], header=True)
    document.add_paragraph()


def _picture(document, chart) -> None:
    """The chart as a picture whose alternative text gives its figures, its title, and the
    figures again in a line of text (read aloud, copied, searched)."""
    document.add_picture(io.BytesIO(chart.png), width=Cm(16))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    description = f"{chart.title} : {chart.description}"
    document.inline_shapes[-1]._inline.docPr.set("descr", description)
    caption = _styled(document, chart.title, "Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    values = document.add_paragraph(chart.description)
    values.alignment = WD_ALIGN_PARAGRAPH.CENTER
    values.runs[0].font.size = Pt(8.5)


def _blocks(document, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "bullets":
            for line in block.lines:
                _styled(document, line, "List Bullet")
        else:
            document.add_paragraph(" ".join(block.lines))
