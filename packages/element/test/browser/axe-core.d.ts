// axe.min.js is the browser build that registers `window.axe`; its types live on the package's main entry.
declare module 'axe-core/axe.min.js' {}
