// Draw a page of a PDF with pdf.js (the engine of Firefox's viewer), its annotations' appearance
// streams included (form fields as saved), into a PNG:
//
//   node pdfjs_render.mjs IN.pdf OUT.png PAGE SCALE
import fs from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);  // pdf.js's own canvas package, beside it in node_modules
const { createCanvas } = require("@napi-rs/canvas");
if (!Promise.withResolvers) {
  Promise.withResolvers = function () { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
}
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const [src, dst, pageNo, scale] = process.argv.slice(2);
const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(src)), isEvalSupported: false }).promise;
const page = await doc.getPage(Number(pageNo || 1));
const viewport = page.getViewport({ scale: Number(scale || 1) });
const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
const ctx = canvas.getContext("2d");
ctx.fillStyle = "white"; ctx.fillRect(0, 0, canvas.width, canvas.height);
await page.render({ canvasContext: ctx, viewport, annotationMode: pdfjs.AnnotationMode.ENABLE }).promise;
fs.writeFileSync(dst, canvas.toBuffer("image/png"));
console.log(JSON.stringify({ width: canvas.width, height: canvas.height }));
await doc.destroy();
