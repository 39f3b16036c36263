// Layout shift as the buyer sees it (the Layout Instability API's `layout-shift` entries, the figure behind CLS): the
// checkout takes its reserved room from the first render and nothing on the page moves afterwards, whether it loads
// in view or below the fold, where Chromium does not render Stripe's cross-origin frames until they are scrolled to.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import { createSession, loadStandIn, mountFor, testConfig, waitForState } from './support.js';

interface Shifts {
  entries: Array<{ value: number; moved: string[] }>;
  stop(): void;
}

/** Records every layout shift from now on (not those the test's own input caused: none here). */
function recordShifts(): Shifts {
  const entries: Shifts['entries'] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<
      PerformanceEntry & { value: number; hadRecentInput: boolean; sources: Array<{ node?: Node }> }
    >) {
      if (entry.hadRecentInput) continue;
      entries.push({
        value: entry.value,
        moved: entry.sources.map((source) => source.node?.nodeName ?? '?'),
      });
    }
  });
  observer.observe({ type: 'layout-shift' });
  return { entries, stop: () => observer.disconnect() };
}

/** Layout shift entries are queued after a rendered frame: two frames more, so the last render is counted. */
function twoFrames(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

function paymentFrame(element: StripeCheckout): HTMLIFrameElement {
  const frame = mountFor(element, 'stripe-payment')?.querySelector('iframe');
  if (!frame) throw new Error('no Payment Element iframe');
  return frame;
}

describe('<stripe-checkout> layout shift', () => {
  before(() => loadStandIn('endive'));

  it('moves nothing on the page from first render to ready when the reserved height fits the form', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const shifts = recordShifts();
    const page = await fixture<HTMLDivElement>(html`<div>
      <p>Above the checkout.</p>
      <stripe-checkout
        style="--checkout-skeleton-height: 44rem"
        publishable-key=${publishableKey}
        client-secret=${clientSecret}
      ></stripe-checkout>
      <footer>Below the checkout: this moves if the checkout changes height.</footer>
    </div>`);
    const element = page.querySelector('stripe-checkout')!;
    const footerTop = page.querySelector('footer')!.getBoundingClientRect().top;
    await waitForState(element, 'ready');
    await twoFrames();
    shifts.stop();
    expect(shifts.entries, JSON.stringify(shifts.entries)).to.deep.equal([]);
    expect(page.querySelector('footer')!.getBoundingClientRect().top).to.equal(footerTop);
    // The form really is there, inside the reservation.
    expect(paymentFrame(element).getBoundingClientRect().height).to.be.greaterThan(1);
  });

  it('sizes the form below the fold, so scrolling to it moves nothing', async () => {
    const { publishableKey } = await testConfig();
    const { clientSecret } = await createSession('email=buyer@example.com');
    const shifts = recordShifts();
    const page = await fixture<HTMLDivElement>(html`<div>
      <div style="height: 3000px">Scroll down to pay.</div>
      <stripe-checkout
        style="--checkout-skeleton-height: 44rem"
        publishable-key=${publishableKey}
        client-secret=${clientSecret}
      ></stripe-checkout>
      <footer>Below the checkout.</footer>
    </div>`);
    const element = page.querySelector('stripe-checkout')!;
    await waitForState(element, 'ready');
    expect(element.getBoundingClientRect().top).to.be.greaterThan(window.innerHeight);
    // Off screen, the frame already has the height it will have on screen (not the 1 px it was created with).
    const offScreen = paymentFrame(element).getBoundingClientRect().height;
    expect(offScreen).to.be.greaterThan(1);
    element.scrollIntoView();
    // The frames render now that they are visible: give them a few frames to report any other height.
    for (let frame = 0; frame < 5; frame++) await twoFrames();
    shifts.stop();
    expect(paymentFrame(element).getBoundingClientRect().height).to.equal(offScreen);
    expect(shifts.entries, JSON.stringify(shifts.entries)).to.deep.equal([]);
  });
});
