// Bahasa Indonesia for the modeler's own words and bpmnlint's messages; anything unknown stays as it is.
const WORDS = {
  'Element is missing label/name': 'Elemen belum diberi nama',
  'Element is missing name': 'Elemen belum diberi nama',
  'Element is not connected': 'Elemen belum terhubung dengan alur',
  'Element is an implicit end': 'Elemen berakhir tanpa peristiwa selesai',
  'Element is an implicit start': 'Elemen dimulai tanpa peristiwa mulai',
  'Process is missing start event': 'Proses belum punya peristiwa mulai',
  'Process is missing end event': 'Proses belum punya peristiwa selesai',
  'Sequence flow is missing condition': 'Alur belum punya syarat',
  'Flow splits implicitly': 'Alur bercabang tanpa gateway',
  'Gateway forks and joins': 'Gateway sekaligus memecah dan menggabungkan alur',
  'Gateway is superfluous. It only has one source and target.': 'Gateway tidak perlu: hanya satu alur masuk dan keluar',
  'Incoming flows do not join': 'Alur masuk tidak digabungkan dengan gateway',
  'Duplicate outgoing sequence flows': 'Alur keluar ganda',
  'Duplicate incoming sequence flows': 'Alur masuk ganda',
  'Start event must be blank': 'Peristiwa mulai harus polos',
  'Termination is superfluous.': 'Peristiwa terminate tidak perlu',
  'Toggle linting overlays': 'Tampilkan/sembunyikan temuan lint',
  'Issues for child elements': 'Temuan pada elemen di dalamnya',
  '{errors} Errors, {warnings} Warnings': '{errors} galat, {warnings} peringatan',
  'Errors': 'Galat',
  'Warnings': 'Peringatan'
};

export default {
  translate: [ 'value', function(template, replacements) {
    const text = WORDS[template] || template;
    return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements ? replacements[key] : '{' + key + '}'));
  } ]
};
