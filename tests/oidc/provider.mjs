// SPDX-License-Identifier: EUPL-1.2
// A real OpenID Connect provider for dosa's sign-in tests: the certified `oidc-provider` package with its
// development sign-in pages, on 127.0.0.1 and the port given. The tests drive its forms as a browser would.
// Environment: OIDC_PORT, OIDC_REDIRECT_URI, OIDC_POST_LOGOUT_URI, OIDC_CLIENT_SECRET, OIDC_USERS (JSON:
// login -> claims such as name, email, dosa_organisation, dosa_roles).
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const users = JSON.parse(process.env.OIDC_USERS || '{}');
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'dosa',
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: [process.env.OIDC_REDIRECT_URI],
    post_logout_redirect_uris: [process.env.OIDC_POST_LOGOUT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'dosa'],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email'],
    dosa: ['dosa_organisation', 'dosa_roles'],
  },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(users, id)) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...users[id] }; } };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['dosa-test-only-cookie-key'] },
});
provider.proxy = false;

http.createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
process.on('SIGTERM', () => process.exit(0));
