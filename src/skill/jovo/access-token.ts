import type { Jovo } from '@jovotech/framework';
import '@jovotech/platform-alexa';
import type { CoreRequest } from '@jovotech/platform-core';

/**
 * The bearer token of the user's wallet account: Alexa's account-linking token, or on the
 * web platform the signed-in session's token that the console sends in the request's data.
 */
export function accessTokenOf(jovo: Jovo): string | undefined {
  const token = jovo.$alexa ? jovo.$user.accessToken : (jovo.$request as CoreRequest).data?.accessToken;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}
