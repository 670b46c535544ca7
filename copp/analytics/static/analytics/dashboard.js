// M27: the dashboard's charts; every chart has a table beside it with the same figures. A bar opens the
// records behind it (drill-down). The printable page draws SVG so the browser prints sharp charts.
document.addEventListener("DOMContentLoaded", function () {
  var printButton = document.getElementById("print-page");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  var source = document.getElementById("analytics-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var renderer = printButton ? "svg" : "canvas";
  var charts = [];
  function make(id, option) {
    var box = document.getElementById(id);
    if (!box) return null;
    var chart = window.echarts.init(box, null, { renderer: renderer });
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }
  function drill(metric, bar) {
    return function (params) {
      if (!params.data || params.data.key === undefined || params.data.key === null) return;
      var query = new URLSearchParams(window.location.search);
      query.set("bar", bar); query.set("key", params.data.key); query.delete("page");
      window.location.href = "records/" + metric + "/?" + query.toString();
    };
  }
  make("chart-funnel", {
    tooltip: { trigger: "item" },
    series: [{ type: "funnel", sort: "none", left: "5%", width: "90%", minSize: "8%",
               label: { show: true, position: "inside", formatter: "{b}: {c}" }, data: data.funnel }]
  });
  make("chart-series", {
    tooltip: { trigger: "axis" }, legend: { bottom: 0, type: "scroll" },
    grid: { left: 40, right: 10, top: 20, bottom: 50 },
    xAxis: { type: "category", data: data.series.labels }, yAxis: { type: "value" },
    series: data.series.names.map(function (name, i) { return { name: name, type: "line", data: data.series.data[i] }; })
  });
  ["by_org", "by_municipality"].forEach(function (key) {
    var rows = data[key].slice().reverse();
    var chart = make("chart-" + key, {
      tooltip: { trigger: "axis" }, grid: { left: 10, right: 20, top: 10, bottom: 20, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map(function (r) { return r.name; }),
               axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ type: "bar", data: rows.map(function (r) { return { value: r.value, key: r.key }; }) }]
    });
    if (chart && !printButton) chart.on("click", drill("completed", key === "by_org" ? "organization" : "municipality"));
  });
  var load = data.load;
  var max = load.cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 0);
  make("chart-load", {
    tooltip: { position: "top" }, grid: { left: 10, right: 10, top: 10, bottom: 60, containLabel: true },
    xAxis: { type: "category", data: load.months }, yAxis: { type: "category", data: load.sites,
             axisLabel: { width: 160, overflow: "truncate" } },
    visualMap: { min: 0, max: max || 1, calculable: true, orient: "horizontal", left: "center", bottom: 0 },
    series: [{ type: "heatmap", data: load.cells, label: { show: true } }]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
