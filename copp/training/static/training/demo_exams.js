// D6: the register's chart, the share of each grade by competency; the table below it holds the same figures.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("exam-chart-data");
  var box = document.getElementById("chart-grades");
  if (!source || !box || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  if (!data.names.length) return;
  box.style.height = (80 + 36 * data.names.length) + "px";  // a bar a row, whatever the number of competencies
  var chart = window.echarts.init(box, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + " %"; } },
    legend: { bottom: 0 },
    grid: { left: 10, right: 20, top: 10, bottom: 40, containLabel: true },
    xAxis: { type: "value", max: 100 },
    yAxis: { type: "category", data: data.names.slice().reverse(), axisLabel: { width: 140, overflow: "truncate" } },
    series: data.grades.map(function (grade, i) {
      return { name: "«" + grade + "»", type: "bar", stack: "grades",
               data: data.shares.map(function (row) { return row[i]; }).reverse() };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
