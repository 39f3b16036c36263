import { loadStoreConfig, showModeBanner } from './shared.js';

const config = await loadStoreConfig();
showModeBanner(config);

// A setup-mode session sells nothing: the element posts an empty cart, which the setup-mode router accepts.
const checkout = document.createElement('stripe-checkout');
checkout.setAttribute('session-endpoint', '/api/save-card/sessions');
document.getElementById('save-card-host')?.append(checkout);
