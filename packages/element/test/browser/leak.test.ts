import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { DomCounters } from '../server/checkout-test-server.js';
import { createSession, loadStandIn, nextEvent, testConfig } from './support.js';

const CYCLES = 50;

/** Forced garbage collection, then Chromium's counts of live DOM nodes, documents and JS event listeners. */
async function counters(): Promise<DomCounters> {
  // Removed iframes finish unloading on later tasks; two frames let that happen before counting.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return (await executeServerCommand('checkout:dom-counters')) as DomCounters;
}

// An SPA moving between checkout and other views inserts and removes the element again and again: nothing of a
// removed checkout may stay alive (issue 10: 40 cycles used to keep about 40 DOM nodes each).
describe('<stripe-checkout> memory across insert → ready → remove cycles', () => {
  before(() => loadStandIn('endive'));

  it(`keeps DOM nodes, documents and listeners at their baseline over ${CYCLES} cycles`, async function () {
    this.timeout(240_000);
    const { publishableKey } = await testConfig();
    const container = document.createElement('div');
    document.body.append(container);
    async function cycle(): Promise<void> {
      const { clientSecret } = await createSession('email=buyer@example.com');
      const element = document.createElement('stripe-checkout');
      element.publishableKey = publishableKey;
      element.clientSecret = clientSecret;
      const ready = nextEvent(element, 'checkout-ready');
      container.append(element);
      await ready;
      element.remove();
    }
    // Warm-up: what a page keeps once for all checkouts (the Stripe instance per key, Lit's template cache,
    // Stripe.js's own message listener) exists before the baseline is taken.
    for (let warmUp = 0; warmUp < 3; warmUp++) await cycle();
    const baseline = await counters();
    for (let round = 0; round < CYCLES; round++) await cycle();
    const after = await counters();
    console.log(
      `DOM counters: baseline ${JSON.stringify(baseline)}, after ${CYCLES} cycles ${JSON.stringify(after)}`,
    );
    expect(
      { nodes: after.nodes, documents: after.documents, jsEventListeners: after.jsEventListeners },
      `baseline ${JSON.stringify(baseline)}`,
    ).to.deep.equal({
      nodes: Math.min(after.nodes, baseline.nodes),
      documents: Math.min(after.documents, baseline.documents),
      jsEventListeners: Math.min(after.jsEventListeners, baseline.jsEventListeners),
    });
    container.remove();
  });
});
