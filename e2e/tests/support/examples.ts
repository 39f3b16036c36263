/**
 * The URL of an example the config started on a free port (or the one set in `name` to test an example running
 * elsewhere). playwright.config.ts sets these variables; a spec run without it has no example to open.
 */
export function exampleUrl(name: 'E2E_CMS_URL' | 'E2E_REACT_URL' | 'E2E_VUE_URL'): string {
  const url = process.env[name];
  if (!url) {
    throw new Error(
      `${name} is not set: run the specs through e2e/playwright.config.ts (pnpm test:e2e), which starts the examples on free ports and sets it, or set it to an example's URL.`,
    );
  }
  return url;
}
