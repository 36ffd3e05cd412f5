/* 地图: Leaflet with the city's district boundaries (vendored GeoJSON) and building markers.
   A tile layer is added only when the city configures one (an intranet tile server, e.g. 天地图). */
(function () {
  "use strict";
  var TIER = { 10: "#8b1a1a", 5: "#d9480f", 1: "#f59f00", 0: "#74a9e8" };

  function occupancyColour(v) {
    if (v === null || v === undefined) { return "#adb5bd"; }
    if (v >= 0.9) { return "#2f9e44"; }
    if (v >= 0.7) { return "#94d82d"; }
    if (v >= 0.5) { return "#f59f00"; }
    return "#e03131";
  }

  /* Names come from imported files: never hand them to Leaflet as HTML (a name like <img onerror=…> would run).
     Popups and tooltips get DOM nodes built from text. */
  function textNode(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text === null || text === undefined ? "" : String(text);
    return node;
  }

  function popupFor(p) {
    var box = document.createElement("div");
    box.appendChild(textNode("b", p.name));
    var lines = [p.district + " · " + p.code];
    if (p.tax_yi !== null && p.tax_yi !== undefined) { lines.push("全口径税收 " + p.tax_yi + " 亿元"); }
    if (p.occupancy !== null && p.occupancy !== undefined) { lines.push("入驻率 " + (p.occupancy * 100).toFixed(1) + "%"); }
    lines.forEach(function (line) { box.appendChild(document.createElement("br")); box.appendChild(document.createTextNode(line)); });
    box.appendChild(document.createElement("br"));
    var link = textNode("a", "查看楼宇画像");
    if (/^\/[^\/]/.test(String(p.url))) { link.setAttribute("href", p.url); }  // only same-site paths
    box.appendChild(link);
    return box;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    var cfg = JSON.parse(document.getElementById("map-config").textContent);
    var map = L.map(el, { preferCanvas: true, attributionControl: !!cfg.tile_url }).setView([cfg.center[1], cfg.center[0]], cfg.zoom || 9);
    if (cfg.tile_url) {
      L.tileLayer(cfg.tile_url, { attribution: cfg.tile_attribution || "", maxZoom: 18 }).addTo(map);
    }
    var colourBy = el.getAttribute("data-colour") || "tier";
    fetch(el.getAttribute("data-boundaries")).then(function (r) { return r.json(); }).then(function (geo) {
      var layer = L.geoJSON(geo, {
        style: { color: "#0b4ea2", weight: 1.2, fillColor: "#dbe7f7", fillOpacity: cfg.tile_url ? 0.1 : 0.55 },
        onEachFeature: function (f, l) { l.bindTooltip(textNode("span", f.properties.name), { sticky: true }); }
      }).addTo(map);
      geo.features.forEach(function (f) {  // district names at their centres
        if (f.properties.cp) {
          L.tooltip({ permanent: true, direction: "center", className: "district-label" })
            .setLatLng([f.properties.cp[1], f.properties.cp[0]]).setContent(textNode("span", f.properties.name)).addTo(map);
        }
      });
      layer.bringToBack();
    });
    fetch(el.getAttribute("data-points"), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var points = [];
      data.features.forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        var colour = colourBy === "occupancy" ? occupancyColour(p.occupancy) : TIER[p.tax_tier || 0];
        var marker = L.circleMarker([c[1], c[0]], { radius: p.tax_tier ? 7 : 5, color: "#fff", weight: 1, fillColor: colour, fillOpacity: 0.9 });
        marker.bindPopup(popupFor(p));
        marker.addTo(map);
        points.push([c[1], c[0]]);
      });
      var count = document.getElementById("map-count");
      if (count) { count.textContent = data.features.length; }
      if (points.length) { map.fitBounds(points, { padding: [30, 30], maxZoom: 14 }); }
    });
  });
})();
