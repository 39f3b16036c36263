// The billing/shipping Address Element's iframe and the Contact Details Element's iframe: plain labelled forms.
// Their `change` messages carry the value; the stand-in syncs complete values into the session.
import type { FrameInit, ToFrame } from '../protocol.js';
import { type FrameRuntime, type FrameView, labelledField, showFieldError } from './runtime.js';

const COUNTRIES: Array<[string, string]> = [
  ['US', 'United States'],
  ['CA', 'Canada'],
  ['GB', 'United Kingdom'],
  ['IE', 'Ireland'],
  ['FR', 'France'],
  ['DE', 'Germany'],
  ['NL', 'Netherlands'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['AU', 'Australia'],
  ['JP', 'Japan'],
];

type AddressField = 'name' | 'line1' | 'line2' | 'city' | 'state' | 'postal_code';

const REQUIRED: Partial<Record<AddressField, string>> = {
  name: 'Your full name is incomplete.',
  line1: 'Your address is incomplete.',
  city: 'Your city is incomplete.',
  postal_code: 'Your postal code is incomplete.',
};

export function addressFrame({ post, root }: FrameRuntime): FrameView {
  const form = document.createElement('form');
  form.noValidate = true;
  const fields: Record<AddressField, ReturnType<typeof labelledField>> = {
    name: labelledField('name', 'Full name', { autocomplete: 'name' }),
    line1: labelledField('line1', 'Address line 1', { autocomplete: 'address-line1' }),
    line2: labelledField('line2', 'Address line 2 (optional)', { autocomplete: 'address-line2' }),
    city: labelledField('city', 'City', { autocomplete: 'address-level2' }),
    state: labelledField('state', 'State or province', { autocomplete: 'address-level1' }),
    postal_code: labelledField('postal_code', 'Postal code', { autocomplete: 'postal-code' }),
  };
  const countryWrapper = document.createElement('div');
  countryWrapper.className = 'field';
  const countryLabel = document.createElement('label');
  countryLabel.htmlFor = 'country';
  countryLabel.textContent = 'Country or region';
  const country = document.createElement('select');
  country.id = 'country';
  country.name = 'country';
  country.autocomplete = 'country';
  for (const [code, name] of COUNTRIES) country.add(new Option(name, code));
  countryWrapper.append(countryLabel, country);
  const row = document.createElement('div');
  row.className = 'row';
  row.append(fields.state.wrapper, fields.postal_code.wrapper);
  form.append(
    fields.name.wrapper,
    countryWrapper,
    fields.line1.wrapper,
    fields.line2.wrapper,
    fields.city.wrapper,
    row,
  );
  root.append(form);

  const value = () => ({
    name: fields.name.input.value.trim(),
    address: {
      line1: fields.line1.input.value.trim(),
      line2: fields.line2.input.value.trim() || null,
      city: fields.city.input.value.trim(),
      state: fields.state.input.value.trim(),
      postal_code: fields.postal_code.input.value.trim(),
      country: country.value,
    },
  });
  const errors = () => {
    const found: Partial<Record<AddressField, string>> = {};
    for (const [name, message] of Object.entries(REQUIRED) as Array<[AddressField, string]>) {
      if (!fields[name].input.value.trim()) found[name] = message;
    }
    return found;
  };
  const report = () => {
    const empty = (Object.keys(fields) as AddressField[]).every((name) => !fields[name].input.value.trim());
    post({ kind: 'change', empty, complete: Object.keys(errors()).length === 0, value: value() });
  };
  for (const field of Object.values(fields)) field.input.addEventListener('input', report);
  country.addEventListener('change', report);

  return {
    init(init: FrameInit) {
      form.setAttribute('aria-label', init.mode === 'shipping' ? 'Shipping address' : 'Billing address');
      const defaults = init.defaults.address;
      if (!defaults) return;
      fields.name.input.value = defaults.name;
      fields.line1.input.value = defaults.address.line1;
      fields.line2.input.value = defaults.address.line2 ?? '';
      fields.city.input.value = defaults.address.city;
      fields.state.input.value = defaults.address.state;
      fields.postal_code.input.value = defaults.address.postal_code;
      if (defaults.address.country) country.value = defaults.address.country;
      report();
    },
    session() {},
    message(message: ToFrame) {
      if (message.kind === 'collect') {
        const found = errors();
        for (const name of Object.keys(fields) as AddressField[])
          showFieldError(fields[name], found[name] ?? null);
        const first = Object.values(found)[0];
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: first ? { ok: false, message: first, empty: false } : { ok: true, value: value() },
        });
      } else if (message.kind === 'focus') fields.name.input.focus();
      else if (message.kind === 'clear') {
        for (const field of Object.values(fields)) field.input.value = '';
        report();
      }
    },
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function contactDetailsFrame({ post, root }: FrameRuntime): FrameView {
  const form = document.createElement('form');
  form.noValidate = true;
  form.setAttribute('aria-label', 'Contact details');
  const email = labelledField('email', 'Email', { type: 'email', autocomplete: 'email', inputmode: 'email' });
  email.input.type = 'email';
  form.append(email.wrapper);
  root.append(form);
  const problem = () => {
    const current = email.input.value.trim();
    if (!current) return 'Your email is incomplete.';
    return EMAIL.test(current) ? null : 'Your email address is invalid.';
  };
  const report = () =>
    post({
      kind: 'change',
      empty: !email.input.value.trim(),
      complete: problem() === null,
      value: { email: email.input.value.trim() },
    });
  email.input.addEventListener('input', report);
  email.input.addEventListener('blur', () => showFieldError(email, email.input.value ? problem() : null));
  return {
    init(init: FrameInit) {
      if (init.defaults.email && !email.input.value) {
        email.input.value = init.defaults.email;
        report();
      }
    },
    session() {},
    message(message: ToFrame) {
      if (message.kind === 'collect') {
        const found = problem();
        showFieldError(email, found);
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: found
            ? { ok: false, message: found, empty: !email.input.value.trim() }
            : { ok: true, value: { email: email.input.value.trim() } },
        });
      } else if (message.kind === 'focus') email.input.focus();
      else if (message.kind === 'clear') {
        email.input.value = '';
        report();
      }
    },
  };
}
