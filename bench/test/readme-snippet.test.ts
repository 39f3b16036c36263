// The layout-shift figure is only meaningful for the snippet people copy: the benchmarked page must be built from
// the README's block, placeholders filled in and nothing else changed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SNIPPET_PLACEHOLDERS, elementPage, readmeSnippet } from '../src/browser/pages.js';

const config = {
  publishableKey: 'pk_test_bench',
  price: 'price_bench',
  sessionEndpoint: '/api/checkout/sessions',
};

test('the benchmarked element page contains the README embed snippet verbatim (placeholders filled in)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const snippet = readmeSnippet(readme);
  assert.match(snippet, /<stripe-checkout /);
  const filled = snippet
    .replaceAll(SNIPPET_PLACEHOLDERS.script, '/element/stripe-checkout.js')
    .replaceAll(SNIPPET_PLACEHOLDERS.publishableKey, config.publishableKey)
    .replaceAll(SNIPPET_PLACEHOLDERS.price, config.price);
  const page = elementPage(config);
  const tagAt = filled.indexOf('<stripe-checkout');
  // The head part and the tag, each verbatim, in that order.
  const headAt = page.indexOf(filled.slice(0, tagAt));
  assert.ok(headAt >= 0, "the snippet's <head> part is on the page as written");
  assert.ok(page.indexOf(filled.slice(tagAt), headAt) > headAt, "the snippet's tag follows it as written");
});

test('a README without the marked snippet fails loudly instead of benchmarking something else', () => {
  assert.throws(() => readmeSnippet('# no snippet here\n'), /embed-snippet/);
  assert.throws(
    () => readmeSnippet('<!-- embed-snippet -->\n```html\n<stripe-checkout></stripe-checkout>\n```\n'),
    /placeholder/,
  );
});
