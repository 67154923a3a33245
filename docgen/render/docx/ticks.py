"""A choice drawn as tick boxes in Word: its options on the page, each with a checkbox content
control, so a printed blank is ticked with a pen and a Word or LibreOffice user clicks one.

- A choice on its own (`choice`): an inline group control (w:group, tagged with the field id, the
  name its alias, forms/names.py) holding, per option, a checkbox control tagged "<field id>=<option key>" and the
  option's label as plain text; a RAG option also shows a swatch of its colour. In a repeat's row
  (or when the labels are long) the options stand one under the other.
- Questions with the same options in a row (`grid`, a GridBlock: the evaluation tool's statements
  x Yes / No / Maybe): a table with the options as column heads (a header row repeated on a new
  page), one row per question that never splits, in a row-level group control tagged with the
  field id, and one checkbox per option cell, tagged as above; every paragraph keeps with the
  next, so the grid stays on one page when it fits.

The parser (docgen/parse/docx.py) reads the ticked options of each field as one answer.
"""

from __future__ import annotations

from lxml import etree

from ...formats.docx import oxml
from ...formats.docx.oxml import ControlIds, paragraph, run
from ...forms.fieldlist import in_repeat
from ...forms.names import FieldNames
from ...forms.tree import FieldSpec, GridBlock

# A RAG option's colour, by its key (the labels are the policy's own words)
SWATCHES = {"red": "C00000", "amber": "FFC000", "green": "00B050"}
INLINE_CHARS = 48  # options whose labels together are longer stand one under the other
BOX_PT = 14  # a tick box's size in points: big enough to tick with a pen
GRID_SHADE = "E7EEF7"


def choice(
    f: FieldSpec, ids: ControlIds, names: FieldNames, row: int | None = None, *, stacked: bool | None = None
) -> etree._Element:
    """The options of `f` with a checkbox each, in one group control tagged with the field id and
    titled with its name (`names`, in `row` of a repeat); each box titled its name, then its option."""
    field_id = f.id
    if stacked is None:
        stacked = in_repeat(field_id) or sum(len(o.label) + 4 for o in f.options) > INLINE_CHARS
    parts: list[etree._Element] = []
    for i, option in enumerate(f.options):
        if i:
            parts.append(run("\n") if stacked else run("\u2003 "))
        parts.append(
            oxml.option_box(
                field_id, option.key, _alias(names.option(f.id, option.label, row), option.label), ids, BOX_PT
            )
        )
        swatch = SWATCHES.get(option.key)
        if swatch:
            parts += [run("\u00a0"), oxml.swatch(swatch)]
        parts.append(run(f"\u00a0{option.label}"))
    return oxml.tick_group(field_id, names(f.id, row), ids, parts)


def grid(block: GridBlock, ids: ControlIds, text_w: int, names: FieldNames, title: str = "") -> etree._Element:
    """Questions x options: a header row of option labels, then a row per question. Its caption is
    `title` (the heading it sits under) or its options; its description says how it is answered."""
    options = block.options
    longest = max(len(o.label) for o in options)
    option_w = min(max(1000, 300 + 170 * longest), text_w // (2 * len(options)))  # the label on one line
    widths = [text_w - option_w * len(options)] + [option_w] * len(options)
    labels = ", ".join(o.label for o in options)
    about = f"{len(block.fields)} questions in rows, each answered by ticking one of the columns: {labels}."
    tbl = oxml.table(widths, caption=title or " | ".join(o.label for o in options), description=about)
    heads = [[paragraph(keep_next=True)]] + [
        [paragraph(run(o.label, bold=True), keep_next=True, align="center")] for o in options
    ]
    tbl.append(oxml.row(heads, widths, header=True, shade=GRID_SHADE))
    last = len(block.fields) - 1
    for i, f in enumerate(block.fields):
        keep = i < last  # the last row's paragraphs end the grid
        question = [paragraph(run(f.label + (" *" if f.required else "")), keep_next=keep)]
        if f.help:
            question.append(paragraph(run(f.help), style="FieldHelp", keep_next=keep))
        boxes = [
            [
                paragraph(
                    oxml.option_box(f.id, o.key, _alias(names.option(f.id, o.label), o.label), ids, BOX_PT),
                    keep_next=keep,
                    align="center",
                )
            ]
            for o in options
        ]
        tbl.append(oxml.tick_group(f.id, names(f.id), ids, [oxml.row([question, *boxes], widths)]))
    return tbl


def _alias(name: str, option: str) -> str:
    """What Word shows as an option's control title: its name (the question's, then the option),
    the option kept whole when the title is cut to Word's 255 characters."""
    if len(name) <= 255:
        return name
    tail = name[-(len(option) + 2) :]
    return name[: max(0, 255 - len(tail))] + tail
