// The shop (pages, element files, companion server) and the emulator behind it, in their own process: Playwright
// relays every js.stripe.com request through the benchmark's process, and must not queue behind the servers.
import type { ChildReady } from '../processes.js';
import { startSite } from './site.js';

const site = await startSite();
process.send?.({
  type: 'ready',
  url: site.origin,
  detail: { emulatorUrl: site.emulator.url },
} satisfies ChildReady);

interface Message {
  type?: string;
  script?: number;
  session?: number;
}

process.on('message', (message: Message) => {
  if (message.type === 'latency') {
    site.emulator.faults.clear();
    if (message.script) site.emulator.faults.latency('GET /endive/stripe.js', message.script);
    if (message.session) site.emulator.faults.latency('POST /v1/checkout/sessions', message.session);
    process.send?.({ type: 'latency' });
  }
  if (message.type === 'stop') void site.close().finally(() => process.exit(0));
});

// The benchmark died without stopping us: do not linger as an orphan holding a port.
process.on('disconnect', () => process.exit(1));
