/** The release trains the stand-in is served for: `/<train>/stripe.js`. */
export type Train = 'clover' | 'dahlia' | 'endive' | 'v3';

export const TRAINS: readonly Train[] = ['clover', 'dahlia', 'endive', 'v3'];

export interface StandInScript {
  /** File name under dist/browser/stand-in/. */
  file: string;
  /** Entry under src/browser/client/. */
  entry: 'stripe.ts' | 'frame.ts';
  /** The train baked into a `stripe.js` (esbuild `define` of `__STRIPE_TRAIN__`). */
  train?: Train;
}

export const STAND_IN_SCRIPTS: readonly StandInScript[] = [
  ...TRAINS.map((train) => ({ file: `stripe-${train}.js`, entry: 'stripe.ts' as const, train })),
  { file: 'frame.js', entry: 'frame.ts' },
];

export function scriptFor(train: Train): StandInScript {
  return STAND_IN_SCRIPTS.find((script) => script.train === train)!;
}

export const FRAME_SCRIPT: StandInScript = STAND_IN_SCRIPTS.find((script) => script.entry === 'frame.ts')!;
