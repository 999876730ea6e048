const { is } = require('bpmnlint-utils');
const taskRoles = require('./roles');

/**
 * Every user task sits in a lane named after a role: the lane decides whose inbox the task goes to.
 */
module.exports = function() {

  function laneNames(process) {
    const byNode = {};
    function walk(laneSet) {
      for (const lane of (laneSet && laneSet.lanes) || []) {
        for (const ref of lane.flowNodeRef || []) {
          byNode[ref.id] = (lane.name || '').trim();
        }
        walk(lane.childLaneSet);
      }
    }
    for (const laneSet of process.laneSets || []) {
      walk(laneSet);
    }
    return byNode;
  }

  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) {
      return;
    }
    const lanes = laneNames(node);
    const roles = taskRoles();
    for (const element of node.flowElements || []) {
      if (!is(element, 'bpmn:UserTask')) {
        continue;
      }
      const lane = lanes[element.id];
      if (lane === undefined) {
        reporter.report(element.id, 'Tugas pengguna harus berada di lajur (lane) yang bernama peran: ' + roles.join(', '));
      } else if (!roles.includes(lane)) {
        reporter.report(element.id, 'Lajur "' + lane + '" bukan nama peran; gunakan salah satu dari: ' + roles.join(', '));
      }
    }
  }

  return { check };
};
