/**
 * The skill's HTTP entry: Alexa and the web platform post their requests here.
 * `createSkillServer` builds the express app without listening, so tests can mount it.
 */
import type { App } from '@jovotech/framework';
import express, { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AlexaRequestVerifier, AlexaVerificationError } from './alexa-verification';
import { apologyResponse } from './apology';
import { SafeExpressJs } from './safe-express';
import { createWebPagesRouter, type WebPagesOptions } from '../web/pages';
import { summarizeTurn } from './turn-summary';
import { requestLogging, errorFields } from '../../shared/logger';

/** Alexa never sends more than this; anything larger is not Alexa. */
const MAX_REQUEST_BYTES = 256 * 1024;

export const SKILL_PATHS = {
  /** Alexa (verified when verification is on, and then Alexa only); in development also the web platform and the Jovo debugger. */
  alexa: '/webhook',
  /** The web platform (voice console, in-app assistant): never takes Alexa-shaped requests. */
  web: '/web/webhook',
} as const;

export interface SkillServerOptions {
  app: App;
  logger: Logger;
  /** Absent: Alexa requests are not verified (development only, announced in the log). */
  alexaVerifier?: AlexaRequestVerifier;
  /** The voice console and the analytics dashboard (src/web/pages.ts); absent: not served. */
  pages?: Omit<WebPagesOptions, 'logger'>;
}

interface RequestWithRawBody extends Request {
  rawBody?: string;
}

/** Web and core requests carry `input`; an Alexa envelope's `request` or `session` is enough for Jovo to take it for Alexa. */
function looksLikeAlexa(body: unknown): boolean {
  const envelope = body as { request?: unknown; session?: unknown } | undefined;
  return Boolean(envelope?.request || envelope?.session);
}

const ERROR_CODES: Record<number, string> = { 400: 'bad_request', 404: 'not_found', 500: 'internal' };

function refuse(res: Response, status: 400 | 404 | 500, reason: string): void {
  res.status(status).json({ error: { code: ERROR_CODES[status], message: reason } });
}

export function createSkillServer({ app, logger, alexaVerifier, pages }: SkillServerOptions): express.Express {
  const server = express();
  server.disable('x-powered-by');
  // One structured line per request (id, path, status, duration), never headers or bodies.
  server.use(requestLogging(logger));
  server.use(
    express.json({
      limit: MAX_REQUEST_BYTES,
      // Signatures are computed over the exact bytes Alexa sent.
      verify: (req, _res, buffer) => {
        (req as RequestWithRawBody).rawBody = buffer.toString('utf8');
      },
    }),
  );

  const handleTurn = async (req: Request, res: Response) => {
    logger.debug({ requestId: res.locals.requestId, turn: summarizeTurn(req.body) }, 'turn');
    try {
      await app.handle(new SafeExpressJs(req, res, app, logger));
    } catch (error) {
      // Express 4 drops a rejected handler: without this the caller would wait forever.
      logger.error({ err: error, requestId: res.locals.requestId }, 'turn failed outside the app');
      if (!res.headersSent) res.status(200).json(apologyResponse(app, req.body));
    }
  };

  const verifyAlexa = async (req: RequestWithRawBody, res: Response, next: NextFunction) => {
    if (!alexaVerifier) return next();
    // Verified Alexa endpoint: the web platform's requests go to their own path, never answered here.
    if (!looksLikeAlexa(req.body)) return refuse(res, 400, `Not an Alexa request; web requests go to ${SKILL_PATHS.web}`);
    try {
      await alexaVerifier.verify(req.rawBody ?? '', req.headers);
      next();
    } catch (error) {
      const reason = error instanceof AlexaVerificationError ? error.message : 'request verification failed';
      logger.warn({ reason, path: req.path }, 'refused unverified Alexa request');
      refuse(res, 400, `Request refused: ${reason}`);
    }
  };

  const refuseAlexaShaped = (req: Request, res: Response, next: NextFunction) => {
    if (looksLikeAlexa(req.body)) return refuse(res, 400, `Alexa requests go to ${SKILL_PATHS.alexa}`);
    next();
  };

  server.post(SKILL_PATHS.alexa, verifyAlexa, handleTurn);
  server.post(SKILL_PATHS.web, refuseAlexaShaped, handleTurn);
  server.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (pages) server.use(createWebPagesRouter({ ...pages, logger }));

  server.use((_req: Request, res: Response) => refuse(res, 404, 'Not found'));
  // Malformed JSON, oversized bodies and anything unexpected: a reason, never a stack.
  server.use((error: Error & { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') return refuse(res, 400, `Request body larger than ${MAX_REQUEST_BYTES} bytes`);
    if (error.type === 'entity.parse.failed') return refuse(res, 400, 'Request body is not valid JSON');
    logger.error(errorFields(error), 'skill server error');
    refuse(res, 500, 'Internal error');
  });
  return server;
}
