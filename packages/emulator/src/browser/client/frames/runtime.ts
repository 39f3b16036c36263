// What every iframe shares: the channel to the stand-in in the parent page (strict origin and window checks),
// appearance and fonts, and reporting its own height so the parent sizes the <iframe> without scrollbars.
import type { Appearance, StripeCheckoutSession } from '@stripe/stripe-js';
import type { CollectionNeeds, Envelope, FrameInit, Fonts, FromFrame, ToFrame } from '../protocol.js';
import { isEnvelope } from '../protocol.js';
import { applyAppearance, FRAME_STYLES } from './styles.js';

export interface FrameRuntime {
  post(message: FromFrame): void;
  root: HTMLElement;
}

export interface FrameView {
  init(init: FrameInit): void;
  /** The session after every change, with what it asks the buyer for (null before it loaded). */
  session(session: StripeCheckoutSession, needs: CollectionNeeds | null): void;
  message(message: ToFrame): void;
}

export function startFrame(createView: (runtime: FrameRuntime) => FrameView): void {
  const params = new URLSearchParams(window.location.search);
  const channel = params.get('channel') ?? '';
  const parentOrigin = params.get('parentOrigin') ?? '';
  // An opaque parent (file://, sandboxed) has origin "null": the target origin cannot be named then.
  const targetOrigin = parentOrigin && parentOrigin !== 'null' ? parentOrigin : '*';
  const style = document.createElement('style');
  style.textContent = FRAME_STYLES;
  document.head.append(style);
  const root = document.createElement('main');
  document.body.append(root);

  const post = (message: FromFrame) => {
    const envelope: Envelope<FromFrame> = { stripeEmulator: 1, channel, message };
    window.parent.postMessage(envelope, targetOrigin);
  };
  const runtime: FrameRuntime = { post, root };
  const view = createView(runtime);
  let initialised = false;
  let readySent = false;
  let fonts: Fonts = [];
  // The height goes out before `ready`: Stripe.js's `ready` means "the element is fully rendered" (@stripe/stripe-js
  // types, StripePaymentElement `on('ready')`), so the page sees the iframe at its final height when it hears it.
  const sendReady = (session: StripeCheckoutSession | null) => {
    if (!initialised || readySent || !session) return;
    readySent = true;
    reportHeight();
    post({ kind: 'ready' });
  };
  const setAppearance = (appearance: Appearance) => {
    applyAppearance(appearance);
    post({ kind: 'appearance-applied', appearance });
    reportFonts();
  };
  // Which font families this frame has loaded, once pending loads settle: the page can check that `fonts` /
  // `loadFonts()` and `appearance.variables.fontFamily` really reached the form.
  let fontsReport = 0;
  const reportFonts = () => {
    const report = ++fontsReport;
    void document.fonts.ready.then(() => {
      if (report !== fontsReport) return;
      const families = new Set<string>();
      for (const face of document.fonts) {
        if (face.status === 'loaded') families.add(face.family.replace(/^["']|["']$/g, ''));
      }
      post({ kind: 'fonts-applied', families: [...families] });
      reportHeight(); // new metrics, even while not rendered
    });
  };

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent) return;
    if (targetOrigin !== '*' && event.origin !== targetOrigin) return;
    if (!isEnvelope(event.data) || event.data.channel !== channel) return;
    const message = event.data.message as ToFrame;
    switch (message.kind) {
      case 'init':
        fonts = message.init.fonts;
        document.documentElement.lang = message.init.locale;
        loadFonts(fonts, reportFonts);
        setAppearance(message.init.appearance);
        document.body.dataset.loader = message.init.loader;
        view.init(message.init);
        initialised = true;
        if (message.session) view.session(message.session, message.init.needs);
        sendReady(message.session);
        break;
      case 'session':
        view.session(message.session, message.needs);
        sendReady(message.session);
        break;
      case 'appearance':
        setAppearance(message.appearance);
        break;
      case 'fonts': {
        const known = new Set(fonts.map((font) => JSON.stringify(font)));
        loadFonts(
          message.fonts.filter((font) => !known.has(JSON.stringify(font))),
          reportFonts,
        );
        fonts = message.fonts;
        break;
      }
      default:
        view.message(message);
    }
    reportHeight();
  });

  // Stripe's frames tell the page their content height and Stripe.js sets it on the <iframe> (stripe/stripe-js#319:
  // the inline `height` Stripe.js wrote, 2 px for a frame laid out in a hidden container; #644: frames start at 1 px).
  // A frame off screen must still report the right height: Chromium does not render an off-screen cross-origin
  // frame, so neither ResizeObserver nor animation frames run in it, and a page laying the form out below the fold
  // would see it grow when the buyer scrolls to it. So the height is measured by forced layout (which a throttled
  // frame still performs) whenever the content changes (a MutationObserver: a microtask, not a rendering step),
  // after each message from the page, and by a ResizeObserver for width changes while rendered. Only changes are
  // posted. The body's own height, not scrollHeight: that never drops below the iframe's height, so cannot shrink.
  let reported = -1;
  const reportHeight = () => {
    const height = document.body.getBoundingClientRect().height;
    if (height === reported) return;
    reported = height;
    post({ kind: 'height', height });
  };
  new ResizeObserver(reportHeight).observe(document.body);
  new MutationObserver(reportHeight).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  window.addEventListener('focusin', () => post({ kind: 'focus' }));
  window.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && document.body.contains(event.relatedTarget)))
      post({ kind: 'blur' });
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') post({ kind: 'escape' });
  });
  post({ kind: 'loaded' });
  reportHeight();
}

/**
 * Stripe's font sources (https://docs.stripe.com/js/appendix/css_font_source_object and
 * …/custom_font_source_object): a stylesheet of `@font-face` rules, or one face given by family and `src`. Custom
 * faces are loaded at once (FontFace API), so a family the appearance names is ready when the form renders.
 */
function loadFonts(fonts: Fonts, loaded: () => void): void {
  for (const font of fonts) {
    if ('cssSrc' in font) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = font.cssSrc;
      link.addEventListener('load', loaded);
      document.head.append(link);
    } else {
      const face = new FontFace(font.family, font.src, {
        ...(font.weight ? { weight: font.weight } : {}),
        ...(font.style ? { style: font.style } : {}),
        ...(font.display ? { display: font.display as FontDisplay } : {}),
        ...(font.unicodeRange ? { unicodeRange: font.unicodeRange } : {}),
      });
      document.fonts.add(face);
      face.load().then(loaded, (error: unknown) => {
        console.warn(`Font "${font.family}" could not be loaded: ${String(error)}`);
        loaded();
      });
    }
  }
}

/** A labelled input with its own error line, wired for screen readers. */
export function labelledField(
  id: string,
  label: string,
  attributes: Record<string, string> = {},
): { wrapper: HTMLDivElement; input: HTMLInputElement; error: HTMLDivElement } {
  const wrapper = fieldRow(id, label);
  const input = document.createElement('input');
  input.id = id;
  input.name = id;
  input.type = 'text';
  for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
  const error = document.createElement('div');
  error.id = `${id}-error`;
  error.className = 'error';
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', error.id);
  wrapper.append(input, error);
  return { wrapper, input, error };
}

/** The frame styles' `.field` row, holding the label of the control `id` (which the caller appends). */
function fieldRow(id: string, label: string): HTMLDivElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'field';
  const labelElement = document.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  wrapper.append(labelElement);
  return wrapper;
}

/** A labelled `<select>` in the frame styles' `.field` layout. */
export function labelledSelect(
  id: string,
  label: string,
): { wrapper: HTMLDivElement; select: HTMLSelectElement } {
  const wrapper = fieldRow(id, label);
  const select = document.createElement('select');
  select.id = id;
  wrapper.append(select);
  return { wrapper, select };
}

/** A checkbox and its label (text, or text and links) in the frame styles' `.check` row. */
export function labelledCheckbox(
  id: string,
  ...label: Array<string | Node>
): { wrapper: HTMLDivElement; checkbox: HTMLInputElement } {
  const wrapper = document.createElement('div');
  wrapper.className = 'check';
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  checkbox.id = id;
  const labelElement = document.createElement('label');
  labelElement.htmlFor = id;
  labelElement.append(...label);
  wrapper.append(checkbox, labelElement);
  return { wrapper, checkbox };
}

/** A `<button type="button">` styled by one of the frame styles' button classes. */
export function actionButton(className: 'primary' | 'secondary' | 'wallet', text: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = text;
  return element;
}

export function showFieldError(
  field: { input: HTMLInputElement; error: HTMLDivElement },
  message: string | null,
): void {
  field.error.textContent = message ?? '';
  if (message) field.input.setAttribute('aria-invalid', 'true');
  else field.input.removeAttribute('aria-invalid');
}
