import { defineConfig, type Plugin } from 'vite';

/**
 * Lit's css`` and html`` templates keep their source indentation through minification. In the minified chunk the
 * only raw newlines left are inside template literals, so collapsing "newline + indentation" there is safe; CSS
 * files additionally lose the spaces around punctuation.
 */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'collapse-template-whitespace',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return {
        code: code.replace(/css`([^`]*)`/g, (_match, body: string) => {
          const compact = body
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,>])\s*/g, '$1')
            .replace(/:\s+/g, ':')
            .trim();
          return `css\`${compact}\``;
        }),
        map: null,
      };
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') output.code = output.code.replace(/\n\s*/g, ' ').replaceAll('> <', '><');
      }
    },
  };
}

// Two builds from one config: `vite build` is the ESM build for bundlers (lit and @stripe/stripe-js stay
// dependencies), `vite build --mode standalone` is the single file for a <script type="module"> tag.
export default defineConfig(({ mode }) => {
  const standalone = mode === 'standalone';
  return {
    plugins: [collapseTemplateWhitespace()],
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !standalone,
      minify: true,
      lib: standalone
        ? { entry: 'src/standalone.ts', formats: ['es'], fileName: () => 'stripe-checkout.js' }
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
