// The buyer's language (issue 13): `locale` reaches Stripe.js and every string and amount the element shows.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import '../../src/status.js';
import type { StripeCheckout } from '../../src/stripe-checkout/stripe-checkout.js';
import type { StripeCheckoutStatus } from '../../src/stripe-checkout-status/stripe-checkout-status.js';
import {
  createSession,
  loadStandIn,
  part,
  payButton,
  standIn,
  testConfig,
  waitFor,
  waitForState,
} from './support.js';

/** What `Intl` prints for an amount of US dollars in a locale: what the element must show. */
const usd = (locale: string, major: number) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'usd' }).format(major);

/** The locale the newest Stripe instance was constructed with (`Stripe(pk, { locale })`). */
const stripeLocale = () => (standIn().instances().at(-1) as unknown as { locale: string }).locale;

async function checkout(attributes: { locale?: string; messages?: Record<string, string> } = {}) {
  const { publishableKey } = await testConfig();
  const { clientSecret } = await createSession('email=buyer@example.com&promo=1');
  const element = await fixture<StripeCheckout>(
    html`<stripe-checkout
      publishable-key=${publishableKey}
      client-secret=${clientSecret}
      locale=${attributes.locale ?? 'auto'}
      .messages=${attributes.messages}
      promotion-codes
    ></stripe-checkout>`,
  );
  await waitForState(element, 'ready');
  return element;
}

function captureWarnings(): { warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

describe('<stripe-checkout> locale', () => {
  before(() => loadStandIn('endive'));
  const pageLang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = pageLang;
  });

  it('takes the locale attribute: French strings, French amounts, and Stripe.js constructed with fr', async () => {
    const element = await checkout({ locale: 'fr' });
    await waitFor(
      () => payButton(element).textContent?.trim() === `Payer ${usd('fr', 37)}`,
      'French pay label',
    );
    expect(stripeLocale()).to.equal('fr');
    const summary = part(element, 'summary')!;
    expect(summary.getAttribute('aria-label')).to.equal('Récapitulatif de la commande');
    expect(summary.querySelector('dt')?.textContent).to.equal('Sous-total');
    expect(part(element, 'total')?.querySelector('dd')?.textContent).to.equal(usd('fr', 37));
    expect(element.shadowRoot!.querySelector('label')?.textContent).to.equal('Code promotionnel');
  });

  it('auto takes the page’s <html lang> (a regional tag uses its language’s catalog and its own formats)', async () => {
    document.documentElement.lang = 'de-CH';
    const element = await checkout();
    await waitFor(
      () => payButton(element).textContent?.trim() === `${usd('de-CH', 37)} bezahlen`,
      'German pay label',
    );
    expect(stripeLocale()).to.equal('de-CH');
  });

  it('auto without <html lang> takes the browser’s language', async () => {
    document.documentElement.removeAttribute('lang');
    Object.defineProperty(navigator, 'language', { value: 'ja', configurable: true });
    try {
      const element = await checkout();
      await waitFor(
        () => payButton(element).textContent?.trim() === `${usd('ja', 37)}を支払う`,
        'Japanese label',
      );
      expect(stripeLocale()).to.equal('ja');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).language;
    }
  });

  it('an unknown locale shows English with a console warning, and still reaches Stripe.js', async () => {
    const captured = captureWarnings();
    try {
      const element = await checkout({ locale: 'sv' });
      expect(payButton(element).textContent?.trim()).to.equal(`Pay ${usd('sv', 37)}`);
      expect(stripeLocale()).to.equal('sv');
    } finally {
      captured.restore();
    }
    expect(captured.warnings.join('\n')).to.contain('no catalog for "sv"');
    expect(captured.warnings.join('\n')).to.contain('messages property');
  });

  it('messages overrides any string, over the catalog of the locale', async () => {
    const element = await checkout({ locale: 'fr', messages: { pay: 'Commander · {amount}', apply: 'OK' } });
    await waitFor(
      () => payButton(element).textContent?.trim() === `Commander · ${usd('fr', 37)}`,
      'override',
    );
    const apply = part(element, 'promotion-code')!.querySelector('button')!;
    expect(apply.textContent).to.equal('OK');
    // Keys the override leaves out come from the French catalog.
    expect(part(element, 'summary')!.querySelector('dt')?.textContent).to.equal('Sous-total');
    element.messages = {};
    await waitFor(() => payButton(element).textContent?.trim() === `Payer ${usd('fr', 37)}`, 'catalog again');
  });

  it('a locale change re-initialises Stripe.js in the new language and re-renders the strings', async () => {
    const element = await checkout({ locale: 'es' });
    await waitFor(() => payButton(element).textContent?.trim() === `Pagar ${usd('es', 37)}`, 'Spanish');
    element.locale = 'it';
    await element.updateComplete;
    await waitForState(element, 'ready');
    await waitFor(() => payButton(element).textContent?.trim() === `Paga ${usd('it', 37)}`, 'Italian');
    expect(stripeLocale()).to.equal('it');
  });

  it('formats amounts of a zero-decimal currency with Intl (no invented cents)', async () => {
    // The summary's amounts are Stripe's minor units over the session's divisor, formatted by Intl in the
    // buyer's locale; a yen amount of 1 200 stays 1 200 (divisor 1).
    const { formatMoney } = await import('../../src/i18n/format.js');
    expect(formatMoney('ja', 1200, 'jpy', 1)).to.equal(
      new Intl.NumberFormat('ja', { style: 'currency', currency: 'jpy' }).format(1200),
    );
    expect(formatMoney('en', 1200, 'jpy')).to.equal('¥1,200');
    expect(formatMoney('nl', 2198, 'eur')).to.equal(
      new Intl.NumberFormat('nl', { style: 'currency', currency: 'eur' }).format(21.98),
    );
  });
});

describe('<stripe-checkout-status> locale and texts per mode', () => {
  async function status(sessionId: string, locale = 'en'): Promise<StripeCheckoutStatus> {
    const element = await fixture<StripeCheckoutStatus>(
      html`<stripe-checkout-status status-endpoint="/__checkout/status" session-id=${sessionId} locale=${locale}></stripe-checkout-status>`,
    );
    await waitFor(() => element.state !== 'loading', 'the status');
    await element.updateComplete;
    return element;
  }
  const text = (element: HTMLElement) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('says a setup-mode session saved the card and charged nothing (no total, no receipt)', async () => {
    const element = await status('cs_test_setup');
    expect(element.state).to.equal('succeeded');
    expect(text(element)).to.equal('Your card was saved. Nothing was charged.');
    expect(text(element)).not.to.contain('Payment successful');
  });

  it('says which subscription started', async () => {
    const element = await status('cs_test_subscribed');
    expect(text(element)).to.contain('Your subscription to Emulator Club membership has started.');
    expect(text(element)).to.contain(`Total ${usd('en', 9)}.`);
    expect(text(element)).not.to.contain('Payment successful');
  });

  it('speaks the buyer’s language, amounts included', async () => {
    const paid = await status('cs_test_paid', 'fr');
    expect(text(paid)).to.contain('Paiement réussi.');
    // text() folds every space (French puts no-break spaces before ':' and in amounts) into one.
    expect(text(paid)).to.contain(`Total : ${usd('fr', 21.98).replace(/\s/g, ' ')}.`);
    const setup = await status('cs_test_setup', 'de');
    expect(text(setup)).to.equal('Ihre Karte wurde gespeichert. Es wurde nichts abgebucht.');
    const subscribed = await status('cs_test_subscribed', 'ja');
    expect(text(subscribed)).to.contain('Emulator Club membership のサブスクリプションが開始されました。');
    const failed = await status('cs_test_broken', 'nl');
    expect(text(failed)).to.equal(
      'We konden je betaling niet controleren (fout 500). Vernieuw de pagina om het opnieuw te proberen.',
    );
  });
});
