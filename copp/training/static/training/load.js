// D5: stacked bars of lesson hours per site; the table under the chart holds the same figures.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("load-chart");
  if (!box || !window.echarts) return;
  var data = JSON.parse(document.getElementById("load-data").textContent);
  var chart = window.echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 40, right: 10, top: 20, bottom: 60 },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", name: "ч" },
    series: data.series.map(function (s) { return { name: s.name, type: "bar", stack: "load", data: s.data }; })
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
