import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defineConfig, type Plugin } from 'vite';

const sourceDir = fileURLToPath(new URL('./src/', import.meta.url));

/**
 * Lit's own template minifier: it parses each module, and rewrites only the `html`/`css` tagged templates (markup
 * with html-minifier-next, styles with lightningcss). It runs on this package's sources only, before TypeScript is
 * stripped, so dependency code (lit-html, @stripe/stripe-js) ships exactly as published
 * (test/node/dist-integrity.test.mjs holds that).
 */
function minifyTemplates(): Plugin {
  return {
    ...minifyHtmlLiterals({
      filter: (id) => id.startsWith(sourceDir) && id.endsWith('.ts'),
      failOnError: true,
    }),
    enforce: 'pre',
  } as Plugin;
}

/**
 * V8's explicit compile hint (Chrome 136+, https://v8.dev/blog/explicit-compile-hints): `//# allFunctionsCalledOnLoad`
 * as a standalone file's first line makes V8 compile every function while the script streams in, on a background
 * thread, instead of on the main thread the first time each is called. Nearly every function of a checkout page's
 * file runs before the form is payable, which is when the hint pays; issue 15's traced A/B on this machine: own
 * main-thread script 23.9 → 17.8 ms, time to payable unchanged. Rolldown's `banner` does not survive its minifier,
 * so the line is prepended after it. Other engines read it as a comment.
 */
function compileHint(): Plugin {
  return {
    name: 'compile-hint',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle))
        if (chunk.type === 'chunk' && chunk.isEntry) {
          chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
          // A source map (a user's `build.sourcemap`, bench's weight:breakdown) moves down the one added line.
          if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
        }
    },
  };
}

/**
 * The single files for a <script type="module"> tag, one per page kind: a checkout page's and a return page's. Each
 * is its own build (mode), because two entries of one build would share Lit through a third chunk, and a single file
 * is the point of these.
 */
const STANDALONE: Record<string, { entry: string; file: string }> = {
  standalone: { entry: 'src/standalone.ts', file: 'stripe-checkout.js' },
  'standalone-status': { entry: 'src/standalone-status.ts', file: 'stripe-checkout-status.js' },
};

// Three builds from one config: `vite build` is the ESM build for bundlers (lit and @stripe/stripe-js stay
// dependencies), `vite build --mode standalone` and `--mode standalone-status` the single files.
export default defineConfig(({ mode }) => {
  const standalone = STANDALONE[mode];
  return {
    plugins: [minifyTemplates(), ...(standalone ? [compileHint()] : [])],
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !standalone,
      minify: true,
      lib: standalone
        ? { entry: standalone.entry, formats: ['es'], fileName: () => standalone.file }
        : {
            entry: { index: 'src/index.ts', status: 'src/status.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
      rolldownOptions: {
        external: standalone ? [] : [/^lit(\/|$)/, /^@lit\//, /^@stripe\/stripe-js(\/|$)/],
        // Library mode keeps whitespace by default; both outputs ship as-is, so minify fully.
        output: { minify: true, comments: false, chunkFileNames: 'chunks/[name].js' },
      },
    },
  };
});
