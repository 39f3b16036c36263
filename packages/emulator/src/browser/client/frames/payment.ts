// The Payment Element's iframe: a labelled test card form (number, expiry, CVC, postal code).
import type { FrameInit, ToFrame } from '../protocol.js';
import {
  type CardErrors,
  type CardFieldName,
  digitsOf,
  formatCardNumber,
  formatExpiry,
  parseExpiry,
  validateCard,
} from './card.js';
import { type FrameRuntime, type FrameView, labelledField, showFieldError } from './runtime.js';

export function paymentFrame({ post, root }: FrameRuntime): FrameView {
  const form = document.createElement('form');
  form.noValidate = true;
  form.setAttribute('aria-label', 'Card details');
  const fields = {
    number: labelledField('number', 'Card number', {
      inputmode: 'numeric',
      autocomplete: 'cc-number',
      placeholder: '1234 1234 1234 1234',
    }),
    expiry: labelledField('expiry', 'Expiration date', {
      inputmode: 'numeric',
      autocomplete: 'cc-exp',
      placeholder: 'MM / YY',
    }),
    cvc: labelledField('cvc', 'Security code', {
      inputmode: 'numeric',
      autocomplete: 'cc-csc',
      placeholder: 'CVC',
    }),
    postalCode: labelledField('postalCode', 'Postal code', {
      autocomplete: 'postal-code',
      placeholder: '12345',
    }),
  };
  const row = document.createElement('div');
  row.className = 'row';
  row.append(fields.expiry.wrapper, fields.cvc.wrapper);
  const paymentError = document.createElement('div');
  paymentError.className = 'error';
  paymentError.id = 'payment-error';
  paymentError.setAttribute('role', 'alert');
  const loading = document.createElement('p');
  loading.className = 'loading';
  loading.textContent = 'Loading…';
  form.append(fields.number.wrapper, row, fields.postalCode.wrapper, paymentError);
  root.append(loading);

  let requirePostalCode = true;
  const touched = new Set<CardFieldName>();
  const values = () => ({
    number: fields.number.input.value,
    expiry: fields.expiry.input.value,
    cvc: fields.cvc.input.value,
    postalCode: fields.postalCode.input.value,
  });
  const errors = (): CardErrors => validateCard(values(), new Date(), requirePostalCode);
  const showErrors = (current: CardErrors, only?: Set<CardFieldName>) => {
    for (const name of Object.keys(fields) as CardFieldName[]) {
      showFieldError(fields[name], !only || only.has(name) ? (current[name] ?? null) : null);
    }
  };
  const report = () => {
    const current = errors();
    const shown = [...touched].map((name) => current[name]).find(Boolean);
    const allValues = values();
    const empty = !digitsOf(allValues.number) && !digitsOf(allValues.expiry) && !digitsOf(allValues.cvc);
    post({
      kind: 'change',
      empty,
      complete: Object.keys(current).length === 0,
      value: { type: 'card' },
      error: shown,
    });
  };

  fields.number.input.addEventListener('input', () => {
    fields.number.input.value = formatCardNumber(fields.number.input.value);
  });
  fields.expiry.input.addEventListener('input', () => {
    fields.expiry.input.value = formatExpiry(fields.expiry.input.value);
  });
  fields.cvc.input.addEventListener('input', () => {
    fields.cvc.input.value = digitsOf(fields.cvc.input.value).slice(0, 4);
  });
  for (const name of Object.keys(fields) as CardFieldName[]) {
    fields[name].input.addEventListener('input', () => {
      paymentError.textContent = '';
      if (touched.has(name)) showErrors(errors(), touched);
      report();
    });
    fields[name].input.addEventListener('blur', () => {
      if (fields[name].input.value) touched.add(name);
      showErrors(errors(), touched);
      report();
    });
  }

  const applyOptions = (options: Record<string, unknown>) => {
    const billing = (options.fields as { billingDetails?: unknown } | undefined)?.billingDetails;
    const address =
      typeof billing === 'object' && billing ? (billing as { address?: unknown }).address : billing;
    const postal =
      typeof address === 'object' && address ? (address as { postalCode?: unknown }).postalCode : address;
    requirePostalCode = postal !== 'never';
    fields.postalCode.wrapper.hidden = !requirePostalCode;
    const readOnly = options.readOnly === true;
    for (const field of Object.values(fields)) field.input.readOnly = readOnly;
  };

  return {
    init(init: FrameInit) {
      applyOptions(init.options);
      if (init.loader === 'never') loading.remove();
    },
    session() {
      if (!form.isConnected) {
        loading.remove();
        root.append(form);
      }
    },
    message(message: ToFrame) {
      switch (message.kind) {
        case 'options':
          applyOptions(message.options);
          return;
        case 'collect': {
          const current = errors();
          for (const name of Object.keys(fields) as CardFieldName[]) touched.add(name);
          showErrors(current);
          report();
          const first = Object.values(current)[0];
          if (first) {
            const allValues = values();
            post({
              kind: 'collected',
              requestId: message.requestId,
              result: { ok: false, message: first, empty: !digitsOf(allValues.number) },
            });
            return;
          }
          const { number, expiry, cvc, postalCode } = values();
          const parsed = parseExpiry(expiry)!;
          post({
            kind: 'collected',
            requestId: message.requestId,
            result: {
              ok: true,
              card: {
                number: digitsOf(number),
                exp_month: parsed.month,
                exp_year: parsed.year,
                cvc: digitsOf(cvc),
                ...(requirePostalCode ? { postal_code: postalCode.trim() } : {}),
              },
            },
          });
          return;
        }
        case 'show-payment-error':
          paymentError.textContent = message.message ?? '';
          return;
        case 'focus':
          fields.number.input.focus();
          return;
        case 'blur':
          (document.activeElement as HTMLElement | null)?.blur();
          return;
        case 'clear':
          for (const field of Object.values(fields)) field.input.value = '';
          touched.clear();
          showErrors({});
          paymentError.textContent = '';
          report();
          return;
        default:
          return;
      }
    },
  };
}
