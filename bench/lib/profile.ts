/**
 * Reads a V8 .cpuprofile (node --cpu-prof): self time per function and per module (npm package,
 * our source, Node internals), and inclusive time of named phases of a turn, all as shares of
 * the busy (non-idle) time.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  ms: number;
  /** Of the busy time. */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  /** False when the window could not be applied and start-up is included. */
  windowed: boolean;
  topFunctions: Array<Share & { module: string }>;
  topModules: Share[];
  phases: Share[];
}

/** A named part of a turn, recognised by any frame on the sampled stack. */
export interface Phase {
  name: string;
  matches(frame: CallFrame): boolean;
}

const PSEUDO_FRAMES = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** "lodash.clonedeep", "@jovotech/framework", "src/handlers", "node (internal)", "V8 builtins"... */
export function moduleOf(frame: CallFrame): string {
  if (PSEUDO_FRAMES.has(frame.functionName) && !frame.url) return frame.functionName;
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return 'V8 builtins (JSON, RegExp, ...)';
  if (url.startsWith('node:')) return 'node (internal)';
  const packagePath = url.split('/node_modules/').pop() as string;
  if (packagePath !== url) {
    const parts = packagePath.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const own = url.match(/\/dist\/((?:src|bench)\/(?:[^/]+\/)?)/);
  if (own) return own[1].replace(/\/$/, '').replace(/\.js$/, '');
  return url;
}

function frameLabel(frame: CallFrame): string {
  const file =
    frame.url
      .replace(/^file:\/\//, '')
      .split('/node_modules/')
      .pop()
      ?.replace(/^.*\/dist\//, '') ?? '';
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} (${file}:${frame.lineNumber + 1})` : name;
}

/**
 * Microseconds on the monotonic clock that both V8's profiler and process.hrtime use on Linux:
 * only samples inside the window count (start-up and shutdown left out). If no sample falls
 * inside (another clock), every sample counts.
 */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export function hrtimeUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function summarizeProfile(file: string, phases: Phase[], top = 12, window?: ProfileWindow): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const timestamps: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas) timestamps.push((clock += delta));
  const inWindow = (index: number) => !window || (timestamps[index] >= window.fromUs && timestamps[index] <= window.toUs);
  const useWindow = Boolean(window) && timestamps.some((_time, index) => inWindow(index));
  const byId = new Map<number, ProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }

  const selfByFunction = new Map<string, { ms: number; module: string }>();
  const selfByModule = new Map<string, number>();
  const phaseMs = new Map<string, number>(phases.map((phase) => [phase.name, 0]));
  let idleMs = 0;
  let busyMs = 0;

  profile.samples.forEach((nodeId, index) => {
    if (useWindow && !inWindow(index)) return;
    // timeDeltas[i] is the time between sample i-1 and sample i: charge it to sample i.
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(nodeId);
    if (!node) return;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const label = frameLabel(node.callFrame);
    const module = moduleOf(node.callFrame);
    const entry = selfByFunction.get(label) ?? { ms: 0, module };
    entry.ms += ms;
    selfByFunction.set(label, entry);
    selfByModule.set(module, (selfByModule.get(module) ?? 0) + ms);

    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      for (const phase of phases) {
        if (!seen.has(phase.name) && phase.matches(frame)) seen.add(phase.name);
      }
    }
    for (const name of seen) phaseMs.set(name, (phaseMs.get(name) ?? 0) + ms);
  });

  const share = (name: string, ms: number): Share => ({ name, ms, percent: busyMs > 0 ? (100 * ms) / busyMs : 0 });
  return {
    busyMs,
    idleMs,
    windowed: useWindow,
    topFunctions: [...selfByFunction.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([name, { ms, module }]) => ({ ...share(name, ms), module })),
    topModules: [...selfByModule.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => share(name, ms)),
    phases: phases.map((phase) => share(phase.name, phaseMs.get(phase.name) ?? 0)),
  };
}

const inFile = (fragment: string) => (frame: CallFrame) => frame.url.includes(fragment);
/** The backend client's transport (src/skill/services/backend-client.ts): node:http's client side. */
const isHttpClient = (frame: CallFrame) => frame.url === 'node:_http_client' || frame.url === 'node:_http_agent';

/** The parts of one of our turns worth naming. */
export const TURN_PHASES: Phase[] = [
  {
    name: "Jovo's per-request copy of the app (new HandleRequest: cloneDeep + merge)",
    matches: (frame) => frame.functionName === 'HandleRequest' && frame.url.endsWith('framework/dist/cjs/HandleRequest.js'),
  },
  {
    name: 'Routing (Jovo: handler metadata of every component, per request)',
    matches: inFile('/framework/dist/cjs/plugins/RoutingExecutor.js'),
  },
  {
    name: 'Balance read (BackendClient.balances: node:http, JSON, zod)',
    matches: (frame) => frame.functionName === 'balances' && frame.url.includes('/dist/src/skill/services/'),
  },
  {
    name: 'Analytics event (BackendClient.recordTurn: node:http, not awaited)',
    matches: (frame) => frame.functionName === 'recordTurn' && frame.url.includes('/dist/src/skill/services/'),
  },
  { name: 'All backend calls: the node:http client', matches: isHttpClient },
  { name: 'i18next (speech texts)', matches: inFile('/node_modules/i18next/') },
  {
    name: 'Output templates to the Alexa response (Jovo, class-transformer, class-validator)',
    matches: (frame) => frame.functionName === 'toResponse' && frame.url.includes('OutputTemplateConverter'),
  },
  {
    name: 'Sending the answer (express res.json: serialize, socket write)',
    matches: (frame) => frame.functionName === 'json' && frame.url.endsWith('express/lib/response.js'),
  },
  { name: 'Garbage collection', matches: (frame) => frame.functionName === '(garbage collector)' },
];

/** The parts of a cold start (process start to the first answer) worth naming. */
export const COLD_START_PHASES: Phase[] = [
  { name: 'Loading modules (require)', matches: (frame) => frame.functionName === 'Module._load' },
  {
    name: 'app.initialize() (components, i18n with every locale file, platforms)',
    matches: (frame) => frame.functionName === 'initialize' && frame.url.endsWith('framework/dist/cjs/App.js'),
  },
  {
    name: "nlp.js (its core comes with Jovo's NLU plugin; language packs and training wait for the first web request)",
    matches: (frame) => /\/node_modules\/(@nlpjs\/|kuromoji\/)/.test(frame.url),
  },
  {
    name: 'Classifiers trained in-process (src/classifiers, src/skill/emotion, src/skill/faq)',
    matches: (frame) => /\/dist\/src\/(classifiers|skill\/emotion|skill\/faq)\//.test(frame.url),
  },
  { name: 'Backend calls: the node:http client', matches: isHttpClient },
  {
    name: "Requests' copies of the app (new HandleRequest)",
    matches: (frame) => frame.functionName === 'HandleRequest' && frame.url.endsWith('framework/dist/cjs/HandleRequest.js'),
  },
  { name: 'Garbage collection', matches: (frame) => frame.functionName === '(garbage collector)' },
];
