/** @module `npm run bench`: runs every benchmark module (or those named on the command line) and prints figures. */

interface BenchModule { run(): Promise<void> }

const ALL: Record<string, () => Promise<BenchModule>> = {
  analyzer: () => import('./analyzer.js') as Promise<BenchModule>,
  'control-plane': () => import('./control-plane.js') as Promise<BenchModule>,
  console: () => import('./console.js') as Promise<BenchModule>,
  endpoints: () => import('./endpoints.js') as Promise<BenchModule>,
  engine: () => import('./engine.js') as Promise<BenchModule>,
  iam: () => import('./iam.js') as Promise<BenchModule>,
  lint: () => import('./lint.js') as Promise<BenchModule>,
  robustness: () => import('./robustness.js') as Promise<BenchModule>,
  services: () => import('./services.js') as Promise<BenchModule>,
  terraform: () => import('./terraform.js') as Promise<BenchModule>,
};

const wanted = process.argv.slice(2);
for (const [name, load] of Object.entries(ALL)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const mod = await load();
  await mod.run();
}
