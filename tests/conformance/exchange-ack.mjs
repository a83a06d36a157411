// End to end with the npm graphql-ws client, unchanged: two members of a fresh community go through
// an exchange over HTTP while both are subscribed to acknowledgementReceived over WebSocket. The
// provider must receive the acknowledgement within 1 s of the receiver's acknowledge mutation, with the
// settled minutes; the receiver must receive nothing. Exits non-zero on any failure.
// Usage: node exchange-ack.mjs http://127.0.0.1:PORT/graphql ws://127.0.0.1:PORT/graphql
// admin@conformance.local must be registered with the password of api-client.mjs and made an admin on the host beforehand
// (`TimeBank.Api admin grant admin@conformance.local`, as .ci/run does).
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { apiClient } from './api-client.mjs';

const [httpUrl, wsUrl] = process.argv.slice(2);
if (!httpUrl || !wsUrl) {
  console.error('usage: node exchange-ack.mjs <graphql http url> <graphql ws url>');
  process.exit(2);
}
const LIMIT_MS = 1000;
const run = Date.now().toString(36);
const client = apiClient(httpUrl);
const { mutate, register } = client;

async function member(adminToken, communityId, name) {
  return client.member(adminToken, communityId, name, `${name}.${run}@conformance.local`);
}

// Collects a subscription's events as they arrive, stamping each with its arrival time.
function listen(token, query) {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { Authorization: `Bearer ${token}` } });
  const events = [];
  const errors = [];
  let wake = () => {};
  const dispose = client.subscribe({ query }, {
    next: (result) => { (result.errors ? errors : events).push({ at: performance.now(), result }); wake(); },
    error: (error) => { errors.push(error); wake(); },
    complete: () => {},
  });
  return {
    events,
    errors,
    next: (ms) => new Promise((resolve, reject) => {
      if (events.length > 0) return resolve(events[0]);
      const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
      wake = () => { clearTimeout(timer); events.length > 0 ? resolve(events[0]) : reject(new Error(JSON.stringify(errors))); };
    }),
    close: async () => { dispose(); await client.dispose(); },
  };
}

const ACK = 'subscription { acknowledgementReceived { minutes entrySequence exchange { id status } } }';

try {
  const admin = await register('admin@conformance.local');
  const community = await mutate('createCommunity', 'CreateCommunityInput', 'community { id }',
    { slug: `conformance-${run}`, name: 'Conformance time bank', timeZone: 'Europe/Lisbon', policy: { joiningGrantMinutes: 120 } }, admin);
  const receiver = await member(admin, community.community.id, 'Maria');
  const provider = await member(admin, community.community.id, 'Tom');

  const providerAcks = listen(provider.token, ACK);
  const receiverAcks = listen(receiver.token, ACK);

  const proposed = await mutate('proposeExchange', 'ProposeExchangeInput', 'exchange { id }',
    { counterpartMemberId: provider.memberId, myRole: 'RECEIVER', minutes: 60, description: 'Fix a bike' }, receiver.token);
  const exchangeId = proposed.exchange.id;
  await mutate('acceptExchange', 'AcceptExchangeInput', 'exchange { id }', { exchangeId }, provider.token);
  await mutate('completeExchange', 'CompleteExchangeInput', 'exchange { id }', { exchangeId, minutes: 45 }, provider.token);

  const sent = performance.now();
  await mutate('acknowledgeExchange', 'AcknowledgeExchangeInput', 'exchange { status }', { exchangeId }, receiver.token);
  const answered = performance.now();
  const ack = await providerAcks.next(LIMIT_MS * 2);
  const latency = ack.at - sent;
  const data = ack.result.data.acknowledgementReceived;

  await new Promise((resolve) => setTimeout(resolve, 500));
  await providerAcks.close();
  await receiverAcks.close();

  const problems = [];
  if (latency > LIMIT_MS) problems.push(`arrived ${latency.toFixed(0)} ms after the mutation was sent (limit ${LIMIT_MS} ms)`);
  if (data.minutes !== 45) problems.push(`minutes ${data.minutes}, expected 45`);
  if (data.exchange.id !== exchangeId || data.exchange.status !== 'SETTLED') problems.push(`exchange ${JSON.stringify(data.exchange)}`);
  if (providerAcks.events.length !== 1) problems.push(`the provider got ${providerAcks.events.length} acknowledgements`);
  if (receiverAcks.events.length !== 0) problems.push(`the receiver got ${receiverAcks.events.length} acknowledgements`);
  if (providerAcks.errors.length + receiverAcks.errors.length > 0) problems.push(`errors: ${JSON.stringify([...providerAcks.errors, ...receiverAcks.errors])}`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  console.log(`ok   acknowledgementReceived reached the provider ${latency.toFixed(0)} ms after the acknowledge was sent ` +
    `(mutation answered in ${(answered - sent).toFixed(0)} ms; entry ${data.entrySequence}); the receiver got none`);
  console.log('exchange end to end: passed');
  process.exit(0);
} catch (error) {
  console.log(`FAIL exchange end to end: ${error?.message ?? JSON.stringify(error)}`);
  process.exit(1);
}
