// CareVoice voice console: talks to the skill's web platform endpoint (/web/webhook) with Jovo
// core requests, as the in-app assistant does. Plain browser JavaScript, no build, no outside host.
'use strict';

(function main() {
  const WEBHOOK = '/web/webhook';
  const $ = (id) => document.getElementById(id);
  const elements = {
    language: $('language'),
    user: $('user'),
    speak: $('speak'),
    newSession: $('new-session'),
    quick: $('quick'),
    transcript: $('transcript'),
    form: $('ask'),
    text: $('text'),
    mic: $('mic'),
    send: $('send'),
    status: $('status'),
    turns: $('turns'),
  };

  const randomId = (prefix) => `${prefix}-${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
  const deviceId = randomId('console-device');
  let config = { languages: [], users: [], quickRequests: [] };
  let session = newSession();
  let turnNumber = 0;
  let busy = false;

  function newSession() {
    return { id: randomId('console-session'), data: {}, state: undefined, isNew: true };
  }

  function locale() {
    return elements.language.value || 'en-US';
  }

  function setStatus(text) {
    elements.status.textContent = text;
  }

  /** What the skill said, without markup: the console shows text, the synthesizer reads it. */
  function plainText(value) {
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.map(plainText).join(' ');
    if (typeof value === 'object') return plainText(value.text ?? value.speech ?? value.displayText ?? '');
    const parsed = new DOMParser().parseFromString(`<x>${String(value)}</x>`, 'text/html');
    return (parsed.body.textContent || '').replace(/\s+/g, ' ').trim();
  }

  function buildRequest(input) {
    return {
      version: '4.0.0',
      platform: 'web',
      id: randomId('console-request'),
      timestamp: new Date().toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      locale: locale(),
      data: elements.user.value ? { accessToken: elements.user.value } : {},
      input,
      context: {
        device: { id: deviceId, capabilities: ['SCREEN', 'AUDIO'] },
        session: { id: session.id, data: session.data, state: session.state, isNew: session.isNew },
        user: { id: `console-${elements.user.value || 'guest'}`, data: {} },
      },
    };
  }

  function addBubble(kind, text, meta) {
    const item = document.createElement('li');
    item.className = kind;
    item.textContent = text;
    if (meta) {
      const small = document.createElement('span');
      small.className = 'meta';
      small.textContent = meta;
      item.appendChild(small);
    }
    elements.transcript.appendChild(item);
    elements.transcript.scrollTop = elements.transcript.scrollHeight;
    return item;
  }

  function chip(text, className) {
    const span = document.createElement('span');
    span.className = `chip ${className || ''}`.trim();
    span.textContent = text;
    return span;
  }

  function jsonDetails(title, value) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = title;
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(value, null, 2);
    details.append(summary, pre);
    return details;
  }

  function logTurn({ said, request, response, httpStatus, latencyMs }) {
    const turn = (response && response.context && response.context.turn) || {};
    const item = document.createElement('li');
    item.dataset.turn = String(turnNumber);
    item.dataset.intent = turn.intent || '';
    item.dataset.outcome = turn.outcome || '';
    if (turn.cause) item.dataset.cause = turn.cause;
    if (turn.emotion) item.dataset.emotion = turn.emotion;
    const title = document.createElement('div');
    title.className = 'said';
    title.textContent = `${turnNumber}. ${said}`;
    const chips = document.createElement('div');
    chips.className = 'chips';
    chips.append(chip(`intent: ${turn.intent || '—'}`, 'intent'));
    if (turn.outcome) chips.append(chip(`outcome: ${turn.outcome}${turn.cause ? ` (${turn.cause})` : ''}`, `outcome-${turn.outcome}`));
    if (turn.faqTopic) chips.append(chip(`topic: ${turn.faqTopic}`, 'topic'));
    chips.append(chip(`emotion: ${turn.emotion || '—'}`, turn.emotion ? 'emotion' : ''));
    chips.append(chip(`${latencyMs} ms round trip${turn.latencyMs !== undefined ? `, ${turn.latencyMs} ms in the skill` : ''}`, 'latency'));
    chips.append(chip(`${request.locale}`, 'locale'));
    if (httpStatus !== 200) chips.append(chip(`HTTP ${httpStatus}`, 'outcome-error'));
    item.append(title, chips, jsonDetails('Request JSON', request), jsonDetails('Response JSON', response));
    elements.turns.prepend(item);
  }

  function speakAloud(text) {
    if (!elements.speak.checked || !('speechSynthesis' in window) || !text) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = locale();
      const voices = window.speechSynthesis.getVoices();
      const language = locale().slice(0, 2);
      utterance.voice = voices.find((voice) => voice.lang === locale()) || voices.find((voice) => voice.lang.startsWith(language)) || null;
      window.speechSynthesis.speak(utterance);
    } catch (error) {
      setStatus(`Speech synthesis unavailable: ${error.message}`);
    }
  }

  function renderQuickReplies(outputs) {
    const replies = outputs.flatMap((output) => output.quickReplies || []);
    if (replies.length === 0) return;
    const item = document.createElement('li');
    item.className = 'skill quick-replies';
    for (const reply of replies) {
      const label = typeof reply === 'string' ? reply : reply.text || reply.value || '';
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', () => sendText(typeof reply === 'string' ? reply : reply.value || reply.text || label));
      item.appendChild(button);
    }
    elements.transcript.appendChild(item);
  }

  async function send(input, said) {
    if (busy) return;
    busy = true;
    elements.send.disabled = true;
    turnNumber += 1;
    addBubble('user', said);
    const request = buildRequest(input);
    setStatus('Waiting for CareVoice…');
    const started = performance.now();
    let response;
    let httpStatus = 0;
    try {
      const reply = await fetch(WEBHOOK, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      httpStatus = reply.status;
      response = await reply.json();
    } catch (error) {
      response = { error: { message: String(error && error.message) } };
    }
    const latencyMs = Math.round(performance.now() - started);
    if (httpStatus === 200 && Array.isArray(response.output)) {
      const outputs = response.output;
      const text = outputs
        .map((output) => plainText(output.message))
        .filter(Boolean)
        .join(' ');
      const turn = (response.context && response.context.turn) || {};
      addBubble('skill', text || '(no speech)', [turn.intent, turn.emotion, `${latencyMs} ms`].filter(Boolean).join(' · '));
      renderQuickReplies(outputs);
      speakAloud(text);
      const contextSession = (response.context && response.context.session) || {};
      session = contextSession.end ? newSession() : { id: session.id, data: contextSession.data || {}, state: contextSession.state, isNew: false };
      setStatus(contextSession.end ? 'The conversation ended; the next request starts a new one.' : '');
    } else {
      const message = (response && response.error && response.error.message) || `HTTP ${httpStatus}`;
      addBubble('skill error', `The skill did not answer: ${message}`);
      setStatus('');
    }
    logTurn({ said, request, response, httpStatus, latencyMs });
    busy = false;
    elements.send.disabled = false;
  }

  function sendText(text) {
    const trimmed = text.trim();
    if (trimmed) return send({ type: 'TEXT', text: trimmed }, trimmed);
    return undefined;
  }

  function startOver() {
    session = newSession();
    elements.transcript.replaceChildren();
    setStatus('New conversation.');
  }

  function setUpSpeechRecognition() {
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (!Recognition) {
      elements.mic.disabled = true;
      elements.mic.title = 'This browser offers no speech recognition: type instead';
      return;
    }
    let listening = false;
    elements.mic.addEventListener('click', () => {
      if (listening) return;
      const recognition = new Recognition();
      recognition.lang = locale();
      recognition.interimResults = false;
      recognition.maxAlternatives = 1;
      recognition.onresult = (event) => {
        const transcript = event.results[0] && event.results[0][0] ? event.results[0][0].transcript : '';
        elements.text.value = '';
        sendText(transcript);
      };
      recognition.onerror = (event) => setStatus(`Speech recognition: ${event.error}`);
      recognition.onend = () => {
        listening = false;
        elements.mic.textContent = 'Speak';
      };
      listening = true;
      elements.mic.textContent = 'Listening…';
      recognition.start();
    });
  }

  function fillSelect(select, options) {
    select.replaceChildren(
      ...options.map(({ value, label }) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = label;
        return option;
      }),
    );
  }

  function languageName(code) {
    try {
      return new Intl.DisplayNames([code], { type: 'language' }).of(code) || code;
    } catch {
      return code;
    }
  }

  async function loadConfig() {
    const reply = await fetch('/console/config.json');
    config = await reply.json();
    fillSelect(
      elements.language,
      config.languages.map(({ language, locale: code }) => ({ value: code, label: `${languageName(language)} (${code})` })),
    );
    fillSelect(
      elements.user,
      config.users.map(({ token, displayName }) => ({ value: token, label: `${displayName} (${token})` })),
    );
    for (const quick of config.quickRequests) {
      if (!quick.input) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = quick.label;
      button.dataset.quick = quick.label;
      button.addEventListener('click', () => send(quick.input, `[${quick.label}]`));
      elements.quick.appendChild(button);
    }
  }

  elements.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = elements.text.value;
    elements.text.value = '';
    sendText(text);
  });
  elements.newSession.addEventListener('click', startOver);
  elements.user.addEventListener('change', () => {
    const user = config.users.find(({ token }) => token === elements.user.value);
    const match = user && config.languages.find(({ language }) => user.locale.startsWith(language));
    if (match) elements.language.value = match.locale;
    startOver();
  });

  setUpSpeechRecognition();
  loadConfig()
    .then(() => {
      document.body.dataset.ready = 'true';
      setStatus('Pick a language and a demo user, then type, speak or use a quick request.');
    })
    .catch((error) => setStatus(`Could not load the console settings: ${error.message}`));
})();
