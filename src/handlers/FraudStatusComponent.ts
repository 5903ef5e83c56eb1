import { Component, Intents } from '@jovotech/framework';
import { Credentials, isBackendFailure } from '../skill/services/backend-client';
import { isFraudReference, type FraudReport } from '../shared/contract/api';
import { spokenReference } from '../skill/dialog/fraud-report';
import { formatDay } from '../skill/speech/format';
import { digitByDigit } from '../skill/speech/ssml';
import { localDateOf } from '../shared/time/local-time';
import { AccountComponent } from './AccountComponent';

interface StatusQuestion {
  [key: string]: unknown;
  /** The digits the user said; none: the latest report. */
  reference?: string;
}

/**
 * "What's the status of my fraud report?" (the latest, or by its reference number): where it
 * stands since when, what happens next and by when. No voice code: it says nothing of the money.
 */
@Component()
export class FraudStatusComponent extends AccountComponent<StatusQuestion> {
  START() {
    return this.readAccount({});
  }

  @Intents({ name: 'FraudReportStatusIntent', global: true })
  tellReportStatus() {
    return this.readAccount({ reference: spokenReference(this.$entities.reference?.value) });
  }

  protected async answer({ reference }: StatusQuestion, credentials: Credentials): Promise<void> {
    // A misheard digit fails the check digit: say so without asking the backend.
    if (reference !== undefined && !isFraudReference(reference)) {
      return this.tell(this.text('fraudStatus.notAReference', { reference: digitByDigit(reference) }));
    }
    let report: FraudReport;
    try {
      report = reference ? await this.backend.fraudReport(credentials, reference) : await this.backend.latestFraudReport(credentials);
    } catch (error) {
      if (!isBackendFailure(error, 'not_found')) throw error;
      return this.tell(reference ? this.text('fraudStatus.unknownReference', { reference: digitByDigit(reference) }) : this.text('fraudStatus.none'));
    }
    return this.tell(await this.describe(report, credentials));
  }

  private async describe(report: FraudReport, credentials: Credentials): Promise<string> {
    const context = await this.speechContext(credentials);
    const dayOf = (instant: string) => formatDay(localDateOf(new Date(instant), context.timeZone), context);
    // Frozen at the payee is said so only for a freeze there, not for a disputed card payment on hold.
    const frozenAtPayee = report.status === 'funds_frozen' && report.recovery?.method === 'payee_freeze';
    const statusKey = frozenAtPayee ? 'fraudStatus.frozenAtPayee' : `fraudStatus.status.${report.status}`;
    const sentences = [
      this.text('fraudStatus.report', { reference: digitByDigit(report.reference), filedOn: dayOf(report.createdAt) }),
      this.text(statusKey, { since: dayOf(report.updatedAt) }),
      this.text(`nextSteps.${report.nextStep}`),
    ];
    if (report.nextStep !== 'none' && report.expectedBy) {
      sentences.push(this.text('fraudReport.expectedBy', { expectedBy: formatDay(report.expectedBy, context) }));
    }
    return sentences.join(' ');
  }
}
