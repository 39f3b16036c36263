// Serves the built app (dist/) and, on a second origin, the companion server it talks to, on the offline
// emulator (see tools/example-companion). In your own project the app is served however you like and the
// companion server is `checkoutRouter` in your backend (or the `checkout-server` CLI).
import { fileURLToPath } from 'node:url';
import { serveOfflineExample } from '@checkout-element/example-companion';

await serveOfflineExample({
  name: process.env.EXAMPLE_NAME ?? 'React example',
  defaultPort: 3300,
  distDir: fileURLToPath(new URL('../dist/', import.meta.url)),
});
