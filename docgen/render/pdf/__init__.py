"""PDF renderer: one FormSpec -> an AcroForm PDF, drawn once and stamped per person.

    form = PdfForm(spec)          # reportlab draws the blank form; a pikepdf pass adds the rest
    form.render()                 # a blank form
    form.render({"supervisee": "Ann"})   # values stamped with their appearance streams

Nothing is printed under 8 pt (LEAST_SIZE): an answer that would not fit its box at that size
(stamp.fit_size, the measure its appearance is drawn with) gets a form drawn for it with that box
taller (`grow`), as a repeat with more rows than the form has gets a form drawn with enough rows.

The pikepdf pass adds what reportlab does not write: the manifest and field list in the document
information (/DocgenManifest, /DocgenFields) and again in the first page's dictionary
(`carry_manifest`: tools that rebuild a PDF from its pages, pypdf's append, qpdf --empty --pages,
pdftk cat, drop the document information and the XMP but copy each page's dictionary whole;
nothing is drawn, tagged or filled there), the document title shown by viewers, the
structure tree, language en-GB, XMP and tab order (tagtree.py, from what tags.py recorded as the
pages were drawn), and dd/mm/yyyy format actions on date fields.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import uuid

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from ...forms.fieldlist import FieldList
from ...forms.fields import FIELD_TYPES
from ...forms.tree import FormSpec
from .. import prepared
from ..docx import Rendered
from ..fonts import SANS
from . import fieldfont, inline, tagtree, ticks
from .fieldfont import CHOICE_CHROME, CHOICE_SIZE, RESOURCE
from .layout import PAGE_H, PAGE_W, Flow, register_fonts
from .paging import lay_out
from .stamp import MULTILINE, TEXT_SIZE, blank_appearance, fit_height, fit_size, flatten, shown_text, stamp_values

__all__ = ["PdfForm", "render_pdf"]

LEAST_SIZE = 8.0  # the smallest answer text printed (issue 16: nothing under 8 pt on paper)
SPARE = 2.5  # points under a grown box's last line: room for descenders (and a rect read back a hair smaller)
GROW_LIMIT = 2.0  # a box grows to at most this many times its height (filled forms keep sensible page counts)


class PdfForm:
    """A drawn form; `rows`: repeat id -> rows, when more than the form's; `grow`: pdf name -> the
    height an answer box is drawn (made multi-line if it was not), for answers that need it."""

    def __init__(self, spec: FormSpec, rows: dict[str, int] | None = None, grow: dict[str, float] | None = None):
        self.spec = spec
        self.rows = rows or {}
        self.grow = grow or {}
        self.boxes: dict[str, tuple[float, float, bool]] = {}  # pdf name -> width, height, multi-line
        self.blank, self.kinds = self._draw()

    def _draw(self) -> tuple[bytes, dict[str, str]]:
        register_fonts()
        data, flow = lay_out(self.spec, self.rows, self._canvas, self.grow)
        kinds = {name: FIELD_TYPES[f.type].control_for(f) for name, f, _ in flow.widgets}
        blank = _finish(data, self.spec, kinds, flow, set(self.grow))
        with pikepdf.open(io.BytesIO(blank)) as pdf:
            fields: list = list(pdf.Root.AcroForm.Fields) if "/AcroForm" in pdf.Root else []
            for field in fields:  # the one-widget text boxes Flow sized (a blank said twice has kids)
                if field.get("/FT") == "/Tx" and "/Rect" in field and str(field.T) in flow.sized:
                    x0, y0, x1, y1 = (float(v) for v in field.Rect)
                    multiline = bool(int(field.get("/Ff", 0)) & MULTILINE)
                    self.boxes[str(field.T)] = (x1 - x0, y1 - y0, multiline)
        return blank, kinds

    def grown(self, values: dict) -> dict[str, float]:
        """The answer boxes too small for their answers (shown under LEAST_SIZE), and the height
        each is drawn instead: just enough to show its answer at LEAST_SIZE (a one-line box is
        made multi-line; a table's row is as tall as its tallest cell), at most GROW_LIMIT times
        its height (an answer longer than that still shrinks, as before), with SPARE under the
        last line for its descenders. stamp_values starts at
        TEXT_SIZE and shrinks only as far as the grown box needs."""
        grow: dict[str, float] = {}
        for name, f, value in flatten(self.spec, values):
            text, box = shown_text(f, value), self.boxes.get(name)
            if not text or box is None:
                continue
            w, h, multiline = box
            if fit_size(text, w, h, multiline=multiline) < LEAST_SIZE:
                grow[name] = max(h, min(h * GROW_LIMIT, math.ceil(fit_height(text, w, LEAST_SIZE) + SPARE)))
        return grow

    def _canvas(self, buf: io.BytesIO) -> Canvas:
        # the page's initial font DejaVu Sans (embedded), not reportlab's default Helvetica
        canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=SANS)
        m = self.spec.manifest
        canvas.setTitle(self.spec.title)
        canvas.setAuthor(self.spec.agency)
        canvas.setSubject(f"{m.kind} ({m.form_id} v{m.form_version})")
        canvas.setCreator(f"docgen {m.docgen_version}")
        return canvas

    def render(
        self, values: dict | None = None, document_id: str | None = None, manifest_entries: dict[str, str] | None = None
    ) -> Rendered:
        document_id = document_id or uuid.uuid4().hex
        pdf = pikepdf.open(io.BytesIO(self.blank))
        manifest = {**(manifest_entries or {}), **json.loads(str(pdf.docinfo["/DocgenManifest"]))}
        manifest["document_id"] = document_id
        pdf.docinfo["/DocgenManifest"] = json.dumps(manifest)
        pdf.pages[0].obj["/DocgenManifest"] = pdf.docinfo["/DocgenManifest"]
        notes = stamp_values(pdf, self.spec, values) if values else []
        out = io.BytesIO()
        # object streams: smaller files, and a reader resolves the fields faster; the XMP's PDF
        # version was set when the blank was saved (re-parsing the XMP on every stamp costs ~0.5 ms)
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, fix_metadata_version=False)
        return Rendered(out.getvalue(), document_id, tuple(notes))


def _finish(data: bytes, spec: FormSpec, kinds: dict[str, str], flow: Flow, grown: set[str]) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    if flow.signatures:
        _add_signature_fields(pdf, flow.signatures)
    manifest = {**dataclasses.asdict(spec.manifest), "document_id": ""}
    pdf.docinfo["/DocgenManifest"] = json.dumps(manifest)
    pdf.docinfo["/DocgenFields"] = FieldList.of(spec).to_json()
    pdf.docinfo["/Title"] = spec.title
    tagtree.build(pdf, flow.tags, spec.title)  # the structure tree, /Lang, /Tabs /S, XMP (tagtree.py)
    carry_manifest(pdf)
    wrapped = flow.wrapped
    if "/AcroForm" not in pdf.Root:  # a read-only document: no fields
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    inline.join_widgets(pdf)  # an inline blank shown twice is one field with two widgets
    acro = pdf.Root.AcroForm
    acro.DR.Font[RESOURCE] = fieldfont.add_to(pdf)
    acro.DA = pikepdf.String(f"{RESOURCE} 10 Tf 0.1 0.1 0.1 rg")
    auto = wrapped | grown  # redrawn by a viewer at the size that fits (see _da_size)
    for field in acro.Fields:
        if str(field.get("/T", "")) in grown and field.get("/FT") == "/Tx":  # a box grown for its answer wraps
            field.Ff = int(field.get("/Ff", 0)) | MULTILINE
        if field.get("/FT") in ("/Tx", "/Ch"):  # viewers that redraw a field use the Latin font too
            size = 0 if str(field.get("/T", "")) in auto else _da_size(field)
            field.DA = pikepdf.String(f"{RESOURCE} {size:g} Tf 0.1 0.1 0.1 rg")
        name = str(field.get("/T", ""))
        kind = kinds.get(name)
        if field.get("/FT") == "/Ch":  # reportlab preselects the first option; a blank form starts empty
            for key in ("/V", "/DV", "/I"):
                if key in field:
                    del field[key]
            blank_appearance(pdf, field)
        if kind == "ticks":  # a radio group: blank (no /V, kids /Off), its boxes drawn as vectors
            ticks.finish_radio(pdf, field)
        if kind == "date":  # the field's control: a date field formats and checks what is typed
            field.AA = pikepdf.Dictionary(
                F=pikepdf.Dictionary(
                    S=pikepdf.Name("/JavaScript"), JS=pikepdf.String('AFDate_FormatEx("dd/mm/yyyy");')
                ),
                K=pikepdf.Dictionary(
                    S=pikepdf.Name("/JavaScript"), JS=pikepdf.String('AFDate_KeystrokeEx("dd/mm/yyyy");')
                ),
            )
    _embedded_fonts_only(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def carry_manifest(pdf: pikepdf.Pdf) -> None:
    """The manifest and field list a second time, in the first page's dictionary (as private
    entries: no viewer draws or reads them), for the readers to fall back on (docgen/parse/pdf.py)."""
    page = pdf.pages[0].obj
    page["/DocgenManifest"] = pdf.docinfo["/DocgenManifest"]
    page["/DocgenFields"] = pdf.docinfo["/DocgenFields"]


def _embedded_fonts_only(pdf: pikepdf.Pdf) -> None:
    """No font that is not embedded is named where a checker would look (PDF/UA 7.21.4.1): reportlab
    lists Helvetica (/Helv) in the form's /DR and in the resources of every blank box's appearance,
    though no appearance draws text with it and every field's /DA names the embedded field font
    (RESOURCE). An appearance that sets no font loses its /Font resources; /DR keeps only fonts a
    /DA names."""
    acro = pdf.Root.AcroForm
    for field in acro.Fields:
        for widget in [field, *field.get("/Kids", [])]:
            for stream in _appearances(widget):
                resources = stream.get("/Resources")
                if resources is not None and "/Font" in resources and b" Tf" not in stream.read_bytes():
                    del resources["/Font"]
    named = {str(f.get("/DA", "")) for f in acro.Fields} | {str(acro.get("/DA", ""))}
    fonts = acro.DR.Font
    for key in list(fonts.keys()):
        if not any(f"{key} " in da for da in named):
            del fonts[key]


def _appearances(widget) -> list:
    """The appearance streams of a widget: /N, /D and /R, each one stream or one per state."""
    found = []
    for kind in ("/N", "/D", "/R"):
        ap = widget.get("/AP", {}).get(kind) if "/AP" in widget else None
        if isinstance(ap, pikepdf.Stream):
            found.append(ap)
        elif isinstance(ap, pikepdf.Dictionary):
            found.extend(v for v in ap.values() if isinstance(v, pikepdf.Stream))
    return found


def _da_size(field) -> float:
    """The font size a viewer redraws a field with: 9 pt in dropdowns (smaller if the longest label
    needs it); TEXT_SIZE (10 pt, as docgen's own appearance starts) in multi-line boxes, so what is
    typed there is readable; 0 (auto: shrink to fit) in single-line boxes, in the wrapped text
    boxes of table cells and in boxes grown for a long answer (PdfForm.grown: sized for it at
    8 pt), so a long answer prints whole instead of cut at the edge."""
    if field.FT == "/Ch":  # the longest option label fits beside the arrow PDFium draws
        x0, _, x1, _ = (float(v) for v in field.Rect)
        labels = [str(o[1] if isinstance(o, pikepdf.Array) else o) for o in field.get("/Opt", [])]
        need = max((fieldfont.field_font().width(label, CHOICE_SIZE) for label in labels), default=0.0)
        room = x1 - x0 - CHOICE_CHROME
        return CHOICE_SIZE if need <= room else max(5.0, int(CHOICE_SIZE * room / need * 4) / 4)
    return TEXT_SIZE if int(field.get("/Ff", 0)) & 4096 else 0


def _add_signature_fields(pdf: pikepdf.Pdf, signatures) -> None:
    """Unsigned signature fields (/FT /Sig) for a viewer's signing tool, beside the typed names."""
    for name, label, page_no, rect in signatures:
        page = pdf.pages[page_no - 1]
        widget = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name("/Annot"),
                Subtype=pikepdf.Name("/Widget"),
                FT=pikepdf.Name("/Sig"),
                T=pikepdf.String(name),
                TU=pikepdf.String(label),  # its name in context (forms/names.py, via widgets.signature)
                F=4,
                Rect=pikepdf.Array(list(rect)),
                P=page.obj,
                MK=pikepdf.Dictionary(BC=pikepdf.Array([0.45, 0.45, 0.45]), BG=pikepdf.Array([0.94, 0.96, 1.0])),
            )
        )
        if "/Annots" not in page.obj:
            page.obj.Annots = pikepdf.Array()
        page.obj.Annots.append(widget)
        pdf.Root.AcroForm.Fields.append(widget)


_PREPARED: dict[int, PdfForm] = {}


def render_pdf(
    spec: FormSpec,
    values: dict | None = None,
    *,
    document_id: str | None = None,
    manifest_entries: dict[str, str] | None = None,
) -> Rendered:
    """Render a form. The blank of each spec is drawn once; a repeat with more rows than the form
    has gets a form drawn with enough rows, and answers that would print under LEAST_SIZE in
    their boxes a form drawn with those boxes taller (PdfForm.grown). `manifest_entries`: text
    the document carries beside its fields (docgen/prefill.py)."""
    rows = {r.id: len(values.get(r.id) or []) for r in spec.repeats()} if values else {}
    extra = {rid: n for rid, n in rows.items() if n > next(r.rows for r in spec.repeats() if r.id == rid)}
    form = PdfForm(spec, extra) if extra else prepared(_PREPARED, spec, PdfForm)
    grow = form.grown(values) if values else {}
    if grow:
        form = PdfForm(spec, extra, grow)
    return form.render(values, document_id, manifest_entries)
