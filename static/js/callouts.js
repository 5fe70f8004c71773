// A call-out's answers refresh themselves: poll the JSON endpoint and update the table's cells in place.
// Progressive enhancement: without JavaScript the page shows the answers as they were, with a refresh link.
const EVERY_MS = 4000;

function update(root, data) {
  for (const row of data.rows) {
    const tr = root.querySelector(`tr[data-invite="${row.id}"]`);
    if (!tr) continue;
    const status = tr.querySelector('[data-field="status"]');
    if (status && status.textContent !== row.status) status.textContent = row.status;
  }
  const free = root.querySelector("[data-callout-free]");
  if (free) free.textContent = String(data.free);
}

export function enhanceCallouts(scope) {
  for (const root of scope.querySelectorAll("[data-callout-poll]")) {
    const url = root.getAttribute("data-callout-poll");
    const poll = async () => {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (response.ok) update(root, await response.json());
      } catch {
        // offline for a moment: try again at the next tick
      }
    };
    window.setInterval(poll, EVERY_MS);
  }
}
