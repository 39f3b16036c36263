// axe.min.js is the browser build that registers `window.axe`.
declare module 'axe-core/axe.min.js' {}

interface Window {
  axe?: {
    run(
      context: Element,
      options: object,
    ): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
  };
}
