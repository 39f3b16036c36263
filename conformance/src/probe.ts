import { createServer, type Server } from 'node:http';

/**
 * The test's view of fulfilment: every implementation reports each run of its fulfilment hook here (the Node
 * server through its FULFILMENT_URL outbox, the WordPress plugin through a test mu-plugin on its
 * `checkout_element_fulfil` action), so exactly-once is counted from outside. `refuse()` makes the next reports for
 * a session fail, which makes a synchronous hook throw.
 */
export class FulfilmentProbe {
  readonly url: string;
  private readonly runs = new Map<string, number>();
  private readonly refusals = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    port: number,
  ) {
    this.url = `http://127.0.0.1:${port}/fulfilments`;
  }

  static async start(): Promise<FulfilmentProbe> {
    let probe: FulfilmentProbe | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        let sessionId = '';
        let hook = 'fulfil';
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            sessionId?: unknown;
            hook?: unknown;
            type?: unknown;
          };
          sessionId = typeof body.sessionId === 'string' ? body.sessionId : '';
          if (typeof body.hook === 'string') hook = body.hook;
        } catch {
          // counted as nothing
        }
        const key = `${hook}:${sessionId}`;
        const refusals = probe?.refusals.get(sessionId) ?? 0;
        if (refusals > 0) {
          probe?.refusals.set(sessionId, refusals - 1);
          response.writeHead(500).end('refused by the test');
          return;
        }
        probe?.runs.set(key, (probe.runs.get(key) ?? 0) + 1);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('probe did not bind');
    probe = new FulfilmentProbe(server, address.port);
    return probe;
  }

  /** How many times `hook` ran for a session, as reported so far. */
  count(sessionId: string, hook = 'fulfil'): number {
    return this.runs.get(`${hook}:${sessionId}`) ?? 0;
  }

  /** The next `times` reports for a session answer 500. */
  refuse(sessionId: string, times = 1): void {
    this.refusals.set(sessionId, times);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
