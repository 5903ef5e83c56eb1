/** BENCHMARKS.md, generated from one run's results. */
import type { ProfileResult, BenchResults } from './results';
import { TARGETS, turnRow } from './results';
import { median, ratio } from './stats';
import { summarize } from './summary';

const LABELS: Record<string, string> = {
  ours: 'CareVoice (Jovo)',
  bare: 'bare ask-sdk-core',
  limit: 'plain node:http (limit)',
  'jovo-nlu': "scratch, before: Jovo's NlpjsNlu (model copied per request)",
  'shared-model': 'scratch, step 1: SharedModelNlpjsNlu',
  'shared-all': 'scratch, steps 1+2: model and i18n shared',
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
  const numeric = (cell: string) => /(\bms\b|MB|req\/s|share|questions|runs|Conc\.|vs bare|ours\/|ms\/turn)/.test(cell);
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
      ['Load average (1 min) at start / end', `${num(m.loadAverage)} / ${num(results.loadAverageEnd)}${Math.max(m.loadAverage, results.loadAverageEnd) > m.cores / 2 ? ' — other processes were busy during this run: the figures are pessimistic' : ''}`],
      ['Settings', `concurrency ${results.settings.concurrencies.join(' / ')}; ${results.settings.rounds} rounds of ~${results.settings.roundSeconds} s each (medians), ${results.settings.warmupSeconds} s warm-up; cold starts: ${results.settings.coldStartRuns} runs (median)`],
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
      ['Throughput vs bare SDK at c16 (BalanceIntent)', `≥ ${TARGETS.throughputRatioVsBareC16 * 100}%`, times(summary.throughput_ratio_vs_bare_c16 as number | null), verdict(met.throughput_vs_bare_c16)],
      ['Cold start, express server', `< ${num(TARGETS.coldStartExpressMs, 0)} ms`, `${num(summary.cold_start_express_ms as number | null)} ms`, verdict(met.cold_start_express)],
      ['Cold start, Lambda handler', `< ${TARGETS.coldStartLambdaMs} ms`, `${num(summary.cold_start_lambda_ms as number | null)} ms`, verdict(met.cold_start_lambda)],
      ['FAQ classification p99', `< ${TARGETS.faqP99Ms} ms`, results.faq.available ? `${num(summary.faq_p99_ms as number | null, 3)} ms` : 'n/a', verdict(met.faq_p99)],
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
          isOurs ? times(ratio(row.rps, bare?.rps)) : '',
          isOurs ? times(ratio(row.rps, limit?.rps)) : '',
          row.failures > 0 ? `${row.failures} failed` : '',
        ]);
      }
    }
  }
  return table(['Turn', 'Conc.', 'Server', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'CPU ms/turn', 'ours/bare', 'ours/limit', ''], rows);
}

function coldStartSection(results: BenchResults): string {
  const { express, lambda } = results.coldStart;
  const detail = (pick: (run: (typeof lambda.details)[number]) => number) => num(median(lambda.details.map(pick)));
  const rows = [
    ['Express server (`node dist/src/main.js`)', num(express.medianMs), express.runs.map((run) => num(run, 0)).join(', ') || 'n/a', express.note ?? ''],
    ['Lambda handler (`dist/src/server.lambda.js`, invoked in-process)', num(lambda.medianMs), lambda.runs.map((run) => num(run, 0)).join(', ') || 'n/a', lambda.note ?? ''],
  ];
  const parts = [table(['Entry', 'median ms', 'runs (ms)', 'Note'], rows)];
  if (lambda.details.length > 0) {
    parts.push(
      `Inside the Lambda process (medians): Node start-up ${detail((run) => run.bootMs)} ms, loading the handler module ${detail((run) => run.loadMs)} ms, first invocation (app.initialize: i18n and NLU training with every language pack; then the LaunchRequest) ${detail((run) => run.firstInvokeMs)} ms; a second, warm invocation (BalanceIntent with its backend call) ${detail((run) => run.warmInvokeMs)} ms; peak RSS ${detail((run) => run.peakRssMb)} MB.`,
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
      table(['Module (self time)', 'ms', 'share of CPU'], profile.summary.topModules.slice(0, 8).map((module) => [module.name, num(module.ms, 0), `${num(module.percent, 1)}%`])),
    );
    const part = (pattern: RegExp) => profile.summary.phases.find((phase) => pattern.test(phase.name))?.ms ?? Number.NaN;
    parts.push(
      `So the first answer waits mostly for the NLU of the web platform, which an Alexa request never uses: the Chinese dictionary build (${num(part(/Chinese/), 0)} ms) and the Japanese kuromoji dictionary (${num(part(/Japanese/), 0)} ms) of nlp.js's language packs, and the garbage collection they cause (${num(part(/Garbage/), 0)} ms); loading modules costs ${num(part(/Loading modules/), 0)} ms. Training on first use (section 6, step 3) takes all of the NLU off the start.`,
    );
  }
  return parts.join('\n\n');
}

function faqSection(results: BenchResults): string {
  const faq = results.faq;
  const method =
    '`loadFaqClassifier()` from `src/faq`, in its own process: load time (require + load), heap and RSS the loaded model holds (after GC), and `classify(text)` latency over customer questions the repository holds (Banking77 in English, the FAQ examples in the other languages), after a warm-up.';
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

function backendSection(results: BenchResults): string {
  if (results.backend.length === 0) return 'Not measured in this run.';
  return (
    table(
      ['Endpoint (token demo-alice)', 'Conc.', 'req/s', 'p50 ms', 'p99 ms', ''],
      results.backend.map((row) => [row.endpoint, String(row.connections), num(row.rps, 0), num(row.p50Ms), num(row.p99Ms), row.failures ? `${row.failures} failed` : '']),
    ) + '\n\nTransfer writes with risk scoring: not measured yet (the backend has no transfer endpoint in this build).'
  );
}

function profileTables(profile: ProfileResult, full: boolean): string {
  const perTurn = profile.requests > 0 ? profile.summary.busyMs / profile.requests : Number.NaN;
  const head = `Profile of \`${profile.target}\`: ${profile.requests} BalanceIntent turns at concurrency ${profile.connections} (${num(profile.rps, 0)} req/s), ${num(profile.summary.busyMs, 0)} ms of busy CPU in the skill process, **${num(perTurn)} ms of CPU per turn** under the profiler (which adds its own overhead; section 1 has the unprofiled CPU per turn)${profile.summary.windowed ? ' (start-up excluded)' : ' (start-up included: the profile clock did not match)'}. File: \`${profile.file}\` (open in Chrome DevTools › Performance).`;
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
  return (full ? [head, phases, functions, modules] : [head, phases, functions]).join('\n\n');
}

const COPY = /per-request copy/;
const GC = /Garbage/;

function phaseShare(profile: ProfileResult | undefined, pattern: RegExp): { percent: number; msPerTurn: number } {
  const phase = profile?.summary.phases.find((candidate) => pattern.test(candidate.name));
  return { percent: phase?.percent ?? Number.NaN, msPerTurn: phase && profile?.requests ? phase.ms / profile.requests : Number.NaN };
}

function cpuPerTurn(profile: ProfileResult | undefined): number {
  return profile?.requests ? profile.summary.busyMs / profile.requests : Number.NaN;
}

/** "fetch (undici) 25.8%, ..." for the biggest named parts other than the copy. */
function biggestParts(profile: ProfileResult, count: number): string {
  return profile.summary.phases
    .filter((phase) => !COPY.test(phase.name))
    .sort((a, b) => b.percent - a.percent)
    .slice(0, count)
    .map((phase) => `${phase.name} ${num(phase.percent, 1)}%`)
    .join(', ');
}

function dominatesNarrative(results: BenchResults): string {
  const before = results.profiles.find((candidate) => candidate.target === 'jovo-nlu');
  const ours = results.profiles.find((candidate) => candidate.target === 'ours');
  const after = results.profiles.find((candidate) => candidate.target === 'shared-all');
  const lines: string[] = [];
  if (before) {
    const copy = phaseShare(before, COPY);
    lines.push(
      `**Before (Jovo's own \`NlpjsNlu\`, the state STACK-NOTES item 9 describes): the per-request deep copy of the app dominates.** ${num(copy.percent, 1)}% of the skill's CPU (${num(copy.msPerTurn)} of ${num(cpuPerTurn(before))} ms per turn) is spent in \`new HandleRequest(app)\`, which runs \`lodash.clonedeep\` over the whole app and \`lodash.merge\` over the copy for every request (STACK-NOTES item 9); garbage collection of the copies adds ${num(phaseShare(before, GC).percent, 1)}%. ` +
        "Almost all the copied bytes are the web platform's `NlpjsNlu.nlpjs`: the trained nlp.js `Nlp`, whose container references every registered language pack (tokenizers, stemmers, stop words and sentiment lexicons for en, de, es, fr, ja, zh) and the neural network. Alexa turns never use it (Alexa does its own NLU), yet each one copies it. `node dist/bench/scratch/what-is-copied.js` shows the split per property.",
    );
  }
  if (ours) {
    const copy = phaseShare(ours, COPY);
    const shared = before && copy.percent < phaseShare(before, COPY).percent / 2;
    lines.push(
      `**Now (src/ as it is in the working tree): ${num(cpuPerTurn(ours))} ms of CPU per BalanceIntent turn under the profiler**; ${shared ? 'src/ already keeps the trained model out of the copy (step 1 below), and ' : ''}the copy takes ${num(copy.percent, 1)}% (${num(copy.msPerTurn)} ms per turn)${shared ? "; what it still copies is mostly i18n: the locale resources, referenced from four configuration objects, and the global i18next instance (step 2; `what-is-copied.js ours` shows it)" : ''}. The other big parts: ${biggestParts(ours, 4)}.`,
    );
  }
  if (after) {
    const copy = phaseShare(after, COPY);
    const format = after.summary.topFunctions.filter((fn) => /formatMoney|currencyDigits/.test(fn.name)).reduce((sum, fn) => sum + fn.percent, 0);
    lines.push(
      `**After steps 1 and 2 (section 6): ${num(cpuPerTurn(after))} ms of CPU per turn under the profiler**, the copy down to ${num(copy.percent, 1)}% (${num(copy.msPerTurn)} ms: configuration and component tree). The rest is mostly I/O and the work a turn is for: ${biggestParts(after, 4)}, socket writes of the backend request and of the answer (\`writeLatin1String\`, \`writev\`), Jovo's middleware chain.` +
        (format >= 2
          ? ` \`formatMoney\`/\`currencyDigits\` in src/speech/format.ts take ${num(format, 1)}%: they build new \`Intl.NumberFormat\` objects for every amount; caching one formatter per locale and currency is the next cheap win.`
          : ''),
    );
  }
  return lines.length ? lines.join('\n\n') : 'No profile in this run.';
}

/** Whether src/ already shares the trained model: its turn costs what step 1's does, far below "before". */
function stepOneInSrc(results: BenchResults): string {
  const ours = turnRow(results, 'ours', 'balance', 16);
  const step1 = turnRow(results, 'shared-model', 'balance', 16);
  const before = turnRow(results, 'jovo-nlu', 'balance', 1);
  if (!ours || !step1 || !before) return '';
  const close = Math.abs(ours.cpuMsPerTurn - step1.cpuMsPerTurn) <= 0.25 * step1.cpuMsPerTurn;
  return close && ours.cpuMsPerTurn < before.cpuMsPerTurn / 10
    ? `src/ already keeps the trained model out of the copy (its turn costs ${num(ours.cpuMsPerTurn)} ms of CPU at c16, step 1 ${num(step1.cpuMsPerTurn)} ms): step 1 is done there in its own way; steps 2 and 3 remain.`
    : '';
}

function proposalSection(results: BenchResults): string {
  const rows: string[][] = [];
  for (const connections of results.settings.concurrencies) {
    for (const target of ['jovo-nlu', 'ours', 'shared-model', 'shared-all', 'bare']) {
      const row = turnRow(results, target, 'balance', connections);
      if (!row) continue;
      const bare = turnRow(results, 'bare', 'balance', connections);
      rows.push([String(connections), LABELS[target], num(row.rps, 0), num(row.p50Ms), num(row.p99Ms), num(row.peakRssMb, 0), num(row.cpuMsPerTurn), target === 'bare' ? '' : times(ratio(row.rps, bare?.rps))]);
    }
  }
  const cold = results.coldStart.scratch.map((variant) => [
    variant.variant === 'ours' ? 'createApp as in src/ now' : 'steps 1-3 (model trained on first use, shared; i18n shared)',
    num(variant.medianMs, 0),
    variant.runs.map((run) => num(run, 0)).join(', '),
    num(variant.loadMs, 0),
    num(variant.initializeMs, 0),
    num(variant.firstTurnMs, 0),
    num(variant.peakRssMb, 0),
  ]);
  return [
    'Measured with the app built by `createApp` and then patched in `bench/scratch/lean-app.ts` (src/ untouched); `node dist/bench/scratch/check-variants.js` checks that every variant gives the same answers as the original (web questions through nlp.js, concurrently; Alexa launch and balance).',
    stepOneInSrc(results),
    '',
    "1. **`SharedModelNlpjsNlu`** (`bench/scratch/shared-model-nlpjs-nlu.ts`): a subclass of `@jovotech/nlu-nlpjs`'s `NlpjsNlu` whose `nlpjs` (the trained nlp.js `Nlp`) is an accessor on the prototype over a closure reached through two functions created in the constructor. lodash.cloneDeep copies own enumerable properties and keeps functions by reference, so every request's copy of the app shares the one trained model. nlp.js only reads the model after training. In src/app.ts: `new SharedModelNlpjsNlu({...same options...})` instead of `new NlpjsNlu(...)`.",
    "2. **`SharedI18Next`** (`bench/scratch/shared-i18next.ts`): the same accessor for Jovo's `I18Next` plugin, whose `i18n` is the global i18next instance (store, services, every locale), installed as `app.i18n` in `createApp`; after `app.initialize()` the locale resources (already in i18next's store) are dropped from the configuration objects that still reference them (`app.config.i18n`, `app.initConfig.i18n`, the plugin's `config` and `initConfig`), which HandleRequest copies on every request (`app.config` twice). Translation calls pass the language explicitly, so sharing is safe; this part grows with every locale string.",
    "3. **`LazySharedModelNlpjsNlu`** (same file), for cold starts: `initialize()` only records its parent; the model is trained on the first request that needs NLU (a web-platform turn; Alexa requests never do) or ahead of time by `prepare()`. The pending training is shared by every copy like the model. Trade-off: the first web turn of a process waits for the training; the express server can call `prepare()` after its first answer (calling it right after listen would make requests that arrive meanwhile wait, as training blocks the event loop). Registering the Japanese and Chinese packs only when a ja/zh model exists, or importing them inside the training, also takes their module loading off the start.",
    '',
    "Per-turn cost, BalanceIntent. \"Before\" puts Jovo's own `NlpjsNlu` back into the app (the committed createApp); step 3 does not change a warm turn:",
    '',
    table(['Conc.', 'Variant', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'CPU ms/turn', 'vs bare'], rows),
    '',
    cold.length
      ? `Cold start, same harness for both (\`bench/scratch/cold-app.ts\`: fresh process, build the app, initialize, answer a LaunchRequest through Jovo's Lambda server; ${results.coldStart.scratch[0]?.runs.length ?? 0} runs, median):\n\n` +
        table(['App', 'median ms', 'runs (ms)', 'build ms', 'initialize ms', 'first turn ms', 'peak RSS MB'], cold) +
        '\n\n(For the lazy variant, "build" includes `app.initialize()`, which no longer trains.)'
      : '',
    results.coldStart.scratchExpress.length
      ? `\nAs an express server (\`bench/targets/serve.ts\`: the app behind \`createSkillServer\` on a port chosen beforehand, no debugger plugin; spawn to first answered LaunchRequest):\n\n` +
        table(
          ['App', 'median ms', 'runs (ms)'],
          results.coldStart.scratchExpress.map((variant) => [
            variant.variant === 'ours' ? 'createApp as in src/ now' : 'steps 1-3',
            num(variant.medianMs, 0),
            variant.runs.map((run) => num(run, 0)).join(', '),
          ]),
        )
      : '',
  ].join('\n');
}

export function renderReport(results: BenchResults): string {
  const oursTargets = ['ours', 'bare', 'limit'];
  return `# Benchmarks

Generated by \`npm run bench\` on ${results.date} in ${num(results.durationSeconds, 0)} s. Do not edit by hand: rerun it (\`npm run bench -- --json\` also prints the summary as one JSON line). The harness lives in \`bench/\`; see \`bench/README.md\` for what each figure means and how it is taken.

## Machine

${machineSection(results)}

Everything runs on this one machine over 127.0.0.1: the load generator (autocannon, in the harness process), the skill under test (its own process, so its RSS is its own) and the service backend (its own process, SQLite store in a temporary directory). With 2 cores shared by three busy processes, absolute figures are low and the ratios are what carries over to other machines.

## Targets (issue 7)

${targetsSection(results)}

${closedLoopNote(results)}

## 1. Per-turn cost of the skill endpoint

Alexa request envelopes for demo-alice (linked account, no voice code), en-US. Signature checks are off for both skills (as in development); the limit server answers a fixed Alexa response without calling the backend. Each answer is checked (a balance answer must contain the amount the backend holds in Alice's first wallet; no apology), so failed turns do not count as throughput. Latencies are exact per request (autocannon's own histogram has 1 ms resolution). Per concurrency, each server gets a short warm-up, then ${results.settings.rounds} steady-state rounds of ${results.settings.roundSeconds} s, interleaved across the servers of a comparison so that other load on the machine falls on all of them alike; the table shows medians of the rounds. A round counts only once every connection has had its first answer: a busy Node server accepts new connections slowly (at c64 on our skill the last of 64 connections opened at once waits seconds; a plain node:http server with the same CPU per request does the same), which is the load generator starting a round, not the cost of a turn. "CPU ms/turn" is the server process's user + system CPU time (from /proc) over its measured rounds divided by their turns: the cost of a turn independent of how the 2 cores were shared. "ours/bare" compares the same turn; "ours/limit" compares with the limit server's fixed answer.

${turnsSection(results, oursTargets)}

## 2. Cold start

New process each run; time from spawning \`node\` to the first correct answer. The express server runs as \`npm start\` does (development stage, no signature checks; BACKEND_URL points at the bench backend so it does not start its own) and is polled on its port; the Lambda handler is required and invoked directly with a LaunchRequest, as Alexa invokes a Lambda. Production adds Amazon's certificate download on the first signed request to the express server, which cannot be measured offline.

${coldStartSection(results)}

## 3. FAQ classifier

${faqSection(results)}

## 4. Backend

${backendSection(results)}

## 5. What dominates a turn

\`node --cpu-prof\` on the skill process under BalanceIntent load (samples during the measured window only; concurrency 16, or 1 for the slow "before" variant). Shares are of the process's busy CPU time.

${dominatesNarrative(results)}

${results.profiles.map((profile) => `### ${LABELS[profile.target] ?? profile.target}\n\n${profileTables(profile, profile.target === 'ours')}`).join('\n\n')}

## 6. Proposed fix for the per-request copy (measured in a scratch copy)

${proposalSection(results)}
${results.errors.length ? `\n## Errors in this run\n\n${results.errors.map((error) => `- ${error}`).join('\n')}\n` : ''}`;
}

/** What `npm run bench` prints: the verdicts and the turn table; the rest is in BENCHMARKS.md. */
export function renderConsoleSummary(results: BenchResults): string {
  return `Targets\n\n${targetsSection(results)}\n\nPer-turn cost\n\n${turnsSection(results, ['ours', 'bare', 'limit'])}\n`;
}
