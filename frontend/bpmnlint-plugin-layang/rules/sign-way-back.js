const { is, isAny } = require('bpmnlint-utils');
const { handles, isSigning } = require('./conditions');

// A node's outgoing flows, from the flows' own ends (a hand-edited file may lack <outgoing>).
function outgoing(node) {
  const siblings = (node.$parent && node.$parent.flowElements) || [];
  return siblings.filter(e => is(e, 'bpmn:SequenceFlow') && e.sourceRef === node);
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
    for (const flow of outgoing(node)) {
      branches.push(flow);
      if (flow.targetRef && isAny(flow.targetRef, [ 'bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway' ])) {
        branches = branches.concat(outgoing(flow.targetRef));
      }
    }
    if (!branches.some(flow => handles(flow, 'return') || handles(flow, 'reject'))) {
      reporter.report(node.id, 'Langkah tanda tangan perlu jalan kembali: cabang decision == "return" atau "reject"');
    }
  }

  return { check };
};
