/* 地区评价: the stacked bar and the radar of the components (data embedded with json_script). */
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("evaluation-chart").textContent);
  if (!window.echarts || !data.series.length) return;
  var bar = echarts.init(document.getElementById("bar-chart"));
  bar.setOption({tooltip: {trigger: "axis"}, legend: {type: "scroll", top: 0}, grid: {left: 70, right: 20, top: 40, bottom: 30},
    xAxis: {type: "value", max: 100}, yAxis: {type: "category", data: data.bars.districts, inverse: true},
    series: data.bars.parts.map(function (p) { return {name: p.name, type: "bar", stack: "total", data: p.data}; })});
  var radar = echarts.init(document.getElementById("radar-chart"));
  radar.setOption({tooltip: {}, legend: {type: "scroll", bottom: 0}, radar: {indicator: data.indicators, radius: "60%"},
    series: [{type: "radar", data: data.series}]});
  window.addEventListener("resize", function () { bar.resize(); radar.resize(); });
});
