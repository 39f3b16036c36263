// The "Stripe Checkout" block in the editor: a sidebar to pick one of the site's prices, the quantity, the theme
// and what happens after payment, and a placeholder in the canvas. The page itself is rendered by PHP
// (render_callback), so nothing is saved in the post but the block's attributes. Written against the `wp.*`
// globals WordPress provides, so the plugin ships without a build step of its own.
(() => {
  const { registerBlockType } = wp.blocks;
  const { createElement: el, Fragment } = wp.element;
  const { InspectorControls, useBlockProps } = wp.blockEditor;
  const { PanelBody, Placeholder, SelectControl, TextControl, Notice, ExternalLink } = wp.components;
  const { __, sprintf } = wp.i18n;

  const config = window.checkoutElementEditor ?? { prices: [], missing: [], settingsUrl: null };

  function Edit({ attributes, setAttributes }) {
    const blockProps = useBlockProps();
    const price = config.prices.find((candidate) => candidate.id === attributes.price);
    const min = price ? price.min : 1;
    const max = price ? price.max : 99;

    const sidebar = el(
      InspectorControls,
      null,
      el(
        PanelBody,
        { title: __('Checkout', 'checkout-element'), initialOpen: true },
        el(SelectControl, {
          label: __('Price', 'checkout-element'),
          value: attributes.price,
          options: [
            { label: __('Choose a price…', 'checkout-element'), value: '' },
            ...config.prices.map((option) => ({
              label: `${option.name} — ${option.amount}`,
              value: option.id,
            })),
          ],
          help:
            config.prices.length === 0
              ? __(
                  'No prices yet: an administrator adds them in Settings → Checkout Element.',
                  'checkout-element',
                )
              : __('Only the prices this site sells are listed.', 'checkout-element'),
          onChange: (value) => setAttributes({ price: value }),
        }),
        el(TextControl, {
          label: __('Quantity', 'checkout-element'),
          type: 'number',
          min,
          max,
          value: String(attributes.quantity),
          onChange: (value) => {
            const quantity = Number.parseInt(value, 10);
            if (Number.isInteger(quantity))
              setAttributes({ quantity: Math.min(max, Math.max(min, quantity)) });
          },
        }),
        el(SelectControl, {
          label: __('Theme', 'checkout-element'),
          value: attributes.theme,
          options: [
            { label: __('Automatic (follows the page)', 'checkout-element'), value: 'auto' },
            { label: __('Stripe', 'checkout-element'), value: 'stripe' },
            { label: __('Night', 'checkout-element'), value: 'night' },
            { label: __('Flat', 'checkout-element'), value: 'flat' },
          ],
          onChange: (value) => setAttributes({ theme: value }),
        }),
        el(SelectControl, {
          label: __('After payment', 'checkout-element'),
          value: attributes.redirect,
          options: [
            { label: __('Thank the buyer on this page', 'checkout-element'), value: 'if_required' },
            { label: __('Always go to the return page', 'checkout-element'), value: 'always' },
          ],
          onChange: (value) => setAttributes({ redirect: value }),
        }),
      ),
    );

    const problems = [];
    if (config.missing.length > 0) {
      problems.push(
        el(
          Notice,
          { status: 'warning', isDismissible: false, key: 'missing' },
          sprintf(
            __('The checkout is not set up yet: add %s.', 'checkout-element'),
            config.missing.join(', '),
          ),
          config.settingsUrl ? ' ' : null,
          config.settingsUrl
            ? el(ExternalLink, { href: config.settingsUrl }, __('Settings', 'checkout-element'))
            : null,
        ),
      );
    }
    if (attributes.price && !price) {
      problems.push(
        el(
          Notice,
          { status: 'error', isDismissible: false, key: 'unknown' },
          sprintf(
            __('%s is no longer one of the prices this site sells.', 'checkout-element'),
            attributes.price,
          ),
        ),
      );
    }

    return el(
      Fragment,
      null,
      sidebar,
      el(
        'div',
        blockProps,
        el(
          Placeholder,
          {
            icon: 'cart',
            label: __('Stripe Checkout', 'checkout-element'),
            instructions: price
              ? sprintf(
                  __(
                    '%1$s × %2$d — %3$s each. The card form appears on the published page.',
                    'checkout-element',
                  ),
                  price.name,
                  attributes.quantity,
                  price.amount,
                )
              : __('Choose a price in the block settings.', 'checkout-element'),
          },
          ...problems,
        ),
      ),
    );
  }

  registerBlockType('checkout-element/checkout', { edit: Edit, save: () => null });
})();
