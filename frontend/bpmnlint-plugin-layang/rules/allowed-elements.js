const { is, isAny } = require('bpmnlint-utils');

const ALLOWED = [
  'bpmn:UserTask', 'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway',
  'bpmn:ParallelGateway', 'bpmn:SequenceFlow'
];

/**
 * A route only uses user tasks, gateways, blank start and end events, and timers on user tasks as
 * service levels (app/bpmn/service_levels.py): nothing that runs code or waits.
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
    if (is(node, 'bpmn:BoundaryEvent')) {
      checkServiceLevel(node, reporter);
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

  // A service level: a timer (ISO 8601 duration in working days) on a user task. A reminder
  // (non-interrupting) has no outgoing flow; an escalation (interrupting) has exactly one, to a user task.
  function checkServiceLevel(node, reporter) {
    const flows = node.outgoing || [];
    const definitions = node.eventDefinitions || [];
    const timer = definitions.length === 1 && is(definitions[0], 'bpmn:TimerEventDefinition') ? definitions[0] : null;
    if (!is(node.attachedToRef, 'bpmn:UserTask')) {
      reporter.report(node.id, 'Batas waktu layanan hanya boleh menempel pada tugas pengguna (User Task)');
    } else if (!timer || !timer.timeDuration || timer.timeDate || timer.timeCycle) {
      reporter.report(node.id, 'Batas waktu layanan harus berupa timer dengan durasi (mis. P1D = 1 hari kerja)');
    } else if (!/^P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/.test((timer.timeDuration.body || '').trim())) {
      reporter.report(node.id, 'Durasi harus ISO 8601 dalam hari kerja, jam atau menit (mis. P1D, P2D, PT4H)');
    } else if (node.cancelActivity === false && flows.length) {
      reporter.report(node.id, 'Pengingat (tidak menyela) tidak boleh punya alur keluar: pengingat dikirim sebagai notifikasi');
    } else if (node.cancelActivity !== false && (flows.length !== 1 || !is(flows[0].targetRef, 'bpmn:UserTask'))) {
      reporter.report(node.id, 'Eskalasi (menyela) harus punya tepat satu alur keluar menuju tugas pengguna');
    }
  }

  return { check };
};
