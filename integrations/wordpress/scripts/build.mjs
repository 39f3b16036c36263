// Builds the installable plugin: copies the element's two standalone bundles, the checkout's and the return page's
// (built by `pnpm build` in packages/element), and the language chunks they import (`./chunks/<locale>.js`, fetched only on pages in that
// language) into checkout-element/assets/js/, writes its version file (a content hash, so browsers never
// keep a stale copy), and zips the plugin folder as dist/checkout-element.zip for wp-admin's "Upload Plugin".
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = `${root}checkout-element/`;

/** The element's two single files: the checkout pages' and the return page's (`<stripe-checkout-status>`). */
const files = {
  'stripe-checkout.js': '@checkout-element/element/standalone',
  'stripe-checkout-status.js': '@checkout-element/element/standalone-status',
};
const bundles = {};
for (const [file, specifier] of Object.entries(files)) {
  let path;
  try {
    path = fileURLToPath(import.meta.resolve(specifier));
  } catch {
    path = undefined;
  }
  if (!path || !existsSync(path)) {
    console.error(
      `The element is not built: run \`pnpm build\` at the repository root first (it writes packages/element/dist/${file}).`,
    );
    process.exit(1);
  }
  bundles[file] = { path, code: await readFile(path) };
}
const elementPackage = JSON.parse(
  await readFile(fileURLToPath(import.meta.resolve('@checkout-element/element/package.json')), 'utf8'),
);
// One version for both files: a change in either gives both new URLs, so a browser never mixes two builds.
const hash = createHash('sha256');
for (const { code } of Object.values(bundles)) hash.update(code);
const version = `${elementPackage.version}-${hash.digest('hex').slice(0, 12)}`;

await mkdir(`${plugin}assets/js`, { recursive: true });
// Each bundle imports its language catalogs relative to itself: they go beside it, or a French site stays English.
await rm(`${plugin}assets/js/chunks`, { recursive: true, force: true });
await mkdir(`${plugin}assets/js/chunks`, { recursive: true });
const chunks = new Set();
for (const [file, { path, code }] of Object.entries(bundles)) {
  await copyFile(path, `${plugin}assets/js/${file}`);
  for (const match of code.toString('utf8').matchAll(/import\(\s*[`'"]\.\/chunks\/([\w-]+\.js)[`'"]\s*\)/g)) {
    chunks.add(match[1]);
    await copyFile(
      new URL(`chunks/${match[1]}`, pathToFileURL(path)),
      `${plugin}assets/js/chunks/${match[1]}`,
    );
  }
  console.log(`assets/js/${file}: ${code.length} bytes`);
}
await writeFile(
  `${plugin}assets/js/stripe-checkout.asset.php`,
  `<?php\n/**\n * Written by scripts/build.mjs: the version of the bundled <stripe-checkout> and <stripe-checkout-status> elements.\n *\n * @package CheckoutElement\n */\n\nreturn array(\n\t'version' => '${version}',\n\t'element' => '${elementPackage.version}',\n);\n`,
);
console.log(`version ${version}; ${chunks.size} language chunks`);

try {
  execFileSync('zip', ['-v'], { stdio: 'ignore' });
} catch {
  console.error('`zip` is not installed, so dist/checkout-element.zip cannot be made: apt-get install zip');
  process.exit(1);
}
await mkdir(`${root}dist`, { recursive: true });
await rm(`${root}dist/checkout-element.zip`, { force: true });
// -X: no extra file attributes, so the archive holds what WordPress needs and nothing of this machine.
execFileSync(
  'zip',
  ['-r', '-X', '-q', `${root}dist/checkout-element.zip`, 'checkout-element', '-x', '*.DS_Store'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const size = (await readFile(`${root}dist/checkout-element.zip`)).length;
console.log(`dist/checkout-element.zip: ${size} bytes`);
