import type { Db } from '../db/db';

interface CountedAttempt {
  codeHash: string;
  /** Attempts since the last success, this one included. */
  attemptsUsed: number;
}

export class VoiceCodeRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      findCode: db.prepare<[string], { userId: string }>('SELECT user_id AS userId FROM voice_codes WHERE user_id = ?'),
      countAttempt: db.prepare<[string, number], CountedAttempt>(
        `UPDATE voice_codes SET failed_attempts = failed_attempts + 1
         WHERE user_id = ? AND failed_attempts < ?
         RETURNING code_hash AS codeHash, failed_attempts AS attemptsUsed`,
      ),
      clearFailedAttempts: db.prepare<[string]>('UPDATE voice_codes SET failed_attempts = 0 WHERE user_id = ?'),
      upsertCode: db.prepare<[string, string]>(
        `INSERT INTO voice_codes (user_id, code_hash, failed_attempts) VALUES (?, ?, 0)
         ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, failed_attempts = 0`,
      ),
      deleteSessions: db.prepare<[string]>('DELETE FROM voice_sessions WHERE user_id = ?'),
      deleteExpiredSessions: db.prepare<[string, string]>('DELETE FROM voice_sessions WHERE user_id = ? AND expires_at <= ?'),
      insertSession: db.prepare<[string, string, string]>('INSERT INTO voice_sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)'),
      findLiveSession: db.prepare<[string, string, string], { userId: string }>(
        'SELECT user_id AS userId FROM voice_sessions WHERE token_hash = ? AND user_id = ? AND expires_at > ?',
      ),
    };
  }

  hasVoiceCode(userId: string): boolean {
    return this.statements.findCode.get(userId) !== undefined;
  }

  /**
   * Counts an attempt before the (slow, asynchronous) hash check, in one statement, so parallel
   * guesses never get more than `maxAttempts` checks. Undefined when locked or without a code.
   */
  countAttempt(userId: string, maxAttempts: number): CountedAttempt | undefined {
    return this.statements.countAttempt.get(userId, maxAttempts);
  }

  clearFailedAttempts(userId: string): void {
    this.statements.clearFailedAttempts.run(userId);
  }

  /** Sets a code and unlocks it; the voice sessions opened with the old code end with it. */
  replaceCode(userId: string, codeHash: string): void {
    this.db.transaction(() => {
      this.statements.upsertCode.run(userId, codeHash);
      this.statements.deleteSessions.run(userId);
    })();
  }

  openSession(userId: string, tokenHash: string, expiresAt: string, now: string): void {
    this.db.transaction(() => {
      this.statements.deleteExpiredSessions.run(userId, now);
      this.statements.insertSession.run(tokenHash, userId, expiresAt);
    })();
  }

  hasLiveSession(userId: string, tokenHash: string, now: string): boolean {
    return this.statements.findLiveSession.get(tokenHash, userId, now) !== undefined;
  }
}
