"""The answers' text format: paragraphs separated by blank lines, bullet points as lines
starting with "- ", "• " or "* ". Parsed once into blocks that every renderer walks."""

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"^\s*(?:[-•*\uf0b7]|\u2022)\s+")


@dataclass
class Block:
    kind: str  # "paragraph" or "bullets"
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """A paragraph's lines as one text (not yet escaped)."""
        return " ".join(self.lines)


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        if _BULLET.match(line):
            item = _BULLET.sub("", line)
            if current is None or current.kind != "bullets":
                current = Block("bullets")
                blocks.append(current)
            current.lines.append(item)
        elif current is not None and current.kind == "paragraph":
            current.lines.append(line)
        else:
            current = Block("paragraph", [line])
            blocks.append(current)
    return blocks


def paragraph_text(block: Block) -> str:
    return " ".join(block.lines)
