/**
 * Rate-limit counters in Redis (REDIS_URL): with several backend instances a user's budget is
 * one budget, not one per instance. Without Redis each instance counts in its own memory, which
 * is right for the single embedded backend of `npm start`.
 */
import Redis from 'ioredis';
import type { Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

/** A counter store for each named limit (its keys apart from the others'). */
export type LimitStores = (limitName: string) => Store;

export interface SharedLimits {
  stores: LimitStores;
  close(): Promise<void>;
}

/** `keyPrefix` keeps deployments (or test runs) sharing one Redis apart. */
export function redisLimitStores(redisUrl: string, keyPrefix = 'carevoice:rate'): SharedLimits {
  // A request waits for at most one reconnection to a Redis that is down, then the limiter lets it through.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => {
    // ioredis reports each failed reconnection here; the limiter logs the failed counts.
  });
  return {
    stores: (limitName) =>
      new RedisStore({
        prefix: `${keyPrefix}:${limitName}:`,
        sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
      }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
