import { request as httpRequest } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
}

export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/**
 * One HTTP request with nothing added or normalised: the path goes out byte for byte (bad percent-encoding
 * included), any header can be set (`Origin` too), and the answer's headers are lower-cased.
 */
export function send(url: string, method: string, options: RequestOptions = {}): Promise<Answer> {
  const target = new URL(url);
  // `new URL` keeps `%zz` as written, but re-encode nothing else: take the path from the string itself.
  const rawPath = url.slice(url.indexOf('/', url.indexOf('//') + 2));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: rawPath,
        headers: {
          ...(options.body !== undefined
            ? { 'Content-Length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: incoming.statusCode ?? 0, headers, text, json });
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A server may close the connection right after answering a too-large body (413): that is allowed.
      reject(error);
    });
    if (options.body !== undefined) outgoing.write(options.body);
    outgoing.end();
  });
}
