/**
 * The two browser pages the skill server serves: the voice console (`/console`), which talks to
 * the skill's own web platform endpoint, and the analytics dashboard (`/dashboard`), which reads
 * the backend's summary through this server (the analytics key never reaches the browser).
 * Everything they load comes from this server: their files in `web/`, Chart.js from
 * node_modules, and a Content-Security-Policy that forbids any other origin.
 */
import { dirname, join } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { DEMO_USERS } from '../../shared/demo-users';
import { isBackendFailure, type BackendClient } from '../services/backend-client';
import { SUMMARY_DAYS } from '../../shared/contract/api';
import languageTable from '../../shared/language-table.json';
import { PROJECT_ROOT } from '../../shared/project-paths';
import quickRequests from './quick-requests.json';
import { errorFields } from '../../shared/logger';

export const WEB_PATHS = {
  console: '/console',
  dashboard: '/dashboard',
  consoleConfig: '/console/config.json',
  summary: '/dashboard/summary.json',
  chartJs: '/vendor/chart.umd.min.js',
} as const;

export const WEB_ASSETS_DIR = join(PROJECT_ROOT, 'web');

/** Chart.js's browser build, from the installed package (never a CDN). */
const CHART_JS_FILE = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/** The page may talk only to this server: scripts, styles, fetches, everything. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The locale each language is tried in: the first Alexa locale, or the web-only one. */
function consoleLanguages(): Array<{ language: string; locale: string }> {
  const alexaLocales: Record<string, string[] | undefined> = languageTable.alexaLocales;
  return languageTable.languages.map((language) => ({
    language,
    locale: alexaLocales[language]?.[0] ?? languageTable.webOnlyLocales.find((locale) => locale.startsWith(`${language}-`)) ?? language,
  }));
}

export interface WebPagesOptions {
  backend: BackendClient;
  /** The backend's analytics key; without it the dashboard says analytics are not configured. */
  analyticsKey?: string;
  logger: Logger;
}

function pageHeaders(_req: Request, res: Response, next: () => void): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

export function createWebPagesRouter({ backend, analyticsKey, logger }: WebPagesOptions): Router {
  const router = Router();
  router.use([WEB_PATHS.console, WEB_PATHS.dashboard, '/vendor'], pageHeaders);

  // The console's choices: languages, demo users (seeded in every store) and the quick requests
  // the Jovo debugger offers too (src/quick-requests.json, one list for both).
  router.get(WEB_PATHS.consoleConfig, (_req, res) => {
    res.json({
      languages: consoleLanguages(),
      users: Object.values(DEMO_USERS).map(({ token, displayName, locale }) => ({ token, displayName, locale })),
      quickRequests,
    });
  });

  router.get(WEB_PATHS.summary, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!analyticsKey) {
      res.status(503).json({ error: { code: 'not_configured', message: 'Analytics are not configured: set CAREVOICE_ANALYTICS_KEY' } });
      return;
    }
    const days = Number.parseInt(String(req.query.days ?? SUMMARY_DAYS.default), 10);
    const window = Number.isInteger(days) && days >= 1 && days <= SUMMARY_DAYS.max ? days : SUMMARY_DAYS.default;
    try {
      res.json(await backend.analyticsSummary(analyticsKey, window));
    } catch (error) {
      const unavailable = isBackendFailure(error, 'unavailable');
      logger.warn(errorFields(error), 'analytics summary failed');
      res.status(unavailable ? 503 : 502).json({ error: { code: 'backend', message: 'The analytics could not be read from the backend' } });
    }
  });

  router.get(WEB_PATHS.chartJs, (_req, res) => {
    res.type('application/javascript').sendFile(CHART_JS_FILE, { maxAge: '1h' });
  });

  const staticOptions = { index: 'index.html', redirect: true, fallthrough: true, maxAge: 0 };
  router.use(WEB_PATHS.console, express.static(join(WEB_ASSETS_DIR, 'console'), staticOptions));
  router.use(WEB_PATHS.dashboard, express.static(join(WEB_ASSETS_DIR, 'dashboard'), staticOptions));
  router.use('/web-assets', pageHeaders, express.static(join(WEB_ASSETS_DIR, 'shared'), staticOptions));
  return router;
}
