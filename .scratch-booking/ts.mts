import { resolveTimeSkippingServer } from '../scripts/lib/temporalServer.ts';
console.log(await resolveTimeSkippingServer('/work/main'));
