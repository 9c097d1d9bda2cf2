/** Layer rules of STYLE.md, checked in CI: dependencies point one way. */
module.exports = {
  forbidden: [
    {
      name: 'kernel-is-the-core',
      comment: 'The kernel knows no store, runtime, workspace, loop or interface code.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: {
        path: '^src/(store|runtime|workspace|surfaces|agents|loops|feedback|server|mcp|cli|sample-data)/',
      },
    },
    {
      name: 'store-below-runtime',
      comment: 'The store depends on the kernel only.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(runtime|workspace|surfaces|agents|loops|feedback|server|mcp|cli)/' },
    },
    {
      name: 'workspace-has-no-io-layers',
      comment: 'The workspace (config as code) depends on the kernel only.',
      severity: 'error',
      from: { path: '^src/workspace/' },
      to: { path: '^src/(store|runtime|surfaces|agents|loops|feedback|server|mcp|cli)/' },
    },
    {
      name: 'loops-use-kernel-agents-surfaces',
      comment: 'A loop uses the kernel, agents and surfaces; never the store, runtime or interfaces.',
      severity: 'error',
      from: { path: '^src/loops/' },
      to: { path: '^src/(store|runtime|workspace|server|mcp|cli)/' },
    },
    {
      name: 'no-loop-imports-another-loop',
      comment: 'Loops talk through handoff events and contracts only.',
      severity: 'error',
      from: { path: '^src/loops/([^/]+)/' },
      to: { path: '^src/loops/([^/]+)/', pathNot: '^src/loops/$1/' },
    },
    {
      name: 'nothing-below-interfaces-imports-them',
      comment: 'Only the interfaces (cli, server, mcp) and the public entry sit on top.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|server|mcp|index\\.ts)' },
      to: { path: '^src/(cli|server|mcp)/' },
    },
    {
      name: 'logic-does-no-io',
      comment:
        'Kernel and loop logic get time, randomness and data through the context, never from Node I/O.',
      severity: 'error',
      from: {
        path: '^src/(kernel/|loops/[^/]+/(logic|factors|factor-config|config|contract|metrics|feedback)\\.ts$)',
        pathNot: '\\.test\\.ts$|^src/kernel/test-',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
