// Two versions of a route side by side, with added, removed and changed elements marked.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import spiffworkflow from './spiffworkflow.json';

const config = JSON.parse(document.getElementById('diff-config').textContent);

async function show(container, url, marks) {
  const viewer = new NavigatedViewer({ container, moddleExtensions: { spiffworkflow } });
  const xml = await fetch(url, { credentials: 'same-origin' }).then(r => r.text());
  await viewer.importXML(xml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  for (const [ ids, marker ] of marks) {
    for (const id of ids) {
      if (registry.get(id)) canvas.addMarker(id, marker);
    }
  }
  canvas.zoom('fit-viewport', 'auto');
  return viewer;
}

const changed = Object.keys(config.diff.changed);
Promise.all([
  show('#diff-left', config.leftUrl, [ [ config.diff.removed, 'diff-removed' ], [ changed, 'diff-changed' ] ]),
  show('#diff-right', config.rightUrl, [ [ config.diff.added, 'diff-added' ], [ changed, 'diff-changed' ] ])
]).then(viewers => {
  window.layangDiff = viewers;
  document.body.dataset.diffState = 'ready';
}).catch(err => {
  document.body.dataset.diffState = 'error';
  document.getElementById('diff-status').textContent = 'Diagram tidak dapat ditampilkan: ' + err.message;
});
