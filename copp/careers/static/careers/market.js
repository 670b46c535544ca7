// D7: open, new and closed vacancies by month (bars) and the median salary (line); the table below holds the
// same figures.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("market-chart");
  if (!box || !window.echarts) return;
  var data = JSON.parse(document.getElementById("market-data").textContent);
  var chart = window.echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 50, right: 60, top: 20, bottom: 60 },
    xAxis: { type: "category", data: data.labels },
    yAxis: [{ type: "value" }, { type: "value", name: "₽", position: "right" }],
    series: [
      { name: data.names.open, type: "bar", data: data.open },
      { name: data.names.new, type: "bar", data: data.new },
      { name: data.names.closed, type: "bar", data: data.closed },
      { name: data.names.median, type: "line", yAxisIndex: 1, data: data.median, connectNulls: true }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
