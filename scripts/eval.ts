/**
 * Evaluation CLI: `ts-node scripts/eval.ts <subcommand> <file.csv>` (npm run eval -- faq file.csv).
 * Progress goes to stderr; the last line on stdout is one JSON object:
 * {"accuracy":..,"macro_f1":..,"n":..,"p50_ms":..,"p99_ms":..}
 *
 * Each subcommand is a module exporting `evaluate(file): Promise<EvaluationResult>`; add one by
 * adding a line to SUBCOMMANDS (e.g. `emotion: () => import('../src/skill/emotion/eval')`).
 */
import { roundResult, EvaluationResult } from '../src/classifiers/metrics';

type Evaluator = { evaluate(file: string): Promise<EvaluationResult | object> };

export const SUBCOMMANDS: Record<string, () => Promise<Evaluator>> = {
  faq: () => import('../src/skill/faq/eval'),
  emotion: () => import('../src/skill/emotion/eval'),
  // Reaches into both deployables (a real backend behind the web app), so it lives with the scripts.
  routing: () => import('./eval-routing'),
};

async function main(argv: string[]): Promise<number> {
  const [command, file] = argv;
  const load = command ? SUBCOMMANDS[command] : undefined;
  if (!load || !file) {
    console.error(`usage: eval <${Object.keys(SUBCOMMANDS).join('|')}> <file.csv>   (columns text,category)`);
    return 2;
  }
  const result = await (await load()).evaluate(file);
  // The classifiers' results have their own shape (with latency); the routing summary is printed as it is, rounded.
  const rounded =
    'macro_f1' in result
      ? roundResult(result as EvaluationResult)
      : JSON.parse(JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 10_000) / 10_000 : value)));
  process.stdout.write(JSON.stringify(rounded) + '\n');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
