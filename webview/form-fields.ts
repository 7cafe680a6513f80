/** The experiment forms' small parts: labelled number fields and buttons (ids are the e2e tests' handles). */
import { h } from './dom';

export type TextField = HTMLElement & { value: string; label: string; invalid: boolean };
export type Button = HTMLElement & { disabled: boolean };

/** A labelled text field; `label` is what people read and the accessible name. */
export function field(
  id: string,
  label: string,
  value: string,
  placeholder = '',
): { box: HTMLElement; input: TextField } {
  const input = h('vscode-textfield', { id, placeholder, class: 'xp-input' }) as TextField;
  input.value = value;
  input.label = label;
  return { box: h('label', { class: 'xp-field', for: id }, h('span', { class: 'muted' }, label), input), input };
}

export function xpButton(id: string, text: string, icon: string, onClick: () => void, secondary = false): Button {
  const b = h('vscode-button', { id, icon, secondary, title: text }, text) as Button;
  b.addEventListener('click', () => !b.disabled && onClick());
  return b;
}

export function setDisabled(b: Button, disabled: boolean): void {
  if (b.disabled !== disabled) b.disabled = disabled;
}
