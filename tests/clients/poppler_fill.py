"""Fill a PDF form with poppler (the engine of Evince and Okular) and save it.

Run by Debian's python3 with the GLib binding (gir1.2-poppler-0.18, python3-gi):

    /usr/bin/python3 poppler_fill.py IN.pdf OUT.pdf FILLS.json

FILLS.json: {field name: value}; value is text, true/false for a checkbox, or the display
label of a dropdown item. Prints a JSON summary: the fields poppler sees and how many it filled.
"""

import json
import sys
from pathlib import Path

import gi

gi.require_version("Poppler", "0.18")
from gi.repository import Poppler  # noqa: E402


def main():
    src, dst, fills_path = sys.argv[1:4]
    fills = json.loads(Path(fills_path).read_text(encoding="utf-8"))
    doc = Poppler.Document.new_from_file(Path(src).resolve().as_uri(), None)
    names, filled = [], set()  # a field with two widgets (a blank said twice) is one field
    for i in range(doc.get_n_pages()):
        for mapping in doc.get_page(i).get_form_field_mapping():
            field = mapping.field
            name = field.get_name()
            if name not in names:
                names.append(name)
            if name not in fills:
                continue
            value = fills[name]
            kind = field.get_field_type()
            if kind == Poppler.FormFieldType.BUTTON:
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
