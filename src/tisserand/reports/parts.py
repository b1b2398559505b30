"""The smallest parts of the report's structure, shared by the builder and by the modules
that add their own figures to an action's block (``desk_blocks``)."""

from dataclasses import dataclass


@dataclass
class FigureLine:
    label: str
    value: str


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
