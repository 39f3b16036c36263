// The build may minify this package's own code and its html``/css`` templates, never what a dependency published:
// the standalone file inlines lit, and a whitespace rewrite over the whole chunk once broke lit-html's whitespace
// class (and a @stripe/stripe-js message, when its loader was still bundled). This compares literal values (strings,
// template strings, regular expressions), which a minifier may re-quote but must never change.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'vite';

const root = new URL('../../', import.meta.url);
const litDir = realpathSync(fileURLToPath(new URL('node_modules/lit', root)));
// The production builds Vite bundles (no `development` condition).
const DEPENDENCIES = {
  'lit-html': join(dirname(litDir), 'lit-html', 'lit-html.js'),
  'lit-element': join(dirname(litDir), 'lit-element', 'lit-element.js'),
  '@lit/reactive-element': join(dirname(litDir), '@lit', 'reactive-element', 'reactive-element.js'),
  '@lit/reactive-element css-tag': join(dirname(litDir), '@lit', 'reactive-element', 'css-tag.js'),
};

/** Every literal value of a module: strings, cooked template parts, and regular expressions as /source/flags. */
function literalsOf(code) {
  const values = [];
  (function walk(node) {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Literal' && typeof node.value === 'string') values.push(node.value);
    if (node.type === 'Literal' && node.regex) values.push(`/${node.regex.pattern}/${node.regex.flags}`);
    if (node.type === 'TemplateElement' && node.value.cooked !== null) values.push(node.value.cooked);
    for (const key of Object.keys(node)) if (key !== 'parent') walk(node[key]);
  })(parseAst(code));
  return values;
}

function built(file) {
  const url = new URL(`dist/${file}`, root);
  if (!existsSync(url)) assert.fail(`dist/${file} is missing: run the package build first`);
  return readFileSync(url, 'utf8');
}
// The checkout page's and the return page's single files: each inlines its own copy of lit.
const STANDALONE = ['stripe-checkout.js', 'stripe-checkout-status.js'];

test('lit-html’s whitespace class ships as published', () => {
  for (const file of STANDALONE) {
    const shipped = new Set(literalsOf(built(file)));
    assert.ok(
      shipped.has('[ \t\n\f\r]'),
      `dist/${file}: lit-html’s SPACE_CHAR class \`[ \\t\\n\\f\\r]\` was changed`,
    );
  }
});

test('@stripe/stripe-js and @checkout-element/protocol ship no code: the element uses their types only', () => {
  for (const file of [...STANDALONE, 'index.js', 'status.js']) {
    const code = built(file);
    assert.ok(!code.includes('@stripe/stripe-js'), `dist/${file} imports @stripe/stripe-js`);
    assert.ok(!code.includes('invalid load parameters'), `dist/${file} bundles @stripe/stripe-js's loader`);
    assert.ok(!code.includes('@checkout-element/protocol'), `dist/${file} imports the protocol at run time`);
    assert.ok(!/\bzod\b|safeParse/.test(code), `dist/${file} bundles zod`);
  }
});

for (const file of STANDALONE)
  test(`no literal of a bundled dependency reaches dist/${file} with its whitespace changed`, () => {
    const shipped = literalsOf(built(file));
    const skeleton = (value) => value.replace(/\s+/g, '');
    const shippedBySkeleton = new Map();
    for (const value of shipped) {
      const key = skeleton(value);
      if (key.length >= 4) shippedBySkeleton.set(key, [...(shippedBySkeleton.get(key) ?? []), value]);
    }
    const changed = [];
    let checked = 0;
    for (const [name, path] of Object.entries(DEPENDENCIES)) {
      for (const value of literalsOf(readFileSync(path, 'utf8'))) {
        // Only literals whose whitespace a rewrite could alter; one a minifier dropped (dead code) has no twin.
        if (!/[\t\n\f\r]| {2}/.test(value)) continue;
        const twins = shippedBySkeleton.get(skeleton(value));
        if (!twins) continue;
        checked++;
        // The minifier may join adjacent strings: the published value must survive inside one shipped value.
        if (!twins.some((twin) => twin === value || twin.includes(value)))
          changed.push(`${name}: ${JSON.stringify(value)}`);
      }
    }
    assert.ok(checked >= 1, `no whitespace-sensitive literal of lit found to check (${checked})`);
    assert.deepEqual(changed, []);
  });

test("each single file starts with V8's compile hint, so its functions compile off the main thread", () => {
  // vite.config.ts prepends it after minifying (issue 15: the traced own-script time 23.9 → 17.8 ms); a minifier or
  // banner change that drops it would only show as a slower main thread in the bench.
  for (const file of STANDALONE)
    assert.ok(built(file).startsWith('//# allFunctionsCalledOnLoad\n'), `dist/${file} lost its compile hint`);
  for (const file of ['index.js', 'status.js'])
    assert.ok(
      !built(file).includes('allFunctionsCalledOnLoad'),
      `dist/${file}: an app's bundler decides, not us`,
    );
});
