"""Column widths of the report's data tables, from the length of their texts (the PDF and
the DOCX share them): a column is never narrower than its longest word, and the room left
goes to the columns with the longest texts."""

LINE_CHARACTERS = 96  # about as many characters fit on a line of the A4 page, at 10.5 pt


def column_shares(rows: list[list[str]], *, header: bool = True) -> list[float]:
    """Each column's share of the table's width (they add up to 1). ``rows``: the texts of
    the cells, the header row first when ``header`` (its bold letters are wider)."""
    columns = len(rows[0])
    shortest, longest = [1.0] * columns, [1.0] * columns
    for number, row in enumerate(rows):
        bold = 1.1 if header and number == 0 else 1.0
        for index, text in enumerate(row[:columns]):
            words = text.split()
            shortest[index] = max(shortest[index], bold * max(map(len, words), default=1))
            longest[index] = max(longest[index], bold * len(" ".join(words)))
    room = LINE_CHARACTERS - 2 * columns  # cell padding
    if sum(longest) <= room:
        widths = longest
    else:
        spare = max(room - sum(shortest), 0)
        stretch = [high - low for low, high in zip(shortest, longest, strict=True)]
        widths = [
            low + spare * extra / (sum(stretch) or 1)
            for low, extra in zip(shortest, stretch, strict=True)
        ]
    return [width / sum(widths) for width in widths]
