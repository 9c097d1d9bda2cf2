import { builtInLoops } from './built-in-loops.js';
import { renderReference, undescribedFields } from './reference.js';
import { writeReference } from './reference-files.js';

// `npm run docs`: regenerates docs/reference/ from the workspace schema and every built-in loop.
const loops = await builtInLoops();
const files = renderReference(loops);
for (const f of writeReference(files)) {
  process.stdout.write(`${files.has(f) ? 'wrote' : 'removed'} docs/reference/${f}\n`);
}
process.stdout.write(`docs/reference is up to date: ${files.size} pages\n`);
const undescribed = undescribedFields(loops);
if (undescribed.length > 0) {
  process.stderr.write(
    `${undescribed.length} field(s) have no .describe() text, so their reference rows say nothing:\n` +
      undescribed.map((f) => `  ${f}\n`).join(''),
  );
}
