/** Parameters read from the wire alone (no model): their examples are plain JSON data whatever the body's encoding. */
import { parametersShownBy } from '../../src/infer/protocols.js';

test('a CBOR body without a model gives JSON examples: bytes as base64, dates as epoch seconds, maps as objects, big integers as text', () => {
  const wire = {
    protocol: 'smithy-rpc-v2-cbor' as const,
    method: 'POST',
    path: '/service/S/operation/Op',
    query: [],
    headers: [],
    body: { kind: 'cbor' as const, value: { Data: new Uint8Array([104, 105]), At: new Date(1_700_000_000_500), Tags: new Map([['k', 'v']]), Count: 2n ** 60n } },
  };
  const params = parametersShownBy(wire);
  expect(params.map((p) => [p.name, p.type, p.example])).toEqual([
    ['Data', 'blob', 'aGk='],
    ['At', 'timestamp', 1_700_000_000.5],
    ['Tags', 'structure', { k: 'v' }],
    ['Count', 'long', '1152921504606846976'],
  ]);
  // What --format json prints is these values as they are.
  expect(JSON.parse(JSON.stringify(params))).toEqual(params);
});
