/** The capture stage lets each call go as soon as no later record can change it. */
import { Capturer } from '../src/capture/capture.js';
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
