// `pnpm run setup`: installs the workspace so that it also works on machines that cannot
// download anything but packages. The one native dependency, better-sqlite3 (the SQLite
// ledger), falls back to compiling with node-gyp when its prebuilt binary cannot be
// downloaded; node-gyp then downloads Node's headers, which fails on a closed network.
// When the running Node's own headers are installed locally (Debian's nodejs ships them in
// /usr/include/node), point node-gyp at them. Elsewhere this is a plain `pnpm install`.
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';

function localHeadersVersion(prefix) {
  try {
    const header = readFileSync(`${prefix}/include/node/node_version.h`, 'utf8');
    const part = (name) => header.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
    return `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
  } catch {
    return undefined;
  }
}

const env = { ...process.env };
if (!env.npm_config_nodedir && localHeadersVersion('/usr') === process.versions.node) {
  env.npm_config_nodedir = '/usr';
  console.log('Using the Node headers in /usr/include/node for native builds (npm_config_nodedir=/usr).');
}

// better-sqlite3's install first tries to download a prebuilt binary from GitHub and prints a scary
// "ENOTFOUND github.com" when it cannot. Where GitHub does not resolve, skip straight to the local build.
if (env.npm_config_nodedir && !env.npm_config_build_from_source && !(await resolves('github.com'))) {
  env.npm_config_build_from_source = 'true';
  // SQLite's C sources print pages of harmless compiler warnings that read like a failed install.
  env.CFLAGS = `${env.CFLAGS ?? ''} -w`.trim();
  env.CXXFLAGS = `${env.CXXFLAGS ?? ''} -w`.trim();
  console.log('GitHub is not reachable: compiling the SQLite driver locally (about a minute).');
}

async function resolves(host) {
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 3000).unref());
  return Promise.race([
    lookup(host).then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
}

const args = ['install', ...(process.env.CI ? ['--frozen-lockfile'] : []), ...process.argv.slice(2)];
const result = spawnSync('pnpm', args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
