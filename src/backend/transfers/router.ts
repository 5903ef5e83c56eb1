import { Router, type RequestHandler } from 'express';
import {
  CreateTransferRequest,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAY_HEADER,
  IdempotencyKeyHeaders,
  TransferIdParams,
  TransferPaths,
  type Transfer,
} from '../../contract/api';
import { callerOf } from '../auth';
import { expressPath, handle, parseRequest } from '../http';
import type { TransfersService } from './service';

export function createTransfersRouter(
  transfers: TransfersService,
  authenticate: RequestHandler,
  requireVoiceSession: RequestHandler,
): Router {
  const router = Router();

  router.post(
    expressPath(TransferPaths.transfers),
    authenticate,
    requireVoiceSession,
    handle((req, res) => {
      const headers = parseRequest(IdempotencyKeyHeaders, { [IDEMPOTENCY_KEY_HEADER]: req.get(IDEMPOTENCY_KEY_HEADER) });
      const request = parseRequest(CreateTransferRequest, req.body);
      const { transfer, replayed } = transfers.create(callerOf(res).userId, headers[IDEMPOTENCY_KEY_HEADER], request);
      if (replayed) {
        res.setHeader(IDEMPOTENT_REPLAY_HEADER, 'true');
      }
      const body: Transfer = transfer;
      res.status(replayed ? 200 : 201).json(body);
    }),
  );

  router.get(
    expressPath(TransferPaths.transfer),
    authenticate,
    requireVoiceSession,
    handle((req, res) => {
      const { id } = parseRequest(TransferIdParams, req.params);
      const transfer: Transfer = transfers.get(callerOf(res).userId, id);
      res.json(transfer);
    }),
  );

  return router;
}
