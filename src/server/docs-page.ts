/**
 * The API docs page: plain HTML and a small script that reads /v1/openapi.json and lists every
 * operation with its roles, parameters, body and responses. Nothing is fetched from elsewhere.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>revloops API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem 1.5rem;color:#1f2328}
h1{margin-bottom:.25rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;text-transform:capitalize}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.25rem .75rem}
summary{cursor:pointer}code,pre{font:12px ui-monospace,monospace}pre{background:#f6f8fa;padding:.5rem;overflow:auto}
.m{display:inline-block;min-width:3.5rem;font-weight:600}.GET{color:#0969da}.POST{color:#1a7f37}.DELETE{color:#cf222e}
.roles{color:#57606a;font-size:12px}
</style></head><body>
<h1>revloops API</h1><p id="intro">Loading <a href="/v1/openapi.json">/v1/openapi.json</a>…</p><div id="ops"></div>
<script>
const el = (tag, attrs, ...kids) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); e.append(...kids); return e; };
const pre = (v) => el('pre', {}, JSON.stringify(v, null, 2));
fetch('/v1/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('intro').textContent = doc.info.description;
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ||= []).push({ path, method: method.toUpperCase(), op });
  const root = document.getElementById('ops');
  for (const [tag, list] of Object.entries(byTag)) {
    root.append(el('h2', {}, tag));
    for (const { path, method, op } of list) {
      const d = el('details', {}, el('summary', {}, el('span', { className: 'm ' + method }, method), el('code', {}, path), ' ', op.summary));
      d.append(el('div', { className: 'roles' }, 'roles: ' + op['x-roles'].join(', ')));
      if (op.description) d.append(el('p', {}, op.description));
      if (op.parameters.length) d.append(el('h4', {}, 'Parameters'), pre(op.parameters));
      if (op.requestBody) d.append(el('h4', {}, 'Body'), pre(op.requestBody.content['application/json'].schema));
      const ok = Object.entries(op.responses).filter(([c]) => c < '300');
      for (const [code, r] of ok) d.append(el('h4', {}, 'Response ' + code), pre(r.content['application/json'].schema));
      root.append(d);
    }
  }
}).catch((e) => { document.getElementById('intro').textContent = 'Could not read the document: ' + e; });
</script></body></html>`;
