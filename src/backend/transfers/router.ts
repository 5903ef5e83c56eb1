import { Router, type RequestHandler } from 'express';
import {
  CreateTransferRequest,
  IdempotencyKeyHeaders,
  TransferIdParams,
  TransferPaths,
  TransfersQuery,
  type Transfer,
  type TransfersResponse,
} from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { expressPath, handle, parseRequest } from '../http/http';
import { idempotencyKeyOf, sendCreated } from '../http/idempotency';
import type { TransfersService } from './service';

export function createTransfersRouter(transfers: TransfersService, authenticate: RequestHandler, requireVoiceSession: RequestHandler): Router {
  const router = Router();

  router.post(
    expressPath(TransferPaths.transfers),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const idempotencyKey = idempotencyKeyOf(req, IdempotencyKeyHeaders);
      const request = parseRequest(CreateTransferRequest, req.body);
      const { transfer, replayed } = await transfers.create(callerOf(res).userId, idempotencyKey, request);
      const body: Transfer = transfer;
      sendCreated(res, body, replayed);
    }),
  );

  router.get(
    expressPath(TransferPaths.transfers),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { status } = parseRequest(TransfersQuery, req.query);
      const body: TransfersResponse = { transfers: await transfers.list(callerOf(res).userId, status) };
      res.json(body);
    }),
  );

  router.post(
    expressPath(TransferPaths.transferCancel),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { id } = parseRequest(TransferIdParams, req.params);
      const transfer: Transfer = await transfers.cancelPending(callerOf(res).userId, id);
      res.json(transfer);
    }),
  );

  router.get(
    expressPath(TransferPaths.transfer),
    authenticate,
    requireVoiceSession,
    handle(async (req, res) => {
      const { id } = parseRequest(TransferIdParams, req.params);
      const transfer: Transfer = await transfers.get(callerOf(res).userId, id);
      res.json(transfer);
    }),
  );

  return router;
}
