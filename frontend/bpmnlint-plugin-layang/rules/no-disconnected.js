// bpmnlint's no-disconnected, letting service levels (timers on user tasks) stand without flows.
module.exports = require('./service-level-aware')(require('bpmnlint/rules/no-disconnected'));
