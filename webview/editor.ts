/**
 * The request editor: CodeMirror 6 with JSON, completion and lint from the
 * request type's JSON Schema (codemirror-json-schema), and the host's own
 * verdict (the codec's InputError: path and what was expected) shown as a
 * lint diagnostic at that path. Ctrl/Cmd+Enter submits.
 *
 * The editor lives in a shadow root: CodeMirror then installs its styles as
 * constructable stylesheets (adoptedStyleSheets), which the panel's CSP allows,
 * where on the document it would add <style> elements, which the CSP blocks.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json, jsonLanguage, jsonParseLinter } from '@codemirror/lang-json';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  hoverTooltip,
  keymap,
  lineNumbers,
  type ViewUpdate,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import {
  getJsonPointers,
  handleRefresh,
  jsonCompletion,
  jsonSchemaHover,
  jsonSchemaLinter,
  stateExtensions,
} from 'codemirror-json-schema';
import type { JSONSchema7 } from 'json-schema';
import type { InputProblem } from '../src/shared/protocol';
import { pathToPointer, pointerAndParents } from './json-path';

export interface RequestEditor {
  text(): string;
  setText(text: string): void;
  /** Shows (or, with null, clears) the host's verdict on the current text. */
  showProblem(problem: InputProblem | null): void;
  focus(): void;
}

const setHostProblem = StateEffect.define<InputProblem | null>();

/** The host's last verdict; any edit makes it stale, so it is dropped until the next one arrives. */
const hostProblem = StateField.define<InputProblem | null>({
  create: () => null,
  update: (value, tr) => {
    for (const e of tr.effects) if (e.is(setHostProblem)) return e.value;
    return tr.docChanged ? null : value;
  },
});

/**
 * From this size on, the editor does not check the text as it changes: the JSON parse lint, the
 * schema lint and the map of every JSON pointer each walk the whole text, and on a 10 MB request
 * they froze the panel for minutes (gigabytes in the schema lint). The extension still checks it, on
 * its encoder thread, and its verdict shows below the editor and as a diagnostic on the first line.
 */
export const LARGE_TEXT_CHARS = 1 << 20;

const isLarge = (view: EditorView) => view.state.doc.length >= LARGE_TEXT_CHARS;
const firstLine = (view: EditorView) => ({ from: 0, to: view.state.doc.line(1).to });

/** `source` on texts under LARGE_TEXT_CHARS; on larger ones `large` (the note that says so, or nothing). */
function smallTextsOnly(source: (view: EditorView) => Diagnostic[], large: (view: EditorView) => Diagnostic[] = () => []) {
  return (view: EditorView) => (isLarge(view) ? large(view) : source(view));
}

function largeTextNote(view: EditorView): Diagnostic[] {
  const chars = view.state.doc.length.toLocaleString('en');
  const message = `${chars} characters: too large to check as you type. The extension checks it (its verdict shows below the editor).`;
  return [{ ...firstLine(view), severity: 'info', source: 'size', message }];
}

/** Where the problem's JSON path is in the text: the value at the path, or its closest existing parent. */
function hostDiagnostics(view: EditorView): Diagnostic[] {
  const problem = view.state.field(hostProblem);
  if (!problem) return [];
  if (isLarge(view)) return [{ ...firstLine(view), severity: 'error', source: 'request', message: `${problem.path}: ${problem.problem}` }];
  const pointers = getJsonPointers(view.state, 'json');
  const pointer = pathToPointer(problem.path);
  const found =
    pointer === undefined
      ? undefined
      : pointerAndParents(pointer)
          .map((p) => pointers.get(p))
          .find(Boolean);
  const data = found as { keyFrom: number; keyTo: number; valueFrom?: number; valueTo?: number } | undefined;
  const from = data ? (data.valueFrom ?? data.keyFrom) : 0;
  const to = data ? (data.valueTo ?? data.keyTo) : view.state.doc.length;
  return [
    {
      from,
      to: Math.max(to, from),
      severity: 'error',
      source: 'request type',
      message: `${problem.path}: ${problem.problem}`,
    },
  ];
}

/**
 * High-contrast themes use an opaque selection colour that would hide the text CodeMirror draws over
 * it: there the selection is outlined instead.
 */
const highContrast = EditorView.theme({
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'transparent',
    outline: '1px solid var(--vscode-contrastActiveBorder, var(--vscode-focusBorder))',
  },
});
const isHighContrast = () => document.body.classList.contains('vscode-high-contrast');

/** Colours from the VS Code theme, so dark, light and high-contrast themes all apply. */
const theme = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--vscode-editor-foreground)',
    backgroundColor: 'var(--vscode-editor-background)',
    fontSize: 'var(--vscode-editor-font-size)',
  },
  '.cm-scroller': { fontFamily: 'var(--vscode-editor-font-family)', overflow: 'auto' },
  '&.cm-focused': { outline: '1px solid var(--vscode-focusBorder)' },
  '.cm-content': { caretColor: 'var(--vscode-editorCursor-foreground)' },
  '.cm-cursor': { borderLeftColor: 'var(--vscode-editorCursor-foreground)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'var(--vscode-editor-selectionBackground)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--vscode-editor-lineHighlightBackground, transparent)' },
  '.cm-gutters': {
    backgroundColor: 'var(--vscode-editorGutter-background, var(--vscode-editor-background))',
    color: 'var(--vscode-editorLineNumber-foreground)',
    border: 'none',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--vscode-editorHoverWidget-background)',
    color: 'var(--vscode-editorHoverWidget-foreground)',
    border: '1px solid var(--vscode-editorHoverWidget-border)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': {
    backgroundColor: 'var(--vscode-list-activeSelectionBackground)',
    color: 'var(--vscode-list-activeSelectionForeground)',
  },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--vscode-editorError-foreground)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--vscode-editorError-foreground)',
  },
  '.cm-matchingBracket': {
    backgroundColor: 'var(--vscode-editorBracketMatch-background)',
    outline: '1px solid var(--vscode-editorBracketMatch-border)',
  },
});

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--vscode-debugTokenExpression-name)' },
  { tag: tags.string, color: 'var(--vscode-debugTokenExpression-string)' },
  { tag: tags.number, color: 'var(--vscode-debugTokenExpression-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--vscode-debugTokenExpression-boolean)' },
]);

export interface EditorOptions {
  readonly text: string;
  readonly schema: unknown;
  readonly label: string;
  readonly onChange: (text: string) => void;
  readonly onSubmit: () => void;
}

/** Mounts the editor in `host` (inside a shadow root). */
export function createRequestEditor(host: HTMLElement, o: EditorOptions): RequestEditor {
  const contrast = new Compartment();
  const root = host.attachShadow({ mode: 'open' });
  const submit = () => (o.onSubmit(), true);
  const state = EditorState.create({
    doc: o.text,
    extensions: [
      lineNumbers(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      keymap.of([
        { key: 'Mod-Enter', run: submit, preventDefault: true },
        ...closeBracketsKeymap,
        ...defaultKeymap,
        ...historyKeymap,
        ...completionKeymap,
        ...lintKeymap,
      ]),
      json(),
      syntaxHighlighting(highlight),
      theme,
      contrast.of(isHighContrast() ? highContrast : []),
      linter(smallTextsOnly(jsonParseLinter()), { delay: 300 }),
      linter(smallTextsOnly(jsonSchemaLinter(), largeTextNote), { needsRefresh: handleRefresh, delay: 300 }),
      linter(hostDiagnostics, {
        delay: 0,
        needsRefresh: (u: ViewUpdate) => u.transactions.some((t) => t.effects.some((e) => e.is(setHostProblem))),
      }),
      lintGutter(),
      hostProblem,
      jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
      autocompletion(),
      hoverTooltip(jsonSchemaHover()),
      stateExtensions(o.schema as JSONSchema7),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': o.label }),
      EditorView.updateListener.of((u) => u.docChanged && o.onChange(u.state.doc.toString())),
    ],
  });
  const view = new EditorView({ state, parent: root, root });
  // VS Code switches themes by changing the body's classes.
  new MutationObserver(() =>
    view.dispatch({ effects: contrast.reconfigure(isHighContrast() ? highContrast : []) }),
  ).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return {
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    showProblem: (problem) => view.dispatch({ effects: setHostProblem.of(problem) }),
    focus: () => view.focus(),
  };
}
