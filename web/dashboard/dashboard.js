// CareVoice analytics dashboard: reads /dashboard/summary.json (the backend's aggregates, through
// the skill server) and draws it with Chart.js, served from this server. Plain browser JavaScript.
'use strict';

(function main() {
  const Chart = window.Chart;
  const palette = ['#0b6bcb', '#1f8a4c', '#b4690e', '#7a4cc2', '#c2323b', '#138a8a', '#5d6778', '#d08fb5'];
  const outcomeColors = { open: '#b4690e', cancelled: '#1f8a4c', proceeded: '#c2323b', escalated: '#7a4cc2' };
  const causeColors = {
    unreachable: '#c2323b',
    timeout: '#b4690e',
    rate_limited: '#7a4cc2',
    server_error: '#0b6bcb',
    invalid_response: '#138a8a',
    rejected: '#5d6778',
  };
  const charts = new Map();
  const $ = (id) => document.getElementById(id);

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 11;
  Chart.defaults.plugins.legend.labels.boxWidth = 10;

  const percent = (rate) => (rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`);
  /** Small shares (a few backend apologies) keep a decimal: "0.4%", not "0%". */
  const finePercent = (rate) => (rate > 0 && rate < 0.1 ? `${Number((rate * 100).toFixed(1))}%` : percent(rate));
  const words = (id) => id.replace(/_/g, ' ');
  const languageName = (code) => {
    try {
      return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) || code;
    } catch {
      return code;
    }
  };

  /** Draws (or redraws) the chart of a card; a card without data shows its "empty" line instead. */
  function draw(name, hasData, config) {
    const card = document.querySelector(`[data-chart="${name}"]`);
    card.dataset.hasData = String(hasData);
    const existing = charts.get(name);
    if (existing) existing.destroy();
    charts.delete(name);
    if (!hasData) return;
    charts.set(name, new Chart(card.querySelector('canvas'), config));
  }

  const rateAxis = { min: 0, max: 1, ticks: { callback: (value) => percent(value) } };
  /** Category labels of horizontal bars, shortened so that the bars keep their room. */
  const shortLabels = {
    ticks: {
      callback(value) {
        const label = String(this.getLabelForValue(value));
        return label.length > 24 ? `${label.slice(0, 23)}…` : label;
      },
    },
  };
  const rateTooltip = { callbacks: { label: (item) => `${item.dataset.label || item.label}: ${percent(item.raw)}` } };

  function render(summary) {
    const dissuaded = summary.dissuasion.byEmotion.reduce((sum, row) => sum + row.successes, 0);
    const attempts = summary.dissuasion.byEmotion.reduce((sum, row) => sum + row.attempts, 0);
    $('kpi-conversations').textContent = String(summary.conversations);
    $('kpi-turns').textContent = String(summary.turns);
    $('kpi-containment').textContent = percent(summary.containment.rate);
    $('kpi-fallback').textContent = percent(summary.fallback.rate);
    $('kpi-backend-errors').textContent = percent(summary.backendErrors.rate);
    $('kpi-backlog').textContent = String(summary.handoffs.callbackBacklog);
    $('kpi-dissuasion').textContent = attempts === 0 ? '–' : percent(dissuaded / attempts);

    draw('perDay', summary.conversations > 0, {
      type: 'bar',
      data: {
        labels: summary.conversationsPerDay.map(({ date }) => date.slice(5)),
        datasets: [{ label: 'Conversations', data: summary.conversationsPerDay.map(({ count }) => count), backgroundColor: palette[0] }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });

    draw('perLanguage', summary.conversationsByLanguage.length > 0, {
      type: 'doughnut',
      data: {
        labels: summary.conversationsByLanguage.map(({ language }) => languageName(language)),
        datasets: [{ data: summary.conversationsByLanguage.map(({ count }) => count), backgroundColor: palette }],
      },
      options: { plugins: { legend: { position: 'right' } } },
    });

    draw('rates', summary.turns > 0, {
      type: 'bar',
      data: {
        labels: ['Contained', 'Fallback', 'Backend apology'],
        datasets: [
          {
            label: 'Share',
            data: [summary.containment.rate ?? 0, summary.fallback.rate ?? 0, summary.backendErrors.rate ?? 0],
            backgroundColor: [palette[1], palette[4], palette[2]],
          },
        ],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false }, tooltip: rateTooltip }, scales: { x: rateAxis } },
    });

    // Each day's share of turns that ended in a backend apology, stacked by cause. A window without
    // any still draws its (empty) days: "no apology" is worth seeing too.
    const days = summary.backendErrors.perDay;
    const causes = summary.backendErrors.byCause.map(({ cause }) => cause);
    const shareOf = (day, cause) => {
      const row = day.byCause.find((entry) => entry.cause === cause);
      return row && day.turns > 0 ? row.count / day.turns : 0;
    };
    draw('backendErrors', summary.turns > 0, {
      type: 'bar',
      data: {
        labels: days.map(({ date }) => date.slice(5)),
        datasets:
          causes.length > 0
            ? causes.map((cause) => ({ label: words(cause), data: days.map((day) => shareOf(day, cause)), backgroundColor: causeColors[cause] || palette[6] }))
            : [{ label: 'backend apology', data: days.map(() => 0), backgroundColor: palette[2] }],
      },
      options: {
        plugins: {
          legend: { display: causes.length > 0 },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${finePercent(item.raw)}` } },
        },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, suggestedMax: 0.05, ticks: { callback: (value) => finePercent(value) } },
        },
      },
    });

    draw('faqTopics', summary.topFaqTopics.length > 0, {
      type: 'bar',
      data: {
        labels: summary.topFaqTopics.map(({ topic }) => words(topic)),
        datasets: [{ label: 'Questions', data: summary.topFaqTopics.map(({ count }) => count), backgroundColor: palette[5] }],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: shortLabels },
      },
    });

    const handoffs = summary.handoffs;
    const handoffOutcomes = summary.outcomes.find(({ outcome }) => outcome === 'handoff');
    draw('handoffs', handoffs.tickets + handoffs.callbackBacklog + handoffs.waiting + (handoffOutcomes ? handoffOutcomes.count : 0) > 0, {
      type: 'bar',
      data: {
        labels: ['Live agent', 'Callback', 'Callbacks waiting', 'Not yet claimed'],
        datasets: [
          {
            label: 'Tickets',
            data: [handoffs.liveAgent, handoffs.callback, handoffs.callbackBacklog, handoffs.waiting],
            backgroundColor: [palette[0], palette[3], palette[2], palette[6]],
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });

    const alerts = summary.securityAlerts;
    draw('alerts', alerts.length > 0, {
      type: 'bar',
      data: {
        labels: alerts.map(({ scamType }) => words(scamType)),
        datasets: ['cancelled', 'open', 'escalated', 'proceeded'].map((status) => ({
          label: status,
          data: alerts.map((row) => row[status]),
          backgroundColor: outcomeColors[status],
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });

    const byEmotion = summary.dissuasion.byEmotion;
    draw('dissuasionEmotion', byEmotion.length > 0, {
      type: 'bar',
      data: {
        labels: byEmotion.map(({ emotion, attempts: count }) => `${emotion} (${count})`),
        datasets: [{ label: 'Dissuaded', data: byEmotion.map(({ rate }) => rate), backgroundColor: palette[3] }],
      },
      options: { plugins: { legend: { display: false }, tooltip: rateTooltip }, scales: { y: rateAxis } },
    });

    const byVariant = summary.dissuasion.byVariant.slice(0, 10);
    draw('dissuasionVariant', byVariant.length > 0, {
      type: 'bar',
      data: {
        labels: byVariant.map(({ variant, attempts: count }) => `${words(variant)} (${count})`),
        datasets: [{ label: 'Dissuaded', data: byVariant.map(({ rate }) => rate), backgroundColor: palette[1] }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false }, tooltip: rateTooltip }, scales: { x: rateAxis, y: shortLabels } },
    });
  }

  async function refresh() {
    const status = $('status');
    status.textContent = 'Loading…';
    try {
      const reply = await fetch(`/dashboard/summary.json?days=${encodeURIComponent($('days').value)}`);
      const body = await reply.json();
      if (!reply.ok) throw new Error((body.error && body.error.message) || `HTTP ${reply.status}`);
      render(body);
      status.textContent = `${body.from} to ${body.to} (UTC) · updated ${new Date().toLocaleTimeString()}`;
      document.body.dataset.loaded = 'true';
    } catch (error) {
      status.textContent = `Could not load the analytics: ${error.message}`;
    }
  }

  $('refresh').addEventListener('click', refresh);
  $('days').addEventListener('change', refresh);
  refresh();
})();
