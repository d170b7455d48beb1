// Renders tsq's outputs in headless Chromium: every mermaid chart through the real mermaid
// library, every html page opened with its console watched. Run by tests/render_browser.rs:
//   node check.mjs MANIFEST.json
// MANIFEST: {"chromium": PATH, "mermaid": [{"name", "file"}], "html": [{"name", "file", "steps": [..], "screenshot",
//   "full_page", "trace": {"result", "exit_code", "outcomes": [{"path", "class", "words", "why"}]}}]}
// An html item with "trace" is a simulation page: each node (found by its data-path) must carry its
// outcome's class and words, a reason when it did not simply run, and the result block the result.
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

// A trace page: the result block, then every node's outcome as the trace has it.
async function checkTrace(page, trace) {
  return page.evaluate((trace) => {
    const problems = [];
    const result = document.getElementById('result');
    if (!result) return ['no #result block'];
    if (!result.classList.contains(trace.result)) problems.push(`#result is not marked ${trace.result}`);
    if (!result.textContent.includes(trace.exit_code)) problems.push(`#result lacks exit code ${trace.exit_code}`);
    if (result.compareDocumentPosition(document.querySelector('main')) !== Node.DOCUMENT_POSITION_FOLLOWING) {
      problems.push('#result is not above the steps');
    }
    // Paths repeat when siblings share a name, so nodes are matched to the trace in order.
    const nodes = [...document.querySelectorAll('[data-path]')];
    if (nodes.length !== trace.outcomes.length) problems.push(`${nodes.length} nodes, the trace has ${trace.outcomes.length}`);
    trace.outcomes.forEach((want, i) => {
      const el = nodes[i];
      if (!el || el.getAttribute('data-path') !== want.path) {
        problems.push(`node ${i} is ${el ? el.getAttribute('data-path') : 'missing'}, want ${want.path}`);
        return;
      }
      if (!el.classList.contains(want.class)) problems.push(`${want.path}: class ${el.className}, want ${want.class}`);
      // The node's own line: a step's head, a group's summary (not the nodes inside it).
      const head = el.querySelector(':scope > .head, :scope > summary');
      const badge = head && head.querySelector('.outcome');
      if (!badge || badge.textContent !== want.words) {
        problems.push(`${want.path}: outcome reads ${badge ? JSON.stringify(badge.textContent) : 'nothing'}, want ${want.words}`);
      }
      const why = el.querySelector(':scope > .why, :scope > summary > .why');
      if (want.why && !(why && why.textContent.trim().length > 0)) problems.push(`${want.path}: no reason given`);
    });
    return problems.slice(0, 10);
  }, trace);
}

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
    const folding = () => page.evaluate(() => [...document.querySelectorAll('details')].map((d) => d.open));
    const folded = await folding();
    if (item.steps.length > 1) {
      await page.type('#search', item.steps[0]);
      const visible = await page.evaluate((name) => [...document.querySelectorAll('.step')]
        .filter((s) => !s.classList.contains('hidden')).map((s) => s.textContent.includes(name)), item.steps[0]);
      if (visible.length === 0 || visible.some((v) => !v)) problems.push('search does not filter steps');
      await page.evaluate(() => { const b = document.getElementById('search'); b.value = ''; b.dispatchEvent(new Event('input')); });
      // A trace page folds what did not run; emptying the search box goes back to that.
      if (item.trace && JSON.stringify(await folding()) !== JSON.stringify(folded)) {
        problems.push('emptying the search does not restore the folding');
      }
    }
    if (item.trace) problems.push(...await checkTrace(page, item.trace));
    if (item.screenshot && item.full_page) {
      // The whole page in one picture: the viewport made as tall as the page (capped), which
      // gives the full height more reliably than fullPage on a busy machine.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewport({ width: 800, height: Math.max(600, Math.min(height, 12000)) });
      await page.screenshot({ path: item.screenshot });
    } else if (item.screenshot) {
      await page.screenshot({ path: item.screenshot, fullPage: false });
    }
    if (problems.length > 0) fail(`html ${item.name}`, problems.join('; '));
    else console.log(`ok html ${item.name} (${item.steps.length} steps found)`);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`${manifest.mermaid.length + manifest.html.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
