// Reads a Chromium trace (JSON, from Playwright's browser.startTracing) into main-thread script time per source,
// between two performance marks. Sampling CPU profile (v8.cpu_profiler) + user timing marks share the trace clock.

export const TRACE_CATEGORIES = [
  'blink.user_timing',
  'devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
];

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { data?: ProfileData & { startTime?: number } };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number };
}

interface ProfileData {
  cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
  timeDeltas?: number[];
}

export type ScriptSource = 'element' | 'stripe' | 'native' | 'gc' | 'other';

export interface MainThreadCost {
  /** Window length, connected → payable, in ms. */
  window: number;
  /** Busy (non-idle) sampled time in the window per source, in ms. */
  busy: Record<ScriptSource, number>;
  /** Self time (ms) of our script's functions, by `name@line:column` (minified names), largest first. */
  hottest: [string, number][];
}

function classify(node: ProfileNode, elementUrl: string): ScriptSource | 'idle' {
  const { functionName = '', url = '' } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(root)') return 'idle';
  if (functionName === '(program)') return 'native';
  if (functionName === '(garbage collector)') return 'gc';
  if (url.includes(elementUrl)) return 'element';
  if (url.includes('js.stripe.com')) return 'stripe';
  return 'other';
}

/** `elementUrl` is a substring of our bundle's URL; throws if either mark or the profile is missing. */
export function mainThreadCost(
  traceJson: string,
  startMark: string,
  endMark: string,
  elementUrl: string,
): MainThreadCost {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mark = (name: string) =>
    events.find((event) => event.name === name && event.cat?.includes('blink.user_timing'));
  const start = mark(startMark);
  const end = mark(endMark);
  if (!start || !end) throw new Error(`trace has no ${start ? endMark : startMark} mark`);

  // One profile per (pid, id); its chunks carry nodes, samples and the deltas between samples.
  const profiles = new Map<
    string,
    { startTime: number; nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }
  >();
  for (const event of events) {
    if (event.pid !== start.pid || (event.name !== 'Profile' && event.name !== 'ProfileChunk')) continue;
    const key = `${event.pid}:${event.id}`;
    let profile = profiles.get(key);
    if (!profile) {
      profile = { startTime: 0, nodes: new Map(), samples: [], deltas: [] };
      profiles.set(key, profile);
    }
    const data = event.args?.data;
    if (event.name === 'Profile') profile.startTime = data?.startTime ?? event.ts;
    for (const node of data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    profile.samples.push(...(data?.cpuProfile?.samples ?? []));
    profile.deltas.push(...(data?.timeDeltas ?? []));
  }

  let best: MainThreadCost | undefined;
  let bestSamples = 0;
  for (const profile of profiles.values()) {
    const busy: Record<ScriptSource, number> = { element: 0, stripe: 0, native: 0, gc: 0, other: 0 };
    const functions = new Map<string, number>();
    let time = profile.startTime;
    let counted = 0;
    const times = profile.deltas.map((delta) => {
      time += delta;
      return time;
    });
    for (let index = 0; index < profile.samples.length; index++) {
      const at = times[index] ?? 0;
      if (at < start.ts || at > end.ts) continue;
      const node = profile.nodes.get(profile.samples[index] as number);
      if (!node) continue;
      const source = classify(node, elementUrl);
      counted += 1;
      if (source === 'idle') continue;
      const next = times[index + 1] ?? at;
      const spent = Math.max(0, next - at) / 1000;
      busy[source] += spent;
      if (source === 'element') {
        const { functionName, lineNumber, columnNumber } = node.callFrame;
        const key = `${functionName || '(anonymous)'}@${lineNumber}:${columnNumber}`;
        functions.set(key, (functions.get(key) ?? 0) + spent);
      }
    }
    if (counted > bestSamples) {
      bestSamples = counted;
      best = {
        window: (end.ts - start.ts) / 1000,
        busy,
        hottest: [...functions].sort((a, b) => b[1] - a[1]).slice(0, 15),
      };
    }
  }
  if (!best) throw new Error('trace has no CPU profile samples for the page between the marks');
  return best;
}
