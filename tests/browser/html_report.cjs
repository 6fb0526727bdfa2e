// Opens a rendered HTML report in Debian's Chromium through playwright-core and reports
// what a reader's browser saw, as JSON on stdout; tests/browser/test_html_report.py asserts on it.
//
//   node html_report.cjs '{"url": "http://127.0.0.1:PORT/report.html", "outDir": "...", "executablePath": "/usr/bin/chromium"}'
//
// Every request is intercepted: the page itself is let through, anything else is recorded
// and aborted, so nothing can leave loopback even if the page asked for it.
"use strict";

const { chromium } = require("playwright-core");
const path = require("path");

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-dev-shm-usage",
  "--force-color-profile=srgb",
];

async function openPage(browser, cfg, options, log) {
  const context = await browser.newContext({
    viewport: options.viewport || { width: 1280, height: 900 },
    colorScheme: options.colorScheme || "light",
    javaScriptEnabled: options.javaScriptEnabled !== false,
    deviceScaleFactor: 1,
  });
  if (options.clipboard) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(cfg.url).origin });
  }
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === cfg.url) {
      return route.continue();
    }
    log.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("request", (req) => log.requests.push(req.url()));
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      log.console.push(`${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => log.pageErrors.push(String(err)));
  await page.goto(cfg.url, { waitUntil: "load" });
  return { context, page };
}

// Sections saved on their own too: a full page is too tall to read at a glance.
const SECTIONS = { verdict: ".verdict", stores: "#stores", charts: "#charts", store1: "#store-0", plan: "#remediation" };

async function sectionShots(page, cfg, mode, log) {
  for (const [name, selector] of Object.entries(SECTIONS)) {
    const el = page.locator(selector);
    if ((await el.count()) === 0) { continue; }
    const file = path.join(cfg.outDir, `report-${mode}-${name}.png`);
    await el.first().screenshot({ path: file });
    log.screenshots.push(file);
  }
}

async function main() {
  const cfg = JSON.parse(process.argv[2]);
  const log = { requests: [], blocked: [], console: [], pageErrors: [], screenshots: [], checks: {} };
  const browser = await chromium.launch({
    executablePath: cfg.executablePath || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
  });
  try {
    // Light, with scripts: the DOM facts, the copy button, the screenshot.
    {
      const { context, page } = await openPage(browser, cfg, { clipboard: true }, log);
      log.checks.title = await page.title();
      log.checks.verdictText = await page.locator(".verdict").innerText();
      log.checks.verdictVisible = await page.locator(".verdict h1").isVisible();
      log.checks.tables = await page.locator("table.data").count();
      log.checks.storeRows = await page.locator("#stores tbody tr").count();
      log.checks.svgCharts = await page.locator("svg.chart").count();
      log.checks.svgRects = await page.locator("svg.chart rect").count();
      log.checks.copyButtons = await page.locator("button.copy").count();
      log.checks.scriptsInjected = await page.evaluate(() => document.querySelectorAll("script").length);
      log.checks.hostileAlert = await page.evaluate(() => typeof window.__pwned !== "undefined");
      log.checks.fieldRows = await page.locator("table.fields tbody tr").count();
      log.checks.verdictBackground = await page
        .locator(".verdict-badge")
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      const light = path.join(cfg.outDir, "report-light.png");
      await page.screenshot({ path: light, fullPage: true });
      log.screenshots.push(light);
      const top = path.join(cfg.outDir, "report-light-top.png");
      await page.screenshot({ path: top, fullPage: false });
      log.screenshots.push(top);
      await sectionShots(page, cfg, "light", log);
      let dialogs = 0;
      page.on("dialog", async (d) => { dialogs += 1; await d.dismiss(); });
      if (log.checks.copyButtons > 0) {
        const button = page.locator("button.copy").first();
        await button.click();
        await page.waitForTimeout(100);
        log.checks.copyLabel = await button.innerText();
        log.checks.clipboard = await page.evaluate(() => navigator.clipboard.readText());
        log.checks.firstSnippet = await page.locator(".snippet pre code").first().innerText();
      }
      log.checks.dialogs = dialogs;
      // Print: every collection unfolded, no copy buttons.
      await page.emulateMedia({ media: "print" });
      log.checks.printCopyButtonsVisible = await page.locator("button.copy").first().isVisible().catch(() => false);
      const closed = page.locator("details.collection:not([open]) .collection-body");
      log.checks.printClosedDetails = await closed.count();
      log.checks.printClosedBodyVisible = log.checks.printClosedDetails
        ? await closed.first().isVisible()
        : true;
      const print = path.join(cfg.outDir, "report-print.png");
      await page.screenshot({ path: print, fullPage: true });
      log.screenshots.push(print);
      await context.close();
    }
    // Dark.
    {
      const { context, page } = await openPage(browser, cfg, { colorScheme: "dark" }, log);
      log.checks.darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const dark = path.join(cfg.outDir, "report-dark.png");
      await page.screenshot({ path: dark, fullPage: true });
      log.screenshots.push(dark);
      const top = path.join(cfg.outDir, "report-dark-top.png");
      await page.screenshot({ path: top, fullPage: false });
      log.screenshots.push(top);
      await sectionShots(page, cfg, "dark", log);
      await context.close();
    }
    // Narrow, without JavaScript: still readable.
    {
      const { context, page } = await openPage(
        browser, cfg, { viewport: { width: 420, height: 900 }, javaScriptEnabled: false }, log,
      );
      log.checks.noJsVerdict = await page.locator(".verdict h1").innerText();
      log.checks.noJsTables = await page.locator("table.data").count();
      log.checks.noJsCopyButtons = await page.locator("button.copy").count();
      log.checks.narrowScrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      const narrow = path.join(cfg.outDir, "report-narrow-nojs.png");
      await page.screenshot({ path: narrow, fullPage: false });
      log.screenshots.push(narrow);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(log));
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err));
  process.exit(1);
});
