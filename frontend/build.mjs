// Bundle the modeler and diff pages with esbuild; the bpmnlint configuration is compiled into the bundle.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const compileConfig = require('bpmnlint/lib/support/compile-config');

const bpmnlintConfig = {
  name: 'bpmnlint-config',
  setup(build) {
    build.onResolve({ filter: /\.bpmnlintrc$/ }, args => ({
      path: path.resolve(args.resolveDir, args.path), namespace: 'bpmnlint-config'
    }));
    build.onLoad({ filter: /.*/, namespace: 'bpmnlint-config' }, async args => ({
      contents: await compileConfig(JSON.parse(await readFile(args.path, 'utf8'))),
      resolveDir: path.dirname(args.path),
      loader: 'js'
    }));
  }
};

await esbuild.build({
  entryPoints: { modeler: 'src/modeler.js', diff: 'src/diff.js', bpmn: 'src/bpmn.css' },
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  minify: true,
  target: [ 'es2020' ],
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  plugins: [ bpmnlintConfig ],
  logLevel: 'warning'
});
console.log('frontend/dist built');
