// A "Copy" button for a value the page shows once (the calendar address). Progressive enhancement:
// without JavaScript, or without the clipboard, the value stays selectable text and no button shows.

export function enhanceCopyButtons(root) {
  if (!navigator.clipboard) return;
  for (const holder of root.querySelectorAll("[data-copy-target]")) {
    const source = document.getElementById(holder.getAttribute("data-copy-target"));
    if (!source) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary cip-copy__button";
    button.textContent = holder.getAttribute("data-copy-label") || "Copy";
    const status = document.createElement("p");
    status.className = "govuk-body cip-copy__status";
    status.setAttribute("role", "status");
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        () => { status.textContent = "Copied. Paste it into your calendar app."; },
        () => { status.textContent = "Could not copy: select the address and copy it yourself."; },
      );
    });
    holder.append(button, status);
  }
}
