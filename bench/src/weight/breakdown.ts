// Where the bytes of a standalone file go (issue 15): builds it with the element's own Vite config and a source map,
// gives every output byte to the module it came from, and weighs each module two ways: its minified bytes, and what
// the file's gzip loses without them ("leave one out": gzip(file) − gzip(file less that module's bytes)). The second
// is what removing the module would save; the figures do not add up to the whole, because gzip shares its window.
//
//   pnpm --filter @checkout-element/bench weight:breakdown                       # dist/stripe-checkout.js
//   pnpm --filter @checkout-element/bench weight:breakdown --mode standalone-status
//   pnpm --filter @checkout-element/bench weight:breakdown --at 5c0f1c7         # measurement only, see below
//
// `--at <commit>` weighs an older feature set: that commit's packages/element sources, built with today's Vite config
// (Lit's template-aware minifier) and an entry that defines <stripe-checkout> alone. It builds in a temporary
// folder and writes nothing to dist/: it is a measurement, never a file that ships.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const elementDir = join(repository, 'packages/element');

export interface ModuleWeight {
  /** The package file (dependencies) or the element's source path. */
  module: string;
  minified: number;
  /** gzip(file) − gzip(file without this module's bytes). */
  gzipSaved: number;
}

export interface Breakdown {
  minified: number;
  gzip: number;
  modules: ModuleWeight[];
}

const gzip = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).byteLength;

function moduleName(source: string | undefined): string {
  if (!source) return '(no source)';
  const dependency = source.lastIndexOf('node_modules/');
  if (dependency >= 0) return source.slice(dependency + 'node_modules/'.length);
  const own = source.lastIndexOf('/src/');
  return own >= 0 ? source.slice(own + 1) : source;
}

/** Builds `mode` of the element's Vite config in `root` (without writing) and weighs each module of its entry chunk. */
export async function breakdown(root: string, mode: string): Promise<Breakdown> {
  const result = await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { write: false, sourcemap: true },
  });
  const outputs = (Array.isArray(result) ? result : [result as Rolldown.RolldownOutput]).flatMap(
    (output) => output.output,
  );
  const entry = outputs.find(
    (output): output is Rolldown.OutputChunk => output.type === 'chunk' && output.isEntry,
  );
  if (!entry?.map) throw new Error(`vite build --mode ${mode} in ${root}: no entry chunk with a source map`);
  // The file as it ships: without the source-map comment this build adds.
  const code = entry.code.replace(/\n?\/\/# sourceMappingURL=.*\s*$/, '');
  const map = new SourceMap(JSON.parse(entry.map.toString()));
  const owners: string[] = [];
  const lines = code.split('\n');
  for (const [line, text] of lines.entries()) {
    for (let column = 0; column < text.length; column++) {
      const found = map.findEntry(line, column) as { originalSource?: string };
      owners.push(moduleName(found.originalSource));
    }
    if (line < lines.length - 1) owners.push(owners.at(-1) ?? '(no source)');
  }
  const whole = gzip(code);
  // UTF-8 bytes, as the file is served: an ellipsis in a message is one character and three bytes.
  const counts = new Map<string, number>();
  for (const [index, owner] of owners.entries()) {
    const unit = code.charCodeAt(index);
    counts.set(
      owner,
      (counts.get(owner) ?? 0) +
        (unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit < 0xe000) ? 2 : 3),
    );
  }
  const modules = [...counts].map(([module, minified]) => {
    let rest = '';
    for (let index = 0; index < code.length; index++) if (owners[index] !== module) rest += code[index];
    return { module, minified, gzipSaved: whole - gzip(rest) };
  });
  modules.sort((a, b) => b.gzipSaved - a.gzipSaved);
  return { minified: Buffer.byteLength(code), gzip: whole, modules };
}

/** Measurement only: `commit`'s element sources in a temporary folder, today's config, <stripe-checkout> alone. */
async function breakdownAt(commit: string): Promise<Breakdown> {
  const folder = mkdtempSync(join(tmpdir(), 'checkout-weight-'));
  try {
    const archive = execFileSync('git', ['archive', commit, 'packages/element', 'tsconfig.json'], {
      cwd: repository,
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', folder], { input: archive });
    const root = join(folder, 'packages/element');
    await copyFile(join(elementDir, 'vite.config.ts'), join(root, 'vite.config.ts'));
    symlinkSync(join(elementDir, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(
      join(root, 'src/standalone.ts'),
      "// Measurement only (bench/src/weight/breakdown.ts --at): <stripe-checkout> alone.\nexport * from './index.js';\n",
    );
    return await breakdown(root, 'standalone');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function group(module: string): string {
  if (/^(lit-html|lit-element|@lit\/reactive-element)\//.test(module)) return 'Lit';
  return module;
}

function render(title: string, result: Breakdown): string {
  const rows = result.modules.map((entry) => `| ${entry.module} | ${entry.minified} | ${entry.gzipSaved} |`);
  const lit = result.modules.filter((entry) => group(entry.module) === 'Lit');
  const litSaved = lit.reduce((sum, entry) => sum + entry.gzipSaved, 0);
  return [
    `${title}: ${result.minified} B minified, ${result.gzip} B gzip (level 9)`,
    '',
    '| module | minified B | gzip saved without it, B |',
    '|---|---:|---:|',
    ...rows,
    '',
    `Lit (${lit.map((entry) => entry.module).join(', ')}): ${litSaved} B gzip saved by the sum of its modules.`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { mode: { type: 'string', default: 'standalone' }, at: { type: 'string' } },
  });
  if (values.at) {
    const result = await breakdownAt(values.at);
    console.log(
      render(
        `MEASUREMENT ONLY, not a shipped file: ${values.at}'s <stripe-checkout> sources, today's build config`,
        result,
      ),
    );
  } else {
    const mode = values.mode ?? 'standalone';
    const result = await breakdown(elementDir, mode);
    console.log(render(`vite build --mode ${mode} (${relative(repository, elementDir)})`, result));
  }
}
