// Teardown releases everything: mounting and unmounting the stand-in's Elements many times, or dropping a
// whole Checkout SDK without unmounting, leaves no DOM nodes, documents or window `message` listeners behind.
// Measured with Chrome DevTools Protocol counters after a forced garbage collection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { clientSecretOf, type Harness, startHarness } from './browser-harness.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness?.close();
});

const CYCLES = 15;
/** Nodes a run may differ by without growing with the number of cycles (text nodes, style recalcs). */
const SLACK_NODES = 20;

interface Counters {
  documents: number;
  nodes: number;
  messageListeners: number;
}

async function counters(cdp: CDPSession): Promise<Counters> {
  await cdp.send('HeapProfiler.collectGarbage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  return {
    documents: dom.documents,
    nodes: dom.nodes,
    messageListeners: listeners.filter((listener) => listener.type === 'message').length,
  };
}

/** Counters once they have settled (FinalizationRegistry callbacks run in a task after a collection). */
async function settledCounters(cdp: CDPSession, page: Page, target: Counters): Promise<Counters> {
  const deadline = Date.now() + 10_000;
  let current = await counters(cdp);
  while (
    Date.now() < deadline &&
    (current.messageListeners > target.messageListeners ||
      current.documents > target.documents ||
      current.nodes > target.nodes + SLACK_NODES)
  ) {
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
    current = await counters(cdp);
  }
  return current;
}

/** How many Checkout SDKs `window.__stripeEmulator` still lists (it holds them weakly: collected ones go). */
function listedInstances(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __stripeEmulator: { instances(): unknown[] } }).__stripeEmulator.instances()
        .length,
  );
}

/** The Elements each cycle mounts: every kind the stand-in hosts in an iframe, the newer ones included. */
const KINDS = [
  'createPaymentElement',
  'createBillingAddressElement',
  'createContactDetailsElement',
  'createTaxIdElement',
  'createTermsElement',
  'createLinkSignupElement',
  'createCurrencySelectorElement',
] as const;

/** One checkout: an SDK and one Element of every kind mounted until ready, then torn down. */
function runCycles(page: Page, secret: string, publishableKey: string, count: number, destroy: boolean) {
  return page.evaluate(
    async ({ secret: clientSecret, key, count: cycles, destroy: tidy, kinds }) => {
      type Element = {
        on(type: string, handler: () => void): void;
        mount(node: HTMLElement): void;
        destroy(): void;
      };
      type Sdk = { loadActions(): Promise<{ type: string }> } & Record<string, () => Element>;
      const Stripe = (
        window as unknown as { Stripe(key: string): { initCheckoutElementsSdk(options: object): Sdk } }
      ).Stripe;
      for (let cycle = 0; cycle < cycles; cycle++) {
        const host = document.createElement('section');
        document.body.append(host);
        const sdk = Stripe(key).initCheckoutElementsSdk({ clientSecret });
        const loaded = await sdk.loadActions();
        if (loaded.type !== 'success') throw new Error(`cycle ${cycle}: ${JSON.stringify(loaded)}`);
        // (No named functions in here: the test runner's transform would wrap them in a helper the page lacks.)
        const elements = kinds.map((kind) => sdk[kind]!());
        const ready = Promise.all(
          elements.map((element) => new Promise((resolve) => element.on('ready', () => resolve(true)))),
        );
        for (const element of elements) {
          const target = document.createElement('div');
          host.append(target);
          element.mount(target);
        }
        await ready;
        if (tidy) for (const element of elements) element.destroy();
        host.remove();
      }
      return document.querySelectorAll('iframe').length;
    },
    { secret, key: publishableKey, count, destroy, kinds: [...KINDS] },
  );
}

describe('teardown releases everything', () => {
  it(`${CYCLES} mount/destroy cycles and ${CYCLES} dropped SDKs return nodes, documents and listeners to baseline`, async (t) => {
    // A session that asks for everything, so each Element renders its fields.
    const session = await harness.createSession('endive', {
      consent_collection: { terms_of_service: 'required' },
      tax_id_collection: { enabled: true },
      phone_number_collection: { enabled: true },
      name_collection: { individual: { enabled: true } },
    });
    const page = await harness.openPage('endive');
    const cdp = await page.context().newCDPSession(page);
    const secret = clientSecretOf(session);

    // Warm up (first-use caches, fonts, the debug registry), then take the baseline.
    assert.equal(await runCycles(page, secret, harness.publishableKey, 2, true), 0);
    const baseline = await counters(cdp);
    assert.equal(baseline.messageListeners, 0, 'no iframe hosted, so the stand-in listens to nothing');

    assert.equal(await runCycles(page, secret, harness.publishableKey, CYCLES, true), 0, 'no iframe is left');
    const afterDestroy = await settledCounters(cdp, page, baseline);
    assert.equal(afterDestroy.messageListeners, baseline.messageListeners, 'window message listeners');
    assert.equal(afterDestroy.documents, baseline.documents, 'documents (iframes) released');
    assert.ok(
      afterDestroy.nodes <= baseline.nodes + SLACK_NODES,
      `DOM nodes: ${afterDestroy.nodes} after ${CYCLES} cycles vs ${baseline.nodes} at baseline`,
    );

    const listedAfterDestroy = await listedInstances(page);
    assert.ok(
      listedAfterDestroy <= 2,
      `the debug registry lets destroyed checkouts go (${listedAfterDestroy} of ${CYCLES + 2} still listed)`,
    );

    // A page that removes its checkout without unmounting (an SPA leaving the view) and drops the SDK.
    assert.equal(await runCycles(page, secret, harness.publishableKey, CYCLES, false), 0);
    const afterDrop = await settledCounters(cdp, page, baseline);
    assert.equal(
      afterDrop.messageListeners,
      baseline.messageListeners,
      'listeners go with the collected iframes',
    );
    assert.equal(afterDrop.documents, baseline.documents);
    assert.ok(
      afterDrop.nodes <= baseline.nodes + SLACK_NODES,
      `DOM nodes: ${afterDrop.nodes} after ${CYCLES} dropped SDKs vs ${baseline.nodes} at baseline`,
    );
    t.diagnostic(
      `baseline ${JSON.stringify(baseline)}; after destroy ${JSON.stringify(afterDestroy)}; after drop ${JSON.stringify(afterDrop)}`,
    );
    const instances = await listedInstances(page);
    assert.ok(instances <= 2, `the debug registry holds dropped SDKs weakly (${instances} still listed)`);
    await page.context().close();
  });
});
