// What a front end keeps after login: the token pair, renewed with refreshSession when the API says the access
// token is no longer good (401 with UNAUTHENTICATED). Usage of the examples: node apollo.mjs|urql.mjs <http url> <ws url>
export const [httpUrl, wsUrl] = process.argv.slice(2);
if (!httpUrl || !wsUrl) {
  console.error('usage: node <example>.mjs <graphql http url> <graphql ws url>');
  process.exit(2);
}

const SESSION = 'accessToken refreshToken errors { code message }';

async function post(query, variables) {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()).data;
}

export const session = { accessToken: null, refreshToken: null, refreshes: 0 };

/** Registers a new user of this run and keeps its tokens. */
export async function signUp(name) {
  const email = `${name}.${Date.now().toString(36)}@frontend.local`;
  const { register } = await post(`mutation($input: RegisterInput!) { register(input: $input) { ${SESSION} } }`,
    { input: { email, password: 'correct horse battery' } });
  if (register.errors.length > 0) throw new Error(JSON.stringify(register.errors));
  Object.assign(session, { accessToken: register.accessToken, refreshToken: register.refreshToken });
  return email;
}

/** Trades the refresh token for a new pair (each refresh token works once). */
export async function refresh() {
  const { refreshSession } = await post(`mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { ${SESSION} } }`,
    { input: { refreshToken: session.refreshToken } });
  if (refreshSession.errors.length > 0) throw new Error(`log in again: ${JSON.stringify(refreshSession.errors)}`);
  Object.assign(session, { accessToken: refreshSession.accessToken, refreshToken: refreshSession.refreshToken });
  session.refreshes += 1;
}

/** Fails the example with a message unless the condition holds. */
export function check(condition, message) {
  if (!condition) {
    console.log(`FAIL ${message}`);
    process.exit(1);
  }
}
