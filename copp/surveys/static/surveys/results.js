// M26: a chart per question (bars; stacked bars for a matrix; the NPS split). Each chart has the same figures in
// the table under it.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("survey-charts");
  if (!source || !window.echarts) return;
  var charts = JSON.parse(source.textContent);
  var made = [];
  var npsColours = ["#dc3545", "#adb5bd", "#198754"];
  Object.keys(charts).forEach(function (id) {
    var box = document.getElementById(id);
    if (!box) return;
    var spec = charts[id];
    var chart = window.echarts.init(box);
    var stacked = spec.type === "stacked";
    var series = spec.series.map(function (s) {
      var item = { name: s.name, type: "bar", data: s.data };
      if (stacked) item.stack = "all";
      if (spec.type === "nps") {
        item.data = s.data.map(function (v, i) { return { value: v, itemStyle: { color: npsColours[i] } }; });
      }
      return item;
    });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: stacked ? { bottom: 0 } : undefined,
      grid: { left: 8, right: 16, top: 10, bottom: stacked ? 40 : 10, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: spec.labels, inverse: true, axisLabel: { width: 160, overflow: "truncate" } },
      series: series
    });
    made.push(chart);
  });
  window.addEventListener("resize", function () { made.forEach(function (c) { c.resize(); }); });
});
