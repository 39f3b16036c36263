// Attribute each byte of the minified standalone output to its source module via the source map, then report
// raw bytes and gzip leave-one-out (gzip(all) - gzip(all minus the group's bytes)) per group.
import { build } from 'vite';
import { SourceMap } from 'node:module';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
const root = process.argv[2];
const entry = process.argv[3] ?? 'src/standalone.ts';
process.chdir(root);
const out = await build({ root, mode: 'standalone', logLevel: 'silent', build: { write: false, sourcemap: true, lib: { entry, formats: ['es'], fileName: () => 'x.js' } } });
const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
const chunk = outputs.find((o) => o.type === 'chunk' && o.isEntry);
const code = chunk.code;
const map = new SourceMap(typeof chunk.map === 'string' ? JSON.parse(chunk.map) : chunk.map);
const gz = (s) => gzipSync(Buffer.from(s), { level: 9 }).length;
function group(src) {
  if (!src) return '(no mapping)';
  src = src.replace(/^.*node_modules\//, 'nm/').replace(/^.*\/src\//, 'src/');
  if (src.startsWith("nm/")) return src.replace(/^.*node_modules\//, "");
  if (src.includes('@lit/reactive-element')) return '@lit/reactive-element';
  if (src.includes('lit-element')) return 'lit-element';
  if (src.includes('stripe-js')) return '@stripe/stripe-js';
  return src;
}
const lines = code.split('\n');
const owner = []; // per char
let off = 0;
for (let l = 0; l < lines.length; l++) {
  const line = lines[l];
  for (let c = 0; c < line.length; c++) {
    const e = map.findEntry(l, c);
    owner.push(group(e && e.originalSource));
  }
  owner.push(owner[owner.length - 1] ?? '(no mapping)'); // newline
}
const total = gz(code);
const groups = new Map();
for (const g of owner) groups.set(g, (groups.get(g) ?? 0) + 1);
const rows = [];
for (const [g, raw] of groups) {
  let rest = '';
  for (let i = 0; i < code.length; i++) if (owner[i] !== g) rest += code[i];
  rows.push([g, raw, total - gz(rest)]);
}
rows.sort((a, b) => b[2] - a[2]);
console.log(`total ${code.length} B min, ${total} B gzip`);
for (const [g, raw, d] of rows) console.log(`${String(d).padStart(6)} gz  ${String(raw).padStart(6)} raw  ${g}`);
console.log('sum of leave-one-out', rows.reduce((s, r) => s + r[2], 0));
