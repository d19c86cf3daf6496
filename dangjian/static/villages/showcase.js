/* 示范点地图: an offline map drawn from the county's own coordinates. Reads the points, belts and village dots from
   the page's JSON endpoint and draws them with ECharts on a plain longitude/latitude plane whose axes keep one degree
   the same length both ways (no online tiles). Lists what has no coordinate under the map. */
(function () {
  "use strict";
  var element = document.getElementById("showcase-map");
  if (!element || typeof window.echarts === "undefined") {
    return; // the table under the map carries the same points
  }
  var LEVEL_COLOURS = { county: "#3c8dbc", city: "#e8702a", province: "#c8161d" };
  var BELT_COLOURS = ["#8e5ea2", "#2a9d8f", "#d4a373", "#e76f51", "#4caf50"];
  var chart = window.echarts.init(element, null, { renderer: "canvas" });
  var data = null;

  function squareGrid() {
    // The plotting area as a square in pixels, centred, so that the square axes keep their aspect.
    var width = element.clientWidth;
    var height = element.clientHeight;
    var side = Math.max(Math.min(width - 80, height - 70), 100);
    return { left: Math.round((width - side) / 2), top: 20, width: side, height: side };
  }

  function text(value) {
    var holder = document.createElement("span");
    holder.textContent = value === undefined || value === null ? "" : String(value);
    return holder.innerHTML;
  }

  function pointTooltip(params) {
    var p = params.data.point;
    if (!p) {
      return text(params.data.name || params.seriesName);
    }
    return [
      "<strong>" + text(p.name) + "</strong>",
      "所在组织:" + text(p.village),
      "主题:" + text(p.theme),
      "级别:" + text(p.level_label) + "(" + text(p.status) + ")",
      p.belt ? "示范带:" + text(p.belt) : "",
      "观摩及现场会:" + text(p.visits) + " 次"
    ].filter(Boolean).join("<br>");
  }

  function option() {
    var series = [];
    series.push({
      name: "村(社区)",
      type: "scatter",
      symbolSize: 5,
      itemStyle: { color: "#bbbbbb" },
      silent: false,
      z: 1,
      data: data.villages.map(function (v) { return { name: v.name, value: [v.lon, v.lat] }; })
    });
    data.belts.forEach(function (belt, index) {
      series.push({
        name: belt.name,
        type: "line",
        z: 2,
        symbol: "none",
        lineStyle: { width: 3, color: BELT_COLOURS[index % BELT_COLOURS.length] },
        data: belt.coords
      });
    });
    data.levels.forEach(function (level) {
      series.push({
        name: level.label + "示范点",
        type: "scatter",
        z: 3,
        symbolSize: level.value === "county" ? 11 : 15,
        itemStyle: { color: LEVEL_COLOURS[level.value] || "#7a7a7a", borderColor: "#ffffff", borderWidth: 1 },
        data: data.points.filter(function (p) { return p.level === level.value; }).map(function (p) {
          return { name: p.name, value: [p.lon, p.lat], point: p };
        })
      });
    });
    var bounds = data.bounds || { min_lon: 73, max_lon: 136, min_lat: 3, max_lat: 54 };
    var axis = function (min, max, name) {
      return {
        type: "value",
        min: min,
        max: max,
        name: name,
        scale: true,
        splitLine: { lineStyle: { color: "#eeeeee" } },
        axisLabel: { formatter: function (value) { return value.toFixed(2); } }
      };
    };
    return {
      animation: false,
      grid: squareGrid(),
      tooltip: { trigger: "item", formatter: pointTooltip },
      legend: { type: "scroll", orient: "vertical", right: 0, top: 20 },
      xAxis: axis(bounds.min_lon, bounds.max_lon, "东经"),
      yAxis: axis(bounds.min_lat, bounds.max_lat, "北纬"),
      series: series
    };
  }

  function listUnplaced() {
    var box = document.getElementById("showcase-unplaced");
    if (!box) {
      return;
    }
    var points = document.getElementById("showcase-unplaced-points");
    var villages = document.getElementById("showcase-unplaced-villages");
    points.textContent = data.unplaced_points.length
      ? "示范点(" + data.unplaced_points.length + "):" + data.unplaced_points.map(function (p) {
        return p.name + "(" + p.village + ")";
      }).join("、")
      : "";
    var shown = data.unplaced_villages.map(function (v) { return v.name; });
    villages.textContent = data.unplaced_village_count
      ? "村(" + data.unplaced_village_count + "):" + shown.join("、") +
        (data.unplaced_village_count > shown.length ? " 等" : "")
      : "";
    box.classList.toggle("d-none", !data.unplaced_points.length && !data.unplaced_village_count);
  }

  chart.on("click", function (params) {
    if (params.data && params.data.point && params.data.point.url) {
      window.location.href = params.data.point.url;
    }
  });

  fetch(element.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (payload) {
      data = payload;
      chart.setOption(option());
      element.setAttribute("data-points", String(data.points.length));
      listUnplaced();
    })
    .catch(function () {
      element.textContent = "地图数据加载失败,请查看下方列表。";
    });

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) {
      window.clearTimeout(pending);
    }
    pending = window.setTimeout(function () {
      chart.resize();
      if (data) {
        chart.setOption({ grid: squareGrid() });
      }
    }, 150);
  });
})();
