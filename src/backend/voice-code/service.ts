import { randomBytes } from 'node:crypto';
import { VOICE_CODE_MAX_ATTEMPTS, VOICE_SESSION_MINUTES, type VoiceCodeResult } from '../../shared/contract/api';
import { hashToken, type Caller } from '../http/auth';
import { HttpError } from '../http/errors';
import type { VoiceCodeRepository } from './repository';
import { hashVoiceCode, voiceCodeMatches } from './voice-code-hash';

export class VoiceCodeService {
  constructor(
    private readonly repository: VoiceCodeRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async verify(userId: string, code: string): Promise<VoiceCodeResult> {
    const attempt = await this.repository.countAttempt(userId, VOICE_CODE_MAX_ATTEMPTS);
    if (attempt === undefined) {
      if (!(await this.repository.hasVoiceCode(userId))) {
        throw new HttpError('not_found', 'This user has no voice code');
      }
      return { result: 'locked', attemptsLeft: 0 };
    }
    if (await voiceCodeMatches(code, attempt.codeHash)) {
      await this.repository.clearFailedAttempts(userId);
      return this.openSession(userId);
    }
    const attemptsLeft = VOICE_CODE_MAX_ATTEMPTS - attempt.attemptsUsed;
    return { result: attemptsLeft === 0 ? 'locked' : 'wrong', attemptsLeft };
  }

  /** Only the mobile app, after its own strong authentication, may set a new code. */
  async reset(caller: Caller, newCode: string): Promise<void> {
    if (caller.client !== 'mobile_app') {
      throw new HttpError('forbidden', 'The voice code can only be reset in the mobile app');
    }
    await this.repository.replaceCode(caller.userId, await hashVoiceCode(newCode));
  }

  /** Users without a voice code always pass; the others need a live session of their own. */
  async admits(userId: string, voiceSession: string | undefined): Promise<boolean> {
    if (!(await this.repository.hasVoiceCode(userId))) {
      return true;
    }
    return voiceSession !== undefined && (await this.repository.hasLiveSession(userId, hashToken(voiceSession), this.now().toISOString()));
  }

  private async openSession(userId: string): Promise<VoiceCodeResult> {
    const now = this.now();
    const voiceSession = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + VOICE_SESSION_MINUTES * 60_000).toISOString();
    await this.repository.openSession(userId, hashToken(voiceSession), expiresAt, now.toISOString());
    return { result: 'ok', attemptsLeft: VOICE_CODE_MAX_ATTEMPTS, voiceSession, expiresAt };
  }
}
