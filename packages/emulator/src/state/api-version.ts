import type { UiModeKind } from './records.js';

/** The newest API version: what a request without a `Stripe-Version` header gets (the `stripe` 23.x default). */
export const LATEST_API_VERSION = '2026-10-28.endive';

/** From this version on, `custom`/`embedded`/`hosted` are called `elements`/`embedded_page`/`hosted_page`. */
const RENAME_VERSION_DATE = '2026-03-25';

const VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2})(\.[a-z]+)?$/;

export function isValidApiVersion(version: string): boolean {
  return VERSION_PATTERN.test(version);
}

export function usesRenamedUiModes(apiVersion: string): boolean {
  const date = VERSION_PATTERN.exec(apiVersion)?.[1] ?? LATEST_API_VERSION.slice(0, 10);
  return date >= RENAME_VERSION_DATE;
}

/** The `ui_mode` values the API accepts at a version, in Stripe's order (for the invalid-enum message). */
export function uiModeNames(apiVersion: string): readonly string[] {
  return usesRenamedUiModes(apiVersion)
    ? ['elements', 'embedded_page', 'hosted_page']
    : ['custom', 'embedded', 'hosted'];
}

export function uiModeName(kind: UiModeKind, apiVersion: string): string {
  const renamed = usesRenamedUiModes(apiVersion);
  switch (kind) {
    case 'elements':
      return renamed ? 'elements' : 'custom';
    case 'embedded':
      return renamed ? 'embedded_page' : 'embedded';
    default:
      return renamed ? 'hosted_page' : 'hosted';
  }
}

export function parseUiMode(name: string, apiVersion: string): UiModeKind | undefined {
  const index = uiModeNames(apiVersion).indexOf(name);
  return index < 0 ? undefined : (['elements', 'embedded', 'hosted'] as const)[index];
}
