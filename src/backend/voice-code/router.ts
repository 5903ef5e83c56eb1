import { Router, type RequestHandler } from 'express';
import { ApiPaths, VOICE_SESSION_HEADER, VoiceCodeResetRequest, VoiceCodeVerifyRequest, type VoiceCodeResult } from '../../shared/contract/api';
import { callerOf } from '../http/auth';
import { HttpError } from '../http/errors';
import { expressPath, handle, parseRequest } from '../http/http';
import type { VoiceCodeService } from './service';

export function createVoiceCodeRouter(voiceCodes: VoiceCodeService, authenticate: RequestHandler): Router {
  const router = Router();

  router.post(
    expressPath(ApiPaths.voiceCodeVerify),
    authenticate,
    handle(async (req, res) => {
      const { code } = parseRequest(VoiceCodeVerifyRequest, req.body);
      const result: VoiceCodeResult = await voiceCodes.verify(callerOf(res).userId, code);
      res.json(result);
    }),
  );

  router.post(
    expressPath(ApiPaths.voiceCodeReset),
    authenticate,
    handle(async (req, res) => {
      const { newCode } = parseRequest(VoiceCodeResetRequest, req.body);
      await voiceCodes.reset(callerOf(res), newCode);
      res.status(204).end();
    }),
  );

  return router;
}

/** Guards the routes that reveal money: a user with a voice code must have said it recently. */
export function requireVoiceSession(voiceCodes: VoiceCodeService): RequestHandler {
  return (req, res, next) => {
    voiceCodes.admits(callerOf(res).userId, req.get(VOICE_SESSION_HEADER)).then((admitted) => {
      if (admitted) {
        next();
        return;
      }
      next(
        new HttpError(
          'voice_code_required',
          `This user protects balances and transactions with a voice code: verify it at ${ApiPaths.voiceCodeVerify} and send the session in ${VOICE_SESSION_HEADER}`,
        ),
      );
    }, next);
  };
}
