import type { Generated } from 'kysely';
import type {
  BackendErrorCause,
  ContactKind,
  ContactMode,
  ContactVerdict,
  Emotion,
  HandoffReason,
  HandoffTicketStatus,
  RiskAssessment,
  ScamStory,
  ScamType,
  TransactionStatus,
  TransferChannels,
  TransferStatus,
  TurnOutcome,
} from '../../shared/contract/api';
import type {
  AlertStatus,
  DecisionKind,
  DelayedArrivalHours,
  FraudReportStatus,
  FraudScamType,
  RecoveryMethod,
  RecoveryStatus,
} from '../../shared/contract/api';

// The tables as both engines store them: timestamps are ISO-8601 text, flags are 0/1 integers.
// Columns a CHECK limits to a contract's values are typed with that contract type.

export interface AccountFreezesTable {
  user_id: string;
  frozen_at: string;
}

export interface AlertDecisionsTable {
  id: Generated<number>;
  alert_id: string;
  decision: DecisionKind;
  decided_at: string;
  emotions: string;
  script_variants: string;
  transcript_summary: string | null;
  confirmed_twice: number;
}

export interface AlertsTable {
  id: string;
  user_id: string;
  transfer_id: string;
  status: AlertStatus;
  scam_type: ScamType;
  opened_at: string;
  warning_heard_at: string | null;
}

export interface AlexaAccountsTable {
  user_id: string;
  alexa_user_id: string;
}

export interface AnalyticsEventsTable {
  id: Generated<number>;
  at: string;
  recorded_at: string;
  user_id: string;
  session_key: string;
  platform: 'alexa' | 'web';
  locale: string;
  language: string;
  intent: string | null;
  outcome: TurnOutcome;
  faq_topic: string | null;
  emotion: Emotion | null;
  latency_ms: number | null;
  session_end: number;
  cause: BackendErrorCause | null;
}

export interface ApiTokensTable {
  token_hash: string;
  user_id: string;
  client: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  details: string | null;
}

export interface ContactRegistryTable {
  kind: ContactKind;
  match_key: string;
  display: string;
  verdict: Exclude<ContactVerdict, 'unknown'>;
  story: ScamStory | null;
}

export interface FraudReportsTable {
  reference: string;
  user_id: string;
  idempotency_key: string;
  request_hash: string;
  transaction_id: string | null;
  scam_type: FraudScamType;
  description: string | null;
  channel: (typeof TransferChannels)[number];
  status: FraudReportStatus;
  created_at: string;
  updated_at: string;
}

export interface FundRecoveriesTable {
  reference: string;
  method: RecoveryMethod;
  status: RecoveryStatus;
  payee_key: string | null;
  amount_minor: number;
  currency: string;
  requested_at: string;
  updated_at: string;
}

export interface HandoffTicketsTable {
  id: string;
  user_id: string;
  idempotency_key: string;
  request_hash: string;
  status: HandoffTicketStatus;
  reason: HandoffReason;
  contact_mode: ContactMode;
  channel: (typeof TransferChannels)[number];
  context: string;
  created_at: string;
  claimed_at: string | null;
  claimed_by: string | null;
  closed_at: string | null;
  resolution: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  alert_id: string | null;
  channel: 'in_app' | 'alexa_proactive' | 'trusted_contact_sms';
  status: 'unread' | 'queued' | 'sending' | 'sent' | 'not_sent' | 'failed';
  recipient: string | null;
  detail: string | null;
  created_at: string;
  updated_at: string;
}

export interface PayeeReportsTable {
  payee_key: string;
  reporter_id: string;
  scam_type: ScamType | null;
  reported_at: string;
}

export interface PayeesTable {
  payee_key: string;
  account_masked: string;
  opened_at: string | null;
  scam_listed: number;
  scam_type: ScamType | null;
}

export interface PersuasionOutcomesTable {
  decision_id: number;
  scam_type: ScamType;
  emotion: Emotion;
  variant: string;
  success: number;
}

export interface TransactionsTable {
  id: string;
  user_id: string;
  booked_at: string;
  direction: string;
  status: TransactionStatus;
  amount_minor: number;
  currency: string;
  kind: string;
  counterparty: string;
  counterparty_search: string;
  city: string | null;
  country: string | null;
  memo: string | null;
}

export interface TransfersTable {
  id: string;
  user_id: string;
  idempotency_key: string;
  request_hash: string;
  created_at: string;
  status: TransferStatus;
  payee_key: string;
  payee_name: string;
  payee_account_masked: string;
  new_payee: number;
  amount_minor: number;
  currency: string;
  memo: string | null;
  channel: 'voice_assistant' | 'mobile_app' | 'web';
  risk_score: number;
  risk_level: RiskAssessment['level'];
  risk_reasons: string;
  scam_type: ScamType;
  transaction_id: string;
  hold_until: string | null;
  settled_at: string | null;
  cancelled_at: string | null;
  arrives_at: string | null;
}

export interface UserSettingsTable {
  user_id: string;
  delayed_arrival_enabled: number;
  delayed_arrival_hours: DelayedArrivalHours;
  trusted_contact_name: string | null;
  trusted_contact_phone: string | null;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  display_name: string;
  locale: string;
  time_zone: string;
  home_currency: string;
}

export interface VoiceCodesTable {
  user_id: string;
  code_hash: string;
  failed_attempts: number;
}

export interface VoiceSessionsTable {
  token_hash: string;
  user_id: string;
  expires_at: string;
}

export interface WalletsTable {
  user_id: string;
  currency: string;
  available_minor: number;
}

export interface Schema {
  account_freezes: AccountFreezesTable;
  alert_decisions: AlertDecisionsTable;
  alerts: AlertsTable;
  alexa_accounts: AlexaAccountsTable;
  analytics_events: AnalyticsEventsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  contact_registry: ContactRegistryTable;
  fraud_reports: FraudReportsTable;
  fund_recoveries: FundRecoveriesTable;
  handoff_tickets: HandoffTicketsTable;
  notifications: NotificationsTable;
  payee_reports: PayeeReportsTable;
  payees: PayeesTable;
  persuasion_outcomes: PersuasionOutcomesTable;
  transactions: TransactionsTable;
  transfers: TransfersTable;
  user_settings: UserSettingsTable;
  users: UsersTable;
  voice_codes: VoiceCodesTable;
  voice_sessions: VoiceSessionsTable;
  wallets: WalletsTable;
}
