"""An HTML table's rows as Markdown table rows: "| Beijing Capital International Airport | Beijing Municipality |".

The HTML-to-text pass (rag/ingest.py) hands each finished cell here and asks for a row's line at its end. A cell
spanning rows (`rowspan`) is repeated in the rows below it, so that each line says all its row says (a port and the
area a transit passenger may stay in). A table used for layout, whose cells hold paragraphs, lists or tables,
keeps its cells' blocks as they are, one after another (parser 54)."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_SPAN = 100  # rows or columns one cell may span; a larger attribute is a typo (colspan="1000")


@dataclass
class Cell:
    text: str
    rows: int = 1  # rowspan
    cols: int = 1  # colspan
    blocks: bool = False  # it held blocks (paragraphs, list items, a table): a layout table's cell


@dataclass
class Table:
    """An open <table>: the cells of its current row and the cells that span down from rows above."""

    row: list[Cell] = field(default_factory=list)
    spans: dict[int, list] = field(default_factory=dict)  # column -> [text or None, rows still spanned]

    def end_row(self) -> str:
        """The finished row as text (a line, or its cells' blocks for a layout table); "" when it is empty."""
        cells, self.row = self.row, []
        if not cells:
            return ""
        if any(c.blocks for c in cells):
            return "\n" + "\n".join(c.text for c in cells) + "\n"
        line: list[str] = []
        col, here, taken = 0, set(), set()  # the next column; columns this row's cells fill; spans shown
        for cell in cells:
            while col in self.spans and col not in here:
                self._take(col, line)
                taken.add(col)
                col += 1
            text = " ".join(cell.text.split())
            line.append(text)
            here.update(range(col, col + cell.cols))
            if cell.rows > 1:
                for c in range(col, col + cell.cols):
                    self.spans[c] = [text if c == col else None, cell.rows]
            col += cell.cols
        for c in sorted(set(self.spans) - taken):  # a row's own spanning cell counts this row; a span right of
            self._take(c, line, show=c >= col and c not in here)  # its cells shows (one under them, in a
            # malformed table, does not); each loses one row
        while line and not line[-1]:
            line.pop()
        if not any(line):
            return ""
        return "\n| " + " | ".join(line) + " |\n"  # a Markdown table's row: one paragraph with its table, quoted
        # under its header row (rag/clauses.py, rag/answer.py); never a heading (rag/layout.py)

    def _take(self, col: int, line: list[str], show: bool = True) -> None:
        text, left = self.spans[col]
        if show and text is not None:
            line.append(text)
        if left <= 1:
            del self.spans[col]
        else:
            self.spans[col][1] = left - 1


def span(value: str | None) -> int:
    """A rowspan/colspan attribute as a count of 1 to MAX_SPAN (1 when missing or not a number)."""
    try:
        return min(max(int((value or "1").strip()), 1), MAX_SPAN)
    except ValueError:
        return 1
