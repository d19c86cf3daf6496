/* 集体经济: the villages per income band as a bar chart (the table beside it carries the same numbers). */
(function () {
  "use strict";
  var source = document.getElementById("economy-bands");
  var target = document.getElementById("economy-chart");
  if (!source || !target || typeof window.echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(target);
  chart.setOption({
    color: ["#c8161d"],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.labels },
    series: [{ type: "bar", data: data.values, barMaxWidth: 24, label: { show: true, position: "right" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
