// urql 6 against TimeBank: the auth exchange adds the token and refreshes it on a 401, graphql-ws carries the
// subscriptions with the same token. Run by CI; shown in the README.
import { Client, fetchExchange, gql, subscriptionExchange } from '@urql/core';
import { authExchange } from '@urql/exchange-auth';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { check, httpUrl, refresh, session, signUp, wsUrl } from './session.mjs';

const ws = createClient({
  url: wsUrl,
  webSocketImpl: WebSocket, // only in Node; browsers have WebSocket
  connectionParams: () => ({ Authorization: `Bearer ${session.accessToken}` }),
});
const client = new Client({
  url: httpUrl,
  exchanges: [
    authExchange(async (utils) => ({
      addAuthToOperation: (operation) =>
        session.accessToken ? utils.appendHeaders(operation, { Authorization: `Bearer ${session.accessToken}` }) : operation,
      didAuthError: (error) =>
        error.response?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'),
      refreshAuth: refresh,
    })),
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
  ],
});

const email = await signUp('urql');
session.accessToken = 'expired-or-forged'; // as after a long pause: the first request gets a 401 and refreshes
const me = await client.query(gql`query Me { me { id email } }`, {}).toPromise();
check(me.data?.me?.email === email, `me after a refresh: ${JSON.stringify(me.data ?? me.error)}`);
check(session.refreshes === 1, `refreshed ${session.refreshes} times, expected 1`);

const time = await new Promise((resolve, reject) => {
  const { unsubscribe } = client.subscription(gql`subscription { serverTime(everySeconds: 1) }`, {}).subscribe((result) => {
    queueMicrotask(() => unsubscribe());
    result.error ? reject(result.error) : resolve(result.data.serverTime);
  });
});
check(!Number.isNaN(Date.parse(time)), `serverTime ${time}`);
await ws.dispose();
console.log(`ok   urql: me (${email}) after refreshing on 401, serverTime ${time} over graphql-ws`);
