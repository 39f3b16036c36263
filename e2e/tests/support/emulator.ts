import type { APIRequestContext } from '@playwright/test';

export interface EmulatorInfo {
  readonly url: string;
  readonly secretKey: string;
  readonly publishableKey: string;
}

/** One entry of the emulator's webhook delivery log (`GET /_emulator/webhooks/deliveries`). */
export interface WebhookDelivery {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly url: string;
  readonly state: 'pending' | 'succeeded' | 'failed';
}

/** The test controls of the emulator behind a store started with STORE_EXPOSE_EMULATOR=1. */
export class EmulatorControl {
  private constructor(
    private readonly request: APIRequestContext,
    readonly info: EmulatorInfo,
  ) {}

  static async of(request: APIRequestContext, storeUrl: string): Promise<EmulatorControl> {
    const response = await request.get(new URL('/__emulator', storeUrl).toString());
    if (!response.ok())
      throw new Error(
        `GET /__emulator answered ${response.status()}: is the store offline with STORE_EXPOSE_EMULATOR=1?`,
      );
    return new EmulatorControl(request, (await response.json()) as EmulatorInfo);
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await this.request.fetch(`${this.info.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.info.secretKey}` },
      ...(body === undefined ? {} : { data: body }),
    });
    if (!response.ok())
      throw new Error(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
    return response.json();
  }

  advanceClock(seconds: number): Promise<unknown> {
    return this.call('POST', '/_emulator/clock/advance', { seconds });
  }

  fault(route: string, kind: '500' | '429' | 'hang' | 'drop', count: number): Promise<unknown> {
    return this.call('POST', '/_emulator/faults', { route, kind, count });
  }

  latency(route: string, ms: number): Promise<unknown> {
    return this.call('POST', '/_emulator/latency', { route, ms });
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/_emulator/faults');
  }

  async deliveries(): Promise<WebhookDelivery[]> {
    return ((await this.call('GET', '/_emulator/webhooks/deliveries')) as { data: WebhookDelivery[] }).data;
  }

  /** Deliveries of `eventType` about one Checkout Session (the event's `data.object.id`). */
  async deliveriesFor(sessionId: string, eventType: string): Promise<WebhookDelivery[]> {
    const matching: WebhookDelivery[] = [];
    for (const delivery of await this.deliveries()) {
      if (delivery.eventType !== eventType) continue;
      const event = (await this.call('GET', `/v1/events/${delivery.eventId}`)) as {
        data: { object: { id: string } };
      };
      if (event.data.object.id === sessionId) matching.push(delivery);
    }
    return matching;
  }
}
