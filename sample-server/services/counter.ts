import * as grpc from '@grpc/grpc-js';
import type { Duplex } from 'node:stream';
import { replyToEach, statusError } from '../call-control';

/** Number as proto-loader gives it with longs: String. */
interface NumberMsg {
  value: string;
}

const INT64_MAX = (1n << 63n) - 1n;

/** value + 1 as a decimal string; BigInt keeps values above 2^53 exact. */
function increment(value: string): string {
  const n = BigInt(value || '0');
  if (n >= INT64_MAX)
    throw statusError(grpc.status.OUT_OF_RANGE, `value ${value} is the int64 maximum; send a smaller value`);
  return (n + 1n).toString();
}

/** Counter: the sequential-latency study (unary) and its two-way stream twin. */
export const counterService: grpc.UntypedServiceImplementation = {
  Increment(call: grpc.ServerUnaryCall<NumberMsg, NumberMsg>, callback: grpc.sendUnaryData<NumberMsg>) {
    try {
      callback(null, { value: increment(call.request.value) });
    } catch (e) {
      callback(e as grpc.ServerErrorResponse);
    }
  },

  IncrementStream(call: grpc.ServerDuplexStream<NumberMsg, NumberMsg>) {
    replyToEach<NumberMsg, NumberMsg>(call as unknown as Duplex, (req) => ({ value: increment(req.value) }));
  },
};
