// One place that decides which Chromium the browser and end-to-end tests launch.
// Order: $CHROME_PATH, then the usual system Chrome/Chromium locations, then the
// browser Playwright downloaded (if any). Playwright cannot download browsers on
// every machine (closed networks), so a system Chromium is the normal case.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** Flags every launch gets: run as root in CI, no GPU, and no calls home on a closed network. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
]);

export class BrowserNotFoundError extends Error {
  constructor(detail) {
    super(
      `No Chrome or Chromium found for the browser tests${detail ? ` (${detail})` : ''}.\n` +
        '  Install one:  apt-get install -y chromium           (Debian/Ubuntu)\n' +
        '            or  pnpm exec playwright install chromium  (elsewhere)\n' +
        '  or point CHROME_PATH at an existing Chrome/Chromium executable.',
    );
    this.name = 'BrowserNotFoundError';
  }
}

function playwrightBrowser() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {string} the Chromium executable to launch; throws BrowserNotFoundError if none. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new BrowserNotFoundError(`CHROME_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = SYSTEM_LOCATIONS.find((path) => existsSync(path)) ?? playwrightBrowser();
  if (!found) throw new BrowserNotFoundError();
  return found;
}

/** Launch options for Playwright's `chromium.launch()` and web-test-runner's playwrightLauncher. */
export function chromiumLaunchOptions(extra = {}) {
  return {
    headless: true,
    executablePath: findChromium(),
    ...extra,
    args: [...CHROMIUM_ARGS, ...(extra.args ?? [])],
  };
}
