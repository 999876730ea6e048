const { is } = require('bpmnlint-utils');

/**
 * bpmnlint's own rule, except for boundary events: a service level (a timer on a user task) has no
 * outgoing flow on purpose — Layang sends its reminder or escalation as a notification.
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
