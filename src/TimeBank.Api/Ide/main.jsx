import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { GraphiQL } from 'graphiql';
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { createRoot } from 'react-dom/client';

// The page is served at the GraphQL endpoint itself, so its own address is the endpoint's.
const endpoint = new URL(window.location.pathname, window.location.origin);
const socketEndpoint = new URL(endpoint);
socketEndpoint.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';

// One graphql-ws client per set of headers: the headers editor's content (a token) is sent as the
// connection_init payload, which is where the server reads a WebSocket's credentials.
let socket = { key: null, client: null };
function socketFor(headers) {
  const key = JSON.stringify(headers);
  if (socket.key !== key) {
    socket.client?.dispose();
    socket = { key, client: createClient({ url: socketEndpoint.href, connectionParams: headers, lazy: true }) };
  }
  return socket.client;
}

function isSubscription(params) {
  try {
    return getOperationAST(parse(params.query), params.operationName)?.operation === 'subscription';
  } catch {
    return false;
  }
}

async function post(params, headers) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text}` }] };
  }
}

function subscribe(params, headers) {
  const client = socketFor(headers);
  return client.iterate({
    query: params.query,
    variables: params.variables ?? undefined,
    operationName: params.operationName ?? undefined,
  });
}

function fetcher(params, options) {
  const headers = options?.headers ?? {};
  return isSubscription(params) ? subscribe(params, headers) : post(params, headers);
}

const plugins = [explorerPlugin()];

// No token in the default headers: GraphiQL sends them with its schema request too, and a placeholder token is
// refused (401), where no token is simply anonymous.
const welcome = `# Sign in with the login mutation, then put its accessToken in Headers below:
#   { "Authorization": "Bearer <accessToken>" }
# The headers go with every request; for a subscription they are the WebSocket's connection_init payload.
#
# mutation { login(input: { email: "you@example.org", password: "..." }) { accessToken errors { code message } } }

{ me { email } }
`;

createRoot(document.getElementById('ide')).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={plugins}
    defaultQuery={welcome}
    isHeadersEditorEnabled
  />,
);
