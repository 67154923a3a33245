"""What a screen reader meets in a tagged PDF, as text: each structure element in tree order, its
type, the text of its marked content, a widget's or link's name, a figure's /Alt. The manual check
behind docs/pdf-accessibility.md ("read the tree's text"): no screen reader runs here, so read
this instead, top to bottom, as a listener would hear the page.

    python -m tests.helpers.pdf_textview FILE.pdf        (one line per element, indented by depth)
"""

from __future__ import annotations

import sys

import pikepdf

from .pdf_structure import _page_texts


def lines(path: str) -> list[str]:
    texts = _page_texts(path)
    out: list[str] = []
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}

        def said(node, page: int | None) -> str:
            pg = node.get("/Pg")
            page = pages.get(pg.objgen, page) if pg is not None else page
            k = node.get("/K")
            parts = []
            for kid in list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k]):
                if isinstance(kid, int) and page is not None:
                    parts.append(texts[page].get(kid, ""))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    at = pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                    parts.append(texts[at].get(int(kid.MCID), "") if at is not None else "")
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    obj = kid.Obj
                    name = obj.get("/TU") or obj.get("/Parent", {}).get("/TU") or obj.get("/Contents") or ""
                    parts.append(f"[{'field' if obj.get('/Subtype') == '/Widget' else 'link'}: {name}]")
            return " ".join(" ".join(p.split()) for p in parts if p.strip())

        def visit(node, depth: int, page: int | None) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    visit(kid, depth, page)
                return
            if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") in ("/MCR", "/OBJR") or "/S" not in node:
                return
            text, alt = said(node, page), node.get("/Alt")
            out.append(
                "  " * depth + str(node.S)[1:] + (f": {text}" if text else "") + (f" (Alt: {alt})" if alt else "")
            )
            if node.get("/K") is not None:
                visit(node.K, depth + 1, page)

        visit(pdf.Root.StructTreeRoot.K, 0, None)
    return out


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print("\n".join(lines(path)))
