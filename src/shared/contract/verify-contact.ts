/**
 * Is this really you? The wallet's registry of its official channels (service numbers, apps,
 * web sites) and of known scams (numbers, fake apps, look-alike sites, and the stories scammers
 * tell, in every language of the skill).
 *
 * Re-exported by `./api`, where the skill and the backend import it from.
 */
import { z } from 'zod';
import { OpenApiParts, jsonResponse, oneOf } from './building-blocks';

export const VerifyContactPaths = { verifyContact: '/v1/verify-contact' } as const;
export type VerifyContactPath = (typeof VerifyContactPaths)[keyof typeof VerifyContactPaths];

export const ContactKinds = ['phone', 'app', 'website', 'phrase'] as const;
export const ContactKind = oneOf(ContactKinds).openapi({
  description: '"phrase": what the caller or message said, e.g. "move your money to a safe account"',
});
export type ContactKind = z.infer<typeof ContactKind>;

export const ContactVerdict = z.enum(['official', 'known_scam', 'unknown']);
export type ContactVerdict = z.infer<typeof ContactVerdict>;

/** The stories the wallet never tells: any of them is a scam, whoever claims to call. */
export const ScamStories = ['safe_account', 'refund_fee', 'unfreeze_fee', 'remote_access', 'share_code'] as const;
export const ScamStory = z.enum(ScamStories);
export type ScamStory = z.infer<typeof ScamStory>;

export const ContactAdvices = ['official_channel', 'hang_up', 'delete_app', 'leave_website', 'stop_and_report', 'check_with_official_number'] as const;
export const ContactAdvice = z.enum(ContactAdvices).openapi({
  description:
    '"official_channel": it is ours, and still never asks to move money, pay a fee or tell a code; "hang_up": a ' +
    'known scam number; "delete_app": a known fake app; "leave_website": a known scam site; "stop_and_report": a ' +
    'scam story; "check_with_official_number": not known either way, so check through the number on the card',
});
export type ContactAdvice = z.infer<typeof ContactAdvice>;

const PHONE_CHARACTERS = /^[+\d\s().\-/]+$/;
const PHONE_DIGITS = { min: 3, max: 15 } as const;

/** The host a web address or a bare domain points at: lower case, international names as punycode. */
export function websiteHost(value: string): string | undefined {
  const text = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    const host = url.hostname.replace(/\.$/, '');
    return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with `value` as a contact of this kind, if anything. */
const VALUE_PROBLEMS: Record<ContactKind, (value: string) => string | undefined> = {
  phone: (value) => {
    const text = value.normalize('NFKC');
    const digits = text.replace(/\D/g, '').length;
    return PHONE_CHARACTERS.test(text) && digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max
      ? undefined
      : `must be a phone number: ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits, with + ( ) - . / or spaces`;
  },
  app: (value) => (value.length <= 100 ? undefined : 'must be at most 100 characters for an app name'),
  website: (value) => (websiteHost(value) === undefined ? 'must be a web address or a domain such as carevoice.com' : undefined),
  phrase: () => undefined,
};

export const VerifyContactQuery = z
  .object({
    kind: ContactKind,
    value: z
      .string({ required_error: 'is required', invalid_type_error: 'must be given once' })
      .trim()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters')
      .openapi({ example: '+86 95188' }),
  })
  .superRefine(({ kind, value }, context) => {
    const problem = VALUE_PROBLEMS[kind](value);
    if (problem !== undefined) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: problem });
    }
  });
export type VerifyContactQuery = z.infer<typeof VerifyContactQuery>;

export const VerifyContactResult = z
  .object({
    verdict: ContactVerdict,
    kind: z.enum(ContactKinds),
    matched: z.string().optional().openapi({
      description: 'The registry entry that matched: the number, app name or domain as the wallet writes it, or the scam phrase',
      example: '95188',
    }),
    story: ScamStory.optional().openapi({ description: 'For a scam phrase: which story it tells' }),
    advice: ContactAdvice,
  })
  .openapi('VerifyContactResult');
export type VerifyContactResult = z.infer<typeof VerifyContactResult>;

export function registerVerifyContactPaths({ registry, security, commonErrors }: OpenApiParts): void {
  registry.registerPath({
    method: 'get',
    path: VerifyContactPaths.verifyContact,
    summary: 'Check a phone number, app name, web site or story against the official channels and the scam list',
    description:
      'Phone numbers match with or without the country code; app names ignore case and spaces; a site matches its ' +
      'domain and every subdomain. A "safe account" or "refund fee" story is always known_scam.',
    security,
    request: { query: VerifyContactQuery },
    responses: { 200: jsonResponse('The verdict and what to do', VerifyContactResult), ...commonErrors },
  });
}
