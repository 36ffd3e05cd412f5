/* 可招商空间地图: buildings with open listings. Names are data: popups are built with textContent, never HTML. */
(function () {
  "use strict";
  function popup(p) {
    var box = document.createElement("div");
    var title = document.createElement("b");
    title.textContent = p.name;
    box.appendChild(title);
    var line = document.createElement("div");
    line.textContent = p.district + " · " + p.units + " 处 · " + Math.round(p.area).toLocaleString("zh-CN") + " ㎡";
    box.appendChild(line);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = "查看空间";
    box.appendChild(link);
    return box;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("map");
    if (!el || typeof L === "undefined") { return; }
    var cfg = JSON.parse(document.getElementById("map-config").textContent);
    var map = L.map(el, { preferCanvas: true, attributionControl: !!cfg.tile_url }).setView([cfg.center[1], cfg.center[0]], cfg.zoom || 9);
    if (cfg.tile_url) { L.tileLayer(cfg.tile_url, { attribution: cfg.tile_attribution || "", maxZoom: 18 }).addTo(map); }
    fetch(el.getAttribute("data-boundaries")).then(function (r) { return r.json(); }).then(function (geo) {
      L.geoJSON(geo, { style: { color: "#0b4ea2", weight: 1.2, fillColor: "#dbe7f7", fillOpacity: 0.55 } }).addTo(map).bringToBack();
    });
    fetch(el.getAttribute("data-points"), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var points = [];
      data.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var radius = Math.min(14, 5 + Math.sqrt(f.properties.area) / 15);
        L.circleMarker([c[1], c[0]], { radius: radius, color: "#fff", weight: 1, fillColor: "#2f9e44", fillOpacity: 0.85 })
          .bindPopup(popup(f.properties)).addTo(map);
        points.push([c[1], c[0]]);
      });
      document.getElementById("map-count").textContent = data.features.length;
      if (points.length) { map.fitBounds(points, { padding: [30, 30], maxZoom: 14 }); }
    });
  });
})();
