import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stable address in front of a process that restarts (on a new port): the emulator delivers webhooks here.
 * While the target is down the proxy answers 502, which the emulator treats as a failed delivery to retry.
 */
export async function startProxy(): Promise<{
  url: string;
  target: (port: number | undefined) => void;
  close(): Promise<void>;
}> {
  let targetPort: number | undefined;
  const server = createServer((incoming, outgoing) => {
    if (targetPort === undefined) {
      outgoing.statusCode = 502;
      outgoing.end();
      incoming.resume();
      return;
    }
    const forwarded = request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.statusCode = 502;
      outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target: (port) => {
      targetPort = port;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
