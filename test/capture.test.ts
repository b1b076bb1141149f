/** The capture stage lets each call go as soon as no later record can change it. */
import { Capturer, captureRequests } from '../src/capture/capture.js';
import type { CapturedRequest } from '../src/capture/types.js';
import { parseText } from '../src/parse/records.js';
import { manifest, sampleText } from './support/samples.js';

/** Every sample logs the retry handler's verdict after each call's last attempt. */
const logs = manifest.filter((entry) => entry.file.endsWith('.log')).map((entry) => entry.file);

test.each(logs)('%s: every call is released by its last attempt, none waits for the end of the input', (file) => {
  const capturer = new Capturer();
  const taken = [];
  for (const record of parseText(sampleText(file), file).records) {
    capturer.push(record);
    taken.push(...capturer.takeFinished());
  }
  expect(taken.length).toBeGreaterThan(0);
  expect(capturer.finish()).toEqual([]);
});

test("a worker thread's finished call does not hold back the calls after it", () => {
  // `aws s3 cp` uploads on a worker thread; another log's calls follow on the main thread.
  const text = sampleText('s3-cp.log') + sampleText('sns-publish.log') + sampleText('sqs-send-message.log');
  const capturer = new Capturer();
  let taken = 0;
  for (const record of parseText(text, 'x.log').records) {
    capturer.push(record);
    taken += capturer.takeFinished().length;
  }
  // Without the last-attempt records, only the end of the input would release the calls after the upload.
  expect(taken).toBe(3);
  const withoutVerdicts = text.replace(/No retry needed\.|Not retrying request\./g, 'Retry handler ran.');
  const held = new Capturer();
  let heldTaken = 0;
  for (const record of parseText(withoutVerdicts, 'x.log').records) {
    held.push(record);
    heldTaken += held.takeFinished().length;
  }
  expect(heldTaken).toBeLessThan(3);
});

/** What a call's records told about it; the rest depends on where in the log it sits. */
function evidence(call: CapturedRequest): Partial<CapturedRequest> {
  const { operation, params, canonical, scope, sent, attempts, response } = call;
  return { operation, params, canonical, scope, sent, attempts, response };
}

function onlyCall(file: string): Partial<CapturedRequest> {
  const calls = captureRequests(parseText(sampleText(file), file).records);
  expect(calls).toHaveLength(1);
  return evidence(calls[0]!);
}

/**
 * `host` with the STS call of the session-token sample (from the loading of its model to its
 * verdict) inserted after the first line that includes `after`: what an assume-role or SSO
 * profile logs, as botocore fetches credentials while signing a call, or re-signing its retry.
 */
function withStsCallInside(host: string, after: string): string {
  const lines = host.split('\n');
  const at = lines.findIndex((line) => line.includes(after)) + 1;
  const sts = sampleText('sts-get-caller-identity-session-token.log').split('\n');
  const from = sts.findIndex((line) => /Loading JSON file: .*\/sts\/.*\/service-2\.json/.test(line));
  const to = sts.findIndex((line) => line.includes('No retry needed.')) + 1;
  expect([at, from, to].every((i) => i > 0)).toBe(true);
  return [...lines.slice(0, at), ...sts.slice(from, to), ...lines.slice(at)].join('\n');
}

test('a call made while another is being signed is a call of its own, and the outer one keeps its evidence', () => {
  const text = withStsCallInside(sampleText('sqs-list-queues.log'), 'Making request for OperationModel(name=ListQueues)');
  const calls = captureRequests(parseText(text, 'x.log').records);
  // In the order of their `Making request`: the outer call first, though it ends last.
  expect(calls.map((call) => [call.index, call.operation])).toEqual([
    [0, 'ListQueues'],
    [1, 'GetCallerIdentity'],
  ]);
  expect(evidence(calls[0]!)).toEqual(onlyCall('sqs-list-queues.log'));
  expect(evidence(calls[1]!)).toEqual(onlyCall('sts-get-caller-identity-session-token.log'));
});

test('a call that ends inside another is not handed out before the outer call has its evidence', () => {
  const text = withStsCallInside(sampleText('sqs-list-queues.log'), 'Making request for OperationModel(name=ListQueues)');
  const capturer = new Capturer();
  // What each call held when it was taken: a later record must not be what completes it.
  const taken: Array<[string | undefined, boolean, number | undefined]> = [];
  for (const record of parseText(text, 'x.log').records) {
    capturer.push(record);
    for (const call of capturer.takeFinished()) taken.push([call.operation, call.canonical !== undefined && call.sent !== undefined, call.response?.status]);
  }
  expect(taken).toEqual([
    ['ListQueues', true, 200],
    ['GetCallerIdentity', true, 200],
  ]);
  expect(capturer.finish()).toEqual([]);
});

test('a call made between the attempts of a retried call leaves the later attempts to it', () => {
  // The first log's verdicts show that the retried call, though already sent, has not ended.
  const text = sampleText('sqs-list-queues.log') + withStsCallInside(sampleText('sns-publish-retry.log'), 'Retry needed');
  const calls = captureRequests(parseText(text, 'x.log').records);
  expect(calls.map((call) => call.operation)).toEqual(['ListQueues', 'Publish', 'GetCallerIdentity']);
  expect(evidence(calls[1]!)).toEqual(onlyCall('sns-publish-retry.log'));
  expect(evidence(calls[2]!)).toEqual(onlyCall('sts-get-caller-identity-session-token.log'));
});

test('without verdicts, a call that went on the wire ends when its thread makes the next', () => {
  const text = sampleText('sns-publish.log') + sampleText('sqs-send-message.log').replace(/Arguments entered to CLI/, 'Arguments');
  const withoutVerdicts = text.replace(/No retry needed\.|Not retrying request\./g, 'Retry handler ran.');
  const calls = captureRequests(parseText(withoutVerdicts, 'x.log').records);
  expect(calls.map(evidence)).toEqual([onlyCall('sns-publish.log'), onlyCall('sqs-send-message.log')]);
  const capturer = new Capturer();
  let taken = 0;
  for (const record of parseText(withoutVerdicts, 'x.log').records) {
    capturer.push(record);
    taken += capturer.takeFinished().length;
  }
  expect(taken).toBe(1);
});

test('a call its process left open does not hold back the next `aws` process', () => {
  // Cut before it went on the wire, so nothing but the next `aws` invocation ends it.
  const lines = sampleText('sns-publish.log').split('\n');
  const cut = lines.slice(0, lines.findIndex((line) => line.includes('Sending http request'))).join('\n') + '\n';
  const capturer = new Capturer();
  const taken: Array<string | undefined> = [];
  for (const record of parseText(cut + sampleText('sqs-send-message.log'), 'x.log').records) {
    capturer.push(record);
    taken.push(...capturer.takeFinished().map((call) => call.operation));
  }
  expect(taken).toEqual(['Publish', 'SendMessage']);
});
