/**
 * The CareVoice backend API: the single source of truth shared by the backend (which validates
 * requests with these schemas) and the skill's client (which types its calls with them).
 * Money is always an integer amount of minor units plus an ISO 4217 currency code.
 * Only re-exports: building blocks, one file per feature, and the OpenAPI document over them.
 */
export * from './building-blocks';
export * from './accounts';
export * from './transfers';
export * from './fraud-reports';
export * from './account-freeze';
export * from './verify-contact';
export * from './settings';
export * from './handoff';
export * from './analytics';
export * from './alexa-notifications';
export * from './openapi';
