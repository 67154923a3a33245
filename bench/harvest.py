"""Harvest throughput: docgen harvest beside a plain pypdf / python-docx loop and a floor, in one run.

Generates and fills N forms (half PDF, half DOCX; every form kind of every shipped policy,
filled by docgen's own stamping with distinct values), then measures, in files per second:

- docgen harvest, end to end (find, hash, parse in worker processes, check, store in SQLite)
  with --jobs 2, for the PDFs, the DOCX files, and the mix;
- a plain loop on one core: pypdf PdfReader(...).get_fields() for the PDFs; python-docx
  Document(...) and the text of every content control for the DOCX files;
- a floor on one core: read the bytes and scan the field objects. PDF: inflate the object
  streams and find every /T and /V with a regular expression (as bench/pdf.py); DOCX: unzip
  word/document.xml, parse it with lxml and list every content control's tag and text (as
  bench/docx.py, whose floor stops at the parse). A floor reads; it checks nothing.

With LibreOffice installed (.ci/install-clients), the DOCX rows are also measured on forms as
they come back from a person: one of each form kind filled and saved by LibreOffice (over UNO),
copied with a document id of their own (`--lo-files`, default half of --files). A saved form
carries the whole package an office suite writes (styles, settings, fonts, theme), which
python-docx loads and docgen does not need.

Every reader is imported before timing starts (docgen's and the peers'), so the rates are of the
work per file, not of one-off imports.

Targets (issue 5), as ratios in this run: PDF harvest at least 20x the pypdf loop and DOCX at
least 3x the python-docx loop, both within 3x of their floor. `--memory 10000` also harvests
10,000 files and prints the peak memory of the harvest and of its workers (target: under 200 MB).

    python bench/harvest.py                 # 2,000 forms
    python bench/harvest.py --files 400     # quicker
    python bench/harvest.py --memory 10000  # and the memory check
"""

from __future__ import annotations

import argparse
import contextlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

from docgen.forms import build_form, form_keys
from docgen.harvest import harvest
from docgen.policy import load_policy
from docgen.render.docx import render_docx
from docgen.render.pdf import render_pdf
from docgen.resources import policies_dir

# this folder holds bench/docx.py, which would shadow python-docx's `docx` package (imported
# lazily below; nothing imported above imports `docx`)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]


def values_for(spec, n: int) -> dict:
    """Distinct, complete values for every field (and every row of every repeat)."""

    def one(f, i):
        if f.options:
            return f.options[(n + i) % len(f.options)].key
        if f.type == "checkbox":
            return (n + i) % 2 == 0
        if f.type == "date":
            return f"2026-{1 + (n + i) % 12:02d}-{1 + (n + i) % 28:02d}"
        if f.type == "number":
            return 30 + (n + i) % 90
        return f"Answer {n}-{i} for {f.label[:20]} Siân ŵ"

    repeat_children = {f.id for r in spec.repeats() for f in r.fields}
    values = {f.id: one(f, k) for k, f in enumerate(spec.fields()) if f.id not in repeat_children}
    for r in spec.repeats():
        values[r.id] = [{f.short_id: one(f, i * 7 + k) for k, f in enumerate(r.fields)} for i in range(r.rows)]
    return values


def make_corpus(folder: Path, count: int) -> None:
    specs = [
        build_form(load_policy(p), k)
        for p in sorted(Path(policies_dir()).glob("*.yaml"))
        for k in form_keys(load_policy(p))
    ]
    for n in range(count):
        spec = specs[n % len(specs)]
        fmt = "pdf" if n % 2 else "docx"
        render = render_pdf if fmt == "pdf" else render_docx
        out = folder / fmt / f"{n:05d}-{spec.manifest.form_id}.{fmt}"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(render(spec, values_for(spec, n)).data)


def libreoffice_corpus(folder: Path, count: int) -> bool:
    """`count` DOCX forms saved by LibreOffice (one filled per form kind, then copied with new ids)."""
    import importlib.util
    import io
    import re
    import shutil as sh

    if not sh.which("soffice"):
        return False
    spec = importlib.util.spec_from_file_location("real", Path(__file__).with_name("harvest_real_clients.py"))
    real = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(real)
    specs = [
        build_form(load_policy(p), k)
        for p in sorted(Path(policies_dir()).glob("*.yaml"))
        for k in form_keys(load_policy(p))
    ]
    office, port = real.start_libreoffice(folder / "lo-profile")
    saved = []
    try:
        for n, form in enumerate(specs):
            (folder / "scratch" / str(n)).mkdir(parents=True)
            saved.append(real.fill_with_libreoffice(port, form, folder / "scratch" / str(n))[0])
    finally:
        office.terminate()
    out = folder / "docx-libreoffice"
    out.mkdir()
    for n in range(count):
        with (
            zipfile.ZipFile(io.BytesIO(saved[n % len(saved)])) as zin,
            zipfile.ZipFile(out / f"{n:05d}.docx", "w", zipfile.ZIP_DEFLATED) as zout,
        ):
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename.startswith("customXml/item") and b"document_id=" in data:
                    data = re.sub(rb'document_id="[^"]*"', f'document_id="lo-copy-{n:05d}"'.encode(), data)
                zout.writestr(info.filename, data)
    return True


def warm_up() -> None:
    """Import every reader before anything is timed (each side pays its imports once per process,
    not per file: docgen's PDF reader ~130 ms, pypdf and python-docx likewise)."""
    import docx  # noqa: F401
    import pypdf  # noqa: F401

    import docgen.parse.docx  # noqa: F401
    import docgen.parse.pdf  # noqa: F401


def per_second(fn, files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        fn(path)
    return len(files) / (time.perf_counter() - start)


def pypdf_loop(path: Path) -> None:
    from pypdf import PdfReader

    PdfReader(path).get_fields()


def python_docx_loop(path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(path).element.body
    {
        sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val"))
        if sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}") is not None
        else None: "".join(t.text or "" for t in sdt.iter(qn("w:t")))
        for sdt in body.iter(qn("w:sdt"))
    }


_OBJSTM = re.compile(rb"/Type\s*/ObjStm.*?stream\r?\n", re.S)
_FIELD = re.compile(rb"/T\s*\((?:[^()\\]|\\.)*\)|/V\s*(?:\((?:[^()\\]|\\.)*\)|/\w+|<[0-9A-Fa-f]*>)")


def pdf_floor(path: Path) -> None:
    data = path.read_bytes()
    chunks = [data]
    for match in _OBJSTM.finditer(data):
        end = data.find(b"endstream", match.end())
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(data[match.end() : end]))
    [_FIELD.findall(chunk) for chunk in chunks]


def docx_floor(path: Path) -> None:
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    for sdt in root.iter(w + "sdt"):
        tag = sdt.find(f"{w}sdtPr/{w}tag")
        (tag.get(w + "val") if tag is not None else None, "".join(sdt.itertext(w + "t")))


def measure(fmt: str, files: list[Path], loop, loop_name: str, floor, work: Path, args) -> tuple[list, dict]:
    """Rows for one kind of file: harvest, the plain loop and the floor, each measured --repeat times
    in turn, as medians; and the ratios of each turn (harvest / loop, floor / harvest). A turn's three
    measurements are taken one after the other, so a slow spell on this shared machine touches them
    alike: the median of the turns' ratios is the ratio reported. The plain loop reads a third of
    the files each time, in turn (pypdf's reads 1,000 PDFs in about 16 s); a third in a row holds
    every form kind alike."""
    rates: dict[str, list[float]] = {"harvest": [], "loop": [], "floor": []}
    for n in range(args.repeat):
        rates["harvest"].append(harvest_rate([files[0].parent], work / f"{fmt}-{n}.db", args.jobs)[0])
        third = len(files) // 3
        rates["loop"].append(per_second(loop, files[(n % 3) * third : (n % 3 + 1) * third] or files))
        rates["floor"].append(per_second(floor, files))
    rows = [
        (fmt, f"docgen harvest, end to end, {args.jobs} workers", statistics.median(rates["harvest"])),
        (fmt, f"{loop_name}, 1 core", statistics.median(rates["loop"])),
        (fmt, "floor: read bytes + scan field objects, 1 core", statistics.median(rates["floor"])),
    ]
    ratios = {
        "loop": [h / lo for h, lo in zip(rates["harvest"], rates["loop"], strict=True)],
        "floor": [f / h for h, f in zip(rates["harvest"], rates["floor"], strict=True)],
    }
    return rows, ratios


def harvest_rate(folders: list[Path], db: Path, jobs: int) -> tuple[float, int]:
    start = time.perf_counter()
    result = harvest(folders, db, jobs=jobs)
    elapsed = time.perf_counter() - start
    assert result.counts["ok"] + result.counts["unchanged"] == result.files, result.counts
    return result.files / elapsed, result.files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000, help="forms to generate and harvest (half PDF)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for docgen harvest")
    parser.add_argument("--memory", type=int, default=0, help="also harvest this many files and report peak memory")
    parser.add_argument(
        "--lo-files", type=int, help="DOCX forms saved by LibreOffice (default: half of --files; 0 to leave them out)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="measurements of each row, in turn (median shown)")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary folder, removed after)")
    parser.add_argument("--harvest-memory", type=Path, help=argparse.SUPPRESS)  # the --memory run's own process
    args = parser.parse_args()
    if args.harvest_memory:
        return harvest_memory(args.harvest_memory, args.jobs)
    work = args.dir or Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    try:
        started = time.perf_counter()
        make_corpus(work / "forms", args.files)
        warm_up()
        print(f"Generated and filled {args.files:,} forms in {time.perf_counter() - started:.1f} s\n")
        pdfs, docxs = sorted((work / "forms/pdf").iterdir()), sorted((work / "forms/docx").iterdir())
        rows, ratios = [], {}
        for fmt, files, loop, loop_name, floor in (
            ("PDF", pdfs, pypdf_loop, "pypdf get_fields() loop", pdf_floor),
            ("DOCX", docxs, python_docx_loop, "python-docx loop", docx_floor),
        ):
            measured, ratios[fmt] = measure(fmt, files, loop, loop_name, floor, work, args)
            rows += measured
        lo_count = args.files // 2 if args.lo_files is None else args.lo_files
        if lo_count and libreoffice_corpus(work, lo_count):
            saved = sorted((work / "docx-libreoffice").iterdir())
            measured, ratios["DOCX-LO"] = measure(
                "DOCX-LO", saved, python_docx_loop, "python-docx loop", docx_floor, work, args
            )
            rows += measured
        mixed, n = harvest_rate([work / "forms"], work / "mixed.db", args.jobs)
        rows.append(("mixed", f"docgen harvest, end to end, {args.jobs} workers", mixed))
        rerun, _ = harvest_rate([work / "forms"], work / "mixed.db", args.jobs)
        rows.append(("mixed", "docgen harvest again, nothing changed", rerun))
        print(f"{'files':<9}{'implementation':<52}{'files/s':>9}")
        for fmt, name, rate in rows:
            print(f"{fmt:<9}{name:<52}{rate:>9,.0f}")
        print(f"\nRatios: the median over {args.repeat} turns (lowest to highest in brackets)")
        for fmt, loop_name, target in (
            ("PDF", "pypdf get_fields() loop", 20),
            ("DOCX", "python-docx loop", 3),
            ("DOCX-LO", "python-docx loop", 3),
        ):
            if fmt not in ratios:
                continue
            loop, floor = ratios[fmt]["loop"], ratios[fmt]["floor"]
            label = "DOCX saved by LibreOffice" if fmt == "DOCX-LO" else fmt
            print(
                f"{label}: docgen harvest is {statistics.median(loop):.1f}x the {loop_name} ({min(loop):.1f}-"
                f"{max(loop):.1f}; target: at least {target}x) and the floor is {statistics.median(floor):.1f}x "
                f"docgen ({min(floor):.1f}-{max(floor):.1f}; target: within 3x)"
            )
        if args.memory:
            make_corpus(work / "many", args.memory)
            # in a fresh process, so that its peak is the harvest's alone and its only children are
            # the harvest's workers (LibreOffice, started above for the saved forms, is one of ours)
            subprocess.run(
                [sys.executable, __file__, "--harvest-memory", str(work / "many"), "--jobs", str(args.jobs)], check=True
            )
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


def harvest_memory(folder: Path, jobs: int) -> None:
    rate, n = harvest_rate([folder], folder.with_suffix(".db"), jobs)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\n{n:,} files harvested at {rate:,.0f} files/s in a fresh process; peak memory: the harvest "
        f"{own:.0f} MB, its largest worker {workers:.0f} MB (target: under 200 MB)"
    )


if __name__ == "__main__":
    main()
