import assert from 'node:assert/strict';
import {
  AccountFreezePaths,
  AlexaNotificationsPaths,
  AnalyticsPaths,
  ApiPaths,
  FraudReportPaths,
  HandoffPaths,
  SettingsPaths,
  TransferPaths,
  VerifyContactPaths,
} from '../../src/shared/contract/api';
import { startTestBackend, type TestBackend } from './support';

describe('backend: OpenAPI document', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startTestBackend();
  });
  after(() => backend.close());

  it('is served without a token and describes every endpoint of the contract', async () => {
    const reply = await backend.api.get(ApiPaths.openApiDocument);
    assert.equal(reply.status, 200);
    const document = reply.body;
    assert.match(document.openapi, /^3\.0\.\d$/);
    assert.deepEqual(
      Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations as object).map((method) => `${method.toUpperCase()} ${path}`)),
      [
        `GET ${ApiPaths.profile}`,
        `GET ${ApiPaths.balances}`,
        `GET ${ApiPaths.transactions}`,
        `GET ${ApiPaths.transaction}`,
        `POST ${ApiPaths.voiceCodeVerify}`,
        `POST ${ApiPaths.voiceCodeReset}`,
        `POST ${TransferPaths.transfers}`,
        `GET ${TransferPaths.transfers}`,
        `POST ${TransferPaths.transferCancel}`,
        `GET ${TransferPaths.transfer}`,
        `GET ${TransferPaths.alerts}`,
        `GET ${TransferPaths.alert}`,
        `POST ${TransferPaths.alertWarningHeard}`,
        `POST ${TransferPaths.alertDecision}`,
        `GET ${TransferPaths.persuasionStats}`,
        `POST ${FraudReportPaths.fraudReports}`,
        `GET ${FraudReportPaths.fraudReports}`,
        `GET ${FraudReportPaths.latestFraudReport}`,
        `GET ${FraudReportPaths.fraudReport}`,
        `GET ${AccountFreezePaths.accountFreeze}`,
        `POST ${AccountFreezePaths.accountFreeze}`,
        `POST ${AccountFreezePaths.accountUnfreeze}`,
        `GET ${VerifyContactPaths.verifyContact}`,
        `GET ${SettingsPaths.settings}`,
        `PUT ${SettingsPaths.settings}`,
        `POST ${HandoffPaths.tickets}`,
        `GET ${HandoffPaths.openTicket}`,
        `GET ${HandoffPaths.ticket}`,
        `POST ${HandoffPaths.ticketContactMode}`,
        `GET ${HandoffPaths.agentQueue}`,
        `POST ${HandoffPaths.agentClaim}`,
        `POST ${HandoffPaths.agentClose}`,
        `POST ${AnalyticsPaths.events}`,
        `GET ${AnalyticsPaths.summary}`,
        `PUT ${AlexaNotificationsPaths.alexaNotifications}`,
        `DELETE ${AlexaNotificationsPaths.alexaNotifications}`,
      ],
    );
    const listing = document.paths[ApiPaths.transactions].get;
    assert.deepEqual(listing.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`).sort(), [
      'header:X-Voice-Session',
      'query:counterparty',
      'query:cursor',
      'query:direction',
      'query:from',
      'query:limit',
      'query:status',
      'query:to',
    ]);
    assert.equal(document.components.securitySchemes.bearerToken.scheme, 'bearer');
  });

  it('has no dangling $ref', async () => {
    const document = (await backend.api.get(ApiPaths.openApiDocument)).body;
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    assert.ok(refs.length > 0);
    for (const [, section, name] of refs) {
      assert.ok(document.components[section]?.[name], `#/components/${section}/${name} is missing`);
    }
    for (const schema of [
      'Profile',
      'BalancesResponse',
      'Transaction',
      'TransactionsResponse',
      'VoiceCodeResult',
      'ApiError',
      'FraudReport',
      'FraudReportsResponse',
      'AccountFreeze',
      'VerifyContactResult',
      'UserSettings',
    ]) {
      assert.ok(document.components.schemas[schema], `${schema} is missing`);
    }
  });
});
