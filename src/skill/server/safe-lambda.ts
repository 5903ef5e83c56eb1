import type { App } from '@jovotech/framework';
import { Lambda } from '@jovotech/server-lambda';
import type { Logger } from 'pino';
import { apologyResponse } from './apology';
import { errorFields } from '../../shared/logger';

/** Jovo's Lambda server, answering a failed turn with a spoken apology instead of an error and a stack. */
export class SafeLambda extends Lambda {
  constructor(
    event: ConstructorParameters<typeof Lambda>[0],
    context: ConstructorParameters<typeof Lambda>[1],
    callback: ConstructorParameters<typeof Lambda>[2],
    private readonly app: App,
    private readonly logger: Logger,
  ) {
    super(event, context, callback);
  }

  fail(error: Error): void {
    this.logger.error(errorFields(error, { stack: true }), 'turn failed');
    void this.setResponse(apologyResponse(this.app, this.getRequestObject()));
  }
}
