/* 工作台 charts: reads the figures the page embedded with json_script and draws them with ECharts. */
(function () {
  "use strict";
  var source = document.getElementById("workbench-data");
  if (!source || typeof window.echarts === "undefined") {
    return; // the tables under each chart carry the same numbers
  }
  var charts = JSON.parse(source.textContent);
  var palette = ["#c8161d", "#e8702a", "#f3b33d", "#3c8dbc", "#4caf50", "#8e5ea2", "#7a7a7a", "#d4a373", "#2a9d8f", "#e76f51"];
  var instances = [];

  function option(chart) {
    if (chart.type === "pie") {
      return {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
        legend: { type: "scroll", bottom: 0 },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          center: ["50%", "45%"],
          label: { formatter: "{b}\n{d}%" },
          data: chart.labels.map(function (label, i) { return { name: label, value: chart.values[i] }; })
        }]
      };
    }
    var longest = chart.labels.reduce(function (most, label) { return Math.max(most, label.length); }, 0);
    var horizontal = chart.labels.length > 6 || longest > 4;
    var category = { type: "category", data: chart.labels, axisLabel: { interval: 0 } };
    var value = { type: "value", minInterval: 1 };
    return {
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
      series: [{ type: "bar", data: chart.values, barMaxWidth: 28, label: { show: true, position: horizontal ? "right" : "top" } }]
    };
  }

  charts.forEach(function (chart) {
    var element = document.getElementById(chart.id);
    if (!element) {
      return;
    }
    var instance = window.echarts.init(element, null, { renderer: "canvas" });
    instance.setOption(option(chart));
    instances.push(instance);
  });

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(function () {
      instances.forEach(function (instance) { instance.resize(); });
    }, 150);
  });
})();
