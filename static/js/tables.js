// Tables that fit a phone: each data cell is labelled with its column's header so that, on a narrow
// screen, a row reads as a summary card (the CSS in frontend/src/components/_cards.scss lays it out).
// A table's wrapper becomes a focusable, labelled region only while it really scrolls sideways, so
// keyboard users can scroll it and are not given an extra Tab stop otherwise.

function headerLabels(table) {
  const row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
  if (!row) return null;
  const labels = [];
  for (const cell of row.cells) {
    for (let i = 0; i < (cell.colSpan || 1); i += 1) labels.push(cell.textContent.trim());
  }
  return labels;
}

function labelCells(table) {
  const labels = headerLabels(table);
  if (!labels) return;
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (!cell.hasAttribute("data-label") && labels[column]) cell.setAttribute("data-label", labels[column]);
        column += cell.colSpan || 1;
      }
    }
  }
  if (!table.classList.contains("cip-table--keep")) table.classList.add("cip-cards");
}

function wrap(table) {
  const parent = table.parentElement;
  if (parent && parent.classList.contains("cip-table-wrap")) return parent;
  const wrapper = document.createElement("div");
  wrapper.className = "cip-table-wrap";
  parent.insertBefore(wrapper, table);
  wrapper.appendChild(table);
  return wrapper;
}

function regionLabel(wrapper) {
  const caption = wrapper.querySelector("caption");
  return wrapper.getAttribute("data-region-label") || (caption && caption.textContent.trim()) || "Table";
}

function updateRegion(wrapper) {
  if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("tabindex", "0");
    wrapper.setAttribute("aria-label", regionLabel(wrapper));
  } else {
    wrapper.removeAttribute("role");
    wrapper.removeAttribute("tabindex");
    wrapper.removeAttribute("aria-label");
  }
}

export function enhanceTables(root) {
  const wrappers = [];
  for (const table of root.querySelectorAll("main table.govuk-table")) {
    labelCells(table);
    wrappers.push(wrap(table));
  }
  const update = () => wrappers.forEach(updateRegion);
  update();
  // Opening a details element, or turning the phone, changes what scrolls.
  window.addEventListener("resize", update);
  for (const details of root.querySelectorAll("details")) details.addEventListener("toggle", update);
}
