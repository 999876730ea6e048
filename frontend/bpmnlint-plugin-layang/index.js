// Layang's own bpmnlint rules; the server (app/bpmn/rules.py) is the authority and checks them again.
module.exports = {
  configs: {},
  rules: {
    'lane-role': './rules/lane-role',
    'allowed-elements': './rules/allowed-elements',
    'sign-way-back': './rules/sign-way-back',
    'condition-names': './rules/condition-names',
    'route-paths': './rules/route-paths',
    'no-disconnected': './rules/no-disconnected',
    'no-implicit-end': './rules/no-implicit-end'
  }
};
