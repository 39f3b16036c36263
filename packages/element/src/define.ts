/**
 * Registers a tag unless it already is: a CMS may include the script twice, and `define` would throw the second
 * time. On a server (no `customElements`) it does nothing.
 */
export function defineElement(tag: string, elementClass: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(tag)) customElements.define(tag, elementClass);
}
