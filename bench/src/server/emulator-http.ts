import { HarnessError } from '../report.js';

/** The few emulator calls the server benchmark makes itself, over HTTP, as any Stripe client would. */
export class EmulatorClient {
  constructor(
    readonly origin: string,
    readonly secretKey: string,
    readonly apiVersion: string,
  ) {}

  get authorization(): Record<string, string> {
    return { Authorization: `Bearer ${this.secretKey}`, 'Stripe-Version': this.apiVersion };
  }

  private async call(
    method: string,
    path: string,
    body?: string,
    type = 'application/x-www-form-urlencoded',
  ) {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: { ...this.authorization, ...(body !== undefined ? { 'Content-Type': type } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    if (!response.ok)
      throw new HarnessError(`emulator ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  createSession(form: string): Promise<Record<string, unknown>> {
    return this.call('POST', '/v1/checkout/sessions', form);
  }

  complete(id: string): Promise<Record<string, unknown>> {
    return this.call(
      'POST',
      `/_emulator/checkout/sessions/${id}/complete`,
      JSON.stringify({ card: '4242424242424242' }),
      'application/json',
    );
  }

  setLatency(route: string, ms: number): Promise<Record<string, unknown>> {
    return this.call('POST', '/_emulator/latency', JSON.stringify({ route, ms }), 'application/json');
  }

  clearFaults(): Promise<Record<string, unknown>> {
    return this.call('DELETE', '/_emulator/faults');
  }
}

/** Runs `task` over `count` indices with at most `concurrency` in flight. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
