// Builds the installable plugin: copies the element's standalone bundle (built by `pnpm build` in
// packages/element) and the language chunks it imports (`./chunks/<locale>.js`, fetched only on pages in that
// language) into checkout-element/assets/js/, writes its version file (a content hash, so browsers never
// keep a stale copy), and zips the plugin folder as dist/checkout-element.zip for wp-admin's "Upload Plugin".
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = `${root}checkout-element/`;

let standalone;
try {
  standalone = fileURLToPath(import.meta.resolve('@checkout-element/element/standalone'));
} catch {
  standalone = undefined;
}
if (!standalone || !existsSync(standalone)) {
  console.error(
    'The element is not built: run `pnpm build` at the repository root first (it writes packages/element/dist/stripe-checkout.js).',
  );
  process.exit(1);
}
const elementPackage = JSON.parse(
  await readFile(fileURLToPath(import.meta.resolve('@checkout-element/element/package.json')), 'utf8'),
);
const bundle = await readFile(standalone);
const version = `${elementPackage.version}-${createHash('sha256').update(bundle).digest('hex').slice(0, 12)}`;

await mkdir(`${plugin}assets/js`, { recursive: true });
await copyFile(standalone, `${plugin}assets/js/stripe-checkout.js`);
// The bundle imports its language catalogs relative to itself: they go beside it, or a French site stays English.
await rm(`${plugin}assets/js/chunks`, { recursive: true, force: true });
await mkdir(`${plugin}assets/js/chunks`, { recursive: true });
const chunks = [
  ...bundle.toString('utf8').matchAll(/import\(\s*[`'"]\.\/chunks\/([\w-]+\.js)[`'"]\s*\)/g),
].map((match) => match[1]);
for (const chunk of chunks) {
  await copyFile(new URL(`chunks/${chunk}`, pathToFileURL(standalone)), `${plugin}assets/js/chunks/${chunk}`);
}
await writeFile(
  `${plugin}assets/js/stripe-checkout.asset.php`,
  `<?php\n/**\n * Written by scripts/build.mjs: the version of the bundled <stripe-checkout> element.\n *\n * @package CheckoutElement\n */\n\nreturn array(\n\t'version' => '${version}',\n\t'element' => '${elementPackage.version}',\n);\n`,
);
console.log(
  `assets/js/stripe-checkout.js: ${bundle.length} bytes, version ${version}; ${chunks.length} language chunks`,
);

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
