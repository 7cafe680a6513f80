/**
 * The list of a stream's prepared messages, under the editor (client and bidi streaming, only
 * while there are some): which went out, which is in the editor, which wait for a reply. A row
 * click loads that message into the editor; "Send all" sends the rest in order, then ends the stream
 * unless "End the stream after the last" is unticked; "Clear" drops them.
 */
import { h, setText } from './dom';
import { previewOf, type MessageQueue } from './message-queue-model';

export interface QueueActions {
  /** Message `i` was picked: load it into the editor. */
  select(i: number): void;
  sendAll(): void;
  clear(): void;
  /** The "end after the last" box changed (the model holds the new value). */
  endChanged(): void;
}

export class MessageQueueView {
  readonly element: HTMLElement;
  private readonly list = h('ol', { id: 'queue', class: 'queue', 'aria-label': 'Prepared stream messages' });
  private readonly title = h('h2', { id: 'queue-title' }, 'Prepared messages');
  private readonly sendAllButton: HTMLElement & { disabled: boolean };
  private readonly endBox: HTMLElement & { checked: boolean };

  constructor(
    private readonly queue: MessageQueue,
    act: QueueActions,
  ) {
    this.sendAllButton = h(
      'vscode-button',
      {
        id: 'queue-send-all',
        icon: 'run-all',
        secondary: true,
        title: 'Send every message not sent yet, in order (then end the stream, if ticked)',
      },
      'Send all',
    ) as HTMLElement & { disabled: boolean };
    this.endBox = h('vscode-checkbox', {
      id: 'queue-end',
      label: 'End the stream after the last',
      title: 'A request file\'s messages are the whole stream: Send all half-closes it after the last one. Untick to keep sending.',
      checked: queue.endAfterLast,
    }) as HTMLElement & { checked: boolean };
    this.endBox.addEventListener('change', () => {
      queue.endAfterLast = this.endBox.checked;
      act.endChanged();
    });
    this.sendAllButton.addEventListener('click', () => !this.sendAllButton.disabled && act.sendAll());
    const clear = h(
      'vscode-button',
      { id: 'queue-clear', icon: 'clear-all', secondary: true, title: 'Drop the prepared messages' },
      'Clear',
    );
    clear.addEventListener('click', () => act.clear());
    this.list.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('li[data-index]');
      if (row) act.select(Number(row.dataset.index));
    });
    this.element = h(
      'section',
      { class: 'queue-section', 'aria-labelledby': 'queue-title' },
      h('div', { class: 'queue-head' }, this.title, this.sendAllButton, this.endBox, clear),
      this.list,
    );
    this.render();
  }

  /** Redraws from the model (a few dozen rows at most in practice; a long list scrolls). */
  render(): void {
    const q = this.queue;
    this.element.classList.toggle('hidden', !q.active);
    setText(this.title, `Prepared messages · ${q.messages.length - q.pending} of ${q.messages.length} sent`);
    this.sendAllButton.disabled = q.pending === 0;
    this.endBox.checked = q.endAfterLast;
    this.list.replaceChildren(
      ...q.messages.map((m, i) => {
        const state = i < q.next ? 'sent' : i === q.next ? 'current' : 'waiting';
        const label = state === 'sent' ? 'sent' : state === 'current' ? 'in the editor' : 'next';
        return h(
          'li',
          {
            'data-index': i,
            class: `queued ${state}`,
            title: 'Load into the editor',
            'aria-current': state === 'current' ? 'step' : undefined,
          },
          h('span', { class: 'queued-state' }, label),
          m.waitForServer
            ? h('span', { class: 'queued-wait', title: '=== wait-for-server' }, 'after a reply')
            : undefined,
          h('code', { class: 'queued-text' }, previewOf(m.text)),
        );
      }),
    );
  }
}
