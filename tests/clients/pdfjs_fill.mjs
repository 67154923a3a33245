// Fill a PDF form with pdf.js (the engine of Firefox's viewer) and save it, as a user would.
//
//   node pdfjs_fill.mjs IN.pdf OUT.pdf FILLS.json
//
// FILLS.json: {field name: value}; text, true/false for a checkbox, a dropdown's display label,
// or {"tick": state} for a radio group: the kid whose export value is that state is clicked on.
// Prints a JSON summary: the fields pdf.js sees and how many were filled.
import fs from "node:fs";

// pdf.js 4 expects these (Node 22 has them); under Node 20 it would silently skip text fields.
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    return { promise, resolve, reject };
  };
}
if (!ArrayBuffer.prototype.transferToFixedLength) {
  ArrayBuffer.prototype.transferToFixedLength = function (length = this.byteLength) {
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
    return copy;
  };
}

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const [src, dst, fillsPath] = process.argv.slice(2);
const fills = JSON.parse(fs.readFileSync(fillsPath, "utf8"));
const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(src)), isEvalSupported: false }).promise;
const objects = await doc.getFieldObjects();
const names = [];
let filled = 0;
for (const [name, widgets] of Object.entries(objects || {})) {
  names.push(name);
  if (!(name in fills)) continue;
  const value = fills[name];
  for (const widget of widgets) {
    if (!widget.id) continue;
    if (widget.type === "radiobutton") {
      // what pdf.js's viewer stores when a radio button is clicked: the clicked kid on, the others off
      doc.annotationStorage.setValue(widget.id, { value: widget.exportValues === value.tick });
    } else if (widget.type === "checkbox") {
      doc.annotationStorage.setValue(widget.id, { value: Boolean(value) });
    } else {
      doc.annotationStorage.setValue(widget.id, { value: String(value) });
    }
  }
  filled += 1;
}
const saved = await doc.saveDocument();
fs.writeFileSync(dst, saved);
console.log(JSON.stringify({ fields: names, filled }));
await doc.destroy();
