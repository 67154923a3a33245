"""Fill a PDF form with poppler (the engine of Evince and Okular) and save it.

Run by Debian's python3 with the GLib binding (gir1.2-poppler-0.18, python3-gi):

    /usr/bin/python3 poppler_fill.py IN.pdf OUT.pdf FILLS.json

FILLS.json: {field name: value}; value is text, true/false for a checkbox, the display
label of a dropdown item, or for a radio group {"tick": state, "page", "rect", "page_h"}: the
kid whose box is at `rect` on `page` is set on (poppler's GLib binding gives a kid's place,
not its state name). Prints a JSON summary: the fields poppler sees (a radio group once) and how
many it filled.
"""

import json
import sys
from pathlib import Path

import gi

gi.require_version("Poppler", "0.18")
from gi.repository import Poppler  # noqa: E402


def nearest(doc, value):
    """The radio kid whose box is at value["rect"] on value["page"] (poppler 22 gives areas in PDF
    points from the foot of the page; a build that measures from the top is matched too)."""
    x0, y0, x1, y1 = value["rect"]
    top = value["page_h"] - y1
    best, gap = None, 3.0
    for mapping in doc.get_page(value["page"]).get_form_field_mapping():
        area, low = mapping.area, min(mapping.area.y1, mapping.area.y2)
        d = abs(area.x1 - x0) + min(abs(low - y0), abs(low - top))
        if mapping.field.get_field_type() == Poppler.FormFieldType.BUTTON and d < gap:
            best, gap = mapping.field, d
    if best is None:
        raise RuntimeError(f"no radio kid at {value}")
    return best


def main():
    src, dst, fills_path = sys.argv[1:4]
    fills = json.loads(Path(fills_path).read_text(encoding="utf-8"))
    doc = Poppler.Document.new_from_file(Path(src).resolve().as_uri(), None)
    names, filled = [], set()  # a field with two widgets (a blank said twice) is one field
    for i in range(doc.get_n_pages()):
        for mapping in doc.get_page(i).get_form_field_mapping():
            field = mapping.field
            name = field.get_name()
            if name not in names:  # a field once, whatever its widgets (a radio group's kids, a blank said twice)
                names.append(name)
            if name not in fills:
                continue
            value = fills[name]
            kind = field.get_field_type()
            if isinstance(value, dict):  # a radio group: click the kid at the option's box
                if name in filled:  # once, from its first kid
                    continue
                kid = nearest(doc, value)
                kid.button_set_state(True)
                if not kid.button_get_state():
                    raise RuntimeError(f"poppler would not tick {name}")
            elif kind == Poppler.FormFieldType.BUTTON:
                field.button_set_state(bool(value))
            elif kind == Poppler.FormFieldType.CHOICE:
                items = [field.choice_get_item(j) for j in range(field.choice_get_n_items())]
                field.choice_select_item(items.index(value))
            else:
                field.text_set_text(value)
            filled.add(name)
    doc.save(Path(dst).resolve().as_uri())
    print(json.dumps({"fields": names, "filled": len(filled)}))


if __name__ == "__main__":
    main()
