/* A single building's pin on a small map (no tiles unless the city configures them). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("pin");
  if (!el || typeof L === "undefined") { return; }
  var p = JSON.parse(document.getElementById("pin-data").textContent);
  var map = L.map(el, { attributionControl: false, zoomControl: true }).setView([p.lat, p.lng], 14);
  if (p.tile_url) { L.tileLayer(p.tile_url, { maxZoom: 18 }).addTo(map); }
  if (p.boundaries) {
    fetch(p.boundaries).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, { style: { color: "#0b4ea2", weight: 1, fillColor: "#dbe7f7", fillOpacity: 0.5 } }).addTo(map).bringToBack();
    });
  }
  var label = document.createElement("span");  // the name as text, never as HTML (it comes from imported files)
  label.textContent = p.name;
  L.circleMarker([p.lat, p.lng], { radius: 8, color: "#fff", weight: 2, fillColor: "#d9480f", fillOpacity: 1 }).addTo(map).bindTooltip(label, { permanent: true, direction: "top", offset: [0, -8] });
});
