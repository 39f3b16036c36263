// Runs the PHP unit tests (Debian's phpunit) inside a real WordPress: installs a throw-away site with the plugin
// active (MariaDB, no web server needed for most tests), then `phpunit` with CHECKOUT_ELEMENT_WP_DIR pointing at it.
// Stripe's currency lists go along from @checkout-element/protocol, the TypeScript source of truth, so
// tests/php/CurrencyTest.php can check the plugin's PHP copy against them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { threeDecimalCurrencies, zeroDecimalCurrencies } from '@checkout-element/protocol/currencies';
import { startWordPressSite } from '../test-site/site.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const found = spawnSync('phpunit', ['--version'], { encoding: 'utf8' });
if (found.status !== 0) {
  console.error('phpunit is not installed: apt-get install --no-install-recommends phpunit');
  process.exit(1);
}
const site = await startWordPressSite({
  // Nothing listens on port 9: the client's network failures are tested against it.
  stripeApiBase: 'http://127.0.0.1:9',
  stripeJsUrl: 'http://127.0.0.1:9/endive/stripe.js',
});
let status = 1;
try {
  const result = spawnSync('phpunit', ['-c', `${root}phpunit.xml.dist`], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CHECKOUT_ELEMENT_WP_DIR: site.dir,
      CHECKOUT_ELEMENT_WP_URL: site.url,
      CHECKOUT_ELEMENT_PROTOCOL_CURRENCIES: JSON.stringify({
        zeroDecimal: zeroDecimalCurrencies,
        threeDecimal: threeDecimalCurrencies,
      }),
    },
  });
  status = result.status ?? 1;
  const noise = await site.pluginDebugLines();
  if (noise.length > 0) {
    console.error(`The plugin wrote PHP warnings/notices under WP_DEBUG:\n${noise.join('\n')}`);
    status = 1;
  }
} finally {
  await site.stop();
}
process.exit(status);
