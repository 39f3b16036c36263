import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@checkout-element/emulator';
import { startWordPressSite } from '../test-site/site.js';
import type { E2ESite } from './support/site.js';

/**
 * Starts the emulator (every webhook delivered three times, as Stripe's at-least-once delivery may) and a fresh
 * WordPress without the plugin; the `install` project installs it from the zip. Tests read the details from
 * CHECKOUT_ELEMENT_E2E_SITE.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const zip = fileURLToPath(new URL('../dist/checkout-element.zip', import.meta.url));
  if (!existsSync(zip)) {
    throw new Error(
      'dist/checkout-element.zip is missing: run `pnpm --filter @checkout-element/wordpress-plugin build` first.',
    );
  }
  const emulator = await startEmulator({ webhooks: { duplicates: 3 } });
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const site = await startWordPressSite({
    stripeApiBase: emulator.url,
    stripeJsUrl: `${emulator.url}/endive/stripe.js`,
    plugin: 'none',
  });
  emulator.webhooks.addEndpoint({ url: `${site.restBase}/webhook`, secret: webhookSecret });
  const details: E2ESite = {
    url: site.url,
    dir: site.dir,
    zip,
    admin: site.admin,
    editor: site.editor,
    subscriber: site.subscriber,
    emulator: { url: emulator.url, secretKey: emulator.secretKey, publishableKey: emulator.publishableKey },
    webhookSecret,
  };
  process.env.CHECKOUT_ELEMENT_E2E_SITE = JSON.stringify(details);
  return async () => {
    const noise = await site.pluginDebugLines();
    await site.stop();
    await emulator.stop();
    if (noise.length > 0)
      throw new Error(`The plugin wrote PHP warnings/notices under WP_DEBUG:\n${noise.join('\n')}`);
  };
}
