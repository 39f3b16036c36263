// Proves the publishable packages work as published, from their tarballs, in a project outside the workspace
// (workspace links hide missing `files`, wrong `exports` and undeclared dependencies):
//   - `pnpm pack` each package; publint and arethetypeswrong on each tarball report no error;
//   - `npm install` the tarballs into a scratch project in the OS temp directory;
//   - the element imports in a Vite app build, and its types (and the others') resolve under
//     `moduleResolution: bundler` and `node16`;
//   - `npx checkout-server --help` and `npx stripe-emulator --help` run from the installed tarballs;
//   - the server's core entry imports with no better-sqlite3, pg or express installed (optional peers).
// Needs `pnpm build` first and the npm registry for the tarballs' dependencies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const packages = ['protocol', 'element', 'server', 'emulator'];
const scratch = mkdtempSync(join(tmpdir(), 'checkout-element-pack-'));
const tarballs = join(scratch, 'tarballs');
mkdirSync(tarballs);

let failures = 0;
function step(name, action) {
  process.stdout.write(`- ${name} … `);
  try {
    action();
    console.log('ok');
  } catch (error) {
    failures += 1;
    console.log('FAILED');
    const output = [error.stdout, error.stderr].filter(Boolean).map(String).join('\n').trim();
    console.log((output || String(error.message)).replace(/^/gm, '    '));
  }
}
const run = (command, args, options = {}) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
const bin = (name) => join(here, 'node_modules', '.bin', name);

const tarballOf = {};
for (const name of packages) {
  const directory = join(root, 'packages', name);
  step(`pack @checkout-element/${name}`, () => {
    const before = new Set(readdirSync(tarballs));
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: directory });
    const created = readdirSync(tarballs).find((file) => !before.has(file));
    if (!created) throw new Error('pnpm pack wrote no tarball');
    tarballOf[name] = join(tarballs, created);
  });
  if (!tarballOf[name]) continue;
  step(`publint @checkout-element/${name}`, () => {
    const output = run(bin('publint'), ['--strict', '--pack', 'pnpm'], { cwd: directory });
    if (/error|warning/i.test(output) && !/All good/i.test(output)) throw new Error(output);
  });
  step(`arethetypeswrong @checkout-element/${name}`, () => {
    // ESM-only packages: CommonJS `require` consumers are out of scope (profile esm-only).
    run(bin('attw'), [tarballOf[name], '--profile', 'esm-only', '--format', 'ascii']);
  });
}

const project = join(scratch, 'app');
mkdirSync(join(project, 'src'), { recursive: true });
const dependencies = Object.fromEntries(
  Object.entries(tarballOf).map(([name, file]) => [`@checkout-element/${name}`, `file:${file}`]),
);
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify(
    {
      name: 'pack-check-app',
      private: true,
      type: 'module',
      dependencies,
      devDependencies: { typescript: '~5.9.3', vite: '^8.3.0', '@types/node': '^20.19.0' },
      // The scratch project must not inherit the workspace's overrides or lockfile.
    },
    null,
    2,
  ),
);

step('npm install the tarballs outside the workspace', () => {
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
});

// A project of its own for the core: the emulator (installed above) depends on express itself.
const coreProject = join(scratch, 'core-only');
mkdirSync(coreProject);
writeFileSync(
  join(coreProject, 'package.json'),
  JSON.stringify({
    name: 'pack-check-core',
    private: true,
    type: 'module',
    dependencies: {
      '@checkout-element/server': dependencies['@checkout-element/server'],
      '@checkout-element/protocol': dependencies['@checkout-element/protocol'],
    },
  }),
);
step('the server core imports without better-sqlite3, pg or express installed', () => {
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: coreProject });
  for (const absent of ['better-sqlite3', 'pg']) {
    const present = readdirSync(join(coreProject, 'node_modules')).includes(absent);
    if (present) throw new Error(`${absent} was installed although it is an optional peer`);
  }
  // npm installs express anyway: express-rate-limit (a dependency, used by ./express) declares it as a required
  // peer. The core must not need it, so it goes before the import.
  rmSync(join(coreProject, 'node_modules', 'express'), { recursive: true, force: true });
  run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const core = await import('@checkout-element/server'); if (typeof core.createCheckoutHandler !== 'function') throw new Error('no createCheckoutHandler');",
    ],
    { cwd: coreProject },
  );
});

step('npx checkout-server --help', () => {
  const output = run('npx', ['--no-install', 'checkout-server', '--help'], { cwd: project });
  if (!/checkout-server/.test(output)) throw new Error(output);
});
step('npx stripe-emulator --help', () => {
  const output = run('npx', ['--no-install', 'stripe-emulator', '--help'], { cwd: project });
  if (!/stripe-emulator/.test(output)) throw new Error(output);
});

writeFileSync(
  join(project, 'index.html'),
  '<!doctype html><script type="module" src="/src/main.ts"></script><stripe-checkout client-secret="cs_test_x_secret_y"></stripe-checkout>',
);
writeFileSync(
  join(project, 'src', 'main.ts'),
  [
    "import '@checkout-element/element';",
    "import type { StripeCheckout } from '@checkout-element/element';",
    "import type { SessionCreated } from '@checkout-element/protocol';",
    "const element = document.querySelector('stripe-checkout') as StripeCheckout;",
    'const answer: Partial<SessionCreated> = {};',
    'console.log(element.tagName, answer);',
    '',
  ].join('\n'),
);
step('the element builds in a Vite app', () => {
  run(join(project, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], { cwd: project });
  const assets = readdirSync(join(project, 'dist', 'assets'));
  // The app's entry chunk holds the element; the element's language catalogs are lazy chunks of their own beside it
  // (an English page never loads them), so look at every chunk, not the first one.
  const scripts = assets.filter((file) => file.endsWith('.js'));
  const read = (file) => readFileSync(join(project, 'dist', 'assets', file), 'utf8');
  if (!scripts.some((file) => read(file).includes('stripe-checkout')))
    throw new Error(`no bundle with the element in ${assets.join(', ')}`);
  if (!scripts.some((file) => file.startsWith('fr-')))
    throw new Error(`the element's French catalog is not a chunk of its own: ${assets.join(', ')}`);
});

writeFileSync(
  join(project, 'src', 'types.ts'),
  [
    "import type { StripeCheckout } from '@checkout-element/element';",
    "import type { SessionStatus } from '@checkout-element/protocol';",
    "import { createCheckoutHandler } from '@checkout-element/server';",
    "import { startEmulator } from '@checkout-element/emulator';",
    'export type Used = [StripeCheckout, SessionStatus, typeof createCheckoutHandler, typeof startEmulator];',
    '',
  ].join('\n'),
);
for (const resolution of ['bundler', 'node16']) {
  step(`types resolve under moduleResolution ${resolution}`, () => {
    const module = resolution === 'bundler' ? 'esnext' : 'node16';
    run(
      join(project, 'node_modules', '.bin', 'tsc'),
      [
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        'false',
        '--module',
        module,
        '--moduleResolution',
        resolution,
        '--target',
        'es2022',
        '--lib',
        'es2023,dom,dom.iterable',
        '--types',
        'node',
        join(project, 'src', 'types.ts'),
      ],
      { cwd: project },
    );
  });
}

if (failures === 0) rmSync(scratch, { recursive: true, force: true });
else console.log(`\nThe scratch project is kept for inspection: ${project}`);
console.log(failures === 0 ? '\nAll packages work as published.' : `\n${failures} check(s) failed.`);
process.exit(failures === 0 ? 0 : 1);
