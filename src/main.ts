/**
 * `npm start`: the service backend (on its embedded SQLite store, seeded with demo users)
 * and the skill's HTTP server, in one process. With BACKEND_URL set, only the skill starts
 * and talks to that backend instead.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBackend, type RunningBackend } from './backend/main';
import type { App } from '@jovotech/framework';
import type { Logger } from 'pino';
import { BackendClient } from './skill/services/backend-client';
import { createLogger, errorFields } from './shared/logger';
import { prepareNlu } from './skill/nlu/shared-nlpjs';
import { loadUnderstanding } from './skill/nlu/understanding';
import { loadBackendConfig } from './backend/config';
import { loadConfig } from './skill/config';
import { createSkillServer, SKILL_PATHS } from './skill/server/express';
import { AlexaRequestVerifier } from './skill/server/alexa-verification';
import { WEB_PATHS } from './skill/web/pages';

/** With no request to answer first, the language models load this long after the server listens. */
const NLU_WARM_UP_IDLE_MS = 2000;

/**
 * The web platform's NLU (0.3 s from the build's model, 5 s to train without one) and the
 * understanding model (about 4 s) load on first use, blocking the event loop. Doing it before
 * listening would delay the first answer, so both happen once the first request has been
 * answered (or the server has been idle a while), instead of making the first typed turn wait.
 */
function warmUpNluAfterFirstAnswer(server: Server, app: App, logger: Logger): void {
  let started = false;
  const warmUp = () => {
    if (started) return;
    started = true;
    clearTimeout(idleTimer);
    loadUnderstanding();
    prepareNlu(app).catch((error: unknown) => {
      logger.error(errorFields(error), 'web NLU training failed; retried on the next web request');
    });
  };
  const idleTimer = setTimeout(warmUp, NLU_WARM_UP_IDLE_MS);
  idleTimer.unref();
  server.once('request', (_request: IncomingMessage, response: ServerResponse) => {
    response.once('finish', () => setImmediate(warmUp));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel).child({ component: 'skill' });

  // The dashboard reads the backend's analytics with this key; the embedded backend gets a
  // per-process one when none is configured (it never leaves this process).
  const analyticsKey = config.analyticsApiKey ?? (process.env.BACKEND_URL ? undefined : randomBytes(24).toString('base64url'));
  let backend: RunningBackend | undefined;
  if (!process.env.BACKEND_URL) {
    const backendConfig = loadBackendConfig();
    backend = await startBackend({
      port: backendConfig.port,
      dataDir: backendConfig.dataDir,
      logger: logger.child({ component: 'backend' }),
      rateLimits: backendConfig.rateLimits,
      redisUrl: backendConfig.redisUrl,
      agentApiKey: backendConfig.agentApiKey,
      analyticsApiKey: analyticsKey,
    });
  }

  // The stage decides the plugins: the Jovo debugger exists only in development.
  const { app } = config.environment === 'production' ? await import('./skill/app.prod') : await import('./skill/app.dev');
  await app.initialize();

  let alexaVerifier: AlexaRequestVerifier | undefined;
  if (config.verifyAlexaSignatures) {
    alexaVerifier = new AlexaRequestVerifier({ skillId: config.alexaSkillId });
  } else {
    logger.warn('Alexa request signature verification is OFF (development mode; set NODE_ENV=production or ALEXA_VERIFY_SIGNATURES=true)');
  }

  // The console lists the demo users with their tokens, and the dashboard reads analytics with
  // the server's key: both are for development and demos, never a production server.
  const pages =
    config.environment === 'production'
      ? undefined
      : { backend: new BackendClient({ baseUrl: config.backendUrl, timeoutMs: config.backendTimeoutMs }), analyticsKey };
  const skillServer: Server = createSkillServer({
    app,
    logger,
    alexaVerifier,
    pages,
  }).listen(config.port, () => {
    const { port } = skillServer.address() as AddressInfo;
    logger.info(
      {
        alexa: `http://localhost:${port}${SKILL_PATHS.alexa}`,
        web: `http://localhost:${port}${SKILL_PATHS.web}`,
        ...(pages && {
          console: `http://localhost:${port}${WEB_PATHS.console}`,
          dashboard: `http://localhost:${port}${WEB_PATHS.dashboard}`,
        }),
        backend: config.backendUrl,
      },
      'CareVoice skill listening',
    );
  });
  warmUpNluAfterFirstAnswer(skillServer, app, logger);
  skillServer.once('error', (error) => {
    logger.fatal(errorFields(error), 'CareVoice skill could not start');
    process.exitCode = 1;
    void backend?.close();
  });

  const shutDown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'CareVoice shutting down');
    skillServer.close();
    void backend?.close();
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

main().catch((error: unknown) => {
  process.stderr.write(`CareVoice failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
