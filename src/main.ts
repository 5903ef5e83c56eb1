/**
 * `npm start`: the service backend (on its embedded SQLite store, seeded with demo users)
 * and the skill's HTTP server, in one process. With BACKEND_URL set, only the skill starts
 * and talks to that backend instead.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
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

/**
 * The understanding model (about 1.5 s to read) and the web platform's NLU (0.3 s from the
 * build's model) load before the server listens: every answer, the first one included, then
 * costs what a turn costs, and a load balancer sends no request to an instance still loading.
 */
async function loadLanguageModels(app: App, logger: Logger): Promise<void> {
  const startedAt = performance.now();
  loadUnderstanding();
  await prepareNlu(app);
  logger.info({ ms: Math.round(performance.now() - startedAt) }, 'language models loaded');
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
      store: backendConfig.store,
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
  await loadLanguageModels(app, logger);

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
