// Runs first in `pnpm test`: make sure a Chromium is there before hundreds of tests
// need one. On Debian/Ubuntu as root it installs the distribution's chromium (what
// .ci/run does too); elsewhere it stops with the command to run.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BrowserNotFoundError, findChromium } from './index.mjs';

function tryFind() {
  try {
    return findChromium();
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined;
    throw error;
  }
}

let path = tryFind();
const canApt = existsSync('/usr/bin/apt-get') && process.getuid?.() === 0 && !process.env.CHROME_PATH;
if (!path && canApt) {
  console.log("No Chrome/Chromium found: installing Debian's chromium (apt-get install -y chromium)…");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  path = tryFind();
}
if (!path) {
  try {
    findChromium();
  } catch (error) {
    console.error(error.message);
  }
  process.exit(1);
}
console.log(`Browser for tests: ${path}`);
