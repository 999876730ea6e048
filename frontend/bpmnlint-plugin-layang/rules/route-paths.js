const { is } = require('bpmnlint-utils');
const { handles, isSigning } = require('./conditions');

const MAX_SIGNING_STEPS = 2;  // signature blocks that fit on the letter's page

/**
 * Where a route's paths lead: no loop without a user task, a rejection ends at its own end event,
 * and every way to the completed end passes a signing step (the server checks the same).
 */
module.exports = function() {

  // Outgoing flows by source, from the flows' own ends (a hand-edited file may lack <outgoing>).
  let outgoing = new Map();
  const out = node => outgoing.get(node) || [];
  // Boundary events by the task they sit on: an escalation leaves its task through one.
  let boundaries = new Map();

  function reachable(starts, skipFlow, skipNode) {
    const seen = new Set();
    const queue = starts.filter(s => !skipNode(s));
    while (queue.length) {
      const node = queue.pop();
      if (seen.has(node)) {
        continue;
      }
      seen.add(node);
      queue.push(...(boundaries.get(node) || []).filter(b => !skipNode(b)));
      for (const flow of out(node)) {
        if (flow.targetRef && !skipFlow(flow) && !skipNode(flow.targetRef)) {
          queue.push(flow.targetRef);
        }
      }
    }
    return seen;
  }

  function loopWithoutTask(nodes) {
    const colour = new Map();
    function visit(node) {
      colour.set(node, 'grey');
      for (const flow of out(node)) {
        const next = flow.targetRef;
        if (!next || is(next, 'bpmn:UserTask') || !nodes.includes(next)) {
          continue;
        }
        if (colour.get(next) === 'grey') {
          return next;
        }
        if (!colour.has(next)) {
          const hit = visit(next);
          if (hit) {
            return hit;
          }
        }
      }
      colour.set(node, 'black');
      return null;
    }
    for (const node of nodes) {
      if (!is(node, 'bpmn:UserTask') && !colour.has(node)) {
        const hit = visit(node);
        if (hit) {
          return hit;
        }
      }
    }
    return null;
  }

  function check(node, reporter) {
    if (!is(node, 'bpmn:Process')) {
      return;
    }
    const nodes = (node.flowElements || []).filter(e => !is(e, 'bpmn:SequenceFlow'));
    const flows = (node.flowElements || []).filter(e => is(e, 'bpmn:SequenceFlow'));
    outgoing = new Map();
    boundaries = new Map();
    for (const event of nodes.filter(n => is(n, 'bpmn:BoundaryEvent') && n.attachedToRef)) {
      boundaries.set(event.attachedToRef, [ ...(boundaries.get(event.attachedToRef) || []), event ]);
    }
    for (const flow of flows) {
      outgoing.set(flow.sourceRef, [ ...out(flow.sourceRef), flow ]);
    }
    const starts = nodes.filter(e => is(e, 'bpmn:StartEvent'));
    const isReject = flow => handles(flow, 'reject');
    const main = reachable(starts, isReject, () => false);
    const completedEnds = nodes.filter(e => is(e, 'bpmn:EndEvent') && main.has(e));

    const loop = loopWithoutTask(nodes);
    if (loop) {
      reporter.report(loop.id, 'Putaran tanpa tugas pengguna: setiap putaran harus melewati langkah seseorang');
    }
    for (const flow of flows.filter(isReject)) {
      const target = flow.targetRef;
      if (!target || !is(target, 'bpmn:EndEvent') || main.has(target)) {
        reporter.report(flow.id, 'Cabang tolak harus langsung menuju peristiwa selesai "Surat ditolak" sendiri');
      }
    }
    const signing = nodes.filter(n => is(n, 'bpmn:UserTask') && isSigning(n));
    for (const task of signing.slice(MAX_SIGNING_STEPS)) {
      reporter.report(task.id, 'Lembar surat hanya memuat ' + MAX_SIGNING_STEPS + ' kotak tanda tangan');
    }
    const unsigned = reachable(starts, isReject, n => is(n, 'bpmn:UserTask') && isSigning(n));
    for (const end of completedEnds.filter(e => unsigned.has(e))) {
      reporter.report(end.id, 'Surat dapat selesai tanpa melewati langkah tanda tangan');
    }
  }

  return { check };
};
