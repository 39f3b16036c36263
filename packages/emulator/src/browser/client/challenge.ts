// The 3-D Secure challenge: a modal overlay in the merchant's page holding an iframe on the emulator's origin
// with "Complete" and "Fail" buttons, like Stripe's test authentication page.
import type { Appearance } from '@stripe/stripe-js';
import { FrameHost } from './frame-host.js';

export function openChallenge(origin: string, appearance: Appearance): Promise<'complete' | 'fail'> {
  return new Promise((resolve) => {
    const overlay = document.createElement('div');
    overlay.dataset.stripeEmulatorChallenge = '';
    overlay.style.cssText =
      'position: fixed; inset: 0; z-index: 2147483647; display: flex; align-items: center; ' +
      'justify-content: center; background: rgba(0, 0, 0, 0.45);';
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-label', '3D Secure authentication');
    dialog.style.cssText =
      'width: 420px; max-width: calc(100vw - 32px); background: #fff; border-radius: 8px; overflow: hidden; ' +
      'box-shadow: 0 12px 32px rgba(0, 0, 0, 0.3);';
    const host = new FrameHost({
      origin,
      kind: 'challenge',
      title: '3D Secure authentication',
      onMessage: (message) => {
        if (message.kind !== 'challenge-result') return;
        host.dispose();
        overlay.remove();
        resolve(message.result);
      },
    });
    dialog.append(host.iframe);
    overlay.append(dialog);
    document.body.append(overlay);
    host.send({
      kind: 'init',
      init: {
        appearance,
        fonts: [],
        loader: 'never',
        options: {},
        defaults: {},
        locale: document.documentElement.lang || navigator.language,
        needs: null,
      },
      session: null,
    });
  });
}
