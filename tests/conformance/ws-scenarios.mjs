// Drives the server with the npm graphql-ws client, unchanged: a query, a mutation (only when the
// schema has a Mutation type) and the serverTime subscription (two events, then dispose). Exits
// non-zero on any failure. Usage: node ws-scenarios.mjs ws://127.0.0.1:PORT/graphql
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.argv[2] ?? process.env.GRAPHQL_WS_URL;
if (!url) {
  console.error('usage: node ws-scenarios.mjs <graphql ws url>');
  process.exit(2);
}

const deadline = (ms, what) =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref());

const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });

async function single(query) {
  const results = [];
  for await (const result of client.iterate({ query })) {
    results.push(result);
  }
  if (results.length !== 1) throw new Error(`${query}: expected one result, got ${results.length}`);
  if (results[0].errors) throw new Error(`${query}: ${JSON.stringify(results[0].errors)}`);
  return results[0].data;
}

async function run(name, scenario) {
  try {
    const outcome = await Promise.race([scenario(), deadline(15000, name)]);
    console.log(`ok   ${name}: ${outcome}`);
    return true;
  } catch (error) {
    console.log(`FAIL ${name}: ${error?.message ?? JSON.stringify(error)}`);
    return false;
  }
}

let failures = 0;
failures += (await run('query', async () => JSON.stringify(await single('{ __typename }')))) ? 0 : 1;

let hasMutation = false;
failures += (await run('introspection', async () => {
  const data = await single('{ __schema { mutationType { name } subscriptionType { name } } }');
  hasMutation = data.__schema.mutationType !== null;
  return JSON.stringify(data);
})) ? 0 : 1;

if (hasMutation) {
  failures += (await run('mutation', async () => JSON.stringify(await single('mutation { __typename }')))) ? 0 : 1;
} else {
  console.log('skip mutation: the schema has no Mutation type');
}

failures += (await run('subscription serverTime (2 events, then dispose)', async () => {
  const events = [];
  const iterator = client.iterate({ query: 'subscription { serverTime(everySeconds: 1) }' });
  for await (const result of iterator) {
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    events.push(result.data.serverTime);
    if (events.length === 2) break; // ends the iterator, which sends `complete`
  }
  if (events.some((e) => Number.isNaN(Date.parse(e)))) throw new Error(`not ISO-8601: ${events}`);
  return events.join(', ');
})) ? 0 : 1;

failures += (await run('serverTime refuses everySeconds: 0', async () => {
  try {
    for await (const result of client.iterate({ query: 'subscription { serverTime(everySeconds: 0) }' })) {
      throw new Error(`expected an error, got ${JSON.stringify(result)}`);
    }
  } catch (errors) {
    // The client throws the `error` message's GraphQL errors as an array.
    if (Array.isArray(errors)) return `refused: ${errors[0].message}`;
    throw errors;
  }
  throw new Error('expected an error, the stream completed');
})) ? 0 : 1;

await client.dispose();
console.log(`graphql-ws scenarios: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
process.exit(failures === 0 ? 0 : 1);
