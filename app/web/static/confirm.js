// Forms with data-confirm ask before they are sent (e.g. deploying a route version).
document.addEventListener('submit', event => {
  const form = event.target.closest('form[data-confirm]');
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
