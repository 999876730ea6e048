// Lints each BPMN document of a JSON object {name: xml} (path in argv[2]) with the modeler's
// bpmnlint configuration; prints {name: [[rule, [element ids]], ...]} for the Layang rules.
const fs = require('fs');
const path = require('path');
const frontend = path.resolve(__dirname, '../../frontend');
const { createRequire } = require('module');
const fromFrontend = createRequire(path.join(frontend, 'package.json'));
const fromBpmnJs = createRequire(fromFrontend.resolve('bpmn-js/package.json'));
const { Linter } = fromFrontend('bpmnlint');
const NodeResolver = fromFrontend('bpmnlint/lib/resolver/node-resolver');
const moddleModule = fromBpmnJs('bpmn-moddle');
const BpmnModdle = moddleModule.default || moddleModule.BpmnModdle || moddleModule;
// bpmnlint's own rules, wrapped by the Layang plugin only to let service levels stand without flows.
const BPMNLINT_OWN = new Set([ 'layang/no-disconnected', 'layang/no-implicit-end' ]);

(async () => {
  const documents = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const config = JSON.parse(fs.readFileSync(path.join(frontend, '.bpmnlintrc'), 'utf8'));
  const spiff = JSON.parse(fs.readFileSync(path.join(frontend, 'src/spiffworkflow.json'), 'utf8'));
  const resolver = new NodeResolver({ require: fromFrontend });
  const linter = new Linter({ config, resolver });
  const answer = {};
  for (const [name, xml] of Object.entries(documents)) {
    const { rootElement } = await new BpmnModdle({ spiffworkflow: spiff }).fromXML(xml);
    const results = await linter.lint(rootElement);
    answer[name] = Object.entries(results)
      .filter(([rule]) => rule.startsWith('layang/') && !BPMNLINT_OWN.has(rule))
      .map(([rule, reports]) => [ rule, reports.map(r => r.id) ]);
  }
  console.log(JSON.stringify(answer));
})().catch(err => { console.error(err); process.exit(1); });
