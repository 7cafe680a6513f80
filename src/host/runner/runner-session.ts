/**
 * The host side of the panel's Runner tab, without `vscode`: starts a latency
 * run (core runMethodLoad) with the editor's request, posts throttled
 * progress, keeps the result in the target's kept runs, and measures the
 * runner's own overhead once per extension host, on the first run.
 */
import type { Connection } from '../../core/connection';
import type { MetadataEntries } from '../../core/metadata';
import { InputError } from '../../core/errors';
import { inExtensionTerms } from '../connect/connect-errors';
import { measureRunnerOverhead, runMethodLoad, type LoadPlan, type RunResult } from '../../core/experiments';
import type { MethodInfo, Schema, SchemaSource } from '../../core/schema/types';
import type { RunStartRequest, ToWebviewMessage } from '../../shared/protocol';
import { modeLabel, type KeptRuns } from './kept-runs';
import { maskSecretValues } from '../secret-refs';

export interface RunnerSessionOptions {
  readonly sessionId: string;
  readonly connection: Connection;
  readonly schema: Schema;
  readonly method: MethodInfo;
  readonly schemaSource?: SchemaSource;
  /** Secret metadata keys: kept runs (history, exports) hold references for their values. */
  readonly secretKeys?: readonly string[];
  /** The target's metadata (secret values in clear, host only): a secret value under another key is found by it. */
  readonly targetMetadata?: MetadataEntries;
  readonly post: (message: ToWebviewMessage) => void;
  /** The kept runs of every target, shared by the extension host's panels (passed in, so tests own theirs). */
  readonly store: KeptRuns;
  /** A run ended (cancelled ones too), with the request that started it (resolved metadata: redact before keeping). */
  readonly onRun?: (request: RunStartRequest, result: RunResult) => void;
  /** Measures the runner's limit; tests pass a fake-free short one. Default: the core's, 2,000 calls. */
  readonly measureOverhead?: () => Promise<string>;
}

/**
 * A run as kept (history, exports): secret values replaced by references, in the call metadata and in
 * the reflection metadata of its schema source (Connect's headers, which hold the values in clear).
 */
export function withoutSecrets(run: RunResult, secretKeys: readonly string[], target: MetadataEntries = []): RunResult {
  const load = run.load;
  if (!load || secretKeys.length === 0) return run;
  const schema = load.schema;
  const known = [...target, ...(schema?.kind === 'reflection' ? (schema.metadata ?? []) : [])];
  return {
    ...run,
    load: {
      ...load,
      ...(load.metadata ? { metadata: maskSecretValues(load.metadata, secretKeys, known) } : {}),
      ...(schema?.kind === 'reflection' && schema.metadata
        ? { schema: { ...schema, metadata: maskSecretValues(schema.metadata, secretKeys) } }
        : {}),
    },
  };
}

let overhead: Promise<string> | undefined;
let overheadText: string | null = null;

/** The plan the form asked for, in the core's terms. */
export function planOf(m: Pick<RunStartRequest, 'total' | 'concurrency' | 'rate' | 'durationMs'>): LoadPlan {
  return {
    concurrency: m.concurrency,
    ...(m.total !== null ? { total: m.total } : {}),
    ...(m.durationMs !== null ? { durationMs: m.durationMs } : {}),
    ...(m.rate !== null ? { rate: m.rate } : {}),
  };
}

/** Runs latency experiments for one panel; `handle` takes messages already checked by `parseFromWebview`. */
export class RunnerSession {
  private abort: AbortController | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: RunnerSessionOptions) {
    this.unsubscribe = o.store.onChange((id) => id === o.sessionId && this.postRuns());
  }

  get running(): boolean {
    return this.abort !== undefined;
  }

  /** Sends the kept runs (after the webview (re)loaded). */
  replay(): void {
    this.postRuns();
  }

  cancel(): void {
    this.abort?.abort();
  }

  clear(): void {
    this.o.store.clear(this.o.sessionId);
  }

  dispose(): void {
    this.cancel();
    this.unsubscribe();
  }

  /** Starts a run; resolves when it ended and was kept (or was refused, with a notice saying why). */
  async start(m: RunStartRequest): Promise<RunResult | undefined> {
    if (this.abort) return this.notice('warning', 'A run is going: Cancel it or wait for it to end first.');
    const abort = (this.abort = new AbortController());
    this.postRuns();
    const { method } = this.o;
    try {
      const measured = this.overhead(); // first run only; concurrent with nothing else the runner does
      await measured;
      const result = await runMethodLoad({
        conn: this.o.connection,
        schema: this.o.schema,
        method,
        request: m.text,
        plan: planOf(m),
        mode: m.mode,
        label: `${method.name} · ${modeLabel({ mode: m.mode }, method.kind)}`,
        signal: abort.signal,
        onProgress: (p) =>
          this.o.post({
            type: 'runProgress',
            done: p.done,
            errors: p.errors,
            total: p.total ?? null,
            elapsedMs: p.elapsedMs,
            fraction: p.fraction,
          }),
        ...(m.chain ? { chain: m.chain } : {}),
        ...(m.metadata.length ? { metadata: m.metadata.filter(([k]) => k.trim() !== '') } : {}),
        ...(m.deadlineMs !== null ? { deadlineMs: m.deadlineMs } : {}),
        ...(this.o.schemaSource ? { schemaSource: this.o.schemaSource } : {}),
      });
      this.abort = undefined;
      this.o.store.add(this.o.sessionId, withoutSecrets(result, this.o.secretKeys ?? [], this.o.targetMetadata));
      this.o.onRun?.(m, result);
      if (result.errors > 0 && result.firstError)
        this.notice('warning', `${result.errors} of ${result.count} failed; first: ${result.firstError.message}`);
      return result;
    } catch (e) {
      // The codec's advice names --max-msg-size; here the limit is a setting.
      const where = inExtensionTerms(e instanceof InputError ? `${e.path}: ${e.problem}` : (e as Error).message);
      this.notice('error', `The run did not start: ${where}`);
      return undefined;
    } finally {
      this.abort = undefined;
      this.postRuns();
    }
  }

  private overhead(): Promise<string> {
    overhead ??= (this.o.measureOverhead ?? (async () => (await measureRunnerOverhead()).summary))()
      .then((t) => (overheadText = t))
      .catch((e: Error) => (overheadText = `runner overhead not measured: ${e.message}`));
    return overhead;
  }

  private postRuns(): void {
    this.o.post({
      type: 'runs',
      runs: this.o.store.views(this.o.sessionId),
      running: this.running,
      overhead: overheadText,
    });
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): undefined {
    this.o.post({ type: 'notice', level, text });
    return undefined;
  }
}
