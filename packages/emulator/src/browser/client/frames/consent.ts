// The Tax ID, Terms and Link Sign-up Elements' iframes. Each shows itself only when the session asks for what it
// collects (`needs`, from the stand-in), and otherwise renders nothing, so its <iframe> is 0 px high.
import type { StripeCheckoutSession } from '@stripe/stripe-js';
import {
  checkTaxId,
  formatForElementType,
  TAX_ID_FORMATS,
  type TaxIdFormat,
} from '../../../state/tax-ids.js';
import type { CollectionNeeds, FrameInit, ToFrame } from '../protocol.js';
import {
  type FrameRuntime,
  type FrameView,
  labelledCheckbox,
  labelledField,
  labelledSelect,
  showFieldError,
} from './runtime.js';

/** The Tax ID Element offers the types that have an Element name (@stripe/stripe-js `TaxIdType`). */
const ELEMENT_FORMATS: readonly TaxIdFormat[] = TAX_ID_FORMATS.filter(
  (format) => format.elementType !== null,
);

interface TaxIdOptions {
  visibility?: 'always' | 'never' | 'auto';
  fields?: { businessName?: 'always' | 'never' | 'auto' };
  validation?: {
    businessName?: { required?: 'always' | 'never' | 'auto' };
    taxId?: { required?: 'always' | 'never' | 'auto' };
  };
  defaultValues?: { businessName?: string; taxIdType?: string; taxId?: string };
}

/**
 * The Tax ID Element (https://docs.stripe.com/js/custom_checkout/create_tax_id_element): business name, tax ID type
 * and number. "By default, the Tax ID Element displays when the user is in a country that supports tax ID
 * collection" (`visibility: 'auto'`): here when the session collects tax IDs and the buyer's country, if known,
 * has a type in the emulator's table. Its value is the change event's (`taxIdType` the Element's name,
 * `externalTaxIdType` Stripe's).
 */
export function taxIdFrame({ post, root }: FrameRuntime): FrameView {
  const form = document.createElement('form');
  form.noValidate = true;
  form.setAttribute('aria-label', 'Business tax ID details');
  const businessName = labelledField('businessName', 'Business name', { autocomplete: 'organization' });
  const { wrapper: typeWrapper, select: type } = labelledSelect('taxIdType', 'Tax ID type');
  for (const format of ELEMENT_FORMATS) {
    type.add(
      new Option(`${format.country} · ${format.description} (${format.example})`, format.elementType!),
    );
  }
  const taxId = labelledField('taxId', 'Tax ID');
  form.append(businessName.wrapper, typeWrapper, taxId.wrapper);
  root.append(form);

  let options: TaxIdOptions = {};
  let needs: CollectionNeeds | null = null;
  let typeChosen = false;
  const format = () => formatForElementType(type.value) ?? ELEMENT_FORMATS[0]!;
  const visible = () => {
    if (options.visibility === 'always') return true;
    if (options.visibility === 'never' || !needs?.taxId) return false;
    return !needs.country || ELEMENT_FORMATS.some((candidate) => candidate.country === needs?.country);
  };
  const showsBusinessName = () => options.fields?.businessName !== 'never';
  const problems = () => {
    const found: { businessName?: string; taxId?: string } = {};
    const number = taxId.input.value.trim();
    const name = businessName.input.value.trim();
    const taxIdRequired = options.validation?.taxId?.required === 'always';
    const nameRule = options.validation?.businessName?.required ?? 'auto';
    if (!number) {
      if (taxIdRequired) found.taxId = 'Your tax ID is incomplete.';
    } else {
      const checked = checkTaxId(format().type, number);
      if (!checked.ok || !format().pattern.test(checked.value)) {
        found.taxId = `Your tax ID is invalid. Expected a value like ${format().example}.`;
      }
    }
    if (showsBusinessName() && !name && (nameRule === 'always' || (nameRule === 'auto' && number))) {
      found.businessName = 'Your business name is incomplete.';
    }
    return found;
  };
  const value = () => {
    const checked = checkTaxId(format().type, taxId.input.value);
    return {
      businessName: businessName.input.value.trim(),
      taxId: checked.ok ? checked.value : taxId.input.value.trim(),
      taxIdType: format().elementType ?? '',
      externalTaxIdType: format().type,
    };
  };
  const report = () => {
    const shown = visible();
    const empty = !taxId.input.value.trim() && !businessName.input.value.trim();
    post({
      kind: 'change',
      empty,
      complete: !shown || Object.keys(problems()).length === 0,
      visible: shown,
      value: value(),
    });
  };
  const render = () => {
    root.hidden = !visible();
    businessName.wrapper.hidden = !showsBusinessName();
    if (!typeChosen && needs?.country) {
      const local = ELEMENT_FORMATS.find((candidate) => candidate.country === needs?.country);
      if (local?.elementType) type.value = local.elementType;
    }
    taxId.input.placeholder = format().example;
  };
  for (const input of [businessName.input, taxId.input]) input.addEventListener('input', report);
  type.addEventListener('change', () => {
    typeChosen = true;
    render();
    report();
  });

  return {
    init(init: FrameInit) {
      options = init.options as TaxIdOptions;
      needs = init.needs;
      const defaults = options.defaultValues;
      const saved = init.defaults.taxId;
      businessName.input.value = defaults?.businessName ?? saved?.businessName ?? '';
      const savedFormat = saved
        ? ELEMENT_FORMATS.find(
            (candidate) => candidate.type === saved.type && candidate.pattern.test(saved.value),
          )
        : undefined;
      const chosen = defaults?.taxIdType ?? savedFormat?.elementType ?? undefined;
      if (chosen && formatForElementType(chosen)) {
        type.value = chosen;
        typeChosen = true;
      }
      taxId.input.value = defaults?.taxId ?? saved?.value ?? '';
      render();
      report();
    },
    session(_session: StripeCheckoutSession, latest: CollectionNeeds | null) {
      const wasVisible = visible();
      needs = latest;
      render();
      if (visible() !== wasVisible) report();
    },
    message(message: ToFrame) {
      if (message.kind === 'collect') {
        const found = visible() ? problems() : {};
        showFieldError(businessName, found.businessName ?? null);
        showFieldError(taxId, found.taxId ?? null);
        const first = found.taxId ?? found.businessName;
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: first
            ? { ok: false, message: first, empty: !taxId.input.value.trim() }
            : { ok: true, value: visible() && taxId.input.value.trim() ? value() : undefined },
        });
      } else if (message.kind === 'options') {
        options = { ...options, ...(message.options as TaxIdOptions) };
        render();
        report();
      } else if (message.kind === 'focus') (showsBusinessName() ? businessName : taxId).input.focus();
      else if (message.kind === 'clear') {
        businessName.input.value = '';
        taxId.input.value = '';
        report();
      }
    },
  };
}

/**
 * The Terms Element: the terms of service checkbox a session with `consent_collection[terms_of_service]=required`
 * needs ticked before it can be paid, linking the account's terms of service URL. Hidden otherwise. `custom_text`
 * cannot be set with `ui_mode: elements` (SessionCreateParams.custom_text), so the wording is the emulator's.
 */
export function termsFrame({ post, root }: FrameRuntime): FrameView {
  const link = document.createElement('a');
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Terms of Service';
  const { wrapper, checkbox } = labelledCheckbox('terms', 'I agree to the ', link);
  const error = document.createElement('div');
  error.id = 'terms-error';
  error.className = 'error';
  error.setAttribute('role', 'alert');
  checkbox.setAttribute('aria-describedby', error.id);
  root.append(wrapper, error);

  let needs: CollectionNeeds | null = null;
  /** The buyer's last tick or untick until the session reflects it (sessions published meanwhile are older). */
  let choice: boolean | null = null;
  const shown = () => needs?.terms === true;
  const render = () => {
    root.hidden = !shown();
    if (needs?.termsOfServiceUrl) link.href = needs.termsOfServiceUrl;
    else link.removeAttribute('href');
  };
  const report = () =>
    post({
      kind: 'change',
      empty: !checkbox.checked,
      complete: !shown() || checkbox.checked,
      value: { accepted: checkbox.checked },
    });
  checkbox.addEventListener('change', () => {
    choice = checkbox.checked;
    if (checkbox.checked) error.textContent = '';
    checkbox.removeAttribute('aria-invalid');
    report();
  });
  return {
    init(init: FrameInit) {
      needs = init.needs;
      checkbox.checked = needs?.termsAccepted ?? false;
      render();
    },
    session(_session: StripeCheckoutSession, latest: CollectionNeeds | null) {
      needs = latest;
      // The session is the truth once it has caught up with the buyer's own click: consent given elsewhere (or
      // withdrawn) shows here.
      if (latest && choice !== null && latest.termsAccepted === choice) choice = null;
      if (latest && choice === null) checkbox.checked = latest.termsAccepted;
      render();
    },
    message(message: ToFrame) {
      if (message.kind === 'collect') {
        const missing = shown() && !checkbox.checked;
        error.textContent = missing ? 'Accept the terms of service to continue.' : '';
        if (missing) checkbox.setAttribute('aria-invalid', 'true');
        else checkbox.removeAttribute('aria-invalid');
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: missing
            ? { ok: false, message: 'Accept the terms of service to continue.', empty: true }
            : { ok: true, value: { accepted: shown() && checkbox.checked } },
        });
      } else if (message.kind === 'focus') checkbox.focus();
      else if (message.kind === 'clear') {
        checkbox.checked = false;
        report();
      }
    },
  };
}

interface LinkSignupOptions {
  defaultValues?: { email?: string; name?: string; phone?: string };
}

/**
 * The Link Sign-up Element (beta; @stripe/stripe-js `StripeLinkSignupElement`): an opt-in to save the buyer's
 * details with Link, with the phone number Link needs, shown when the session offers Link. What Link then saves is
 * not emulated (FIDELITY.md).
 */
export function linkSignupFrame({ post, root }: FrameRuntime): FrameView {
  const { wrapper, checkbox } = labelledCheckbox(
    'linkOptIn',
    'Save my information for faster checkout with Link',
  );
  const phone = labelledField('linkPhone', 'Phone number', { type: 'tel', autocomplete: 'tel' });
  phone.input.type = 'tel';
  phone.wrapper.hidden = true;
  root.append(wrapper, phone.wrapper);

  let needs: CollectionNeeds | null = null;
  const render = () => {
    root.hidden = !needs?.link;
    phone.wrapper.hidden = !checkbox.checked;
  };
  const problem = () =>
    needs?.link && checkbox.checked && !phone.input.value.trim()
      ? 'Enter a phone number to save your information with Link.'
      : null;
  const report = () =>
    post({
      kind: 'change',
      empty: !checkbox.checked,
      complete: problem() === null,
      value: { optIn: checkbox.checked, phone: phone.input.value.trim() },
    });
  checkbox.addEventListener('change', () => {
    render();
    report();
  });
  phone.input.addEventListener('input', report);
  return {
    init(init: FrameInit) {
      needs = init.needs;
      const defaults = (init.options as LinkSignupOptions).defaultValues;
      phone.input.value = defaults?.phone ?? init.defaults.phone ?? '';
      render();
    },
    session(_session: StripeCheckoutSession, latest: CollectionNeeds | null) {
      needs = latest;
      render();
    },
    message(message: ToFrame) {
      if (message.kind === 'collect') {
        const found = problem();
        showFieldError(phone, found);
        post({
          kind: 'collected',
          requestId: message.requestId,
          result: found
            ? { ok: false, message: found, empty: false }
            : {
                ok: true,
                value: { optIn: Boolean(needs?.link) && checkbox.checked, phone: phone.input.value.trim() },
              },
        });
      } else if (message.kind === 'focus') checkbox.focus();
      else if (message.kind === 'clear') {
        checkbox.checked = false;
        phone.input.value = '';
        render();
        report();
      }
    },
  };
}
