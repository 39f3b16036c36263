// custom-elements.json is the public API. Internal state is never a reactive property (the runs and controllers ask
// for renders), so only members remain to hide: ES private members (`#…`), TypeScript `private` ones and anything
// tagged `@internal`/`@ignore` are what the analyzer itself marks or leaves out; the plugin drops what it marked.
export default {
  globs: ['src/**/*.component.ts'],
  litelement: true,
  plugins: [
    {
      name: 'public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.kind !== 'class') continue;
            declaration.members = declaration.members?.filter((member) => member.privacy !== 'private');
          }
        }
      },
    },
  ],
};
