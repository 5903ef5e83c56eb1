import type { Db } from '../db/db';

interface CountedAttempt {
  codeHash: string;
  /** Attempts since the last success, this one included. */
  attemptsUsed: number;
}

export class VoiceCodeRepository {
  constructor(private readonly db: Db) {}

  async hasVoiceCode(userId: string): Promise<boolean> {
    return (await this.db.executor.selectFrom('voice_codes').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
  }

  /**
   * Counts an attempt before the (slow, asynchronous) hash check, in one conditional UPDATE, so
   * parallel guesses, on any instance, never get more than `maxAttempts` checks. Undefined when
   * locked or without a code.
   */
  async countAttempt(userId: string, maxAttempts: number): Promise<CountedAttempt | undefined> {
    return this.db.executor
      .updateTable('voice_codes')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('user_id', '=', userId)
      .where('failed_attempts', '<', maxAttempts)
      .returning(['code_hash as codeHash', 'failed_attempts as attemptsUsed'])
      .executeTakeFirst();
  }

  async clearFailedAttempts(userId: string): Promise<void> {
    await this.db.executor.updateTable('voice_codes').set({ failed_attempts: 0 }).where('user_id', '=', userId).execute();
  }

  /** Sets a code and unlocks it; the voice sessions opened with the old code end with it. */
  async replaceCode(userId: string, codeHash: string): Promise<void> {
    await this.db.atomically(async () => {
      await this.db.executor
        .insertInto('voice_codes')
        .values({ user_id: userId, code_hash: codeHash, failed_attempts: 0 })
        .onConflict((conflict) => conflict.column('user_id').doUpdateSet((eb) => ({ code_hash: eb.ref('excluded.code_hash'), failed_attempts: 0 })))
        .execute();
      await this.db.executor.deleteFrom('voice_sessions').where('user_id', '=', userId).execute();
    });
  }

  async openSession(userId: string, tokenHash: string, expiresAt: string, now: string): Promise<void> {
    await this.db.atomically(async () => {
      await this.db.executor.deleteFrom('voice_sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
      await this.db.executor.insertInto('voice_sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
    });
  }

  async hasLiveSession(userId: string, tokenHash: string, now: string): Promise<boolean> {
    const row = await this.db.executor
      .selectFrom('voice_sessions')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row !== undefined;
  }
}
