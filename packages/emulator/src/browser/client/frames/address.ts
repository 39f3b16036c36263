// The billing/shipping Address Element's iframe and the Contact Details Element's iframe: plain labelled forms.
// Their `change` messages carry the value; the stand-in syncs complete values into the session.
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import type { CollectionNeeds, FrameInit, ToFrame } from '../protocol.js';
import {
  type FrameRuntime,
  type FrameView,
  labelledField,
  labelledSelect,
  showFieldError,
} from './runtime.js';

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
  const { wrapper: countryWrapper, select: country } = labelledSelect('country', 'Country or region');
  country.name = 'country';
  country.autocomplete = 'country';
  for (const [code, name] of COUNTRIES) country.add(new Option(name, code));
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
  // `fields.phone: 'always'` adds a phone number field; `validation.phone.required: 'always'` makes it required
  // (https://docs.stripe.com/js/elements_object/create_address_element, options `fields` and `validation`).
  const phone = labelledField('phone', 'Phone number', { autocomplete: 'tel', inputmode: 'tel' });
  phone.input.type = 'tel';
  phone.wrapper.hidden = true;
  form.append(phone.wrapper);
  root.append(form);
  let phoneShown = false;
  let phoneRequired = false;
  const applyOptions = (options: Record<string, unknown>) => {
    const fieldsOption = options.fields as { phone?: string } | undefined;
    const validation = options.validation as { phone?: { required?: string } } | undefined;
    phoneShown = fieldsOption?.phone === 'always';
    phoneRequired = phoneShown && validation?.phone?.required === 'always';
    phone.wrapper.hidden = !phoneShown;
  };
  phone.input.addEventListener('input', () => report());

  const value = () => ({
    ...(phoneShown ? { phone: phone.input.value.trim() } : {}),
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
    const found: Partial<Record<AddressField | 'phone', string>> = {};
    for (const [name, message] of Object.entries(REQUIRED) as Array<[AddressField, string]>) {
      if (!fields[name].input.value.trim()) found[name] = message;
    }
    if (phoneRequired && !phone.input.value.trim()) found.phone = 'Your phone number is incomplete.';
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
      applyOptions(init.options);
      if (phoneShown && init.defaults.phone) phone.input.value = init.defaults.phone;
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
        showFieldError(phone, found.phone ?? null);
        const first = Object.values(found)[0];
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: first ? { ok: false, message: first, empty: false } : { ok: true, value: value() },
        });
      } else if (message.kind === 'options') {
        applyOptions(message.options);
        report();
      } else if (message.kind === 'focus') fields.name.input.focus();
      else if (message.kind === 'clear') {
        for (const field of Object.values(fields)) field.input.value = '';
        phone.input.value = '';
        report();
      }
    },
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type ContactField = 'email' | 'phone' | 'individualName' | 'businessName';

/**
 * The Contact Details Element: the email, and below it what the session asks for besides — the phone number
 * (`phone_number_collection`: "Checkout shows the phone number field below the email field",
 * https://docs.stripe.com/payments/checkout/phone-numbers) and the first-class names (`name_collection`: "top-level
 * name fields within contact details", https://docs.stripe.com/payments/checkout/name-collection), each marked
 * optional where the session says so.
 */
export function contactDetailsFrame({ post, root }: FrameRuntime): FrameView {
  const form = document.createElement('form');
  form.noValidate = true;
  form.setAttribute('aria-label', 'Contact details');
  const fields: Record<ContactField, ReturnType<typeof labelledField>> = {
    email: labelledField('email', 'Email', { type: 'email', autocomplete: 'email', inputmode: 'email' }),
    phone: labelledField('phone', 'Phone number', { autocomplete: 'tel', inputmode: 'tel' }),
    individualName: labelledField('individualName', 'Full name', { autocomplete: 'name' }),
    businessName: labelledField('businessName', 'Business name', { autocomplete: 'organization' }),
  };
  fields.email.input.type = 'email';
  fields.phone.input.type = 'tel';
  form.append(...Object.values(fields).map((field) => field.wrapper));
  root.append(form);
  let needs: CollectionNeeds | null = null;

  const shown = (name: ContactField) =>
    name === 'email' ||
    (name === 'phone' && Boolean(needs?.phone)) ||
    (name === 'individualName' && needs?.individualName != null) ||
    (name === 'businessName' && needs?.businessName != null);
  const required = (name: ContactField) =>
    name === 'email' ||
    (name === 'phone' && Boolean(needs?.phone)) ||
    (name === 'individualName' && needs?.individualName === 'required') ||
    (name === 'businessName' && needs?.businessName === 'required');
  const render = () => {
    for (const name of Object.keys(fields) as ContactField[]) {
      fields[name].wrapper.hidden = !shown(name);
      const label = fields[name].wrapper.querySelector('label');
      const optional = label?.querySelector('.optional');
      if (shown(name) && !required(name) && !optional) {
        const mark = document.createElement('span');
        mark.className = 'optional';
        mark.textContent = ' (optional)';
        label?.append(mark);
      } else if (required(name)) optional?.remove();
    }
  };
  const problems = (): Partial<Record<ContactField, string>> => {
    const found: Partial<Record<ContactField, string>> = {};
    const email = fields.email.input.value.trim();
    if (!email) found.email = 'Your email is incomplete.';
    else if (!EMAIL.test(email)) found.email = 'Your email address is invalid.';
    if (required('phone') && !fields.phone.input.value.trim())
      found.phone = 'Your phone number is incomplete.';
    if (required('individualName') && !fields.individualName.input.value.trim()) {
      found.individualName = 'Your full name is incomplete.';
    }
    if (required('businessName') && !fields.businessName.input.value.trim()) {
      found.businessName = 'Your business name is incomplete.';
    }
    return found;
  };
  const value = () => {
    const current: { email: string; phone?: string; individualName?: string; businessName?: string } = {
      email: fields.email.input.value.trim(),
    };
    for (const name of ['phone', 'individualName', 'businessName'] as const) {
      if (shown(name)) current[name] = fields[name].input.value.trim();
    }
    return current;
  };
  const report = () =>
    post({
      kind: 'change',
      empty: (Object.keys(fields) as ContactField[]).every((name) => !fields[name].input.value.trim()),
      complete: Object.keys(problems()).length === 0,
      value: value(),
    });
  for (const field of Object.values(fields)) field.input.addEventListener('input', report);
  fields.email.input.addEventListener('blur', () =>
    showFieldError(fields.email, fields.email.input.value ? (problems().email ?? null) : null),
  );
  return {
    init(init: FrameInit) {
      needs = init.needs;
      const prefill: Partial<Record<ContactField, string | undefined>> = {
        email: init.defaults.email,
        phone: init.defaults.phone,
        individualName: init.defaults.individualName,
        businessName: init.defaults.businessName,
      };
      let filled = false;
      for (const name of Object.keys(fields) as ContactField[]) {
        const given = prefill[name];
        if (given && !fields[name].input.value) {
          fields[name].input.value = given;
          filled = true;
        }
      }
      render();
      if (filled) report();
    },
    session(_session: StripeCheckoutSession, latest: CollectionNeeds | null) {
      const before = JSON.stringify(needs);
      needs = latest;
      render();
      if (JSON.stringify(needs) !== before) report();
    },
    message(message: ToFrame) {
      if (message.kind === 'collect') {
        const found = problems();
        for (const name of Object.keys(fields) as ContactField[])
          showFieldError(fields[name], found[name] ?? null);
        const first = (Object.keys(fields) as ContactField[]).map((name) => found[name]).find(Boolean);
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: first
            ? { ok: false, message: first, empty: !fields.email.input.value.trim() }
            : { ok: true, value: value() },
        });
      } else if (message.kind === 'focus') {
        const first = (Object.keys(fields) as ContactField[]).find((name) => problems()[name]) ?? 'email';
        fields[first].input.focus();
      } else if (message.kind === 'clear') {
        for (const field of Object.values(fields)) field.input.value = '';
        report();
      }
    },
  };
}
