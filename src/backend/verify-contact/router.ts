import { Router, type RequestHandler } from 'express';
import { VerifyContactPaths, VerifyContactQuery, type VerifyContactResult } from '../../shared/contract/api';
import { answerCaller, expressPath, parseRequest } from '../http/http';
import type { VerifyContactService } from './service';

export function createVerifyContactRouter(contacts: VerifyContactService, authenticate: RequestHandler): Router {
  const router = Router();

  // Nothing personal in the answer: no voice code needed, a worried caller gets it at once.
  router.get(
    expressPath(VerifyContactPaths.verifyContact),
    authenticate,
    answerCaller((_caller, req): Promise<VerifyContactResult> => contacts.check(parseRequest(VerifyContactQuery, req.query))),
  );

  return router;
}
