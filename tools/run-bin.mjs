// `pnpm emulator …` and `pnpm checkout-server …` from the repository root: runs a workspace package's CLI from its
// built `dist/` with the arguments given, the same program `npx stripe-emulator` / `npx checkout-server` runs for
// someone who installed the published package. Says what to do when the package has not been built yet.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [packageDirectory, binName, ...args] = process.argv.slice(2);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const manifestPath = join(root, packageDirectory, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const bin = join(root, packageDirectory, manifest.bin[binName]);
if (!existsSync(bin)) {
  console.error(`${binName} is not built yet (${bin} is missing): run \`pnpm build\` first.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
