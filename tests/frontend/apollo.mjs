// Apollo Client 4 against TimeBank: HTTP for queries and mutations, graphql-ws for subscriptions, the token in
// both, and a refresh when the API answers 401 (an expired access token). Run by CI; shown in the README.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, ServerError, gql } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { from, switchMap } from 'rxjs';
import WebSocket from 'ws';
import { check, httpUrl, refresh, session, signUp, wsUrl } from './session.mjs';

const auth = new SetContextLink(({ headers }) => ({
  headers: { ...headers, ...(session.accessToken ? { authorization: `Bearer ${session.accessToken}` } : {}) },
}));
// A 401 means the access token expired (or was revoked): refresh once and send the operation again.
const refreshOn401 = new ErrorLink(({ error, operation, forward }) => {
  if (ServerError.is(error) && error.statusCode === 401 && !operation.getContext().retried) {
    operation.setContext({ retried: true });
    return from(refresh()).pipe(switchMap(() => forward(operation)));
  }
});
// connectionParams is a function, so a socket the server closed with 4403 (token expired) reconnects with the
// current token. webSocketImpl is only needed in Node; browsers have WebSocket.
const ws = createClient({
  url: wsUrl,
  webSocketImpl: WebSocket,
  connectionParams: () => ({ Authorization: `Bearer ${session.accessToken}` }),
});
const isSubscription = ({ query }) => {
  const definition = getMainDefinition(query);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
};
const client = new ApolloClient({
  link: ApolloLink.split(isSubscription, new GraphQLWsLink(ws), ApolloLink.from([refreshOn401, auth, new HttpLink({ uri: httpUrl })])),
  cache: new InMemoryCache(),
});

const email = await signUp('apollo');
session.accessToken = 'expired-or-forged'; // as after a long pause: the first request gets a 401 and refreshes
const { data } = await client.query({ query: gql`query Me { me { id email } }` });
check(data?.me?.email === email, `me after a refresh: ${JSON.stringify(data)}`);
check(session.refreshes === 1, `refreshed ${session.refreshes} times, expected 1`);

const time = await new Promise((resolve, reject) => {
  const subscription = client.subscribe({ query: gql`subscription { serverTime(everySeconds: 1) }` }).subscribe({
    next: ({ data: event, error }) => { subscription.unsubscribe(); error ? reject(error) : resolve(event.serverTime); },
    error: reject,
  });
});
check(!Number.isNaN(Date.parse(time)), `serverTime ${time}`);
await ws.dispose();
console.log(`ok   Apollo Client: me (${email}) after refreshing on 401, serverTime ${time} over graphql-ws`);
