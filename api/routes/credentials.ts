// Bring your own key: a traveler's own provider credentials, mounted at /api/credentials behind
// authentication, session only (an API key can neither read nor replace them).
//   PUT    /:provider {secret} → 200 {provider, last4, keyVersion, updatedAt}   (duffel | openai | anthropic)
//   GET    /           → {items: [...], nextCursor: null} (never the secret: last four characters only)
//   DELETE /:provider  → 204, or 404 when none is saved
// Secrets are encrypted with AES-256-GCM (infra/credentials.ts) inside the same transaction as the
// audit entry that records the change.
// Each operation's method, path and OpenAPI description are defined once, in api/openapi/platform.ts
// (credentialRoutes); this module gives each its handler.
import { Router } from 'express';
import { credentialContext, encryptSecret, type CredentialProvider } from '../../infra/credentials.js';
import { auditData } from '../audit.js';
import { principalOf, requireSession } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../errors.js';
import { credentialProviderSchema, saveCredentialRequestSchema } from '../../contracts/auth.js';
import { fieldProblems, parseBody } from '../validation.js';
import { credentialRoutes } from '../openapi/platform.js';
import { wholeList } from '../../contracts/list.js';

/**
 * Format checks only. Whether the provider accepts the key would need a network call to it (e.g.
 * listing models or Duffel's airlines endpoint); that is out of scope here, since the platform must
 * run offline. A bad key surfaces when the worker first uses it.
 */
const FORMATS: Record<CredentialProvider, { test(secret: string): boolean; reason: string }> = {
  duffel: { test: (secret) => /^duffel_(test|live)_[!-~]{8,}$/.test(secret), reason: 'must be a Duffel access token (duffel_test_... or duffel_live_...)' },
  openai: { test: (secret) => /^sk-[!-~]{16,}$/.test(secret) && !secret.startsWith('sk-ant-'), reason: 'must be an OpenAI API key (sk-...)' },
  anthropic: { test: (secret) => /^sk-ant-[!-~]{16,}$/.test(secret), reason: 'must be an Anthropic API key (sk-ant-...)' },
};

function providerParam(value: unknown): CredentialProvider {
  const result = credentialProviderSchema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'Bad Request', 'Unknown provider', fieldProblems(result.error, 'provider'));
  return result.data;
}

export function createCredentialsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.use((req, _res, next) => {
    requireSession(principalOf(req), 'Reading or saving provider credentials');
    next();
  });

  router.use(
    credentialRoutes.router({
      listCredentials: async (req, res) => {
        const principal = principalOf(req);
        const credentials = await ctx.prisma.providerCredential.findMany({
          where: { userId: principal.userId },
          select: { provider: true, last4: true, keyVersion: true, updatedAt: true },
          orderBy: { provider: 'asc' },
        });
        // One row per provider at most: the whole list.
        res.status(200).set('Cache-Control', 'no-store').json(wholeList(credentials));
      },

      saveCredential: async (req, res) => {
        const principal = principalOf(req);
        const provider = providerParam(req.params.provider);
        const { secret } = parseBody(saveCredentialRequestSchema, req.body);
        const format = FORMATS[provider];
        // A key of another provider's shape is well-formed input that breaks a rule between path and body.
        if (!format.test(secret)) throw new HttpError(422, 'Unprocessable Content', 'The key is not one of this provider\'s.', [{ field: 'secret', reason: format.reason }]);
        const encrypted = encryptSecret(ctx.secrets, secret, credentialContext(principal.userId, provider));
        const last4 = secret.slice(-4);
        const saved = await ctx.prisma.$transaction(async (tx) => {
          const row = await tx.providerCredential.upsert({
            where: { userId_provider: { userId: principal.userId, provider } },
            create: { userId: principal.userId, provider, ...encrypted, last4 },
            update: { ...encrypted, last4 },
            select: { provider: true, last4: true, keyVersion: true, updatedAt: true },
          });
          await tx.auditLog.create({ data: auditData(req, { action: 'credential.save', targetType: 'provider_credential', targetId: provider, details: { provider, last4, keyVersion: row.keyVersion } }) });
          return row;
        });
        res.status(200).set('Cache-Control', 'no-store').json(saved);
      },

      deleteCredential: async (req, res) => {
        const principal = principalOf(req);
        const provider = providerParam(req.params.provider);
        const deleted = await ctx.prisma.$transaction(async (tx) => {
          const { count } = await tx.providerCredential.deleteMany({ where: { userId: principal.userId, provider } });
          if (count > 0) await tx.auditLog.create({ data: auditData(req, { action: 'credential.delete', targetType: 'provider_credential', targetId: provider, details: { provider } }) });
          return count;
        });
        if (deleted === 0) throw new HttpError(404, 'Not Found', `No ${provider} credential is saved.`);
        res.status(204).end();
      },
    }),
  );
  return router;
}
