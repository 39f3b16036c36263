// `php -l` over every PHP file of the plugin and its tests, then PHP_CodeSniffer with phpcs.xml.dist (the
// WordPress-style rules PHP_CodeSniffer ships; the WordPress Coding Standards package cannot be installed here).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function phpFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? phpFiles(path) : name.endsWith('.php') ? [path] : [];
  });
}

const files = ['checkout-element', 'test-site', 'tests'].flatMap((dir) => phpFiles(join(root, dir)));
let failed = 0;
for (const file of files) {
  const result = spawnSync('php', ['-l', '-d', 'display_errors=1', file], { encoding: 'utf8' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(result.stdout + result.stderr);
  }
}
console.log(`php -l: ${files.length - failed} of ${files.length} files parse`);
if (failed > 0) process.exit(1);

try {
  execFileSync('phpcs', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('phpcs is not installed: apt-get install --no-install-recommends php-codesniffer');
  process.exit(1);
}
const sniff = spawnSync('phpcs', ['--standard=phpcs.xml.dist', '--report=full'], {
  cwd: root,
  stdio: 'inherit',
});
if (sniff.status !== 0) process.exit(1);
console.log(
  'phpcs: no violations (phpcs.xml.dist; the WordPress Coding Standards ruleset itself is not installable offline)',
);
