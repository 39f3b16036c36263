// `pnpm bench` (full run, writes bench/RESULTS.md) and `pnpm bench:smoke` (one tiny iteration of everything, writes
// nothing). Both exit non-zero when the harness breaks; neither ever fails because a figure is slow.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBrowser } from './browser/browser-bench.js';
import { describeMachine } from './machine.js';
import { HarnessError, type SectionResult, renderMarkdown, renderText } from './report.js';
import { runServer } from './server/server-bench.js';
import { runWeight } from './weight/weight.js';

const sectionNames = ['weight', 'browser', 'server'] as const;
type SectionName = (typeof sectionNames)[number];

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
  },
});
const smoke = values.smoke ?? false;
const only = (values.only ?? [...sectionNames]) as SectionName[];
for (const name of only) {
  if (!sectionNames.includes(name))
    throw new Error(`--only ${name}: expected one of ${sectionNames.join(', ')}`);
}

// The benchmark measures what ships: the packages' built dist/ files, never their sources.
const require = createRequire(import.meta.url);
for (const name of ['@checkout-element/element', '@checkout-element/emulator', '@checkout-element/server']) {
  const dist = join(dirname(require.resolve(`${name}/package.json`)), 'dist', 'index.js');
  if (!existsSync(dist))
    throw new HarnessError(`${name} is not built (${dist} is missing): run \`pnpm build\` first.`);
}

const started = Date.now();
const machine = describeMachine();
const results: SectionResult[] = [];
let chromiumVersion = 'not run';

function print(result: SectionResult) {
  for (const table of result.tables) console.log(`\n${renderText(table)}`);
  for (const note of result.notes) console.log(note.replaceAll('**', ''));
}

if (only.includes('weight')) {
  const result = await runWeight();
  print(result);
  results.push(result);
}
if (only.includes('browser')) {
  const result = await runBrowser({ smoke });
  chromiumVersion = result.chromium;
  print(result);
  results.push(result);
}
if (only.includes('server')) {
  const result = await runServer({ smoke, databaseUrl: process.env.DATABASE_URL });
  print(result);
  results.push(result);
}

// A section's files are written only with RESULTS.md; the smoke run still checks that each one was produced.
for (const { name, content } of results.flatMap((result) => result.files ?? [])) {
  if (name.endsWith('.svg') && !content.startsWith('<svg'))
    throw new HarnessError(`${name}: expected an SVG document, got ${content.slice(0, 40)}`);
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\n${smoke ? 'Smoke run' : 'Benchmark'} finished in ${seconds} s.`);

if (!smoke && !process.env.BENCH_RUNS && only.length === sectionNames.length) {
  const header = [
    '# Benchmark results',
    '',
    'Written by `pnpm bench` (see [README.md](README.md) for what each figure means). Compare only figures taken in the same run.',
    '',
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory; 1-minute load average ${machine.load} at the start and ${describeMachine().load} at the end (other work on the machine slows every figure)`,
    `- Node ${machine.node}, Chromium ${chromiumVersion}`,
    `- Runs: time to payable and layout shift are medians / worst of 10 runs per page and setting (after one warm-up run each); main-thread cost is the median of 9 traced runs; server figures come from one autocannon run each.`,
    `- Whole benchmark took ${seconds} s.`,
  ];
  const body = results.flatMap((result) => [...result.tables.map(renderMarkdown), ...result.notes]);
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'RESULTS.md');
  await writeFile(file, `${[...header, '', ...body.flatMap((part) => [part, ''])].join('\n').trimEnd()}\n`);
  console.log(`Wrote ${file}`);
  await writeSectionFiles(results, dirname(file));
}

/** Charts and other files the sections produced, next to RESULTS.md (only when RESULTS.md itself is written). */
async function writeSectionFiles(sections: readonly SectionResult[], directory: string): Promise<void> {
  for (const { name, content } of sections.flatMap((section) => section.files ?? [])) {
    await writeFile(join(directory, name), content);
    console.log(`Wrote ${join(directory, name)}`);
  }
}
