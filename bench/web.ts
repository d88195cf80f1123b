// `npm run bench:web`: the web app in Debian's Chromium against its own `npm run dev` stack.
//   initialJsGzipKb     JavaScript the first page (/) loads, gzipped, as served; and each other page's own
//                       chunks (what navigating there adds), by page
//   fcpMs, lcpMs        first and largest contentful paint of the portfolio page, cold (a new browser
//                       context each time), median of BENCH_PAINT_RUNS (default 7); the floor: the same
//                       paints of a static page of text in the same browser (floorFcpMs)
//   txToIndexed*        a swap's receipt → the page showing it as indexed, over BENCH_SWAPS (default 50)
//                       swaps made in the Pools page; the floor: the indexer itself, the receipt → its
//                       /status reaching the block, for plain swaps sent by viem (indexerLag*)
//   streamToRenderP50Ms a stream event (invoice.accepted) reaching the page's WebSocket → rendered
// Writes bench/results/web.json with the machine's load.
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { type Browser, chromium, type Page } from "playwright-core";
import { chromiumPath } from "../test/web/browser.ts";
import { startWebStack, type WebStack } from "../test/web/stack.ts";
import { pageList } from "../web/src/app/pages.ts";
import { measureStreamToRender, measureTxToIndexed } from "./lib/webFlows.ts";

const paintRuns = Number(process.env.BENCH_PAINT_RUNS ?? 7);
const swaps = Number(process.env.BENCH_SWAPS ?? 50);

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Gzipped size (kB) of every script the page loads while `action` runs. */
async function scriptsLoaded(
  page: Page,
  action: () => Promise<void>,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const onResponse = (response: import("playwright-core").Response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response.body().then(
        (body) => {
          sizes.set(new URL(response.url()).pathname, gzipSync(body).length / 1024);
        },
        () => undefined,
      ),
    );
  };
  page.on("response", onResponse);
  await action();
  await page.waitForLoadState("networkidle");
  await Promise.all(pending);
  page.off("response", onResponse);
  return sizes;
}

async function bundleSizes(browser: Browser, stack: WebStack) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const initial = await scriptsLoaded(page, async () => {
    await page.goto(stack.webUrl);
    await page.locator("main h1").first().waitFor();
  });
  const seen = new Set(initial.keys());
  const pages: Record<string, number> = {};
  for (const { path, label } of pageList) {
    if (path === "/") continue;
    const added = await scriptsLoaded(page, async () => {
      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: label })
        .click();
      await page.locator("main h1").first().waitFor();
    });
    let kb = 0;
    for (const [file, size] of added) {
      if (seen.has(file)) continue;
      seen.add(file);
      kb += size;
    }
    pages[path] = round(kb);
  }
  await context.close();
  const initialKb = [...initial.values()].reduce((a, b) => a + b, 0);
  return { initialJsGzipKb: round(initialKb), initialFiles: initial.size, pageChunksGzipKb: pages };
}

/** FCP and LCP of `open`, cold: a new context per run. */
async function paints(browser: Browser, open: (page: Page) => Promise<void>) {
  const fcp: number[] = [];
  const lcp: number[] = [];
  for (let run = 0; run < paintRuns; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await open(page);
    await page.waitForLoadState("networkidle");
    // In the page (as source: this project's TypeScript has no DOM types).
    const timings = (await page.evaluate(`new Promise((resolve) => {
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      new PerformanceObserver((list) => {
        const entries = list.getEntries();
        resolve({ fcp: fcp ? fcp.startTime : NaN, lcp: entries[entries.length - 1].startTime });
      }).observe({ type: "largest-contentful-paint", buffered: true });
    })`)) as { fcp: number; lcp: number };
    fcp.push(timings.fcp);
    lcp.push(timings.lcp);
    await context.close();
  }
  return { fcpMs: round(median(fcp)), lcpMs: round(median(lcp)) };
}

const started = Date.now();
const { stack, stop } = await startWebStack();
const browser = await launchBrowser();
try {
  const sizes = await bundleSizes(browser, stack);
  const app = await paints(browser, async (page) => {
    await page.goto(stack.webUrl);
    await page.locator("main h1").first().waitFor();
  });
  const floor = await paints(browser, async (page) => {
    await page.setContent(
      "<!doctype html><html><body><h1>Portfolio</h1><p>Connect a wallet to see your balances.</p></body></html>",
    );
  });
  const tx = await measureTxToIndexed(browser, stack, swaps);
  const stream = await measureStreamToRender(browser, stack);
  const results = {
    ...sizes,
    initialJsBudgetKb: 250,
    fcpMs: app.fcpMs,
    lcpMs: app.lcpMs,
    floorFcpMs: floor.fcpMs,
    floorLcpMs: floor.lcpMs,
    fcpRatioToFloor: round(app.fcpMs / floor.fcpMs, 2),
    txToIndexedP50Ms: round(quantile(tx.uiMs, 0.5)),
    txToIndexedP99Ms: round(quantile(tx.uiMs, 0.99)),
    txToIndexedAimP50Ms: 250,
    indexerLagP50Ms: round(quantile(tx.floorMs, 0.5)),
    indexerLagP99Ms: round(quantile(tx.floorMs, 0.99)),
    txToIndexedRatioToIndexerP50: round(quantile(tx.uiMs, 0.5) / quantile(tx.floorMs, 0.5), 2),
    swaps: tx.uiMs.length,
    streamToRenderP50Ms: round(quantile(stream.ms, 0.5)),
    streamEvents: stream.ms.length,
    machine: {
      cpus: availableParallelism(),
      cpu: cpus()[0]?.model,
      loadavg1m: Number(loadavg()[0]!.toFixed(2)),
    },
    browser: browser.version(),
    durationS: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/web.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log(`[bench:web] wrote bench/results/web.json\n${JSON.stringify(results, null, 2)}`);
} finally {
  await browser.close();
  await stop();
}
