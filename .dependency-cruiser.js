/**
 * The layout's rules, checked by `npm run lint:deps` (part of `npm run lint` and `npm test`):
 * the skill and the backend are separate deployables that share only src/shared, and nothing
 * imports in a circle.
 */
const SKILL = '^src/(skill|handlers)/';
const BACKEND = '^src/backend/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle breaks load order and hides the direction of a dependency.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'skill-not-to-backend',
      severity: 'error',
      comment: 'The skill reaches the backend only over HTTP, through its typed client.',
      from: { path: SKILL },
      to: { path: BACKEND },
    },
    {
      name: 'backend-not-to-skill',
      severity: 'error',
      comment: 'The backend runs without the skill.',
      from: { path: BACKEND },
      to: { path: SKILL },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'src/shared is what both deployables use; it uses neither.',
      from: { path: '^src/shared/' },
      to: { path: [SKILL, BACKEND, '^src/classifiers/'] },
    },
    {
      name: 'classifiers-stand-alone',
      severity: 'error',
      comment: 'The text classifiers know nothing of the product that uses them.',
      from: { path: '^src/classifiers/' },
      to: { path: [SKILL, BACKEND] },
    },
    {
      name: 'not-to-tests',
      severity: 'error',
      comment: 'Product code never imports test code.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|build|node_modules)/' },
  },
};
