// Open HTML pages in Debian's Chromium (puppeteer-core) and check them as issue 18 asks:
//   - axe-core's WCAG 2.2 AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa), at 1280 px
//     and at 320 px wide (400 % zoom of a 1280 px window);
//   - reflow at 320 px: the page must not scroll sideways; the elements that stick out past the
//     right edge (outside a region that scrolls on its own) are named.
//
//   node axe_check.mjs CHROMIUM PAGE.html [PAGE.html ...]   -> one JSON object per page, one per line
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const WIDTHS = [1280, 320];

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    count: v.nodes.length,
  }));
}

async function sideways(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === "auto" || o === "scroll") && p !== document.documentElement && p !== document.body) return true;
      }
      return false;
    };
    const name = (el) =>
      el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\s+/).join(".") : "");
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 && !scrolls(el)) out.push({ element: name(el), right: Math.round(r.right) });
      if (out.length >= 10) break;
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, outside: out };
  });
}

const [chromium, ...pages] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
try {
  for (const file of pages) {
    const report = { file, violations: {}, reflow: null };
    for (const width of WIDTHS) {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      report.violations[width] = await axe(page);
      if (width === 320) report.reflow = await sideways(page);
      await page.close();
    }
    process.stdout.write(JSON.stringify(report) + "\n");
  }
} finally {
  await browser.close();
}
