// Server findings: a list beside the canvas and a marker on each element they name.
export function escapeHtml(text) {
  return String(text == null ? '' : text).replace(/[&<>"']/g, c => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

const LEVELS = { fatal: 'Ditolak', error: 'Galat', warning: 'Peringatan' };

export function findingList(findings) {
  if (!findings.length) {
    return '<p class="finding-none">Tidak ada temuan dari server.</p>';
  }
  return '<ul class="findings">' + findings.map(f =>
    '<li class="finding finding-' + escapeHtml(f.level) + '"' +
    (f.element_id ? ' data-element="' + escapeHtml(f.element_id) + '"' : '') + '>' +
    '<strong>' + (LEVELS[f.level] || f.level) + '</strong> ' +
    (f.element_id ? '<code>' + escapeHtml(f.element_id) + '</code> ' : '') + escapeHtml(f.message) +
    '</li>').join('') + '</ul>';
}

export function showFindings(viewer, findings) {
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  overlays.remove({ type: 'layang-finding' });
  const counted = {};
  for (const f of findings) {
    if (f.element_id && registry.get(f.element_id) && f.level !== 'warning') {
      counted[f.element_id] = (counted[f.element_id] || 0) + 1;
    }
  }
  for (const [ id, count ] of Object.entries(counted)) {
    overlays.add(id, 'layang-finding', {
      position: { top: -12, left: -12 },
      html: '<span class="layang-finding-badge" title="Temuan server">' + count + '</span>'
    });
  }
}
