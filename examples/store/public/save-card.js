import { loadStoreConfig, showModeBanner } from './shared.js';

const config = await loadStoreConfig();
showModeBanner(config);

const checkout =
  /** @type {HTMLElement & { publishableKey: string, fetchClientSecret: () => Promise<string> }} */ (
    document.createElement('stripe-checkout')
  );
// A setup-mode session sells nothing, so the request carries no `items`. (`session-endpoint` always sends an
// `items` array, which the companion server's setup mode refuses; `fetchClientSecret` sends exactly this body.)
checkout.publishableKey = config.publishableKey;
checkout.fetchClientSecret = async () => {
  const response = await fetch('/api/save-card/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`The companion server answered ${response.status}.`);
  return (await response.json()).clientSecret;
};
document.getElementById('save-card-host')?.append(checkout);
