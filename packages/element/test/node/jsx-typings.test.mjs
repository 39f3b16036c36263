// The framework typings are generated from custom-elements.json (scripts/make-jsx.mjs). This holds the files to
// the manifest: they are what the generator writes for it, and every attribute, writable property and event of each
// tag is typed — nothing more, nothing less.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { elementsOf, renderJsxTypings } from '../../scripts/make-jsx.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => {
  const url = new URL(path, root);
  if (!existsSync(url))
    assert.fail(`${path} is missing: run \`pnpm --filter @checkout-element/element build\``);
  return readFileSync(url, 'utf8');
};

test('src/jsx/* is exactly what the generator makes of custom-elements.json', () => {
  const manifest = JSON.parse(read('custom-elements.json'));
  for (const [file, content] of Object.entries(renderJsxTypings(manifest))) {
    assert.equal(read(`src/jsx/${file}`), content, `src/jsx/${file} differs from the manifest's typings`);
  }
});

/** The quoted keys of one interface / the names of one Pick in the generated text. */
function keysOf(text, declaration) {
  const start = text.indexOf(declaration);
  assert.ok(start >= 0, `${declaration} is not generated`);
  const body = text.slice(start, text.indexOf('\n}', start));
  return [...body.matchAll(/'([^']+)'\??:/g)].map((match) => match[1]);
}

test('each tag types every attribute, writable property and event of the manifest', () => {
  const manifest = JSON.parse(read('custom-elements.json'));
  const props = read('src/jsx/element-props.ts');
  const elements = elementsOf(manifest);
  assert.deepEqual(
    elements.map((element) => element.tag),
    ['stripe-checkout', 'stripe-checkout-status'],
  );
  for (const element of elements) {
    const name = element.className;
    assert.deepEqual(
      keysOf(props, `export interface ${name}Attributes {`),
      element.attributes.map((attribute) => attribute.name),
    );
    assert.deepEqual(
      keysOf(props, `export interface ${name}Events {`),
      element.events.map((event) => `on${event}`),
    );
    const picked = new RegExp(`export type ${name}Properties = Partial<Pick<${name}, ([^>]+)>>;`).exec(props);
    assert.ok(picked, `${name}Properties is not generated`);
    assert.deepEqual(
      [...picked[1].matchAll(/'([^']+)'/g)].map((match) => match[1]),
      element.properties,
    );
    for (const file of ['react.ts', 'preact.ts', 'vue.ts']) {
      assert.match(
        read(`src/jsx/${file}`),
        new RegExp(`'${element.tag}': `),
        `${file} declares <${element.tag}>`,
      );
    }
  }
  const checkout = elements.find((element) => element.tag === 'stripe-checkout');
  assert.ok(checkout.properties.includes('fetchClientSecret') && !checkout.properties.includes('state'));
});
