/**
 * `npm start`: the service backend (on its embedded SQLite store, seeded with demo users)
 * and the skill's HTTP server, in one process. With BACKEND_URL set, only the skill starts
 * and talks to that backend instead.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBackend, type RunningBackend } from './backend/main';
import { createLogger } from './logger';
import { loadConfig } from './config';
import { createSkillServer, SKILL_PATHS } from './server.express';
import { AlexaRequestVerifier } from './server/alexa-verification';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel).child({ component: 'skill' });

  let backend: RunningBackend | undefined;
  if (!process.env.BACKEND_URL) {
    backend = await startBackend({ port: config.backendPort, dataDir: config.dataDir, logger: logger.child({ component: 'backend' }) });
  }

  // The stage decides the plugins: the Jovo debugger exists only in development.
  const { app } = config.environment === 'production' ? await import('./app.prod') : await import('./app.dev');
  await app.initialize();

  let alexaVerifier: AlexaRequestVerifier | undefined;
  if (config.verifyAlexaSignatures) {
    alexaVerifier = new AlexaRequestVerifier({ skillId: config.alexaSkillId });
  } else {
    logger.warn('Alexa request signature verification is OFF (development mode; set NODE_ENV=production or ALEXA_VERIFY_SIGNATURES=true)');
  }

  const skillServer: Server = createSkillServer({ app, logger, alexaVerifier }).listen(config.port, () => {
    const { port } = skillServer.address() as AddressInfo;
    logger.info(
      { alexa: `http://localhost:${port}${SKILL_PATHS.alexa}`, web: `http://localhost:${port}${SKILL_PATHS.web}`, backend: config.backendUrl },
      'CareVoice skill listening',
    );
  });
  skillServer.once('error', (error) => {
    logger.fatal({ err: { message: error.message } }, 'CareVoice skill could not start');
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
