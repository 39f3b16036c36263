/**
 * Stripe.js refuses to mount into a node whose root is a ShadowRoot, so every mount point lives in the document's
 * light DOM. When the element itself sits inside other components' shadow roots, the mount node becomes a child of
 * the outermost (document-level) host, and a chain of forwarding `<slot>`s — one per enclosing shadow root, each a
 * light-DOM child of the next host inwards — carries it down to the element's own named slot.
 */
export class LightDomMounts {
  readonly #created: Element[] = [];
  readonly #host: HTMLElement;
  readonly #instanceId: string;

  constructor(host: HTMLElement, instanceId: string) {
    this.#host = host;
    this.#instanceId = instanceId;
  }

  /** Returns a node in the document's light DOM, rendered where `host`'s shadow `<slot name=slotName>` is. */
  create(slotName: string): HTMLElement {
    const mount = document.createElement('div');
    mount.id = `${this.#instanceId}-${slotName}`;
    mount.className = 'stripe-checkout-mount';
    // The page's stylesheet reaches this light-DOM node (a CMS theme's 'div { display: flex; align-items: center }'
    // shrinks Stripe's iframes); an inline !important declaration wins over it.
    mount.style.cssText = 'display:block!important';
    let targetSlot = slotName;
    let innerHost: Element = this.#host;
    let root = innerHost.getRootNode();
    // Walk outwards: each enclosing shadow root gets a forwarding slot placed on the host one level in.
    while (root instanceof ShadowRoot) {
      const forward = document.createElement('slot');
      forward.name = `${this.#instanceId}-${slotName}`;
      forward.slot = targetSlot;
      innerHost.append(forward);
      this.#created.push(forward);
      targetSlot = forward.name;
      innerHost = root.host;
      root = innerHost.getRootNode();
    }
    mount.slot = targetSlot;
    innerHost.append(mount);
    this.#created.push(mount);
    return mount;
  }

  /** The mount points created so far (Stripe's mounts, not the forwarding slots). */
  nodes(): HTMLElement[] {
    return this.#created.filter((node): node is HTMLElement => node instanceof HTMLDivElement);
  }

  removeAll(): void {
    for (const node of this.#created.splice(0)) node.remove();
  }
}
