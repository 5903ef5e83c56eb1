/**
 * The risk rules, weights, thresholds and scam wording of `rules.json`, checked once when loaded:
 * a typo in the data file fails at start, not in the middle of a transfer.
 */
import { z } from 'zod';
import { ScamTypes, type RiskRuleCode, type ScamType } from '../../shared/contract/api';
import rulesFile from './rules.json';

/** The languages the wording lists must cover: those the skill speaks. */
export const WORDING_LANGUAGES = ['en', 'de', 'es', 'fr', 'ja', 'zh'] as const;

const Weight = z.number().int().min(1).max(100);
const Hour = z.number().int().min(0).max(24);
const Phrases = z.array(z.string().trim().min(1)).min(1);
const WordingByLanguage = z.object(Object.fromEntries(WORDING_LANGUAGES.map((language) => [language, Phrases]))).strict();

/** Every scam type but "unknown" has its typical wording. */
const WordedScamTypes = ScamTypes.filter((type): type is Exclude<ScamType, 'unknown'> => type !== 'unknown');

const RulesSchema = z
  .object({
    version: z.literal(1),
    thresholds: z.object({ hold: z.number().int().min(1).max(100) }).strict(),
    holdHours: z.object({ default: z.number().positive() }).strict(),
    rules: z
      .object({
        payee_scam_listed: z.object({ weight: Weight }).strict(),
        payee_reported: z.object({ weight: Weight, minReports: z.number().int().min(1) }).strict(),
        first_transfer_to_payee: z.object({ weight: Weight }).strict(),
        amount_above_history: z
          .object({ weight: Weight, factor: z.number().min(1), minHistory: z.number().int().min(1), historyDays: z.number().int().min(1) })
          .strict(),
        scam_wording: z.object({ weight: Weight, extraMatchWeight: z.number().int().min(0), maxWeight: Weight }).strict(),
        new_payee_burst: z.object({ weight: Weight, windowMinutes: z.number().int().min(1), minEarlier: z.number().int().min(1) }).strict(),
        night_time: z.object({ weight: Weight, fromHour: Hour, toHour: Hour }).strict(),
        payee_account_new: z.object({ weight: Weight, maxAgeDays: z.number().int().min(1) }).strict(),
      } satisfies Record<RiskRuleCode, z.ZodTypeAny>)
      .strict(),
    scamWording: z.object(Object.fromEntries(WordedScamTypes.map((type) => [type, WordingByLanguage]))).strict(),
  })
  .strict();

export type WordingLanguage = (typeof WORDING_LANGUAGES)[number];
export type WordedScamType = (typeof WordedScamTypes)[number];

export interface RiskRules extends Omit<z.infer<typeof RulesSchema>, 'scamWording'> {
  /** In the file's order, which breaks ties between scam types. */
  scamWording: Record<WordedScamType, Record<WordingLanguage, string[]>>;
}

/** Throws naming every problem of the rules data. */
export function parseRiskRules(data: unknown): RiskRules {
  const parsed = RulesSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid risk rules: ${problems.join('; ')}`);
  }
  return parsed.data as RiskRules;
}

/** The rules shipped in `src/backend/risk/rules.json`. */
export function loadRiskRules(): RiskRules {
  return parseRiskRules(rulesFile);
}
