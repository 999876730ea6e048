const { is, isAny } = require('bpmnlint-utils');

const ALLOWED = [
  'bpmn:UserTask', 'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway',
  'bpmn:ParallelGateway', 'bpmn:SequenceFlow'
];

/**
 * A route only uses user tasks, gateways, and blank start and end events: nothing that runs code or waits.
 */
module.exports = function() {

  function check(node, reporter) {
    if (isAny(node, [ 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference' ])) {
      reporter.report(node.id, 'Objek data tidak dipakai dalam rute Layang');
      return;
    }
    if (!is(node, 'bpmn:FlowElement')) {
      return;
    }
    if (!isAny(node, ALLOWED)) {
      const kind = node.$type.replace('bpmn:', '');
      const hint = is(node, 'bpmn:Task') ? ' Ubah menjadi tugas pengguna (User Task).' : '';
      reporter.report(node.id, 'Elemen ' + kind + ' tidak diizinkan dalam rute Layang.' + hint);
      return;
    }
    const definitions = (node.eventDefinitions || []).filter(
      d => !(is(node, 'bpmn:EndEvent') && is(d, 'bpmn:TerminateEventDefinition')));
    if (definitions.length) {
      reporter.report(node.id, 'Peristiwa bertipe (pesan, waktu, sinyal) tidak diizinkan; gunakan peristiwa polos');
    }
  }

  return { check };
};
