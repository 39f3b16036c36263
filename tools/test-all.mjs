// `pnpm test`: every layer in order, stopping at the first that fails (as a `&&` chain would), with each layer's
// output streamed as it runs and one summary table at the end: layer → passed / failed / skipped, and every skip
// reason the runners printed (e.g. "PostgreSQL ledger tests — set DATABASE_URL=…"), so a green run that skipped
// something says so where it cannot be missed.
import { spawn } from 'node:child_process';

/** [layer, command]; a layer's counts are read from what its test runner prints. */
const layers = [
  ['browser check', 'node tools/test-browser/ensure.mjs'],
  ['lint', 'pnpm lint'],
  ['build', 'pnpm build'],
  ['typecheck', 'pnpm typecheck'],
  ['packaging (tarballs outside the workspace)', 'pnpm test:pack'],
  ['unit (node:test)', 'pnpm test:unit'],
  ['browser (web-test-runner)', 'pnpm test:browser'],
  ['end-to-end (Playwright)', 'pnpm test:e2e'],
  ['WordPress plugin (PHP, real WordPress)', 'pnpm --filter @checkout-element/wordpress-plugin test'],
  ['conformance (Node server, WordPress)', 'pnpm --filter @checkout-element/conformance test'],
  ['bench smoke', 'pnpm bench:smoke'],
];

// Anything printed by a runner, with or without pnpm's "<package> <script>: " prefix.
const counters = [
  // node:test (TAP): one block per package.
  { pattern: /#\s+pass\s+(\d+)\s*$/, key: 'passed' },
  { pattern: /#\s+fail\s+(\d+)\s*$/, key: 'failed' },
  { pattern: /#\s+(?:skipped|todo)\s+(\d+)\s*$/, key: 'skipped' },
  // Playwright's list reporter summary.
  { pattern: /^\s*(\d+) passed \(/, key: 'passed' },
  { pattern: /^\s*(\d+) failed\s*$/, key: 'failed' },
  { pattern: /^\s*(\d+) (?:skipped|did not run)\s*$/, key: 'skipped' },
  // PHPUnit: "OK (12 tests, 40 assertions)" / "Tests: 12, Assertions: 40, Failures: 1, Skipped: 2."
  { pattern: /^OK \((\d+) tests?,/, key: 'passed' },
  { pattern: /Failures: (\d+)/, key: 'failed' },
  { pattern: /Skipped: (\d+)/, key: 'skipped' },
];
// web-test-runner redraws its progress line; the last complete one before "Finished running tests" counts.
const wtrFinal = /(\d+)\/\1 test files \| (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/;
const skipReason = /# SKIP\b\s*(.*)$|^\s*SKIPPED:\s*(.*)$|\bskip reason:\s*(.*)$/;

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['inherit', 'pipe', 'pipe'] });
    const tally = { passed: 0, failed: 0, skipped: 0, reasons: new Set() };
    let lastWtr;
    let committedWtr;
    let pending = '';
    const scan = (line) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes.
      const plain = line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/^[\w@/.-]+ [\w:-]+: /, '');
      for (const { pattern, key } of counters) {
        const match = pattern.exec(plain);
        if (match) tally[key] += Number(match[1]);
      }
      // A package script starting ("$ …") begins a new run; within one, web-test-runner may print its final
      // progress line and "Finished running tests" twice (a redraw), which must count once.
      if (plain.startsWith('$ ')) committedWtr = undefined;
      lastWtr = wtrFinal.exec(plain) ?? lastWtr;
      if (lastWtr && /Finished running tests/.test(plain)) {
        if (lastWtr[0] !== committedWtr) {
          tally.passed += Number(lastWtr[2]);
          tally.failed += Number(lastWtr[3]);
          tally.skipped += Number(lastWtr[4] ?? 0);
          committedWtr = lastWtr[0];
        }
        lastWtr = undefined;
      }
      const reason = skipReason.exec(plain);
      const text = reason && (reason[1] || reason[2] || reason[3])?.replace(/^SKIPPED:\s*/, '').trim();
      if (text) tally.reasons.add(text);
    };
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines) scan(line);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => {
      scan(pending);
      resolve({ code: code ?? 1, ...tally });
    });
  });
}

const results = [];
let failedLayer;
for (const [layer, command] of layers) {
  if (failedLayer) {
    results.push({ layer, outcome: 'not run' });
    continue;
  }
  console.log(`\n== ${layer}: ${command}`);
  const started = Date.now();
  const result = await run(command);
  const seconds = Math.round((Date.now() - started) / 1000);
  const outcome = result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`;
  results.push({ layer, outcome, seconds, ...result });
  if (result.code !== 0) failedLayer = layer;
}

const rows = results.map((row) => [
  row.layer,
  row.outcome,
  row.passed || row.failed || row.skipped ? String(row.passed) : '',
  row.passed || row.failed || row.skipped ? String(row.failed) : '',
  row.passed || row.failed || row.skipped ? String(row.skipped) : '',
  row.seconds === undefined ? '' : `${row.seconds}s`,
]);
const header = ['layer', 'outcome', 'passed', 'failed', 'skipped', 'time'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column].length)),
);
const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
console.log(
  `\n== pnpm test summary\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`,
);
for (const row of rows) console.log(line(row));
const reasons = results.flatMap((row) =>
  [...(row.reasons ?? [])].map((reason) => `  ${row.layer}: ${reason}`),
);
console.log(reasons.length ? `\nSkipped, and why:\n${reasons.join('\n')}` : '\nNothing was skipped.');
process.exit(failedLayer ? 1 : 0);
