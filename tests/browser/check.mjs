// Renders tsq's outputs in headless Chromium: every mermaid chart through the real mermaid
// library, every html page opened with its console watched. Run by tests/render_browser.rs:
//   node check.mjs MANIFEST.json
// MANIFEST: {"chromium": PATH, "mermaid": [{"name", "file"}], "html": [{"name", "file", "steps": [..], "screenshot"}]}
// Prints one line per item and exits 1 when any failed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const mermaidJs = require.resolve('mermaid/dist/mermaid.min.js');

const browser = await puppeteer.launch({
  executablePath: manifest.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = 0;
const fail = (what, why) => { failed++; console.log(`FAIL ${what}: ${why}`); };

try {
  // Mermaid: one page with the library, every chart rendered in it.
  if (manifest.mermaid.length > 0) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: mermaidJs });
    await page.evaluate(() => {
      // Real sequences have hundreds of steps: above mermaid's default edge and text limits.
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxEdges: 5000, maxTextSize: 1000000 });
    });
    let n = 0;
    for (const item of manifest.mermaid) {
      const text = readFileSync(item.file, 'utf8');
      const result = await page.evaluate(async (id, text) => {
        try {
          const { svg } = await window.mermaid.render(id, text);
          return { ok: svg.includes('<svg'), svgLength: svg.length, errorSvg: svg.includes('Syntax error') };
        } catch (e) {
          return { ok: false, error: String(e && e.message ? e.message : e) };
        }
      }, `chart${n++}`, text);
      if (!result.ok || result.errorSvg) fail(`mermaid ${item.name}`, result.error || 'no svg');
      else console.log(`ok mermaid ${item.name} (${result.svgLength} bytes of svg)`);
    }
    for (const e of errors) fail('mermaid page', e);
    await page.close();
  }
  // Html: each page opened from its file, console and errors watched, step names looked for.
  for (const item of manifest.html) {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e}`));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`); });
    await page.goto(pathToFileURL(item.file).href, { waitUntil: 'load' });
    const text = await page.evaluate(() => document.body.textContent);
    const missing = item.steps.filter((s) => !text.includes(s));
    if (missing.length > 0) problems.push(`step names not in the DOM: ${JSON.stringify(missing.slice(0, 5))}`);
    // The search box filters: typing the first step's name leaves it visible and hides others.
    if (item.steps.length > 1) {
      await page.type('#search', item.steps[0]);
      const visible = await page.evaluate((name) => [...document.querySelectorAll('.step')]
        .filter((s) => !s.classList.contains('hidden')).map((s) => s.textContent.includes(name)), item.steps[0]);
      if (visible.length === 0 || visible.some((v) => !v)) problems.push('search does not filter steps');
      await page.evaluate(() => { const b = document.getElementById('search'); b.value = ''; b.dispatchEvent(new Event('input')); });
    }
    if (item.screenshot) await page.screenshot({ path: item.screenshot, fullPage: false });
    if (problems.length > 0) fail(`html ${item.name}`, problems.join('; '));
    else console.log(`ok html ${item.name} (${item.steps.length} steps found)`);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`${manifest.mermaid.length + manifest.html.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
