/**
 * `npm run build:lambda`: the skill's AWS Lambda package, build/lambda/carevoice-skill.zip.
 *
 *   index.js        the handler (`index.handler`): dist/src/skill/server/lambda.js and every
 *                   module it loads, bundled by esbuild into one file
 *   package.json    marks the package root, where src/shared/project-paths.ts looks for the files below
 *   locales/, models/, resources/..., build/understanding-model.{json,weights}   read at run time by path
 *
 * esbuild bundles tsc's output (dist/), not the .ts sources: Jovo's dependency injection needs the
 * decorator metadata that only tsc emits. Run after `npm run build` (the understanding model).
 */
import { build } from 'esbuild';
import {
  closeSync,
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'fs';
import { dirname, join, relative } from 'path';
import { ZipFile } from 'yazl';
import { LANGUAGES } from '../src/shared/languages';
import { PROJECT_ROOT } from '../src/shared/project-paths';
import { FAQ_EXAMPLE_LANGUAGES } from '../src/skill/faq/classifier';
import { defaultUnderstandingModelPath, loadUnderstandingExamples, understandingFingerprint } from '../src/skill/nlu/understanding';

export const LAMBDA_ZIP = join(PROJECT_ROOT, 'build', 'lambda', 'carevoice-skill.zip');
/** The bundle, at the package root; Lambda's handler setting names it and its export. */
export const LAMBDA_BUNDLE = 'index.js';
export const LAMBDA_HANDLER = 'index.handler';
const HANDLER_MODULE = join(PROJECT_ROOT, 'dist', 'src', 'skill', 'server', 'lambda.js');

/** Files the Alexa skill reads by path at run time, relative to the package root (as to the repository's). */
export function lambdaRuntimeFiles(): string[] {
  return [
    ...LANGUAGES.map((language) => `locales/${language}.json`),
    // The Jovo models, for the understanding model's fingerprint (whether the built model is current).
    ...LANGUAGES.map((language) => `models/${language}.json`),
    'resources/banking77/train.csv',
    ...FAQ_EXAMPLE_LANGUAGES.map((language) => `resources/faq/examples.${language}.csv`),
    ...LANGUAGES.map((language) => `resources/understanding/typed.${language}.csv`),
    // The emotion classifier trains from these on its first reply in the security alert dialogue.
    'resources/emotion/labelled.csv',
    'resources/emotion/cues.json',
    'build/understanding-model.json',
    'build/understanding-model.weights',
  ];
}

/**
 * Left out of the bundle; each is loaded only where the Lambda never goes, and fails there with
 * "Cannot find module". The nlp.js language packs (the Chinese one alone is 10 MB of JavaScript
 * to parse on every cold start) serve the web platform's typed text, which the express server
 * answers: the Lambda is Alexa's endpoint. @jest/globals is needed by Jovo's test suite only.
 */
const LEFT_OUT = ['@nlpjs/lang-*', '@nlpjs/nlp/package.json', '@jest/globals'];

/** Jovo's platform packages load their CLI plugins (the TypeScript compiler, the SMAPI SDK) only under the Jovo CLI. */
const JOVO_CLI_PLUGIN = { importer: /[\\/]@jovotech[\\/]platform-[a-z]+[\\/]/, path: /^\.\/cli$/ };

/** The artifact's header comes before its 150 MB of weights: no need to parse them for the fingerprint. */
function builtUnderstandingFingerprint(path: string): string | undefined {
  const header = Buffer.alloc(4096);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  return /"fingerprint":"([0-9a-f]+)"/.exec(header.toString('utf8'))?.[1];
}

/** A Lambda cannot train the understanding model (four minutes): refuse to package a missing or stale one. */
function assertUnderstandingModelCurrent(): void {
  const path = defaultUnderstandingModelPath();
  if (!existsSync(path)) throw new Error(`${relative(PROJECT_ROOT, path)} missing: run npm run build first`);
  if (builtUnderstandingFingerprint(path) !== understandingFingerprint(loadUnderstandingExamples())) {
    throw new Error(`${relative(PROJECT_ROOT, path)} was built from other training data: run npm run build first`);
  }
}

/** Writes the package's files into `directory` (created if needed); returns it. */
export async function stageLambdaPackage(directory: string): Promise<string> {
  if (!existsSync(HANDLER_MODULE)) throw new Error(`${relative(PROJECT_ROOT, HANDLER_MODULE)} missing: run tsc -p tsconfig.build.json first`);
  assertUnderstandingModelCurrent();
  mkdirSync(directory, { recursive: true });
  await build({
    entryPoints: [HANDLER_MODULE],
    outfile: join(directory, LAMBDA_BUNDLE),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Less to parse on a cold start; identifiers keep their names, which Jovo routes by (component classes).
    minifyWhitespace: true,
    minifySyntax: true,
    external: LEFT_OUT,
    plugins: [
      {
        name: 'leave-out-jovo-cli-plugins',
        setup(esbuild) {
          esbuild.onResolve({ filter: JOVO_CLI_PLUGIN.path }, (args) =>
            JOVO_CLI_PLUGIN.importer.test(args.importer) ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
    logLevel: 'warning',
  });
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify({ name: 'carevoice-skill', version, private: true, main: LAMBDA_BUNDLE }, null, 2)}\n`);
  for (const file of lambdaRuntimeFiles()) {
    mkdirSync(dirname(join(directory, file)), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, file), join(directory, file));
  }
  return directory;
}

/** The package's files, relative to its root: the bundle, package.json and the runtime files. */
export function lambdaPackageFiles(): string[] {
  return [LAMBDA_BUNDLE, 'package.json', ...lambdaRuntimeFiles()];
}

/** Zips the staged package (files world-readable, as Lambda requires) into `zipFile`, atomically. */
export async function zipLambdaPackage(directory: string, zipFile: string): Promise<void> {
  const zip = new ZipFile();
  for (const file of lambdaPackageFiles()) zip.addFile(join(directory, file), file, { mode: 0o100644 });
  zip.end();
  const partial = `${zipFile}.partial`;
  await new Promise<void>((resolve, reject) => {
    const output = createWriteStream(partial);
    output.on('close', resolve).on('error', reject);
    zip.outputStream.on('error', reject).pipe(output);
  });
  renameSync(partial, zipFile);
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(dirname(LAMBDA_ZIP), { recursive: true });
  const staging = mkdtempSync(join(dirname(LAMBDA_ZIP), '.staging-'));
  try {
    await stageLambdaPackage(staging);
    const unzippedBytes = lambdaPackageFiles().reduce((sum, file) => sum + statSync(join(staging, file)).size, 0);
    await zipLambdaPackage(staging, LAMBDA_ZIP);
    const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.error(
      `build-lambda: wrote ${relative(PROJECT_ROOT, LAMBDA_ZIP)} (${megabytes(statSync(LAMBDA_ZIP).size)} zipped, ${megabytes(unzippedBytes)} unzipped; ` +
        `handler ${LAMBDA_HANDLER}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`build-lambda: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
