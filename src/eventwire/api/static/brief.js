// The dyad brief page (/brief): the "Print this brief" link (no inline script under the CSP).
const link = document.getElementById("ew-print");
if (link) link.addEventListener("click", (ev) => { ev.preventDefault(); window.print(); });
