/**
 * Which member carries what a call delivers (the message, the item, the function's payload): the
 * data the client's body becomes. Inference reads it to keep the payload's example (the model
 * marks some payloads sensitive, Lambda's and Step Functions', as they may hold anything, but
 * they are the call's data, not its credentials), and integration to map it from the body.
 */

/** Member names that carry the payload, in order of preference: the first one a call sent is its payload. */
const PAYLOAD = ['Message', 'RawMessage', 'MessageBody', 'Item', 'Data', 'Payload', 'Entries', 'Input', 'Body', 'Records', 'Image', 'MetricData', 'Text', 'Document', 'Content', 'Detail', 'Record', 'Event', 'Events', 'LogEvents', 'Statement', 'Query'];

/** The payload among the members a call sent (PascalCase or camelCase, as models spell them), if any. */
export function payloadOf(members: string[]): string | undefined {
  for (const name of PAYLOAD) {
    const member = members.find((m) => m.charAt(0).toUpperCase() + m.slice(1) === name);
    if (member) return member;
  }
  return undefined;
}
