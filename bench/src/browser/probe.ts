// Times a few pages many times at one latency setting and prints the median of every phase: for reading where a
// change to the element moves time to payable, without a whole `pnpm bench` (issue 15). Writes nothing.
//
//   pnpm --filter @checkout-element/bench profile:payable                       # element and ideal pages, 100/100
//   pnpm --filter @checkout-element/bench profile:payable --runs 20 --script 400 --session 400 \
//     --page /element.html --page /ideal-email.html
//   # A/B of two element builds: copy each into packages/element/dist under its own name, then
//   pnpm --filter @checkout-element/bench profile:payable --page '/element.html?file=a.js' --page '/element.html?file=b.js'
import { chromiumLaunchOptions } from '@checkout-element/test-browser';
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';
import { median } from '../report.js';
import { type Phases, type Run, measure, runOnce, startSite } from './measure.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    script: { type: 'string', default: '100' },
    session: { type: 'string', default: '100' },
    page: { type: 'string', multiple: true, default: ['/element.html', '/ideal.html', '/ideal-email.html'] },
  },
});
const pages = values.page;
const site = await startSite();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  await site.setLatency(0, 0);
  for (const path of pages) await runOnce(browser, site, path, measure);
  await site.setLatency(Number(values.script), Number(values.session));
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
} finally {
  await browser.close();
  await site.child.stop();
}
