// One page load in a fresh browser context: time to payable, layout shift and long tasks up to payable + 2 frames,
// and when the session request and the Stripe.js download ran. Also the below-the-fold variant, which scrolls.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type RunningChild, startChild } from '../processes.js';
import { HarnessError, median } from '../report.js';

/** The shop and the emulator, running in their own process (site-process.ts). */
export interface Site {
  origin: string;
  emulatorUrl: string;
  /** Injected latency on the Stripe.js script and on session creation at Stripe; 0 clears it. */
  setLatency(script: number, session: number): Promise<void>;
  child: RunningChild;
}

export async function startSite(): Promise<Site> {
  const child = await startChild(new URL('./site-process.ts', import.meta.url), {});
  const emulatorUrl = child.detail.emulatorUrl;
  if (!emulatorUrl) throw new HarnessError('site-process.ts did not report the emulator URL');
  return {
    origin: child.url,
    emulatorUrl,
    child,
    async setLatency(script, session) {
      await child.request('latency', { script, session });
    },
  };
}

/** Milestones of one page load, in ms since navigation start (NaN when a page has no such step). */
export interface Phases {
  connected: number;
  sessionStart: number;
  sessionEnd: number;
  scriptStart: number;
  scriptEnd: number;
  /** The element's own module (stripe-checkout.js) downloaded. */
  moduleEnd: number;
  /** The page (or the element) called Stripe's initCheckoutElementsSdk / initCheckout (the first, with two). */
  sdkInit: number;
  /** The (first) Payment Element emitted `ready`. */
  paymentReady: number;
}

export interface Run {
  payable: number;
  cls: number;
  longTasks: number;
  longTaskMs: number;
  phases: Phases;
}

export interface BelowFoldRun {
  payable: number;
  /** Layout shift from navigation to 2 frames after the checkout was scrolled into view and its frames rendered. */
  cls: number;
  /** The Payment Element iframe's height while off screen, and once scrolled into view. */
  frameBefore: number;
  frameAfter: number;
}

/**
 * Production pages load Stripe.js from https://js.stripe.com; here every request to that origin (the script, the
 * stand-in's API calls and its iframes) is answered by the emulator, which derives its origin from the script URL.
 */
async function routeStripeToEmulator(context: BrowserContext, emulatorUrl: string): Promise<void> {
  await context.route('https://js.stripe.com/**', async (route) => {
    const url = new URL(route.request().url());
    try {
      const response = await route.fetch({
        url: `${emulatorUrl}${url.pathname}${url.search}`,
        maxRedirects: 0,
      });
      await route.fulfill({ response });
    } catch {
      await route.abort('connectionfailed').catch(() => {});
    }
  });
}

export async function newPage(
  browser: Browser,
  site: Site,
): Promise<{ context: BrowserContext; page: Page }> {
  // A fresh context per run: an empty HTTP cache, like a first visit.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await routeStripeToEmulator(context, site.emulatorUrl);
  return { context, page: await context.newPage() };
}

async function untilPayable(page: Page, url: string): Promise<number> {
  page.on('crash', () => console.error(`renderer crashed on ${url}`));
  // The page announces the outcome on its console (pages.ts): waiting with waitForFunction would inject and run
  // Playwright's selector engine in the page (about 15 ms of main-thread work) right while it loads, delaying an
  // async module's evaluation far more than an inline script's.
  const outcome = page.waitForEvent('console', {
    predicate: (message) => /^bench-(payable|failed) /.test(message.text()),
    timeout: 20_000,
  });
  outcome.catch(() => {});
  await page.goto(url, { waitUntil: 'commit' });
  const text = await outcome.then(
    (message) => message.text(),
    () => 'bench-failed not payable within 20 s',
  );
  if (text.startsWith('bench-failed ')) throw new Error(text.slice('bench-failed '.length));
  return Number(text.slice('bench-payable '.length));
}

export async function measure(page: Page, url: string): Promise<Run> {
  if (process.env.BENCH_SHIFTS) {
    page.on('console', (message) => {
      if (message.text().startsWith('bench-shifts ')) console.log(url, message.text());
    });
  }
  const payable = await untilPayable(page, url);
  // Two frames more, so a shift caused by the final render is counted too.
  return page.evaluate(
    (payableAt) =>
      new Promise<Run>((resolve) => {
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const bench = (
              window as unknown as {
                __bench: {
                  cls: number;
                  shifts: unknown[];
                  longTasks: { start: number; duration: number }[];
                };
              }
            ).__bench;
            // BENCH_SHIFTS=1 prints what moved (reading a non-zero CLS); measure() logs it below.
            if (bench.cls > 0) console.log(`bench-shifts ${JSON.stringify(bench.shifts)}`);
            const tasks = bench.longTasks.filter((task) => task.start <= payableAt);
            // No named functions in here: tsx would wrap them in a __name() helper the page does not have.
            const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
            const session = entries.find((entry) => entry.name.includes('/api/checkout/sessions'));
            const script = entries.find((entry) => entry.name.includes('js.stripe.com/endive/stripe.js'));
            const module = entries.find(
              (entry) => entry.name.includes('/element/') && entry.name.endsWith('.js'),
            );
            resolve({
              payable: payableAt,
              cls: bench.cls,
              longTasks: tasks.length,
              longTaskMs: tasks.reduce((sum, task) => sum + task.duration, 0),
              phases: {
                connected: performance.getEntriesByName('checkout-connected')[0]?.startTime ?? Number.NaN,
                sessionStart: session?.startTime ?? Number.NaN,
                sessionEnd: session?.responseEnd ?? Number.NaN,
                scriptStart: script?.startTime ?? Number.NaN,
                scriptEnd: script?.responseEnd ?? Number.NaN,
                moduleEnd: module?.responseEnd ?? Number.NaN,
                sdkInit: performance.getEntriesByName('sdk-init')[0]?.startTime ?? Number.NaN,
                paymentReady: performance.getEntriesByName('payment-ready')[0]?.startTime ?? Number.NaN,
              },
            });
          }),
        );
      }),
    payable,
  );
}

/** The checkout below the fold: payable while off screen, then the buyer scrolls to it (a wheel, not a click). */
export async function measureBelowFold(page: Page, url: string): Promise<BelowFoldRun> {
  const payable = await untilPayable(page, url);
  const frameHeight = () =>
    page.evaluate(
      () =>
        (document.querySelector('iframe[data-stripe-emulator-frame="payment"]') as HTMLIFrameElement | null)
          ?.offsetHeight ?? Number.NaN,
    );
  const frameBefore = await frameHeight();
  await page.mouse.move(640, 450);
  await page.mouse.wheel(0, 1400);
  // Let the now visible frames render and report, then two frames more.
  await page.waitForTimeout(400);
  const cls = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve((window as unknown as { __bench: { cls: number } }).__bench.cls),
          ),
        ),
      ),
  );
  return { payable, cls, frameBefore, frameAfter: await frameHeight() };
}

export async function runOnce<T>(
  browser: Browser,
  site: Site,
  path: string,
  how: (page: Page, url: string) => Promise<T>,
): Promise<T> {
  const { context, page } = await newPage(browser, site);
  try {
    return await how(page, `${site.origin}${path}`);
  } catch (error) {
    throw new HarnessError(
      `${path} did not become payable: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await context.close().catch(() => {});
  }
}

export interface PageFigures {
  payable: number;
  cls: number;
  longTasks: number;
  longTaskMs: number;
  phases: Phases;
}

export function summarise(runs: readonly Run[]): PageFigures {
  const phase = (name: keyof Phases) => median(runs.map((run) => run.phases[name]));
  return {
    payable: median(runs.map((run) => run.payable)),
    cls: Math.max(...runs.map((run) => run.cls)),
    longTasks: median(runs.map((run) => run.longTasks)),
    longTaskMs: median(runs.map((run) => run.longTaskMs)),
    phases: {
      connected: phase('connected'),
      sessionStart: phase('sessionStart'),
      sessionEnd: phase('sessionEnd'),
      scriptStart: phase('scriptStart'),
      scriptEnd: phase('scriptEnd'),
      moduleEnd: phase('moduleEnd'),
      sdkInit: phase('sdkInit'),
      paymentReady: phase('paymentReady'),
    },
  };
}
