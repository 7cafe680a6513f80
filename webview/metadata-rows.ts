/**
 * The request metadata rows: key and value text fields, a remove button per
 * row and an "Add metadata" button. Keys ending in `-bin` take base64 values
 * (gRPC's binary metadata).
 */
import type { MetadataRows } from '../src/shared/protocol';
import { h } from './dom';

type TextField = HTMLElement & { value: string; label: string };

export class MetadataEditor {
  readonly element: HTMLElement;
  private readonly rows: HTMLElement;

  constructor(
    initial: MetadataRows,
    private readonly onChange: (rows: MetadataRows) => void,
  ) {
    this.rows = h('div', { id: 'metadata', class: 'metadata-rows', role: 'group', 'aria-label': 'Request metadata' });
    const add = h(
      'vscode-button',
      { id: 'add-metadata', secondary: true, icon: 'add', 'aria-label': 'Add metadata row' },
      'Add metadata',
    );
    add.addEventListener('click', () => {
      this.addRow('', '');
      this.rows.querySelector<TextField>('.metadata-row:last-child .md-key')?.focus();
    });
    this.element = h(
      'section',
      { class: 'metadata', 'aria-labelledby': 'metadata-title' },
      h('h2', { id: 'metadata-title' }, 'Metadata'),
      this.rows,
      add,
    );
    initial.forEach(([k, v]) => this.addRow(k, v));
  }

  /** Rows with a key (empty keys are left out). */
  value(): MetadataRows {
    return [...this.rows.querySelectorAll<HTMLElement>('.metadata-row')]
      .map((row): [string, string] => [
        row.querySelector<TextField>('.md-key')!.value.trim(),
        row.querySelector<TextField>('.md-value')!.value,
      ])
      .filter(([k]) => k !== '');
  }

  private addRow(key: string, value: string): void {
    const n = this.rows.children.length + 1;
    const keyField = h('vscode-textfield', { class: 'md-key', placeholder: 'key, e.g. authorization' }) as TextField;
    const valueField = h('vscode-textfield', { class: 'md-value', placeholder: 'value' }) as TextField;
    keyField.value = key;
    valueField.value = value;
    keyField.label = `Metadata key ${n}`;
    valueField.label = `Metadata value ${n}`;
    const remove = h('vscode-button', {
      class: 'md-remove',
      secondary: true,
      icon: 'close',
      'icon-only': true,
      'aria-label': `Remove metadata row ${n}`,
      title: 'Remove',
    });
    const row = h('div', { class: 'metadata-row' }, keyField, valueField, remove);
    remove.addEventListener('click', () => (row.remove(), this.onChange(this.value())));
    for (const f of [keyField, valueField]) f.addEventListener('input', () => this.onChange(this.value()));
    this.rows.append(row);
  }
}
