/**
 * The Timing tab's stream latency without the DOM: the question the host is asked (or why none can
 * be asked yet) and the extra lines beside each part's figures. Pure, so it is unit-tested;
 * stream-latency-view.ts draws it.
 */
import type { OneWayView, PairingName, RoundTripView, StreamLatencyRequest } from '../src/shared/protocol';
import { formatCount, formatMs } from './format';

type Question = Omit<StreamLatencyRequest, 'type' | 'requestId' | 'callId'>;

/** What to ask from the form's text, or the round trip's complaint when pairing by a field without a path. */
export function latencyQuestion(
  pairing: PairingName,
  correlationText: string,
  stampText: string,
): { ok: true; question: Question } | { ok: false; roundTripProblem: string } {
  const path = correlationText.trim();
  if (pairing === 'field' && !path)
    return { ok: false, roundTripProblem: 'Type the correlation id’s path, e.g. $.id.' };
  return {
    ok: true,
    question: { pairing, correlation: pairing === 'field' ? path : null, stampPath: stampText.trim() || null },
  };
}

/** Requests or replies left without a partner, when there are any. */
export function roundTripExtras(rt: RoundTripView): [string, string][] {
  if (rt.unmatchedRequests + rt.unmatchedResponses === 0) return [];
  return [['Unpaired', `${formatCount(rt.unmatchedRequests)} req · ${formatCount(rt.unmatchedResponses)} replies`]];
}

/** Where the send stamp was read, and whether the host found it by itself. */
export function oneWayExtras(ow: OneWayView): [string, string][] {
  return [['Stamp', `${ow.stampPath}${ow.detected ? ' (found)' : ''}`]];
}

/**
 * When requests and replies differ in number, pairing by order measures the wrong pairs: say so
 * (the host already left unpaired any reply that came before its request), and point at the field.
 */
export function orderNote(rt: RoundTripView): string {
  if (rt.pairing !== 'order' || rt.unmatchedRequests + rt.unmatchedResponses === 0) return '';
  const sent = rt.figures.count + rt.unmatchedRequests;
  const received = rt.figures.count + rt.unmatchedResponses;
  return `${formatCount(sent)} requests, ${formatCount(received)} replies: pairing by order is unreliable here (a reply is never paired with a request sent after it; the rest stay unpaired). Pair by a field, e.g. an id the replies carry.`;
}

/** A negative one-way delay is no latency: it is two clocks that disagree (server and client on different machines). */
export function clockNote(ow: OneWayView): string {
  if (ow.figures.minUs >= 0) return '';
  return `Some delays are below zero: the server's clock is behind this machine's by at least ${formatMs(-ow.figures.minUs)}, so these figures include the two clocks' offset, not only transit. Compare them with each other, not with zero.`;
}
