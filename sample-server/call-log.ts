import * as grpc from '@grpc/grpc-js';
import { SAMPLE_PACKAGE } from './protos';

/** What the server knows of one finished call. */
export interface CallRecord {
  /** e.g. '/explorer.sample.v1.Counter/Increment'. */
  readonly path: string;
  readonly code: grpc.status;
  readonly details: string;
  readonly durationMs: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
}

/** One line per call: method, status code name, duration, messages in and out (and the details when not OK). */
export function formatCallRecord(r: CallRecord): string {
  const method = r.path.replace(`/${SAMPLE_PACKAGE}.`, '').replace(/^\//, '');
  const code = grpc.status[r.code] ?? `CODE_${r.code}`;
  const details = r.code === grpc.status.OK ? '' : `  ${JSON.stringify(r.details.slice(0, 160))}`;
  return `${method}  ${code}  ${r.durationMs.toFixed(1)} ms  in ${r.messagesIn}  out ${r.messagesOut}${details}`;
}

/**
 * A server interceptor that counts messages each way and reports the call
 * once, when the status is sent or the call is cancelled (whichever is first:
 * grpc-js 1.14 also reports a cancel after a normal end).
 */
export function callRecorder(onCall: (record: CallRecord) => void): grpc.ServerInterceptor {
  return (method, call) => {
    const started = performance.now();
    let messagesIn = 0;
    let messagesOut = 0;
    let reported = false;
    const report = (code: grpc.status, details: string) => {
      if (reported) return;
      reported = true;
      onCall({ path: method.path, code, details, durationMs: performance.now() - started, messagesIn, messagesOut });
    };
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message, nextMessage) => {
            messagesIn++;
            nextMessage(message);
          },
          onCancel: () =>
            report(grpc.status.CANCELLED, 'cancelled by the client, a deadline, a lost connection or an abort'),
        }),
      sendMessage: (message, nextMessage) => {
        messagesOut++;
        nextMessage(message);
      },
      sendStatus: (status, nextStatus) => {
        report(status.code, status.details ?? '');
        nextStatus(status);
      },
    });
  };
}
