// A fake of the ECB's daily reference-rate file (eurofxref-daily.xml) on an ephemeral loopback port:
// serves the real document's shape (gesmes envelope, <Cube time> with <Cube currency rate>) for the
// rates it is given, counts requests, and can be told to fail.
import { createServer } from 'node:http';
import { serveOnLoopback } from '../support/http.js';

export interface FakeEcbServer {
  url: string;
  requests: number;
  setRates(date: string, rates: Record<string, number>): void;
  /** Answer the next requests with this status and a non-XML body. */
  failWith(status: number | null): void;
  close(): Promise<void>;
}

export function ecbDailyXml(date: string, rates: Record<string, number>): string {
  const cubes = Object.entries(rates)
    .map(([currency, rate]) => `\t\t\t<Cube currency='${currency}' rate='${rate}'/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='${date}'>
${cubes}
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>
`;
}

export async function startFakeEcbServer(date: string, rates: Record<string, number>): Promise<FakeEcbServer> {
  let document = ecbDailyXml(date, rates);
  let failure: number | null = null;
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    if (failure !== null) {
      res.writeHead(failure, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      return;
    }
    if (req.url !== '/stats/eurofxref/eurofxref-daily.xml') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/xml' }).end(document);
  });
  const loopback = await serveOnLoopback(server);
  return {
    url: `${loopback.url}/stats/eurofxref/eurofxref-daily.xml`,
    get requests() {
      return state.requests;
    },
    setRates(newDate, newRates) {
      document = ecbDailyXml(newDate, newRates);
    },
    failWith(status) {
      failure = status;
    },
    close: loopback.close,
  };
}
