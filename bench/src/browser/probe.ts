// Times a few pages many times at one latency setting and prints the median of every phase: for reading where a
// change to the element moves time to payable, without a whole `pnpm bench` (issue 15). Writes nothing.
//
//   pnpm --filter @checkout-element/bench profile:payable                       # element and ideal pages, 100/100
//   pnpm --filter @checkout-element/bench profile:payable --runs 20 --script 400 --session 400 \
//     --page /element.html --page /ideal-email.html
//   # A/B of two element builds: copy each into packages/element/dist under its own name, then
//   pnpm --filter @checkout-element/bench profile:payable --page '/element.html?file=a.js' --page '/element.html?file=b.js'
//   # --trace: traced runs instead, our script's main-thread time (connectedCallback → payable, as in RESULTS.md's
//   # table 4) per element page; each page's own file is the one it loads (?file=… or stripe-checkout.js).
//   # BENCH_HOTTEST=1 adds each page's hottest functions (mean self ms per run, `name@line:column` of the file, V8's
//   # 0-based line: a file built with `vite build --mode standalone --sourcemap` maps them back to the sources).
//   pnpm --filter @checkout-element/bench profile:payable --trace --page '/element.html?file=a.js' --page '/element.html?file=b.js'
import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';
import { median } from '../report.js';
import { traceOne } from './browser-bench.js';
import { type Phases, type Run, measure, runOnce, startSite } from './measure.js';
import type { MainThreadCost } from './trace.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    script: { type: 'string', default: '100' },
    session: { type: 'string', default: '100' },
    page: { type: 'string', multiple: true, default: ['/element.html', '/ideal.html', '/ideal-email.html'] },
    trace: { type: 'boolean', default: false },
  },
});
const pages = values.page;
const site = await startSite();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  await site.setLatency(0, 0);
  for (const path of pages) await runOnce(browser, site, path, measure);
  await site.setLatency(Number(values.script), Number(values.session));
  if (values.trace) {
    const fileOf = (path: string) =>
      `/element/${/[?&]file=([\w.-]+\.js)/.exec(path)?.[1] ?? 'stripe-checkout.js'}`;
    const costs = new Map<string, MainThreadCost[]>(pages.map((path) => [path, []]));
    for (let run = 0; run < Number(values.runs); run++)
      for (const path of pages)
        costs.get(path)?.push(await traceOne(browser, site, path, 'checkout-connected', fileOf(path)));
    if (process.env.BENCH_HOTTEST)
      for (const [path, all] of costs) {
        const sum = new Map<string, number>();
        for (const cost of all)
          for (const [name, ms] of cost.hottest) sum.set(name, (sum.get(name) ?? 0) + ms / all.length);
        console.log(path, JSON.stringify([...sum].sort((a, b) => b[1] - a[1]).slice(0, 40)));
      }
    console.log(`${values.script}/${values.session} ms, median of ${values.runs} traced runs`);
    console.table(
      pages.map((path) => {
        const all = costs.get(path) ?? [];
        const busy = (source: keyof MainThreadCost['busy']) =>
          median(all.map((cost) => cost.busy[source])).toFixed(1);
        return {
          page: path,
          ownScript: busy('element'),
          stripeJs: busy('stripe'),
          browserWork: busy('native'),
          window: median(all.map((cost) => cost.window)).toFixed(0),
        };
      }),
    );
  } else {
    const runs = new Map<string, Run[]>(pages.map((path) => [path, []]));
    // Alternated, so that drift on the machine hits every page alike.
    for (let run = 0; run < Number(values.runs); run++)
      for (const path of pages) runs.get(path)?.push(await runOnce(browser, site, path, measure));
    const rows = pages.map((path) => {
      const all = runs.get(path) ?? [];
      const phase = (name: keyof Phases) => median(all.map((one) => one.phases[name])).toFixed(0);
      return {
        page: path,
        module: phase('moduleEnd'),
        connected: phase('connected'),
        session: `${phase('sessionStart')}→${phase('sessionEnd')}`,
        stripeJs: `${phase('scriptStart')}→${phase('scriptEnd')}`,
        sdkInit: phase('sdkInit'),
        paymentReady: phase('paymentReady'),
        payable: median(all.map((one) => one.payable)).toFixed(0),
      };
    });
    console.log(`${values.script}/${values.session} ms, median of ${values.runs} runs`);
    console.table(rows);
  }
} finally {
  await browser.close();
  await site.child.stop();
}
