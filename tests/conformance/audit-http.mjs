// Runs the graphql-http audit suite (GraphQL over HTTP) against a running server and prints the
// counts by status and every result that is not ok. Exits non-zero if a MUST (error) or a SHOULD
// (warn) audit fails. Usage: node audit-http.mjs http://127.0.0.1:PORT/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2] ?? process.env.GRAPHQL_URL;
if (!url) {
  console.error('usage: node audit-http.mjs <graphql url>');
  process.exit(2);
}

const results = await auditServer({ url, fetchFn: fetch });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
}

for (const result of results.filter((r) => r.status !== 'ok')) {
  console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}`);
  console.log(`  reason: ${result.reason}`);
  if (result.response) {
    const body = await result.response.text().catch(() => '');
    console.log(`  response: ${result.response.status} ${result.response.headers.get('content-type')} ${body.slice(0, 300)}`);
  }
}
console.log(
  `graphql-http audit: ${results.length} audits, ${counts.ok} ok, ${counts.notice} notice (MAY), ` +
    `${counts.warn} warn (SHOULD), ${counts.error} error (MUST)`,
);
process.exit(counts.error + counts.warn > 0 ? 1 : 0);
