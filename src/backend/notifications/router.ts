import { Router, type RequestHandler } from 'express';
import { AlexaNotifications, AlexaNotificationsPaths, AlexaNotificationsRequest } from '../../shared/contract/api';
import { answerCaller, expressPath, parseRequest } from '../http/http';
import type { NotificationsRepository } from './repository';

/** Kept true by the skill from Alexa's skill events; the notifier reads it before each Alexa alert. */
export function createAlexaNotificationsRouter(notifications: NotificationsRepository, authenticate: RequestHandler): Router {
  const router = Router();
  router.put(
    expressPath(AlexaNotificationsPaths.alexaNotifications),
    authenticate,
    answerCaller(async ({ userId }, req): Promise<AlexaNotifications> => {
      await notifications.linkAlexaUser(userId, parseRequest(AlexaNotificationsRequest, req.body).alexaUserId);
      return { enabled: true };
    }),
  );
  router.delete(
    expressPath(AlexaNotificationsPaths.alexaNotifications),
    authenticate,
    answerCaller(async ({ userId }): Promise<AlexaNotifications> => {
      await notifications.unlinkAlexaUser(userId);
      return { enabled: false };
    }),
  );
  return router;
}
