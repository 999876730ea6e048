const { is } = require('bpmnlint-utils');

/**
 * bpmnlint's own rule, except for boundary events: a reminder (a non-interrupting timer on a user
 * task) has no outgoing flow on purpose — Layang sends it as a notification; allowed-elements checks
 * the flows of service levels.
 */
module.exports = function(baseRule) {
  return function() {
    const rule = baseRule();
    return {
      check(node, reporter) {
        if (is(node, 'bpmn:BoundaryEvent')) {
          return;
        }
        return rule.check(node, reporter);
      }
    };
  };
};
