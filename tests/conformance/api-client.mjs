// The HTTP side the Node suites share (exchange-ack here, the browser suite beside it): GraphQL over fetch and the
// members they set up. No npm dependency, so any suite can import it by path.
export const password = 'correct horse battery';

export function apiClient(httpUrl) {
  async function gql(query, variables, token) {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  async function mutate(field, inputType, selection, input, token) {
    const data = await gql(`mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} errors { code message } } }`, { input }, token);
    if (data[field].errors.length > 0) throw new Error(`${field}: ${JSON.stringify(data[field].errors)}`);
    return data[field];
  }

  async function register(email) {
    // The admin stays registered when a suite runs again against the same server: log in instead.
    const data = await gql('mutation($input: RegisterInput!) { register(input: $input) { accessToken errors { code message } } }', { input: { email, password } });
    if (data.register.errors.length === 0) return data.register.accessToken;
    if (data.register.errors[0].code !== 'EMAIL_TAKEN') throw new Error(`register: ${JSON.stringify(data.register.errors)}`);
    return (await mutate('login', 'LoginInput', 'accessToken', { email, password })).accessToken;
  }

  // A new member of the community, approved by the admin: their email, token and member id.
  async function member(adminToken, communityId, name, email) {
    const token = await register(email);
    const joined = await mutate('joinCommunity', 'JoinCommunityInput', 'member { id }', { communityId, displayName: name }, token);
    await mutate('approveMember', 'ApproveMemberInput', 'member { id }', { memberId: joined.member.id }, adminToken);
    return { email, token, memberId: joined.member.id };
  }

  return { gql, mutate, register, member };
}
