// The replay page's diagram: the route version drawn by bpmn-js, the path taken marked, counts as overlays.
(function () {
  var config = JSON.parse(document.getElementById('replay-config').textContent);
  var viewer = new BpmnJS({ container: '#replay-canvas' });
  viewer.importXML(config.xml).then(function () {
    var canvas = viewer.get('canvas');
    var overlays = viewer.get('overlays');
    var registry = viewer.get('elementRegistry');
    Object.keys(config.path.elements).forEach(function (id) {
      if (!registry.get(id)) return;
      canvas.addMarker(id, 'replay-passed');
      var badge = document.createElement('span');
      badge.className = 'replay-count';
      badge.title = 'dilalui ' + config.path.elements[id] + ' kali';
      badge.textContent = config.path.elements[id];
      overlays.add(id, 'replay-count', { position: { top: -10, right: 10 }, html: badge });
    });
    Object.keys(config.path.flows).forEach(function (id) {
      if (registry.get(id)) canvas.addMarker(id, 'replay-passed');
    });
    config.path.current.forEach(function (id) {
      if (registry.get(id)) canvas.addMarker(id, 'replay-current');
    });
    canvas.zoom('fit-viewport', 'auto');
    document.body.dataset.replayState = 'ready';
  }).catch(function (err) {
    document.body.dataset.replayState = 'error';
    document.getElementById('replay-canvas').textContent = 'Diagram tidak dapat ditampilkan: ' + err.message;
  });
})();
