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
    answerCaller(({ userId }, req): AlexaNotifications => {
      notifications.linkAlexaUser(userId, parseRequest(AlexaNotificationsRequest, req.body).alexaUserId);
      return { enabled: true };
    }),
  );
  router.delete(
    expressPath(AlexaNotificationsPaths.alexaNotifications),
    authenticate,
    answerCaller(({ userId }): AlexaNotifications => {
      notifications.unlinkAlexaUser(userId);
      return { enabled: false };
    }),
  );
  return router;
}
