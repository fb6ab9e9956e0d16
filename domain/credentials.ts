// Providers a traveler may bring their own key for (BYOK). Plain constants, safe for the browser bundle.
export const credentialProviders = ['duffel', 'openai', 'anthropic'] as const;
export type CredentialProvider = (typeof credentialProviders)[number];
