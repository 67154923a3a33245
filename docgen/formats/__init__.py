"""File formats, below both render and parse: what a DOCX or PDF form is made of, in one place.

`formats/docx` is the WordprocessingML layer (element names, content controls, the manifest
part, the prompts left in empty controls). Render writes through it and parse reads through it;
neither imports the other.
"""
