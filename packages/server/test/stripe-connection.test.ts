import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '@checkout-element/emulator';
import { createCheckoutHandler } from '../src/index.js';
import { handlerDefaults, PRICES, SECRET_KEY, SHOP_ORIGIN } from './support/stack.js';

/**
 * The server's calls to Stripe reuse their connections: a session creation pays one round trip, not a TCP (and, at
 * api.stripe.com, a TLS) handshake first. stripe-node's Node HTTP client uses its own `http.Agent({ keepAlive: true })`
 * when it is given none (stripe@23.1.0, esm/net/NodeHttpClient.js `defaultHttpAgent`); this holds that the client
 * the server builds from `secretKey` keeps that so. Counted at the TCP level, in a pass-through in front of the
 * emulator.
 */
describe('the Stripe client the server builds', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let relay: ReturnType<typeof createServer>;
  let connections = 0;
  const sockets = new Set<Socket>();
  before(async () => {
    emulator = await startEmulator({ port: 0, secretKey: SECRET_KEY });
    const target = new URL(emulator.url);
    relay = createServer((incoming) => {
      connections += 1;
      const outgoing = connect(Number(target.port), target.hostname);
      for (const socket of [incoming, outgoing]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      }
      incoming.pipe(outgoing).pipe(incoming);
    });
    relay.listen(0, '127.0.0.1');
    await once(relay, 'listening');
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
    await emulator.stop();
  });

  it('keeps its connection to Stripe alive across session creations and lookups', async () => {
    const { port } = relay.address() as AddressInfo;
    const handler = createCheckoutHandler({
      secretKey: SECRET_KEY,
      apiBase: `http://127.0.0.1:${port}`,
      ...handlerDefaults(),
    });
    // One after another, as one buyer after another: each call finds the previous call's connection idle.
    for (let i = 0; i < 5; i++) {
      const created = await handler(
        new Request(`${SHOP_ORIGIN}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
          body: JSON.stringify({ items: [{ price: PRICES.tshirt, quantity: 1 }] }),
        }),
      );
      assert.equal(created.status, 200);
      const { sessionId } = (await created.json()) as { sessionId: string };
      const status = await handler(new Request(`${SHOP_ORIGIN}/sessions/${sessionId}`));
      assert.equal(status.status, 200);
    }
    assert.equal(connections, 1, 'ten Stripe calls, one connection');
  });
});
