// The wire format: query parsing edge cases, compression, truncation, EDNS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeResponse, parseQuery, readName, TYPE } from './wire.ts';
import type { Query } from './wire.ts';
import { queryMessage } from './test-helpers.ts';

void test('parseQuery: question, flags and EDNS', () => {
  const q = parseQuery(queryMessage('Istio-Test-ALB.example.com', TYPE.A, { edns: 4096 }));
  assert.deepEqual(q, {
    id: 0x1234,
    opcode: 0,
    rd: true,
    cd: false,
    question: { name: 'Istio-Test-ALB.example.com', type: TYPE.A, class: 1 },
    edns: { udpSize: 4096, version: 0, dnssecOk: false },
  });
});

void test('parseQuery: what is dropped and what is a format error', () => {
  assert.equal(parseQuery(Buffer.alloc(5)), undefined, 'shorter than a header');
  const response = queryMessage('a.com', TYPE.A);
  response.writeUInt16BE(0x8100, 2);
  assert.equal(parseQuery(response), undefined, 'QR set');
  const two = queryMessage('a.com', TYPE.A);
  two.writeUInt16BE(2, 4);
  assert.equal(parseQuery(two)?.question, undefined, 'two questions');
  const cut = queryMessage('a.com', TYPE.A).subarray(0, 16);
  assert.equal(parseQuery(cut)?.question, undefined, 'truncated name');
  const loop = Buffer.concat([queryMessage('', TYPE.A).subarray(0, 12), Buffer.from([0xc0, 12, 0, 1, 0, 1])]);
  assert.equal(parseQuery(loop)?.question, undefined, 'pointer to itself');
});

void test('readName: follows compression pointers', () => {
  const buf = Buffer.from([3, 0x61, 0x62, 0x63, 3, 0x63, 0x6f, 0x6d, 0, 1, 0x78, 0xc0, 4]);
  assert.deepEqual(readName(buf, 0), { name: 'abc.com', end: 9 });
  assert.deepEqual(readName(buf, 9), { name: 'x.com', end: 13 });
});

void test('encodeResponse: compressed owner names, TXT chunks, truncation to the limit', () => {
  const query = parseQuery(queryMessage('x.example.com', TYPE.TXT)) as Query;
  const long = 'h'.repeat(600);
  const msg = encodeResponse({
    query,
    rcode: 0,
    aa: true,
    udpSize: 1232,
    answers: [{ name: 'x.example.com', ttl: 60, data: { type: TYPE.TXT, text: long } }],
    authority: [],
  });
  assert.equal(msg.readUInt16BE(0), 0x1234);
  assert.equal(msg.readUInt16BE(2) & 0x8000, 0x8000, 'QR');
  assert.equal(msg.readUInt16BE(2) & 0x0400, 0x0400, 'AA');
  assert.equal(msg.readUInt16BE(6), 1, 'one answer');
  const qEnd = 12 + 'x.example.com'.length + 2 + 4;
  assert.deepEqual([...msg.subarray(qEnd, qEnd + 2)], [0xc0, 12], 'owner is a pointer to the question');
  const rdlen = msg.readUInt16BE(qEnd + 10);
  assert.equal(rdlen, 600 + 3, 'three character-strings: 255 + 255 + 90');
  assert.equal(msg[qEnd + 12], 255);

  const cut = encodeResponse(
    {
      query,
      rcode: 0,
      aa: true,
      udpSize: 1232,
      answers: [{ name: 'x.example.com', ttl: 60, data: { type: TYPE.TXT, text: long } }],
      authority: [],
    },
    512,
  );
  assert.equal(cut.readUInt16BE(2) & 0x0200, 0x0200, 'TC');
  assert.equal(cut.readUInt16BE(6), 0, 'no answers when truncated');
});
