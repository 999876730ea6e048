const { is, isAny } = require('bpmnlint-utils');

function isSigning(task) {
  const values = (task.extensionElements && task.extensionElements.values) || [];
  return values.some(ext => (ext.properties || ext.$children || []).some(
    prop => prop.name === 'layang_step' && prop.value === 'sign'));
}

function condition(flow) {
  return (flow.conditionExpression && flow.conditionExpression.body) || '';
}

/**
 * A signing step (layang_step=sign) needs a way back: a following branch for decision "return" or "reject".
 */
module.exports = function() {

  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask') || !isSigning(node)) {
      return;
    }
    let branches = [];
    for (const flow of node.outgoing || []) {
      branches.push(flow);
      if (flow.targetRef && isAny(flow.targetRef, [ 'bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway' ])) {
        branches = branches.concat(flow.targetRef.outgoing || []);
      }
    }
    if (!branches.some(flow => /decision\s*==\s*["'](return|reject)["']/.test(condition(flow)))) {
      reporter.report(node.id, 'Langkah tanda tangan perlu jalan kembali: cabang decision == "return" atau "reject"');
    }
  }

  return { check };
};
