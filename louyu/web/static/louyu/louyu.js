/* Charts: every element with data-chart draws the JSON of the <script id=data-source> next to it
   (embedded with Django's json_script). Kinds: line, bar, hbar, pie, progress. */
(function () {
  "use strict";
  var PALETTE = ["#0b4ea2", "#f59f00", "#2f9e44", "#d9480f", "#7048e8", "#1098ad", "#c2255c", "#5c940d", "#868e96", "#e67700"];

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function axisOptions(data, horizontal, dark) {
    var text = dark ? "#9fb6da" : "#555";
    var category = { type: "category", data: data.x, axisLabel: { color: text } };
    var value = { type: "value", axisLabel: { color: text }, splitLine: { lineStyle: { color: dark ? "#1d4c8f" : "#eee" } } };
    if (data.unit) { value.name = data.unit; value.nameTextStyle = { color: text }; }
    return horizontal ? { xAxis: value, yAxis: Object.assign(category, { inverse: true }) } : { xAxis: category, yAxis: value };
  }

  function option(kind, data, dark) {
    var legend = { top: 0, textStyle: { color: dark ? "#e6eefc" : "#333" } };
    var base = { color: PALETTE, tooltip: { trigger: kind === "pie" ? "item" : "axis" }, legend: legend,
                 grid: { left: 8, right: 16, top: 34, bottom: 8, containLabel: true }, animation: false };
    if (kind === "pie") {
      return Object.assign(base, { legend: { show: false },
        series: [{ type: "pie", radius: ["36%", "64%"], center: ["50%", "52%"], data: data.items, minShowLabelAngle: 6,
                   label: { color: dark ? "#e6eefc" : "#333", formatter: "{b} {d}%" } }] });
    }
    if (kind === "progress") {
      return Object.assign(base, axisOptions(data, true, dark), {
        series: [
          { name: "实际", type: "bar", data: data.actual, barGap: "-100%", z: 2, barWidth: 12 },
          { name: "目标", type: "bar", data: data.target, itemStyle: { color: dark ? "#24497f" : "#dbe4f0" }, barWidth: 12, z: 1 }
        ] });
    }
    var horizontal = kind === "hbar";
    return Object.assign(base, axisOptions(data, horizontal, dark), {
      series: data.series.map(function (s) {
        return { name: s.name, type: kind === "line" ? "line" : "bar", data: s.data, smooth: kind === "line", symbolSize: 6,
                 yAxisIndex: 0, barMaxWidth: 28 };
      }) });
  }

  function draw(el) {
    if (typeof echarts === "undefined") { return; }
    var data = read(el.getAttribute("data-source"));
    if (!data) { return; }
    var dark = document.body.classList.contains("screen");
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(el.getAttribute("data-chart"), data, dark));
    var link = el.getAttribute("data-link");
    if (link) {  // "why" links: clicking a bar opens the rows behind it
      chart.on("click", function (p) { if (data.links && data.links[p.dataIndex]) { window.location = data.links[p.dataIndex]; } });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
    (root || document).querySelectorAll("[data-navigate]").forEach(function (el) {
      el.addEventListener("change", function () { window.location = el.value; });
    });
    (root || document).querySelectorAll("[data-back]").forEach(function (el) {  // no javascript: URLs (CSP)
      el.addEventListener("click", function (e) { if (window.history.length > 1) { e.preventDefault(); window.history.back(); } });
    });
    (root || document).querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
