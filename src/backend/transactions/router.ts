import { Router, type RequestHandler } from 'express';
import { ApiPaths, TransactionIdParams, TransactionsQuery, type Transaction, type TransactionsResponse } from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { expressPath, handle, parseRequest } from '../http/http';
import type { TransactionsService } from './service';

export function createTransactionsRouter(transactions: TransactionsService, authenticate: RequestHandler, requireVoiceSession: RequestHandler): Router {
  const router = Router();

  router.get(
    expressPath(ApiPaths.transactions),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const query = parseRequest(TransactionsQuery, req.query);
      const page: TransactionsResponse = await transactions.list(callerOf(res).userId, query);
      res.json(page);
    }),
  );

  router.get(
    expressPath(ApiPaths.transaction),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { id } = parseRequest(TransactionIdParams, req.params);
      const transaction: Transaction = await transactions.get(callerOf(res).userId, id);
      res.json(transaction);
    }),
  );

  return router;
}
