const { is } = require('bpmnlint-utils');
const { DECISIONS, conditionOf, namesIn, decisionValues } = require('./conditions');

// The letter type fields a condition may read; the page passes them in globalThis.LAYANG_FIELDS.
function fieldNames() {
  const fields = typeof globalThis !== 'undefined' && globalThis.LAYANG_FIELDS;
  return Array.isArray(fields) ? fields : [];
}

/**
 * A condition reads only `decision` and the letter type's fields, and compares decision with
 * approve, return or reject: anything else fails on every letter at run time.
 */
module.exports = function() {

  function check(node, reporter) {
    if (!is(node, 'bpmn:SequenceFlow') || !conditionOf(node)) {
      return;
    }
    const allowed = [ 'decision', ...fieldNames() ];
    const unknown = namesIn(conditionOf(node)).filter(name => !allowed.includes(name));
    if (unknown.length) {
      reporter.report(node.id, 'Syarat memakai ' + unknown.join(', ') +
        ', yang tidak dikenal; hanya decision dan isian jenis surat: ' + (fieldNames().join(', ') || '(tidak ada)'));
    }
    const odd = decisionValues(conditionOf(node)).filter(value => !DECISIONS.includes(value));
    if (odd.length) {
      reporter.report(node.id, 'Keputusan "' + odd.join('", "') + '" tidak dikenal; hanya approve, return atau reject');
    }
  }

  return { check };
};
