// Validate glb files with Khronos's glTF validator; print one JSON report per file, exit 1 on any error.
import { readFile } from 'node:fs/promises';
import validator from 'gltf-validator';

let failed = 0;
for (const path of process.argv.slice(2)) {
  const data = new Uint8Array(await readFile(path));
  const report = await validator.validateBytes(data, { maxIssues: 50 });
  const errors = report.issues.numErrors;
  if (errors > 0) failed += 1;
  console.log(JSON.stringify({ path, errors, messages: report.issues.messages.filter(m => m.severity === 0) }));
}
process.exit(failed ? 1 : 0);
