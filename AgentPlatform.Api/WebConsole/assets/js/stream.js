// Follows a session's events over the contract's Server-Sent Events stream, read with fetch() so the token goes in the
// Authorization header (EventSource and the SignalR WebSocket transport can only put it in the URL's query). Resumes
// after a drop with ?after=<last seq seen>: durable events arrive once each, in seq order; a seq at or below the last
// one seen is dropped, so a replay overlap never shows twice. Ephemeral events (seq null) are passed on as they come.
import { auth } from './auth.js';

export class SessionStream {
  constructor(sessionId, { onEvent, onState, onError }) {
    this.sessionId = sessionId;
    this.lastSeq = 0;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onError = onError;
    this.closed = false;
    this.retry = 0;
  }

  start() {
    this.#run();
    return this;
  }

  close() {
    this.closed = true;
    this.controller?.abort();
  }

  async #run() {
    while (!this.closed) {
      this.onState(this.retry === 0 && this.lastSeq === 0 ? 'connecting' : 'reconnecting');
      try {
        await this.#follow();
        this.retry = 0; // the server ended the stream cleanly; open it again from the last seq
      } catch (e) {
        if (this.closed) return;
        if (e.fatal) {
          this.onState('offline');
          this.onError(e);
          return;
        }
        this.retry++;
      }
      if (this.closed) return;
      this.onState('reconnecting');
      await new Promise(r => setTimeout(r, Math.min(500 * 2 ** Math.min(this.retry, 4), 8000)));
    }
  }

  async #follow() {
    this.controller = new AbortController();
    const url = `/api/v1/sessions/${encodeURIComponent(this.sessionId)}/events/stream?after=${this.lastSeq}`;
    const response = await fetch(url, {
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${auth.token()}` },
      signal: this.controller.signal,
      cache: 'no-store',
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      if (response.status === 401) auth.expired();
      const error = new Error(problem.title ?? `HTTP ${response.status}`);
      Object.assign(error, { status: response.status, title: problem.title, detail: problem.detail, fatal: response.status < 500 && response.status !== 429 });
      throw error;
    }
    this.onState('live');
    this.retry = 0;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let message = { event: 'message', data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (message.data.length) this.#dispatch(message.event, message.data.join('\n'));
          message = { event: 'message', data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') message.event = text;
          else if (field === 'data') message.data.push(text);
        }
      }
    }
  }

  #dispatch(type, data) {
    if (type === 'stream.end') return; // the server ends the stream (e.g. access expired); the loop reconnects
    const evt = JSON.parse(data);
    if (evt.seq !== null && evt.seq !== undefined) {
      if (evt.seq <= this.lastSeq) return;
      this.lastSeq = evt.seq;
    }
    this.onEvent(evt);
  }
}
