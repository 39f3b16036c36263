// The published package works from dist/ alone: its Stripe.js stand-in is prebuilt at build time, so serving
// it needs neither esbuild nor src/. Built into a scratch directory that holds only dist/, package.json and
// the package's runtime dependencies (not its devDependencies).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'emulator-dist-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

test('the built package serves the stand-in without src/ or esbuild', () => {
  const out = join(scratch, 'package');
  mkdirSync(out);
  run(
    process.execPath,
    [
      join(packageRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(out, 'dist'),
    ],
    packageRoot,
  );
  run(
    process.execPath,
    ['--import', 'tsx', 'scripts/build-stand-in.ts', '--out', join(out, 'dist/browser/stand-in')],
    packageRoot,
  );
  cpSync(join(packageRoot, 'package.json'), join(out, 'package.json'));
  const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    files: string[];
  };
  assert.ok(!manifest.files.some((entry) => entry.startsWith('src')), 'the package does not ship src/');
  assert.equal(manifest.dependencies.esbuild, undefined, 'esbuild is a build-time dependency only');
  mkdirSync(join(out, 'node_modules'));
  for (const name of Object.keys(manifest.dependencies)) {
    // Scoped dependencies (@types/express) live one directory deeper.
    mkdirSync(dirname(join(out, 'node_modules', name)), { recursive: true });
    symlinkSync(realpathSync(join(packageRoot, 'node_modules', name)), join(out, 'node_modules', name));
  }
  assert.equal(existsSync(join(out, 'src')), false);

  const probe = `
    const { startEmulator } = await import(${JSON.stringify(join(out, 'dist/index.js'))});
    let esbuild = 'absent';
    try { await import('esbuild'); esbuild = 'present'; } catch {}
    const emulator = await startEmulator();
    const answers = {};
    for (const path of ['/clover/stripe.js', '/dahlia/stripe.js', '/endive/stripe.js', '/v3/stripe.js', '/elements/frame.js', '/elements/payment']) {
      const response = await fetch(emulator.url + path);
      const text = await response.text();
      answers[path] = { status: response.status, bytes: text.length, defines: /window\\.Stripe\\s*=/.test(text), page: text.includes('data-element="payment"') };
    }
    await emulator.stop();
    console.log(JSON.stringify({ esbuild, answers }));
  `;
  const result = JSON.parse(run(process.execPath, ['--input-type=module', '-e', probe], out)) as {
    esbuild: string;
    answers: Record<string, { status: number; bytes: number; defines: boolean; page: boolean }>;
  };
  assert.equal(result.esbuild, 'absent', 'esbuild cannot be imported from the installed package');
  for (const [path, answer] of Object.entries(result.answers)) {
    assert.equal(answer.status, 200, `${path} answers 200`);
    if (path.endsWith('.js')) assert.ok(answer.bytes > 1000, `${path} is a bundled script`);
    if (path.endsWith('stripe.js')) assert.ok(answer.defines, `${path} defines window.Stripe`);
    if (path === '/elements/payment') assert.ok(answer.page, 'the payment iframe page is served');
  }
});
