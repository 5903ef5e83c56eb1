import type { App } from '@jovotech/framework';
import { ExpressJs } from '@jovotech/server-express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { apologyResponse } from './apology';
import { errorFields } from '../../shared/logger';

/**
 * Jovo's ExpressJs answers a failed turn with HTTP 500 and, in production, the stack trace
 * (its condition is inverted). This one logs the error and speaks an apology instead.
 */
export class SafeExpressJs extends ExpressJs {
  constructor(
    req: Request,
    res: Response,
    private readonly app: App,
    private readonly logger: Logger,
  ) {
    super(req, res);
  }

  fail(error: Error): void {
    this.logger.error(errorFields(error, { stack: true }), 'turn failed');
    if (!this.res.headersSent) this.res.status(200).json(apologyResponse(this.app, this.req.body));
  }
}
