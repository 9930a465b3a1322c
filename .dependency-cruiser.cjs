/**
 * The layout's rules (README, Architecture), checked by `npm run lint`: no import loops; core imports
 * nothing of the others; bridge, platform and app never import each other; inside platform each
 * layer imports only those below it; the app's features never import each other.
 * Tests, benches and scripts may reach across (a test drives a part from outside).
 */
const NOT_TESTS = '\\.test\\.tsx?$';
const FEATURES = '(counter|setup|points|analytics|kiosk|window|queue)';
const platformLayer = (name, above) => ({
  name: `platform-${name}-imports-only-below`,
  comment: `platform/${name} imports only the layers below it (process → http → use-cases → certificates → domain → store)`,
  severity: 'error',
  from: { path: `^platform/${name}/`, pathNot: NOT_TESTS },
  to: { path: `^platform/(${above.join('|')})/` },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'core-imports-nothing-else',
      severity: 'error',
      from: { path: '^core/', pathNot: NOT_TESTS },
      to: { path: '^(bridge|platform|app|tests|bench|scripts)/' },
    },
    {
      name: 'bridge-stands-alone',
      severity: 'error',
      from: { path: '^bridge/', pathNot: NOT_TESTS },
      to: { path: '^(platform|app|tests|bench|scripts)/' },
    },
    {
      name: 'platform-stands-alone',
      severity: 'error',
      from: { path: '^platform/', pathNot: NOT_TESTS },
      to: { path: '^(bridge|app|tests|bench|scripts)/' },
    },
    {
      name: 'app-stands-alone',
      severity: 'error',
      from: { path: '^app/', pathNot: NOT_TESTS },
      to: { path: '^(bridge|platform|tests|bench|scripts)/' },
    },
    platformLayer('store', ['domain', 'certificates', 'use-cases', 'http', 'process', 'cli']),
    platformLayer('domain', ['certificates', 'use-cases', 'http', 'process', 'cli']),
    platformLayer('certificates', ['use-cases', 'http', 'process', 'cli']),
    platformLayer('use-cases', ['http', 'process', 'cli']),
    platformLayer('http', ['process', 'cli']),
    platformLayer('process', ['cli']),
    {
      name: 'app-features-apart',
      comment:
        'an app feature imports the shell, the widgets and the shared services, never another feature',
      severity: 'error',
      from: { path: `^app/${FEATURES}/`, pathNot: NOT_TESTS },
      to: { path: `^app/${FEATURES}/`, pathNot: '^app/$1/' },
    },
    {
      name: 'app-services-below-features',
      comment:
        'widgets and shared services (outbox, terminal, devices, storage, sentences, clock) import no feature and no shell',
      severity: 'error',
      from: {
        path: '^app/(widgets|outbox|terminal|devices|storage|sentences|clock|handover|sw)/',
        pathNot: NOT_TESTS,
      },
      to: { path: `^app/(${FEATURES.slice(1, -1)}|shell)/` },
    },
    {
      name: 'app-store-holds-only-slices-types',
      comment:
        "the store composes the features' slices by their types (types load no chunk); it imports no feature's code and no shell",
      severity: 'error',
      from: { path: '^app/store/', pathNot: NOT_TESTS },
      to: { path: `^app/(${FEATURES.slice(1, -1)}|shell)/`, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
