// The emulator alone in its own process: it stands in for Stripe, which is never on the companion's machine.
import { startEmulator } from '@checkout-element/emulator';
import type { ChildReady } from '../processes.js';

const emulator = await startEmulator({ port: 0 });
process.send?.({ type: 'ready', url: emulator.url } satisfies ChildReady);

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') void emulator.stop().finally(() => process.exit(0));
});

// The benchmark died without stopping us: do not linger as an orphan holding a port.
process.on('disconnect', () => process.exit(1));
