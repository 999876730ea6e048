// Signs the ticked letters in small batches so the official sees progress; the passphrase stays in memory.
(function () {
  const form = document.getElementById("bulk-form");
  if (!form) return;
  const all = document.getElementById("select-all");
  const boxes = () => Array.from(form.querySelectorAll("input[name=task_ids]"));
  all.addEventListener("change", () => boxes().forEach((b) => { b.checked = all.checked; }));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ids = boxes().filter((b) => b.checked).map((b) => b.value);
    if (!ids.length) { alert("Pilih minimal satu surat."); return; }
    const chunk = Number(form.dataset.chunk) || 10;
    const panel = document.getElementById("bulk-progress");
    const bar = panel.querySelector("progress");
    const text = panel.querySelector(".progress-text");
    const list = panel.querySelector(".progress-results");
    const button = form.querySelector("button[type=submit]");
    panel.hidden = false; button.disabled = true; bar.max = ids.length; bar.value = 0; list.innerHTML = "";
    let signed = 0;
    for (let i = 0; i < ids.length; i += chunk) {
      const body = new FormData();
      body.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
      body.append("passphrase", form.querySelector("#passphrase").value);
      ids.slice(i, i + chunk).forEach((id) => body.append("task_ids", id));
      const response = await fetch(form.action || window.location.href,
        { method: "POST", body, headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (!response.ok) {
        text.textContent = answer.error.message; button.disabled = false; return;
      }
      answer.results.forEach((r) => {
        const item = document.createElement("li");
        item.className = "row";
        item.textContent = r.ok ? `✔ Surat ${r.number} ditandatangani` : `✘ Tugas #${r.task_id}: ${r.error.message}`;
        list.appendChild(item);
        if (r.ok) signed += 1;
      });
      bar.value = Math.min(ids.length, i + chunk);
      text.textContent = `${bar.value} dari ${ids.length} diproses, ${signed} ditandatangani`;
    }
    text.textContent += ". Selesai.";
    form.querySelector("#passphrase").value = "";
    button.disabled = false;
  });
})();
