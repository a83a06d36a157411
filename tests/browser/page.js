// What a front end on its own origin does: log in over fetch, ask for `me`, subscribe over graphql-ws with the
// token in connectionParams. browser-suite.mjs calls these through page.evaluate and reads window.frontEnd.events.
window.frontEnd = {
  events: [],
  socketErrors: [],

  async graphql(api, query, variables, token) {
    const response = await fetch(api, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  },

  async login(api, email, password) {
    const login = await this.graphql(api,
      'mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }',
      { input: { email, password } });
    const token = login.data?.login?.accessToken;
    if (!token) throw new Error(`login: ${JSON.stringify(login)}`);
    const me = await this.graphql(api, '{ me { email } }', null, token);
    return { token, email: me.data?.me?.email ?? null };
  },

  // Resolves once the server acknowledged connection_init, rejects when the socket could not open or was closed.
  subscribe(socketUrl, token, query) {
    return new Promise((resolve, reject) => {
      const client = graphqlWs.createClient({
        url: socketUrl,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { Authorization: `Bearer ${token}` },
        on: {
          connected: () => resolve(),
          closed: (event) => reject(new Error(`socket closed: ${event?.code ?? ''}`)),
          error: (error) => reject(new Error(`socket error: ${error?.type ?? error}`)),
        },
      });
      client.subscribe({ query }, {
        next: (result) => this.events.push(result),
        error: (error) => this.socketErrors.push(String(error?.message ?? error?.code ?? error)),
        complete: () => {},
      });
    });
  },
};
