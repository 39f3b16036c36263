import type { Page } from '@playwright/test';

/**
 * Collects what a page owner would see go wrong in DevTools: CSP violation reports, console errors and uncaught
 * exceptions, from every frame of the page.
 */
export async function watchPageHealth(page: Page): Promise<{ problems: () => Promise<string[]> }> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  await page.addInitScript(() => {
    const reports: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = reports;
    document.addEventListener('securitypolicyviolation', (event) => {
      reports.push(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return {
    async problems() {
      const frames = page.frames();
      const csp = await Promise.all(
        frames.map((frame) =>
          frame
            .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
            .catch(() => [] as string[]),
        ),
      );
      return [...problems, ...csp.flat()];
    },
  };
}
