import * as grpc from '@grpc/grpc-js';
import type { Duplex, Writable } from 'node:stream';
import { cancelSignal, nowMicros, sleep, statusError, timestampFromMicros, waitForDrain } from '../call-control';
import type { FlowMonitor, FlowStreamState } from './flow-monitor';

interface FlowRequest {
  count: number;
  size: number;
  ratePerSecond: number;
  maxUnacknowledged: number;
}

interface FlowClientMessage {
  kind?: 'start' | 'ack';
  start?: FlowRequest;
  ack?: { seq: number };
}

/** What the sender needs from the acknowledgement side of StreamWithAcks. */
interface AckWindow {
  /** Resolves true when another message may be written, false when the call must stop. */
  waitForRoom(): Promise<boolean>;
  /**
   * After the last write: resolves true once every message is acknowledged or the client
   * half-closed, false if the call was cancelled. Ending earlier would make a slow client's
   * late acks fail: grpc-js half-closes the client's side on the server's trailers, and a write
   * after that turns the call's OK into INTERNAL "write after end" and drops unread messages.
   */
  waitForAll(): Promise<boolean>;
}

/**
 * Writes a FlowControl stream: paced (rate_per_second), bounded by acks when
 * there are any, and always waiting for 'drain' after write() returns false,
 * so at most one send buffer (16 messages in grpc-js) is queued server-side.
 */
async function sendFlow(
  stream: Writable,
  req: FlowRequest,
  state: FlowStreamState,
  signal: AbortSignal,
  acks?: AckWindow,
) {
  const payload = Buffer.alloc(req.size, 'x'); // serialization copies it, so one buffer serves every message
  const started = performance.now();
  for (let seq = 1; seq <= req.count; seq++) {
    if (req.ratePerSecond > 0) {
      const due = started + ((seq - 1) * 1000) / req.ratePerSecond;
      if (!(await sleep(due - performance.now(), signal))) return;
    }
    if (acks && !(await acks.waitForRoom())) return;
    if (signal.aborted) return;
    // Node's write() returns false exactly when the buffer reaches its high-water
    // mark, so the message can carry the answer before it is written.
    const bufferFull = stream.writableLength + 1 >= stream.writableHighWaterMark;
    if (bufferFull) state.blockedWrites++;
    const micros = nowMicros();
    const unacknowledged = acks ? seq - state.acknowledged : stream.writableLength + 1;
    stream.write({
      seq,
      serverSendTime: timestampFromMicros(micros),
      serverSendUnixMicros: micros,
      bufferFull,
      unacknowledged,
      blockedWritesTotal: state.blockedWrites,
      payload,
    });
    state.written = seq;
    if (bufferFull) {
      state.waitingForDrain = true;
      const drained = await waitForDrain(stream, signal);
      state.waitingForDrain = false;
      if (!drained) return;
    }
  }
  if (acks && !(await acks.waitForAll())) return;
  stream.end();
}

/** The acknowledgement side of StreamWithAcks: tracks the highest acked seq and wakes the sender. */
function ackWindow(state: FlowStreamState, max: number, signal: AbortSignal, clientDone: () => boolean) {
  let wake: (() => void) | undefined;
  const window: AckWindow & { onAck(seq: number): void; onClientDone(): void } = {
    async waitForRoom() {
      while (max > 0 && state.written - state.acknowledged >= max) {
        if (signal.aborted || clientDone()) return false;
        state.waitingForAck = true;
        await new Promise<void>((resolve) => (wake = resolve));
        state.waitingForAck = false;
      }
      return !signal.aborted;
    },
    async waitForAll() {
      while (state.acknowledged < state.written && !clientDone() && !signal.aborted) {
        state.waitingForAck = true;
        await new Promise<void>((resolve) => (wake = resolve));
        state.waitingForAck = false;
      }
      return !signal.aborted;
    },
    onAck(seq: number) {
      state.acknowledged = Math.max(state.acknowledged, seq);
      wake?.();
    },
    onClientDone() {
      wake?.();
    },
  };
  signal.addEventListener('abort', () => wake?.());
  return window;
}

/** FlowControl: backpressure made visible (seed 004). */
export function flowService(monitor: FlowMonitor): grpc.UntypedServiceImplementation {
  return {
    async Stream(call: grpc.ServerWritableStream<FlowRequest, unknown>) {
      const state = monitor.open('Stream', call.request.count);
      await sendFlow(call as Writable, call.request, state, cancelSignal(call));
      state.finished = true;
    },
    StreamWithAcks(call: grpc.ServerDuplexStream<FlowClientMessage, unknown>) {
      streamWithAcks(call as unknown as Duplex, cancelSignal(call), monitor);
    },
  };
}

function streamWithAcks(stream: Duplex, cancelled: AbortSignal, monitor: FlowMonitor): void {
  const stop = new AbortController();
  cancelled.addEventListener('abort', () => stop.abort());
  let state: FlowStreamState | undefined;
  let window: ReturnType<typeof ackWindow> | undefined;
  let clientDone = false;
  const fail = (details: string) => {
    if (stop.signal.aborted) return;
    stop.abort();
    stream.emit('error', statusError(grpc.status.INVALID_ARGUMENT, details));
  };

  stream.on('data', (msg: FlowClientMessage) => {
    if (msg.kind === 'start' && msg.start && !state) {
      const start = msg.start;
      const s = (state = monitor.open('StreamWithAcks', start.count));
      window = ackWindow(s, start.maxUnacknowledged, stop.signal, () => clientDone);
      void sendFlow(stream, start, s, stop.signal, window).then(() => {
        s.finished = true;
        if (clientDone && s.written < start.count && !stop.signal.aborted) {
          stream.emit(
            'error',
            statusError(
              grpc.status.FAILED_PRECONDITION,
              `the client half-closed with ${s.written - s.acknowledged} messages unacknowledged and max_unacknowledged ${start.maxUnacknowledged}; no ack can arrive any more`,
            ),
          );
        }
      });
    } else if (msg.kind === 'start') {
      fail('start was sent twice; send {"start": {...}} once, then {"ack": {"seq": n}}');
    } else if (msg.kind === 'ack' && msg.ack && state && window) {
      const seq = msg.ack.seq;
      if (seq > state.written) fail(`ack seq ${seq} is ahead of the ${state.written} messages written so far`);
      else window.onAck(seq);
    } else {
      fail('send {"start": {"count": n}} first, then {"ack": {"seq": n}} for what you have processed');
    }
  });
  stream.on('end', () => {
    clientDone = true;
    if (!state) fail('the client half-closed before sending {"start": {...}}');
    else window?.onClientDone();
  });
}
