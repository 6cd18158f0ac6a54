// Writes harness/config/agent-config.schema.json from the zod schema, so editors can
// validate agent YAML files. Run after a build: node dist/harness/config/write-schema.js [out]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentConfigJsonSchema } from './agent-config.js';

// The compiled file lives in dist/harness/config; always write next to the source.
const here = dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ?? join(here.replace(/[\\/]dist([\\/]harness[\\/])/, '$1'), 'agent-config.schema.json');

writeFileSync(target, `${JSON.stringify(agentConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
