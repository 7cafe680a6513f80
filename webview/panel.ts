/**
 * The panel's layout and the routing between its parts and the host:
 * header, controls and state line on top; the request (editor and metadata)
 * and the results (response, timeline, timing tabs) side by side below.
 */
import type { CallProgressMessage, InputProblem, MethodKindName, PanelInit, ResultView, RowKind } from '../src/shared/protocol';
import { requestStreams, responseStreams } from '../src/shared/protocol';
import { Controls, SEND_SHORTCUT } from './controls';
import { debounce, h, setText } from './dom';
import { createRequestEditor, type RequestEditor } from './editor';
import { formatRows } from './format';
import { savedState, saveState } from './host';
import type { HostPort, PushMessage } from './host-port';
import { MessageQueue } from './message-queue-model';
import { MessageQueueView } from './message-queue-view';
import { MetadataEditor } from './metadata-rows';
import { RequestChecks } from './request-checks';
import { ResponseView } from './response-view';
import { sameFilter } from './row-cache';
import { Timeline } from './timeline';
import { TimingView } from './timing-view';
import { RunnerView } from './runner-view';
import { LabView } from './lab-view';
import { StreamLatencyView } from './stream-latency-view';

type Checkbox = HTMLElement & { checked: boolean };
const UI_TICK_MS = 100;
type TextField = HTMLElement & { value: string; label: string };

const OTHER_KINDS: RowKind[] = ['start', 'half-close', 'headers', 'trailers', 'status', 'error', 'cancel'];
const KIND_TEXT: Record<MethodKindName, string> = {
  unary: 'unary',
  'server-streaming': 'server streaming',
  'client-streaming': 'client streaming',
  'bidi-streaming': 'bidi streaming',
};

export class Panel {
  private readonly editor: RequestEditor;
  private readonly metadata: MetadataEditor;
  private readonly controls: Controls;
  private readonly response: ResponseView;
  private readonly timeline: Timeline;
  private readonly timing: TimingView;
  /** Runner tab: unary, server-streaming and bidi methods (a call per request, or messages over one bidi stream). */
  private readonly runner: RunnerView | undefined;
  /** Lab tab: methods whose responses stream. */
  private readonly lab: LabView | undefined;
  /** Timing tab, streams of replies: round trips (bidi) and one-way delays. */
  private readonly latency: StreamLatencyView | undefined;
  private readonly notice: HTMLElement;
  private readonly detailTitle = h('h3', { id: 'message-title' }, 'Select a row to see its message');
  private readonly detail = h('pre', { id: 'message', class: 'json', tabindex: 0, 'aria-labelledby': 'message-title' });
  private readonly rowCount = h('span', { id: 'row-count', class: 'muted' }, '0 rows');
  private readonly problem = h('div', {
    id: 'request-problem',
    class: 'request-problem',
    role: 'status',
    'aria-live': 'polite',
  });
  private readonly filters: Record<'sent' | 'received' | 'other', Checkbox>;
  private readonly search: TextField;
  private readonly follow: Checkbox;
  private readonly checks = new RequestChecks();
  /** Client and bidi streams: the prepared messages of a `.http` request, sent one by one. */
  private readonly queue: MessageQueue;
  private readonly queueView: MessageQueueView;
  /** Called on each progress message (Send all waits on replies through it). */
  private progressWaiters: (() => void)[] = [];
  private callId = 0;
  private latest: CallProgressMessage | undefined;
  private shownState = '';
  private lastApplied = 0;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineMs: number | null;

  constructor(
    root: HTMLElement,
    private readonly init: PanelInit,
    private readonly host: HostPort,
  ) {
    const saved = savedState();
    const same = saved?.sessionId === init.sessionId && saved?.methodFullName === init.method.fullName;
    const text = same && typeof saved?.editorText === 'string' ? saved.editorText : init.editorText;
    this.deadlineMs = same && saved?.deadlineMs !== undefined ? saved.deadlineMs : init.deadlineMs;
    this.queue = new MessageQueue(requestStreams(init.method) ? (same && saved ? saved.queue : init.queue) : undefined);
    saveState({
      sessionId: init.sessionId,
      methodFullName: init.method.fullName,
      editorText: text,
      deadlineMs: this.deadlineMs,
      queue: this.queue.state(),
    });
    this.queueView = new MessageQueueView(this.queue, {
      select: (i) => this.loadQueued(this.queue.select(i)),
      sendAll: () => void this.sendAll(),
      clear: () => {
        this.queue.clear();
        this.queueChanged();
      },
      endChanged: () => this.queueChanged(),
    });

    this.controls = new Controls(init.method.kind, this.deadlineMs, {
      send: () => this.send(),
      start: () => {
        // A new stream after every prepared message went out: start over from the first.
        if (this.queue.active && this.queue.pending === 0) this.loadQueued(this.queue.rewind());
        void this.start(null);
      },
      end: () => host.post({ type: 'end' }),
      cancel: () => host.post({ type: 'cancel' }),
      exportAs: (format) => host.post({ type: 'export', format }),
      saveToHttp: () => this.saveToHttp(),
      deadlineChanged: (ms) => saveState({ deadlineMs: (this.deadlineMs = ms) }),
    });
    this.metadata = new MetadataEditor(same && saved?.metadata ? saved.metadata : init.metadata, (rows) =>
      saveState({ metadata: rows }),
    );
    this.response = new ResponseView(init.method.kind);
    this.timing = new TimingView(() => this.host.post({ type: 'view', shown: 'timing' }));
    const kind = init.method.kind;
    const xp = {
      requestText: () => this.editor.text(),
      metadata: () => this.metadata.value(),
      deadlineMs: () => this.controls.deadlineMs(),
      notice: (level: 'info' | 'warning' | 'error', text: string) => this.showNotice(level, text),
    };
    const method = init.method;
    // The runner repeats whole requests, so a client stream (one reply for many messages) has none.
    this.runner = kind !== 'client-streaming' ? new RunnerView(host, kind, xp) : undefined;
    this.lab = responseStreams(method) ? new LabView(host, xp) : undefined;
    this.latency = responseStreams(method) ? new StreamLatencyView(host, kind) : undefined;
    this.timeline = new Timeline(
      host,
      {
        show: (text, title) => {
          this.detail.textContent = text;
          this.detailTitle.textContent = title;
        },
      },
      (on) => (this.follow.checked = on),
    );
    this.notice = h('div', { id: 'notice', class: 'notice hidden', role: 'alert' });
    const editorHost = h('div', { id: 'editor', class: 'editor' });
    this.filters = {
      sent: this.checkbox('filter-sent', 'Sent', true, () => this.applyFilter()),
      received: this.checkbox('filter-received', 'Received', true, () => this.applyFilter()),
      other: this.checkbox('filter-other', 'Headers, trailers, status', true, () => this.applyFilter()),
    };
    this.search = h('vscode-textfield', {
      id: 'search',
      type: 'search',
      placeholder: 'Search messages',
      class: 'search',
    }) as TextField;
    this.search.label = 'Search messages (case-insensitive)';
    this.search.addEventListener(
      'input',
      debounce(() => this.applyFilter(), 250),
    );
    this.follow = this.checkbox('follow', 'Follow', true, () => this.timeline.setFollow(this.follow.checked));

    root.replaceChildren(
      h(
        'header',
        { class: 'head' },
        h('h1', { id: 'method' }, init.method.fullName),
        h('span', { class: `badge kind-${init.method.kind}` }, KIND_TEXT[init.method.kind]),
        h('span', { id: 'target', class: 'muted' }, init.targetLabel),
      ),
      this.controls.toolbar,
      this.controls.stateLine,
      this.notice,
      h(
        'vscode-split-layout',
        { class: 'split', 'initial-handle-position': '40%', 'min-start': '220px', 'min-end': '260px' },
        h(
          'div',
          { slot: 'start', class: 'request-pane' },
          h('h2', { id: 'request-title' }, `Request · ${init.method.requestType}`),
          h('p', { class: 'muted hint' }, `${SEND_SHORTCUT} sends. Ctrl+Space completes field names and enum values.`),
          editorHost,
          this.problem,
          this.queueView.element,
          this.metadata.element,
        ),
        h('div', { slot: 'end', class: 'result-pane' }, this.tabs()),
      ),
    );
    root.removeAttribute('aria-busy');
    const editedLater = debounce((t: string) => this.edited(t), 300);
    this.editor = createRequestEditor(editorHost, {
      text,
      schema: init.jsonSchema,
      label: 'Request message (JSON)',
      onSubmit: () => this.send(),
      onChange: (t: string) => {
        this.queue.edited(t);
        setText(this.problem, ''); // the host's verdict was on the old text; a new one follows
        editedLater(t);
      },
    });
    this.validate(text);
  }

  receive(m: PushMessage): void {
    switch (m.type) {
      case 'callProgress':
        return this.progress(m);
      case 'callEnded':
        this.applyProgress();
        // The newest rows come with the end: the last row shows without asking for it (unless the filter changed since).
        if (sameFilter(m.tail, this.filter())) this.timeline.ended(m.callId, m.tail);
        this.controls.ended(m.outcome.codeName);
        this.response.ended(m);
        this.latency?.callEnded(m.callId);
        return;
      case 'stats':
        // Stats are posted only while the Timing tab shows (the host then starts with the whole series).
        return this.timing.update(m);
      case 'notice':
        return this.showNotice(m.level, m.text);
      case 'runProgress':
        return this.runner?.progress(m);
      case 'runs':
        return this.runner?.runsChanged(m);
      case 'labStarted':
        return this.lab?.started(m);
      case 'labSamples':
        return this.lab?.samples(m);
      case 'labEnded':
        return this.lab?.ended(m);
      case 'labExplained':
        return this.lab?.explained(m);
      case 'init':
        return;
    }
  }

  /**
   * Applies progress at most every UI_TICK_MS while a call streams (state changes at once): the host
   * posts up to 60 a second, and repainting counts and the scrollbar that often costs the renderer
   * CPU that a fast stream on a small machine needs.
   */
  private progress(m: CallProgressMessage): void {
    this.latest = m;
    this.progressWaiters.splice(0).forEach((w) => w());
    const urgent = m.callId !== this.callId || m.state !== this.shownState;
    const wait = this.lastApplied + UI_TICK_MS - performance.now();
    if (urgent || wait <= 0) return this.applyProgress();
    this.progressTimer ??= setTimeout(() => this.applyProgress(), wait);
  }

  private applyProgress(): void {
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    const m = this.latest;
    if (!m) return;
    this.lastApplied = performance.now();
    if (m.callId !== this.callId) {
      this.timing.reset(m.callId);
      this.latency?.callStarted(m.callId);
    }
    this.callId = m.callId;
    this.shownState = m.state;
    this.controls.progress(m);
    this.timeline.progress(m);
    setText(this.rowCount, `${formatRows(m.total)}${m.scanning ? ' (searching…)' : ''}`);
  }

  private tabs(): HTMLElement {
    const streaming = this.init.method.kind !== 'unary';
    const timelinePanel = h(
      'div',
      { class: 'timeline-panel' },
      h(
        'div',
        { class: 'timeline-bar', role: 'toolbar', 'aria-label': 'Timeline filters' },
        this.filters.sent,
        this.filters.received,
        this.filters.other,
        this.search,
        this.follow,
        this.rowCount,
      ),
      h(
        'div',
        { class: 'trow thead', 'aria-hidden': 'true' },
        // The kind's heading hides with the kinds' labels in a narrow timeline (its cell stays).
        h('span', {}, h('span', { class: 'kind-label' }, 'event')),
        ...['#', 'time', 'gap', 'bytes', 'message'].map((c) => h('span', {}, c)),
      ),
      this.timeline.list,
      h('div', { class: 'detail' }, this.detailTitle, this.detail),
    );
    const tabs = h(
      'vscode-tabs',
      { class: 'tabs', 'selected-index': streaming ? 1 : 0 },
      // vscode-tabs gives headers and panels ids of its own (for aria-controls): the stable ids sit on the labels.
      h('vscode-tab-header', { slot: 'header' }, h('span', { id: 'tab-response' }, 'Response')),
      h('vscode-tab-panel', {}, this.response.element),
      h('vscode-tab-header', { slot: 'header' }, h('span', { id: 'tab-timeline' }, 'Timeline')),
      h('vscode-tab-panel', {}, timelinePanel),
      h('vscode-tab-header', { slot: 'header' }, h('span', { id: 'tab-timing' }, 'Timing')),
      h(
        'vscode-tab-panel',
        {},
        this.latency
          ? h('div', { class: 'timing-scroll' }, this.timing.element, this.latency.element)
          : this.timing.element,
      ),
      ...(this.runner
        ? [
            h('vscode-tab-header', { slot: 'header' }, h('span', { id: 'tab-runner' }, 'Runner')),
            h('vscode-tab-panel', {}, this.runner.element),
          ]
        : []),
      ...(this.lab
        ? [
            h('vscode-tab-header', { slot: 'header' }, h('span', { id: 'tab-lab' }, 'Lab')),
            h('vscode-tab-panel', {}, this.lab.element),
          ]
        : []),
    );
    const views: ResultView[] = ['response', 'timeline', 'timing', ...(this.runner ? ['runner' as const] : []), ...(this.lab ? ['lab' as const] : [])];
    const shown = (i: number) => {
      const view = views[i] ?? 'response';
      this.timing.setVisible(view === 'timing');
      this.runner?.setVisible(view === 'runner');
      // The host posts gap statistics only while the Timing tab shows.
      this.host.post({ type: 'view', shown: view });
    };
    tabs.addEventListener('vsc-tabs-select', (e) => shown((e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex));
    shown(streaming ? 1 : 0);
    return tabs;
  }

  private checkbox(id: string, label: string, checked: boolean, onChange: () => void): Checkbox {
    const c = h('vscode-checkbox', { id, label, checked }) as Checkbox;
    c.addEventListener('change', onChange);
    return c;
  }

  private send(): void {
    // Unary and server streaming always start a call (the host refuses, saying why, while one runs).
    if (this.controls.sendStarts || !requestStreams(this.init.method))
      return void this.start(this.editor.text()).then((ok) => ok && this.nextQueued());
    void this.sendOnStream(this.editor.text());
  }

  /** Sends `text` on the open stream; true when it went out (the queue then moves on). */
  private async sendOnStream(text: string): Promise<boolean> {
    this.checks.sending();
    const r = await this.host.request({ type: 'send', text });
    this.refused(r.problem);
    if (!r.problem) this.nextQueued();
    return !r.problem;
  }

  /**
   * Sends every prepared message not sent yet, in order, opening the stream first when none is open;
   * a message written after `=== wait-for-server` waits for the next reply. Stops at the first refusal.
   * After the last, ends the stream (half-close) unless the person unticked "End the stream after the
   * last": a request file's messages are the whole stream, and the call then ends with its status.
   */
  private async sendAll(): Promise<void> {
    let open = !this.controls.sendStarts;
    let receivedBefore = this.latest?.received ?? 0;
    /** The call shown before this Send all started one (null: it sent on the stream already open). */
    let before: number | null = null;
    while (this.queue.pending > 0) {
      const current = this.queue.messages[this.queue.next]!;
      if (open && current.waitForServer && !(await this.replyAfter(receivedBefore))) return;
      receivedBefore = open ? (this.latest?.received ?? 0) : 0; // a new call counts from zero
      const text = this.editor.text();
      if (!open) before = this.latest?.callId ?? -1;
      const ok = open ? await this.sendOnStream(text) : await this.start(text);
      if (!ok) return;
      if (!open) this.nextQueued();
      open = true;
    }
    if (this.queue.endsAfterSendAll() && (await this.streamUnderway(before))) this.controls.endStream();
  }

  /**
   * Resolves true once the progress shows the stream running (a call this Send all started: its
   * first progress, so the controls know it), false when it ended first (nothing left to end).
   */
  private async streamUnderway(before: number | null): Promise<boolean> {
    for (;;) {
      const m = this.latest;
      if (m && (before === null || m.callId !== before)) {
        if (m.state === 'ended') return false;
        if (m.state === 'connecting' || m.state === 'streaming') return true;
      }
      await new Promise<void>((r) => this.progressWaiters.push(r));
    }
  }

  /** Resolves true once the current call has received more than `count` messages, false if it ends first. */
  private async replyAfter(count: number): Promise<boolean> {
    for (;;) {
      const m = this.latest;
      if (m && m.received > count) return true;
      if (m && m.state === 'ended') return false;
      await new Promise<void>((r) => this.progressWaiters.push(r));
    }
  }

  /** The editor's prepared message went out: load the next one. */
  private nextQueued(): void {
    if (!this.queue.active) return;
    const next = this.queue.sent();
    if (next !== undefined) this.editor.setText(next);
    this.queueChanged();
  }

  private loadQueued(text: string | undefined): void {
    if (text !== undefined) this.editor.setText(text);
    this.queueChanged();
  }

  private queueChanged(): void {
    this.queueView.render();
    saveState({ queue: this.queue.state(), editorText: this.editor.text() });
  }

  /** Asks the host to save what Send would send: the target and transport are the host's, secrets stay references. */
  private saveToHttp(): void {
    if (this.controls.deadlineInvalid)
      return this.showNotice(
        'error',
        'Not saved: the deadline must be a positive number of milliseconds (or empty for none).',
      );
    this.host.post({
      type: 'saveToHttp',
      messages: this.queue.toSave(this.editor.text()),
      metadata: this.metadata.value(),
      deadlineMs: this.controls.deadlineMs(),
    });
  }

  /**
   * Starts a call; for unary and server streaming `text` is the request, for streams the first
   * message (or none). Resolves true when the host accepted it.
   */
  private async start(text: string | null): Promise<boolean> {
    if (this.controls.deadlineInvalid) {
      this.showNotice('error', 'Not sent: the deadline must be a positive number of milliseconds (or empty for none).');
      return false;
    }
    const id = this.checks.starting();
    const r = await this.host.request({
      type: 'start',
      text: requestStreams(this.init.method) ? text : this.editor.text(),
      metadata: this.metadata.value(),
      deadlineMs: this.controls.deadlineMs(),
    });
    this.refused(r.problem);
    if (this.checks.startedBy(id, r)) {
      this.response.started();
      this.notice.classList.add('hidden'); // an old complaint does not apply to the new call
    }
    return r.accepted;
  }

  private edited(text: string): void {
    saveState({ editorText: text });
    this.validate(text);
  }

  /** Checks the editor's text; only the newest check may clear the problem shown. */
  private validate(text: string): void {
    const id = this.checks.validating();
    void this.host
      .request({ type: 'validate', text })
      .then((r) => this.checks.showsCheck(id, r.problem) && this.showProblem(r.problem));
  }

  /** A start or send the host refused because of the JSON: show where, and say nothing went out. */
  private refused(problem: InputProblem | null): void {
    if (!problem) return;
    this.showProblem(problem);
    this.showNotice('error', `Not sent: ${problem.path}: ${problem.problem}`);
  }

  private showProblem(problem: InputProblem | null): void {
    this.editor.showProblem(problem);
    this.problem.textContent = problem ? `${problem.path}: ${problem.problem}` : '';
  }

  /** The timeline's filter as the host is told it. */
  private filter(): { kinds: RowKind[]; search: string } {
    const kinds: RowKind[] = [
      ...(this.filters.sent.checked ? (['sent'] as const) : []),
      ...(this.filters.received.checked ? (['received'] as const) : []),
      ...(this.filters.other.checked ? OTHER_KINDS : []),
    ];
    return { kinds, search: this.search.value };
  }

  private applyFilter(): void {
    this.timeline.filterChanged();
    this.host.post({ type: 'setFilter', ...this.filter() });
  }

  private showNotice(level: 'info' | 'warning' | 'error', text: string): void {
    this.notice.className = `notice ${level}`;
    this.notice.textContent = text;
    if (level === 'info')
      setTimeout(() => this.notice.textContent === text && this.notice.classList.add('hidden'), 8000);
  }
}
