import * as grpc from '@grpc/grpc-js';
import type { Writable } from 'node:stream';
import { cancelSignal, statusError, writeWithBackpressure } from '../call-control';
import { approxBookBytes, bookAt, type BookMsg } from './book-catalog';

interface RecommendRequest {
  userId: string;
  count: number;
  payloadSize: number;
}

interface PageRequest {
  userId: string;
  pageSize: number;
  pageToken: string;
  totalCount: number;
  payloadSize: number;
}

/** Where a page starts; carried opaquely in page tokens. */
interface Cursor {
  user: string;
  offset: number;
  total: number;
  payloadSize: number;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const DEFAULT_TOTAL = 1000;
/** RecommendAll builds the whole list in memory; past this it refuses rather than risk the process. */
const MAX_LIST_BYTES = 256 * 1024 * 1024;

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString()) as Cursor;
    if (typeof c.user === 'string' && Number.isInteger(c.offset) && Number.isInteger(c.total)) return c;
  } catch {
    // fall through to the INVALID_ARGUMENT below
  }
  throw statusError(
    grpc.status.INVALID_ARGUMENT,
    `page_token "${token}" was not issued by this server; copy next_page_token from the previous page, or leave it empty for the first page`,
  );
}

/** The page a request asks for: the first one from its fields, later ones from the token. */
function cursorOf(req: PageRequest): Cursor {
  if (req.pageToken) return decodeToken(req.pageToken);
  return { user: req.userId, offset: 0, total: req.totalCount || DEFAULT_TOTAL, payloadSize: req.payloadSize };
}

function page(req: PageRequest) {
  if (req.pageSize > MAX_PAGE_SIZE) {
    throw statusError(grpc.status.INVALID_ARGUMENT, `page_size ${req.pageSize} is over the limit of ${MAX_PAGE_SIZE}`);
  }
  const cursor = cursorOf(req);
  const size = req.pageSize || DEFAULT_PAGE_SIZE;
  const end = Math.min(cursor.offset + size, cursor.total);
  const payload = Buffer.alloc(cursor.payloadSize ?? 0, 'x');
  const books: BookMsg[] = [];
  for (let i = cursor.offset; i < end; i++) books.push(bookAt(cursor.user, i, payload));
  const nextPageToken = end < cursor.total ? encodeToken({ ...cursor, offset: end }) : '';
  return { books, nextPageToken, totalSize: cursor.total };
}

/** Books: one large result streamed, in one message, and in pages (seed 002). */
export const booksService: grpc.UntypedServiceImplementation = {
  async Recommend(call: grpc.ServerWritableStream<RecommendRequest, BookMsg>) {
    const { userId, count, payloadSize } = call.request;
    const signal = cancelSignal(call);
    const payload = Buffer.alloc(payloadSize, 'x');
    for (let i = 0; i < count; i++) {
      if (!(await writeWithBackpressure(call as Writable, bookAt(userId, i, payload), signal))) return;
    }
    call.end();
  },

  RecommendAll(call: grpc.ServerUnaryCall<RecommendRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
    const { userId, count, payloadSize } = call.request;
    if (count * approxBookBytes(payloadSize) > MAX_LIST_BYTES) {
      callback(
        statusError(
          grpc.status.INVALID_ARGUMENT,
          `${count} books of ${payloadSize} payload bytes would be over ${MAX_LIST_BYTES >> 20} MiB in one message; use Books.Recommend, which streams`,
        ),
      );
      return;
    }
    const payload = Buffer.alloc(payloadSize, 'x');
    const books = Array.from({ length: count }, (_, i) => bookAt(userId, i, payload));
    callback(null, { books });
  },

  RecommendPage(call: grpc.ServerUnaryCall<PageRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
    try {
      callback(null, page(call.request));
    } catch (e) {
      callback(e as grpc.ServerErrorResponse);
    }
  },
};
