set -e
cd /work/main
node_modules/.bin/esbuild .scratch-rules/${1:-ratio}.ts --bundle --platform=node --format=esm --outfile=.scratch-rules/b.mjs --external:re2js --external:@marcbachmann/cel-js --external:@gorules/zen-engine --external:json-rules-engine --external:zod --log-level=error
sed -i 's/^if (import.meta.url === pathToFileURL(.*$//' .scratch-rules/b.mjs
grep -c "runRulesBench()" .scratch-rules/b.mjs || true
