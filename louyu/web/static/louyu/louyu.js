/* Charts: every element with data-chart draws the JSON of the <script id=data-source> next to it
   (embedded with Django's json_script). Kinds: line, bar, hbar, pie, progress. */
(function () {
  "use strict";
  var PALETTE = ["#0b4ea2", "#f59f00", "#2f9e44", "#d9480f", "#7048e8", "#1098ad", "#c2255c", "#5c940d", "#868e96", "#e67700"];

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Numbers as officials read them: thousands separators, at most two decimals, the chart's unit.
  var NUMBER = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
  function formatter(unit) {
    return function (value) {
      if (value === null || value === undefined || value === "-") { return "—"; }
      return NUMBER.format(value) + (unit ? " " + unit : "");
    };
  }

  function axisOptions(data, horizontal, dark) {
    var text = dark ? "#9fb6da" : "#555";
    // interval 0: every category is labelled (a bar without its name cannot be read)
    var category = { type: "category", data: data.x, axisLabel: { color: text, interval: 0, hideOverlap: false } };
    var value = { type: "value", axisLabel: { color: text, formatter: formatter("") }, splitLine: { lineStyle: { color: dark ? "#1d4c8f" : "#eee" } } };
    if (data.unit) { value.name = data.unit; value.nameTextStyle = { color: text }; }
    return horizontal ? { xAxis: value, yAxis: Object.assign(category, { inverse: true }) } : { xAxis: category, yAxis: value };
  }

  function option(kind, data, dark) {
    var legend = { top: 0, textStyle: { color: dark ? "#e6eefc" : "#333" } };
    var base = { color: PALETTE, tooltip: { trigger: kind === "pie" ? "item" : "axis", valueFormatter: formatter(data.unit || "") }, legend: legend,
                 grid: { left: 8, right: 16, top: 34, bottom: 8, containLabel: true }, animation: false };
    if (kind === "pie") {
      return Object.assign(base, { legend: { show: false },
        // radius kept small enough, and labels wrapped, so no label is cut at the card's edge
        series: [{ type: "pie", radius: ["26%", "48%"], center: ["50%", "52%"], data: data.items, minShowLabelAngle: 6,
                   avoidLabelOverlap: true, labelLayout: { hideOverlap: false },
                   label: { color: dark ? "#e6eefc" : "#333", formatter: "{b}\n{d}%", overflow: "break", width: 90 } }] });
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
    (root || document).querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
    (root || document).querySelectorAll("[data-back]").forEach(function (el) {  // no javascript: URLs (CSP)
      el.addEventListener("click", function (e) { if (window.history.length > 1) { e.preventDefault(); window.history.back(); } });
    });
    (root || document).querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  }

  // 大屏: a box whose panels take turns every data-rotate seconds (charts are resized when shown).
  function rotate(box) {
    var panels = box.querySelectorAll(".panel"), seconds = parseInt(box.getAttribute("data-rotate"), 10) || 20, i = 0;
    if (!panels.length) { return; }
    function show(n) {
      panels.forEach(function (p, k) { p.classList.toggle("shown", k === n); });
      window.dispatchEvent(new Event("resize"));
    }
    show(0);
    if (panels.length > 1) { setInterval(function () { i = (i + 1) % panels.length; show(i); }, seconds * 1000); }
  }

  // Printing lays the page out narrower: charts redraw to the printed width (and back after).
  function resizeAll() { window.dispatchEvent(new Event("resize")); }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) { window.matchMedia("print").addEventListener("change", resizeAll); }

  // On a phone the filters of a list fold behind one 筛选 button (open when a filter is already set).
  function foldFilters(form) {
    if (!window.matchMedia || !window.matchMedia("(max-width: 480px)").matches) { return; }
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "btn ghost filters-toggle";
    toggle.textContent = "筛选";
    form.parentNode.insertBefore(toggle, form);
    var set = Array.prototype.some.call(form.querySelectorAll("input:not([type=hidden]), select"), function (el) { return el.value; });
    form.classList.toggle("folded", !set);
    toggle.addEventListener("click", function () { form.classList.toggle("folded"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.filters[id]").forEach(foldFilters);
    document.querySelectorAll("[data-rotate]").forEach(rotate);  // before the charts: they draw into shown panels
    init(document);
  });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
