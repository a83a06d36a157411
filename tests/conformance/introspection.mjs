// Codegen check (issue 12): what a tool builds from the running API's introspection must be the published
// contract. Runs graphql-js's full introspection query (every option on), builds the client schema and
// compares it, printed in a stable order, with schema/timebank.graphql: types, fields, arguments,
// descriptions, deprecations, directives and default values. Usage: node introspection.mjs <http url>
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema,
} from 'graphql';

const url = process.argv[2] ?? 'http://127.0.0.1:5000/graphql';
const sdlPath = fileURLToPath(new URL('../../schema/timebank.graphql', import.meta.url));

const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify({ query }),
});
const result = await response.json();
if (!response.ok || result.errors) {
  console.error(`introspection: HTTP ${response.status}`, JSON.stringify(result.errors ?? result));
  process.exit(1);
}

const print = (schema) => printSchema(lexicographicSortSchema(schema));
const served = print(buildClientSchema(result.data));
const published = print(buildSchema(readFileSync(sdlPath, 'utf8')));
if (served === published) {
  console.log('introspection: the schema built from the API equals schema/timebank.graphql');
  process.exit(0);
}

// The first lines that differ, with some context, are enough to find the cause.
const a = published.split('\n');
const b = served.split('\n');
let i = 0;
while (i < a.length && a[i] === b[i]) i++;
console.error(`introspection: the served schema differs from schema/timebank.graphql at line ${i + 1} (sorted print):`);
console.error('--- published\n' + a.slice(Math.max(0, i - 3), i + 8).join('\n'));
console.error('+++ served\n' + b.slice(Math.max(0, i - 3), i + 8).join('\n'));
process.exit(1);
