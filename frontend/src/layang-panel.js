// The "Layang" section of the properties panel: what the server's route rules read, chosen from lists.
//
// - a flow leaving a gateway: the decision it handles (Setuju / Kembalikan / Tolak), written as the
//   condition `decision == "approve"` (or "return", "reject"); a gateway's default flow handles Setuju;
// - a user task: whether it is a signing step (<spiffworkflow:property name="layang_step" value="sign"/>);
// - a lane: the role whose officials do its tasks (the lane's name is the role code);
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

export default function LayangPropertiesProvider(propertiesPanel, modeling, moddle, elementRegistry) {
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

  function decisionEntry(element) {
    return {
      id: 'layang-decision',
      element,
      isEdited: isSelectEntryEdited,
      component: props => jsx(SelectEntry, {
        element,
        id: props.id,
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
      })
    };
  }

  function signingEntry(element) {
    return {
      id: 'layang-signing',
      element,
      isEdited: isCheckboxEntryEdited,
      component: props => jsx(CheckboxEntry, {
        element,
        id: props.id,
        label: 'Langkah tanda tangan (TTE)',
        description: 'Pejabat lajur ini menandatangani surat secara elektronik pada langkah ini.',
        getValue: () => isSigningStep(element.businessObject),
        setValue: value => setSigning(element, value)
      })
    };
  }

  function roleEntry(element) {
    return {
      id: 'layang-role',
      element,
      isEdited: isSelectEntryEdited,
      component: props => jsx(SelectEntry, {
        element,
        id: props.id,
        label: 'Peran lajur',
        description: 'Tugas di lajur ini diberikan kepada pejabat dengan peran ini.',
        getValue: () => {
          const name = (element.businessObject.name || '').trim();
          return name in roles ? name : '';
        },
        setValue: value => modeling.updateProperties(element, { name: value || undefined }),
        getOptions: () => [ { value: '', label: '— pilih peran —' } ]
          .concat(Object.entries(roles).map(([ value, label ]) => ({ value, label: label + ' (' + value + ')' })))
      })
    };
  }

  function serviceLevelKindEntry(element) {
    return {
      id: 'layang-service-level-kind',
      element,
      isEdited: isSelectEntryEdited,
      component: props => jsx(SelectEntry, {
        element,
        id: props.id,
        label: 'Batas waktu layanan',
        description: 'Pengingat: pemegang tugas diingatkan. Eskalasi: Plt (atau operator desa) diberi tahu.',
        getValue: () => (element.businessObject.cancelActivity === false ? 'reminder' : 'escalation'),
        setValue: value => modeling.updateProperties(element, { cancelActivity: value !== 'reminder' }),
        getOptions: () => [
          { value: 'reminder', label: 'Pengingat' },
          { value: 'escalation', label: 'Eskalasi' }
        ]
      })
    };
  }

  function serviceLevelDaysEntry(element) {
    return {
      id: 'layang-service-level-days',
      element,
      isEdited: isTextFieldEntryEdited,
      component: props => jsx(TextFieldEntry, {
        element,
        id: props.id,
        label: 'Setelah (hari kerja)',
        description: 'Sabtu, Minggu, hari libur nasional dan cuti bersama tidak dihitung.',
        debounce: fn => fn,
        getValue: () => serviceLevelDays(element.businessObject),
        validate: value => (/^\d+$/.test((value || '').trim()) && Number(value) > 0 ? null : 'Isi jumlah hari kerja, mis. 1'),
        setValue: value => {
          const days = (value || '').trim();
          if (!/^\d+$/.test(days) || Number(days) < 1) return;
          const duration = moddle.create('bpmn:FormalExpression', { body: `P${Number(days)}D` });
          modeling.updateModdleProperties(element, timerOf(element.businessObject), {
            timeDuration: duration, timeDate: undefined, timeCycle: undefined
          });
        }
      })
    };
  }

  function entriesFor(element) {
    const bo = element.businessObject;
    if (isType(element, 'bpmn:SequenceFlow') && bo.sourceRef && bo.sourceRef.$type === 'bpmn:ExclusiveGateway') {
      return [ decisionEntry(element) ];
    }
    if (isType(element, 'bpmn:UserTask')) return [ signingEntry(element) ];
    if (isType(element, 'bpmn:Lane')) return [ roleEntry(element) ];
    if (isType(element, 'bpmn:BoundaryEvent') && timerOf(bo)) {
      return [ serviceLevelKindEntry(element), serviceLevelDaysEntry(element) ];
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

LayangPropertiesProvider.$inject = [ 'propertiesPanel', 'modeling', 'moddle', 'elementRegistry' ];

export const layangPanelModule = {
  __init__: [ 'layangPropertiesProvider' ],
  layangPropertiesProvider: [ 'type', LayangPropertiesProvider ]
};
