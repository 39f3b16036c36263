import { randomBytes } from 'node:crypto';
import { startEmulator } from '@checkout-element/emulator';
import { startWordPressSite } from '@checkout-element/wordpress-plugin/test-site';
import { FulfilmentProbe } from './probe.js';
import type { Target } from './target.js';

/**
 * The WordPress plugin on a real WordPress (Debian's package, MariaDB, PHP's built-in server with four workers),
 * keys in wp-config.php constants, the allowlist saved in its settings. Its `checkout_element_fulfil` action is
 * observed by a test mu-plugin that reports to the probe (and throws when the probe refuses).
 */
export async function startWordPressTarget(): Promise<Target> {
  const emulator = await startEmulator({});
  const probe = await FulfilmentProbe.start();
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  try {
    const site = await startWordPressSite({
      stripeApiBase: emulator.url,
      stripeJsUrl: `${emulator.url}/endive/stripe.js`,
      probeUrl: probe.url,
      constants: {
        CHECKOUT_ELEMENT_SECRET_KEY: emulator.secretKey,
        CHECKOUT_ELEMENT_PUBLISHABLE_KEY: emulator.publishableKey,
        CHECKOUT_ELEMENT_WEBHOOK_SECRET: webhookSecret,
        CHECKOUT_ELEMENT_RATE_LIMIT: 0,
      },
    });
    await site.configure({
      pages: [{ slug: 'thanks', title: 'Thank you', content: '' }],
      settings: {
        returnPageSlug: 'thanks',
        prices: [{ id: 'price_demo_tshirt', max: 10 }, { id: 'price_demo_mug' }],
      },
    });
    return {
      name: 'wordpress (checkout-element plugin)',
      base: site.restBase,
      allowedOrigin: site.url,
      webhookSecret,
      emulator,
      sellable: 'price_demo_tshirt',
      sellableMax: 10,
      otherSellable: 'price_demo_mug',
      notForSale: 'price_demo_stickers',
      secrets: [emulator.secretKey, webhookSecret],
      notApplicable: {},
      refuseFulfilment: (sessionId, times) => probe.refuse(sessionId, times),
      // The hook runs inside the request that claimed it: once every request has answered, the count is final.
      fulfilments: async (sessionId) => probe.count(sessionId),
      async stop() {
        const noise = await site.pluginDebugLines();
        await site.stop();
        await probe.stop();
        await emulator.stop();
        if (noise.length > 0) {
          throw new Error(`The plugin wrote PHP warnings/notices under WP_DEBUG:\n${noise.join('\n')}`);
        }
      },
    };
  } catch (error) {
    await probe.stop();
    await emulator.stop();
    throw error;
  }
}
