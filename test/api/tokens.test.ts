import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, type JWTPayload } from 'jose';
import { principalFromToken } from '../../api/auth/authenticate.js';
import { issueAccessToken } from '../../api/auth/tokens.js';
import { call, registerUser, startTestApi, type Problem, type TestApi } from './authSupport.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access token verification', () => {
  let api: TestApi;
  let userId: string;
  let validToken: string;
  let refreshToken: string;

  beforeAll(async () => {
    api = await startTestApi();
    const user = await registerUser(api, 'tokens');
    userId = user.user.id;
    validToken = user.accessToken;
    refreshToken = user.refreshToken;
  });

  afterAll(async () => {
    await api.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    iss: api.ctx.config.JWT_ISSUER,
    aud: api.ctx.config.JWT_AUDIENCE,
    sub: userId,
    iat: now(),
    exp: now() + 600,
    token_use: 'access',
    ...overrides,
  });
  const sign = (payload: JWTPayload, header: { alg: string; typ?: string } = { alg: 'HS256', typ: 'at+jwt' }, secret: Uint8Array = api.ctx.secrets.jwtSecret) =>
    new SignJWT(payload).setProtectedHeader(header).sign(secret);
  const me = (token: string) => call<Problem>(api, 'GET', '/auth/me', { token });

  async function expectRejected(token: string): Promise<void> {
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }

  it('accepts a token it issued (control)', async () => {
    expect((await me(validToken)).status).toBe(200);
    expect((await me(await sign(claims()))).status).toBe(200);
    const issued = await issueAccessToken(api.ctx, userId);
    expect(issued.expiresIn).toBe(api.ctx.config.ACCESS_TOKEN_TTL_SECONDS);
    const [header] = issued.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });

  it('rejects alg none (an unsigned token)', async () => {
    await expectRejected(`${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims())}.`);
  });

  it('rejects an algorithm outside the allowlist even with the right key', async () => {
    await expectRejected(await sign(claims(), { alg: 'HS512', typ: 'at+jwt' }));
  });

  it('rejects a wrong signature', async () => {
    await expectRejected(await sign(claims(), undefined, new TextEncoder().encode('x'.repeat(48))));
    const [header, payload, signature = ''] = validToken.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    await expectRejected(`${header}.${payload}.${flipped}`);
    // Payload swapped under a valid signature.
    await expectRejected(`${header}.${b64(claims({ sub: '00000000-0000-0000-0000-000000000000' }))}.${signature}`);
  });

  it('rejects an expired token', async () => {
    await expectRejected(await sign(claims({ iat: now() - 1200, exp: now() - 60 })));
  });

  it('rejects a token living longer than any we issue, or issued in the future', async () => {
    await expectRejected(await sign(claims({ exp: now() + 30 * 86_400 , iat: now() - 3 * 3_600 })));
    await expectRejected(await sign(claims({ iat: now() + 3_600, exp: now() + 3_900 })));
  });

  it('rejects a wrong audience or issuer', async () => {
    await expectRejected(await sign(claims({ aud: 'someone-else' })));
    await expectRejected(await sign(claims({ iss: 'https://evil.example' })));
  });

  it('rejects missing required claims', async () => {
    for (const claim of ['iss', 'aud', 'exp', 'iat', 'sub', 'token_use'] as const) {
      const payload = claims();
      delete payload[claim];
      await expectRejected(await sign(payload));
    }
  });

  it('rejects a refresh token, or any other kind of JWT, presented as an access token', async () => {
    await expectRejected(refreshToken);
    await expectRejected(await sign(claims({ token_use: 'refresh' })));
    await expectRejected(await sign(claims({ token_use: 'refresh' }), { alg: 'HS256', typ: 'JWT' }));
  });

  it('rejects an access JWT without the at+jwt typ header', async () => {
    await expectRejected(await sign(claims(), { alg: 'HS256' }));
    await expectRejected(await sign(claims(), { alg: 'HS256', typ: 'JWT' }));
  });

  it('rejects garbage and malformed Authorization headers', async () => {
    for (const token of ['garbage', 'a.b.c', '...', `${b64({ alg: 'HS256' })}.not-json.sig`, 'tsk_short']) await expectRejected(token);
    const basic = await call(api, 'GET', '/auth/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('rejects a valid token of a user who no longer exists', async () => {
    const gone = await registerUser(api, 'gone');
    await api.ctx.prisma.user.delete({ where: { id: gone.user.id } });
    await expectRejected(gone.accessToken);
  });

  it('principalFromToken (Socket.IO handshake) accepts the same credentials and rejects the same', async () => {
    await expect(principalFromToken(api.ctx, validToken)).resolves.toEqual({ kind: 'user', userId, role: 'traveler', scopes: 'session' });
    await expect(principalFromToken(api.ctx, `Bearer ${validToken}`)).resolves.toMatchObject({ userId });
    await expect(principalFromToken(api.ctx, refreshToken)).rejects.toMatchObject({ status: 401 });
    await expect(principalFromToken(api.ctx, '')).rejects.toMatchObject({ status: 401 });
  });
});
