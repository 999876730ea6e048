// Reading gateway conditions the way the server does (app/bpmn/decisions.py), for the browser rules.
const KEYWORDS = new Set([ 'and', 'or', 'not', 'in', 'is', 'True', 'False', 'None' ]);
const DECISIONS = [ 'approve', 'return', 'reject' ];

function conditionOf(flow) {
  return ((flow.conditionExpression && flow.conditionExpression.body) || '').trim();
}

// The data names a condition reads, e.g. [ 'decision', 'penghasilan' ].
function namesIn(condition) {
  const bare = condition.replace(/"[^"]*"|'[^']*'/g, ' ');
  return [ ...new Set((bare.match(/[A-Za-z_][A-Za-z0-9_]*/g) || []).filter(n => !KEYWORDS.has(n))) ];
}

// The strings `decision` is compared with: `decision == "return"` gives [ 'return' ].
function decisionValues(condition) {
  const values = [];
  const compare = /decision\s*(?:==|!=|not\s+in|in)\s*(\(|\[)?([^)\]]*?)(?:\)|\]|$|\s+(?:and|or)\b)/g;
  let match;
  while ((match = compare.exec(condition)) !== null) {
    for (const literal of match[2].match(/"[^"]*"|'[^']*'/g) || []) {
      values.push(literal.slice(1, -1));
    }
  }
  for (const match of condition.matchAll(/("[^"]*"|'[^']*')\s*==\s*decision/g)) {
    values.push(match[1].slice(1, -1));
  }
  return values;
}

// Whether a flow takes `decision` (return or reject) away from the approve path.
function handles(flow, decision) {
  const condition = conditionOf(flow);
  if (!condition || /!=|not\s+in/.test(condition)) {
    return false;
  }
  const values = decisionValues(condition);
  return values.includes(decision) && !values.includes('approve');
}

function isSigning(task) {
  const values = (task.extensionElements && task.extensionElements.values) || [];
  return values.some(ext => (ext.properties || ext.$children || []).some(
    prop => prop.name === 'layang_step' && prop.value === 'sign'));
}

module.exports = { DECISIONS, conditionOf, namesIn, decisionValues, handles, isSigning };
