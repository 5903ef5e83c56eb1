import { SkillRequestSignatureVerifier, TimestampVerifier, Verifier } from 'ask-sdk-express-adapter';
import type { IncomingHttpHeaders } from 'node:http';

/** Why an Alexa request was refused; said in the 400 body and the log, never more. */
export class AlexaVerificationError extends Error {}

export interface AlexaVerificationOptions {
  /** When set, requests for any other skill are refused. */
  skillId?: string;
  /** Replaceable so tests can pre-seed certificates instead of downloading them. */
  verifiers?: Verifier[];
}

function applicationIdOf(envelope: unknown): string | undefined {
  const request = envelope as {
    context?: { System?: { application?: { applicationId?: string } } };
    session?: { application?: { applicationId?: string } };
  };
  return request?.context?.System?.application?.applicationId ?? request?.session?.application?.applicationId;
}

/** Alexa's web-service rules: signed by Amazon, sent within 150 s, for our skill. */
export class AlexaRequestVerifier {
  private readonly verifiers: Verifier[];

  constructor(private readonly options: AlexaVerificationOptions = {}) {
    this.verifiers = options.verifiers ?? [new SkillRequestSignatureVerifier(), new TimestampVerifier()];
  }

  async verify(rawBody: string, headers: IncomingHttpHeaders): Promise<void> {
    for (const verifier of this.verifiers) {
      try {
        await verifier.verify(rawBody, headers);
      } catch (error) {
        throw new AlexaVerificationError(error instanceof Error ? error.message : 'request verification failed');
      }
    }
    if (this.options.skillId) {
      let envelope: unknown;
      try {
        envelope = JSON.parse(rawBody);
      } catch {
        throw new AlexaVerificationError('request body is not JSON');
      }
      if (applicationIdOf(envelope) !== this.options.skillId) {
        throw new AlexaVerificationError('request is for another skill');
      }
    }
  }
}
