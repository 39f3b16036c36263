import { mkdir, writeFile } from 'node:fs/promises';
import { type Browser, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { type ConfigureInput, configureSite, type SiteUser } from '../../test-site/site.js';

export interface E2ESite {
  readonly url: string;
  readonly dir: string;
  readonly zip: string;
  readonly admin: SiteUser;
  readonly editor: SiteUser;
  readonly subscriber: SiteUser;
  readonly emulator: { readonly url: string; readonly secretKey: string; readonly publishableKey: string };
  readonly webhookSecret: string;
}

/** The site global-setup.ts started. */
export function e2eSite(): E2ESite {
  const raw = process.env.CHECKOUT_ELEMENT_E2E_SITE;
  if (!raw) throw new Error('CHECKOUT_ELEMENT_E2E_SITE is not set: run with -c e2e/playwright.config.ts');
  return JSON.parse(raw) as E2ESite;
}

export function configure(input: ConfigureInput) {
  const site = e2eSite();
  return configureSite(site.dir, site.url, input);
}

/** The shop's configuration: emulator keys in the settings, two prices for sale, a return page. */
export async function configureShop(): Promise<Record<string, { id: number; url: string }>> {
  const site = e2eSite();
  const { pages } = await configure({
    pages: [
      {
        slug: 'thanks',
        title: 'Thank you',
        content: '<!-- wp:paragraph --><p>Thanks for shopping with us.</p><!-- /wp:paragraph -->',
      },
      {
        slug: 'tshirt',
        title: 'Emulator T-shirt',
        content:
          '<!-- wp:paragraph --><p>Our softest T-shirt.</p><!-- /wp:paragraph -->\n<!-- wp:checkout-element/checkout {"price":"price_demo_tshirt","quantity":2,"redirect":"always"} /-->',
      },
      {
        slug: 'mug',
        title: 'Emulator Mug',
        content:
          '<!-- wp:shortcode -->[stripe_checkout price="price_demo_mug" quantity="1" theme="flat"]<!-- /wp:shortcode -->',
      },
      {
        slug: 'bundle',
        title: 'Two checkouts',
        content:
          '<!-- wp:checkout-element/checkout {"price":"price_demo_tshirt"} /-->\n<!-- wp:paragraph --><p>Or a mug:</p><!-- /wp:paragraph -->\n<!-- wp:checkout-element/checkout {"price":"price_demo_mug","theme":"night"} /-->',
      },
    ],
    settings: {
      mode: 'test',
      publishable_key: site.emulator.publishableKey,
      secret_key: site.emulator.secretKey,
      webhook_secret: site.webhookSecret,
      returnPageSlug: 'thanks',
      prices: [{ id: 'price_demo_tshirt', max: 5 }, { id: 'price_demo_mug' }],
    },
  });
  return pages;
}

export async function logIn(browser: Browser, user: SiteUser): Promise<Page> {
  const site = e2eSite();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/wp-login.php`);
  await page.locator('#user_login').fill(user.login);
  await page.locator('#user_pass').fill(user.password);
  await page.locator('#wp-submit').click();
  await expect(page.locator('#wpadminbar')).toBeVisible();
  return page;
}

const docsDir = new URL('../../docs/', import.meta.url);

/** Saves a screenshot as a test artifact; with WP_UPDATE_DOCS=1 (`pnpm docs:screenshots`) also as docs/<name>.png. */
export async function saveScreenshot(
  target: Page | Locator,
  testInfo: TestInfo,
  name: string,
): Promise<void> {
  const body = await target.screenshot({ animations: 'disabled' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  if (process.env.WP_UPDATE_DOCS === '1') {
    await mkdir(docsDir, { recursive: true });
    await writeFile(new URL(`${name}.png`, docsDir), body);
  }
}

/** Deliveries of `eventType` about one session, from the emulator's delivery log. */
export async function deliveriesFor(sessionId: string, eventType: string): Promise<Array<{ state: string }>> {
  const site = e2eSite();
  const call = async (path: string) =>
    (await (
      await fetch(`${site.emulator.url}${path}`, {
        headers: { Authorization: `Bearer ${site.emulator.secretKey}` },
      })
    ).json()) as never;
  const { data } = (await call('/_emulator/webhooks/deliveries')) as {
    data: Array<{ eventId: string; eventType: string; state: string }>;
  };
  const matching: Array<{ state: string }> = [];
  for (const delivery of data) {
    if (delivery.eventType !== eventType) continue;
    const event = (await call(`/v1/events/${delivery.eventId}`)) as { data: { object: { id: string } } };
    if (event.data.object.id === sessionId) matching.push(delivery);
  }
  return matching;
}
