// Browser-side helpers shared by the test files: the emulator's stand-in, sessions from the test server, waits.
import { fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { CheckoutState } from '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';

export interface TestConfig {
  emulatorUrl: string;
  publishableKey: string;
}

export type { SessionCreated as SessionAnswer } from '@checkout-element/protocol';
import type { SessionCreated as SessionAnswer } from '@checkout-element/protocol';

let config: Promise<TestConfig> | null = null;

export function testConfig(): Promise<TestConfig> {
  config ??= fetch('/__checkout/config').then((response) => response.json() as Promise<TestConfig>);
  return config;
}

/** Adds the emulator's Stripe.js stand-in to the page, as a page that includes Stripe.js itself would. */
export async function loadStandIn(version: 'endive' | 'clover' = 'endive'): Promise<void> {
  if (window.Stripe) return;
  const { emulatorUrl } = await testConfig();
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${emulatorUrl}/${version}/stripe.js`;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${script.src}`));
    document.head.append(script);
  });
}

export async function createSession(query = ''): Promise<SessionAnswer> {
  const response = await fetch(`/__checkout/sessions?${query}`, { method: 'POST', body: '{}' });
  if (!response.ok) throw new Error(`test server: ${response.status} ${await response.text()}`);
  return (await response.json()) as SessionAnswer;
}

/**
 * A `<stripe-checkout>` whose `fetchClientSecret` stays pending until the test calls `release` with the secret of a
 * session created for it (`query` as for `createSession`).
 */
export async function checkoutWithPendingSecret(
  query = 'email=buyer@example.com',
): Promise<{ element: StripeCheckout; release: () => void }> {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession(query);
  let resolveSecret: (secret: string) => void = () => {};
  const pending = new Promise<string>((resolve) => {
    resolveSecret = resolve;
  });
  const element = await fixture<StripeCheckout>(
    html`<stripe-checkout publishable-key=${publishableKey} .fetchClientSecret=${() => pending}></stripe-checkout>`,
  );
  return { element, release: () => resolveSecret(clientSecret) };
}

export async function waitFor(condition: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function waitForState(
  element: StripeCheckout,
  state: CheckoutState,
  timeout = 15_000,
): Promise<void> {
  await waitFor(
    () => element.state === state,
    `state "${state}" (is "${element.state}"; error: ${errorText(element) || 'none'})`,
    timeout,
  );
  await element.updateComplete;
}

export function nextEvent<T>(target: EventTarget, type: string, timeout = 15_000): Promise<CustomEvent<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeout} ms`)), timeout);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as CustomEvent<T>);
      },
      { once: true },
    );
  });
}

export function part(element: HTMLElement, name: string): HTMLElement | null {
  return element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}

export function errorText(element: HTMLElement): string {
  return part(element, 'error')?.textContent?.trim() ?? '';
}

/** The light-DOM node Stripe mounted into for one slot, found through the slot chain. */
export function mountFor(element: StripeCheckout, slot: string): HTMLElement | undefined {
  const target = element.shadowRoot?.querySelector<HTMLSlotElement>(`slot[name="${slot}"]`);
  return target?.assignedElements({ flatten: true })[0] as HTMLElement | undefined;
}

export async function fillCard(element: StripeCheckout, number = '4242 4242 4242 4242'): Promise<void> {
  const mount = mountFor(element, 'stripe-payment');
  if (!mount) throw new Error('no payment element is mounted');
  await executeServerCommand('checkout:fill-card', { mount: mount.id, number });
}

export async function completeChallenge(result: 'Complete' | 'Fail'): Promise<void> {
  await executeServerCommand('checkout:challenge', { result });
}

export function payButton(element: StripeCheckout): HTMLButtonElement {
  const button = part(element, 'pay-button');
  if (!(button instanceof HTMLButtonElement)) throw new Error(`no pay button (state ${element.state})`);
  return button;
}

/** The stand-in's read-only view of what its SDK instances and iframes hold. */
export function standIn() {
  const view = (window as unknown as { __stripeEmulator?: StandInDebug }).__stripeEmulator;
  if (!view) throw new Error('the Stripe.js stand-in is not loaded');
  return view;
}

interface StandInDebug {
  version: string;
  instances(): Array<{
    appearance: { theme?: string; variables?: Record<string, string> };
    elements: Array<{ slot: string; mounted: boolean; ready: boolean }>;
  }>;
  appliedAppearance(slot: string): { theme?: string; variables?: Record<string, string> } | null;
}
