"""The pikepdf pass that makes a drawn PDF a tagged one, from what its Tagger (tags.py) recorded.

- the structure tree: /StructTreeRoot with the Document element, each element a /StructElem
  whose kids are elements, marked-content references (/MCR: page and MCID) and object
  references (/OBJR) to the page's widget and link annotations, matched in drawing order;
- the /ParentTree: each page's /StructParents -> the element of each MCID, each annotation's
  /StructParent -> its element; a link annotation gets /Contents (its words and address);
- /MarkInfo /Marked true, /Tabs /S (tab order = structure order) on every page, /Lang, and
  XMP metadata with the title, the language and the PDF/UA identifier (pdfuaid:part 1).
"""

from __future__ import annotations

from collections import defaultdict, deque

import pikepdf

from .tags import Annot, Element, Mark, Tagger

LANG = "en-GB"


def _annotations(pdf: pikepdf.Pdf) -> dict[tuple[str, int, str], deque]:
    """Each page's widget and link annotations in drawing order, keyed (kind, page, field name)."""
    found: dict[tuple[str, int, str], deque] = defaultdict(deque)
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == "/Widget":
                owner = annot if "/T" in annot else annot.get("/Parent", annot)
                found["widget", number, str(owner.get("/T", ""))].append(annot)
            elif annot.get("/Subtype") == "/Link":
                found["link", number, ""].append(annot)
    return found


def build(pdf: pikepdf.Pdf, tagger: Tagger, title: str) -> None:
    """Tag `pdf` (drawn with `tagger`); call after every annotation is made (signature fields
    too) and before widgets are joined under one field."""
    pages = [p.obj for p in pdf.pages]
    annots = _annotations(pdf)
    marks: dict[int, dict[int, pikepdf.Object]] = defaultdict(dict)  # page -> MCID -> element
    parents: list[tuple[pikepdf.Object, pikepdf.Object]] = []  # (annotation, its element), by key
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name("/StructTreeRoot")))

    def make(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        obj = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name("/StructElem"), S=pikepdf.Name(f"/{element.tag}"), P=parent)
        )
        kids = pikepdf.Array()
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(make(kid, obj))
            elif isinstance(kid, Mark):
                kids.append(pikepdf.Dictionary(Type=pikepdf.Name("/MCR"), Pg=pages[kid.page - 1], MCID=kid.mcid))
                marks[kid.page][kid.mcid] = obj
            elif (objr := _objr(kid, annots, pages, parents, obj)) is not None:
                kids.append(objr)
        if "/Pg" not in obj and element.kids and isinstance(element.kids[0], Mark):
            obj.Pg = pages[element.kids[0].page - 1]
        obj.K = kids
        _attributes(obj, element)
        return obj

    root.K = document = make(tagger.root, root)
    for (kind, number, name), queue in annots.items():  # drawn but not tagged (a field type's plugin
        for _ in range(len(queue)):  # that tags nothing): its own element at the end, not left out
            extra = Element("Form" if kind == "widget" else "Link", kids=[Annot(kind, number, name)])
            document.K.append(make(extra, document))
    nums: list = []  # the number tree's flat /Nums: key, value, key, value ... in increasing key order
    for index, page in enumerate(pages):
        page.Tabs = pikepdf.Name("/S")
        if index + 1 in marks:
            page.StructParents = index
            by_mcid = marks[index + 1]
            nums += [index, pikepdf.Array([by_mcid[n] for n in range(len(by_mcid))])]
    for n, (annot, owner) in enumerate(parents):
        nums += [len(pages) + n, owner]
        annot.StructParent = len(pages) + n
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = len(pages) + len(parents)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(LANG)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [LANG]
        meta["pdfuaid:part"] = "1"


def _objr(kid: Annot, annots, pages: list, parents: list, element: pikepdf.Object) -> pikepdf.Dictionary | None:
    queue = annots.get((kid.kind, kid.page, kid.name if kid.kind == "widget" else ""))
    if not queue:  # a field type's plugin that drew no widget of that name
        return None
    annot = queue.popleft()
    if kid.kind == "link":
        address = str(annot.get("/A", {}).get("/URI", ""))
        annot.Contents = pikepdf.String(f"{kid.text} ({address})" if address else kid.text)
    parents.append((annot, element))
    return pikepdf.Dictionary(Type=pikepdf.Name("/OBJR"), Obj=annot, Pg=pages[kid.page - 1])


def _attributes(obj: pikepdf.Object, element: Element) -> None:
    attrs = element.attrs
    if "Alt" in attrs:
        obj.Alt = pikepdf.String(attrs["Alt"])
    if "Scope" in attrs:  # a header cell: the column (or row) it heads
        obj.A = pikepdf.Dictionary(O=pikepdf.Name("/Table"), Scope=pikepdf.Name(f"/{attrs['Scope']}"))
    elif "BBox" in attrs:  # a figure: where it is drawn on its page
        obj.A = pikepdf.Dictionary(O=pikepdf.Name("/Layout"), BBox=pikepdf.Array(list(attrs["BBox"])))


__all__ = ["LANG", "build"]
