// Live PDF previews: reloads an iframe with the form's current values (debounced); nothing is saved.
(function () {
  function watch(form, frame, names) {
    if (!form || !frame) return;
    let timer = null;
    const refresh = () => {
      const params = new URLSearchParams();
      names.forEach((name) => form.querySelectorAll(`[name="${name}"]`).forEach((el) => {
        if (el.type === "checkbox") { if (el.checked) params.append(name, el.value); } else { params.append(name, el.value); }
      }));
      frame.src = `${frame.dataset.base}?${params.toString()}`;
    };
    form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 600); });
  }
  watch(document.getElementById("office-form"), document.getElementById("letterhead-preview"),
    ["name", "address", "lines", "phone", "email", "website", "postal_code"]);
  watch(document.getElementById("letter-type-form"), document.getElementById("template-preview"),
    ["name", "classification", "route", "opening", "closing", "field_name", "field_label", "field_type"]);
})();
