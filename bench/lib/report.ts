/** BENCHMARKS.md, generated from one run's results. */
import type { BackendStore, ProfileResult, BenchResults } from './results';
import { TARGETS, turnRow } from './results';
import { median, ratio } from './stats';
import { summarize } from './summary';

const LABELS: Record<string, string> = {
  ours: 'CareVoice (Jovo)',
  bare: 'bare ask-sdk-core',
  limit: 'plain node:http (limit)',
};

function num(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}

function times(value: number | null): string {
  return value === null ? 'n/a' : `${num(value, value >= 0.1 ? 2 : 4)}×`;
}

function table(header: string[], rows: string[][]): string {
  const numeric = (cell: string) => /(\bms\b|MB|req\/s|share|questions|runs|Conc\.|Instances|vs bare|ours\/|ms\/turn)/.test(cell);
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((cell) => (numeric(cell) ? '---:' : '---')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

function verdict(met: boolean | null | undefined): string {
  if (met === null || met === undefined) return 'not measurable yet';
  return met ? '**met**' : '**missed**';
}

/** Why the p99 target is also a throughput target, with this run's bare-SDK figures. */
function closedLoopNote(results: BenchResults): string {
  const bare = turnRow(results, 'bare', 'balance', 16);
  const needed = 16 / (TARGETS.turnP99MsC16 / 1000);
  const text = `In a closed loop (each of 16 connections sends its next request when the answer arrives), a p99 under ${TARGETS.turnP99MsC16} ms needs an average latency well below that, i.e. well over 16 / ${TARGETS.turnP99MsC16 / 1000} s = ${num(needed, 0)} turns/s.`;
  if (!bare) return text;
  return bare.p99Ms >= TARGETS.turnP99MsC16
    ? `${text} Even the bare SDK, which does little but the backend call, reaches ${num(bare.rps, 0)} turns/s with p99 ${num(bare.p99Ms)} ms here: the backend, the skill and the load generator share ${results.machine.cores} cores. The p99 target can only be met on this machine together with a backend at least as fast as now and a skill close to the bare SDK.`
    : `${text} The bare SDK reaches ${num(bare.rps, 0)} turns/s with p99 ${num(bare.p99Ms)} ms here.`;
}

function machineSection(results: BenchResults): string {
  const m = results.machine;
  return table(
    ['', ''],
    [
      ['CPU', `${m.cpuModel}, ${m.cores} logical cores${m.cpuMhz ? ` @ ${m.cpuMhz} MHz` : ''}`],
      ['Memory', `${num(m.memoryGb, 1)} GB`],
      ['OS', m.os],
      ['Node.js', `${m.node} (V8 ${m.v8})`],
      [
        'Load average (1 min) at start / end',
        `${num(m.loadAverage)} / ${num(results.loadAverageEnd)}${Math.max(m.loadAverage, results.loadAverageEnd) > m.cores / 2 ? ' — other processes were busy during this run: the figures are pessimistic' : ''}`,
      ],
      [
        'Settings',
        `concurrency ${results.settings.concurrencies.join(' / ')}; ${results.settings.rounds} rounds of ~${results.settings.roundSeconds} s each (medians), ${results.settings.warmupSeconds} s warm-up; cold starts: ${results.settings.coldStartRuns} runs (median)`,
      ],
    ],
  );
}

function targetsSection(results: BenchResults): string {
  const summary = summarize(results);
  const met = summary.targets_met as Record<string, boolean | null>;
  return table(
    ['Target', 'Limit', 'Measured', 'Verdict'],
    [
      ['Turn p99 at concurrency 16 (BalanceIntent)', `< ${TARGETS.turnP99MsC16} ms`, `${num(summary.turn_p99_ms_c16 as number)} ms`, verdict(met.turn_p99_c16)],
      [
        'Throughput vs bare SDK at c16 (BalanceIntent)',
        `≥ ${TARGETS.throughputRatioVsBareC16 * 100}%`,
        times(summary.throughput_ratio_vs_bare_c16 as number | null),
        verdict(met.throughput_vs_bare_c16),
      ],
      [
        'Cold start, express server',
        `< ${num(TARGETS.coldStartExpressMs, 0)} ms`,
        `${num(summary.cold_start_express_ms as number | null)} ms`,
        verdict(met.cold_start_express),
      ],
      [
        'First typed web turn after start',
        `< ${TARGETS.firstWebTurnMs} ms`,
        `${num(summary.first_web_turn_ms as number | null)} ms`,
        verdict(met.first_web_turn),
      ],
      [
        'Cold start, Lambda handler',
        `< ${TARGETS.coldStartLambdaMs} ms`,
        `${num(summary.cold_start_lambda_ms as number | null)} ms`,
        verdict(met.cold_start_lambda),
      ],
      [
        'FAQ classification p99',
        `< ${TARGETS.faqP99Ms} ms`,
        results.faq.available ? `${num(summary.faq_p99_ms as number | null, 3)} ms` : 'n/a',
        verdict(met.faq_p99),
      ],
    ],
  );
}

function turnsSection(results: BenchResults, targets: string[]): string {
  const rows: string[][] = [];
  for (const kind of ['launch', 'balance'] as const) {
    for (const connections of results.settings.concurrencies) {
      for (const target of targets) {
        const row = turnRow(results, target, kind, connections) ?? (target === 'limit' ? turnRow(results, 'limit', 'balance', connections) : undefined);
        if (!row) continue;
        const bare = turnRow(results, 'bare', kind, connections);
        const limit = turnRow(results, 'limit', 'balance', connections);
        const isOurs = target.startsWith('ours');
        rows.push([
          kind === 'launch' ? 'LaunchRequest' : 'BalanceIntent',
          String(connections),
          target === 'limit' && kind === 'launch' ? `${LABELS[target]} (same server)` : (LABELS[target] ?? target),
          num(row.rps, 0),
          num(row.p50Ms),
          num(row.p99Ms),
          num(row.peakRssMb, 0),
          num(row.cpuMsPerTurn),
          target === 'limit' ? '' : num(row.backendCpuMsPerTurn),
          isOurs ? times(ratio(row.rps, bare?.rps)) : '',
          isOurs ? times(ratio(row.rps, limit?.rps)) : '',
          row.failures > 0 ? `${row.failures} failed` : '',
        ]);
      }
    }
  }
  return table(
    ['Turn', 'Conc.', 'Server', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'CPU ms/turn', 'backend CPU ms/turn', 'ours/bare', 'ours/limit', ''],
    rows,
  );
}

function coldStartSection(results: BenchResults): string {
  const { express, lambda, firstWebTurn } = results.coldStart;
  const detail = (pick: (run: (typeof lambda.details)[number]) => number) => num(median(lambda.details.map(pick)));
  const rows = [
    ['Express server (`node dist/src/main.js`)', num(express.medianMs), express.runs.map((run) => num(run, 0)).join(', ') || 'n/a', express.note ?? ''],
    [
      'Lambda handler (the `npm run build:lambda` bundle, invoked in-process)',
      num(lambda.medianMs),
      lambda.runs.map((run) => num(run, 0)).join(', ') || 'n/a',
      lambda.note ?? '',
    ],
  ];
  if (firstWebTurn) {
    rows.push([
      'First typed web turn once the express server is up ("what is my balance", round trip)',
      num(firstWebTurn.medianMs),
      firstWebTurn.runs.map((run) => num(run, 0)).join(', ') || 'n/a',
      firstWebTurn.readyMs.length > 0
        ? `up (health check answers) after ${num(median(firstWebTurn.readyMs), 0)} ms: the language models load before it listens`
        : '',
    ]);
  }
  const parts = [table(['Entry', 'median ms', 'runs (ms)', 'Note'], rows)];
  if (lambda.details.length > 0) {
    parts.push(
      `Inside the Lambda process (medians): Node start-up ${detail((run) => run.bootMs)} ms, loading the handler module ${detail((run) => run.loadMs)} ms, first invocation (app.initialize, then the LaunchRequest with its backend calls) ${detail((run) => run.firstInvokeMs)} ms; a second, warm invocation (BalanceIntent with its backend call) ${detail((run) => run.warmInvokeMs)} ms; peak RSS ${detail((run) => run.peakRssMb)} MB.`,
    );
  }
  const profile = results.coldStartProfile;
  if (profile) {
    parts.push(
      `What the first answer waits for (one Lambda cold start under \`--cpu-prof\`, ${num(profile.wallMs ?? Number.NaN, 0)} ms to the first answer, ${num(profile.summary.busyMs, 0)} ms of CPU; file \`${profile.file}\`):`,
      table(
        ['Part (inclusive)', 'ms', 'share of CPU'],
        profile.summary.phases.map((phase) => [phase.name, num(phase.ms, 0), `${num(phase.percent, 1)}%`]),
      ),
      table(
        ['Module (self time)', 'ms', 'share of CPU'],
        profile.summary.topModules.slice(0, 8).map((module) => [module.name, num(module.ms, 0), `${num(module.percent, 1)}%`]),
      ),
    );
    parts.push(coldStartNarrative(profile));
  }
  return parts.join('\n\n');
}

function faqSection(results: BenchResults): string {
  const faq = results.faq;
  const method =
    '`loadFaqClassifier()` from `src/skill/faq`, in its own process: load time (require + load), heap and RSS the loaded model holds (after GC), and `classify(text)` latency over customer questions the repository holds (Banking77 in English, the FAQ examples in the other languages), after a warm-up.';
  if (!faq.available) return `Not available yet: ${faq.note ?? 'no classifier'}. Measured as soon as it exists: ${method}`;
  return [
    method,
    table(
      ['Module', 'load ms', 'heap MB', 'RSS MB', 'questions', 'p50 ms', 'p99 ms'],
      [[`\`${faq.module}\``, num(faq.loadMs), num(faq.heapMb, 1), num(faq.rssMb, 1), String(faq.questions), num(faq.p50Ms, 3), num(faq.p99Ms, 3)]],
    ),
    faq.note ? `The classifier reported: ${faq.note}. Load time then includes training in-process; with its prebuilt artifact it only parses the model.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

const STORE_LABELS: Record<BackendStore, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function backendSection(results: BenchResults): string {
  if (results.backend.length === 0) return 'Not measured in this run.';
  const measuredPostgres = results.backend.some((row) => row.store === 'postgres');
  const { cores } = results.machine;
  const connections = results.backend[0].connections;
  const parts = [
    table(
      ['Endpoint (token demo-alice)', 'Store', 'Instances', 'Conc.', 'req/s', 'p50 ms', 'p99 ms', ''],
      results.backend.map((row) => [
        row.endpoint,
        STORE_LABELS[row.store ?? 'sqlite'],
        String(row.instances ?? 1),
        String(row.connections),
        num(row.rps, 0),
        num(row.p50Ms),
        num(row.p99Ms),
        row.failures ? `${row.failures} failed` : '',
      ]),
    ),
    "Transfers are one-cent payments to a payee Alice has paid before: each is scored by the risk engine (its history, wording, payee and burst rules), settled and audited in one database transaction (SQLite syncs its log to disk at every commit; PostgreSQL as the server's `synchronous_commit` says, on by default).",
  ];
  if (measuredPostgres) {
    parts.push(
      `PostgreSQL: the same requests, connections, warm-up and rounds, against one backend instance in its own process, then two instances in their own processes on one database (the ${connections} connections alternate between them), each instance with its own pool of database connections; a fresh schema of the local server for each, dropped afterwards. This machine (${cores} cores) runs PostgreSQL, both instances and the load generator together, so two instances share the same ${cores} cores.`,
    );
  }
  if (results.backendPostgresNote) parts.push(`${results.backendPostgresNote}.`);
  return parts.join('\n\n');
}

function profileTables(profile: ProfileResult, full: boolean): string {
  const perTurn = profile.requests > 0 ? profile.summary.busyMs / profile.requests : Number.NaN;
  const head = `Profile of \`${profile.target}\`: ${profile.requests} BalanceIntent turns at concurrency ${profile.connections} (${num(profile.rps, 0)} req/s), ${num(profile.summary.busyMs, 0)} ms of busy time on the ${profile.target === 'backend' ? 'backend' : 'skill'}'s main thread, **${num(perTurn)} ms per turn** under the profiler (busy: samples where the thread was not idle, i.e. running or blocked in a synchronous call such as a disk sync; the profiler adds its own overhead; section 1 has the unprofiled CPU time per turn)${profile.summary.windowed ? ' (start-up excluded)' : ' (start-up included: the profile clock did not match)'}. File: \`${profile.file}\` (open in Chrome DevTools › Performance).`;
  const phases = table(
    ['Part of the turn (inclusive: anything called from it)', 'share of CPU', 'ms per turn'],
    profile.summary.phases.map((phase) => [phase.name, `${num(phase.percent, 1)}%`, num(profile.requests ? phase.ms / profile.requests : Number.NaN)]),
  );
  const functions = table(
    ['Function (self time)', 'Module', 'share of CPU'],
    profile.summary.topFunctions.slice(0, full ? 12 : 6).map((fn) => [`\`${fn.name.replace(/\|/g, '\\|')}\``, fn.module, `${num(fn.percent, 1)}%`]),
  );
  const modules = table(
    ['Module (self time)', 'share of CPU'],
    profile.summary.topModules.map((module) => [module.name, `${num(module.percent, 1)}%`]),
  );
  const parts = profile.summary.phases.length > 0 ? [head, phases, functions] : [head, functions];
  return (full ? [...parts, modules] : parts).join('\n\n');
}

const COPY = /per-request copy/;

function phaseShare(profile: ProfileResult | undefined, pattern: RegExp): { percent: number; msPerTurn: number } {
  const phase = profile?.summary.phases.find((candidate) => pattern.test(candidate.name));
  return { percent: phase?.percent ?? Number.NaN, msPerTurn: phase && profile?.requests ? phase.ms / profile.requests : Number.NaN };
}

function cpuPerTurn(profile: ProfileResult | undefined): number {
  return profile?.requests ? profile.summary.busyMs / profile.requests : Number.NaN;
}

/** "Balance read ... 15.2% (0.31 ms)" for the biggest named parts of a turn, biggest first. */
function biggestParts(profile: ProfileResult, count: number): string {
  return [...profile.summary.phases]
    .sort((a, b) => b.percent - a.percent)
    .slice(0, count)
    .map((phase) => `${phase.name} ${num(phase.percent, 1)}% (${num(profile.requests ? phase.ms / profile.requests : Number.NaN)} ms)`)
    .join('; ');
}

function coldStartNarrative(profile: ProfileResult): string {
  const parts = [...profile.summary.phases].sort((a, b) => b.ms - a.ms).filter((phase) => phase.ms >= 1);
  const nlu = profile.summary.phases.find((phase) => /^nlp\.js/.test(phase.name))?.ms ?? 0;
  return (
    `The first answer now waits for: ${parts.map((phase) => `${phase.name} ${num(phase.ms, 0)} ms`).join(', ')}. ` +
    (nlu < 100
      ? "The web platform's NLU is no longer on this path: nlp.js's language packs (the Chinese dictionary build and Japanese kuromoji, about 850 ms before) load only where web text is read (the express server, before it listens), never on the Lambda, which serves Alexa only (section 6)."
      : `nlp.js still costs ${num(nlu, 0)} ms of the start: something trains the web NLU before the first answer.`)
  );
}

/** The backend's busiest function, when it stands out: what caps every turn that calls it. */
function backendNarrative(backend: ProfileResult): string {
  const top = backend.summary.topFunctions.find((fn) => !fn.name.startsWith('('));
  return `**The service backend** (profiled during the same turns): its main thread is busy ${num(cpuPerTurn(backend))} ms per skill turn; the busiest function is \`${top?.name ?? 'n/a'}\` with ${num(top?.percent ?? Number.NaN, 1)}% of that time.`;
}

function dominatesNarrative(results: BenchResults): string {
  const ours = results.profiles.find((candidate) => candidate.target === 'ours');
  const backend = results.profiles.find((candidate) => candidate.target === 'backend');
  const oursRow = turnRow(results, 'ours', 'balance', 16);
  const bareRow = turnRow(results, 'bare', 'balance', 16);
  const lines: string[] = [];
  if (oursRow && bareRow) {
    lines.push(
      `**Per BalanceIntent turn at concurrency 16 (section 1, not profiled): our skill spends ${num(oursRow.cpuMsPerTurn)} ms of CPU and the backend ${num(oursRow.backendCpuMsPerTurn)} ms; the bare SDK ${num(bareRow.cpuMsPerTurn)} ms and its backend ${num(bareRow.backendCpuMsPerTurn)} ms.** ` +
        "With the skill, the backend and the load generator on 2 shared cores, throughput follows the CPU all of them spend per turn, and a process that blocks (the backend's synchronous SQLite calls) stalls every turn queued behind it.",
    );
  }
  if (ours) {
    const copy = phaseShare(ours, COPY);
    lines.push(
      `**Our skill** (\`--cpu-prof\`, ${num(cpuPerTurn(ours))} ms of main-thread time per turn under the profiler, which adds its own overhead): ${biggestParts(ours, 6)}. ` +
        `Jovo's per-request deep copy of the app, which dominated before (${BEFORE.copySharePercent}%, ${BEFORE.copyMsPerTurn} ms per turn), is down to ${num(copy.percent, 1)}% (${num(copy.msPerTurn)} ms: configuration, plugins and the component tree). ` +
        "What remains is spread over Jovo's pipeline (middleware chain, routing over the handler metadata of every component, output templates to an Alexa response through class-transformer and class-validator), the backend calls, sending the answer and garbage collection; the tables below list the biggest functions. Section 6 lists what was fixed; what is left is mostly Jovo's own per-request work.",
    );
  }
  if (backend) lines.push(backendNarrative(backend));
  return lines.length ? lines.join('\n\n') : 'No profile in this run.';
}

/**
 * The run of 2026-11-28T17:10Z (`npm run bench`, same harness and machine), before the fixes of
 * section 6: kept here because no later run can measure it again.
 */
const BEFORE = {
  date: '2026-11-28 17:10 UTC',
  rpsC16: 356,
  p99MsC16: 56.6,
  ratioVsBareC16: 0.17,
  cpuMsC16: 3.21,
  coldStartExpressMs: 3534,
  coldStartLambdaMs: 2123,
  copySharePercent: 41.8,
  copyMsPerTurn: 1.22,
};

function historySection(results: BenchResults): string {
  const summary = summarize(results);
  const ours = turnRow(results, 'ours', 'balance', 16);
  const copy = phaseShare(
    results.profiles.find((profile) => profile.target === 'ours'),
    COPY,
  );
  const rows = [
    ['BalanceIntent at c16: req/s', num(BEFORE.rpsC16, 0), num(ours?.rps, 0)],
    ['BalanceIntent at c16: p99 ms', num(BEFORE.p99MsC16), num(ours?.p99Ms)],
    ['BalanceIntent at c16: throughput vs bare SDK', times(BEFORE.ratioVsBareC16), times(summary.throughput_ratio_vs_bare_c16 as number | null)],
    ['BalanceIntent at c16: skill CPU ms/turn', num(BEFORE.cpuMsC16), num(ours?.cpuMsPerTurn)],
    ["Jovo's per-request copy: share of the skill's CPU (profiled)", `${BEFORE.copySharePercent}%`, `${num(copy.percent, 1)}%`],
    ['Cold start, express server (ms)', num(BEFORE.coldStartExpressMs, 0), num(results.coldStart.express.medianMs, 0)],
    ['Cold start, Lambda handler (ms)', num(BEFORE.coldStartLambdaMs, 0), num(results.coldStart.lambda.medianMs, 0)],
  ];
  return [
    `Before: the run of ${BEFORE.date} (same harness, same machine, also busy). Now: this run. The product changed in between in other ways too (more components, per-turn analytics events, security alerts at launch), so the per-turn figures compare the state of the skill, not these fixes alone. In particular every turn now also sends an analytics event to the backend, which the bare SDK's turns do not.`,
    table(['Figure', 'before', 'now'], rows),
    "1. **i18next out of the per-request copy** (`SharedI18Next`, src/skill/i18n.ts). Jovo's `HandleRequest` deep-copies the app for every request. That copy took the global i18next instance (store, services, every locale's strings) and the strings again from each configuration object that held them (`app.config.i18n` twice, the plugin's `config` and `initConfig`): after the NLU model, the biggest part of the copy. The plugin now reaches the instance through a prototype accessor over a function (cloneDeep keeps functions by reference) and loads the strings into i18next at `app.initialize()`; no configuration holds them. Translations always name their language, so one instance serves concurrent requests.",
    '2. **The web NLU trained on first use** (`SharedNlpjsNlu`, src/skill/nlu/shared-nlpjs.ts). `app.initialize()` trains nothing and loads no nlp.js language pack; the first web-platform text triggers the training (shared by every copy of the app and every app in the process, as the model already was), and Alexa requests, which bring their intent, never wait for it. `npm run build` trains it ahead (build/nlpjs-model.json, loaded in 0.3 s), and the express server (src/main.ts) loads it and the understanding model before it listens, so the first typed turn after a start costs what any turn costs (section 2: the first web turn); the Lambda package, which serves Alexa only, leaves the nlp.js language packs out.',
    '3. **Intl formatters cached** (src/skill/speech/format.ts). `formatMoney` and `currencyDigits` built two `Intl.NumberFormat` objects per amount (ICU loads locale data each time): an eighth of a balance turn. Every formatter (money, dates, lists, display names) is now built once per locale, currency and time zone, in caches bounded at 256 entries (locales and zones come with requests).',
    "4. **The emotion classifier built on its first use** (`builtOnFirstUse`, src/skill/lazy.ts; the provider in src/skill/app.ts). Jovo's dependency injection calls a provider's factory whenever it builds a component that declares the dependency: a LaunchRequest that redirects to the security alert trained the classifier (1.4 s of the Lambda's first answer) without classifying anything. It now trains when a reply is first classified.",
    "5. **Analytics events written in batches** (src/backend/analytics/service.ts). Each turn's event was one INSERT committed alone with `synchronous = FULL`: a disk sync per turn on the backend's only thread, 53% of its busy time, stalling every balance read queued behind it. Accepted events (202) are now written in one transaction every 100 ms; a summary and the shutdown flush first.",
    "6. **The backend client on node:http** (src/skill/services/backend-client.ts). undici's fetch cost about 0.17 ms of CPU per call on loopback against 0.04 ms for node:http with a keep-alive agent; a turn makes two or three calls.",
    "7. **Handler metadata merged once** (src/skill/jovo/handler-metadata-cache.ts). Jovo's router merged and deep-copied every component's handler metadata on every request (10.7% of a turn); it is fixed once the classes are defined, so each component's is merged once.",
  ].join('\n\n');
}

export function renderReport(results: BenchResults): string {
  const oursTargets = ['ours', 'bare', 'limit'];
  return `# Benchmarks

Generated by \`npm run bench\` on ${results.date} in ${num(results.durationSeconds, 0)} s. Do not edit by hand: rerun it (\`npm run bench -- --json\` also prints the summary as one JSON line). The harness lives in \`bench/\`; see \`bench/README.md\` for what each figure means and how it is taken.

## Machine

${machineSection(results)}

Everything runs on this one machine over 127.0.0.1: the load generator (autocannon, in the harness process), the skill under test (its own process, so its RSS is its own) and the service backend (its own process, SQLite store in a temporary directory). With 2 cores shared by three busy processes, absolute figures are low and the ratios are what carries over to other machines.

## Targets

${targetsSection(results)}

${closedLoopNote(results)}

## 1. Per-turn cost of the skill endpoint

Alexa request envelopes for demo-alice (linked account, no voice code), en-US. Signature checks are off for both skills (as in development); the limit server answers a fixed Alexa response without calling the backend. The backend runs with its rate limits off (one demo user at thousands of turns a second would get 429s). Each answer is checked (a balance answer must contain the amount the backend holds in Alice's first wallet; no apology), so failed turns do not count as throughput. Latencies are exact per request (autocannon's own histogram has 1 ms resolution). Per concurrency, each server gets a short warm-up, then ${results.settings.rounds} steady-state rounds of ${results.settings.roundSeconds} s, interleaved across the servers of a comparison so that other load on the machine falls on all of them alike; the table shows medians of the rounds. A round counts only once every connection has had its first answer: a busy Node server accepts new connections slowly (at c64 on our skill the last of 64 connections opened at once waits seconds; a plain node:http server with the same CPU per request does the same), which is the load generator starting a round, not the cost of a turn. "CPU ms/turn" is the server process's user + system CPU time (from /proc) over its measured rounds divided by their turns: the cost of a turn independent of how the 2 cores were shared; "backend CPU ms/turn" is the same for the backend process during those rounds. "ours/bare" compares the same turn; "ours/limit" compares with the limit server's fixed answer.

${turnsSection(results, oursTargets)}

## 2. Cold start

New process each run; time from spawning \`node\` to the first correct answer. The express server runs as \`npm start\` does (development stage, no signature checks; BACKEND_URL points at the bench backend so it does not start its own) and is polled on its port; the Lambda handler is the package \`npm run build:lambda\` zips (one esbuild bundle with its data files), staged from this run's build in a temporary directory outside the repository, required and invoked directly with a LaunchRequest, as Alexa invokes a Lambda. Production adds Amazon's certificate download on the first signed request to the express server, which cannot be measured offline.

${coldStartSection(results)}

## 3. FAQ classifier

${faqSection(results)}

## 4. Backend

${backendSection(results)}

## 5. What dominates a turn

\`node --cpu-prof\` on our skill and on its backend during BalanceIntent load at concurrency 16 (samples in the measured window only). Shares are of each process's busy time.

${dominatesNarrative(results)}

${results.profiles.map((profile) => `### ${profile.target === 'backend' ? 'The service backend during our turns' : (LABELS[profile.target] ?? profile.target)}\n\n${profileTables(profile, profile.target === 'ours')}`).join('\n\n')}

## 6. What changed

${historySection(results)}
${results.errors.length ? `\n## Errors in this run\n\n${results.errors.map((error) => `- ${error}`).join('\n')}\n` : ''}`;
}

/** What `npm run bench` prints: the verdicts and the turn table; the rest is in BENCHMARKS.md. */
export function renderConsoleSummary(results: BenchResults): string {
  return `Targets\n\n${targetsSection(results)}\n\nPer-turn cost\n\n${turnsSection(results, ['ours', 'bare', 'limit'])}\n`;
}
