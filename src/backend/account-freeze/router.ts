import { Router, type RequestHandler } from 'express';
import { AccountFreezePaths, type AccountFreeze } from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { answerCaller, expressPath } from '../http/http';
import type { AccountFreezeService } from './service';

export function createAccountFreezeRouter(freezes: AccountFreezeService, authenticate: RequestHandler, requireVoiceSession: RequestHandler): Router {
  const router = Router();
  // The mobile app authenticates the user itself (as for a voice code reset): no voice code there.
  const voiceSessionUnlessApp: RequestHandler = (req, res, next) => {
    if (callerOf(res).client === 'mobile_app') {
      next();
      return;
    }
    requireVoiceSession(req, res, next);
  };

  // Reading and freezing need no voice code: protecting the money must never wait for it.
  router.get(
    expressPath(AccountFreezePaths.accountFreeze),
    authenticate,
    answerCaller(({ userId }): Promise<AccountFreeze> => freezes.state(userId)),
  );
  router.post(
    expressPath(AccountFreezePaths.accountFreeze),
    authenticate,
    answerCaller((caller): Promise<AccountFreeze> => freezes.freeze(caller)),
  );
  router.post(
    expressPath(AccountFreezePaths.accountUnfreeze),
    authenticate,
    voiceSessionUnlessApp,
    answerCaller((caller): Promise<AccountFreeze> => freezes.unfreeze(caller)),
  );

  return router;
}
