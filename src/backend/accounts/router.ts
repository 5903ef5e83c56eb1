import { Router, type RequestHandler } from 'express';
import { ApiPaths, BalancesQuery, type BalancesResponse, type Profile } from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { expressPath, handle, parseRequest } from '../http/http';
import type { AccountsService } from './service';

export function createAccountsRouter(accounts: AccountsService, authenticate: RequestHandler, requireVoiceSession: RequestHandler): Router {
  const router = Router();

  // The profile stays readable without a voice session: it is how the skill learns one is needed.
  router.get(
    expressPath(ApiPaths.profile),
    authenticate,
    handle(async (_req, res) => {
      const profile: Profile = await accounts.profile(callerOf(res).userId);
      res.json(profile);
    }),
  );

  router.get(
    expressPath(ApiPaths.balances),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const query = parseRequest(BalancesQuery, req.query);
      const balances: BalancesResponse = await accounts.balances(callerOf(res).userId, query);
      res.json(balances);
    }),
  );

  return router;
}
