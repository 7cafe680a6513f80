import type * as protoLoader from '@grpc/proto-loader';
import { codecFor } from '../src/core/json/codec';
import type { Schema } from '../src/core/schema/types';
import type { Measurement } from './harness';

const OPS = 50_000;

/**
 * µs per request/response pair of Counter.Increment through the JSON codec
 * (JSON text → bytes, bytes → canonical JSON) and, for scale, through
 * proto-loader's serializer and deserializer (object → bytes → object), the
 * static client's share of the same work. Together with the recording costs
 * this accounts for the core's share of the unary comparison.
 */
export function codecCost(schema: Schema, pkg: protoLoader.PackageDefinition, rounds: number): Measurement[] {
  const codec = codecFor(schema.root, 'explorer.sample.v1.Number');
  const def = (pkg['explorer.sample.v1.Counter'] as protoLoader.ServiceDefinition).Increment!;
  const loop = (body: (i: number) => void) => async () => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) body(i);
    return Number(process.hrtime.bigint() - t0) / OPS / 1000;
  };
  return [
    {
      id: 'codec-json',
      title: 'JSON codec: encode a Number request from JSON text and decode the reply to JSON',
      unit: 'µs/call',
      rounds,
      lowerIsBetter: true,
      run: loop((i) => void codec.decode(codec.encodeJson(`{"value":"${i}"}`))),
    },
    {
      id: 'codec-proto-loader',
      title: "proto-loader: serialize a Number request object and deserialize the reply (the static client's share)",
      unit: 'µs/call',
      rounds,
      lowerIsBetter: true,
      run: loop((i) => void def.responseDeserialize(def.requestSerialize({ value: String(i) }))),
    },
  ];
}
