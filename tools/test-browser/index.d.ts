export declare const CHROMIUM_ARGS: readonly string[];
export declare class BrowserNotFoundError extends Error {}
export declare function findChromium(): string;
export declare function chromiumLaunchOptions<T extends { args?: string[] }>(
  extra?: T,
): T & { headless: boolean; executablePath: string; args: string[] };
