// Parent side of one iframe: creates it on the emulator's origin, queues messages until its script has loaded,
// accepts messages only from that iframe's window on that origin, and sizes it to the height it reports.
import type { CollectResult, Envelope, FrameKind, FromFrame, ToFrame } from './protocol.js';
import { isEnvelope } from './protocol.js';

// Teardown must release everything: the page's `message` listener exists only while some iframe is hosted,
// and the registry holds hosts weakly. A host lives as long as its <iframe> (which points to it), so an
// iframe the page removed without unmounting is collected with its host, and the registry entry and
// listener go with them.
const hosts = new Map<string, WeakRef<FrameHost>>();
const HOST = Symbol('stripeEmulatorFrameHost');
let nextChannel = 0;

function onMessage(event: MessageEvent): void {
  if (!isEnvelope(event.data)) return;
  const host = hosts.get(event.data.channel)?.deref();
  if (!host || event.origin !== host.origin || event.source !== host.iframe.contentWindow) return;
  host.receive(event.data.message as FromFrame);
}

function register(host: FrameHost): void {
  if (hosts.size === 0) window.addEventListener('message', onMessage);
  hosts.set(host.channel, new WeakRef(host));
  collected.register(host, host.channel, host);
}

function unregister(channel: string): void {
  if (!hosts.delete(channel)) return;
  if (hosts.size === 0) window.removeEventListener('message', onMessage);
}

const collected = new FinalizationRegistry<string>(unregister);

export interface FrameHostOptions {
  origin: string;
  kind: FrameKind;
  title: string;
  onMessage: (message: FromFrame) => void;
}

export class FrameHost {
  readonly origin: string;
  readonly iframe: HTMLIFrameElement;
  readonly channel: string;
  readonly #onMessage: (message: FromFrame) => void;
  #loaded = false;
  #queue: ToFrame[] = [];
  #nextRequest = 0;
  readonly #pending = new Map<number, (result: CollectResult) => void>();

  constructor({ origin, kind, title, onMessage }: FrameHostOptions) {
    this.origin = origin;
    this.#onMessage = onMessage;
    nextChannel += 1;
    this.channel = `${kind}-${nextChannel}-${Math.random().toString(36).slice(2, 10)}`;
    const parentOrigin = window.location.origin;
    const src = new URL(`/elements/${kind}`, origin);
    src.searchParams.set('channel', this.channel);
    src.searchParams.set('parentOrigin', parentOrigin);
    const iframe = document.createElement('iframe');
    iframe.name = `__privateStripeFrame${nextChannel}`;
    iframe.title = title;
    iframe.src = src.toString();
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('scrolling', 'no');
    iframe.setAttribute('allow', 'payment *');
    iframe.dataset.stripeEmulatorFrame = kind;
    iframe.style.cssText =
      'border: 0 !important; margin: 0 !important; padding: 0 !important; width: 100% !important; ' +
      'min-width: 100% !important; display: block !important; overflow: hidden !important; height: 1px;';
    this.iframe = iframe;
    (iframe as HTMLIFrameElement & { [HOST]?: FrameHost })[HOST] = this;
    register(this);
  }

  receive(message: FromFrame): void {
    if (message.kind === 'loaded') {
      this.#loaded = true;
      const queued = this.#queue;
      this.#queue = [];
      for (const pending of queued) this.#post(pending);
      return;
    }
    if (message.kind === 'height') {
      this.iframe.style.height = `${Math.ceil(message.height)}px`;
      return;
    }
    if (message.kind === 'collected') {
      this.#pending.get(message.requestId)?.(message.result);
      this.#pending.delete(message.requestId);
      return;
    }
    this.#onMessage(message);
  }

  send(message: ToFrame): void {
    if (this.#loaded) this.#post(message);
    else this.#queue.push(message);
  }

  /** Asks the iframe for its content (the card, the address, the email), validated inside the iframe. */
  collect(): Promise<CollectResult> {
    this.#nextRequest += 1;
    const requestId = this.#nextRequest;
    return new Promise((resolve) => {
      this.#pending.set(requestId, resolve);
      this.send({ kind: 'collect', requestId });
    });
  }

  dispose(): void {
    collected.unregister(this);
    unregister(this.channel);
    for (const resolve of this.#pending.values()) {
      resolve({ ok: false, message: 'The Element was unmounted before it answered.', empty: true });
    }
    this.#pending.clear();
    this.iframe.remove();
  }

  #post(message: ToFrame): void {
    const envelope: Envelope<ToFrame> = { stripeEmulator: 1, channel: this.channel, message };
    this.iframe.contentWindow?.postMessage(envelope, this.origin);
  }
}
