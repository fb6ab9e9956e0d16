// `npm run temporal:register`: registers the platform's custom search attributes on the configured
// Temporal namespace (a self-hosted cluster; on Temporal Cloud add them in the Cloud UI or with tcld).
// The local dev server gets them at start, so npm start needs no extra step.
import { loadConfigOrExit, loadDotEnv } from '../infra/config.js';
import { connectTemporalClient, temporalEnums, temporalTarget } from '../infra/temporal.js';
import { platformSearchAttributes } from '../workflows/searchAttributes.js';

const INDEXED_VALUE_TYPE = {
  TEXT: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporalEnums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

loadDotEnv();
const config = loadConfigOrExit();
const target = temporalTarget(config);
const client = await connectTemporalClient(target);
try {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace: target.namespace });
  const missing = platformSearchAttributes.filter((attribute) => !(attribute.name in (existing.customAttributes ?? {})));
  if (missing.length > 0) {
    await client.connection.operatorService.addSearchAttributes({
      namespace: target.namespace,
      searchAttributes: Object.fromEntries(missing.map((attribute) => [attribute.name, INDEXED_VALUE_TYPE[attribute.type]])),
    });
  }
  console.log(`${target.address}/${target.namespace}: ${missing.length ? `registered ${missing.map((a) => a.name).join(', ')}` : 'all search attributes present'}`);
} finally {
  await client.connection.close();
}
