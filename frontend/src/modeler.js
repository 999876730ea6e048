// The route modeler page: bpmn-js with bpmnlint while drawing, the properties panel with Layang's own
// section, save as a new version, server findings.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { layangPanelModule } from './layang-panel';
import linterConfig from '../.bpmnlintrc';
import spiffworkflow from './spiffworkflow.json';
import translateModule from './translate';
import { findingList, showFindings, escapeHtml } from './findings';

const config = JSON.parse(document.getElementById('modeler-config').textContent);
globalThis.LAYANG_ROLES = config.roles;
globalThis.LAYANG_FIELDS = config.fields || [];  // letter type fields a gateway condition may read
globalThis.LAYANG_ROLE_LABELS = config.roleLabels || Object.fromEntries(config.roles.map(r => [ r, r ]));

const modeler = new BpmnModeler({
  container: '#canvas',
  keyboard: { bindTo: document },
  propertiesPanel: { parent: '#properties', layout: { groups: { layang: { open: true }, general: { open: true } } } },
  additionalModules: [
    lintModule, translateModule, BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, layangPanelModule
  ],
  moddleExtensions: { spiffworkflow },
  linting: { bpmnlint: linterConfig, active: true }
});
window.layangModeler = modeler;  // for the browser tests and the curious

const $ = id => document.getElementById(id);
const status = (text, kind) => {
  $('modeler-status').textContent = text;
  $('modeler-status').className = 'modeler-status ' + (kind || '');
};

async function open(xml, source) {
  try {
    const { warnings } = await modeler.importXML(xml);
    modeler.get('canvas').zoom('fit-viewport', 'auto');
    document.body.dataset.modelerState = 'ready';
    markSaved();
    status(source + (warnings.length ? ' (' + warnings.length + ' peringatan impor)' : ''), 'ok');
  } catch (err) {
    document.body.dataset.modelerState = 'error';
    status('Berkas tidak dapat dibuka: ' + err.message, 'error');
  }
}

// Lint results, listed beside the canvas as well as on the elements.
modeler.on('linting.completed', ({ issues }) => {
  const rows = [];
  for (const [ id, list ] of Object.entries(issues)) {
    for (const issue of list) {
      rows.push({ id, category: issue.category, message: modeler.get('translate')(issue.message) });
    }
  }
  const errors = rows.filter(r => r.category === 'error').length;
  $('lint-summary').textContent = rows.length
    ? errors + ' galat, ' + (rows.length - errors) + ' peringatan dari pemeriksaan di peramban'
    : 'Tidak ada temuan dari pemeriksaan di peramban.';
  $('lint-list').innerHTML = rows.map(r =>
    '<li class="lint-' + r.category + '" data-element="' + escapeHtml(r.id) + '"><code>' + escapeHtml(r.id) +
    '</code> ' + escapeHtml(r.message) + '</li>').join('');
  document.body.dataset.lintIssues = String(rows.length);
});

// Unsaved drawing: warn before the page is left (saving or opening a file resets it).
let unsaved = false;
modeler.on('commandStack.changed', () => {
  unsaved = true;
  document.body.dataset.unsaved = 'true';
});
function markSaved() {
  unsaved = false;
  document.body.dataset.unsaved = 'false';
}
window.addEventListener('beforeunload', event => {
  if (!unsaved) return;
  event.preventDefault();
  event.returnValue = 'Perubahan rute belum disimpan.';
});

async function currentXml() {
  const { xml } = await modeler.saveXML({ format: true });
  return xml;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': config.csrfToken, 'Accept': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin'
  });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, data };
}

function serverFindings(findings) {
  $('server-findings').innerHTML = findingList(findings);
  showFindings(modeler, findings);
  document.body.dataset.serverFindings = String(findings.length);
}

$('check-server').addEventListener('click', async () => {
  status('Memeriksa di server…');
  const { ok, data } = await post(config.validateUrl, { bpmn_xml: await currentXml() });
  if (!ok) {
    status((data.error && data.error.message) || 'Pemeriksaan gagal.', 'error');
    return;
  }
  serverFindings(data.findings);
  status(data.deployable ? 'Server: rute sah dan dapat diterapkan.' : 'Server: rute belum dapat diterapkan.',
    data.deployable ? 'ok' : 'error');
});

$('save-form').addEventListener('submit', async event => {
  event.preventDefault();
  status('Menyimpan…');
  const { ok, data } = await post(config.saveUrl, { bpmn_xml: await currentXml(), comment: $('version-comment').value });
  if (!ok) {
    const error = data.error || {};
    serverFindings((error.fields && error.fields.findings) || []);
    status(error.message || 'Versi tidak tersimpan.', 'error');
    return;
  }
  serverFindings(data.findings);
  markSaved();
  const link = ' <a href="' + escapeHtml(data.route_url) + '">Lihat versi rute</a>';
  $('modeler-status').innerHTML = escapeHtml(data.message) + link;
  $('modeler-status').className = 'modeler-status ' + (data.deployable ? 'ok' : 'error');
  document.body.dataset.savedVersion = String(data.number);
});

$('open-file').addEventListener('change', async () => {
  const file = $('open-file').files[0];
  if (!file) return;
  await open(await file.text(), 'Berkas ' + file.name + ' dibuka (belum disimpan).');
  unsaved = true;
  document.body.dataset.unsaved = 'true';
});

$('download').addEventListener('click', async () => {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([ await currentXml() ], { type: 'application/xml' }));
  link.download = config.filename || 'rute.bpmn';
  link.click();
});

$('server-findings').addEventListener('click', event => {
  const item = event.target.closest('[data-element]');
  const element = item && modeler.get('elementRegistry').get(item.dataset.element);
  if (element) {
    modeler.get('selection').select(element);
    modeler.get('canvas').scrollToElement(element);
  }
});

if (config.initialFindings) {
  serverFindings(config.initialFindings);
}
fetch(config.xmlUrl, { credentials: 'same-origin' })
  .then(r => (r.ok ? r.text() : Promise.reject(new Error('HTTP ' + r.status))))
  .then(xml => open(xml, 'Versi ' + config.versionNumber + ' dibuka.'))
  .catch(err => status('Rute tidak dapat dimuat: ' + err.message, 'error'));
