// custom-elements.json is the public API: drop ECMAScript-private members and Lit's internal reactive state
// (`{ state: true }` entries of static properties), which the analyzer would otherwise list as attributes.
import { readFileSync } from 'node:fs';

function internalStateOf(path) {
  const source = readFileSync(path, 'utf8');
  return new Set([...source.matchAll(/(\w+): \{ state: true \}/g)].map((match) => match[1]));
}

export default {
  globs: ['src/**/*.component.ts'],
  litelement: true,
  plugins: [
    {
      name: 'public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          const internal = internalStateOf(module.path);
          for (const declaration of module.declarations ?? []) {
            if (declaration.kind !== 'class') continue;
            const isPublic = (name) => !name.startsWith('#') && !internal.has(name);
            declaration.members = declaration.members?.filter(
              (member) => isPublic(member.name) && member.privacy !== 'private',
            );
            declaration.attributes = declaration.attributes?.filter((attribute) =>
              isPublic(attribute.fieldName ?? attribute.name),
            );
          }
        }
      },
    },
  ],
};
