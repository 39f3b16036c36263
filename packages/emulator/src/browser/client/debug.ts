// `window.__stripeEmulator`: a read-only view for tests of what the stand-in and its iframes hold. Cross-origin
// iframes cannot be read from the page, so each iframe reports the appearance it applied, and it is kept here
// (and mirrored on the <iframe> as `data-appearance`).
import type { Appearance, CssFontSource, CustomFontSource } from '@stripe/stripe-js';
import type { EmulatedElement } from './element.js';

interface DebuggedSdk {
  readonly appearance: Appearance;
  readonly elements: ReadonlyMap<string, EmulatedElement>;
  /** `Stripe(pk, { locale })` as given (`auto` when none was). */
  readonly locale: string;
  /** `elementsOptions.fonts` plus everything `loadFonts()` added. */
  readonly fonts: ReadonlyArray<CssFontSource | CustomFontSource>;
}

export interface ElementSnapshot {
  /**
   * `payment`, `expressCheckout`, `billingAddress`, `shippingAddress`, `contactDetails`, `currencySelector`,
   * `taxId`, `terms`, `linkSignup`.
   */
  slot: string;
  mounted: boolean;
  ready: boolean;
  /** The appearance the iframe reported it applied (null until it has). */
  appliedAppearance: Appearance | null;
  /** The font families the iframe reported it loaded (null until it has). */
  appliedFonts: string[] | null;
}

export interface StripeEmulatorDebug {
  /** The release train of the loaded script: `clover`, `dahlia`, `endive` or `v3`. */
  readonly version: string;
  /** The emulator origin the stand-in talks to. */
  readonly origin: string;
  /** One entry per Checkout SDK created on this page, oldest first. */
  instances(): Array<{
    appearance: Appearance;
    locale: string;
    fonts: Array<CssFontSource | CustomFontSource>;
    elements: ElementSnapshot[];
  }>;
  /** The appearance applied inside the newest mounted iframe of that element slot, or null. */
  appliedAppearance(slot: string): Appearance | null;
  /** The font families loaded inside the newest mounted iframe of that element slot, or null. */
  appliedFonts(slot: string): string[] | null;
  /** What wrappers told Stripe.js about themselves (`registerAppInfo`, `_registerWrapper`), oldest first. */
  appInfo(): Array<{ via: 'registerAppInfo' | '_registerWrapper'; name: string; version?: string }>;
}

interface Registry extends StripeEmulatorDebug {
  register(sdk: DebuggedSdk): void;
  registerAppInfo(info: { name: string; version?: string }): void;
  registerWrapper(wrapper: { name: string; version?: string }): void;
}

declare global {
  interface Window {
    __stripeEmulator?: StripeEmulatorDebug;
  }
}

let registry: Registry | null = null;

export function installDebugRegistry(version: string, origin: string): void {
  // Weak: the registry must not keep an SDK (and its Elements and iframes) alive once the page dropped it.
  let sdks: WeakRef<DebuggedSdk>[] = [];
  const live = () => {
    sdks = sdks.filter((ref) => ref.deref() !== undefined);
    return sdks.map((ref) => ref.deref()!);
  };
  const appInfo: Array<{ via: 'registerAppInfo' | '_registerWrapper'; name: string; version?: string }> = [];
  const describe = (
    via: 'registerAppInfo' | '_registerWrapper',
    info: { name: string; version?: string },
  ) => ({
    via,
    name: info.name,
    ...(info.version !== undefined ? { version: info.version } : {}),
  });
  const snapshot = (sdk: DebuggedSdk) => ({
    appearance: sdk.appearance,
    locale: sdk.locale,
    fonts: [...sdk.fonts],
    elements: [...sdk.elements].map(([slot, element]) => ({
      slot,
      mounted: element.mounted,
      ready: element.isReady,
      appliedAppearance: element.appliedAppearance,
      appliedFonts: element.appliedFonts ? [...element.appliedFonts] : null,
    })),
  });
  const newestMounted = (slot: string) => {
    for (const sdk of live().reverse()) {
      const element = sdk.elements.get(slot);
      if (element?.mounted) return element;
    }
    return undefined;
  };
  registry = {
    version,
    origin,
    register: (sdk) => {
      // Collected SDKs leave empty WeakRefs: drop them here too, so a page that creates checkouts for hours
      // without ever reading the registry keeps a list as long as its live SDKs, not one cell per SDK ever made.
      live();
      sdks.push(new WeakRef(sdk));
    },
    registerAppInfo: (info) => {
      appInfo.push(describe('registerAppInfo', info));
    },
    registerWrapper: (wrapper) => {
      appInfo.push(describe('_registerWrapper', wrapper));
    },
    appInfo: () => appInfo.map((entry) => ({ ...entry })),
    instances: () => live().map(snapshot),
    appliedAppearance: (slot) => newestMounted(slot)?.appliedAppearance ?? null,
    appliedFonts: (slot) => {
      const fonts = newestMounted(slot)?.appliedFonts;
      return fonts ? [...fonts] : null;
    },
  };
  const { register: _register, registerAppInfo: _info, registerWrapper: _wrapper, ...view } = registry;
  window.__stripeEmulator = Object.freeze(view);
}

export function debugRegistry(): Registry {
  if (!registry) installDebugRegistry('unknown', window.location.origin);
  return registry!;
}
