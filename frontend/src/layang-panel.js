// The "Layang" section of the properties panel: what the server's route rules read, chosen from lists.
//
// - a flow leaving a gateway: the decision it handles (Setuju / Kembalikan / Tolak), written as the
//   condition `decision == "approve"` (or "return", "reject"); a gateway's default flow handles Setuju;
// - a user task: whether it is a signing step (<spiffworkflow:property name="layang_step" value="sign"/>);
// - a lane: the role whose officials do its tasks (the lane's name is the role code);
// - a user task's service levels: add a reminder or an escalation timer to it;
// - a timer on a user task (a service level): reminder or escalation, after how many working days.
import {
  CheckboxEntry, SelectEntry, TextFieldEntry,
  isCheckboxEntryEdited, isSelectEntryEdited, isTextFieldEntryEdited
} from '@bpmn-io/properties-panel';
import { jsx } from '@bpmn-io/properties-panel/preact/jsx-runtime';

export const DECISIONS = [
  [ 'approve', 'Setuju', 'Setuju' ],
  [ 'return', 'Kembalikan', 'Dikembalikan' ],
  [ 'reject', 'Tolak', 'Ditolak' ]
];
const FLOW_NAMES = new Set([ '', 'Setuju', 'Kembalikan', 'Dikembalikan', 'Tolak', 'Ditolak' ]);
const SIMPLE = /^\s*decision\s*==\s*["'](approve|return|reject)["']\s*$/;

const isType = (element, type) => element && element.businessObject && element.businessObject.$type === type;

/** The decision a gateway's flow handles: 'approve', 'return', 'reject', '' (none) or 'other'. */
export function flowDecision(flow) {
  const bo = flow.businessObject;
  const body = bo.conditionExpression && (bo.conditionExpression.body || '').trim();
  if (!body) {
    return bo.sourceRef && bo.sourceRef.default === bo ? 'approve' : '';
  }
  const match = SIMPLE.exec(body);
  return match ? match[1] : 'other';
}

function layangProperties(bo, moddle, create) {
  let ext = bo.extensionElements;
  if (!ext && !create) return null;
  if (!ext) {
    ext = moddle.create('bpmn:ExtensionElements', { values: [] });
    bo.extensionElements = ext;
  }
  let props = (ext.values || []).find(v => v.$type === 'spiffworkflow:Properties');
  if (!props && !create) return null;
  if (!props) {
    props = moddle.create('spiffworkflow:Properties', { properties: [] });
    ext.get('values').push(props);
  }
  return props;
}

/** Whether a user task is marked as a signing step. */
export function isSigningStep(bo) {
  const props = layangProperties(bo, null, false);
  return !!(props && (props.properties || []).some(p => p.name === 'layang_step' && p.value === 'sign'));
}

const WORKING_DAYS = /^P(\d+)D$/;

function timerOf(bo) {
  return (bo.eventDefinitions || []).find(d => d.$type === 'bpmn:TimerEventDefinition');
}

/** The working days of a service level's timer ('' when its duration is not whole days). */
export function serviceLevelDays(bo) {
  const timer = timerOf(bo);
  const match = timer && timer.timeDuration && WORKING_DAYS.exec((timer.timeDuration.body || '').trim());
  return match ? match[1] : '';
}

const EDITED = new Map([
  [ SelectEntry, isSelectEntryEdited ],
  [ CheckboxEntry, isCheckboxEntryEdited ],
  [ TextFieldEntry, isTextFieldEntryEdited ]
]);

/** One entry of the Layang section: a properties-panel component with its own options. */
function entry(element, id, Component, options) {
  return {
    id,
    element,
    isEdited: EDITED.get(Component),
    component: props => jsx(Component, { element, id: props.id, ...options })
  };
}

const SERVICE_LEVELS = {
  reminder: { label: 'Pengingat', name: 'Pengingat', days: 1 },
  escalation: { label: 'Eskalasi', name: 'Eskalasi', days: 2 }
};

export default function LayangPropertiesProvider(
    propertiesPanel, modeling, moddle, elementRegistry, elementFactory, selection) {
  const roles = globalThis.LAYANG_ROLE_LABELS || {};

  function setDecision(flow, decision) {
    const bo = flow.businessObject;
    const gateway = bo.sourceRef;
    const isDefault = gateway && gateway.default === bo;
    const label = (DECISIONS.find(d => d[0] === decision) || [ '', '', '' ])[2];
    const changes = {};
    if (decision === '' || (decision === 'approve' && isDefault)) {
      changes.conditionExpression = undefined;
    } else {
      changes.conditionExpression = moddle.create('bpmn:FormalExpression', { body: `decision == "${decision}"` });
    }
    if (FLOW_NAMES.has((bo.name || '').trim())) changes.name = label || undefined;
    if (isDefault && decision !== 'approve') {
      modeling.updateProperties(elementRegistry.get(gateway.id), { default: undefined });
    }
    modeling.updateProperties(flow, changes);
  }

  function setSigning(task, signing) {
    const props = layangProperties(task.businessObject, moddle, true);
    const others = (props.properties || []).filter(p => p.name !== 'layang_step');
    if (signing) others.push(moddle.create('spiffworkflow:Property', { name: 'layang_step', value: 'sign' }));
    modeling.updateModdleProperties(task, props, { properties: others });
  }

  function setDays(event, days) {
    const duration = moddle.create('bpmn:FormalExpression', { body: `P${Number(days)}D` });
    modeling.updateModdleProperties(event, timerOf(event.businessObject), {
      timeDuration: duration, timeDate: undefined, timeCycle: undefined
    });
  }

  // A reminder has no outgoing flow; an escalation interrupts the step and leaves by exactly one
  // flow to a user task: at first back into its own step, where the Plt can act (the route rules).
  function setKind(event, kind) {
    const escalation = kind === 'escalation';
    modeling.updateProperties(event, { cancelActivity: escalation });
    if (!escalation && event.outgoing.length) {
      modeling.removeElements(event.outgoing.slice());
    } else if (escalation && !event.outgoing.length && event.host) {
      modeling.connect(event, event.host, { type: 'bpmn:SequenceFlow' });
    }
  }

  function addServiceLevel(task, kind) {
    const level = SERVICE_LEVELS[kind];
    if (!level) return;
    const taken = (task.attachers || []).length;
    const shape = elementFactory.createShape({
      type: 'bpmn:BoundaryEvent', eventDefinitionType: 'bpmn:TimerEventDefinition'
    });
    const position = { x: task.x + 20 + 40 * taken, y: task.y + task.height };
    const event = modeling.createShape(shape, position, task, { attach: true });
    modeling.updateProperties(event, { name: `${level.name}: ${level.days} hari kerja` });
    setDays(event, level.days);
    setKind(event, kind);
    selection.select(event);
  }

  function entriesFor(element) {
    const bo = element.businessObject;
    if (isType(element, 'bpmn:SequenceFlow') && bo.sourceRef && bo.sourceRef.$type === 'bpmn:ExclusiveGateway') {
      return [ entry(element, 'layang-decision', SelectEntry, {
        label: 'Keputusan yang ditangani alur ini',
        description: 'Dipilih dari daftar; Layang menuliskan syaratnya sendiri.',
        getValue: flowDecision,
        setValue: value => setDecision(element, value),
        getOptions: () => {
          const options = [ { value: '', label: '— pilih keputusan —' } ]
            .concat(DECISIONS.map(([ value, label ]) => ({ value, label })));
          if (flowDecision(element) === 'other') {
            options.push({ value: 'other', label: 'Syarat lain (dari berkas BPMN)', disabled: true });
          }
          return options;
        }
      }) ];
    }
    if (isType(element, 'bpmn:UserTask')) {
      return [
        entry(element, 'layang-signing', CheckboxEntry, {
          label: 'Langkah tanda tangan (TTE)',
          description: 'Pejabat lajur ini menandatangani surat secara elektronik pada langkah ini.',
          getValue: () => isSigningStep(element.businessObject),
          setValue: value => setSigning(element, value)
        }),
        entry(element, 'layang-add-service-level', SelectEntry, {
          label: 'Tambah batas waktu layanan',
          description: 'Pengingat setelah 1 hari kerja atau eskalasi setelah 2 hari kerja; ' +
            'jumlah harinya diubah pada batas waktu yang ditambahkan.',
          getValue: () => '',
          setValue: value => addServiceLevel(element, value),
          getOptions: () => [ { value: '', label: '— pilih —' } ]
            .concat(Object.entries(SERVICE_LEVELS).map(([ value, level ]) => ({ value, label: level.label })))
        })
      ];
    }
    if (isType(element, 'bpmn:Lane')) {
      return [ entry(element, 'layang-role', SelectEntry, {
        label: 'Peran lajur',
        description: 'Tugas di lajur ini diberikan kepada pejabat dengan peran ini.',
        getValue: () => {
          const name = (bo.name || '').trim();
          return name in roles ? name : '';
        },
        setValue: value => modeling.updateProperties(element, { name: value || undefined }),
        getOptions: () => [ { value: '', label: '— pilih peran —' } ]
          .concat(Object.entries(roles).map(([ value, label ]) => ({ value, label: label + ' (' + value + ')' })))
      }) ];
    }
    if (isType(element, 'bpmn:BoundaryEvent') && timerOf(bo)) {
      return [
        entry(element, 'layang-service-level-kind', SelectEntry, {
          label: 'Batas waktu layanan',
          description: 'Pengingat: pemegang tugas diingatkan, langkahnya tetap terbuka. Eskalasi: ' +
            'langkahnya dihentikan, Plt (atau operator desa) diberi tahu, dan surat mengikuti alur ' +
            'keluarnya (semula kembali ke langkah ini).',
          getValue: () => (bo.cancelActivity === false ? 'reminder' : 'escalation'),
          setValue: value => setKind(element, value),
          getOptions: () => Object.entries(SERVICE_LEVELS).map(([ value, level ]) => ({ value, label: level.label }))
        }),
        entry(element, 'layang-service-level-days', TextFieldEntry, {
          label: 'Setelah (hari kerja)',
          description: 'Sabtu, Minggu, hari libur nasional dan cuti bersama tidak dihitung.',
          debounce: fn => fn,
          getValue: () => serviceLevelDays(bo),
          validate: value => (/^\d+$/.test((value || '').trim()) && Number(value) > 0 ? null : 'Isi jumlah hari kerja, mis. 1'),
          setValue: value => {
            const days = (value || '').trim();
            if (/^\d+$/.test(days) && Number(days) >= 1) setDays(element, days);
          }
        })
      ];
    }
    return [];
  }

  this.getGroups = element => groups => {
    const entries = entriesFor(element);
    if (entries.length) {
      const at = groups.findIndex(g => g.id === 'general') + 1;
      groups.splice(at, 0, { id: 'layang', label: 'Layang', entries });
    }
    return groups;
  };
  propertiesPanel.registerProvider(500, this);
}

LayangPropertiesProvider.$inject = [
  'propertiesPanel', 'modeling', 'moddle', 'elementRegistry', 'elementFactory', 'selection'
];

export const layangPanelModule = {
  __init__: [ 'layangPropertiesProvider' ],
  layangPropertiesProvider: [ 'type', LayangPropertiesProvider ]
};
