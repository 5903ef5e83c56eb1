import { Router, type RequestHandler } from 'express';
import { SettingsPaths, UserSettings } from '../../shared/contract/api';
import { answerCaller, expressPath, parseRequest } from '../http/http';
import type { SettingsService } from './service';

/** Behind the voice code: the trusted contact is personal data, and weaker settings help a scammer. */
export function createSettingsRouter(settings: SettingsService, authenticate: RequestHandler, requireVoiceSession: RequestHandler): Router {
  const router = Router();

  router.get(
    expressPath(SettingsPaths.settings),
    authenticate,
    requireVoiceSession,
    answerCaller(({ userId }): Promise<UserSettings> => settings.get(userId)),
  );
  router.put(
    expressPath(SettingsPaths.settings),
    authenticate,
    requireVoiceSession,
    answerCaller(({ userId }, req): Promise<UserSettings> => settings.replace(userId, parseRequest(UserSettings, req.body))),
  );

  return router;
}
